"""Facts about one piece of a candidate and its sentence, shared by cleaning and typing.

Word tests ("is this a title?", "a cue word?") and context tests ("in X", "X, Texas",
"the island of X") live here so that the cleaning step (`clean.py`) and the typing rules
(`rules.py`) ask the same questions the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import (
    Span,
    Token,
    join_words,
)
from briefgen.extract.lexicon import (
    AT_PLACE,
    DATE_FILLERS,
    EPONYM_NOUNS,
    FUNCTION_WORDS,
    HONORIFICS,
    LAW_HEADS,
    LOC_HEAD_WORDS,
    LOC_LEAD_WORDS,
    MEASURE_NOUNS,
    MESSAGE_NOUNS,
    MONTHS,
    NAME_DASHES,
    OCCUPATIONS,
    OF_PLACE,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    OUTLET_HEADS,
    OUTLET_NAMES,
    OUTLET_NOUNS,
    OUTLETS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    PLACE_AFTER,
    PLACE_BEFORE,
    PLACE_PLURALS,
    PUBLISHED,
    PUBLISHED_OBJECTS,
    REPORTED_BY,
    REPORTING_VERBS,
    ROLE_WORDS,
    SLOGAN_WORDS,
    SOURCE_FILLERS,
    STRONG_LOCATIVE,
    TELLING_VERBS,
    THING_AFTER,
    TITLE_NOUNS,
    TRANSIT,
    WEEKDAYS,
)
from briefgen.extract.names import acronym_of, is_acronym

ACTOR = "actor"


LOCATION = "location"


def found_acr(text: str) -> bool:
    """A two-letter capital word that is a known place ("US", "UK")."""
    return text in PLACE_ACRONYMS or bool(gz.lookup(text))


@dataclass(slots=True)
class Piece:
    """A cleaned candidate name, with the evidence gathered while cleaning it."""

    words: list[Token]
    span: Span
    person_title: bool = False
    """A title such as "President" or "Mr" stood right before it."""
    role_title: bool = False
    """Some role word stood before it ("Chief", "former")."""
    demonym: str = ""
    """A demonym stood before it ("Iranian")."""
    joined: str = ""
    """The text, once asked for (see `text`); the words never change after cleaning."""
    before_low: str | None = None
    """The token before, lowercased, once asked for (see `before`)."""
    after_text: str | None = None
    """The token after, once asked for (see `after`)."""

    @property
    def text(self) -> str:
        if not self.joined:
            self.joined = join_words(self.words)
        return self.joined

    def _token(self, index: int) -> str:
        tokens = self.span.tokens
        return tokens[index].text if 0 <= index < len(tokens) else ""

    @property
    def before(self) -> str:
        """The token before the piece, lowercased ("" at a sentence start)."""
        if self.before_low is None:
            self.before_low = self._token(self.words[0].index - 1).lower()
        return self.before_low

    @property
    def after(self) -> str:
        """The token after the piece, as written."""
        if self.after_text is None:
            self.after_text = self._token(self.words[-1].index + 1)
        return self.after_text

    @property
    def after2(self) -> str:
        """The token after that."""
        return self._token(self.words[-1].index + 2)


@dataclass(slots=True)
class DocEvidence:
    """Document-wide facts that typing consults."""

    cap_mid: set[str]
    """Lowercased words seen capitalised away from a sentence start."""
    lower: set[str]
    """Words seen in lowercase."""
    terms: frozenset[str]
    """Acronyms the text spells out with ordinary words ("Ebola virus disease (EVD)",
    "personal protective equipment (PPE)"): terms, not names."""


# Small words an acronym skips: "Ministry of Health (MOH)", "research and development (R&D)".
_ACRONYM_SKIPS = frozenset("of and the for in on to & -".split())


_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,5}s$")


def find_terms(sentences: Iterable[list[Token]]) -> frozenset[str]:
    """Acronyms that name kinds of things: defined in brackets from a phrase with a lowercase
    word ("Ebola virus disease (EVD)", but "World Health Organization (WHO)" names an
    organisation), or counted in the plural ("APIs", "two PIs")."""
    terms: set[str] = set()
    for tokens in sentences:
        last = len(tokens) - 2
        for k, tok in enumerate(tokens):  # one pass: a bracket is never capitalised
            if tok.cap:
                if _PLURAL_ACRONYM.match(tok.text):
                    # "two PIs", "APIs", "NGOs": no organisation is counted; nor is "the PI".
                    terms.update((tok.text, tok.text[:-1]))
            elif (
                tok.text == "("
                and 0 < k < last
                and tokens[k + 2].text == ")"
                and _spelled_out(tokens, k)
            ):
                terms.add(tokens[k + 1].text)
    return frozenset(terms)


def _spelled_out(tokens: list[Token], k: int) -> bool:
    """The words before tokens[k] ("(") spell the acronym after it, one of them lowercase."""
    letters = tokens[k + 1].text.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    words: list[Token] = []
    j = k - 1
    while j >= 0 and len(words) < len(letters):
        tok = tokens[j]
        if not tok.is_word:
            if tok.text != "-":
                break
        elif tok.low not in _ACRONYM_SKIPS:
            words.append(tok)
        j -= 1
    words.reverse()
    if len(words) != len(letters):
        return False
    initials = "".join(w.text[0] for w in words).upper()
    # An ordinary word, not a function word inside a title ("Notes from Poland (NFP)").
    ordinary = any(w.text[0].islower() and w.low not in FUNCTION_WORDS for w in words)
    return ordinary and initials == letters.upper()


def _is_name_word(tok: Token) -> bool:
    return tok.is_word and tok.cap


def is_role(low: str) -> bool:
    """A title or role word, singular or plural, that is not also an organisation cue."""
    low = low.rstrip(".")
    if is_cue(low) or low in HONORIFICS:
        return False
    if low in ROLE_WORDS or low in TITLE_NOUNS:
        return True
    return low.endswith("s") and (low[:-1] in TITLE_NOUNS or low[:-1] in PERSON_TITLES)


def is_trailing_title(low: str) -> bool:
    """A person's title that may trail a place or party: "US Ambassador", "US Federal"."""
    low = low.rstrip(".")
    if is_cue(low) or low in HONORIFICS:
        return False
    if low in TITLE_NOUNS or low in PERSON_TITLES or low == "federal":
        return True
    return low.endswith("s") and (low[:-1] in TITLE_NOUNS or low[:-1] in PERSON_TITLES)


def is_common(low: str, common: frozenset[str]) -> bool:
    """A common English word, or the plural of one ("diplomats", "analyses")."""
    if low in common:
        return True
    if low.endswith("ies") and low[:-3] + "y" in common:
        return True
    if low.endswith("es") and low[:-2] in common:
        return True
    return low.endswith("s") and low[:-1] in common


# Months and weekdays as one set ("may" is more often the verb): one lookup per token.
DATE_WORDS = (MONTHS - {"may"}) | WEEKDAYS


def is_date_word(tok: Token) -> bool:
    return tok.low in DATE_WORDS


def is_cue(low: str) -> bool:
    return (
        low in ORG_LEAD_WORDS
        or low in ORG_HEAD_WORDS
        or low in LOC_LEAD_WORDS
        or (low in LOC_HEAD_WORDS and low not in ("state", "city"))
    )


def is_title_words(words: list[Token]) -> bool:
    """Only titles and roles: "Prime Minister", "Secretary", "Supreme Leader"."""
    lows = [w.low.rstrip(".") for w in words if w.is_word and w.cap]
    return (
        bool(lows)
        and all(w in ROLE_WORDS or w in TITLE_NOUNS or w == "supreme" for w in lows)
        and any(w in TITLE_NOUNS or w in PERSON_TITLES for w in lows)
    )


def law_or_slogan(piece: Piece) -> bool:
    lows = [w.low for w in piece.words if w.cap]
    return lows[-1] in LAW_HEADS or any(w in SLOGAN_WORDS for w in lows)


def acronym_beside(piece: Piece) -> str:
    """The acronym a name spells, written beside it: "X (ABC)", "ABC stands for X"."""
    tokens = piece.span.tokens
    i, j = piece.words[0].index, piece.words[-1].index
    candidates = []
    if j + 2 < len(tokens) and tokens[j + 1].text == "(":
        candidates.append(tokens[j + 2])
    if i >= 3 and tokens[i - 1].low == "for" and tokens[i - 2].low in ("stands", "stand"):
        candidates.append(tokens[i - 3])
    for tok in candidates:
        if tok.upper and tok.low.replace(".", "") == acronym_of(piece.text):
            return tok.text
    return ""


def titled_place(words: list[Token], span: Span) -> bool:
    """A place whose name opens with a title: a province or a big place ("Sultan Kudarat",
    "Prince Edward Island") anywhere, a town in a place context ("in Prince George")."""
    if len(words) < 2 or not words[0].cap:
        return False
    if words[0].low.rstrip(".") not in TITLE_NOUNS and words[0].low not in PERSON_TITLES:
        return False
    found = gz.lookup(join_words(words))
    if not found:
        return False
    # A region is named after its title-holder for good: no person is "Sultan Kudarat".
    if any(e.kind == "region" or e.strong for e in found):
        return True
    whole = Piece(words, span)
    return is_located(whole) or comma_region(whole)


def quoted(piece: Piece) -> bool:
    return piece.before in ("“", '"', "‘", "'") and piece.after in ("”", '"', "’", "'")


class Typing(NamedTuple):
    """What one piece is, how sure, and why."""

    kind: str | None
    strength: float
    person: float
    reason: str
    """"gazetteer", "weak-gazetteer", "cue", "title", "context", "acronym", "default",
    "common" (a common word capitalised) or "" when kind is None."""
    rule: str = ""
    """The name of the rule that decided (see `rules.RULES`), for `briefgen extract --explain`."""


NO_TYPE = Typing(None, 0.0, 0.0, "")


def is_located(piece: Piece) -> bool:
    """ "in X", "near X", "the island of X", "east of X", "the plant at X", "Idlib province"."""
    if piece.words[-1].possessive:
        return False  # not "in Garcia's band"
    before = piece.before
    after = piece.after
    if before == "in" and _published_before(piece):
        return False  # "published (on Monday) in Science Advances"
    if before in STRONG_LOCATIVE or after in PLACE_AFTER or before in PLACE_BEFORE:
        return True
    if after in TRANSIT and piece.after2 == "station":
        return True  # "the Harlow Junction railway station"
    if before == "at":
        return _before2(piece) in AT_PLACE
    if before in ("as", "including", "like"):
        return _examples_of_places(piece)
    return before == "of" and _before2(piece) in OF_PLACE


def eponym(piece: Piece) -> bool:
    """Names joined by a dash before a noun ("Saffir–Simpson scale"), or before "scale"."""
    tokens = piece.span.tokens
    j = piece.words[-1].index + 1
    joined = False
    while j + 1 < len(tokens) and tokens[j].text in NAME_DASHES and tokens[j + 1].cap:
        j += 2
        joined = True
    i = piece.words[0].index
    if i > 1 and tokens[i - 1].text in NAME_DASHES and tokens[i - 2].cap:
        joined = True
    if j >= len(tokens) or tokens[j].cap or not tokens[j].is_word:
        return False
    nxt = tokens[j].low
    return nxt in MEASURE_NOUNS or (joined and (nxt in EPONYM_NOUNS or nxt == "virus"))


def thing_after(piece: Piece) -> bool:
    """A vehicle, instrument or festival noun follows ("Webb (space) telescope")."""
    after = piece.after
    if after == "space" or after == "film":
        after = piece.after2
    return after in THING_AFTER


def _examples_of_places(piece: Piece) -> bool:
    """ "towns such as X", "islands, including X", "resorts like X"."""
    tokens = piece.span.tokens
    k = piece.words[0].index - 2
    if piece.before == "as":
        if k < 0 or tokens[k].low != "such":
            return False
        k -= 1
    if k >= 0 and tokens[k].text in (",", "—", "–"):
        k -= 1  # "towns, including X", "two towns —including X"
    return k >= 0 and tokens[k].low in PLACE_PLURALS


def _published_before(piece: Piece) -> bool:
    """ "published in X", "published on Monday in X", "published a study in X"."""
    tokens = piece.span.tokens
    k = piece.words[0].index - 2
    while k >= 0 and piece.words[0].index - k <= 6:
        low = tokens[k].low
        if low in PUBLISHED:
            return True
        if not (
            low in DATE_FILLERS
            or low in PUBLISHED_OBJECTS
            or low in WEEKDAYS
            or low in MONTHS
            or low.isdigit()
        ):
            return False
        k -= 1
    return False


def _before2(piece: Piece) -> str:
    return piece._token(piece.words[0].index - 2).lower()


def lookup_name(text: str) -> list[gz.GazEntry]:
    """Gazetteer readings of a name; a short acronym ("UN") is not a town called "Un"."""
    found = gz.lookup(text)
    if found and is_acronym(text) and len(text.replace(".", "")) <= 4:
        # But a capital city in capitals is itself ("ROME", "LIMA", "OSLO" in wire copy).
        four = len(text) == 4 and text.isalpha()
        return [
            e
            for e in found
            if e.name.replace(".", "") == text.replace(".", "")
            or (four and (e.strong or e.population >= 100_000 or e.kind == "region"))
        ]
    return found


def comma_region(piece: Piece) -> bool:
    """ "El Paso, Texas": the piece is followed by a comma and a known region or country."""
    if not (piece.after == "," and piece.after2[:1].isupper()):
        return False
    tokens = piece.span.tokens
    qualifier = piece.words[-1].index + 2
    if is_acronym(piece.text) or piece.before in ("by", "with"):
        return False
    # The whole capitalised run after the comma: "New York", not "U.S. Temperance Party".
    end = qualifier
    while end < len(tokens) and end - qualifier < 4 and tokens[end].is_word and tokens[end].cap:
        end += 1
        if tokens[end - 1].possessive:
            break
    if tokens[end - 1].possessive:
        return False  # "Maria Lvova-Belova, Russia's children's commissioner"
    if piece.before == "to" and end < len(tokens) and tokens[end].is_word:
        return False  # "spoke to Ann Lee, Texas governor", but "to Waco, Texas, on …"
    if _role_after(tokens[end : end + 3]):
        return False
    nxt = gz.lookup(join_words(tokens[qualifier:end]))
    return bool(nxt) and nxt[0].kind in ("region", "country") and nxt[0].strong


_ROLES = ROLE_WORDS | OCCUPATIONS


def _role_after(tokens: list[Token]) -> bool:
    """ "Adrian Wojnarowski, US sport columnist", "Christopher Columbus, US presidents George
    Washington …": the region qualifies a role that follows in lowercase, so the comma opens
    a description or a new item, not an address."""
    for token in tokens:
        if not token.is_word or token.cap:
            return False
        low = token.low
        single = low[:-1] if low.endswith("s") else low
        if low in _ROLES or single in _ROLES:
            return True
    return False


def is_place(name: str) -> bool:
    found = gz.lookup(name)
    return bool(found) and found[0].strong


def country_code(name: str) -> str:
    """The country a name means when it names a whole country ("Britain" → "GB"), else ""."""
    found = gz.lookup(name)
    if found and found[0].kind == "country" and found[0].country_code:
        return found[0].country_code
    return ""


@functools.lru_cache(maxsize=4096)
def is_outlet(name: str) -> bool:
    """A news outlet or a platform by its name: "Reuters", "Twitter", "Kyiv Post"."""
    low = name.lower()
    if low in OUTLETS or low in OUTLET_NAMES:
        return True
    words = low.split()
    if len(words) > 1:
        return words[-1] in OUTLET_HEADS or " ".join(words[:2]) in OUTLET_NAMES
    return len(low) > 8 and low.endswith("online")  # "WalesOnline"


def _word_before(tokens: list[Token], index: int) -> tuple[str, int]:
    """The word before `index`, skipping "the" and "a"; and its index (-1 when none)."""
    k = index - 1
    while k >= 0 and tokens[k].low in ("the", "a", "an"):
        k -= 1
    return (tokens[k].low, k) if k >= 0 else ("", -1)


def _verb_after(tokens: list[Token], index: int) -> str:
    """The word after `index`, skipping commas and a few adverbs ("CNN, however, reported")."""
    k = index + 1
    while k < len(tokens) and k - index <= 4 and tokens[k].low in SOURCE_FILLERS:
        k += 1
    return tokens[k].low if k < len(tokens) else ""


def source_context(piece: Piece) -> bool:
    """The mention cites a source: "told NPR", "on Twitter", "Reuters reported",
    "according to CNN", "in a Facebook post", "reported by AP", "(Reuters)"."""
    tokens = piece.span.tokens
    first, last = piece.words[0].index, piece.words[-1].index
    after = piece.after.lower()
    if _verb_after(tokens, last) in REPORTING_VERBS or after in MESSAGE_NOUNS:
        return True
    if piece.words[-1].possessive and after in MESSAGE_NOUNS | OCCUPATIONS | _REPORTERS:
        return True  # "the BBC's correspondent", "CNN's report"
    before, k = _word_before(tokens, first)
    before2 = _word_before(tokens, k)[0] if k >= 0 else ""
    return (
        before in ("told", "on", "via")
        or (before == "to" and (before2 in TELLING_VERBS or before2 == "according"))
        or (before == "by" and before2 in REPORTED_BY)
        or (before == "with" and before2 in ("interview", "interviews"))
        or (before == "in" and before2 in REPORTED_BY | {"wrote", "writing", "appeared"})
        or (before == "(" and after == ")")
        or before in OUTLET_NOUNS  # "the news agency AFP", "broadcaster NHK"
    )


# Nouns after an outlet's possessive: "the BBC's correspondent".
_REPORTERS = frozenset("correspondent reporter reporters editor anchor host coverage".split())
