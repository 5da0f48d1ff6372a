"""Name matching shared by the extractor, the registry and cross-site canonicalisation.

Two names are one entity when their folded words are equal, when one stands at the start or
the end of the other ("Putin" in "Vladimir Putin"), or when one is the acronym of the other
("EU", "European Union"). This is the rule of the evaluation scorer, so the extractor never
lists two names that it would count as one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "ʻ": "",
        "ʼ": "",
    }
)


@functools.lru_cache(maxsize=1 << 16)
def words_key(name: str) -> tuple[str, ...]:
    """Fold a name into lowercase words without accents or a leading "the" (for matching)."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    if not text.isascii():  # ASCII has no combining marks: most names skip this pass
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    toks = _WORD.findall(text.replace("'s ", " ").replace("’s ", " "))
    if toks and toks[0] == "the":
        toks = toks[1:]
    return tuple(toks)


@functools.lru_cache(maxsize=1 << 16)
def acronym_of(name: str) -> str:
    """First letters of the capitalised words: "European Union" → "eu"."""
    caps = [w for w in re.findall(r"[A-Za-z][\w\-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in caps).casefold()


def is_acronym(name: str) -> bool:
    raw = name.replace(".", "").strip()
    return raw.isupper() and len(raw) >= 2


def _has_list(name: str) -> bool:
    """A list of words inside a name: "Epidemiology, Disease Control and Research"."""
    _, comma, rest = name.partition(", ")
    return bool(comma) and (" and " in rest or " & " in rest)


@functools.lru_cache(maxsize=1 << 16)
def same_entity(a: str, b: str) -> bool:
    """Two names of one entity: equal, one at the start or end of the other, or an acronym."""
    wa, wb = words_key(a), words_key(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    n, m = len(wa), len(wb)
    # A name with a list inside ("United Nations Educational, Scientific and Cultural
    # Organization"): its first or last words name something else ("Washington, D.C." is
    # no list).
    listed = _has_list(a) != _has_list(b)
    if not listed and (
        (n < m and (wb[:n] == wa or wb[-n:] == wa)) or (m < n and (wa[:m] == wb or wa[-m:] == wb))
    ):
        return True
    if is_acronym(a) and a.replace(".", "").strip().casefold() == acronym_of(b):
        return True
    return bool(is_acronym(b) and b.replace(".", "").strip().casefold() == acronym_of(a))
