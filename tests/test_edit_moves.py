"""Random edits in serve, each compared with a fresh build of the same content.

A small generated project (its text made up here, from a few word lists) is edited many
times by a seeded random sequence: an actor or place added or removed, a place's country
changed, a tag changed, a date moved across a day, a month or a year, a title reworded,
a file added or deleted, a draft flag set or cleared, a place given without being listed
(its country may become a listed place's). After every edit the site kept by
`render_site(previous=…)` must equal a fresh render, page for page, series for series and
byte for byte; and the edits that move a briefing between terms and dates must mostly be
assembled in part (`assemble.reassemble_moved`), not afresh.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest

import briefgen.assemble
from briefgen.build import render_site
from briefgen.config import load_config
from briefgen.frontmatter import dump
from briefgen.state import SiteState

ACTORS = [f"Actor {name}" for name in "Ames Berg Cole Dunn Egan Ford Gray Hale Ives Joss".split()]
PLACES = {
    "Arden": ("AA", 10.0, 20.0),
    "Bexley": ("AA", 11.0, 21.0),
    "Corvia": ("BB", -5.0, 40.0),
    "Dunmore": ("BB", -6.0, 41.0),
    "Elbury": ("CC", 30.0, -70.0),
    "Fenwick": ("", None, None),
}
TAGS = ["harbour", "budget", "weather", "courts", "transport"]
WORDS = "canal budget vote storm court harbour bridge strike rally talks fleet grain".split()
START = datetime.date(2020, 11, 20)


def _front(rng: random.Random, number: int) -> dict[str, Any]:
    date = START + datetime.timedelta(days=rng.randrange(80))
    locations = rng.sample(sorted(PLACES), rng.randrange(0, 3))
    data: dict[str, Any] = {
        "title": " ".join(rng.choices(WORDS, k=4)).capitalize() + f" {number}",
        "date": date,
        "summary": " ".join(rng.choices(WORDS, k=10)).capitalize() + ".",
        "actors": rng.sample(ACTORS, rng.randrange(0, 4)),
        "locations": locations,
        "tags": rng.sample(TAGS, rng.randrange(0, 3)),
    }
    places = _places(locations)
    if places:
        data["places"] = places
    return data


def _places(locations: list[str]) -> dict[str, Any]:
    places: dict[str, Any] = {}
    for name in locations:
        country, lat, lon = PLACES[name]
        if country:
            places[name] = {"country": country, "lat": lat, "lon": lon}
    return places


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(dump(data, "A line of text.\n"), encoding="utf-8")


def _project(root: Path, rng: random.Random, count: int) -> dict[Path, dict[str, Any]]:
    root.mkdir()
    (root / "briefgen.yaml").write_text(
        "title: Edits\nbase_url: https://example.org/\npage_size: 3\nfeed_size: 4\n",
        encoding="utf-8",
    )
    (root / "content").mkdir()
    files: dict[Path, dict[str, Any]] = {}
    for number in range(count):
        path = root / "content" / f"b-{number:03d}.md"
        files[path] = _front(rng, number)
        _write(path, files[path])
    return files


KINDS = (
    "actor added",
    "actor removed",
    "place added",
    "place removed",
    "country changed",
    "loose place",
    "tag changed",
    "day moved",
    "month moved",
    "year moved",
    "actor and date",
    "two moved",
    "title",
    "new file",
    "deleted file",
    "draft",
)
# The kinds reassemble_moved takes (when nothing collides): a new file, a deleted one and a
# draft flag move a briefing in from nowhere or out to nowhere.
MOVES = frozenset(KINDS) - {"title"}


def _edit(
    rng: random.Random, kind: str, files: dict[Path, dict[str, Any]], root: Path, number: int
) -> frozenset[Path]:
    """Make one edit of KIND on disk (FILES follows); the paths it changed."""
    if kind == "new file":
        path = root / "content" / f"n-{number:03d}.md"
        files[path] = _front(rng, 500 + number)
        _write(path, files[path])
        return frozenset({path})
    if kind == "two moved":  # one batch of the watcher: a date and a name moved at once
        first, second = rng.sample(sorted(files), 2)
        files[first]["date"] += datetime.timedelta(days=rng.choice([-3, 2, 40]))
        files[second]["actors"] = [*files[second]["actors"][1:], ACTORS[number % len(ACTORS)]]
        _write(first, files[first])
        _write(second, files[second])
        return frozenset({first, second})
    path = rng.choice(sorted(files))
    data = files[path]
    if kind == "deleted file" and len(files) > 8:
        path.unlink()
        del files[path]
        return frozenset({path})
    if kind in ("actor added", "actor and date"):
        data["actors"] = [
            *data["actors"],
            rng.choice([a for a in ACTORS if a not in data["actors"]]),
        ]
    if kind == "actor removed" and data["actors"]:
        data["actors"] = data["actors"][:-1]
    if kind == "place added":
        free = [p for p in sorted(PLACES) if p not in data["locations"]]
        data["locations"] = [*data["locations"], rng.choice(free)]
    if kind == "place removed" and data["locations"]:
        data["locations"] = data["locations"][1:]
    if kind in ("place added", "place removed"):
        data.pop("places", None)
        if places := _places(data["locations"]):
            data["places"] = places
    if kind == "country changed" and data.get("places"):
        name = sorted(data["places"])[0]
        data["places"][name] = {**data["places"][name], "country": rng.choice(["AA", "DD"])}
    if kind == "loose place":  # a place given without being listed: its country counts
        free = [p for p in sorted(PLACES) if p not in data["locations"] and PLACES[p][0]]
        name = rng.choice(free)
        _country, lat, lon = PLACES[name]
        data["places"] = {
            **data.get("places", {}),
            name: {"country": rng.choice(["AA", "BB", "DD"]), "lat": lat, "lon": lon},
        }
    if kind == "tag changed":
        data["tags"] = rng.sample(TAGS, rng.randrange(0, 3))
    shift = {"day moved": 1, "month moved": 31, "year moved": 366, "actor and date": 2}
    if kind in shift:
        data["date"] += datetime.timedelta(days=rng.choice([-1, 1]) * shift[kind])
    if kind == "title":
        data["title"] = f"{rng.choice(WORDS).capitalize()} {data['title']}"
    if kind == "draft" and data.pop("draft", False) is False:
        data["draft"] = True  # set; a draft made public again drops the key
    _write(path, data)
    return frozenset({path})


def _assert_same(new: SiteState, fresh: SiteState, step: str) -> None:
    assert dict(new.output.files) == dict(fresh.output.files), step
    assert list(new.output.files) == list(fresh.output.files), step
    assert dict(new.site.pages) == dict(fresh.site.pages), step
    assert dict(new.site.series) == dict(fresh.site.series), step
    assert new.site.articles == fresh.site.articles, step
    assert new.site.taxonomies == fresh.site.taxonomies, step
    assert dict(new.site.slugs) == dict(fresh.site.slugs), step
    assert dict(new.site.positions) == dict(fresh.site.positions), step
    assert new.site.relations == fresh.site.relations, step


COMINGS_AND_GOINGS = ("new file", "deleted file", "draft", "day moved", "loose place")


@pytest.mark.parametrize(
    ("seed", "kinds"),
    [*((seed, KINDS) for seed in range(4)), *((seed, COMINGS_AND_GOINGS) for seed in (7, 8))],
)
def test_random_edits_give_the_site_a_fresh_build_gives(
    tmp_path: Path, seed: int, kinds: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with mostly files that come and go (and drafts): none is assembled afresh."""
    rng = random.Random(seed)
    root = tmp_path / "project"
    files = _project(root, rng, 26)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    assembled = 0
    real = briefgen.assemble.assemble_site

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal assembled
        assembled += 1
        return real(*args, **kwargs)

    moves = 0
    afresh: list[str] = []
    for number in range(45):
        kind = kinds[rng.randrange(len(kinds))]
        was_draft = {p for p, c in state.articles.items() if c.article.draft}
        paths = _edit(rng, kind, files, root, number)
        monkeypatch.setattr(briefgen.assemble, "assemble_site", counted)
        before = assembled
        new = render_site(config, previous=state, changed=paths)
        monkeypatch.setattr(briefgen.assemble, "assemble_site", real)
        if kind in MOVES and was_draft.isdisjoint(p.resolve() for p in paths):
            moves += 1
            if assembled > before:
                afresh.append(kind)
        fresh = render_site(config)
        names = ", ".join(sorted(p.name for p in paths))
        _assert_same(new, fresh, f"seed {seed}, edit {number}: {kind} of {names}")
        state = new
    assert moves >= 10
    assert len(afresh) <= moves // 4, f"{len(afresh)} of {moves} moves assembled afresh: {afresh}"
    # A file's own new name never collides here: it comes and goes in part.
    assert not {"new file", "deleted file", "draft", "loose place"} & set(afresh), afresh


def test_a_new_file_that_takes_a_briefing_s_url_is_reported_as_a_fresh_build_reports_it(
    tmp_path: Path,
) -> None:
    """The incremental path gives way to the full assembly, which names both files."""
    from briefgen.errors import ErrorList

    root = tmp_path / "project"
    files = _project(root, random.Random(2), 6)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    state = render_site(config)
    first = sorted(files)[0]
    twin = root / "content" / "other" / first.name  # the same slug on the same day
    twin.parent.mkdir()
    _write(twin, {**files[first], "title": "Another"})
    with pytest.raises(ErrorList) as incremental:
        render_site(config, previous=state, changed=frozenset({twin}))
    with pytest.raises(ErrorList) as fresh:
        render_site(config)
    assert str(incremental.value) == str(fresh.value)
    assert "is already taken by" in str(fresh.value)
    twin.unlink()  # gone again: the site is as it was
    again = render_site(config, previous=state, changed=frozenset({twin}))
    _assert_same(again, render_site(config), "the twin deleted")


def test_a_sitemap_made_from_the_previous_one_equals_one_rendered_afresh(tmp_path: Path) -> None:
    from briefgen.model import Sitemap
    from briefgen.render import render_sitemap, rerender_sitemap

    root = tmp_path / "project"
    _project(root, random.Random(5), 3)
    config = load_config(root)
    rng = random.Random(3)
    urls = sorted({f"{rng.choice('abc')}/{rng.randrange(50)}/" for _ in range(60)})
    old = Sitemap("sitemap.xml", tuple(urls))
    for _ in range(20):
        kept = [u for u in urls if rng.random() > 0.2]
        new_urls = sorted({*kept, *(f"d/{rng.randrange(9)}/" for _ in range(3))})
        new = Sitemap("sitemap.xml", tuple(new_urls))
        made = rerender_sitemap(old, render_sitemap(old, config), new, config)
        assert made == render_sitemap(new, config)
        old, urls = new, new_urls


def test_a_sitemap_spliced_or_joined_anew_equals_one_rendered_afresh(tmp_path: Path) -> None:
    """Entries that come side by side, first or last, or by the hundred (joined anew)."""
    from briefgen.model import Sitemap
    from briefgen.render import render_sitemap, rerender_sitemap

    root = tmp_path / "project"
    _project(root, random.Random(5), 3)
    config = load_config(root)
    old = Sitemap("sitemap.xml", tuple(f"b/{n:03d}/" for n in range(0, 400, 2)))
    cases = [
        (*old.page_paths, "c/1/", "c/2/"),  # two new ones last, side by side
        ("a/1/", "a/2/", *old.page_paths[1:]),  # two new ones first, the first one gone
        tuple(f"b/{n:03d}/" for n in range(0, 400, 3)),  # hundreds came and went
        (),
    ]
    for urls in cases:
        new = Sitemap("sitemap.xml", tuple(urls))
        made = rerender_sitemap(old, render_sitemap(old, config), new, config)
        assert made == render_sitemap(new, config)
        changes = (set(urls) - set(old.page_paths), set(old.page_paths) - set(urls))
        told = rerender_sitemap(old, render_sitemap(old, config), new, config, changes)
        assert told == made
