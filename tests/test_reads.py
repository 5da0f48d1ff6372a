"""briefgen/reads.py: which briefing fields a template can show, and the edits it spares.

Unit tests ask `template_reads` about small themes written here; the integration tests
edit every briefing of the fixture projects in its body alone (which no list page shows)
and check that serve's incremental render keeps those pages' bytes and still equals a
fresh render byte for byte, also with a theme whose year page does show the body.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import jinja2
import pytest
from searchindex_support import article

from briefgen.build import Builder, _renderer, render_site
from briefgen.config import load_config
from briefgen.content import find_content
from briefgen.model import Article, ArticlePage, Feed, Thread
from briefgen.reads import (
    _METHOD_FIELDS,
    PLAIN_HELPERS,
    READING_HELPERS,
    TEMPLATE_HELPERS,
    template_reads,
)
from briefgen.state import edited_fields, unseen_edit

FIXTURES = Path(__file__).parent / "fixtures"


def _env(templates: dict[str, str], **helpers: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    env.globals.update({"url": str, "card": str, "json_ld": str, **helpers})
    return env


def test_the_default_year_page_shows_titles_and_dates_but_no_body_or_summary() -> None:
    config = load_config(FIXTURES / "site" / "project")
    env = _renderer(config).env
    year = template_reads(env, "year.html")
    assert year is not None and {"title", "date", "url_path"} <= year
    assert "body" not in year and "summary" not in year
    article = template_reads(env, "article.html")
    assert article is not None and {"body", "summary", "title"} <= article
    card = template_reads(env, "_card.html")
    assert card is not None and "summary" in card
    term = template_reads(env, "term.html")  # lists cards: what the card shows counts
    assert term is not None and card <= term and "body" not in term


def test_what_a_template_reaches_counts_and_a_method_reads_its_field() -> None:
    env = _env(
        {
            "page.html": '{% extends "base.html" %}{% import "m.html" as m %}'
            "{% block main %}{{ m.line(a) }}{% endblock %}",
            "base.html": "{{ page.title }}{% block main %}{% endblock %}",
            "m.html": "{% macro line(a) %}{{ a.names('actors') }}"
            "{{ a.extra['mood'] }}{% endmacro %}",
        }
    )
    assert template_reads(env, "page.html") == {"title", "terms", "extra"}


def test_an_imported_macro_reads_what_it_and_the_macros_it_calls_read_not_its_neighbours() -> None:
    """A year page imports the macros for `date_tag` alone: the names `brief_line` shows
    beside it must not count, or every actor edit renders the year pages again."""
    macros = (
        "{% macro date_tag(d) %}{{ d.isoformat() }}{{ stamp(d) }}{% endmacro %}"
        "{% macro stamp(d) %}{{ page.key }}{% endmacro %}"
        "{% macro line(a) %}{{ a.names('actors') }}{{ a.draft }}{% endmacro %}"
        "{{ page.summary }}"  # outside any macro: always counts
    )
    one = '{% import "m.html" as m %}{{ m.date_tag(a.date) }}{{ a.title }}'
    env = _env({"m.html": macros, "p.html": one})
    assert template_reads(env, "p.html") == {"date", "title", "key", "summary"}
    picked = '{% from "m.html" import line %}{{ line(a) }}'
    env = _env({"m.html": macros, "p.html": picked})
    assert template_reads(env, "p.html") == {"terms", "draft", "summary"}
    both = '{% import "m.html" as m %}{{ m.date_tag(a.date) }}{% include "q.html" %}'
    env = _env({"m.html": macros, "p.html": both, "q.html": '{% import "m.html" as n %}{{ n }}'})
    assert template_reads(env, "p.html") == {"date", "key", "terms", "draft", "summary"}


def test_the_default_year_page_reads_no_names_an_actor_or_place_edit_changes() -> None:
    config = load_config(FIXTURES / "site" / "project")
    year = template_reads(_renderer(config).env, "year.html")
    assert year is not None and year.isdisjoint({"terms", "places", "draft"})


def test_helpers_given_a_briefing_count_what_they_read() -> None:
    env = _env({"_card.html": "{{ a.summary }}", "p.html": "{{ card(a) }}{{ json_ld(a) }}"})
    reads = template_reads(env, "p.html")
    assert reads is not None and {"summary", "dateline", "terms"} <= reads


def test_a_piece_rendered_through_shared_counts_and_one_named_at_render_time_reads_any() -> None:
    """base.html renders its header through `shared()`: what a theme's header shows (the
    briefing's title, say) must count, or serve keeps a stale header after an edit."""
    env = _env({"p.html": '{{ shared("_h.html") }}', "_h.html": "{{ page.article.title }}"})
    assert template_reads(env, "p.html") == {"title"}
    assert template_reads(_env({"p.html": "{{ shared(name) }}"}), "p.html") is None


@pytest.mark.parametrize(
    "source",
    [
        "{% include name %}",  # a template named at render time
        "{{ a[field] }}",  # a key computed at render time reads any field
        "{{ a['ti' ~ 'tle'] }}",
        "{{ a|tojson }}",  # prints the whole object
        "{{ a|string }}",
        "{{ items|map(attribute=field)|list }}",
        "{{ a|attr(field) }}",
        "{{ mystery(a) }}",  # a helper this module does not know
        "{{ a.__class__ }}",
    ],
)
def test_what_cannot_be_followed_reads_any_field(source: str) -> None:
    env = _env({"p.html": source}, mystery=str)
    assert template_reads(env, "p.html") is None


def test_attribute_filters_and_safe_keys_read_only_what_they_name() -> None:
    env = _env(
        {
            "p.html": "{{ xs|map(attribute='summary')|join }}{{ xs|selectattr('draft')|list }}"
            "{{ xs|groupby('date.year') }}{{ xs[0] }}{{ xs[n - 1] }}{{ xs[:3] }}"
            "{{ thread_of[a.key] }}"
        }
    )
    assert template_reads(env, "p.html") == {"summary", "draft", "date", "key"}


def test_a_missing_template_reads_any_field() -> None:
    assert template_reads(_env({}), "nowhere.html") is None


def test_every_helper_the_renderer_gives_templates_is_classified() -> None:
    env = _renderer(load_config(FIXTURES / "site" / "project")).env
    known = PLAIN_HELPERS | set(READING_HELPERS) | set(TEMPLATE_HELPERS)
    unclassified = sorted(set(env.globals) - known)
    assert not unclassified, f"say in briefgen/reads.py what these read: {unclassified}"


def test_every_property_and_method_of_a_briefing_names_the_fields_it_reads() -> None:
    """A property over a field (`body_html` over `body`) must map to it, or a template that
    shows it is thought to show nothing an edit changed, and keeps stale bytes."""
    fields = {f.name for f in dataclasses.fields(Article)}
    derived = {name for name in dir(Article) if not name.startswith("_")} - fields
    unmapped = sorted(derived - set(_METHOD_FIELDS))
    assert not unmapped, f"say in briefgen/reads.py which fields these read: {unmapped}"
    assert all(read <= fields for read in _METHOD_FIELDS.values() if read & fields)
    assert template_reads(_env({"p.html": "{{ a.body_html }}"}), "p.html") == {"body"}
    for read in READING_HELPERS.values():
        assert read <= fields, read


def _edit_body(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(f"{head}{sep}\nBody edit {number}.\n{body}", encoding="utf-8")


@pytest.mark.parametrize("name", ["site", "relations"])
def test_a_body_edit_keeps_the_list_pages_and_equals_a_fresh_render(
    tmp_path: Path, name: str
) -> None:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name / "project", root)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    kept_lists = 0
    for number, path in enumerate(find_content(config.content_dir)):
        _edit_body(path, number)
        new = render_site(config, previous=state, changed=frozenset({path}))
        fresh = render_site(config)
        assert list(new.output.files) == list(fresh.output.files), path
        assert dict(new.output.files) == dict(fresh.output.files), path
        article = new.articles[path.resolve()].article
        if not article.draft:
            year = f"{article.date.year:04d}/index.html"
            assert new.output.files[year] is state.output.files[year], "not rendered again"
            kept_lists += 1
        state = new
    assert kept_lists > 3


def test_a_theme_that_shows_the_body_on_its_year_page_gets_it_rendered_again(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "site" / "project", root)
    theme = root / "themes" / "bodies" / "templates"
    theme.mkdir(parents=True)
    (theme.parent / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "year.html").write_text(
        '{% extends "base.html" %}{% block main %}{% for g in page.groups %}'
        "{% for a in g.articles %}<p>{{ a.body_html|length }}</p>{% endfor %}"
        "{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve(), "theme": "bodies"})
    state = render_site(config)
    for number, path in enumerate(find_content(config.content_dir)):
        _edit_body(path, number)
        new = render_site(config, previous=state, changed=frozenset({path}))
        assert dict(new.output.files) == dict(render_site(config).output.files), path
        article = new.articles[path.resolve()].article
        if not article.draft:
            year = f"{article.date.year:04d}/index.html"
            assert new.output.files[year] != state.output.files[year], path
        state = new


def test_serve_reads_its_templates_with_the_first_render_not_the_first_edit(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "site" / "project", root)
    builder = Builder(load_config(root, {"output_dir": (tmp_path / "out").resolve()}))
    builder.render()
    assert builder.state is not None
    known = builder.state.template_reads
    assert {"year.html", "article.html", "term.html"} <= set(known)
    path = find_content(builder.config.content_dir)[0]
    _edit_body(path, 1)
    builder.update(frozenset({path}))
    assert builder.state.template_reads is known  # carried from edit to edit


def test_edited_fields_names_what_changed_and_gives_up_on_a_renamed_thread() -> None:
    old = article("a", "2021-03-01", "Quay reopens", body="<p>One.</p>")
    new = dataclasses.replace(old, body=b"<p>Two.</p>")
    other = article("b", "2021-03-02", "Quay busy")
    assert edited_fields([(old, new)], []) == {"body"}
    before = Thread("Quay", "threads/a/", (other, old))
    same = Thread("Quay", "threads/a/", (other, new))
    assert edited_fields([(old, new)], [(before, same)]) == {"body"}
    renamed = Thread("Quay: reopening", "threads/a/", (other, new))
    assert edited_fields([(old, new)], [(before, renamed)]) is None
    regrouped = Thread("Quay", "threads/a/", (new, other))
    assert edited_fields([(old, new)], [(before, regrouped)]) is None


def test_unseen_edit_needs_a_template_that_shows_none_of_the_fields() -> None:
    old = article("a", "2021-03-01", "Quay reopens", body="<p>One.</p>")
    new = dataclasses.replace(old, body=b"<p>Two.</p>")
    page = ArticlePage("2021/03/01/a/index.html", "article", old.title, old, None, None)
    moved = dataclasses.replace(page, article=new)
    reads = {"article.html": frozenset({"title"})}.get
    assert unseen_edit(page, moved, frozenset({"body"}), reads)
    assert not unseen_edit(page, moved, frozenset({"title"}), reads)
    retitled = dataclasses.replace(moved, title="Quay reopened")
    assert not unseen_edit(page, retitled, frozenset({"body"}), reads)
    assert not unseen_edit(page, moved, frozenset({"body"}), {}.get)  # unknown: render
    feed = Feed("feed.xml", "Feed", (old,), "")
    assert not unseen_edit(feed, Feed("feed.xml", "Feed", (new,), ""), frozenset(), reads)
