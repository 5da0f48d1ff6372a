"""Incremental assembly: an edit that moves no briefing gives the site a full assembly gives.

Every briefing of two fixture projects (one with story threads and related lists) is
edited in turn, in title, summary and body; the site `render_site` makes from the
previous one must equal a full assembly page for page, and its output byte for byte.
Edits that move a briefing (an actor added or removed, a new date) are made in turn too,
and must give the same output as a fresh render.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from briefgen.assemble import assemble_site, reassemble_changes, reassemble_site, same_place
from briefgen.build import render_site
from briefgen.config import load_config
from briefgen.content import find_content, read_article
from briefgen.model import Thread

FIXTURES = Path(__file__).parent / "fixtures"
PROJECTS = ("site", "relations")


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name / "project", root)
    return root


def _edit(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    lines = head.split("\n")
    for index, line in enumerate(lines):
        key, _, value = line.partition(": ")
        if key in ("title", "summary"):
            quote = value[:1] if value[:1] in "\"'" else ""
            lines[index] = f"{key}: {quote}Edit {number} {value[len(quote) :]}"
    head = "\n".join(lines)
    path.write_text(f"{head}\n---\n\nEdit {number}.\n{body}", encoding="utf-8")


@pytest.mark.parametrize("name", PROJECTS)
def test_each_edit_in_place_equals_a_full_assembly(tmp_path: Path, name: str) -> None:
    root = _copy(tmp_path, name)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    assert state.site.relations.threads or name == "site", "the relations fixture has threads"
    for number, path in enumerate(find_content(config.content_dir)):
        _edit(path, number)
        new = render_site(config, previous=state, changed=frozenset({path}))
        if path.resolve() in {p for p, c in state.articles.items() if not c.article.draft}:
            # Reassembled, not assembled: what stayed the same is the same object.
            assert new.site.slugs is state.site.slugs, path
        articles = [
            read_article(p, content_dir=config.content_dir, taxonomies=config.taxonomies)
            for p in find_content(config.content_dir)
        ]
        full = assemble_site(articles, config, previous=state.site)
        assert new.site.articles == full.articles
        assert new.site.taxonomies == full.taxonomies
        assert new.site.relations == full.relations
        assert list(new.site.pages) == list(full.pages)  # the same paths in the same order
        for page_path, page in full.pages.items():
            assert new.site.pages[page_path] == page, page_path
        fresh = render_site(config)
        assert dict(new.output.files) == dict(fresh.output.files), path
        assert list(new.output.files) == list(fresh.output.files)
        state = new


def test_no_stale_article_object_is_left_on_any_page(tmp_path: Path) -> None:
    """Equal is not enough: a page holding the old object would show the old text later."""
    root = _copy(tmp_path, "relations")
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    path = next(
        p
        for p, cached in state.articles.items()
        if any(cached.article in t.articles for t in state.site.relations.threads)
    )
    old = state.articles[path].article
    _edit(path, 1)
    new = render_site(config, previous=state, changed=frozenset({path}))
    assert new.site.slugs is state.site.slugs  # the incremental path was taken

    def holds_old(value: object, seen: set[int]) -> bool:
        if value is old:
            return True
        if id(value) in seen or (
            not isinstance(value, tuple | Thread) and not hasattr(value, "__dataclass_fields__")
        ):
            return False
        seen.add(id(value))
        if isinstance(value, tuple):
            return any(holds_old(item, seen) for item in value)
        if value.__class__.__name__ == "Article":
            return False
        return any(holds_old(getattr(value, f), seen) for f in value.__dataclass_fields__)

    seen: set[int] = set()
    stale = [p for p, page in new.site.pages.items() if holds_old(page, seen)]
    assert stale == []
    assert not any(holds_old(t, seen) for t in new.site.relations.threads)
    assert all(old not in term.articles for tax in new.site.taxonomies for term in tax.terms)


@pytest.mark.parametrize(
    ("change", "moves"),
    [
        ("title: Another title", False),
        ("summary: Another summary", False),
        ("date: 2020-09-03", True),
        ("actors: [Someone Else]", True),
        ("slug: another-slug", True),
        ("draft: true", True),
    ],
)
def test_only_an_edit_that_moves_nothing_is_reassembled(
    tmp_path: Path, change: str, moves: bool
) -> None:
    root = _copy(tmp_path, "site")
    config = load_config(root)
    path = root / "content" / "2020" / "storm-warning.md"
    articles = {
        p: read_article(p, content_dir=config.content_dir, taxonomies=config.taxonomies)
        for p in find_content(config.content_dir)
    }
    site = assemble_site(articles.values(), config)
    key = change.split(":")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{key}:")]
    path.write_text("\n".join([kept[0], change, *kept[1:]]) + "\n", encoding="utf-8")
    new = read_article(path, content_dir=config.content_dir, taxonomies=config.taxonomies)
    assert same_place(articles[path], new) is not moves
    result = reassemble_site(site, [(articles[path], new)], config)
    assert (result is None) is moves
    if result is not None:
        full = assemble_site([*(a for p, a in articles.items() if p != path), new], config)
        assert dict(result.pages) == dict(full.pages)


def _edit_front(path: Path, kind: str, number: int) -> None:
    """Move the briefing: add an actor another briefing names, drop its last, or a new date."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if kind == "actor added":  # a name the relations fixture shares between briefings
        head = re.sub(r"(?m)^actors: \[", "actors: [Emmanuel Macron, ", head, count=1)
    elif kind == "actor removed":
        head = re.sub(r"(?m)^actors: \[(.*?)(?:, )?[^,\]]*\]", r"actors: [\1]", head, count=1)
    else:
        shift = datetime.timedelta(days=1 + number % 3)
        head = re.sub(
            r"(?m)^date: (\d{4}-\d\d-\d\d)",
            lambda m: f"date: {datetime.date.fromisoformat(m.group(1)) + shift}",
            head,
            count=1,
        )
    new = f"{head}{sep}{body}"
    assert new != text, (path, kind)
    path.write_text(new, encoding="utf-8")


@pytest.mark.parametrize("kind", ["actor added", "actor removed", "date"])
@pytest.mark.parametrize("name", PROJECTS)
def test_each_edit_that_moves_a_briefing_equals_a_fresh_render(
    tmp_path: Path, name: str, kind: str
) -> None:
    root = _copy(tmp_path, name)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    for number, path in enumerate(find_content(config.content_dir)):
        _edit_front(path, kind, number)
        new = render_site(config, previous=state, changed=frozenset({path}))
        fresh = render_site(config)
        assert new.site.pages == fresh.site.pages, path
        assert list(new.output.files) == list(fresh.output.files), path
        assert dict(new.output.files) == dict(fresh.output.files), path
        state = new


def test_an_edit_names_the_pages_it_replaced_and_keeps_every_other(tmp_path: Path) -> None:
    root = _copy(tmp_path, "relations")
    config = load_config(root)
    articles = {
        p: read_article(p, content_dir=config.content_dir, taxonomies=config.taxonomies)
        for p in find_content(config.content_dir)
    }
    site = assemble_site(articles.values(), config)
    path = next(
        p for p, a in articles.items() if any(a in t.articles for t in site.relations.threads)
    )
    _edit(path, 1)
    new = read_article(path, content_dir=config.content_dir, taxonomies=config.taxonomies)
    result = reassemble_changes(site, [(articles[path], new)], config)
    assert result is not None
    replaced = [p for p, page in result.site.pages.items() if page is not site.pages[p]]
    assert sorted(replaced) == list(result.changed)
    assert list(result.site.pages) == list(site.pages)
    assert any(p.startswith("threads/") for p in result.changed)  # its thread is renamed too


@pytest.mark.parametrize("name", PROJECTS)
def test_a_briefing_added_then_deleted_equals_a_fresh_render(tmp_path: Path, name: str) -> None:
    root = _copy(tmp_path, name)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    added = config.content_dir / "zz-added.md"
    added.write_text(
        "---\ntitle: Harbour talks resume\ndate: 2020-09-02\nsummary: Talks resumed.\n"
        "actors: [Emmanuel Macron]\nlocations: [Paris, Westport]\ntags: [weather]\n---\n\n"
        "The talks resumed.\n",
        encoding="utf-8",
    )
    for step in ("added", "edited", "deleted"):
        if step == "edited":
            _edit(added, 7)
        elif step == "deleted":
            added.unlink()
        state = render_site(config, previous=state, changed=frozenset({added}))
        fresh = render_site(config)
        assert list(state.output.files) == list(fresh.output.files), step
        assert dict(state.output.files) == dict(fresh.output.files), step


def _edit_tags(path: Path, kind: str, number: int) -> None:
    """Retag the briefing: a tag another briefing has, a new one, or none at all."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if kind == "tag shared":  # a topic some fixture briefings have, others not
        tags = "[diplomacy, weather]" if number % 2 else "[transport]"
    elif kind == "tag new":  # a term no briefing had: new pages, a sitemap entry
        tags = f"[new-topic-{number}]"
    elif kind == "tag colliding":  # a new name on a slug taken: the slugs are named anew
        tags = "[Weather!]"
    else:
        tags = "[]"  # its only tag's page may go
    if re.search(r"(?m)^tags: ", head):
        head = re.sub(r"(?m)^tags: .*$", f"tags: {tags}", head, count=1)
    else:
        head = f"{head}\ntags: {tags}"
    path.write_text(f"{head}{sep}{body}", encoding="utf-8")


@pytest.mark.parametrize("kind", ["tag shared", "tag new", "tags removed", "tag colliding"])
@pytest.mark.parametrize("name", PROJECTS)
def test_a_tag_edit_is_reassembled_and_equals_a_fresh_render(
    tmp_path: Path, name: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen.assemble

    root = _copy(tmp_path, name)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    full = 0
    real = briefgen.assemble.assemble_site

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal full
        full += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    drafts = {p for p, c in state.articles.items() if c.article.draft}
    for number, path in enumerate(find_content(config.content_dir)):
        _edit_tags(path, kind, number)
        if path.resolve() not in drafts:  # a draft is not on the site: not counted
            monkeypatch.setattr(briefgen.assemble, "assemble_site", counted)
        new = render_site(config, previous=state, changed=frozenset({path}))
        monkeypatch.setattr(briefgen.assemble, "assemble_site", real)
        fresh = render_site(config)
        assert new.site.pages == fresh.site.pages, path
        assert dict(new.site.series) == dict(fresh.site.series), path
        assert new.site.slugs == fresh.site.slugs, path
        assert new.site.taxonomies == fresh.site.taxonomies, path
        assert new.site.relations.term_urls == fresh.site.relations.term_urls, path
        assert list(new.output.files) == list(fresh.output.files), path
        assert dict(new.output.files) == dict(fresh.output.files), path
        state = new
    if kind == "tag colliding":
        assert full > 0, "a slug that moves needs the full assembly"
    else:
        assert full == 0, "every tag edit was reassembled, none assembled afresh"
