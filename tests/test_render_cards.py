"""Cards and related entries are rendered once per briefing and reused at every depth."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from site_support import FIXTURE_PROJECT, child_theme, fixture_config

from briefgen.assemble import assemble_site
from briefgen.build import _read_content, _renderer, build_site
from briefgen.render import (
    CARD,
    LINK_PREFIX,
    RELATED_ITEM,
    _helpers,
    _render_card,
    _render_card_template,
    card_markup,
    compile_templates,
    related_item_markup,
    render_page,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


def test_reused_cards_are_the_bytes_of_cards_rendered_for_each_page(tmp_path: Path) -> None:
    config = fixture_config(tmp_path / "site", page_size=2)  # term pages at depth 2 and 4
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    shared, fresh = _renderer(config), _renderer(config)
    depths = set()
    for path, page in site.pages.items():
        fresh.cards.clear()  # nothing reused: every card rendered for this page
        once = render_page(page, site, shared)
        assert once == render_page(page, site, fresh), path
        assert LINK_PREFIX.encode() not in once
        if b'<article class="card">' in once:
            depths.add(path.count("/"))
    assert len(depths) >= 2  # the same cards were pasted at two depths at least
    assert any(portable for _article, _markup, portable in shared.cards.values())


def test_a_card_template_that_reshapes_its_links_is_rendered_per_page(project: Path) -> None:
    child_theme(
        project,
        {
            "_card.html": '<p class="probe">{{ url(a.url_path)|length }}|{{ url("") }}|'
            '<a href="{{ url(a.url_path) }}">{{ a.title }}</a></p>\n'
        },
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine", page_size=2))
    probes = {
        relative: re.findall(r'<p class="probe">(\d+)\|([^|]*)\|<a href="([^"]+)"', text)
        for relative, text in (
            (p.relative_to(out).as_posix(), p.read_text()) for p in out.rglob("*.html")
        )
    }
    assert {relative.count("/") for relative, found in probes.items() if found} >= {2, 4}
    for relative, found in probes.items():
        prefix = "../" * relative.count("/")
        for length, home, href in found:
            assert home == (prefix or "./"), relative
            assert href.startswith(prefix) and int(length) == len(href), relative


def test_templates_compile_before_the_fork_and_a_broken_one_fails_where_used(
    project: Path,
) -> None:
    theme = project / "themes" / "mine"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n")
    (theme / "templates" / "unused.html").write_text("{% if %}\n")  # never rendered
    config = fixture_config(project / "site", project, theme="mine")
    renderer = _renderer(config)
    names = renderer.env.list_templates(extensions=["html"])
    assert compile_templates(renderer) == len(names) - 1
    assert renderer.env.cache is not None and len(renderer.env.cache) == len(names) - 1
    build_site(config, jobs=2)  # the broken template is used by no page
    assert (project / "site" / "index.html").is_file()


def test_the_related_entry_written_in_python_is_the_default_templates(tmp_path: Path) -> None:
    config = fixture_config(tmp_path / "site")
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    renderer = _renderer(config)
    path = next(p for p in site.pages if p.count("/") == 4)
    helpers = _helpers(path, site, renderer)
    tricky = dataclasses.replace(
        site.articles[0], title='Tom & Jerry\'s <b>"big"</b> day', slug="a-b"
    )
    for article in (*site.articles, tricky):
        python = related_item_markup(article)
        jinja, portable = _render_card_template(RELATED_ITEM, article, site, renderer, helpers)
        assert python == jinja and portable
        assert _render_card(RELATED_ITEM, article, site, renderer, helpers) == (python, True)


def test_a_themes_own_related_entry_is_rendered_as_written(project: Path) -> None:
    child_theme(
        project,
        {
            "_related_item.html": '<li class="mine"><a href="{{ url(a.url_path) }}">{{ a.title }}</a></li>\n'
        },
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    pages = [p.read_text() for p in out.rglob("index.html")]
    lists = [re.findall(r'<ul class="related-list">\n(.*?)</ul>', t, re.S) for t in pages]
    entries = [entry for found in lists for entry in found]
    assert entries
    assert all(entry.startswith('<li class="mine">') and "<time" not in entry for entry in entries)


def test_the_card_written_in_python_is_the_default_templates(tmp_path: Path) -> None:
    config = fixture_config(tmp_path / "site", taxonomies=("actors", "locations", "tags"))
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    renderer = _renderer(config)
    helpers = _helpers(next(p for p in site.pages if p.count("/") == 4), site, renderer)
    many = tuple(f"Person {n} & <Co>" for n in range(7))
    first = site.articles[0]
    tricky = [
        dataclasses.replace(first, title='Tom & Jerry\'s <b>"big"</b> day', draft=True),
        dataclasses.replace(first, summary="", terms=(("tags", ("t",)), ("actors", many))),
        dataclasses.replace(first, terms=(("locations", many[:5]), ("actors", ()))),
        dataclasses.replace(first, terms=()),
    ]
    slugs = {
        **site.slugs,
        **{(t, name): f"p-{n}" for t in ("actors", "locations") for n, name in enumerate(many)},
    }
    site = dataclasses.replace(site, slugs=slugs)
    for article in (*site.articles, *tricky):
        python, links = card_markup(article, site.slugs)
        jinja, portable = _render_card_template(CARD, article, site, renderer, helpers)
        assert python == jinja and portable
        assert python.count(LINK_PREFIX) == links
        assert _render_card(CARD, article, site, renderer, helpers) == (python, True)
    assert any("Draft" in card_markup(a, slugs)[0] for a in tricky)
    assert "and 2 more" in card_markup(tricky[1], slugs)[0]


def test_a_themes_own_card_is_rendered_as_written(project: Path) -> None:
    child_theme(
        project,
        {"_card.html": '<p class="mine"><a href="{{ url(a.url_path) }}">{{ a.title }}</a></p>\n'},
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    home = (out / "index.html").read_text()
    tag_pages = [p.read_text() for p in (out / "tags").rglob("index.html")]
    cards = [t for t in tag_pages if '<div class="cards">' in t]
    assert cards and all(
        '<p class="mine">' in t and '<article class="card">' not in t for t in cards
    )
    assert '<article class="card">' not in home


def test_day_pages_show_a_themes_own_date_macro_in_both_day_navs(project: Path) -> None:
    """day.html writes its nav links once for the top and bottom navs: through the
    theme's `_macros.html`, as when each nav called it."""
    default = (
        Path(__file__).resolve().parent.parent / "briefgen/themes/default/templates/_macros.html"
    ).read_text()
    mine = default.replace(
        '{% macro date_tag(d) %}<time datetime="{{ d.isoformat() }}">{{ d|date }}</time>',
        '{% macro date_tag(d) %}<time class="mine">{{ d.isoformat() }}</time>',
    )
    assert mine != default
    child_theme(project, {"_macros.html": mine})
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    days = [p.read_text() for p in out.glob("[0-9]*/[0-9]*/[0-9]*/index.html")]
    navs = [
        re.findall(
            r'<nav class="day-nav" aria-label="Other days \((\w+)\)">\n<ul>\n(.*?)</ul>', t, re.S
        )
        for t in days
    ]
    assert any(navs)
    for found in navs:
        assert [where for where, _links in found] in ([], ["top", "bottom"])
        for _where, links in found:
            assert '<time class="mine">' in links and "<time datetime" not in links
            assert links == found[0][1]
