"""A country's map frames its mainland and the places near it: a far territory would widen
it to the whole world. The places left off are counted in the caption, and every circle
drawn lies inside the map's box."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from site_support import fixture_config

from briefgen.build import render_site
from briefgen.geo import country_bounds, near_points
from briefgen.model import Place

PROJECT = Path(__file__).parent / "fixtures" / "relations" / "project"


def _place(name: str, lat: float, lon: float) -> Place:
    return Place(name, "BY", lat, lon, "other")


def test_near_points_keeps_the_places_near_the_mainland_in_order() -> None:
    bounds = country_bounds("BY")
    assert bounds is not None
    grodno = _place("Grodno", 53.68, 23.83)
    outpost = _place("Outpost", -40.0, 100.0)  # far beyond the reach
    vilnius = _place("Just across", 54.69, 25.28)  # beside the border: near
    assert near_points([outpost, grodno, vilnius], bounds) == [grodno, vilnius]
    # Without a mainland (a city's map, or no outline), every point is drawn.
    assert near_points([outpost, grodno], None) == [outpost, grodno]


def _circles_inside(html: str) -> tuple[int, list[tuple[float, float]]]:
    """(how many circles the map draws, those outside its viewBox)."""
    svg = re.search(r'<svg class="map-chart" viewBox="([^"]+)".*?</svg>', html, re.S)
    assert svg is not None
    left, top, width, height = (float(v) for v in svg.group(1).split())
    points = [
        (float(x), float(y)) for x, y in re.findall(r'cx="([^"]+)" cy="([^"]+)"', svg.group())
    ]
    outside = [
        (x, y) for x, y in points if not (left <= x <= left + width and top <= y <= top + height)
    ]
    return len(points), outside


def test_a_country_map_leaves_a_far_territory_off_and_says_so(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    shutil.copytree(PROJECT, project_dir)
    strike = project_dir / "content" / "factory-strike.md"
    text = strike.read_text(encoding="utf-8")
    strike.write_text(
        text.replace("[Minsk, Belarus, Grodno]", "[Minsk, Belarus, Grodno, Outpost]").replace(
            "  Grodno:", "  Outpost: {country: BY, lat: -40.0, lon: 100.0}\n  Grodno:"
        ),
        encoding="utf-8",
    )
    files = render_site(fixture_config(tmp_path / "out", project_dir)).output.files
    belarus = files["locations/belarus/index.html"].decode()
    drawn, outside = _circles_inside(belarus)
    assert outside == []
    assert "(1 farther away lies off the map)" in belarus
    # Grodno and Minsk are drawn, with the country's own marker; the outpost is not.
    assert drawn == 3
    box = re.search(r'<svg class="map-chart" viewBox="([^"]+)"', belarus)
    assert box is not None
    width = float(box.group(1).split()[2])
    assert width < 100 * 4  # a window onto Belarus, not the whole world (1440 wide)


def test_a_place_beyond_the_maps_edge_gets_a_whole_circle(tmp_path: Path) -> None:
    # The world map stops at 60 degrees south: a station far beyond it is drawn at the
    # edge, its whole circle inside the map, on the locations index and on its own page.
    project_dir = tmp_path / "project"
    shutil.copytree(PROJECT, project_dir)
    storm = project_dir / "content" / "storm-nears-florida.md"
    text = storm.read_text(encoding="utf-8")
    storm.write_text(
        text.replace("[Florida, United States]", "[Florida, United States, Pole Station]").replace(
            "places:\n", "places:\n  Pole Station: {country: AQ, lat: -89.9, lon: 179.9}\n"
        ),
        encoding="utf-8",
    )
    files = render_site(fixture_config(tmp_path / "out", project_dir)).output.files
    for path in ("locations/index.html", "locations/pole-station/index.html"):
        html = files[path].decode()
        svg = re.search(r'<svg class="map-chart" viewBox="([^"]+)".*?</svg>', html, re.S)
        assert svg is not None, path
        left, top, width, height = (float(v) for v in svg.group(1).split())
        circles = re.findall(r'cx="([^"]+)" cy="([^"]+)" r="([^"]+)"', svg.group())
        assert circles, path
        for cx, cy, r in ((float(a), float(b), float(c)) for a, b, c in circles):
            assert left <= cx - r and cx + r <= left + width, (path, cx, r)
            assert top <= cy - r and cy + r <= top + height, (path, cy, r)
