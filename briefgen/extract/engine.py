"""Turn one article into canonical actors and locations.

The steps, in order:

1. candidates: runs of capitalised words (see `candidates.py`);
2. cleaning: leading "the", sentence-initial common words, titles and roles ("President",
   "Foreign Minister"), demonyms and possessives are stripped; spans are split at titles in
   the middle ("US President Trump") and at connectors that do not belong to a name
   ("Biden and Sanders", but not "Bank of England");
3. typing: each piece is a location (gazetteer, place cue words, "in X", "X, Texas",
   "the island of X", a list with known places), an actor (organisation cue words,
   acronyms, person names, titles) or nothing (demonyms, events, laws, works, languages,
   months);
4. one vote per distinct name across the document: a small town's name needs the
   article's country or a locative context, a town that shares a person's surname in the
   article is that person; then surnames and acronyms are merged into the fullest name
   ("Putin" → "Vladimir Putin", "EU" → "European Union") and each country is listed once;
5. ranking by prominence: mentions, title, lead, first position.

Headline Case titles and subheadings are read after the body, so their capitals count only
for words the body capitalises too.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import NamedTuple

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import (
    PLACE_SUFFIXES,
    Span,
    Token,
    find_spans,
    is_headline,
    join_words,
    tokenize,
)
from briefgen.extract.lexicon import (
    DEMONYMS,
    FOREIGN_PLACE_LEAD_WORDS,
    FUNCTION_WORDS,
    LOC_HEAD_WORDS,
    LOC_LEAD_WORDS,
    MISC_HEAD_WORDS,
    MONTHS,
    NAME_PARTICLES,
    NEVER_NAME_START,
    NOT_NAMES,
    NUMBER_WORDS,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    ROLE_WORDS,
    WEEKDAYS,
    common_words,
    demonym_forms,
)
from briefgen.extract.names import acronym_of, is_acronym, same_entity, words_key
from briefgen.extract.registry import EntityRegistry

ACTOR = "actor"
LOCATION = "location"

# Titles that may sit in the middle of a span and split it: "US President Trump".
TITLE_NOUNS = frozenset(
    """
    president vice-president minister premier chancellor secretary secretary-general
    spokesman spokeswoman spokesperson governor mayor senator sen ambassador envoy king
    queen prince princess sultan emir pope judge justice chief coach ceo chairman chairwoman
    director commissioner leader mr mrs ms dr sheikh ayatollah cardinal archbishop bishop
    rev lieutenant colonel captain sergeant officer inspector detective constable sheriff
    prosecutor attorney councillor councilor representative congressman congresswoman
    lawmaker mp mep general admiral marshal commander professor prof founder legislator chair
    director-general attorney-general solicitor-general governor-general
    chairperson
    solicitor assemblyman assemblywoman commandant advisor adviser fellow
    """.split()
)
# Titles that prove a person follows ("President Putin"), unlike "Chief" or "General".
PERSON_PROOF = frozenset(
    """
    mr mrs ms miss dr sir dame president vice-president minister premier chancellor
    senator sen governor mayor king queen prince princess sultan emir sheikh pope
    ayatollah cardinal archbishop bishop rev reverend judge justice spokesman spokeswoman
    spokesperson secretary ambassador congressman congresswoman councillor councilor
    professor prof coach lieutenant colonel captain sergeant detective inspector constable
    sheriff prosecutor attorney leader ceo chairman chairwoman director commissioner
    mp mep general admiral marshal commander founder representative lawmaker
    """.split()
)
_DIRECTIONS = frozenset(
    "northern southern eastern western central north south east west northeast northwest "
    "southeast southwest upper lower greater inner outer".split()
)
_LOCATIVE = frozenset(
    "in at near outside inside across into from to towards toward via throughout around "
    "between within".split()
)
_STRONG_LOCATIVE = frozenset("in near outside inside throughout".split())
_SAYS = frozenset("said says say told added stated wrote explained noted asked argued".split())
_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]+day,\s*)?[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
# Organisation suffixes after which the shorter, more frequent name is the better canonical
# name ("Facebook" rather than "Facebook Ireland Limited").
_CORPORATE = frozenset(
    "limited ltd inc corp corporation company co plc llc group holdings studios ag sa gmbh".split()
)
_NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Honorifics that may end a name ("Notre Dame", "Our Lady"): never stripped from the end.
_HONORIFICS = frozenset("dame sir lord lady saint st mister miss father mother king queen".split())
# Endings of words that open sentences without being names: "Proroguing", "Reportedly".
_OPENER = re.compile(r"(?:ing|ly)$")
# Endings of abstract nouns and adjectives ("Prevention", "Development", "Security").
_NOUNISH = re.compile(
    r"(?:tion|sion|ment|ity|ness|ance|ence|ics|ure|ship|ism|ogy|ive|al|ous|ical|ary|ory|ic)$"
)
_CONTRACTION = re.compile(r"'(?:ll|ve|re|d|m)$|n't$")
# Articles of other languages: never a name alone ("Le" of "Le Monde" split off).
_ARTICLES = frozenset("le la les el los las il lo gli der die das den het de du des al".split())


def found_acr(text: str) -> bool:
    """A two-letter capital word that is a known place ("US", "UK")."""
    return text in PLACE_ACRONYMS or bool(gz.lookup(text))


# Nouns of kinship and company before a name: "his children Elizabeth and Susan".
_KIN_NOUNS = frozenset(
    "son sons daughter daughters child children wife husband brother brothers sister sisters "
    "mother father mom dad grandson granddaughter nephew niece cousin friend friends partner "
    "widow widower fiancée fiance colleague colleagues".split()
)
# Occupations written lowercase right before a person's name: "actress Ann Lee".
_OCCUPATIONS = frozenset(
    "actor actress singer rapper songwriter musician composer writer author novelist poet "
    "artist painter comedian journalist reporter photographer filmmaker activist "
    "economist scientist researcher astronaut athlete footballer cricketer boxer wrestler "
    "golfer cyclist swimmer sprinter driver pilot priest nun doctor nurse teacher student "
    "businessman businesswoman entrepreneur billionaire millionaire model designer chef "
    "historian philosopher".split()
)
_CAPTION_WORDS = frozenset("image photo picture video file source sources credit".split())
_MISC_LEAD_WORDS = frozenset(
    "hurricane typhoon cyclone storm tropical operation project exercise".split()
)
_EPONYM_NOUNS = frozenset("disease syndrome law palsy theorem principle paradox".split())
# Words that open the name of a storm or a military operation: the rest of the name is that
# event, so a later bare "Katrina" or "Desert Storm" is no actor either.
_EVENT_LEAD_WORDS = frozenset("hurricane typhoon cyclone storm tropical operation".split())
# Nouns after a name that make it a measure or a method ("Richter scale", "Saffir–Simpson
# scale"), not a person.
_MEASURE_NOUNS = frozenset("scale index".split())
_NAME_DASHES = frozenset("-–")
_ROMAN = re.compile(r"^[ivxlc]+$")
# Lowercase nouns after a name that make it a vehicle, an instrument or an event
# ("the Hubble telescope", "the Sea King helicopter", "the Sundance film festival").
_THING_AFTER = frozenset("telescope spacecraft helicopter festival".split())
# Adverbs that never sit inside the name of a person or an organisation: a capitalised one
# makes a slogan or a title ("Make Britain Proud Again", "Now and Forever").
_SLOGAN_WORDS = frozenset("again ever never forever anymore".split())
_PARTY_ADJECTIVES = frozenset(
    "democratic republican conservative liberal socialist communist progressive".split()
)
_TRAILING_ADJECTIVES = _PARTY_ADJECTIVES | {"presidential"}
_PARTY_WORDS = _PARTY_ADJECTIVES | frozenset(
    "democrat democrats republicans conservatives liberals socialists communists labour labor "
    "tory tories".split()
)
DEMONYMS_LOWER = frozenset(w.lower() for w in DEMONYMS)
# Words that belong to the title after them: "District Judge", "County Commissioner".
_TITLE_PREFIXES = frozenset(
    "prime supreme district circuit county city appeals high crown grand chief majority "
    "minority".split()
)
# Word endings of adverbs, participles and plurals that open sentences ("Additionally").
_NOT_NAME_ENDING = re.compile(r"(?:ly|ing|ed|s|ary|ion|ment|ness|ity|ive|ous|ful|ic|al)$")
# Organisation cue words that are names on their own when capitalised.
_INSTITUTIONS = frozenset(
    "congress parliament senate kremlin pentagon vatican guardian times telegraph observer "
    "herald tribune economist".split()
)


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

    @property
    def text(self) -> str:
        return join_words(self.words)

    def _token(self, index: int) -> str:
        tokens = self.span.tokens
        return tokens[index].text if 0 <= index < len(tokens) else ""

    @property
    def before(self) -> str:
        """The token before the piece, lowercased ("" at a sentence start)."""
        return self._token(self.words[0].index - 1).lower()

    @property
    def after(self) -> str:
        """The token after the piece, as written."""
        return self._token(self.words[-1].index + 1)

    @property
    def after2(self) -> str:
        """The token after that."""
        return self._token(self.words[-1].index + 2)


@dataclass(slots=True)
class Vote:
    """Everything seen about one distinct name in one document."""

    name: str
    first: int
    count: int = 0
    in_title: bool = False
    loc: float = 0.0
    actor: float = 0.0
    person: float = 0.0
    single_initial_only: bool = True
    possessive: bool = False
    sure_loc: bool = False
    """Some mention was a place by more than a small town's name (context, cue, big place)."""
    positions: list[int] = field(default_factory=list)


@dataclass(slots=True)
class DocEvidence:
    """Document-wide facts that typing consults."""

    cap_mid: set[str]
    """Lowercased words seen capitalised away from a sentence start."""
    lower: set[str]
    """Words seen in lowercase."""


def _is_name_word(tok: Token) -> bool:
    return tok.is_word and tok.cap


def _strip_edges(words: list[Token]) -> list[Token]:
    """Drop connectors, punctuation, months and weekdays at either end.

    Returns `words` itself when nothing goes, else one slice (hot: called for every piece).
    """
    start, end = 0, len(words)
    while start < end and (
        not words[start].is_word or not words[start].cap or _is_date_word(words[start])
    ):
        start += 1
    while end > start and (
        not words[end - 1].is_word
        or not words[end - 1].cap
        or _is_date_word(words[end - 1])
        or (words[end - 1].follows_period and words[end - 1].low in ("no", "nos"))
    ):
        end -= 1
    if start == 0 and end == len(words):
        return words
    return words[start:end]


def _is_role(low: str) -> bool:
    """A title or role word, singular or plural, that is not also an organisation cue."""
    low = low.rstrip(".")
    if _is_cue(low) or low in _HONORIFICS:
        return False
    if low in ROLE_WORDS or low in TITLE_NOUNS:
        return True
    return low.endswith("s") and (low[:-1] in TITLE_NOUNS or low[:-1] in PERSON_TITLES)


def _is_trailing_title(low: str) -> bool:
    """A person's title that may trail a place or party: "US Ambassador", "US Federal"."""
    low = low.rstrip(".")
    if _is_cue(low) or low in _HONORIFICS:
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


def _is_date_word(tok: Token) -> bool:
    low = tok.low
    return (low in MONTHS and low != "may") or low in WEEKDAYS


def _is_cue(low: str) -> bool:
    return (
        low in ORG_LEAD_WORDS
        or low in ORG_HEAD_WORDS
        or low in LOC_LEAD_WORDS
        or (low in LOC_HEAD_WORDS and low not in ("state", "city"))
    )


def _is_title_words(words: list[Token]) -> bool:
    """Only titles and roles: "Prime Minister", "Secretary", "Supreme Leader"."""
    lows = [w.low.rstrip(".") for w in words if w.is_word and w.cap]
    return (
        bool(lows)
        and all(w in ROLE_WORDS or w in TITLE_NOUNS or w == "supreme" for w in lows)
        and any(w in TITLE_NOUNS or w in PERSON_TITLES for w in lows)
    )


def _split_connectors(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split at "of", "and", "for"… unless they belong to a name ("Bank of England").

    Each part comes with a flag: True when a title stood before it ("Secretary of State …").
    """
    if all(w.is_word and w.cap for w in words):
        return [(words, False)]
    if len(words) > 2 and gz.lookup(join_words(words)):
        return [(words, False)]
    parts: list[tuple[list[Token], bool]] = []
    current: list[Token] = []
    after_title = False
    cue_seen = False
    org_of = False  # inside "Department of …", where "and" may continue the name
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        low = w.low
        if w.is_word and w.cap:
            if _is_cue(low):
                cue_seen = True
            current.append(w)
            i += 1
            continue
        # A connector run: "of", "of the", "and", "&", "for", "van der"…
        j = i
        while j < n and not (words[j].is_word and words[j].cap):
            j += 1
        connector = [t.low for t in words[i:j]]
        rest = words[j:]
        # The words up to the next connector.
        k = 0
        while k < len(rest) and rest[k].is_word and rest[k].cap:
            k += 1
        nxt = rest[:k]
        keep = False
        drop_left = False
        if all(c in NAME_PARTICLES or c == "the" for c in connector) or "&" in connector:
            keep = True
        elif connector[0] == "and":
            left_place = bool(current) and bool(gz.lookup(join_words(current)))
            right_place = bool(nxt) and bool(gz.lookup(join_words(nxt)))
            own_org = len(nxt) >= 3 and nxt[-1].low in ORG_HEAD_WORDS
            # "Department of Health and Human Services", not "University of Miami and
            # Chris Fallows": what follows "and" is made of ordinary words.
            plain = all(
                is_common(t.low, common_words()) or _is_cue(t.low) or _NOUNISH.search(t.low)
                for t in nxt
            )
            since_cue: list[Token] = []
            for word in reversed(current):
                if _is_cue(word.low):
                    break
                since_cue.insert(0, word)
            plain_left = bool(since_cue) and all(
                is_common(w.low, common_words()) or _NOUNISH.search(w.low) for w in since_cue
            )
            if "the" not in connector and not left_place and not right_place and not own_org:
                keep = (org_of and plain) or bool(
                    nxt
                    and nxt[-1].low in ORG_HEAD_WORDS
                    and (not cue_seen or plain_left)  # "United Nations' Food and Agriculture
                )  # Organization", "Pacific Gas and Electric Company"
            if not keep and current and rest and len(connector) == 1:
                keep = bool(gz.lookup(join_words([*current, *words[i:j], *nxt])))
        elif connector[0] in ("of", "for", "on"):
            t = len(current)
            while t > 0 and _is_title_words(current[t - 1 :]):
                t -= 1
            if current and t < len(current) and _is_title_words(current[t:]):
                # "President of the United States" → "United States";
                # "US Secretary of State Mike Pompeo" → "US" | "Mike Pompeo".
                if t > 0:
                    parts.append((current[:t], after_title))
                drop_left = True
            else:
                keep = cue_seen
                org_of = keep and connector[0] in ("of", "for")
        elif connector[0] in ("in", "at"):
            keep = (
                cue_seen
                and connector[0] == "at"
                and bool(current and current[0].low == "university")
            )
        if keep and nxt and all(_is_date_word(t) for t in nxt):
            keep = False  # "Cabinet on Monday"
        if keep:
            current.extend(words[i:j])
        else:
            if current and not drop_left:
                parts.append((current, after_title))
            current = []
            cue_seen = False
            org_of = False
            after_title = drop_left
        i = j
    if current:
        parts.append((current, after_title))
    return parts


def _split_titles(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split around titles inside a span: "US President Donald Trump" → US | Donald Trump."""
    n = len(words)
    for i in range(n):
        low = words[i].low.rstrip(".")
        if not (words[i].cap and low in TITLE_NOUNS):
            continue
        if words[-1].low in ORG_HEAD_WORDS or words[-1].low in LOC_HEAD_WORDS:
            break
        # Back up over role words that belong to the title ("Foreign", "Prime", "Deputy").
        start = i
        while (
            start > 0
            and words[start - 1].cap
            and (words[start - 1].low in ROLE_WORDS or words[start - 1].low in _TITLE_PREFIXES)
        ):
            start -= 1
        # Skip the title and any further role words or particles-before-capitals.
        j = i + 1
        while (
            j < n
            and words[j].cap
            and (words[j].low.rstrip(".") in ROLE_WORDS or words[j].low.rstrip(".") in TITLE_NOUNS)
        ):
            j += 1
        left, right = words[:start], words[j:]
        if len(left) == 1 and not left[0].upper and is_common(left[0].low, common_words()):
            left = []  # "Commerce Secretary Wilbur Ross": a portfolio, not a name
        if not right and not left:
            return []
        if not right:
            # A trailing title: "U.S. President", "Republican Senator".
            return [(left, False)]
        if right and not right[0].cap and right[0].low not in NAME_PARTICLES:
            # "President of …": the connector step handles it.
            break
        proof = any(w.low.rstrip(".") in PERSON_PROOF for w in words[start:j])
        out = [(left, False)] if left else []
        out.extend((part, proof or p) for part, p in _split_titles(right))
        return out
    return [(words, False)]


def _place_then_acronym(words: list[Token]) -> bool:
    """A place written right before a country's acronym: "Northern Mariana Islands US"."""
    return (
        len(words) > 1
        and words[-1].upper
        and not words[-2].upper
        and bool(country_code(words[-1].text))  # not "Washington D.C."
        and _is_place(join_words(words[:-1]))
    )


def _split_adjacent(words: list[Token]) -> list[list[Token]]:
    """Split a place or organisation from a person's name written right after it.

    "United States Joe Biden" (from "Vice President of the United States Joe Biden"),
    "Vermont Bernie Sanders", "United Nations Nikki Haley".
    """
    n = len(words)
    if n < 2 or gz.lookup(join_words(words)):
        return [words]
    if _place_then_acronym(words):
        return [words[:-1], words[-1:]]  # "South Carolina US"
    if n < 3:
        return [words]
    common = common_words()
    for p in range(n - 2, 0, -1):
        left, right = words[:p], words[p:]
        right_lows = [w.low for w in right]
        if (
            is_acronym(join_words(right))
            and _is_place(join_words(right))
            and _is_place(join_words(left))
        ):
            return [left, right]
        if len(right) > 3 or any(_is_cue(w) or w in common or w in NOT_NAMES for w in right_lows):
            continue
        if not all(w.cap and not w.upper for w in right):
            continue
        found = gz.lookup(join_words(left))
        org_like = left[-1].low in ORG_HEAD_WORDS or (
            len(left) > 2 and left[0].low in ORG_LEAD_WORDS and not left[-1].upper
        )
        if (found and found[0].strong) or org_like:
            return [left, right]  # "House of Representatives Darin LaHood"
    return [words]


def _spells_acronym(words: list[Token], span: Span) -> bool:
    """The words spell out the acronym beside them: "AEW (All Elite Wrestling)"."""
    if len(words) < 2 or words[0] is not span.words[0] or "(" not in (span.before, span.after):
        return False
    acronym = acronym_of(join_words(words))
    return (span.before == "(" and span.before2 == acronym) or (
        span.after == "(" and span.after2.lower() == acronym
    )


def _clean(span: Span, ev: DocEvidence, common: frozenset[str]) -> list[Piece]:
    words = list(span.words)
    # Sentence-initial (or headline) common words are capitalised by position only, unless
    # every word is needed to spell the acronym beside the name ("(World Wrestling …)").
    while words and words[0].is_word and not _spells_acronym(words, span):
        first = words[0]
        low = first.low
        if low in NEVER_NAME_START and not first.upper:
            words = words[1:]
            continue
        if first.initial and low in FUNCTION_WORDS and not first.upper:
            words = words[1:]
            continue
        if (
            first.initial
            and not first.upper
            and (is_common(low, common) or _OPENER.search(low))
            and low not in ev.cap_mid
            and len(words) > 1
            and not gz.lookup(join_words(words))
            and not (len(words) == 2 and _is_cue(words[1].low))  # "White House", "Supreme
        ):  # Court": a cue word needs the word before it
            words = words[1:]  # "Protesters", "Proroguing", "Reportedly" open the sentence
            continue
        break
    if len(words) > 1 and words[-1].low in WEEKDAYS and words[-2].cap:
        return []  # "Super Tuesday", "Black Friday": events
    if any(w.low in ("v", "vs") for w in words[1:-1]):
        return []  # "Roe v. Wade": a court case
    words = _strip_edges(words)
    if not words:
        return []
    pieces: list[Piece] = []
    parts = _split_connectors(words)
    for part, after_title in parts:
        part = _strip_edges(part)
        if len(parts) > 1 and len(part) == 1 and not part[0].upper:
            low = part[0].low
            if is_common(low, common) and not gz.lookup(part[0].text):
                continue  # "War on Drugs", "Free and Equal …": a word of a longer title
        if any(
            w.cap and not w.upper and w.low in NEVER_NAME_START and w.low not in ("the", "a")
            for w in part[1:]
        ):
            continue  # "Get On Up", "Rest In Peace", "A Tribute For a King": titles of works
        if after_title:
            # "Secretary of State Mike Pompeo": the rest of the title goes too.
            while len(part) > 1 and part[0].low in ROLE_WORDS:
                part = part[1:]
        subs = [(part, False)] if _titled_place(part, span) else _split_titles(part)
        for sub, title_before in subs:
            for piece_words in _split_adjacent(_strip_edges(sub)):
                piece_words = _strip_edges(piece_words)
                if piece_words:
                    pieces.extend(_strip_roles(piece_words, span, title_before))
    return pieces


def _strip_roles(words: list[Token], span: Span, title_before: bool) -> list[Piece]:
    """Strip leading titles, roles and demonyms; remember them as evidence."""
    original = len(words)
    while (
        len(words) > 1
        and words[0].low in NEVER_NAME_START
        and not words[0].upper
        and not _spells_acronym(words, span)
    ):
        words = words[1:]  # "for The Rolling Stones", "and His Band"
    person_title = title_before
    role_title = False
    demonym = ""
    demonyms = demonym_forms()
    # Leading titles: "President Vladimir Putin", "Foreign Minister Zarif", "Mr Smith".
    k = 0
    saw_title = False
    kept_surname = False
    while k < len(words) - 1:
        low = words[k].low.rstrip(".")
        if low in PERSON_TITLES or low in TITLE_NOUNS:
            saw_title = True
            k += 1
        elif low.endswith("s") and low[:-1] in TITLE_NOUNS and not _is_cue(low):
            saw_title = True  # "Senators Lee and Ortiz", "Representatives Ann Cole"
            k += 1
        elif low in ROLE_WORDS or low in _TITLE_PREFIXES or not words[k].cap:
            k += 1
        else:
            break
    if saw_title and 0 < k < len(words) and _titled_place(words, span):
        saw_title = False  # "in General Santos", "Sultan Kudarat province": a town's name
    if saw_title and 0 < k < len(words):
        rest = _strip_edges(words[k:])
        if rest:
            rest_low = rest[-1].low
            proof = any(w.low.rstrip(".") in PERSON_PROOF for w in words[:k])
            # "Senator Hall", "Mayor Park": a cue word alone after a person's title is a
            # surname, while "Mayor Park Avenue" or "Governor Street" stay whole.
            surname = proof and len(rest) == 1 and not rest[0].upper
            if surname or (rest_low not in ORG_HEAD_WORDS and rest_low not in LOC_HEAD_WORDS):
                person_title = person_title or proof
                kept_surname = surname
                role_title = True
                words = rest
    # A leading demonym or party word before a person's name: "Iranian Hassan Rouhani".
    if len(words) > 1 and (words[0].low in demonyms or words[0].low in _PARTY_WORDS):
        rest = words[1:]
        # "European Community", "American Express": a demonym before one common noun names
        # an organisation; before a person's name it is just an adjective.
        lone_noun = len(rest) == 1 and not rest[0].upper and is_common(rest[0].low, common_words())
        if (
            not lone_noun
            and not any(_is_cue(w.low) for w in words)
            and not gz.lookup(join_words(words))
        ):
            demonym = words[0].low
            words = rest
    # A trailing adjective or role: "US Democratic (primaries)", "US Federal (judge)",
    # "Republican Representatives".
    while (
        len(words) > 1
        and words[-2].cap  # not "House of Representatives", "Council of Ministers"
        and (
            words[-1].low in _CAPTION_WORDS
            or words[-1].low in _TRAILING_ADJECTIVES
            or words[-1].low in DEMONYMS_LOWER
            or _is_trailing_title(words[-1].low)
        )
    ):
        words = words[:-1]
    words = _strip_edges(words)
    if not words:
        return []
    if len(words) < original and len(words) == 1 and not words[0].upper and not kept_surname:
        low = words[0].low
        if is_common(low, common_words()) and not gz.lookup(words[0].text):
            return []  # "Royal (Commissioners)": what is left is an ordinary word
    if _place_then_acronym(words):
        # Seen only once a trailing adjective is gone: "… Islands US (Democratic)".
        return [Piece(words[:-1], span), Piece(words[-1:], span)]
    return [Piece(words, span, person_title, role_title, demonym)]


# Heads of laws and agreements, whose acronyms are no actors either ("ACA", "DMCA").
_LAW_HEADS = frozenset(
    "act acts bill law code amendment treaty accord agreement pact protocol convention "
    "charter declaration directive regulation resolution doctrine".split()
)


def _law_or_slogan(piece: Piece) -> bool:
    lows = [w.low for w in piece.words if w.cap]
    return lows[-1] in _LAW_HEADS or any(w in _SLOGAN_WORDS for w in lows)


def _acronym_beside(piece: Piece) -> str:
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


def _titled_place(words: list[Token], span: Span) -> bool:
    """A place whose name opens with a title, in a place context ("in Prince George")."""
    if len(words) < 2 or not words[0].cap:
        return False
    if words[0].low.rstrip(".") not in TITLE_NOUNS and words[0].low not in PERSON_TITLES:
        return False
    if not gz.lookup(join_words(words)):
        return False
    whole = Piece(words, span)
    return _located(whole) or _comma_region(whole)


def _quoted(piece: Piece) -> bool:
    return piece.before in ("“", '"', "‘", "'") and piece.after in ("”", '"', "’", "'")


class Typing(NamedTuple):
    """What one piece is, how sure, and why."""

    kind: str | None
    strength: float
    person: float
    reason: str
    """"gazetteer", "weak-gazetteer", "cue", "title", "context", "acronym", "default",
    "common" (a common word capitalised) or "" when kind is None."""


_NONE = Typing(None, 0.0, 0.0, "")


_PLACE_NOUNS = frozenset(
    "island islands city town village province state region county district capital port "
    "suburb municipality republic kingdom emirate city-state area neighbourhood neighborhood "
    "resort settlement hamlet commune parish".split()
)


# Lowercase nouns after a place name: "the Amazon rainforest", "Idlib province".
_PLACE_AFTER = frozenset(
    "rainforest river province region prefecture county district valley mountains desert "
    "island islands coast peninsula basin delta border borough suburb municipality "
    "governorate oblast airport square memorial monument station".split()
)


# Verbs and nouns after which "in X" names a journal, a paper or a programme, not a place.
_PUBLISHED = frozenset(
    "published publish publishes publishing written wrote writes writing journal paper "
    "article column op-ed letter degree degrees phd".split()
)
# Plural nouns whose examples are places: "towns such as X", "resorts including X".
_PLACE_PLURALS = frozenset(
    "towns cities villages islands provinces regions countries states districts counties "
    "municipalities communities suburbs neighbourhoods neighborhoods ports capitals "
    "destinations resorts attractions areas places locations sites".split()
)
_DATE_FILLERS = frozenset("on , this last earlier later week month year today yesterday".split())
_TRANSIT = frozenset("railway rail train bus metro subway tube underground".split())
# Nouns that put what follows "of" on a map ("east of X", "the outskirts of X").
_OF_PLACE = _PLACE_NOUNS | _DIRECTIONS | frozenset("outskirts suburbs heart centre center".split())
# Sites after which "at X" names a place ("the power plant at X"), unlike "a researcher at X".
_AT_PLACE = frozenset(
    "plant camp base station facility site port mine refinery factory border checkpoint "
    "crossing prison dam reactor".split()
)


def _located(piece: Piece) -> bool:
    """ "in X", "near X", "the island of X", "east of X", "the plant at X", "Idlib province"."""
    if piece.words[-1].possessive:
        return False  # not "in Garcia's band"
    before = piece.before
    after = piece.after
    if before == "in" and _published_before(piece):
        return False  # "published (on Monday) in Science Advances"
    if before in _STRONG_LOCATIVE or after in _PLACE_AFTER:
        return True
    if after in _TRANSIT and piece.after2 == "station":
        return True  # "the Harlow Junction railway station"
    if before == "at":
        return _before2(piece) in _AT_PLACE
    if before in ("as", "including", "like"):
        return _examples_of_places(piece)
    return before == "of" and _before2(piece) in _OF_PLACE


def _eponym(piece: Piece) -> bool:
    """Names joined by a dash before a noun ("Saffir–Simpson scale"), or before "scale"."""
    tokens = piece.span.tokens
    j = piece.words[-1].index + 1
    joined = False
    while j + 1 < len(tokens) and tokens[j].text in _NAME_DASHES and tokens[j + 1].cap:
        j += 2
        joined = True
    i = piece.words[0].index
    if i > 1 and tokens[i - 1].text in _NAME_DASHES and tokens[i - 2].cap:
        joined = True
    if j >= len(tokens) or tokens[j].cap or not tokens[j].is_word:
        return False
    nxt = tokens[j].low
    return nxt in _MEASURE_NOUNS or (joined and (nxt in _EPONYM_NOUNS or nxt == "virus"))


def _thing_after(piece: Piece) -> bool:
    """A vehicle, instrument or festival noun follows ("Webb (space) telescope")."""
    after = piece.after
    if after == "space" or after == "film":
        after = piece.after2
    return after in _THING_AFTER


def _examples_of_places(piece: Piece) -> bool:
    """ "towns such as X", "islands, including X", "resorts like X"."""
    tokens = piece.span.tokens
    k = piece.words[0].index - 2
    if piece.before == "as":
        if k < 0 or tokens[k].low != "such":
            return False
        k -= 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    return k >= 0 and tokens[k].low in _PLACE_PLURALS


def _published_before(piece: Piece) -> bool:
    """ "published in X", "published on Monday in X", "reported last week in X"."""
    tokens = piece.span.tokens
    k = piece.words[0].index - 2
    while k >= 0 and piece.words[0].index - k <= 6:
        low = tokens[k].low
        if low in _PUBLISHED:
            return True
        if not (low in _DATE_FILLERS or low in WEEKDAYS or low in MONTHS or low.isdigit()):
            return False
        k -= 1
    return False


def _before2(piece: Piece) -> str:
    return piece._token(piece.words[0].index - 2).lower()


def _lookup_name(text: str) -> list[gz.GazEntry]:
    """Gazetteer readings of a name; a short acronym ("UN") is not a town called "Un"."""
    found = gz.lookup(text)
    if found and is_acronym(text) and len(text.replace(".", "")) <= 4:
        return [e for e in found if e.name.replace(".", "") == text.replace(".", "")]
    return found


def _comma_region(piece: Piece) -> bool:
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
    nxt = gz.lookup(join_words(tokens[qualifier:end]))
    return bool(nxt) and nxt[0].kind in ("region", "country") and nxt[0].strong


def _type_piece(piece: Piece, ev: DocEvidence, common: frozenset[str]) -> Typing:
    """Decide whether one cleaned piece is an actor, a location or nothing."""
    words = piece.words
    text = piece.text
    lows = [w.low for w in words]
    first = lows[0]
    # The head of "Department of State" is "Department", of "Bank of England" "Bank".
    last = lows[-1]
    for idx, w in enumerate(words):
        if idx and not w.cap and lows[idx] in ("of", "for", "on"):
            last = lows[idx - 1]
            break
    name_words = [w for w in words if w.cap]
    demonyms = demonym_forms()
    if len(text.rstrip(".")) < 2:
        return _NONE  # a lone letter
    if first in _MISC_LEAD_WORDS and len(name_words) > 1:
        return _NONE  # "Hurricane Humberto", "Operation Desert Storm"
    if len(name_words) == 1:
        single = lows[0]
        if _CONTRACTION.search(single):
            return _NONE  # "He'll", "You've", "Don't"
        if single in _ARTICLES or (
            len(single) == 2 and single in FUNCTION_WORDS and not found_acr(text)
        ):
            return _NONE  # "Le", "El", "IT"
        if "-" in single and all(part in demonyms for part in single.split("-")):
            return _NONE  # "Turkish-Libyan"
        if single in NOT_NAMES or single in MONTHS or single in WEEKDAYS:
            return _NONE
        if not words[0].upper and (
            single in demonyms
            or single in FUNCTION_WORDS
            or single in ROLE_WORDS
            or single in TITLE_NOUNS
            or single in PERSON_TITLES
        ):
            return _NONE
        # A cue word alone ("the Department", "the Region") names nothing in particular.
        if (
            _is_cue(single)
            and single not in _INSTITUTIONS
            and not words[0].upper
            and not piece.person_title
        ):
            return _NONE
    if all(
        w in MONTHS or w in WEEKDAYS or w in NOT_NAMES or w in demonyms or _is_role(w) or not c.cap
        for w, c in zip(lows, words, strict=True)
    ) and (
        not all(_is_role(w) or not c.cap for w, c in zip(lows, words, strict=True))
        or _is_title_words(words)
    ):
        return _NONE  # "Prime Minister", "Monday", "Belarusian" — but not "Science News"
    if text.lower() in demonyms:
        return _NONE
    # Events, laws, works, awards: "World Cup", "National Emergencies Act"; a number may
    # follow the head ("World War II", "World War Two", "Super Bowl LIV").
    if len(name_words) > 2 and (_ROMAN.match(last) or last in NUMBER_WORDS):
        last = lows[-2]
    if len(name_words) > 1 and last in MISC_HEAD_WORDS and last not in ORG_HEAD_WORDS:
        return _NONE
    if (
        len(name_words) > 1
        and last == "express"
        and not is_common(lows[-2], common)
        and lows[-2] not in demonyms
        and "air" not in lows
    ):
        return _NONE  # a train ("Rajdhani Express"), not "Daily Express", "Air India Express"
    if any(w in _SLOGAN_WORDS for w in lows):
        return _NONE
    found = _lookup_name(text)
    strong_place = bool(found) and found[0].strong
    if text in PLACE_ACRONYMS or text.replace(".", "") in PLACE_ACRONYMS:
        return Typing(LOCATION, 3.0, 0.0, "gazetteer")
    if _quoted(piece) and not strong_place:
        return _NONE  # titles of works, slogans, nicknames
    if words[-1].possessive and piece.after.lower() in _EPONYM_NOUNS:
        return _NONE  # "Parkinson's disease", "Murphy's law"
    if _eponym(piece):
        return _NONE  # "Richter scale", "Saffir–Simpson scale", "Epstein–Barr virus"
    if not found and not all(w.upper for w in name_words) and _thing_after(piece):
        return _NONE  # "the Webb space telescope", "the Sea King helicopter"
    if found and len(name_words) > 1 and (found[0].kind == "country" or found[0].strong):
        return Typing(LOCATION, 4.0, 0.0, "gazetteer")  # "Soviet Union", "English Channel"
    person = 0.0
    if piece.person_title:
        person += 2.0
    if piece.after.lower() in _SAYS:
        person += 0.5
    before = piece.before
    if before in _KIN_NOUNS or before in _OCCUPATIONS:
        person += 1.0
    if piece.person_title and not strong_place:
        return Typing(ACTOR, 2.0, person, "title")
    # Organisation cues win over places named inside them ("University of Texas").
    org_cue = last in ORG_HEAD_WORDS or (first in ORG_LEAD_WORDS and len(words) > 1)
    place_cue = (
        last in LOC_HEAD_WORDS
        and first not in ORG_LEAD_WORDS
        and last not in ("house", "church", "temple", "center", "centre")
    )
    named_place = bool(found) and len(name_words) > 1 and last in ("state", "city")
    if org_cue and not place_cue and not named_place:
        return Typing(ACTOR, 2.0, 0.0, "cue")
    located = _located(piece) or _comma_region(piece)
    if found:
        strength = 3.0 if strong_place else 1.0
        if len(name_words) > 1:
            strength += 1.0
        if located:
            strength += 1.0
        if person and not strong_place:
            # "Downey said": a person who shares a town's name.
            return Typing(ACTOR, 1.0, person, "default")
        if strong_place or len(name_words) > 1:
            return Typing(LOCATION, strength, person, "gazetteer")
        if is_common(first, common) and not located:
            return Typing(ACTOR, 0.3, person, "common")  # "Summit", "Mobile", "Reading"
        return Typing(LOCATION, strength, person, "context" if located else "weak-gazetteer")
    if len(name_words) > 1:
        if last in LOC_HEAD_WORDS or first in LOC_LEAD_WORDS:
            return Typing(LOCATION, 2.0, 0.0, "cue")
        if first in FOREIGN_PLACE_LEAD_WORDS and not person and not piece.role_title:
            return Typing(LOCATION, 1.5, 0.0, "cue")  # "Punta Cana", "Wadi Rum"
        if first in _DIRECTIONS and gz.lookup(join_words(words[1:])):
            return Typing(LOCATION, 2.0, 0.0, "cue")
    elif first.endswith("shire") and len(first) > 7:
        return Typing(LOCATION, 2.0, 0.0, "cue")  # "Northamptonshire"
    elif first.rpartition("-")[2] in PLACE_SUFFIXES and "-" in first:
        return Typing(LOCATION, 2.0, 0.0, "cue")  # "Mapo-gu", "Chiba-ken"
    if _comma_region(piece):
        return Typing(LOCATION, 2.0, 0.0, "context")
    if all(w.upper for w in name_words) or is_acronym(text):
        return Typing(ACTOR, 1.5, 0.0, "acronym")
    if len(name_words) > 1:
        if _located(piece) and not person and not piece.role_title:
            return Typing(LOCATION, 1.5, 0.0, "context")  # "near Tell Abyad", "X station"
        return Typing(ACTOR, 1.5, person + 0.5, "default")
    # A single unknown capitalised word.
    if is_common(lows[0], common) and not words[0].initial:
        # A common word capitalised mid-sentence ("the Internet", "Proceedings"): weak.
        return Typing(ACTOR, 0.3, person, "common")
    if _located(piece) and not piece.demonym:
        return Typing(LOCATION, 0.6, person, "context")
    return Typing(ACTOR, 0.5, person, "default")


def _paragraphs(title: str, text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    if title.strip():
        out.append((title.strip(), True))
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para and not _DATELINE.match(para):
            out.append((para, False))
    return out


def _is_place(name: str) -> bool:
    found = gz.lookup(name)
    return bool(found) and found[0].strong


_CAPWORD = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\b")


def demonyms_in(title: str, text: str) -> tuple[str, ...]:
    """Demonyms written in the article ("Belarusian"): hints of its countries."""
    forms = demonym_forms()
    found = (w for w in _CAPWORD.findall(title + "\n" + text) if w.lower() in forms)
    return tuple(dict.fromkeys(found))


def analyse(
    title: str, text: str, registry: EntityRegistry | None = None
) -> tuple[list[Vote], list[Vote]]:
    """Find actors and locations; return their votes, most prominent first."""
    paragraphs = _paragraphs(title, text)
    common = common_words()
    all_spans: list[Span] = []
    cap_mid: set[str] = set()
    lower: set[str] = set()
    offset = 0
    sentence_base = 0
    lead_end = 0
    parsed: list[tuple[list[list[Token]], bool, bool]] = []
    for para, in_title in paragraphs:
        headline = in_title and is_headline(para)
        if not headline and len(para) < 100 and para[-1:] not in ".!?\"”'’" and is_headline(para):
            headline = True
        if para.isupper() and len(para) > 20:
            headline = True
        if headline:
            sentences = tokenize(para, offset, headline, _is_place, common)
        else:
            sentences = tokenize(para, offset, headline, _is_place, common, cap_mid, lower)
        parsed.append((sentences, headline, in_title))
        offset += len(para) + 2
        if not in_title and lead_end == 0:
            lead_end = offset
    for sentences, headline, in_title in parsed:
        if headline:
            # Headline Case: ordinary words lose their capital unless the body capitalises
            # them too ("Putin Meets Lukashenko In Sochi As Protests Continue").
            for sent in sentences:
                for tok in sent:
                    low = tok.text.lower()
                    if (
                        tok.cap
                        and not tok.upper
                        and is_common(low, common)
                        and (low not in cap_mid or low in FUNCTION_WORDS)
                    ):
                        tok.cap = False
        all_spans.extend(find_spans(sentences, sentence_base, headline, in_title, _is_place))
        sentence_base += len(sentences)
    ev = DocEvidence(cap_mid, lower)
    typed: list[tuple[Piece, str, Typing]] = []
    event_names: set[str] = set()
    for span in all_spans:
        for piece in _clean(span, ev, common):
            name = piece.text
            if len(piece.words) > 1 and piece.words[0].low in _EVENT_LEAD_WORDS:
                rest = piece.words[1:]
                while len(rest) > 1 and rest[0].low in _EVENT_LEAD_WORDS:
                    rest = rest[1:]
                event_names.add(join_words(rest))  # "Tropical Storm Katrina" → "Katrina"
            elif piece.before in _EVENT_LEAD_WORDS and piece.words[0].index > 0:
                lead = piece.span.tokens[piece.words[0].index - 1]
                if lead.cap:  # "Operation" dropped as a quote's first word; not "to storm X"
                    event_names.add(name)
            if len(name) > 3 and name.isupper() and name not in PLACE_ACRONYMS and _is_place(name):
                name = string.capwords(name.lower())  # a dateline: "MOSCOW (Reuters) -"
            forced: str | None = None
            if registry is not None and not registry.empty:
                # Ignored names are dropped at the end, after their aliases joined them.
                forced = registry.forced_type(name)
                name = registry.canonical(name) or name
            if forced is not None:
                typing = Typing(forced, 10.0, 0.0, "registry")
            else:
                typing = _type_piece(piece, ev, common)
            if typing.kind is not None:
                typed.append((piece, name, typing))
            elif len(piece.words) > 1 and _law_or_slogan(piece):
                acronym = _acronym_beside(piece)
                if acronym:
                    event_names.add(acronym)  # "the Affordable Care Act (ACA)": a law too
    _coordinate(typed)
    votes: dict[str, Vote] = {}
    for piece, name, typing in typed:
        if name in event_names:
            continue
        vote = votes.get(name)
        pos = piece.words[0].start
        if vote is None:
            vote = votes[name] = Vote(name, pos)
        vote.count += 1
        vote.positions.append(pos)
        vote.in_title = vote.in_title or piece.span.in_title
        if typing.kind == LOCATION:
            vote.loc += typing.strength
            if typing.reason not in ("weak-gazetteer", "list"):
                vote.sure_loc = True
        else:
            vote.actor += typing.strength
        vote.person += typing.person
        if not (len(piece.words) == 1 and piece.words[0].initial):
            vote.single_initial_only = False
        vote.possessive = vote.possessive or piece.words[-1].possessive
    return _resolve(list(votes.values()), ev, lead_end)


_COORDINATORS = frozenset([",", "and", "or", "&"])


def _coordinate(typed: list[tuple[Piece, str, Typing]]) -> None:
    """Names listed with places are places: "from Dolgellau, Harlech, Barmouth and Bala".

    Another name of the list must already be a place somewhere in the article. Such a place
    stays open to doubt: "Iran and Assad" leaves Assad a person when "Bashar al-Assad" is
    named elsewhere, or when no place of the article is in a country that has an "Assad".
    """
    loc: dict[str, float] = {}
    act: dict[str, float] = {}
    for _piece, name, typing in typed:
        if typing.kind == LOCATION and typing.reason != "weak-gazetteer":
            loc[name] = loc.get(name, 0.0) + typing.strength
        elif typing.kind == ACTOR:
            act[name] = act.get(name, 0.0) + typing.strength
    place_names = {n for n, w in loc.items() if w > act.get(n, 0.0)}
    chains: list[list[int]] = []
    for i, (piece, _name, _typing) in enumerate(typed):
        if chains and _coordinated(typed[chains[-1][-1]][0], piece):
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in chains:
        if len(chain) < 2:
            continue
        # "On Twitter, Ann Lee, US columnist": a person's name in the chain.
        # Only commas may be appositions ("Ann Lee, US envoy"): an enumeration ends in "and".
        mixed = any(
            typed[k][2].kind == ACTOR and _person_evidence(typed[k][0], typed[k][2]) for k in chain
        ) or not _enumeration(typed[chain[0]][0], typed[chain[-1]][0])
        for i in chain:
            piece, name, typing = typed[i]
            if typing.person:
                continue
            places = sum(1 for k in chain if k != i and typed[k][1] in place_names)
            if typing.reason == "weak-gazetteer" and (places >= 2 or len(chain) >= 4):
                # "Bislig, Tago and Tandag": a small town among places is one of them,
                # when the article is about its country.
                typed[i] = (piece, name, Typing(LOCATION, 1.5, 0.0, "list"))
                continue
            if typing.reason not in ("default", "common"):
                continue
            if len(chain) == 2 and not gz.lookup(name):
                continue  # "Iran and Assad", "in Berlin, Charité": two names prove little
            if (places >= 2 or (places and len(chain) >= 4)) and not mixed:
                # Two other places (or one in a list of four) and no persons: as sure as a
                # place cue.
                typed[i] = (piece, name, Typing(LOCATION, 1.5, 0.0, "long-list"))
            elif places:
                typed[i] = (piece, name, Typing(LOCATION, 1.5, 0.0, "list"))


def _person_evidence(piece: Piece, typing: Typing) -> bool:
    """More than the small lean every unknown two-word name gets towards a person."""
    floor = 0.5 if typing.reason == "default" and len(piece.words) > 1 else 0.0
    return typing.person > floor


def _enumeration(first: Piece, last: Piece) -> bool:
    """ "A, B and C": an "and" or "or" joins the last two names of a chain."""
    tokens = first.span.tokens
    between = tokens[first.words[-1].index + 1 : last.words[0].index]
    return any(t.low in ("and", "or", "&") for t in between)


def _coordinated(left: Piece, right: Piece) -> bool:
    """Only commas and "and"/"or" stand between two pieces of one sentence."""
    if left.span.tokens is not right.span.tokens:
        return False
    between = left.span.tokens[left.words[-1].index + 1 : right.words[0].index]
    if not between:
        return False
    if all(t.text.lower() in _COORDINATORS for t in between):
        return True
    # "Aran and Inis, as well as the X Airport".
    words = " ".join(t.low for t in between if t.text not in (",", "the"))
    return words == "as well as"


def _resolve(votes: list[Vote], ev: DocEvidence, lead_end: int) -> tuple[list[Vote], list[Vote]]:
    # Words of names seen away from a sentence start support the same word at one.
    known_words: set[str] = set()
    for v in votes:
        if not v.single_initial_only:
            known_words.update(words_key(v.name))
    kept: list[Vote] = []
    common = common_words()
    for v in votes:
        if v.single_initial_only:
            found = gz.lookup(v.name)
            low = v.name.lower()
            supported = (
                any(k in known_words for k in words_key(v.name))
                or (bool(found) and found[0].strong)
                or is_acronym(v.name)
                or (
                    not is_common(low, common)
                    and low not in ev.lower
                    and (v.person >= 2 or v.possessive or not _NOT_NAME_ENDING.search(low))
                )
            )
            if not supported:
                continue
        if v.loc + v.actor < 0.5 * v.count and v.count < 3:
            continue  # only weak evidence (a common word capitalised), seen once or twice
        kept.append(v)
    votes = kept
    # Person names: a single word that is the first or last word of a longer actor name
    # is that person, even when a town somewhere bears the same name.
    multi_actor_words: set[str] = set()
    for v in votes:
        key = tuple(k for k in words_key(v.name) if k not in _NAME_SUFFIXES)
        if 1 < len(key) <= 4 and v.actor > v.loc and not any(_is_cue(k) for k in key):
            multi_actor_words.add(key[-1])
            multi_actor_words.add(key[0])
    loc_acronyms = {
        acronym_of(v.name) for v in votes if v.loc > v.actor and len(v.name.split()) > 1
    }
    doc_countries: set[str] = set()
    for v in votes:
        if v.loc > v.actor and v.sure_loc:
            found = gz.lookup(v.name)
            if found and found[0].country_code:
                doc_countries.add(found[0].country_code)
    actors: list[Vote] = []
    locations: list[Vote] = []
    for v in votes:
        key = words_key(v.name)
        is_loc = v.loc > v.actor
        if is_loc and len(key) == 1 and key[0] in multi_actor_words and not v.sure_loc:
            found = gz.lookup(v.name)
            if not (found and found[0].strong):
                is_loc = False
        if is_loc and not v.sure_loc and not _country_in(v.name, doc_countries):
            # A small town's name alone, in an article about elsewhere: not good enough.
            if v.person <= 0:
                continue
            is_loc = False
        if not is_loc and is_acronym(v.name) and v.name.replace(".", "").lower() in loc_acronyms:
            is_loc = True  # "NSW" beside "New South Wales"
        (locations if is_loc else actors).append(v)
    return _merge(actors, lead_end), _merge(_merge_countries(locations), lead_end)


def country_code(name: str) -> str:
    """The country a name means when it names a whole country ("Britain" → "GB"), else ""."""
    found = gz.lookup(name)
    if found and found[0].kind == "country" and found[0].country_code:
        return found[0].country_code
    return ""


def _merge_countries(votes: list[Vote]) -> list[Vote]:
    """One entry per country: "Slovakia" and "Slovak Republic", "America" and "United States".

    The country's usual name wins when the article uses it; otherwise the most used form.
    """
    groups: dict[str, list[Vote]] = {}
    out: list[Vote] = []
    for v in votes:
        code = country_code(v.name)
        if code:
            groups.setdefault(code, []).append(v)
        else:
            out.append(v)
    names = gz.country_names()
    for code, group in groups.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        usual = names.get(code, "")
        best = next((v for v in group if v.name == usual), None)
        if best is None:
            best = min(group, key=lambda v: (-v.count, v.first))
        merged = Vote(best.name, min(v.first for v in group))
        merged.count = sum(v.count for v in group)
        merged.in_title = any(v.in_title for v in group)
        merged.loc = sum(v.loc for v in group)
        merged.actor = sum(v.actor for v in group)
        merged.sure_loc = True
        out.append(merged)
    out.sort(key=lambda v: v.first)
    return out


def _country_in(name: str, countries: set[str]) -> bool:
    return any(e.country_code in countries for e in gz.lookup(name))


def _prominence(v: Vote, lead_end: int) -> tuple[float, int]:
    lead = 1.0 if v.first < lead_end else 0.0
    return (-(v.count + 2.0 * v.in_title + lead), v.first)


def _merge(votes: list[Vote], lead_end: int) -> list[Vote]:
    """Fold aliases into the fullest name: "Putin" → "Vladimir Putin", "EU" → "European Union"."""
    # Longest names first become cluster heads; shorter names join the earliest cluster
    # that has a member they are an alias of.
    order = sorted(votes, key=lambda v: (-len(words_key(v.name)), v.first, v.name))
    groups: list[list[Vote]] = []
    # Two aliases share their first or their last word, or one is the other's acronym, so
    # only groups indexed under those keys are compared (long articles stay linear).
    index: dict[str, list[int]] = {}
    for v in order:
        keys = _merge_keys(v.name)
        seen: set[int] = set()
        matches: list[int] = []
        for key in keys:
            for g in index.get(key, ()):
                if g not in seen:
                    seen.add(g)
                    if any(_alias(v.name, m.name) for m in groups[g]):
                        matches.append(g)
        if matches:
            target = min(matches, key=lambda g: min(m.first for m in groups[g]))
            groups[target].append(v)
        else:
            target = len(groups)
            groups.append([v])
        for key in keys:
            bucket = index.setdefault(key, [])
            if target not in bucket:
                bucket.append(target)
    merged: list[Vote] = []
    for group in groups:
        canon = _canonical(group)
        out = Vote(canon.name, min(g.first for g in group))
        out.count = sum(g.count for g in group)
        out.in_title = any(g.in_title for g in group)
        out.loc = sum(g.loc for g in group)
        out.actor = sum(g.actor for g in group)
        out.person = sum(g.person for g in group)
        merged.append(out)
    merged.sort(key=lambda v: _prominence(v, lead_end))
    return merged


def _merge_keys(name: str) -> tuple[str, ...]:
    """Index keys under which a name's aliases can be found."""
    keys: list[str] = []
    for form in (name, _expand_place(name)):
        w = words_key(form)
        if w:
            keys += ["<" + w[0], ">" + w[-1]]
        keys.append("#" + acronym_of(form))
    if is_acronym(name):
        keys.append("#" + name.replace(".", "").strip().casefold())
    return tuple(dict.fromkeys(keys))


def _expand_place(name: str) -> str:
    """ "US Supreme Court" → "United States Supreme Court", "D.C." → "Washington, D.C."."""
    whole = PLACE_ACRONYMS.get(name) or PLACE_ACRONYMS.get(name.replace(".", ""))
    if whole:
        return whole
    head, _, rest = name.partition(" ")
    full = PLACE_ACRONYMS.get(head) or PLACE_ACRONYMS.get(head.replace(".", ""))
    return f"{full} {rest}" if full and rest else name


def _alias(short: str, long: str) -> bool:
    if same_entity(short, long):
        return True
    if same_entity(_expand_place(short), _expand_place(long)):
        # "US" is "United States", but "United States" is no short form of "U.S. Route 2".
        code = country_code(short)
        return not code or country_code(long) == code
    a, b = words_key(short), words_key(long)
    # "John Bolton" and "John R. Bolton": same first and last word, no cue word.
    return (
        len(a) >= 2
        and len(b) >= 2
        and a[0] == b[0]
        and a[-1] == b[-1]
        and not any(_is_cue(w) for w in (*a, *b))
    )


def _canonical(group: list[Vote]) -> Vote:
    """The fullest written form; acronyms of places become their full name."""

    def rank(v: Vote) -> tuple[bool, int, int, int]:
        return (is_acronym(v.name) and len(group) > 1, -len(words_key(v.name)), -v.count, v.first)

    best = min(group, key=rank)
    key = words_key(best.name)
    if len(key) > 1 and (key[-1] in _CORPORATE or key[-1] in ORG_HEAD_WORDS):
        # "Facebook" over "Facebook Ireland Limited", "Doris Day" over "Doris Day Animal
        # Foundation": the short form is the usual one.
        for v in sorted(group, key=rank):
            k = words_key(v.name)
            if v is not best and k and key[: len(k)] == k and v.count > best.count:
                best = v
                break
    full = PLACE_ACRONYMS.get(best.name) or PLACE_ACRONYMS.get(best.name.replace(".", ""))
    if full and best.loc >= best.actor:
        return Vote(full, best.first, best.count)
    return best
