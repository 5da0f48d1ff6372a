"""Steps 4 and 5: one vote per distinct name, aliases merged, ranked by prominence."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from briefgen.extract import gazetteer as gz
from briefgen.extract.context import (
    ACTOR,
    LOCATION,
    DocEvidence,
    Piece,
    Typing,
    country_code,
    is_common,
    is_cue,
    is_outlet,
)
from briefgen.extract.lexicon import (
    COORDINATORS,
    CORPORATE,
    LOC_HEAD_WORDS,
    NAME_SUFFIXES,
    NOT_NAME_ENDING,
    ORG_HEAD_WORDS,
    PLACE_ACRONYMS,
    common_words,
    dictionary_words,
)
from briefgen.extract.names import acronym_of, is_acronym, same_entity, words_key


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
    members: tuple[str, ...] = ()
    """The names merged into this one (for --explain)."""
    source_uses: int = 0
    """Mentions that cite it as a source ("told NPR", "on Twitter", "Reuters reported")."""
    other_uses: int = 0
    """Other mentions as an actor."""
    source: bool = False
    """An outlet or a platform only cited as a source: listed apart from the actors."""


def _place_names(typed: list[tuple[Piece, str, Typing]]) -> set[str]:
    """Names that are places in the article more than they are actors."""
    loc: dict[str, float] = {}
    act: dict[str, float] = {}
    for _piece, name, typing in typed:
        if typing.kind == LOCATION and typing.reason != "weak-gazetteer":
            loc[name] = loc.get(name, 0.0) + typing.strength
        elif typing.kind == ACTOR:
            act[name] = act.get(name, 0.0) + typing.strength
    return {n for n, w in loc.items() if w > act.get(n, 0.0)}


def _chains(typed: list[tuple[Piece, str, Typing]]) -> list[list[int]]:
    """Runs of mentions joined only by commas and "and": "A, B and C"."""
    chains: list[list[int]] = []
    for i, (piece, _name, _typing) in enumerate(typed):
        if chains and _coordinated(typed[chains[-1][-1]][0], piece):
            chains[-1].append(i)
        else:
            chains.append([i])
    return [chain for chain in chains if len(chain) > 1]


_LIST = Typing(LOCATION, 1.5, 0.0, "list", "list-of-places")
_LONG_LIST = Typing(LOCATION, 1.5, 0.0, "long-list", "long-list-of-places")


def _list_typing(typing: Typing, name: str, chain_len: int, places: int, mixed: bool) -> Typing:
    """The type of one name of a list, given how many other names of it are places."""
    if typing.reason == "weak-gazetteer" and (places >= 2 or chain_len >= 4):
        # "Bislig, Tago and Tandag": a small town among places is one of them, when the
        # article is about its country.
        return _LIST
    if typing.reason not in ("default", "common"):
        return typing
    if chain_len == 2 and not gz.lookup(name):
        return typing  # "Iran and Assad", "in Berlin, Charité": two names prove little
    if (places >= 2 or (places and chain_len >= 4)) and not mixed:
        # Two other places (or one in a list of four) and no persons: as sure as a place cue.
        return _LONG_LIST
    return _LIST if places else typing


def coordinate_lists(typed: list[tuple[Piece, str, Typing]]) -> None:
    """Names listed with places are places: "from Dolgellau, Harlech, Barmouth and Bala".

    Another name of the list must already be a place somewhere in the article. Such a place
    stays open to doubt: "Iran and Assad" leaves Assad a person when "Bashar al-Assad" is
    named elsewhere, or when no place of the article is in a country that has an "Assad".
    """
    place_names = _place_names(typed)
    for chain in _chains(typed):
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
            typed[i] = (piece, name, _list_typing(typing, name, len(chain), places, mixed))


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
    if all(t.text.lower() in COORDINATORS for t in between):
        return True
    # "Aran and Inis, as well as the X Airport".
    words = " ".join(t.low for t in between if t.text not in (",", "the"))
    return words == "as well as"


def _supported(v: Vote, known_words: set[str], ev: DocEvidence, common: frozenset[str]) -> bool:
    """A name seen only at sentence starts has support elsewhere (or is a name anyway)."""
    found = gz.lookup(v.name)
    low = v.name.lower()
    return (
        any(k in known_words for k in words_key(v.name))
        or (bool(found) and found[0].strong)
        or is_acronym(v.name)
        or is_outlet(v.name)  # "Reuters reported …" opens sentences
        or (
            not is_common(low, common)
            and (low.isascii() or _latin_letters(low))
            and not _seen_lowercase(low, ev.lower)
            and (v.person >= 2 or v.possessive or not NOT_NAME_ENDING.search(low))
        )
    )


def _latin_letters(low: str) -> bool:
    """Written in the Latin script ("Łukasz", "Zrínyi"): English words are what the common-word
    list can rule out. A Cyrillic or Greek opener ("После", "Сейчас" in a Russian quote) is
    no name on its own evidence: it needs the word seen mid-sentence or a place."""
    return all(not c.isalpha() or c.isascii() or "LATIN" in unicodedata.name(c, "") for c in low)


def _seen_lowercase(low: str, lower: set[str]) -> bool:
    """The word, or its singular or plural, is written in lowercase in the article: "Brine in
    regions …" opens a sentence of an article that speaks of "brines" elsewhere."""
    if low in lower or low + "s" in lower or low + "es" in lower:
        return True
    if low.endswith("y") and low[:-1] + "ies" in lower:
        return True
    if low.endswith("ies") and low[:-3] + "y" in lower:
        return True
    return low.endswith("s") and (low[:-1] in lower or (low.endswith("es") and low[:-2] in lower))


def _keep_votes(
    votes: list[Vote], ev: DocEvidence, drops: list[tuple[str, str]] | None
) -> list[Vote]:
    """Drop names with too little evidence: an opener only, a common word only."""
    # Words of names seen away from a sentence start support the same word at one.
    known_words: set[str] = set()
    for v in votes:
        if not v.single_initial_only:
            known_words.update(words_key(v.name))
    # The ends of longer names ("Roger Stone"): one of them alone may be a short form.
    name_ends = {w for v in votes if " " in v.name for w in _ends(words_key(v.name))}
    surnames = {
        key[-1] for v in votes if v.person > 0 and len(key := _unsuffixed(words_key(v.name))) > 1
    }
    kept: list[Vote] = []
    common = common_words()
    for v in votes:
        reason = ""
        if v.single_initial_only and not _supported(v, known_words, ev, common):
            reason = "sentence-opener-only"
        elif _running_mates(v.name, surnames):
            reason = "running-mates"
        elif v.loc + v.actor < 0.5 * v.count and v.count < 3:
            reason = "weak-evidence"  # a common word capitalised, seen once or twice
        elif _lone_word_once(v, name_ends, common):
            reason = "lone-english-word"
        if not reason:
            kept.append(v)
        elif drops is not None:
            drops.append((v.name, reason))
    return kept


def _running_mates(name: str, surnames: set[str]) -> bool:
    """Two surnames of the article's people joined by a hyphen: a ticket or a partnership
    ("Browne-Jorgensen appeared on every ballot", "the Jorgensen-Cohen campaign"), not an
    actor of its own. A double-barrelled surname comes with a given name ("Alexandria
    Ocasio-Cortez") and its halves are no one's surnames."""
    parts = name.split("-")
    return (
        len(parts) == 2
        and " " not in name
        and all(p[:1].isupper() and p.lower() in surnames for p in parts)
        and parts[0].lower() != parts[1].lower()
    )


def _ends(key: tuple[str, ...]) -> tuple[str, ...]:
    """The words a short form of a name keeps: "Roger" or "Stone" of "Roger Stone"."""
    return (key[0], key[-1]) if key else ()


def _lone_word_once(v: Vote, name_ends: set[str], common: frozenset[str]) -> bool:
    """One English word, capitalised, seen once as a name on no evidence but its capital:
    a piece cut from a longer name ("Madness" of "March Madness", "Swim" of "Adult Swim",
    "Commerce" of "Commerce Secretary Wilbur Ross", "Medical" of "Ural State Medical
    University"), not an actor. The first or last word of another name of the article (a
    short form: "Stone" of "Roger Stone"), a person's or a place's evidence, or a second
    mention keeps it. So does a place's evidence beyond "in X" ("specialise in Robotics":
    no known place, no "X, Texas", is one)."""
    if v.count != 1 or v.loc > 0.6 or v.actor > 0.5 or v.person > 0 or v.source_uses:
        return False
    low = v.name.lower()
    plural = v.loc == 0 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
    if not low.isalpha() or low in name_ends or plural:
        return False  # a plural names a team or a family: "the Warriors", "the Tongs"
    return is_common(low, common) or is_common(low, dictionary_words())


def _person_words(votes: list[Vote]) -> set[str]:
    """First and last words of the person names of several words ("Vladimir", "Putin")."""
    words: set[str] = set()
    for v in votes:
        key = tuple(k for k in words_key(v.name) if k not in NAME_SUFFIXES)
        if 1 < len(key) <= 4 and v.actor > v.loc and not any(is_cue(k) for k in key):
            words.add(key[-1])
            words.add(key[0])
    return words


def _doc_countries(votes: list[Vote]) -> set[str]:
    """Countries of the article's sure places."""
    countries: set[str] = set()
    for v in votes:
        if v.loc > v.actor and v.sure_loc:
            found = gz.lookup(v.name)
            if found and found[0].country_code:
                countries.add(found[0].country_code)
    return countries


def resolve_votes(
    votes: list[Vote],
    ev: DocEvidence,
    lead_end: int,
    drops: list[tuple[str, str]] | None = None,
) -> tuple[list[Vote], list[Vote]]:
    """Decide each name's kind from its votes, then merge aliases and rank."""
    votes = _keep_votes(votes, ev, drops)
    # Person names: a single word that is the first or last word of a longer actor name
    # is that person, even when a town somewhere bears the same name.
    person_words = _person_words(votes)
    loc_acronyms = {
        acronym_of(v.name) for v in votes if v.loc > v.actor and len(v.name.split()) > 1
    }
    doc_countries = _doc_countries(votes)
    actors: list[Vote] = []
    locations: list[Vote] = []
    for v in votes:
        key = words_key(v.name)
        is_loc = v.loc > v.actor
        if is_loc and len(key) == 1 and key[0] in person_words and not v.sure_loc:
            is_loc = _is_place(v.name)
        if is_loc and not v.sure_loc and not _country_in(v.name, doc_countries):
            # A small town's name alone, in an article about elsewhere: not good enough.
            if v.person <= 0:
                if drops is not None:
                    drops.append((v.name, "town-elsewhere"))
                continue
            is_loc = False
        if not is_loc and is_acronym(v.name) and v.name.replace(".", "").lower() in loc_acronyms:
            is_loc = True  # "NSW" beside "New South Wales"
        (locations if is_loc else actors).append(v)
    actors = _merge(actors, lead_end)
    for v in actors:
        # An outlet cited more than it acts ("told NPR" but not "Facebook was fined").
        v.source = v.source_uses > v.other_uses and any(
            is_outlet(name) for name in (v.name, *v.members)
        )
    return actors, _merge(_merge_countries(locations), lead_end, places=True)


def _is_place(name: str) -> bool:
    found = gz.lookup(name)
    return bool(found) and found[0].strong


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
        merged.members = tuple(dict.fromkeys(m for g in group for m in (g.name, *g.members)))
        out.append(merged)
    out.sort(key=lambda v: v.first)
    return out


def _country_in(name: str, countries: set[str]) -> bool:
    return any(e.country_code in countries for e in gz.lookup(name))


def _prominence(v: Vote, lead_end: int) -> tuple[float, int]:
    lead = 1.0 if v.first < lead_end else 0.0
    return (-(v.count + 2.0 * v.in_title + lead), v.first)


def _merge(votes: list[Vote], lead_end: int, *, places: bool = False) -> list[Vote]:
    """Fold aliases into the fullest name: "Putin" → "Vladimir Putin", "EU" → "European Union".

    PLACES: the votes are locations, and a country or region never folds into another
    country or region named after it ("Sudan" and "South Sudan").
    """
    # Longest names first become cluster heads; shorter names join the earliest cluster
    # that has a member they are an alias of.
    order = sorted(votes, key=lambda v: (-len(words_key(v.name)), v.first, v.name))
    groups: list[list[Vote]] = []
    # Two aliases share their first or their last word, or one is the other's acronym, so
    # only groups indexed under those keys are compared (long articles stay linear).
    index: dict[str, list[int]] = {}
    for v in order:
        keys = _merge_keys(v.name)
        matches = _alias_groups(v.name, keys, groups, index, places)
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
        if len(group) == 1 and not group[0].members:
            merged.append(_single(group[0]))  # most names stand alone: no sums to make
            continue
        canon = _canonical(group)
        out = Vote(canon.name, min(g.first for g in group))
        out.count = sum(g.count for g in group)
        out.in_title = any(g.in_title for g in group)
        out.loc = sum(g.loc for g in group)
        out.actor = sum(g.actor for g in group)
        out.person = sum(g.person for g in group)
        out.members = tuple(dict.fromkeys(m for g in group for m in (g.name, *g.members)))
        out.source_uses = sum(g.source_uses for g in group)
        out.other_uses = sum(g.other_uses for g in group)
        merged.append(out)
    merged.sort(key=lambda v: _prominence(v, lead_end))
    return merged


# Heads of seas, landforms and sites: a place with one is another place than the country or
# region whose name it holds.
_FEATURE_HEADS = frozenset(
    """
    gulf sea bay strait channel ocean river lake desert valley mountains range plateau
    peninsula canal airport airbase base site test
    """.split()
)


_PLACE_HEADS = LOC_HEAD_WORDS | {"of", "the", "province", "state", "region"}


@functools.lru_cache(maxsize=1 << 16)
def _other_place(short: str, long: str) -> bool:
    """Two countries or two regions, one named inside the other's name: "Sudan" and "South
    Sudan", "Samoa" and "American Samoa", "Virginia" and "West Virginia". (A city named after
    its country, "Mexico City", still folds "Mexico" in: the country's page rolls its cities
    up, and a text often writes the one for the other.)"""
    kinds = {
        (e.kind, e.country_code)
        for e in gz.lookup(short)
        if e.strong and e.kind in ("country", "region")
    }
    if not kinds:
        return False
    found = gz.lookup(long)
    if found and all(e.kind in ("water", "other") for e in found):
        return True  # "Gulf of Mexico", "Gulf of Oman"
    if not found and set(words_key(long)) & _FEATURE_HEADS:
        return True  # "Nevada Test and Training Range"
    if set(words_key(long)) - set(words_key(short)) <= _PLACE_HEADS:
        return False  # "Abaco" of "Abaco Islands", "Jeju" of "Jeju Province"
    others = [e for e in found if e.strong and e.kind in ("country", "region")]
    if any((e.kind, e.country_code) in kinds for e in others if e.kind == "country"):
        return False  # one country's two names: "Korea", "South Korea"
    return any(e.kind == kind for e in others for kind, _ in kinds)


def _alias_groups(
    name: str,
    keys: tuple[str, ...],
    groups: list[list[Vote]],
    index: dict[str, list[int]],
    places: bool,
) -> list[int]:
    """The groups (their numbers, found through INDEX under KEYS) with a member NAME is an
    alias of; for PLACES, not one that is another country or region than NAME."""
    seen: set[int] = set()
    matches: list[int] = []
    for key in keys:
        for g in index.get(key, ()):
            if g not in seen:
                seen.add(g)
                if any(
                    _alias(name, m.name) and not (places and _other_place(name, m.name))
                    for m in groups[g]
                ):
                    matches.append(g)
    return matches


def _single(v: Vote) -> Vote:
    """What `_merge` makes of a group of one vote: the same counts, itself as member, and
    the full name of a place's acronym (as `_canonical` gives)."""
    full = PLACE_ACRONYMS.get(v.name) or PLACE_ACRONYMS.get(v.name.replace(".", ""))
    out = Vote(full if full and v.loc >= v.actor else v.name, v.first)
    out.count = v.count
    out.in_title = v.in_title
    out.loc = v.loc
    out.actor = v.actor
    out.person = v.person
    out.members = (v.name,)
    out.source_uses = v.source_uses
    out.other_uses = v.other_uses
    return out


# Both below depend on the name alone, and the same names (a country, a leader) come back
# in article after article: cached per process, as `words_key` and `same_entity` are.
@functools.lru_cache(maxsize=1 << 16)
def _merge_keys(name: str) -> tuple[str, ...]:
    """Index keys under which a name's aliases can be found."""
    keys: list[str] = []
    for form in (name, _expand_place(name)):
        w = words_key(form)
        if w:
            keys += ["<" + w[0], ">" + w[-1]]
            # A paternal surname alone and the full name it is cut from (`_paternal_surname`).
            if len(w) == 1 or len(w) >= 3:
                keys.append("^" + w[0 if len(w) == 1 else -2])
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


@functools.lru_cache(maxsize=1 << 16)
def _alias(short: str, long: str) -> bool:
    if same_entity(short, long):
        return True
    if same_entity(_expand_place(short), _expand_place(long)):
        # "US" is "United States", but "United States" is no short form of "U.S. Route 2".
        code = country_code(short)
        return not code or country_code(long) == code
    a, b = _unsuffixed(words_key(short)), _unsuffixed(words_key(long))
    if _paternal_surname(a, b) or _paternal_surname(b, a):
        return True
    if _group_plural(a, b) or _group_plural(b, a):
        return True
    if _maternal_surname_added(a, b) or _maternal_surname_added(b, a):
        return True
    # "John Bolton" and "John R. Bolton" (or "John James Conyers Jr."): same first and last
    # word, no cue word.
    return (
        len(a) >= 2
        and len(b) >= 2
        and a[0] == b[0]
        and a[-1] == b[-1]
        and not any(is_cue(w) for w in (*a, *b))
    )


def _group_plural(one: tuple[str, ...], many: tuple[str, ...]) -> bool:
    """ "Houthi" and "Houthis": a group's name and its members' plural. Only after a vowel
    ("Peter" and "Peters" are two people), and not an English or a cue word ("Senate",
    "Senates")."""
    return (
        len(one) == 1
        and len(many) == 1
        and many[0] == one[0] + "s"
        and len(one[0]) > 3
        and one[0][-1] in "aeiou"
        and one[0] not in dictionary_words()
        and not is_cue(one[0])
    )


def _maternal_surname_added(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """ "Pedro Pierluisi" and "Pedro R. Pierluisi Urrutia": a Spanish or Portuguese name
    with the mother's surname after the father's (and initials between), cut to the given
    name and the father's surname."""
    return (
        len(short) == 2
        and len(long) >= 3
        and long[0] == short[0]
        and long[-2] == short[1]
        and all(len(w) == 1 for w in long[1:-2])
        and not any(is_cue(w) for w in long)
    )


def _unsuffixed(key: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words without the "Jr." or "III" that may end it."""
    return key[:-1] if len(key) > 2 and key[-1] in NAME_SUFFIXES else key


def _paternal_surname(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """ "Rosselló" in "Ricardo Rosselló Nevares": the first of two surnames, as Spanish and
    Portuguese names are cut short ("López Obrador" ends the name and matches already)."""
    return (
        len(short) == 1
        and len(long) >= 3
        and long[-2] == short[0]
        and len(short[0]) > 3
        and long[-1] not in NAME_SUFFIXES
        and not any(is_cue(w) for w in long)
    )


def _first_and_last(best: Vote, group: list[Vote]) -> Vote:
    """ "John Conyers" over "John James Conyers Jr." when the article writes both: a
    person's full name with its middle names is written once, in a biography's first line,
    and other briefings name the person by first and last name (middle initials stay:
    "John R. Bolton" is how he is named)."""
    key = words_key(best.name)
    core = _unsuffixed(key)
    if best.person <= 0 or len(key) < 3 or (core == key and all(len(w) == 1 for w in key[1:-1])):
        return best
    shorts = [(core[0], core[-1])]
    if len(core) >= 4 and all(len(w) == 1 for w in core[1:-2]):
        # "Pedro Pierluisi" of "Pedro R. Pierluisi Urrutia": the father's surname, the usual
        # form. (Not of "John Luk Jok": without the initial, the last names may be a
        # father's and a grandfather's, and the full name is the one to list.)
        shorts.append((core[0], core[-2]))
    return next((v for short in shorts for v in group if words_key(v.name) == short), best)


def _canonical(group: list[Vote]) -> Vote:
    """The fullest written form; acronyms of places become their full name."""

    def rank(v: Vote) -> tuple[bool, int, int, int]:
        return (is_acronym(v.name) and len(group) > 1, -len(words_key(v.name)), -v.count, v.first)

    best = min(group, key=rank)
    key = words_key(best.name)
    if len(key) > 1 and (key[-1] in CORPORATE or key[-1] in ORG_HEAD_WORDS):
        # "Facebook" over "Facebook Ireland Limited", "Doris Day" over "Doris Day Animal
        # Foundation": the short form is the usual one.
        for v in sorted(group, key=rank):
            k = words_key(v.name)
            if v is not best and k and key[: len(k)] == k and v.count > best.count:
                best = v
                break
    best = _first_and_last(best, group)
    full = PLACE_ACRONYMS.get(best.name) or PLACE_ACRONYMS.get(best.name.replace(".", ""))
    if full and best.loc >= best.actor:
        return Vote(full, best.first, best.count)
    return best
