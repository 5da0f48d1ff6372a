"""Step 3: type each cleaned piece with an ordered table of named rules."""

from __future__ import annotations

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import (
    PLACE_SUFFIXES,
    join_words,
)
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
    is_role,
    is_title_words,
    lookup_name,
    quoted,
    thing_after,
)
from briefgen.extract.lexicon import (
    ARTICLES,
    CONTRACTION,
    DIRECTIONS,
    EPONYM_NOUNS,
    FOREIGN_PLACE_LEAD_WORDS,
    FUNCTION_WORDS,
    INSTITUTIONS,
    KIN_NOUNS,
    LOC_HEAD_WORDS,
    LOC_LEAD_WORDS,
    MISC_HEAD_WORDS,
    MISC_LEAD_WORDS,
    MONTHS,
    NOT_NAMES,
    NUMBER_WORDS,
    OCCUPATIONS,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    ROLE_WORDS,
    ROMAN,
    SAYS,
    SLOGAN_WORDS,
    TITLE_NOUNS,
    WEEKDAYS,
    demonym_forms,
)
from briefgen.extract.names import is_acronym


def type_piece(piece: Piece, ev: DocEvidence, common: frozenset[str]) -> Typing:
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
        return NO_TYPE  # a lone letter
    if first in MISC_LEAD_WORDS and len(name_words) > 1:
        return NO_TYPE  # "Hurricane Humberto", "Operation Desert Storm"
    if len(name_words) == 1:
        single = lows[0]
        if CONTRACTION.search(single):
            return NO_TYPE  # "He'll", "You've", "Don't"
        if single in ARTICLES or (
            len(single) == 2 and single in FUNCTION_WORDS and not found_acr(text)
        ):
            return NO_TYPE  # "Le", "El", "IT"
        if "-" in single and all(part in demonyms for part in single.split("-")):
            return NO_TYPE  # "Turkish-Libyan"
        if single in NOT_NAMES or single in MONTHS or single in WEEKDAYS:
            return NO_TYPE
        if not words[0].upper and (
            single in demonyms
            or single in FUNCTION_WORDS
            or single in ROLE_WORDS
            or single in TITLE_NOUNS
            or single in PERSON_TITLES
        ):
            return NO_TYPE
        # A cue word alone ("the Department", "the Region") names nothing in particular.
        if (
            is_cue(single)
            and single not in INSTITUTIONS
            and not words[0].upper
            and not piece.person_title
        ):
            return NO_TYPE
    if all(
        w in MONTHS or w in WEEKDAYS or w in NOT_NAMES or w in demonyms or is_role(w) or not c.cap
        for w, c in zip(lows, words, strict=True)
    ) and (
        not all(is_role(w) or not c.cap for w, c in zip(lows, words, strict=True))
        or is_title_words(words)
    ):
        return NO_TYPE  # "Prime Minister", "Monday", "Belarusian" — but not "Science News"
    if text.lower() in demonyms:
        return NO_TYPE
    # Events, laws, works, awards: "World Cup", "National Emergencies Act"; a number may
    # follow the head ("World War II", "World War Two", "Super Bowl LIV").
    if len(name_words) > 2 and (ROMAN.match(last) or last in NUMBER_WORDS):
        last = lows[-2]
    if len(name_words) > 1 and last in MISC_HEAD_WORDS and last not in ORG_HEAD_WORDS:
        return NO_TYPE
    if (
        len(name_words) > 1
        and last == "express"
        and not is_common(lows[-2], common)
        and lows[-2] not in demonyms
        and "air" not in lows
    ):
        return NO_TYPE  # a train ("Rajdhani Express"), not "Daily Express", "Air India Express"
    if any(w in SLOGAN_WORDS for w in lows):
        return NO_TYPE
    found = lookup_name(text)
    strong_place = bool(found) and found[0].strong
    if text in PLACE_ACRONYMS or text.replace(".", "") in PLACE_ACRONYMS:
        return Typing(LOCATION, 3.0, 0.0, "gazetteer")
    if quoted(piece) and not strong_place:
        return NO_TYPE  # titles of works, slogans, nicknames
    if words[-1].possessive and piece.after.lower() in EPONYM_NOUNS:
        return NO_TYPE  # "Parkinson's disease", "Murphy's law"
    if eponym(piece):
        return NO_TYPE  # "Richter scale", "Saffir–Simpson scale", "Epstein–Barr virus"
    if not found and not all(w.upper for w in name_words) and thing_after(piece):
        return NO_TYPE  # "the Webb space telescope", "the Sea King helicopter"
    if found and len(name_words) > 1 and (found[0].kind == "country" or found[0].strong):
        return Typing(LOCATION, 4.0, 0.0, "gazetteer")  # "Soviet Union", "English Channel"
    person = 0.0
    if piece.person_title:
        person += 2.0
    if piece.after.lower() in SAYS:
        person += 0.5
    before = piece.before
    if before in KIN_NOUNS or before in OCCUPATIONS:
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
    located = is_located(piece) or comma_region(piece)
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
        if first in DIRECTIONS and gz.lookup(join_words(words[1:])):
            return Typing(LOCATION, 2.0, 0.0, "cue")
    elif first.endswith("shire") and len(first) > 7:
        return Typing(LOCATION, 2.0, 0.0, "cue")  # "Northamptonshire"
    elif first.rpartition("-")[2] in PLACE_SUFFIXES and "-" in first:
        return Typing(LOCATION, 2.0, 0.0, "cue")  # "Mapo-gu", "Chiba-ken"
    if comma_region(piece):
        return Typing(LOCATION, 2.0, 0.0, "context")
    if all(w.upper for w in name_words) or is_acronym(text):
        return Typing(ACTOR, 1.5, 0.0, "acronym")
    if len(name_words) > 1:
        if is_located(piece) and not person and not piece.role_title:
            return Typing(LOCATION, 1.5, 0.0, "context")  # "near Tell Abyad", "X station"
        return Typing(ACTOR, 1.5, person + 0.5, "default")
    # A single unknown capitalised word.
    if is_common(lows[0], common) and not words[0].initial:
        # A common word capitalised mid-sentence ("the Internet", "Proceedings"): weak.
        return Typing(ACTOR, 0.3, person, "common")
    if is_located(piece) and not piece.demonym:
        return Typing(LOCATION, 0.6, person, "context")
    return Typing(ACTOR, 0.5, person, "default")
