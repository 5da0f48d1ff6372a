"""Recognise the date stamp or wire dateline that opens a lead, and split it off.

Agencies file copy as ``PLACE[, Region][, Date] [(Agency)] - text``: "LONDON, Dec 6 (Reuters) -
…", "MOSCOW (AP) — …", "WASHINGTON, D.C., March 3 (AFP) -- …". Scraped pages open with a date
stamp: "Friday, December 25, 2020 …". Both belong in the body, not in a title or summary.

An ordinary sentence can open the same way ("US - China talks", "NATO AND THE EU - …",
"COVID-19 - …"), so the shape alone is not enough. An agency in parentheses or a date is
evidence of a dateline; without either, every place must be known to the gazetteer, and an
acronym-sized word (two letters), a digit or a function word ("AND", "THE" inside) rules the
match out. The gazetteer is loaded only when a lead has the shape of a bare dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a lead's opening date stamp or wire dateline says."""

    place: str
    """The place in normal case ("Santiago", "Kyiv", "Beirut/Dubai"); "" for a date stamp."""
    raw: str
    """The text that was split off, as written ("LONDON, Dec 6 (Reuters) -")."""
    agency: str
    """The agency named in parentheses ("Reuters", "AP"), or ""."""
    date: str
    """The date as written ("Dec 6", "Friday, December 25, 2020"), or ""."""
    places: tuple[str, ...] = ()
    """Each place of a combined dateline ("BEIRUT/DUBAI" → "Beirut", "Dubai"), normal case."""
    region: str = ""
    """The region or country after the place ("Ukraine", "D.C."), as written, or ""."""


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "Friday, December 25, 2020", "December 25, 2020", "Friday, 25 December 2020".
_DATE_STAMP = re.compile(
    rf"^\s*(?P<stamp>(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}))"
    r"(?:\s*[-–—:|]+(?=\s)|,(?=\s))?(?:\s+|$)",
    re.IGNORECASE,
)
# One upper-case word of a place: letters with inner apostrophes, hyphens, periods ("ST.",
# "PORT-AU-PRINCE", "N'DJAMENA").
_CAPS_WORD = r"[^\W\d_a-z]+(?:['’.-][^\W\d_a-z]+)*\.?"
_CAPS_PLACE = (
    rf"{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}}(?:/{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}}){{0,3}}"
)
# A mixed-case place is accepted only before an agency: "Kyiv (Reuters) -".
_TITLE_WORD = r"[^\W\d_a-z][\w'’.-]*"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:\s{_TITLE_WORD}){{0,3}}"
_REGION_WORD = r"[^\W\d_a-z][\w'’.-]*"
_DATE_TEXT = rf"(?:(?:{_MONTHS})\.?\s+{_DAY}|{_DAY}\s+(?:{_MONTHS})\.?)(?:,?\s+\d{{4}})?"
_AGENCY = r"\((?P<agency>[^()\d\n]{2,40})\)"
_DASH = r"(?:\s*(?:--|[–—])\s*|\s+-\s+|\s-(?=\S)(?!-))"
_WIRE = re.compile(
    rf"^\s*(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}(?=\s*\())"
    rf"(?P<region>(?:,\s*(?!(?:{_MONTHS})\.?\s+\d)(?:{_REGION_WORD})(?:\s{_REGION_WORD}){{0,2}}){{0,2}})"
    rf"(?:,?\s*(?P<date>{_DATE_TEXT}))?"
    rf"(?:\s*{_AGENCY})?"
    rf"(?P<dash>{_DASH})",
)
# Words that never sit inside a dateline's place: "NATO AND THE EU -", "TALKS ON TRADE -".
_FUNCTION_WORDS = frozenset(
    "and or of for to in on at by with vs versus is are was were be not no from into as"
    " but if than".split()
)
# Particles that stay lower case inside a place name ("Rio de Janeiro", "Port-au-Prince").
_PARTICLES = frozenset("de da del della di do dos das du des es au aux en sur la le el y".split())


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """Split a leading date stamp and/or wire dateline off TEXT.

    Returns (dateline, rest). Without one, returns (None, text) unchanged. A date stamp
    followed by a wire dateline gives one Dateline holding both.
    """
    stamp = ""
    rest = text
    raw = ""
    match = _DATE_STAMP.match(text)
    if match and (match.end() == len(text) or _starts_like_text(text[match.end() :])):
        stamp = match.group("stamp")
        raw = text[: match.end()].strip()
        rest = text[match.end() :]
    wire = _match_wire(rest)
    if wire is None:
        if not stamp:
            return None, text
        return Dateline(place="", raw=raw, agency="", date=stamp), rest.lstrip()
    found, wire_rest = wire
    return (
        Dateline(
            place=found.place,
            raw=f"{raw} {found.raw}".strip(),
            agency=found.agency,
            date=found.date or stamp,
            places=found.places,
            region=found.region,
        ),
        wire_rest,
    )


def _starts_like_text(rest: str) -> bool:
    """After a date stamp, text goes on with a capital, a digit or an opening quote."""
    rest = rest.lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'(")


def _match_wire(text: str) -> tuple[Dateline, str] | None:
    match = _WIRE.match(text)
    if match is None:
        return None
    rest = text[match.end() :].lstrip()
    if not rest or not _starts_like_text(rest):
        return None
    place_raw = match.group("place")
    agency = (match.group("agency") or "").strip()
    date = (match.group("date") or "").strip()
    region = match.group("region").strip(" ,")
    region = re.sub(r"\s*,\s*", ", ", region)
    caps = place_raw.upper() == place_raw
    if not caps and not agency:
        return None
    parts = [p.strip() for p in place_raw.split("/")]
    words = [w for p in parts for w in re.split(r"[\s\-]+", p) if w]
    if any(w.lower().strip(".") in _FUNCTION_WORDS for w in words):
        return None
    if not any(sum(c.isalpha() for c in w) >= 3 for w in words):
        return None  # "US - China talks", "UN -": acronyms, not datelines
    if any(w.lower() == "the" for p in parts for w in p.split()[1:]):
        return None  # "THE" only opens a place ("THE HAGUE")
    places = tuple(_normal_case(p) for p in parts)
    if not agency and not date and not all(_known_place(p) for p in places):
        return None
    dateline = Dateline(
        place="/".join(places),
        raw=text[: match.end()].strip(),
        agency=agency,
        date=date,
        places=places,
        region=region,
    )
    return dateline, rest


def _known_place(name: str) -> bool:
    """True when the gazetteer knows NAME; imported late, so only bare datelines load it."""
    from briefgen.extract.gazetteer import lookup

    return bool(lookup(name))


def _normal_case(place: str) -> str:
    """ "RIO DE JANEIRO" → "Rio de Janeiro", "N'DJAMENA" → "N'Djamena"; "Kyiv" stays."""
    if place.upper() != place:
        return place
    out: list[str] = []
    for index, word in enumerate(place.split()):
        out.append(_normal_word(word, first=index == 0))
    name = " ".join(out)
    return _gazetteer_spelling(name)


def _normal_word(word: str, *, first: bool) -> str:
    pieces = re.split(r"(['’\-])", word)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if piece in ("-", "'", "’"):
            out.append(piece)
            continue
        lower = piece.lower()
        if (index > 0 or not first) and lower in _PARTICLES:
            out.append(lower)
        elif index > 0 and pieces[index - 1] in ("'", "’") and len(pieces[index - 2]) > 1:
            out.append(lower)  # "ST. JOHN'S" → "St. John's"; "N'DJAMENA" → "N'Djamena"
        else:
            out.append(lower[:1].upper() + lower[1:])
    return "".join(out)


def _gazetteer_spelling(name: str) -> str:
    """The gazetteer's own spelling when it folds to the same key ("Mcallen" → "McAllen")."""
    from briefgen.extract.gazetteer import lookup

    for entry in lookup(name):
        if entry.name.lower() == name.lower():
            return entry.name
    return name
