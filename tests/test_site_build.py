"""Build behaviour: determinism, safe writes, stale files, feeds, sitemap and re-rendering."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from site_support import FIXTURE_PROJECT, build_fixture, fixture_config, site_files

from briefgen.build import build_site, render_site
from briefgen.errors import ErrorList, OutputError
from briefgen.urls import page_url_path

BASE_URL = "https://example.org/briefings/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the fixture project."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build_fixture(out)
    return out


# --- Determinism and safe writes -----------------------------------------------------


def _build_in_subprocess(out: Path, seed: str) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from briefgen.build import build_site; from briefgen.config import load_config; "
        "build_site(load_config(Path(sys.argv[1]), {'output_dir': Path(sys.argv[2])}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-c", code, str(FIXTURE_PROJECT), str(out)], check=True, env=env
    )


def test_builds_are_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    _build_in_subprocess(tmp_path / "a", "1")
    _build_in_subprocess(tmp_path / "b", "4242")
    first, second = site_files(tmp_path / "a"), site_files(tmp_path / "b")
    assert first and first == second


def test_second_build_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_fixture(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = build_fixture(out)
    assert first.written == len(stamps) and second.written == 0 and second.removed == 0
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_only_changed_files_are_written(project: Path) -> None:
    out = project / "site"
    build_site(fixture_config(out, project))
    path = project / "content" / "2020" / "storm-warning.md"
    path.write_text(path.read_text().replace("Ferries were", "All ferries were"))
    report = build_site(fixture_config(out, project))
    # The article page itself plus feeds that carry its body; nothing else changed.
    assert report.written >= 1
    assert report.written < 10
    assert "All ferries were" in (out / "2020/09/02/storm-warning/index.html").read_text()


def test_deleted_briefing_disappears_and_dotfiles_stay(project: Path) -> None:
    out = project / "site"
    build_site(fixture_config(out, project))
    (out / ".nojekyll").write_text("")
    (out / "leftover.html").write_text("old")
    (project / "content" / "2020" / "storm-warning.md").unlink()
    report = build_site(fixture_config(out, project))
    assert not (out / "2020/09/02/storm-warning").exists()
    assert not (out / "2020/09/02").exists()  # the day page went with its only briefing
    assert not (out / "leftover.html").exists()
    assert (out / ".nojekyll").exists()
    assert report.removed >= 3


def test_failed_build_leaves_previous_site_untouched(project: Path) -> None:
    out = project / "site"
    build_site(fixture_config(out, project))
    before = site_files(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    (project / "content" / "2020" / "storm-warning.md").unlink()
    (project / "content" / "2020" / "broken.md").write_text("---\ntitle: [oops\n---\n")
    with pytest.raises(ErrorList):
        build_site(fixture_config(out, project))
    assert site_files(out) == before
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*")}


def test_output_folder_may_not_hold_the_project(project: Path) -> None:
    with pytest.raises(OutputError, match="contains"):
        build_site(fixture_config(project, project))
    with pytest.raises(OutputError, match="contains"):
        build_site(fixture_config(project.parent, project))


# --- Pages, drafts, collisions ------------------------------------------------------


def test_drafts_only_with_the_flag(project: Path) -> None:
    out = project / "site"
    build_site(fixture_config(out, project))
    assert not (out / "2021/01/05/draft-note").exists()
    assert not (out / "actors/somebody-secret").exists()
    build_site(fixture_config(out, project), drafts=True)
    assert "Draft" in (out / "2021/01/05/draft-note/index.html").read_text()
    assert (out / "actors/somebody-secret/index.html").is_file()


def test_colliding_term_slugs_are_disambiguated_and_reported(tmp_path: Path) -> None:
    report = build_fixture(tmp_path / "site")
    assert any("'NATO' → /actors/nato/" in w and "'Nato' → /actors/nato-" in w
               for w in report.warnings)  # fmt: skip
    pages = sorted(p.name for p in (tmp_path / "site" / "actors").glob("nato*"))
    assert len(pages) == 2
    titles = {(tmp_path / "site/actors" / p / "index.html").read_text().count("<h1>NATO</h1>")
              for p in pages}  # fmt: skip
    assert titles == {0, 1}


def test_article_page_shows_everything(site_dir: Path) -> None:
    html = (site_dir / "2020/09/14/harbour-bridge-reopens/index.html").read_text()
    assert '<a href="../../../../2020/09/14/"><time datetime="2020-09-14">' in html
    assert 'href="../../../../actors/maria-lopez/"' in html
    assert (
        'href="../../../../locations/riverton/">Riverton</a></span> <span class="country">Portugal'
        in html
    )
    assert 'href="../../../../tags/transport/"' in html
    # An older file's `source:` holds the seed path: it is kept for ingest, not shown.
    assert "seeds/fixture_001.txt" not in html and "<dt>Source</dt>" not in html
    assert 'rel="prev" href="../../../../2020/09/14/summit-opens/"' in html
    assert 'rel="next" href="../../../../2021/01/01/new-year-fireworks/"' in html
    assert '<h2 id="what-changed">' in html and '<h2 id="what-changed-2">' in html
    assert 'href="https://example.com/notice" rel="noopener"' in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and "<b>raw</b>" not in html


def test_home_is_paginated_newest_first(site_dir: Path) -> None:
    home = (site_dir / "index.html").read_text()
    page2 = (site_dir / "page/2/index.html").read_text()
    assert home.index("Ferry service resumes") < home.index("New year fireworks")
    assert "Budget vote" in page2 and "Budget vote" not in home
    assert 'rel="next" href="page/2/"' in home
    assert 'rel="prev" href="../../"' in page2
    assert not (site_dir / "page/3").exists()


def test_taxonomy_index_ranks_by_count_then_lists_a_to_z(site_dir: Path) -> None:
    html = (site_dir / "actors/index.html").read_text()
    top, _, rest = html.partition('<nav class="az-jump"')
    order = [top.index(f">{name}</a>") for name in
             ("City Council", "Maria Lopez", "NATO", "Nato", "Port Authority")]  # fmt: skip
    assert order == sorted(order)
    # A-Z: accents folded ("Éamon" under E), case ignored, each letter a jump target.
    for letter in "CEMNPW":
        assert f'<li><a href="#letter-{letter.lower()}">{letter}</a></li>' in rest
        assert f'<section class="letter" id="letter-{letter.lower()}"' in rest
    e_section = rest[rest.index('id="letter-e"') : rest.index('id="letter-m"')]
    assert ">Éamon Ó Briain</a>" in e_section
    assert "data-term-filter hidden" in html  # the filter box appears only with JS


def test_date_pages_and_archive(site_dir: Path) -> None:
    assert "Harbour bridge" in (site_dir / "2020/09/14/index.html").read_text()
    assert "Summit" not in (site_dir / "2020/09/02/index.html").read_text()
    month = (site_dir / "2020/09/index.html").read_text()
    assert "Storm warning" in month and "Budget vote" not in month
    archive = (site_dir / "archive/index.html").read_text()
    assert 'href="../2020/09/">September 2020</a> <span class="count">3</span>' in archive
    assert 'href="../2021/">2021</a> <span class="count">2</span>' in archive


def test_feeds_parse_with_absolute_stable_ids(site_dir: Path) -> None:
    feeds = sorted(site_dir.rglob("feed.xml"))
    assert len(feeds) == 1 + 15
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.id.startswith(BASE_URL)
        for entry in parsed.entries:
            assert entry.id.startswith(BASE_URL) and entry.id == entry.link
            assert entry.published_parsed[:3] == tuple(int(x) for x in entry.id.split("/")[4:7])
    main = feedparser.parse((site_dir / "feed.xml").read_bytes())
    assert len(main.entries) == 4  # feed_size in the fixture
    assert main.entries[0].title == "Ferry service resumes <after> the storm"
    term = feedparser.parse((site_dir / "actors/city-council/feed.xml").read_bytes())
    assert [e.title for e in term.entries] == [
        "New year fireworks cancelled",
        "Harbour bridge reopens after a month of repairs",
        "Budget vote: council approves spending plan",
    ]


def test_term_feeds_carry_summaries_and_the_main_feed_the_text(
    site_dir: Path, tmp_path: Path
) -> None:
    main = feedparser.parse((site_dir / "feed.xml").read_bytes())
    assert all(entry.get("content") for entry in main.entries)
    term = feedparser.parse((site_dir / "actors/city-council/feed.xml").read_bytes())
    assert term.entries and all(entry.summary and entry.link for entry in term.entries)
    assert not any(entry.get("content") for entry in term.entries)
    # `term_feeds: full` puts the text back, for readers who want it in their feed reader.
    build_site(fixture_config(tmp_path / "full", term_feeds="full"))
    full = feedparser.parse((tmp_path / "full" / "actors/city-council/feed.xml").read_bytes())
    assert all(entry.get("content") for entry in full.entries)


def test_sitemap_lists_every_page(site_dir: Path) -> None:
    tree = ET.parse(site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in tree.getroot().findall("s:url/s:loc", ns)]
    pages = {
        BASE_URL + page_url_path(p.relative_to(site_dir).as_posix())
        for p in site_dir.rglob("*.html")
        if p.name != "404.html"
    }
    assert len(locs) == len(set(locs)) and set(locs) == pages
    robots = (site_dir / "robots.txt").read_text()
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


def test_without_base_url_feeds_still_have_stable_ids(project: Path) -> None:
    (project / "briefgen.yaml").write_text("title: No base\npage_size: 3\n")
    out = project / "site"
    report = build_site(fixture_config(out, project))
    assert any("base_url is not set" in w for w in report.warnings)
    assert not (out / "sitemap.xml").exists()
    assert "canonical" not in (out / "index.html").read_text()
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo
    ids = [e.id for e in parsed.entries]
    assert all(i.startswith("urn:uuid:") for i in ids)
    build_site(fixture_config(out, project))
    assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == ids


# --- Incremental re-rendering (for serve) --------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    "change",
    ["title", "date", "terms", "delete", "add", "draft", "places"],
)
def test_incremental_render_equals_full_render(project: Path, change: str) -> None:
    config = fixture_config(project / "site", project)
    previous = render_site(config)
    content = project / "content"
    target = content / "2020" / "storm-warning.md"
    if change == "title":
        _edit(target, "title: Storm warning", "title: Gale warning")
    elif change == "date":
        _edit(target, "date: 2020-09-02", "date: 2021-01-02")
    elif change == "terms":
        _edit(target, "actors: [Weather Service]", "actors: [Maria Lopez, Harbour Master]")
    elif change == "delete":
        target.unlink()
    elif change == "add":
        target = content / "2020" / "late-news.md"
        target.write_text("---\ntitle: Late news\ndate: 2020-12-31\nactors: [NATO]\n---\n\nHi.\n")
    elif change == "places":  # labels Westport's page, though the briefing does not list it
        target = content / "2021" / "new-year-fireworks.md"
        _edit(
            target, "tags: [weather, events]", "tags: [weather]\nplaces: {Westport: {country: GB}}"
        )
    elif change == "draft":
        target = content / "2021" / "draft-note.md"
        _edit(target, "draft: true", "draft: false")
    incremental = render_site(config, previous=previous, changed=frozenset({target}))
    full = render_site(config)
    assert dict(incremental.output.files) == dict(full.output.files)
    assert incremental.rendered < full.rendered


def test_incremental_render_of_an_edit_touches_few_pages(project: Path) -> None:
    config = fixture_config(project / "site", project)
    previous = render_site(config)
    target = project / "content" / "2020" / "storm-warning.md"
    _edit(target, "Ferries were", "All ferries were")
    state = render_site(config, previous=previous, changed=frozenset({target}))
    article = next(a for a in state.site.articles if a.key == "2020/storm-warning.md")
    dependents = state.site.dependents(article)
    assert "2020/09/02/storm-warning/index.html" in dependents
    assert "2020/09/14/summit-opens/index.html" in dependents  # newer neighbour
    assert "2020/08/28/budget-vote/index.html" in dependents  # older neighbour
    assert "2020/08/index.html" in dependents  # its month page links to this month
    assert "actors/weather-service/index.html" in dependents
    assert "2020/09/index.html" in dependents and "feed.xml" in dependents
    assert "actors/maria-lopez/index.html" not in dependents
    # Only pages that show the article are rendered again; the other pages of a
    # paginated series are compared and reused.
    assert "page/2/index.html" in dependents
    assert state.rendered <= len(dependents) - 1
    assert state.rendered < len(state.site.pages) / 3


def test_incremental_render_reports_errors_and_keeps_previous(project: Path) -> None:
    config = fixture_config(project / "site", project)
    previous = render_site(config)
    target = project / "content" / "2020" / "storm-warning.md"
    _edit(target, "date: 2020-09-02", "date: 2020-13-02")
    with pytest.raises(ErrorList, match=r"content/2020/storm-warning.md:3: "):
        render_site(config, previous=previous, changed=frozenset({target}))


@pytest.mark.parametrize(
    ("number", "count", "expected"),
    [
        (1, 1, (1,)),
        (1, 10, (1, 2, 3, 0, 10)),
        (5, 10, (1, 2, 3, 4, 5, 6, 7, 0, 10)),
        (10, 10, (1, 0, 8, 9, 10)),
        (500, 1000, (1, 0, 498, 499, 500, 501, 502, 0, 1000)),
    ],
)
def test_pager_links_first_last_and_neighbours(number: int, count: int, expected: tuple) -> None:
    from briefgen.model import Pager

    assert Pager(number, count, "actors/x/").numbers() == expected
    assert Pager(number, count, "actors/x/").path(2) == "actors/x/page/2/"


def test_random_edit_sequence_never_misses_a_page(project: Path) -> None:
    """Twenty-five seeded random edits: after each, incremental output equals a full render."""
    import random

    rng = random.Random(20260101)
    config = fixture_config(project / "site", project)
    content = project / "content"
    state = render_site(config)
    names = ["NATO", "Nato", "Maria Lopez", "City Council", "Harbour Master", "Nobody"]
    places = ["Riverton", "Westport", "Eastland", "Northby"]
    for step in range(25):
        files = sorted(p for p in content.rglob("*.md"))
        target = rng.choice(files)
        action = rng.choice(["title", "date", "terms", "delete", "add", "draft", "body"])
        day = f"202{rng.randint(0, 1)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        if action == "add" or len(files) < 3:
            target = content / "2020" / f"added-{step}.md"
            action = "add"
        header = {
            "title": f"Title {step} {rng.random():.3f}",
            "date": day,
            "actors": rng.sample(names, rng.randint(0, 3)),
            "locations": rng.sample(places, rng.randint(0, 2)),
            "draft": action == "draft" and rng.random() < 0.5,
        }
        if action == "delete":
            target.unlink()
        else:
            old = target.read_text() if target.exists() else ""
            if action == "body" and old:
                target.write_text(old + f"\nMore text {step}.\n")
            else:
                lines = [f"{k}: {v}" for k, v in header.items()]
                if rng.random() < 0.3:
                    lines.append(f"places: {{{rng.choice(places)}: {{country: GB}}}}")
                target.write_text("---\n" + "\n".join(lines) + "\n---\n\nBody.\n")
        state = render_site(config, previous=state, changed=frozenset({target}))
        full = render_site(config)
        assert dict(state.output.files) == dict(full.output.files), (step, action, target)


def test_custom_taxonomies_and_reserved_names(project: Path) -> None:
    from briefgen.errors import ConfigError

    (project / "briefgen.yaml").write_text(
        "title: T\nbase_url: https://example.org/briefings/\ntaxonomies: [actors, sectors]\n"
    )
    path = project / "content" / "2020" / "storm-warning.md"
    _edit(path, "tags: [weather]", "sectors: [Shipping, Fishing]")
    out = project / "site"
    build_site(fixture_config(out, project))
    assert (out / "sectors/shipping/index.html").is_file()
    assert (out / "sectors/index.html").is_file()
    assert not (out / "tags").exists() and not (out / "locations").exists()
    html = (out / "2020/09/02/storm-warning/index.html").read_text()
    assert '<a href="../../../../sectors/fishing/">Fishing</a>' in html
    (project / "briefgen.yaml").write_text("taxonomies: [actors, search]\n")
    with pytest.raises(ConfigError, match="taxonomy name 'search'"):
        build_site(fixture_config(out, project))


def test_an_empty_project_builds_a_small_valid_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site(fixture_config(out, tmp_path))
    assert report.articles == 0 and report.terms == 0
    assert "No briefings yet." in (out / "index.html").read_text()
    assert not feedparser.parse((out / "feed.xml").read_bytes()).bozo
    assert (out / "actors/index.html").is_file() and (out / "404.html").is_file()
