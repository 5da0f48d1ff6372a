"""Resolve location names to a country and coordinates, using the document as context.

A name with several gazetteer readings (Paris, France or Paris, Texas; Georgia the country or
the US state; Victoria in Australia or in Canada) is scored: the log of its population, a bonus
for countries, capitals and big cities, a bonus when another place or a demonym of the article
is in the same country, and a larger one when another place is in the same state or province
("Paris" beside "Texas" or "Dallas"). A name's own readings never count as its context.
Countries are placed at their capital, regions (states, provinces) at their ISO 3166-2 centre;
a place the data sets give no point keeps None.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from briefgen.extract import gazetteer as gz
from briefgen.extract.lexicon import demonym_forms
from briefgen.model import Place


def _score(entry: gz.GazEntry, countries: dict[str, float], regions: set[tuple[str, str]]) -> float:
    score = math.log10(max(entry.population, 1))
    if entry.kind in ("country", "continent"):
        score += 1.5
    elif entry.strong:
        score += 0.5
    if entry.capital:
        score += 1.0
    # The article's country helps a namesake, but a small town does not beat a capital for
    # it alone ("Paris" in a story that mentions the U.S. is still in France); the article's
    # state or province does ("Paris" beside "Texas").
    if entry.country_code and entry.country_code in countries:
        score += 1.6
    if entry.admin1 and (entry.country_code, entry.admin1) in regions:
        score += 3.0
    return score


def resolve_places(names: Sequence[str], demonyms: Iterable[str] = ()) -> tuple[Place, ...]:
    """A Place for every name the gazetteer knows, in the order of `names`.

    `demonyms` (words such as "Belarusian" seen in the text) count as weak evidence of their
    country.
    """
    readings = [gz.lookup(name) for name in names]
    # Evidence for each country (and US state, province…): source → weight. A name's own
    # readings are left out when that name is resolved.
    support: dict[str, dict[str, float]] = {}
    region_support: dict[tuple[str, str], set[str]] = {}
    forms = demonym_forms()
    for word in demonyms:
        code = forms.get(word.lower())
        if code:
            support.setdefault(code, {})["demonym:" + word] = 1.0
    # Context from names with a single reading, or whose best reading is a country.
    for name, found in zip(names, readings, strict=True):
        if not found:
            continue
        sure = len({e.country_code for e in found}) == 1 or (
            found[0].kind == "country" and not any(e.strong for e in found[1:])
        )
        top = found[0]
        if sure and top.country_code:
            support.setdefault(top.country_code, {})[name] = 1.0
            if top.kind in ("region", "city") and top.admin1:
                # "Atlanta" speaks for the US state of Georgia, "Texas" for Paris, Texas.
                region_support.setdefault((top.country_code, top.admin1), set()).add(name)
    places: list[Place] = []
    for name, found in zip(names, readings, strict=True):
        if not found:
            continue
        if len(found) == 1:
            best = found[0]
        else:
            context = {
                code: max(w for src, w in sources.items() if src != name)
                for code, sources in support.items()
                if any(src != name for src in sources)
            }
            regions = {key for key, srcs in region_support.items() if srcs - {name}}
            best = max(found, key=lambda e: (_score(e, context, regions), -_kind_order(e)))
        places.append(
            Place(
                name=name,
                country_code=best.country_code,
                latitude=best.latitude,
                longitude=best.longitude,
                kind=best.kind if best.kind in _KINDS else "other",
            )
        )
    return tuple(places)


_KINDS = {"country", "city", "region", "continent", "water", "other"}


def _kind_order(entry: gz.GazEntry) -> int:
    return ["country", "continent", "region", "city", "water", "other"].index(entry.kind)
