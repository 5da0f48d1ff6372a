"""Step 3: type each cleaned piece with an ordered table of named rules.

`RULES` is read top to bottom; the first rule whose predicate holds decides the piece: an
actor, a location, or nothing (the piece is dropped). The order is the logic: a rule only
sees pieces that every rule above it let through. Each rule carries an example sentence and
the name in it that the rule decides; tests/test_extract_rules.py runs every example, and
`briefgen extract --explain FILE` names the deciding rule of every mention.

To change how a kind of name is typed, add or move one rule and give it an example; the
table is documented in docs/entities.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import PLACE_SUFFIXES, Token, join_words
from briefgen.extract.context import (
    ACTOR,
    LOCATION,
    NO_TYPE,
    DocEvidence,
    Piece,
    Typing,
    comma_region,
    eponym,
    found_acr,
    is_common,
    is_cue,
    is_located,
    is_outlet,
    is_role,
    is_title_words,
    lookup_name,
    quoted,
    thing_after,
)
from briefgen.extract.lexicon import (
    AMPERSAND_WORDS,
    ARTICLES,
    CONTRACTION,
    DEGREE_WORDS,
    DIRECTIONS,
    EPONYM_NOUNS,
    FOREIGN_PLACE_LEAD_WORDS,
    FUNCTION_WORDS,
    INSTITUTIONS,
    KIN_NOUNS,
    LATIN_EPITHET,
    LOC_HEAD_WORDS,
    LOC_LEAD_WORDS,
    MARKET_AFTER,
    MARKET_NAMES,
    MISC_HEAD_WORDS,
    MISC_LEAD_WORDS,
    MONTHS,
    NAMED_PLACE_NOUNS,
    NAMING_VERBS,
    NOT_NAMES,
    NUMBER_WORDS,
    NUMBERED_NOUNS,
    OCCUPATIONS,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    PLANETS,
    RESULT_VERBS,
    ROAD_WORDS,
    ROLE_WORDS,
    ROMAN,
    SAYS,
    SCORE_UNITS,
    SHIP_PREFIXES,
    SHOW_KINDS,
    SLOGAN_WORDS,
    SPORT_ROLE_PAIRS,
    SPORT_ROLES,
    SURNAME_PLACE_WORDS,
    TAXON_CONTEXT,
    TAXON_CUES,
    TAXON_SUFFIXES,
    TITLE_NOUNS,
    VEHICLE_NOUNS,
    VESSEL_NOUNS,
    WEEKDAYS,
    WIN_NOUNS,
    WORK_NOUNS,
    demonym_forms,
    dictionary_words,
)
from briefgen.extract.names import is_acronym


class Facts:
    """What the rules ask about one piece; the costly context test runs only when asked."""

    __slots__ = (
        "_located",
        "common",
        "demonyms",
        "ev",
        "first",
        "found",
        "last",
        "lows",
        "n_names",
        "name_words",
        "person",
        "piece",
        "single",
        "strong_place",
        "text",
        "words",
    )

    def __init__(self, piece: Piece, ev: DocEvidence, common: frozenset[str]) -> None:
        self.piece = piece
        self.ev = ev
        self.common = common
        self.words = words = piece.words
        self.text = piece.text
        self.lows = lows = [w.low for w in words]
        self.first = lows[0]
        self.name_words = [w for w in words if w.cap]
        self.n_names = len(self.name_words)
        self.single = lows[0] if self.n_names == 1 else ""
        """The one name word, lowercased ("" for longer names)."""
        self.demonyms = demonym_forms()
        self.last = _head_word(words, lows, self.n_names)
        self.person = _person_evidence(piece)
        # Nearly every piece asks for these, many times over: plain attributes, not properties.
        self.found: list[gz.GazEntry] = lookup_name(self.text)
        """Gazetteer readings of the whole name, best first."""
        self.strong_place: bool = bool(self.found) and self.found[0].strong
        """The best reading is a country, a region or a big city."""
        self._located: bool | None = None

    @property
    def located(self) -> bool:
        """A place context: "in X", "X province", "X, Texas"."""
        if self._located is None:
            self._located = is_located(self.piece) or comma_region(self.piece)
        return self._located


def _head_word(words: list[Token], lows: list[str], n_names: int) -> str:
    """The head word: "Department" of "Department of State", "War" of "World War II"."""
    last = lows[-1]
    for idx, w in enumerate(words):
        if idx and not w.cap and lows[idx] in ("of", "for", "on"):
            last = lows[idx - 1]
            break
    # A number may follow the head ("World War II", "World War Two", "Super Bowl LIV").
    if n_names > 2 and (ROMAN.match(last) or last in NUMBER_WORDS):
        last = lows[-2]
    return last


def _person_evidence(piece: Piece) -> float:
    """Evidence for a person: a title before, "said" after, "actress" or "son" before."""
    person = 2.0 if piece.person_title else 0.0
    if piece.after.lower() in SAYS:
        person += 0.5
    if piece.before in KIN_NOUNS or piece.before in OCCUPATIONS or _listed_kin(piece):
        person += 1.0
    return person


def _owned_title(f: Facts) -> bool:
    """ "Richard Dawkins' The Selfish Gene": a capitalised "The" after a possessive opens the
    title of a work (a name owned by a person never starts with "The")."""
    tokens = f.piece.span.tokens
    i = f.words[0].index
    return i >= 2 and tokens[i - 1].text == "The" and tokens[i - 2].possessive


def _listed_kin(piece: Piece) -> bool:
    """A later name of a list that a kin noun opens: "Zachary" of "two sons Wyatt and
    Zachary", "Toni" of "four daughters, Nadine, Ashley and Toni"."""
    if piece.before not in ("and", ","):
        return False
    tokens = piece.span.tokens
    i = piece.words[0].index - 1
    names = 0
    while i >= 0 and i > piece.words[0].index - 16:
        token = tokens[i]
        if token.text in (",", "and") or (token.is_word and token.cap):
            names += token.is_word and token.cap
            i -= 1
            continue
        return names > 0 and token.low in KIN_NOUNS
    return False


@dataclass(frozen=True, slots=True)
class Rule:
    """One typing rule: when `applies` holds, `outcome` is the piece's type."""

    name: str
    """A short, stable name, printed by `briefgen extract --explain`."""
    words: str
    """"one" when only one-word names can match, "several" when only longer ones, else "any"
    (the typing loop skips the rules that cannot match)."""
    applies: Callable[[Facts], bool]
    """The predicate, asked only when no earlier rule applied."""
    outcome: Typing | Callable[[Facts], Typing]
    """The type (kind None drops the piece), or a function of the facts for graded ones."""
    example: tuple[str, str]
    """A sentence and the name in it that this rule decides (run by the tests)."""
    why: str
    """One line for the documentation and the explanation."""


def _rule(
    name: str,
    words: str,
    applies: Callable[[Facts], bool],
    outcome: Typing | Callable[[Facts], Typing],
    example: tuple[str, str],
    why: str,
) -> Rule:
    if isinstance(outcome, Typing):
        outcome = outcome._replace(rule=name)
    return Rule(name, words, applies, outcome, example, why)


def _drop(reason: str = "") -> Typing:
    return NO_TYPE._replace(reason=reason)


def _subdivision_code(f: Facts) -> bool:
    """ "Montreal, QC", "Austin, TX": a state's or province's code after a city and a comma
    is part of the address, not a name (the city already knows its country)."""
    word = f.words[0]
    if not (word.upper and 2 <= len(word.text) <= 3 and f.piece.before == ","):
        return False
    tokens = f.piece.span.tokens
    end = start = word.index - 1  # the comma
    while start > 0 and tokens[start - 1].is_word and tokens[start - 1].cap:
        start -= 1
    if start == end:
        return False
    cities = gz.lookup(join_words(tokens[start:end]))
    codes = {entry.country_code for entry in cities if entry.kind == "city"}
    return any(word.text in gz.subdivision_codes(code) for code in codes)


def _taxon(f: Facts) -> bool:
    """A genus or a species name, or a family name, written alone or before its epithet."""
    single = f.single
    if f.words[0].upper:
        return False
    if single.endswith(TAXON_SUFFIXES):
        return True
    piece = f.piece
    if piece.before in TAXON_CUES:
        return True
    after = piece.after
    if not after.islower() or f.words[-1].possessive or TAXON_CONTEXT.isdisjoint(f.ev.lower):
        return False
    # A Latin-looking word after it, in an article about living things; in brackets (a
    # common name's scientific one, "the great white shark (Carcharodon carcharias)"),
    # any word no English dictionary holds.
    if LATIN_EPITHET.match(after):
        return True
    return (
        piece.before == "("
        and len(after) > 3
        and after.isalpha()
        and after not in dictionary_words()
    )


_DASH = re.compile(r"[-–]")


def _place_pair(f: Facts) -> bool:
    """Places or demonyms joined by a dash ("Russia–Ukraine war", "Tokyo-Osaka line"), when
    the whole is no place itself ("Guinea-Bissau", "Baden-Württemberg")."""
    parts = _DASH.split(f.text)
    if len(parts) < 2 or f.found or f.located:
        return False  # "in Kitchener-Waterloo": one place, twin towns
    return all(
        part.lower() in f.demonyms or part in PLACE_ACRONYMS or bool(lookup_name(part))
        for part in parts
    )


def _place_demonym(f: Facts) -> bool:
    """A demonym no list holds, made from a region or a big place: "Catalonian" (Catalonia),
    "Montanans" (Montana), "Melbournians" (Melbourne)."""
    word = f.text[:-1] if f.text.endswith("s") else f.text
    if f.person or f.words[0].upper or len(word) < 6 or not word.endswith("n"):
        return False
    stems = [word[:-1]]  # "Catalonia-n", "Montana-n"
    if word.endswith("ian"):
        stems += [word[:-3], word[:-3] + "e"]  # "Boston-ian", "Melbourn(e)-ian"
        if f.text.endswith("s"):
            # "Alabam(a)-ians": people, so a plural (the singular "Guardian" is no "Guarda")
            stems.append(word[:-3] + "a")
    return any(_region_or_big_place(stem) for stem in stems)


def _place_dwellers(f: Facts) -> bool:
    """People named by "-ers" after a region or a big city: "Yekaterinburgers",
    "Londoners", "Berliners" (a plural: one "Berliner" may be a surname or a newspaper)."""
    text = f.text
    if f.person or f.words[0].upper or len(text) < 7 or not text.endswith("ers"):
        return False
    stem = text[:-3]
    return _region_or_big_place(stem) or (stem.endswith("n") and _region_or_big_place(stem[:-1]))


def _region_or_big_place(name: str) -> bool:
    return any(e.strong or e.kind in ("region", "country") for e in gz.lookup(name))


_IDEOLOGY_SUFFIXES = ("ism", "isms")


def _road_word(f: Facts) -> bool:
    """A road word cut from its number: "Interstate" of "Interstate 75", "Route" of "Route 66"."""
    if f.single not in ROAD_WORDS:
        return False
    tokens = f.piece.span.tokens
    j = f.words[-1].index + 1
    return j < len(tokens) and tokens[j].is_word and tokens[j].text[:1].isdigit()


_CLAUSE_END = frozenset(",.;:!?)”\"’'—–")


def _opener_paired_with_word(f: Facts) -> bool:
    """A sentence's or a quote's first word joined to a lowercase word, a clause then ending:
    "Heartbroken and numb," or "Tired but happy, they …" (an adjective or an adverb whose
    capital only opens the sentence; names pair with names: "Biden and Sanders")."""
    word = f.words[0]
    if not word.initial or word.upper or f.found or f.person or f.piece.after not in _PAIRING:
        return False
    tokens = f.piece.span.tokens
    j = word.index + 2
    if j + 1 >= len(tokens):
        return False
    partner, end = tokens[j], tokens[j + 1]
    return (
        partner.is_word
        and not partner.cap
        and partner.text.isalpha()
        and partner.low not in FUNCTION_WORDS
        and not end.is_word
        and end.text in _CLAUSE_END
    )


_PAIRING = frozenset(("and", "or", "but"))


def _from_place_to_place(f: Facts) -> bool:
    """The start or the end of a route whose other end is a known place: "from Mysore to
    Bangalore", "from Dover to Calais", "between Baracoa and Havana"."""
    piece = f.piece
    before, after = piece.before, piece.after
    tokens = piece.span.tokens
    i, j = f.words[0].index, f.words[-1].index
    if (before, after) in (("from", "to"), ("between", "and")):
        k = j + 2
        end = k
        while end < len(tokens) and tokens[end].is_word and tokens[end].cap:
            end += 1
        return end > k and bool(lookup_name(join_words(tokens[k:end])))
    if before not in ("to", "and") or i < 3:
        return False
    k = i - 2
    start = k
    while start >= 0 and tokens[start].is_word and tokens[start].cap:
        start -= 1
    opener = tokens[start].low if start >= 0 else ""
    pairs = {"to": "from", "and": "between"}
    return (
        start < k
        and opener == pairs[before]
        and bool(lookup_name(join_words(tokens[start + 1 : k + 1])))
    )


def _ideology(f: Facts) -> bool:
    """A doctrine, creed or movement named by its "-ism": "Marxism", "Catholicism"."""
    single = f.single
    return len(single) > 5 and single.endswith(_IDEOLOGY_SUFFIXES) and not f.words[0].upper


_ROMAN_NUMERAL = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")


def _roman_numeral(f: Facts) -> bool:
    """A Roman numeral alone ("XXI", "XIV"): a century or a number, cut from its name."""
    return bool(_ROMAN_NUMERAL.match(f.text)) and f.text.upper() not in PLACE_ACRONYMS


def _vessel(f: Facts) -> bool:
    """A ship's name: "MV Alan Kurdi", or right after "boat", "vessel", "aboard" (a comma
    may stand between)."""
    if f.first.replace(".", "") in SHIP_PREFIXES:
        return True
    piece = f.piece
    if piece.person_title and _vessel_noun_after(piece):
        return True  # "the Sergeant Aldea supply vessel", "the Admiral Kuznetsov carrier"
    if piece.before not in VESSEL_NOUNS and piece.before not in (",", "the", "a"):
        return False  # the common case
    tokens = piece.span.tokens
    k = piece.words[0].index - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    while k >= 0 and tokens[k].low in ("the", "a"):
        k -= 1
    return k >= 0 and tokens[k].low in VESSEL_NOUNS and not f.strong_place


def _vessel_noun_after(piece: Piece) -> bool:
    """A ship's noun right after the name, or after one word ("supply vessel")."""
    tokens = piece.span.tokens
    k = piece.words[-1].index + 1
    return any(
        k + step < len(tokens) and tokens[k + step].low in VESSEL_NOUNS - {"aboard"}
        for step in (0, 1)
    ) and not (k < len(tokens) and tokens[k].cap)


def _work_or_product(f: Facts) -> bool:
    """A name after a noun of works or products, a comma between or not: "the film Black
    Panther", "the character T'Challa", "one antibody cocktail, ZMapp"."""
    if f.strong_place or f.piece.person_title:
        return False
    tokens = f.piece.span.tokens
    k, _named = _noun_before(tokens, f.words[0].index - 1)
    if k >= 1 and tokens[k].low == "show":
        return tokens[k - 1].low in SHOW_KINDS  # "the talk show Morning Joe"
    return k >= 0 and tokens[k].low in WORK_NOUNS and not tokens[k].cap


def _vehicle_model(f: Facts) -> bool:
    """A make or model in apposition to a vehicle: "the plane, a Beechcraft Sierra,"; unlike
    a work's name, the same name acting elsewhere ("Beechcraft said") stays an actor."""
    if f.strong_place or f.piece.person_title:
        return False
    tokens = f.piece.span.tokens
    k, _named = _noun_before(tokens, f.words[0].index - 1)
    return k >= 0 and tokens[k].low in VEHICLE_NOUNS and not tokens[k].cap


_AWARD_VERBS = frozenset("awarded presented conferred bestowed".split())


def _award(f: Facts) -> bool:
    """An honour given to someone: "he was awarded the Intelligence Star"; not "awarded
    Boeing a contract", "awarded the Boeing contract" or "awarded the Zorbic Society's
    medal" (the giver)."""
    tokens = f.piece.span.tokens
    k = f.words[0].index - 1
    if not (k >= 1 and tokens[k].low == "the" and tokens[k - 1].low in _AWARD_VERBS):
        return False
    if f.words[-1].possessive:
        return False
    after = f.piece.after
    lower_word = after[:1].isalpha() and after.islower() and after not in FUNCTION_WORDS
    return not lower_word and not f.found


def _acronym_pair(f: Facts) -> bool:
    """Two acronyms joined by a dash, each also written alone: "PKK-YPG" beside "the PKK"
    and "the YPG" names two organisations (not "AFL-CIO", written only whole)."""
    if "-" not in f.text:
        return False
    parts = f.text.split("-")
    return all(
        len(p) > 1 and p.isupper() and p.isalpha() and p.lower() in f.ev.cap_mid for p in parts
    )


def _conference_of_members(f: Facts) -> bool:
    """A standing body of members, no event: "National Conference of State Legislatures",
    "Conference of Mayors" (but "the Munich Security Conference" is a meeting)."""
    lows = f.lows
    return (
        f.last == "conference"
        and "of" in lows
        and lows[-1].endswith("s")
        and not lows[-1].endswith("ss")
        and lows.index("of") < len(lows) - 1
    )


def _noun_before(tokens: list[Token], k: int) -> tuple[int, bool]:
    """The noun a name is given to, walking back from `k` over a comma, an article ("his
    memoir The Master") and a naming verb ("a movie called Argo"); and whether a naming verb
    stood between."""
    if k >= 2 and tokens[k].low in ("a", "an") and tokens[k - 1].text == ",":
        k -= 1  # "the plane, a Zorbex Sky"
    if k >= 1 and tokens[k].text == ",":
        k -= 1
    if k >= 1 and tokens[k].low in ("the", "a") and tokens[k].cap:
        k -= 1  # "his memoir The Master of Disguise": the title's own article
    named = k >= 1 and tokens[k].low in NAMING_VERBS
    if named:
        k -= 1
    return k, named


def _named_place(f: Facts) -> bool:
    """A name given to a place noun: "an area called the Ellipse", "a village named X"."""
    before = f.piece.before
    if (before not in NAMING_VERBS and before not in ("the", "a")) or f.piece.person_title:
        return False
    tokens = f.piece.span.tokens
    k = f.words[0].index - 1
    while k >= 1 and tokens[k].low in ("the", "a"):
        k -= 1
    k, named = _noun_before(tokens, k)
    return named and k >= 0 and tokens[k].low in NAMED_PLACE_NOUNS


def _is_score(tok: Token) -> bool:
    return tok.text.isdigit() and len(tok.text) <= 3


def _score_within(tokens: list[Token], start: int, end: int) -> bool:
    """A score such as "2-0" or "4–2" among tokens[start:end]."""
    for k in range(max(start, 0), min(end, len(tokens))):
        text = tokens[k].text
        if _SCORE.match(text):
            return True
        dash = k + 2 < len(tokens) and tokens[k + 1].text in ("-", "–")
        if text.isdigit() and dash and tokens[k + 2].text.isdigit():
            return True
        if text.isdigit() and _score_in_words(tokens, k):
            return True
    return False


def _score_in_words(tokens: list[Token], k: int) -> bool:
    """ "45 points to 24" from the number at `k`."""
    return (
        k + 3 < len(tokens)
        and tokens[k + 1].low in SCORE_UNITS
        and tokens[k + 2].low == "to"
        and tokens[k + 3].text.isdigit()
    )


_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")


def _in_result_sentence(tokens: list[Token], i: int, j: int) -> bool:
    """ "Liverpool beat Leeds 2-0": both sides of a result verb with a score after."""
    if j + 1 < len(tokens) and tokens[j + 1].low in RESULT_VERBS:
        return _score_within(tokens, j + 2, j + 10)  # the winner, before the verb
    k = i - 1
    if k >= 1 and tokens[k].low == "over" and tokens[k - 1].low in WIN_NOUNS:
        return _score_within(tokens, k - 9, k - 1)  # "a 22 points to 10 win over X"
    if k >= 1 and tokens[k].low in ("to", "with") and tokens[k - 1].low in RESULT_VERBS:
        k -= 1  # "lost to X", "drew with X"
    return k >= 0 and tokens[k].low in RESULT_VERBS and _score_within(tokens, j + 1, j + 4)


def _in_results(f: Facts) -> bool:
    """ "HOME n AWAY m", "HOME beat AWAY 2-0": the piece is a side of a result."""
    tokens = f.piece.span.tokens
    i, j = f.words[0].index, f.words[-1].index
    n = len(tokens)
    if _in_result_sentence(tokens, i, j):
        return True
    if j + 1 < n and _is_score(tokens[j + 1]):
        # The home side: a score, then a capitalised side, then its score.
        k = j + 2
        while k < n and tokens[k].is_word and tokens[k].cap:
            k += 1
        if k > j + 2 and k < n and _is_score(tokens[k]):
            return True
    # The away side: a side and its score before, a score after.
    return (
        i >= 2
        and _is_score(tokens[i - 1])
        and tokens[i - 2].cap
        and j + 1 < n
        and _is_score(tokens[j + 1])
    )


_ROLE_AFTER = SPORT_ROLES | frozenset(SPORT_ROLE_PAIRS)


def _team_before_role(f: Facts) -> bool:
    """A side's name before its coach or captain ("Caloundra coach Ann Lee"), when it is no
    country or region: a town named so is the club."""
    piece = f.piece
    after = piece.after
    if after not in _ROLE_AFTER:
        return False  # the common case, in one lookup
    pair = SPORT_ROLE_PAIRS.get(after)
    if pair is not None and piece.after2.lower() not in pair:
        return False
    if f.person or f.words[-1].possessive or f.text in PLACE_ACRONYMS:
        return False
    return not any(e.kind in ("country", "region") for e in f.found[:1])


_MODEL_CODE = re.compile(r"^(?=.*\d)(?:[A-Za-z]{1,3}-?\d{1,4}[A-Za-z]{0,3}|\d{3})$")


_DIGIT = re.compile(r"\d")


def _is_model_code(tok: Token) -> bool:
    """A model's number or code: "737", "B-17", "XC90", "A380" (not "2019", "Flight 9")."""
    return tok.is_word and bool(_MODEL_CODE.match(tok.text))


def _model_name(f: Facts) -> bool:
    """A maker or a model around its code: "a Volvo XC90", "the Boeing 737 Max", "a Boeing
    B-17 Flying Fortress"; the maker stays an actor wherever it acts on its own."""
    piece = f.piece
    if not (_DIGIT.search(piece.after) or _DIGIT.search(piece.before)):
        return False  # the common case: no number beside the name
    if f.found or piece.person_title or f.lows[-1] in NUMBERED_NOUNS:
        return False
    tokens = piece.span.tokens
    i, j = f.words[0].index, f.words[-1].index
    if j + 1 < len(tokens) and _is_model_code(tokens[j + 1]):
        return not is_common(f.lows[-1], f.common)
    return i >= 2 and _is_model_code(tokens[i - 1]) and tokens[i - 2].cap


_LOCATED_VERBS = frozenset("located situated".split())
_BE_FORMS = frozenset("is was are were".split())


def _said_located(f: Facts) -> bool:
    """ "X is located in", "X was situated on": the text says the name is a place."""
    if f.piece.after not in _BE_FORMS:
        return False
    tokens = f.piece.span.tokens
    j = f.words[-1].index
    return (
        j + 2 < len(tokens)
        and tokens[j + 1].low in ("is", "was", "are", "were")
        and tokens[j + 2].low in _LOCATED_VERBS
    )


def _shouted_words(f: Facts) -> bool:
    """Ordinary words in capitals beside other shouted words: "I WON THIS ELECTION, BY A
    LOT!" in a quoted post; acronyms ("WHO", "NATO") and places ("US") are no such words."""
    if not f.words[0].text.isupper() or not f.text.replace(" ", "").isupper():
        return False
    if found_acr(f.text):
        return False
    common = f.common
    if not all(is_common(w, common) or w in FUNCTION_WORDS for w in f.lows):
        return False
    tokens = f.piece.span.tokens
    i, j = f.words[0].index, f.words[-1].index
    near = [*tokens[max(i - 3, 0) : i], *tokens[j + 1 : j + 4]]
    return any(
        t.is_word and t.text.isupper() and len(t.text) > 1 and is_common(t.low, common)
        for t in near
    )


_QUOTES = ("“", '"', "‘", "'")
_CLOSING_QUOTES = ("”", '"', "’", "'")


def _quoted_after_the(f: Facts) -> bool:
    """A quoted title or nickname that opens with "the" or a demonym cleaning took off:
    "“The Impeachment Hoax”", "“the Canadian Caper”"."""
    if f.piece.after not in _CLOSING_QUOTES:
        return False
    tokens = f.piece.span.tokens
    k = f.words[0].index - 1
    skipped = 0
    while k >= 0 and skipped < 2 and (tokens[k].low == "the" or tokens[k].low in f.demonyms):
        k -= 1
        skipped += 1
    return skipped > 0 and k >= 0 and tokens[k].text in _QUOTES


def _degree(f: Facts) -> bool:
    """An academic degree and its field: "a Master of Business Affairs", "Bachelor of Arts"."""
    piece = f.piece
    if f.single in DEGREE_WORDS and piece.after == "of":
        return True
    tokens = piece.span.tokens
    k = f.words[0].index - 1
    return k >= 1 and tokens[k].low == "of" and tokens[k - 1].low in DEGREE_WORDS


_CATEGORY_HEADS = frozenset("organization organisation center centre state".split())


def _category_after_a(f: Facts) -> bool:
    """A kind named in capitals after "a": "a U.S.-designated Foreign Terrorist Organization",
    "a Level 1 Trauma Center", "a court of a Member State"; not "a Reuters reporter", and not
    a name that qualifies a noun after it ("an Ohio State University study")."""
    if f.last not in _CATEGORY_HEADS or f.found:
        return False
    after = f.piece.after
    if after[:1].isalpha() and after.islower() and after not in FUNCTION_WORDS:
        return False
    tokens = f.piece.span.tokens
    k = f.words[0].index - 1
    while k >= 0 and k >= f.words[0].index - 3 and (tokens[k].cap or tokens[k].text.isdigit()):
        k -= 1  # "a Level 1 Trauma Center"
    if k >= 2 and tokens[k].low == "designated" and tokens[k - 1].text == "-":
        k -= 3  # "a U.S.-designated Foreign Terrorist Organization"
    return k >= 0 and tokens[k].low in ("a", "an")


def _beside_number(f: Facts) -> bool:
    """A word after a code ("Amazon S3 Buckets"), or a common word beside a number, when the
    code or number is itself beside another capital ("the Lost 52 Project")."""
    tokens = f.piece.span.tokens
    i = f.words[0].index
    common = is_common(f.single, f.common) or f.single in NUMBERED_NOUNS
    if i >= 2 and tokens[i - 2].cap and _is_code(tokens[i - 1], common):
        return True
    # "Chapter 11 bankruptcy", "Article 50", "the Lost 52 Project": a common word numbered.
    return common and i + 1 < len(tokens) and _is_code(tokens[i + 1], True)


def _is_code(tok: Token, any_number: bool) -> bool:
    """A code with letters and digits ("S3", "A380"), or with `any_number` any number."""
    text = tok.text
    if not tok.is_word or not any(c.isdigit() for c in text):
        return False
    return any_number or any(c.isalpha() for c in text)


def _title_word(text: str) -> bool:
    low = text.lower()
    return text[:1].isupper() and (low in TITLE_NOUNS or low in PERSON_TITLES)


# Months, weekdays and words that never name anything: one lookup (see _only_dates_roles).
_DATES_NOT_NAMES = MONTHS | WEEKDAYS | NOT_NAMES


# Words of a time zone's name before "Time" ("Central European Time", "Eastern Standard
# Time", "Coordinated Universal Time"): a clock, which news names beside a date.
_ZONE_WORDS = frozenset(
    """
    standard daylight summer mean universal coordinated central eastern western pacific
    mountain atlantic alaska hawaii greenwich european
    """.split()
)
# A word that makes any "X ... Time" a time zone ("Japan Standard Time").
_ZONE_MARKS = frozenset(("standard", "daylight", "summer", "mean"))


def _time_zone(lows: Sequence[str], demonyms: Container[str]) -> bool:
    """A time zone's name: zone words or demonyms, then "Time"."""
    if len(lows) < 2 or lows[-1] != "time":
        return False
    before = lows[:-1]
    return any(w in _ZONE_MARKS for w in before) or all(
        w in _ZONE_WORDS or w in demonyms for w in before
    )


def _only_dates_roles(f: Facts) -> bool:
    """Every name word is a month, a weekday, a non-name, a demonym or a role, or the name
    is a time zone's."""
    demonyms = f.demonyms
    if _time_zone(f.lows, demonyms):
        return True
    for w, c in zip(f.lows, f.words, strict=True):
        if c.cap and not (w in _DATES_NOT_NAMES or w in demonyms or is_role(w)):
            return False
    # Roles alone must make a whole title ("Prime Minister"), unlike "Science News".
    pairs = zip(f.lows, f.words, strict=True)
    return not all(is_role(w) or not c.cap for w, c in pairs) or is_title_words(f.words)


def _lone_function_word(f: Facts) -> bool:
    single = f.single
    return (
        bool(single)
        and not f.words[0].upper
        and (
            single in f.demonyms
            or single in FUNCTION_WORDS
            or single in ROLE_WORDS
            or single in TITLE_NOUNS
            or single in PERSON_TITLES
        )
    )


def _express_train(f: Facts) -> bool:
    lows = f.lows
    return (
        f.n_names > 1
        and f.last == "express"
        and not is_common(lows[-2], f.common)
        and lows[-2] not in f.demonyms
        and "air" not in lows
    )


# Letters that only a script other than Latin has: Cyrillic, Greek, Arabic, Han, …
_LETTER_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lo"))


def _other_script(f: Facts) -> bool:
    """A word in another script: a quoted line or a native spelling, not an English name.

    Modifier letters count as Latin ("Nukuʻalofa" keeps its ʻokina).
    """
    text = f.text
    if text.isascii():
        return False
    return any(
        not c.isascii()
        and unicodedata.category(c) in _LETTER_CATEGORIES
        and not unicodedata.name(c, "").startswith("LATIN")
        for c in text
    )


def _planet(f: Facts) -> bool:
    """A planet alone, or its plural ("Earths", "super-Jupiters" of a survey)."""
    single = f.single
    if not single or len(f.words) > 1:
        return False
    single = single.rpartition("-")[2]
    return single in PLANETS or (single.endswith("s") and single[:-1] in PLANETS)


_LETTERS_AND = re.compile(r"[A-Z]\.? ?& ?[A-Z]\.?")


def _letters_and(f: Facts) -> bool:
    """Single letters joined by "&": an abbreviation ("E & W", "Q&A"), not a name ("PG&E")."""
    text = f.text
    if "&" not in text:
        return False
    return text.lower() in AMPERSAND_WORDS or (
        " " in text and _LETTERS_AND.fullmatch(text) is not None
    )


def _org_cue(f: Facts) -> bool:
    """Organisation cues win over places named inside them ("University of Texas")."""
    first, last = f.first, f.last
    org_cue = last in ORG_HEAD_WORDS or (first in ORG_LEAD_WORDS and len(f.words) > 1)
    if not org_cue:
        return False
    place_cue = (
        last in LOC_HEAD_WORDS
        and first not in ORG_LEAD_WORDS
        and last not in ("house", "church", "temple", "center", "centre")
    )
    named_place = bool(f.found) and f.n_names > 1 and last in ("state", "city")
    # "in College Station, Texas": a known place the text qualifies by its region.
    qualified_place = bool(f.found) and last not in ORG_HEAD_WORDS and comma_region(f.piece)
    return not place_cue and not named_place and not qualified_place


def _gazetteer_strength(f: Facts) -> float:
    strength = 3.0 if f.strong_place else 1.0
    if f.n_names > 1:
        strength += 1.0
    if f.located:
        strength += 1.0
    return strength


def _known_place(f: Facts) -> Typing:
    return Typing(LOCATION, _gazetteer_strength(f), f.person, "gazetteer")


def _weak_place(f: Facts) -> Typing:
    reason = "context" if f.located else "weak-gazetteer"
    return Typing(LOCATION, _gazetteer_strength(f), f.person, reason)


def _with_person(
    kind: str, strength: float, reason: str, extra: float = 0.0
) -> Callable[[Facts], Typing]:
    def outcome(f: Facts) -> Typing:
        return Typing(kind, strength, f.person + extra, reason)

    return outcome


def _plain_located(f: Facts) -> bool:
    return is_located(f.piece) and not f.person and not f.piece.role_title


RULES: tuple[Rule, ...] = (
    _rule(
        "lone-letter",
        "any",
        lambda f: len(f.text.rstrip(".")) < 2,
        _drop(),
        ("Plan B was approved.", "B"),
        "a single letter names nothing",
    ),
    _rule(
        "other-script",
        "any",
        _other_script,
        _drop(),
        ("The sign read Привет in large letters.", "Привет"),
        'a word in a script other than Latin: a quoted line or a native spelling ("Тюмень")',
    ),
    _rule(
        "letters-and",
        "any",
        _letters_and,
        _drop(),
        ("Turnout in E & W rose, and the Q&A ran late.", "E & W"),
        'single letters joined by "&": "E & W", "Q&A", "R&D" (but "PG&E" and "AT&T" stay)',
    ),
    _rule(
        "event-lead-word",
        "several",
        lambda f: f.first in MISC_LEAD_WORDS and f.n_names > 1,
        _drop(),
        ("Officials tracked Hurricane Humberto near Bermuda.", "Hurricane Humberto"),
        'storms, operations and projects: "Hurricane Humberto", "Operation Desert Storm"',
    ),
    _rule(
        "contraction",
        "one",
        lambda f: bool(f.single) and bool(CONTRACTION.search(f.single)),
        _drop(),
        ("Officials said: Don't go there.", "Don't"),
        'a capitalised contraction: "He\'ll", "Don\'t"',
    ),
    _rule(
        "foreign-article",
        "one",
        lambda f: (
            bool(f.single)
            and (
                f.single in ARTICLES
                or (len(f.single) == 2 and f.single in FUNCTION_WORDS and not found_acr(f.text))
            )
        ),
        _drop(),
        ("The quote came from El and others in Paris.", "El"),
        'an article of another language or a two-letter function word alone: "Le", "El", "IT"',
    ),
    _rule(
        "demonym-compound",
        "one",
        lambda f: (
            bool(f.single)
            and "-" in f.single
            and all(part in f.demonyms for part in f.single.split("-"))
        ),
        _drop(),
        ("The Turkish-Libyan deal was signed in Ankara.", "Turkish-Libyan"),
        'two demonyms joined: "Turkish-Libyan"',
    ),
    _rule(
        "place-pair",
        "one",
        _place_pair,
        _drop(),
        ("Officials said the Russia-Ukraine talks had ended.", "Russia-Ukraine"),
        'two places joined by a hyphen, an adjective: "Russia-Ukraine talks", "Paris-Roubaix" '
        "(joined by an en dash they stay two places)",
    ),
    _rule(
        "not-a-name",
        "one",
        lambda f: (
            bool(f.single) and (f.single in NOT_NAMES or f.single in MONTHS or f.single in WEEKDAYS)
        ),
        _drop(),
        ("Police said on Tuesday that Christmas markets would open.", "Christmas"),
        "a listed non-name (holidays, languages, religions), a month or a weekday",
    ),
    _rule(
        "planet",
        "one",
        _planet,
        _drop(),
        ("The probe flew past Saturn and two Jupiters.", "Saturn"),
        'a planet or the Moon alone, or their plural: "Saturn", "Earths" (an astronomy word, '
        'not an actor; "Venus Williams" stays)',
    ),
    _rule(
        "road-word",
        "one",
        _road_word,
        _drop(),
        ("Trucks collided on Interstate 75 near the city.", "Interstate"),
        'a road word cut from its number: "Interstate 75", "Route 66", "Highway 1"',
    ),
    _rule(
        "opener-paired-with-word",
        "one",
        _opener_paired_with_word,
        _drop(),
        ('"Heartbroken and numb," his partner wrote on Monday.', "Heartbroken"),
        'a sentence\'s first word joined to a lowercase word: "Heartbroken and numb," '
        '"Tired but happy," (its capital only opens the sentence)',
    ),
    _rule(
        "ideology",
        "one",
        _ideology,
        _drop(),
        ("Critics blamed Marxism for the crisis.", "Marxism"),
        'a doctrine, creed or movement named by its "-ism": "Marxism", "Buddhism"',
    ),
    _rule(
        "roman-numeral",
        "one",
        _roman_numeral,
        _drop(),
        ("Scholars of the XXI century met in Rome.", "XXI"),
        'a Roman numeral alone: "XXI", "XIV" (a century or a number, not a name)',
    ),
    _rule(
        "defined-term",
        "one",
        lambda f: f.text in f.ev.terms,
        _drop(),
        ("Ebola virus disease (EVD) is often fatal. EVD spread fast.", "EVD"),
        'an acronym of a kind of thing: spelled out with ordinary words ("Ebola virus disease '
        '(EVD)") or counted in the plural ("APIs", "two PIs", then "the PI")',
    ),
    _rule(
        "lone-function-word",
        "one",
        _lone_function_word,
        _drop(),
        ("Officials met the Belarusian delegation.", "Belarusian"),
        "one demonym, function word, role or title alone",
    ),
    _rule(
        "place-demonym",
        "one",
        _place_demonym,
        _drop(),
        ("Many Montanans voted by mail.", "Montanans"),
        'a demonym made from a region or a big place: "Montanans", "Catalonian", "Bostonians"',
    ),
    _rule(
        "place-dwellers",
        "one",
        _place_dwellers,
        _drop(),
        ("Many Yekaterinburgers voted by mail.", "Yekaterinburgers"),
        'people named by "-ers" after a region or a big city: "Yekaterinburgers", "Berliners"',
    ),
    _rule(
        "team-before-role",
        "any",
        _team_before_role,
        Typing(ACTOR, 3.0, 0.0, "results"),
        ("Maroochydore coach Ann Lee said the pitch was wet.", "Maroochydore"),
        'a side before its coach, captain or player: "Leeds coach Ann Lee" names the club, '
        "not the town (a country or a region stays a place)",
    ),
    _rule(
        "lone-cue-word",
        "one",
        lambda f: (
            bool(f.single)
            and is_cue(f.single)
            and f.single not in INSTITUTIONS
            and not f.words[0].upper
            and not f.piece.person_title
        ),
        _drop(),
        ("Officials said the Department would respond.", "Department"),
        'a cue word alone names nothing in particular: "the Department", "the Region"',
    ),
    _rule(
        "results-line",
        "any",
        _in_results,
        Typing(ACTOR, 3.0, 0.0, "results"),
        ("Results: Leeds 2 Middlesbrough 0, Norwich 1 Stoke 1.", "Middlesbrough"),
        'a side in a results line: "Leeds 2 Middlesbrough 0" names the clubs, not the towns',
    ),
    _rule(
        "taxon",
        "one",
        _taxon,
        _drop(),
        ("Corals of the genus Porites survived the heat.", "Porites"),
        'a genus or species: after "genus", "bacterium"…, before a Latin epithet '
        '("Acropora millepora"), or a family name ("Pocilloporidae")',
    ),
    _rule(
        "subdivision-code",
        "one",
        _subdivision_code,
        _drop(),
        ("The firm, based in Austin, TX, hired forty staff.", "TX"),
        'a state\'s or province\'s code after a city and a comma: "Montreal, QC", "Austin, TX" '
        "(part of the address; the city knows its country)",
    ),
    _rule(
        "beside-a-number",
        "one",
        _beside_number,
        _drop(),
        ("The Lost 52 Project found the submarine.", "Lost"),
        'a common word numbered or cut from a name by a code: "Chapter 11", "Lost" of "the '
        'Lost 52 Project", "Buckets" of "Amazon S3 Buckets"',
    ),
    _rule(
        "model-name",
        "any",
        _model_name,
        _drop(),
        ("Police said a Zorbex Z-42 Sky Runner crashed at dawn.", "Sky Runner"),
        'a maker or a model beside a model code: "a Volvo XC90", "the Boeing 737 Max" (the '
        "maker acting on its own elsewhere stays an actor)",
    ),
    _rule(
        "degree",
        "any",
        _degree,
        _drop(),
        ("She earned a Master of Zorbic Studies at a college.", "Zorbic Studies"),
        'an academic degree and its field: "a Master of Business Affairs", "Bachelor of Arts"',
    ),
    _rule(
        "title-fragment",
        "one",
        lambda f: f.words[-1].plural_possessive and _title_word(f.piece.after),
        _drop(),
        ("She was named a Regents' Professor last year.", "Regents"),
        'a plural possessive that opens a title: "Regents\' Professor"',
    ),
    _rule(
        "vessel",
        "any",
        _vessel,
        _drop(),
        ("Divers left the boat, Conception, before dawn.", "Conception"),
        'the name of a ship or a boat: "the boat, Conception,", "aboard the Diamond Princess"',
    ),
    _rule(
        "work-or-product",
        "any",
        _work_or_product,
        _drop(),
        ("Critics praised the film Black Panther on Monday.", "Black Panther"),
        'a work, character or product named after its noun: "the film Black Panther", '
        '"the character T\'Challa", "the experimental drug ZMapp"',
    ),
    _rule(
        "vehicle-model",
        "any",
        _vehicle_model,
        _drop(),
        ("The small plane, a Zorbex Skylark, landed in a field.", "Zorbex Skylark"),
        'a make or model in apposition to a vehicle: "the plane, a Beechcraft Sierra" (the '
        "maker acting elsewhere stays an actor)",
    ),
    _rule(
        "award",
        "any",
        _award,
        _drop(),
        ("For her work she was awarded the Zorbic Star in 1990.", "Zorbic Star"),
        'an honour given to someone: "awarded the Intelligence Star", "presented the Order '
        'of Lenin" (a possessive before the award is its giver and stays)',
    ),
    _rule(
        "named-place",
        "any",
        _named_place,
        Typing(LOCATION, 3.0, 0.0, "context"),
        ("Crowds gathered in an area called the Zorbal on Monday.", "Zorbal"),
        'a name given to a place noun: "an area called the Ellipse", "a village named X"',
    ),
    _rule(
        "category-after-a",
        "several",
        _category_after_a,
        _drop(),
        ("The clinic became a Level 2 Zorb Center, officials said.", "Zorb Center"),
        'a kind of body named in capitals after "a": "a Foreign Terrorist Organization", '
        '"a Member State", "a Level 1 Trauma Center"',
    ),
    _rule(
        "dates-and-roles",
        "any",
        _only_dates_roles,
        _drop(),
        ("Crowds of Sunni Muslims protested.", "Sunni Muslims"),
        'only non-names, months, weekdays, demonyms or a whole title: "Sunni Muslims"; a '
        'time zone: "Central European Time"',
    ),
    _rule(
        "demonym",
        "any",
        lambda f: f.text.lower() in f.demonyms,
        _drop(),
        ("Many Sri Lankans voted in Colombo.", "Sri Lankans"),
        'a demonym of several words: "Sri Lankans", "New Zealander"',
    ),
    _rule(
        "parties-by-adjective",
        "several",
        lambda f: (
            f.last == "parties" and all(w.low in NOT_NAMES or not w.cap for w in f.name_words[:-1])
        ),
        _drop(),
        ("Both the Zorbic and Liberal Parties held primaries.", "Liberal Parties"),
        'several parties named by their adjectives: "the Democratic and Republican Parties" '
        "(each party is named apart, or not at all)",
    ),
    _rule(
        "event-or-work",
        "several",
        lambda f: (
            f.n_names > 1
            and f.last in MISC_HEAD_WORDS
            and f.last not in ORG_HEAD_WORDS
            and not _conference_of_members(f)
        ),
        _drop(),
        ("France won the World Cup in Moscow.", "World Cup"),
        'events, laws, works and awards by their head: "World Cup", "National Emergencies Act"',
    ),
    _rule(
        "express-train",
        "several",
        _express_train,
        _drop(),
        ("The Rajdhani Express left Delhi late.", "Rajdhani Express"),
        'a named train: "Rajdhani Express" (but not "Daily Express" or "Air India Express")',
    ),
    _rule(
        "slogan",
        "any",
        lambda f: any(w in SLOGAN_WORDS for w in f.lows),
        _drop(),
        ("Crowds chanted Make Britain Proud Again in London.", "Make Britain Proud Again"),
        'an adverb no name holds: "Make Britain Proud Again", "Now and Forever"',
    ),
    _rule(
        "shouted-words",
        "any",
        _shouted_words,
        _drop(),
        ('She wrote "I WON THIS RACE, BY A LOT" on Monday.', "BY A LOT"),
        'ordinary words in capitals beside other shouted words: "I WON THIS ELECTION, BY A '
        'LOT!" (not acronyms or places)',
    ),
    _rule(
        "acronym-pair",
        "one",
        _acronym_pair,
        _drop(),
        (
            "The ZLF is banned. Officials said ZLF-QRA fighters left. The QRA denied it.",
            "ZLF-QRA",
        ),
        'two acronyms joined by a dash, each also written alone: "PKK-YPG" (the two are '
        "named apart)",
    ),
    _rule(
        "place-acronym",
        "any",
        lambda f: f.text in PLACE_ACRONYMS or f.text.replace(".", "") in PLACE_ACRONYMS,
        Typing(LOCATION, 3.0, 0.0, "gazetteer"),
        ("Troops left the UK on Monday.", "UK"),
        'a listed acronym of a place: "US", "UK", "UAE", "D.C."',
    ),
    _rule(
        "quoted",
        "any",
        lambda f: (
            f.piece.after in _CLOSING_QUOTES
            and (quoted(f.piece) or _quoted_after_the(f))
            and not f.strong_place
        ),
        _drop(),
        ('The band released "Zorba Nights" on Friday.', "Zorba Nights"),
        "a name in quotes that is no big place: titles of works, slogans, nicknames",
    ),
    _rule(
        "possessive-eponym",
        "any",
        lambda f: f.words[-1].possessive and f.piece.after.lower() in EPONYM_NOUNS,
        _drop(),
        ("He was diagnosed with Parkinson's disease last year.", "Parkinson"),
        'a name before "disease", "law", "syndrome": "Parkinson\'s disease"',
    ),
    _rule(
        "owned-title",
        "any",
        _owned_title,
        _drop(),
        ("Zorba Quillfeather's The Zorbic Nights sold well.", "Zorbic Nights"),
        'a title after a possessive and "The": "Richard Dawkins\' The Selfish Gene"',
    ),
    _rule(
        "eponym",
        "any",
        lambda f: eponym(f.piece),
        _drop(),
        ("The quake measured 6.1 on the Richter scale.", "Richter"),
        'a name before "scale" or "index", or joined by a dash before "virus": "Richter scale"',
    ),
    _rule(
        "thing-after",
        "any",
        lambda f: not f.found and not all(w.upper for w in f.name_words) and thing_after(f.piece),
        _drop(),
        ("Images from the Hubble telescope were released.", "Hubble"),
        'a vehicle, instrument or festival: "the Hubble telescope", "the Sea King helicopter"',
    ),
    _rule(
        "market-name",
        "any",
        lambda f: (
            f.text.lower() in MARKET_NAMES
            or (not f.name_words[-1].upper and f.piece.after in MARKET_AFTER)
        ),
        _drop(),
        ("Brent crude futures rose while the Nikkei fell.", "Brent"),
        'a market index, benchmark or reference rate: "the Nikkei", "Brent crude", "Selic"',
    ),
    _rule(
        "known-place-words",
        "several",
        lambda f: (
            bool(f.found) and f.n_names > 1 and (f.found[0].kind == "country" or f.strong_place)
        ),
        Typing(LOCATION, 4.0, 0.0, "gazetteer"),
        ("Ships crossed the English Channel overnight.", "English Channel"),
        'several words naming a country or a big place: "Soviet Union", "English Channel"',
    ),
    _rule(
        "person-title",
        "any",
        lambda f: (
            f.piece.person_title
            and not f.strong_place
            # "General Bernardo O'Higgins Base": the title is the eponym's, the name a place's.
            and not (f.n_names > 1 and f.last in LOC_HEAD_WORDS)
        ),
        _with_person(ACTOR, 2.0, "title"),
        ("Crowds greeted President Vladimir Putin on Monday.", "Vladimir Putin"),
        'a person\'s title stood before it: "President Vladimir Putin", "Mr Smith"',
    ),
    _rule(
        "organisation-cue",
        "any",
        _org_cue,
        Typing(ACTOR, 2.0, 0.0, "cue"),
        ("She studied at the University of Texas for a year.", "University of Texas"),
        'an organisation cue word: "Ministry", "Party", "University of"',
    ),
    _rule(
        "said-located",
        "any",
        _said_located,
        Typing(LOCATION, 2.0, 0.0, "context"),
        ("Zorbleton is located in the state of Queensland.", "Zorbleton"),
        'the text says it is a place: "X is located in", "X was situated on"',
    ),
    _rule(
        "town-named-person",
        "any",
        lambda f: bool(f.found) and bool(f.person) and not f.strong_place,
        _with_person(ACTOR, 1.0, "default"),
        ("Officials met on Monday. Downey said the plan would work.", "Downey"),
        'a person who shares a small town\'s name: "Downey said"',
    ),
    _rule(
        "gazetteer-place",
        "any",
        lambda f: bool(f.found) and (f.strong_place or f.n_names > 1),
        _known_place,
        ("Talks resumed in Minsk on Monday.", "Minsk"),
        "a big place, or a known place of several words",
    ),
    _rule(
        "town-common-word",
        "any",
        lambda f: bool(f.found) and is_common(f.first, f.common) and not f.located,
        _with_person(ACTOR, 0.3, "common"),
        ("The Summit will be held next week, officials said.", "Summit"),
        'a small town that is also a common word, with no place context: "Summit", "Mobile"',
    ),
    _rule(
        "gazetteer-town",
        "any",
        lambda f: bool(f.found),
        _weak_place,
        ("The ferry stopped in Downey on Monday.", "Downey"),
        "a small town: weak on its own, sure in a place context",
    ),
    _rule(
        "place-cue",
        "several",
        lambda f: (
            f.n_names > 1
            and (f.last in LOC_HEAD_WORDS or f.first in LOC_LEAD_WORDS)
            # "nominee Darrell Castle received": a person whose surname is a place word.
            and not (f.person >= 1 and f.n_names <= 3 and f.last in SURNAME_PLACE_WORDS)
        ),
        Typing(LOCATION, 2.0, 0.0, "cue"),
        ("Police closed Abbey Road on Sunday.", "Abbey Road"),
        'a place cue word: "Street", "River", "Airport", "Mount", "Lake"',
    ),
    _rule(
        "foreign-place-word",
        "several",
        lambda f: (
            f.n_names > 1
            and f.first in FOREIGN_PLACE_LEAD_WORDS
            and not f.person
            and not f.piece.role_title
        ),
        Typing(LOCATION, 1.5, 0.0, "cue"),
        ("Tourists flocked to Wadi Rum last year.", "Wadi Rum"),
        'a place word of another language opens it: "Punta Cana", "Wadi Rum"',
    ),
    _rule(
        "direction-place",
        "several",
        lambda f: (
            f.n_names > 1 and f.first in DIRECTIONS and bool(gz.lookup(join_words(f.words[1:])))
        ),
        Typing(LOCATION, 2.0, 0.0, "cue"),
        ("Fighting spread across East Aleppo overnight.", "East Aleppo"),
        'a direction before a known place: "East Aleppo"',
    ),
    _rule(
        "shire",
        "one",
        lambda f: f.n_names <= 1 and f.first.endswith("shire") and len(f.first) > 7,
        Typing(LOCATION, 2.0, 0.0, "cue"),
        ("Flooding hit Zorbingshire again.", "Zorbingshire"),
        'an English county: "Northamptonshire"',
    ),
    _rule(
        "place-suffix",
        "one",
        lambda f: (
            f.n_names <= 1 and "-" in f.first and f.first.rpartition("-")[2] in PLACE_SUFFIXES
        ),
        Typing(LOCATION, 2.0, 0.0, "cue"),
        ("The fire started in Mapo-gu, officials said.", "Mapo-gu"),
        'a Korean or Japanese place suffix: "Mapo-gu", "Chiba-ken"',
    ),
    _rule(
        "comma-region",
        "any",
        lambda f: comma_region(f.piece),
        Typing(LOCATION, 2.0, 0.0, "context"),
        ("He grew up in Zorbleton, Texas, with his aunt.", "Zorbleton"),
        'followed by a comma and a known region or country: "X, Texas"',
    ),
    _rule(
        "route-end",
        "any",
        lambda f: (
            not f.person
            and not f.words[-1].possessive
            and not is_outlet(f.text)
            and _from_place_to_place(f)
        ),
        Typing(LOCATION, 2.0, 0.0, "context"),
        ("The train ran from Zorbleton to Bangalore on Monday.", "Zorbleton"),
        'an end of a route whose other end is a known place: "from Mysore to Bangalore", '
        '"between Baracoa and Havana"',
    ),
    _rule(
        "acronym",
        "any",
        lambda f: all(w.upper for w in f.name_words) or is_acronym(f.text),
        Typing(ACTOR, 1.5, 0.0, "acronym"),
        ("The report by the WHO was published on Monday.", "WHO"),
        'an acronym: "NATO", "WHO", "FBI"',
    ),
    _rule(
        "located-name",
        "several",
        lambda f: f.n_names > 1 and _plain_located(f),
        Typing(LOCATION, 1.5, 0.0, "context"),
        ("Shells fell near Zorbla Quarn on Sunday.", "Zorbla Quarn"),
        'an unknown name of several words in a place context: "near Tell Abyad"',
    ),
    _rule(
        "unknown-name",
        "several",
        lambda f: f.n_names > 1,
        _with_person(ACTOR, 1.5, "default", 0.5),
        ("On Monday, Zorba Quillfeather won the race.", "Zorba Quillfeather"),
        "an unknown name of several words: a person or an organisation",
    ),
    _rule(
        "capitalised-common-word",
        "any",
        lambda f: is_common(f.lows[0], f.common) and not f.words[0].initial,
        _with_person(ACTOR, 0.3, "common"),
        ("Many people read the Proceedings last year.", "Proceedings"),
        'a common word capitalised mid-sentence: weak evidence ("the Proceedings")',
    ),
    _rule(
        "located-word",
        "any",
        lambda f: is_located(f.piece) and not f.piece.demonym,
        _with_person(LOCATION, 0.6, "context"),
        ("The protest took place in Zorbleton on Monday.", "Zorbleton"),
        'an unknown word in a place context: "in X"',
    ),
    _rule(
        "unknown-word",
        "any",
        lambda f: True,
        _with_person(ACTOR, 0.5, "default"),
        ("On Monday, Quillfeather won the race.", "Quillfeather"),
        "an unknown capitalised word: most likely a surname or an organisation",
    ),
)


# The table as the typing loop reads it: (predicate, outcome, name), per length of name.
_Step = tuple[Callable[[Facts], bool], Typing | Callable[[Facts], Typing], str]
_ONE_WORD_RULES: tuple[_Step, ...] = tuple(
    (rule.applies, rule.outcome, rule.name) for rule in RULES if rule.words != "several"
)
_LONGER_RULES: tuple[_Step, ...] = tuple(
    (rule.applies, rule.outcome, rule.name) for rule in RULES if rule.words != "one"
)


def type_piece(piece: Piece, ev: DocEvidence, common: frozenset[str]) -> Typing:
    """Decide whether one cleaned piece is an actor, a location or nothing: the first rule wins."""
    facts = Facts(piece, ev, common)
    for applies, outcome, name in _ONE_WORD_RULES if facts.n_names == 1 else _LONGER_RULES:
        if applies(facts):
            if isinstance(outcome, Typing):
                return outcome
            typed = outcome(facts)
            # `typed._replace(rule=name)`, without its generic field-by-field copy.
            return Typing(typed.kind, typed.strength, typed.person, typed.reason, name)
    raise AssertionError("the last rule always applies")
