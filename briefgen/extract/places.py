"""Resolve location names to a country and coordinates, using the document as context.

A name with several gazetteer readings (Paris, France or Paris, Texas; Georgia the country or
the US state; Victoria in Australia or in Canada) is scored: the log of its population, a bonus
for countries, capitals and big cities, a bonus when another place or a demonym of the article
is in the same country, and a larger one when another place is in the same state or province
("Paris" beside "Texas" or "Dallas"). A name's own readings never count as its context.
Countries are placed at their capital, regions (states, provinces) at their ISO 3166-2 centre;
a place the data sets give no point keeps None.

A name the main gazetteer does not know, but that the extractor typed as a place, is still put
on the map when it can be: a town of 500 people or more ("Marksville"), preferring one in a
country the article's other places are in; or a facility or part of a known place, at that
place ("Baghdad International Airport" at Baghdad, "Western District of Texas" in Texas).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from briefgen.extract import gazetteer as gz
from briefgen.extract.lexicon import demonym_forms
from briefgen.model import Place


def _score(
    entry: gz.GazEntry,
    countries: dict[str, float],
    regions: set[tuple[str, str]],
    region_lists: set[str],
) -> float:
    score = math.log10(max(entry.population, 1))
    if entry.kind in ("country", "continent"):
        score += 1.5
    elif entry.strong:
        score += 0.5
    if entry.capital:
        score += 1.0
    if entry.kind == "water":
        # A sea or gulf is the water it names, not the province named after it ("Red Sea",
        # not Sudan's Red Sea State), unless the story is set in that province's country.
        score += 1.0
    # The article's country helps a namesake, but a small town does not beat a capital for
    # it alone ("Paris" in a story that mentions the U.S. is still in France); the article's
    # state or province does ("Paris" beside "Texas").
    if entry.country_code and entry.country_code in countries:
        score += 1.6
    if entry.admin1 and (entry.country_code, entry.admin1) in regions:
        score += 3.0
    # A name among other states or provinces of one country is one of them ("Ohio, Oregon
    # and Texas"): the state beats a town of that name in a state the list also names.
    if entry.kind == "region" and entry.country_code in region_lists:
        score += 3.5
    return score


@dataclass(slots=True)
class _Context:
    """What the article's other places and demonyms say about where a name is."""

    support: dict[str, dict[str, float]] = field(default_factory=dict)
    """Country code → {evidence name → weight}."""
    regions: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """(country, admin-1 code) → names that place the article there."""
    region_names: dict[str, set[str]] = field(default_factory=dict)
    """Country code → names that surely are its states or provinces."""

    def countries_for(self, name: str) -> dict[str, float]:
        """Country evidence, leaving out what the name itself says."""
        return {
            code: max(w for src, w in sources.items() if src != name)
            for code, sources in self.support.items()
            if any(src != name for src in sources)
        }

    def regions_for(self, name: str) -> set[tuple[str, str]]:
        return {key for key, names in self.regions.items() if names - {name}}

    def region_lists_for(self, name: str) -> set[str]:
        """Countries with at least two other states or provinces named in the article."""
        return {code for code, names in self.region_names.items() if len(names - {name}) >= 2}


def _read_context(
    names: Sequence[str], readings: list[list[gz.GazEntry]], demonyms: Iterable[str]
) -> _Context:
    """Context from demonyms and from names with a single reading, or a country as best."""
    context = _Context()
    forms = demonym_forms()
    for word in demonyms:
        code = forms.get(word.lower())
        if code:
            context.support.setdefault(code, {})["demonym:" + word] = 1.0
    for name, found in zip(names, readings, strict=True):
        if not found:
            continue
        sure = len({e.country_code for e in found}) == 1 or (
            found[0].kind == "country" and not any(e.strong for e in found[1:])
        )
        top = found[0]
        if not (sure and top.country_code):
            continue
        context.support.setdefault(top.country_code, {})[name] = 1.0
        if top.kind in ("region", "city") and top.admin1:
            # "Atlanta" speaks for the US state of Georgia, "Texas" for Paris, Texas.
            context.regions.setdefault((top.country_code, top.admin1), set()).add(name)
        if top.kind == "region":
            context.region_names.setdefault(top.country_code, set()).add(name)
    return context


def resolve_places(names: Sequence[str], demonyms: Iterable[str] = ()) -> tuple[Place, ...]:
    """A Place for every name the gazetteer knows, in the order of `names`.

    `demonyms` (words such as "Belarusian" seen in the text) count as weak evidence of their
    country.
    """
    readings = [gz.lookup(name) for name in names]
    context = _read_context(names, readings, demonyms)
    abroad: set[str] = set()
    # The countries the story is likely set in: those its names are sure of, and the
    # first reading of every other known name ("Paris" alone is read as France here).
    firsts = {
        name: found[0].country_code for name, found in zip(names, readings, strict=True) if found
    }
    likely = set(context.support) | set(firsts.values())
    likely.discard("")
    # Names read only as towns of middling size in countries the story never names.
    namesakes = {
        name
        for name, found in zip(names, readings, strict=True)
        if _namesake_abroad(found, _story_countries(name, context, firsts))
    }
    for i, found in enumerate(readings):
        if not found:
            fallback = _fallback(names[i], likely)
            if fallback is None:
                abroad.add(names[i])
            readings[i] = fallback or []
    places: list[Place] = []
    for name, found in zip(names, readings, strict=True):
        if not found:
            continue
        best = found[0]
        if len(found) > 1:
            countries = context.countries_for(name)
            regions = context.regions_for(name)
            lists = context.region_lists_for(name)
            best = max(found, key=lambda e: (_score(e, countries, regions, lists), -_kind_order(e)))
        places.append(
            Place(
                name=name,
                country_code=best.country_code,
                latitude=best.latitude,
                longitude=best.longitude,
                kind=best.kind if best.kind in _KINDS else "other",
            )
        )
    return _with_sites(names, places, abroad, namesakes)


def _story_countries(name: str, context: _Context, firsts: dict[str, str]) -> set[str]:
    """The countries the story's other names place it in (NAME's own readings left out)."""
    countries = set(context.countries_for(name))
    countries.update(code for other, code in firsts.items() if other != name and code)
    return countries


# Towns below this population are read as a namesake abroad when the story is set in other
# countries: "Abingdon" in a Virginia court story is not the English market town, nor
# "Waterloo" in a London story the Canadian city. Larger cities keep their reading.
_NAMESAKE_POPULATION = 200_000


def _namesake_abroad(found: Sequence[gz.GazEntry], countries: Collection[str]) -> bool:
    """True when FOUND holds only towns of middling size, none in COUNTRIES (when known)."""
    return bool(found and countries) and all(
        e.kind == "city"
        and not (e.strong or e.capital)
        and e.population < _NAMESAKE_POPULATION
        and e.country_code not in countries
        for e in found
    )


def _with_sites(
    names: Sequence[str],
    places: list[Place],
    abroad: Collection[str] = (),
    namesakes: Collection[str] = (),
) -> tuple[Place, ...]:
    """Put a street, building or county no data set lists in the article's own town.

    "Strickland Street" in a briefing about Christchurch is pinned at Christchurch (kind
    "other"): the map shows briefings at town level, and the article names the town. Only
    names made as places are ("... Street", "... Mosque", "... County", "Rue ...", "Tell
    ..."), or names in ABROAD (read only as a small town in a country the story never names),
    and only when the article has a town (else a state or province) to put them in. A
    name in ABROAD may also go into the article's country, and is left out with no place
    to go: a wrong pin on the map is worse than none. A name in NAMESAKES (read only as a
    middling town abroad) goes to the article's town or country too, and keeps its reading
    when the article has neither. The names keep their order.
    """
    from briefgen.extract.lexicon import FOREIGN_PLACE_LEAD_WORDS, LOC_HEAD_WORDS, LOC_LEAD_WORDS

    town = _home_for_sites([p for p in places if p.name not in namesakes])
    if town is None:
        return _in_country(names, places, abroad, namesakes)
    resolved = {p.name: p for p in places}
    out: list[Place] = []
    for name in names:
        words = name.lower().split()
        if name in resolved and name not in namesakes:
            out.append(resolved[name])
        elif (
            name in abroad
            or name in namesakes
            or (
                len(words) >= 2
                and (
                    words[-1] in LOC_HEAD_WORDS
                    or words[0] in LOC_LEAD_WORDS
                    or words[0] in FOREIGN_PLACE_LEAD_WORDS
                )
            )
        ):
            out.append(Place(name, town.country_code, town.latitude, town.longitude, "other"))
    return tuple(out)


def _home_for_sites(own: Sequence[Place]) -> Place | None:
    """The article's town, else a state or province of it, to put its sites in.

    A region across borders ("Patagonia", "Middle East") is none, nor a region named in
    passing, the only place of its country in an article that names another country first
    ("Alaska" in a South African story about False Bay).
    """
    town = next((p for p in own if p.kind == "city"), None)
    if town is not None:
        return town
    country = next((p for p in own if p.kind == "country" and p.latitude), None)
    counts = Counter(p.country_code for p in own)
    return next(
        (
            p
            for p in own
            if p.kind == "region"
            and p.latitude
            and p.country_code
            and (
                country is None
                or p.country_code == country.country_code
                or counts[p.country_code] > 1
            )
        ),
        None,
    )


def _in_country(
    names: Sequence[str],
    places: list[Place],
    abroad: Collection[str],
    namesakes: Collection[str] = (),
) -> tuple[Place, ...]:
    """PLACES, with the names in ABROAD put in the article's country (left out without one),
    and those in NAMESAKES too (keeping their reading without one)."""
    country = next((p for p in places if p.kind == "country" and p.latitude), None)
    if country is None or not (abroad or namesakes):
        return tuple(places)
    resolved = {p.name: p for p in places}
    return tuple(
        resolved[name]
        if name in resolved and name not in namesakes
        else Place(name, country.country_code, country.latitude, country.longitude, "other")
        for name in names
        if name in resolved or name in abroad
    )


_KINDS = {"country", "city", "region", "continent", "water", "other"}

# Words a facility or part of a place adds to the place's name ("Baghdad International
# Airport", "Greater Manchester", "New York State", "Western District of Texas").
_PART_WORDS = frozenset(
    """
    international national regional municipal metropolitan metro greater downtown inner outer
    upper lower middle north south east west northern southern eastern western central northeast
    northwest southeast southwest mid state city district area zone region province county
    of the de del la le el al
    """.split()
)


def _fallback(name: str, countries: set[str]) -> list[gz.GazEntry] | None:
    """Readings for a name the main gazetteer lacks: a small town, or a part of a known place.

    A name read only as towns below `_NAMESAKE_POPULATION` in countries the story never
    names (when it names some) gets None: it is more likely a site of the story's own town
    named alike ("Notre-Dame" in a Paris story is no Notre Dame, Indiana), put there by
    `_with_sites`.
    """
    towns = gz.lookup_minor(name)
    if towns:
        near = [t for t in towns if t.country_code in countries]
        if not near and countries and _namesake_abroad(towns, countries):
            return None
        return near[:1] or towns[:1]
    return _part_of(name, countries)


def _part_of(name: str, countries: Collection[str] = ()) -> list[gz.GazEntry]:
    """The known place a facility or district is in, as a reading of kind "other".

    A part found only among towns holds to `_fallback`'s rule: when the story names
    COUNTRIES, a town elsewhere is not it ("Trinity Peninsula" in a story about Chile's base
    in Antarctica is no part of Trinity, Florida; "Blenheim Palace" in an English story no
    part of Blenheim, New Zealand).
    """
    from briefgen.extract.lexicon import LOC_HEAD_WORDS

    words = name.split()
    if not 2 <= len(words) <= 6:
        return []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            rest = words[:start] + words[start + size :]
            if not all(w.lower().strip(".,") in _PART_WORDS | LOC_HEAD_WORDS for w in rest):
                continue
            span = " ".join(words[start : start + size])
            found = [e for e in gz.lookup(span) if e.latitude is not None]
            if found and countries:
                # The readings in a country the story names ("Northern District of Georgia"
                # in a US story), else the strong ones: a town abroad is more likely no part
                # of the story ("Trafalgar Square" in a London story is not in Spain,
                # "Blenheim Palace" in England no part of Blenheim, New Zealand).
                found = [e for e in found if e.country_code in countries] or [
                    e for e in found if e.strong
                ]
            if len(found) > 1:
                # The likeliest reading, as for the name alone: "Washington Monument" is in
                # the capital, not in the state listed first.
                weights = dict.fromkeys(countries, 1.0)
                found.sort(key=lambda e: -_score(e, weights, set(), set()))
            if not found:
                found = gz.lookup_minor(span)
                if countries:
                    found = [t for t in found if t.country_code in countries]
            if found:
                top = found[0]
                return [
                    gz.GazEntry(
                        name,
                        "other",
                        top.country_code,
                        top.latitude,
                        top.longitude,
                        0,
                        top.admin1,
                        False,
                    )
                ]
    return []


def _kind_order(entry: gz.GazEntry) -> int:
    return ["country", "continent", "region", "city", "water", "other"].index(entry.kind)
