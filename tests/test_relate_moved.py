"""An edit of a briefing's actors, places or date renews the relations in part
(`relate.relate_moved`): the result must equal the full computation on the edited site.

Random small sites, random edits in a row, each result compared with `relate_site` from
scratch: related lists, listed_in, threads (titles included) and term profiles.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from briefgen.assemble import _taxonomies, sort_key
from briefgen.build import Builder
from briefgen.config import load_config
from briefgen.model import Article, Place, Relations, Taxonomy
from briefgen.relate import TitleCounts, _Claim, _Index, _Linker, relate_moved, relate_site
from briefgen.urls import article_url_path

ACTORS = [f"Person {c}" for c in "ABCDEFGHIJKL"]
# (name, country code, coordinates or None): two countries, their cities, a sea.
LOCATIONS = [
    ("Canada", "CA", (56.0, -106.0)),
    ("Toronto", "CA", (43.7, -79.4)),
    ("Ottawa", "CA", None),
    ("Wales", "GB", (52.3, -3.7)),
    ("United Kingdom", "GB", (54.0, -2.0)),
    ("Cardiff", "GB", (51.5, -3.2)),
    ("North Sea", "", None),
    ("Riverton", "", None),
    ("Hamilton", "CA", (43.3, -79.9)),  # only ever added by an edit: a new term in Canada
]
WORDS = "harbour ferry budget strike orchard flood museum canal tram bridge vote".split()


def _place(name: str, n: int) -> Place:
    _name, code, where = next(loc for loc in LOCATIONS if loc[0] == name)
    lat, lon = where if where is not None else (None, None)
    if name == "Ottawa" and n == 0:  # one briefing gives a place another way (no country)
        code = ""
    return Place(name=name, country_code=code, latitude=lat, longitude=lon, kind="other")


def _article(
    n: int,
    date: datetime.date,
    actors: Sequence[str],
    locations: Sequence[str],
    title: str,
    summary: str,
) -> Article:
    slug = f"b-{n}"
    return Article(
        content_path=Path(f"/c/{slug}.md"),
        key=f"{slug}.md",
        title=title,
        date=date,
        slug=slug,
        url_path=article_url_path(date, slug),
        url_line=1,
        summary=summary,
        terms=(("actors", tuple(actors)), ("locations", tuple(locations)), ("tags", ())),
        places=tuple(_place(name, n) for name in locations),
        source="",
        draft=False,
        body_html="",
        extra={},
    )


def _title(rng: random.Random) -> tuple[str, str]:
    first, second = rng.sample(WORDS, 2)
    return (
        f"The {first} {second} plan debated",
        f"Officials in the {rng.choice(WORDS)} office spoke on the {first}.",
    )


def _site(rng: random.Random, count: int) -> list[Article]:
    start = datetime.date(2020, 3, 1)
    site = []
    for n in range(count):
        actors = rng.sample(ACTORS, rng.randint(0, 4))
        locations = rng.sample([loc[0] for loc in LOCATIONS[:-1]], rng.randint(0, 3))
        if count > 200 and rng.random() < 0.6:  # a name on most of the site
            actors.append("Everyone")
        title, summary = _title(rng)
        day = start + datetime.timedelta(days=rng.randint(0, 25))
        site.append(_article(n, day, actors, locations, title, summary))
    return site


def _edit(rng: random.Random, article: Article) -> tuple[Article, str]:
    """ARTICLE with one random change, and its kind."""
    actors, locations = list(article.names("actors")), list(article.names("locations"))
    kind = rng.choice(["actor", "actor", "location", "date", "date", "title", "new actor"])
    title, summary, date = article.title, article.summary, article.date
    if kind == "actor":
        if actors and rng.random() < 0.5:
            actors.remove(rng.choice(actors))
        else:
            actors.insert(0, rng.choice([a for a in ACTORS if a not in actors]))
    elif kind == "new actor":
        actors.append(f"Editor {rng.randint(0, 3)}")
        actors = list(dict.fromkeys(actors))
    elif kind == "location":
        if locations and rng.random() < 0.5:
            locations.remove(rng.choice(locations))
        else:
            names = [loc[0] for loc in LOCATIONS if loc[0] not in locations]
            locations.append(rng.choice(names))
    elif kind == "date":
        date += datetime.timedelta(days=rng.choice([-5, -3, -1, 1, 2, 4, 9]))
    else:
        title, summary = _title(rng)
    n = int(article.slug.split("-")[1])
    return _article(n, date, actors, locations, title, summary), kind


def _edit_step(rng: random.Random, site: list[Article]) -> str:
    """Edit one random briefing of SITE in place (sometimes another is read again,
    unchanged, too); the kind of edit."""
    at = rng.randrange(len(site))
    site[at], kind = _edit(rng, site[at])
    if rng.random() < 0.2:  # another briefing read again, unchanged
        other = rng.randrange(len(site))
        if other != at:
            site[other] = dataclasses.replace(site[other])
    return kind


def _relations(site: Sequence[Article]) -> tuple[tuple[Article, ...], tuple[Taxonomy, ...]]:
    ordered = tuple(sorted(site, key=sort_key))
    taxonomies, _slugs = _taxonomies(ordered, ("actors", "locations", "tags"), [])
    return ordered, taxonomies


def _assert_same(got: Relations, want: Relations) -> None:
    assert dict(got.related) == dict(want.related)
    assert dict(got.listed_in) == dict(want.listed_in)
    assert [(t.url_path, t.title, t.articles, t.names) for t in got.threads] == [
        (t.url_path, t.title, t.articles, t.names) for t in want.threads
    ]
    assert dict(got.profiles) == dict(want.profiles)
    assert got == want


def _run(seed: int, count: int, edits: int) -> tuple[int, int]:
    """Edit a random site EDITS times; (edits renewed in part, edits that fell back)."""
    rng = random.Random(seed)
    site = _site(rng, count)
    ordered, taxonomies = _relations(site)
    relations = relate_site(ordered, taxonomies)
    renewed = fallbacks = 0
    for _ in range(edits):
        kind = _edit_step(rng, site)
        ordered, taxonomies = _relations(site)
        want = relate_site(ordered, taxonomies)
        # Half the time with the title counts serve keeps (no title changed, or they
        # would not be passed).
        titles = TitleCounts(ordered) if kind != "title" and rng.random() < 0.5 else None
        part = relate_moved(ordered, taxonomies, relations, titles)
        if part is not None:
            _assert_same(part, want)
            renewed += 1
        elif kind != "title":
            fallbacks += 1
        got = relate_site(ordered, taxonomies, relations)
        _assert_same(got, want)
        relations = got
    return renewed, fallbacks


@pytest.mark.parametrize("seed", range(30))
def test_a_moved_name_or_date_renews_the_relations_as_the_full_computation(seed: int) -> None:
    renewed, _fallbacks = _run(seed, count=40 + seed % 3 * 20, edits=12)
    assert renewed  # the incremental path really ran


def test_a_large_site_with_crowded_names_renews_as_the_full_computation() -> None:
    # Over 200 briefings: names carried by more than half the site find no candidates,
    # and common names only reach their nearest postings.
    renewed, _fallbacks = _run(1000, count=230, edits=25)
    assert renewed


def test_a_name_crossing_the_crowded_cut_off_falls_back() -> None:
    base = datetime.date(2020, 1, 1)
    site = [
        _article(
            n, base + datetime.timedelta(days=n % 30), ["Common"] if n < 101 else [], [], "", ""
        )
        for n in range(202)
    ]
    ordered, taxonomies = _relations(site)
    relations = relate_site(ordered, taxonomies)
    site[150] = _article(150, site[150].date, ["Common"], [], "", "")  # 102 > 101 = half
    ordered, taxonomies = _relations(site)
    assert relate_moved(ordered, taxonomies, relations) is None
    assert relate_site(ordered, taxonomies, relations) == relate_site(ordered, taxonomies)


def test_a_place_that_comes_and_goes_moves_its_countrys_roll_up() -> None:
    rng = random.Random(7)
    site = _site(rng, 40)
    ordered, taxonomies = _relations(site)
    relations = relate_site(ordered, taxonomies)
    first = site[3]
    for locations in (["Hamilton", *first.names("locations")], list(first.names("locations"))):
        site[3] = _article(
            3, first.date, first.names("actors"), locations, first.title, first.summary
        )
        ordered, taxonomies = _relations(site)
        part = relate_moved(ordered, taxonomies, relations)
        assert part is not None
        _assert_same(part, relate_site(ordered, taxonomies))
        relations = part
    assert ("locations", "Hamilton") not in relations.profiles


FIXTURE = Path(__file__).parent / "fixtures" / "relations" / "project"


@pytest.mark.parametrize("kind", ["actor added", "actor dropped", "date"])
def test_a_name_or_date_edit_through_the_builder_equals_a_fresh_build(
    tmp_path: Path, kind: str
) -> None:
    """Each briefing of the relations fixture edited in turn through `Builder.update` (what
    serve calls): the site equals a fresh render byte for byte, the relations were renewed
    in part (a profile the edit does not reach is the very object it was), and the pages
    rendered again cover every file whose bytes changed."""
    root = tmp_path / "relations"
    shutil.copytree(FIXTURE, root)
    config = load_config(root, {"output_dir": (tmp_path / "out").resolve()})
    builder = Builder(config)
    builder.render()
    for number, path in enumerate(sorted((root / "content").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        if kind == "actor added":  # a name other briefings carry: its weight moves
            new = re.sub(r"(?m)^actors: \[", "actors: [Alexander Lukashenko, ", text, count=1)
        elif kind == "actor dropped":
            new = re.sub(r"(?m)^actors: \[[^,\]]*(, )?", "actors: [", text, count=1)
        else:
            found = re.search(r"(?m)^date: (\d{4}-\d\d-\d\d)", text)
            assert found is not None, path
            day = datetime.date.fromisoformat(found.group(1))
            day += datetime.timedelta(days=(1, -2, 3)[number % 3])
            new = f"{text[: found.start()]}date: {day}{text[found.end() :]}"
        if new == text:
            continue
        path.write_text(new, encoding="utf-8")
        state = builder.state
        assert state is not None
        report = builder.update(frozenset({path}))
        after = builder.state
        assert after is not None
        fresh = Builder(config)
        fresh.render()
        assert fresh.state is not None
        assert after.site.relations == fresh.state.site.relations, path
        assert list(report.output.files) == list(fresh.state.output.files), path
        assert dict(report.output.files) == dict(fresh.state.output.files), path
        before = state.site.relations.profiles
        kept = [k for k, p in after.site.relations.profiles.items() if before.get(k) is p]
        assert kept, f"{path}: every profile was made again"
        moved = [
            p
            for p, data in report.output.files.items()
            if state.output.files.get(p) != data and p in after.site.pages
        ]
        assert len(moved) <= report.rendered, path


def _index_as_named(index: Any) -> tuple[Any, ...]:
    """What an index holds, by key and entity (its numbering aside): each briefing's day,
    names and Article, each name's postings (keys, oldest first) and rarity."""
    briefings = {
        key: (index.days[i], tuple(index.entity_of[t] for t in index.terms[i]), index.articles[i])
        for key, i in index.number.items()
    }
    names = {
        index.entity_of[t]: (tuple(index.keys[o] for o in held), index.idf[t])
        for t, held in enumerate(index.postings)
        if held  # a name every briefing lost stays numbered, with no posting
    }
    return briefings, names


@pytest.mark.parametrize("seed", range(8))
def test_the_index_kept_across_edits_equals_one_made_afresh(seed: int) -> None:
    """A chain of edits, each renewing the relations the previous one gave: the index they
    keep is taken over and updated in place (never made again), and after every edit it
    holds what an index made from the edited site holds, and the relations equal the
    full computation's."""
    rng = random.Random(seed)
    site = _site(rng, 60 + seed % 2 * 180)  # the larger has crowded names and long postings
    ordered, taxonomies = _relations(site)
    relations = relate_site(ordered, taxonomies)
    assert isinstance(relations.index, _Claim)
    kept = relations.index.index
    renewed = 0
    for _ in range(30):
        kind = _edit_step(rng, site)
        ordered, taxonomies = _relations(site)
        got = relate_site(ordered, taxonomies, relations)
        _assert_same(got, relate_site(ordered, taxonomies))
        assert isinstance(got.index, _Claim)
        if got.index.index is kept:
            renewed += 1
        else:  # a title edit or a name crossing the crowded cut-off: made afresh
            kept = got.index.index
        assert _index_as_named(kept) == _index_as_named(_Index(ordered)), kind
        relations = got
    assert renewed >= 10


def test_relations_an_edit_took_the_index_from_still_relate_as_the_full_computation() -> None:
    """Two edits made from one site (serve keeps the old state when an edit fails): the
    second finds the index taken over by the first and indexes its site afresh."""
    rng = random.Random(11)
    site = _site(rng, 50)
    ordered, taxonomies = _relations(site)
    start = relate_site(ordered, taxonomies)
    for _ in range(6):
        edited = list(site)
        at = rng.randrange(len(edited))
        edited[at], _kind = _edit(rng, edited[at])
        ordered, taxonomies = _relations(edited)
        _assert_same(relate_site(ordered, taxonomies, start), relate_site(ordered, taxonomies))


def test_an_edit_told_what_changed_relates_as_one_that_compares_every_briefing() -> None:
    """`relate_site(changed=…)` reads only the pairs it is given (assemble's incremental
    path gives them): the same relations as comparing every briefing with the last ones."""
    rng = random.Random(5)
    site = _site(rng, 80)
    ordered, taxonomies = _relations(site)
    told = compared = relate_site(ordered, taxonomies)
    for _ in range(20):
        at = rng.randrange(len(site))
        old = site[at]
        site[at], _kind = _edit(rng, old)
        ordered, taxonomies = _relations(site)
        told = relate_site(ordered, taxonomies, told, changed=[(old, site[at])])
        compared = relate_site(ordered, taxonomies, compared)
        _assert_same(told, compared)
        _assert_same(told, relate_site(ordered, taxonomies))


def test_the_full_computation_keeps_the_word_rarity_its_thread_links_counted() -> None:
    """Kept for serve's next name or date edit, which would count every title and lead
    again (a third of a second at 10,000 briefings) when its links weigh words."""
    site = _site(random.Random(2), 60)
    ordered, taxonomies = _relations(site)
    relations = relate_site(ordered, taxonomies)
    linker = _Linker(_Index(ordered))
    linker.count_words()
    assert relations.word_idf == linker.word_idf


def test_serve_s_first_render_makes_the_title_counts_a_name_edit_reads(tmp_path: Path) -> None:
    """`Builder.render` (serve's first render) counts the titles thread titles weigh, so
    that the first edit of names or dates does not (state.kept_titles hands them on)."""
    root = tmp_path / "relations"
    shutil.copytree(FIXTURE, root)
    builder = Builder(load_config(root, {"output_dir": (tmp_path / "out").resolve()}))
    builder.render()
    state = builder.state
    assert state is not None and state.site.relations.threads
    assert state.titles is not None
    fresh = TitleCounts(state.site.articles)
    assert (state.titles.df, state.titles.words.idf) == (fresh.df, fresh.words.idf)
