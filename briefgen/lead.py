"""Title and summary from an article's lead paragraph, cut where a reader would cut."""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 110
MAX_SUMMARY_CHARS = 300

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gen sen rep gov lt col maj capt sgt prof jr sr inc ltd co corp no vs
    etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m approx dept
    est fig mt ft""".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Where a long sentence may be cut for a title: before a subordinate or coordinate clause.
_CLAUSE_BREAKS = re.compile(
    r"(?:[,;:](?=\s)|\s[–—-]\s)\s*|\s(?=(?:as|after|while|amid|but|which|who|when|because|"
    r"following|despite|before|since|although|though|whereas|with|saying|according|"
    r"in (?:an? )?(?:effort|bid|move|response|what))\s)"
)
# Second choice: before a prepositional or infinitive phrase, which leaves a whole phrase.
_PHRASE_BREAKS = re.compile(
    r"\s(?=(?:of|in|on|at|for|from|to|into|over|across|by|through|against|under|amid)\s)"
)
# Newswire filler that a headline leaves out: "(WHO)", "on Wednesday evening".
_ACRONYM_GLOSS = re.compile(r"\s\([A-Z][A-Za-z0-9&.\-]{1,11}\)(?=[\s,.;:]|$)")
_WEEKDAY_PHRASE = re.compile(
    r"\s(?:(?:late|early) )?(?:before dawn )?(?:on |this |last )?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?: (?:morning|afternoon|evening|night))?(?!['’\w])"
)
# "Name, the most prominent critic of X, died …" → "Name died …".
_LEADING_APPOSITIVE = re.compile(r"^((?:[A-Z][\w'’.-]*\s?){1,4}), (?:the|a|an) [^,]{3,80}, ")
_TRAILING_WEAK = frozenset(
    "a an the of and or to in on at for by with from as its his her their our that this".split()
)


def sentences(text: str) -> list[str]:
    """Split text into sentences, not breaking after abbreviations or initials."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start() + 1].split()
        last = before[-1].rstrip(".!?").lower() if before else ""
        if text[match.start()] == "." and (
            last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())
        ):
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _trim(fragment: str) -> str:
    """Drop trailing punctuation and dangling function words from a cut fragment."""
    words = fragment.strip().rstrip(" ,;:–—-").split()
    while len(words) > 3 and words[-1].lower() in _TRAILING_WEAK:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")


def headline_form(sentence: str) -> str:
    """Drop what a headline leaves out: acronym glosses, weekday phrases, a leading appositive."""
    text = _ACRONYM_GLOSS.sub("", sentence)
    text = _WEEKDAY_PHRASE.sub("", text)
    text = _LEADING_APPOSITIVE.sub(r"\1 ", text)
    return re.sub(r"\s+([,;:.])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def derive_title(lead: str, limit: int = MAX_TITLE_CHARS) -> str:
    """The lead's first sentence, cut at the last clause boundary that fits, never mid-word.

    Only when no clause boundary fits is it cut at a word, and then it ends in "…".
    """
    first = sentences(lead)[0] if lead.strip() else ""
    first = first.strip()
    if first.endswith(".") and not first.endswith(".."):
        first = first[:-1]
    if len(first) <= limit:
        return first
    first = headline_form(first)
    if len(first) <= limit:
        return first
    cuts = [m.start() for m in _CLAUSE_BREAKS.finditer(first) if 30 <= m.start() <= limit]
    if cuts:
        return _trim(first[: cuts[-1]])
    cuts = [m.start() for m in _PHRASE_BREAKS.finditer(first) if 40 <= m.start() <= limit]
    if cuts:
        return _trim(first[: cuts[-1]])
    room = first[:limit]
    cut = room.rsplit(" ", 1)[0] if " " in room else room[: limit - 1]
    return _trim(cut) + "…"


def derive_summary(lead: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    """The lead, at most LIMIT characters, ending on a sentence or else a word boundary."""
    lead = lead.strip()
    if len(lead) <= limit:
        return lead
    kept = ""
    for sentence in sentences(lead):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = lead[:limit].rsplit(" ", 1)[0]
    return _trim(cut) + "…"
