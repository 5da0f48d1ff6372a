"""The bundled example project (content/ as ingest wrote it) builds into a complete, valid site."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import require
from site_support import broken_links

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
