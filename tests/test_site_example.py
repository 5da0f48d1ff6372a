"""The bundled example project (content/ as ingest wrote it) builds into a complete, valid site."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from conftest import require
from site_support import broken_links, text_of

from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.model import (
    ArticlePage,
    DataPage,
    Feed,
    GroupPage,
    ListPage,
    Robots,
    TaxonomyPage,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    require(
        any((REPO_ROOT / "content").rglob("*.md")),
        "the example project's content/ (run briefgen ingest)",
    )
    out = tmp_path_factory.mktemp("example") / "site"
    config = load_config(REPO_ROOT, {"output_dir": out})
    report = build_site(config)
    return out, report


def test_example_has_every_page_type(example: tuple[Path, object]) -> None:
    out, _report = example
    from briefgen.build import render_site

    config = load_config(REPO_ROOT, {"output_dir": out})
    site = render_site(config).site
    kinds = {page.kind for page in site.pages.values() if not isinstance(page, DataPage)}
    assert {"home", "article", "taxonomy", "term", "year", "month", "day", "archive"} <= kinds
    assert {"search", "404"} <= kinds
    types = {type(page) for page in site.pages.values()}
    assert {ArticlePage, ListPage, GroupPage, TaxonomyPage, Feed, Robots} <= types


def test_example_links_resolve(example: tuple[Path, object]) -> None:
    out, _report = example
    assert broken_links(out) == []


def test_example_feeds_parse(example: tuple[Path, object]) -> None:
    out, _report = example
    for path in [out / "feed.xml", *sorted(out.glob("actors/*/feed.xml"))[:20]]:
        assert not feedparser.parse(path.read_bytes()).bozo, path


def _topic_headings(html: str) -> list[tuple[str, str]]:
    """(heading text without its count, linked href) of each topic on a day page."""
    found = []
    for heading in re.findall(r'<h2 id="topic-\d+">(.*?)</h2>', html, re.S):
        href = re.search(r'href="([^"]+)"', heading)
        text = re.sub(r'<span class="count">.*?</span>', "", heading)
        found.append((text_of(text), href.group(1) if href else ""))
    return found


def test_day_topic_headings_read_as_the_tag_pages_title_themselves(
    example: tuple[Path, object],
) -> None:
    out, _report = example
    day = out / "2022" / "02" / "24" / "index.html"
    headings = [text for text, _href in _topic_headings(day.read_text(encoding="utf-8"))]
    # IPTC topics by their names, never by their slugs ("Conflict-war-peace").
    assert "Conflict, war and peace" in headings
    assert "Economy, business and finance" in headings
    # On every day, a linked heading reads as the heading of the tag page it links to.
    checked = 0
    for page in sorted(out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/index.html")):
        for text, href in _topic_headings(page.read_text(encoding="utf-8")):
            if href:
                target = (page.parent / href / "index.html").resolve()
                h1 = re.search(r"<h1>(.*?)</h1>", target.read_text(encoding="utf-8"), re.S)
                assert h1 is not None and text_of(h1.group(1)) == text, (page, href)
                checked += 1
    assert checked > 10


def test_month_pages_link_the_nearest_months_with_briefings(example: tuple[Path, object]) -> None:
    out, _report = example
    months = sorted(p.parent for p in out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert len(months) > 3
    for index, folder in enumerate(months):
        html = (folder / "index.html").read_text(encoding="utf-8")
        links = dict(re.findall(r'<link rel="(prev|next)" href="([^"]+)">', html))
        expected = {}
        if index > 0:
            expected["prev"] = months[index - 1]
        if index + 1 < len(months):
            expected["next"] = months[index + 1]
        assert {rel: (folder / href).resolve() for rel, href in links.items()} == expected
        for rel, target in expected.items():  # and a visible link, named by the month
            title = re.search(r"<h1>(.*?)</h1>", (target / "index.html").read_text("utf-8"))
            assert title is not None
            arrow = f"← {title.group(1)}" if rel == "prev" else f"{title.group(1)} →"
            assert f'<a rel="{rel}" href="{links[rel]}">{arrow}</a>' in html


def test_tags_read_by_their_topic_names_wherever_they_are_listed(
    example: tuple[Path, object],
) -> None:
    """A briefing's tag chips and the tags index used to show slugs ("conflict-war-peace")
    while the tag's own page was titled "Conflict, war and peace"; every link to a tag
    page now reads as that page's title."""
    out, _report = example
    pages = sorted(out.rglob("index.html"))  # the tags index, briefing pages, every list
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<nav class="pagination".*?</nav>', "", html, flags=re.S)  # page numbers
        for href, text in re.findall(r'<a href="([^"]*tags/[^"#/]+/)">(.*?)</a>', html, re.S):
            target = (page.parent / href / "index.html").resolve()
            h1 = re.search(r"<h1>(.*?)</h1>", target.read_text(encoding="utf-8"), re.S)
            assert h1 is not None and text_of(h1.group(1)) == text_of(text), (page, href, text)
            checked += 1
    assert checked > 20
