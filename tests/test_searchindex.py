"""briefgen's own search index: the stemmer, the files it writes, and the `search:` setting."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from searchindex_support import article as _article
from site_support import FIXTURE_PROJECT, fixture_config

from briefgen import search
from briefgen.build import render_site
from briefgen.config import load_config
from briefgen.errors import ConfigError
from briefgen.model import Article
from briefgen.searchindex import (
    INDEX_DIR,
    bucket_of,
    build_index,
    fold,
    index_key,
    plain_text,
    stem,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("elections", "election"),
        ("election", "election"),
        ("storms", "storm"),
        ("vote", "vot"),
        ("votes", "vot"),
        ("voted", "vot"),
        ("voting", "vot"),
        ("stopped", "stop"),
        ("running", "run"),
        ("falling", "fall"),  # a doubled l stays
        ("policies", "policy"),
        ("classes", "class"),
        ("crisis", "crisis"),  # -is, -us and -ss are not plurals
        ("virus", "virus"),
        ("press", "press"),
        ("bring", "bring"),  # too little left before -ing
        ("need", "need"),
        ("putin", "putin"),
        ("computing", "comput"),
        ("war", "war"),  # three letters or fewer never change
        ("2020", "2020"),
        ("zurich", "zurich"),
        ("kyiv's", "kyiv's"),  # not a plain word: left alone
        ("москва", "москва"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_fold_strips_accents_only() -> None:
    assert fold("zürich") == "zurich"
    assert fold("éamon") == "eamon"
    assert fold("ó") == "o"
    assert fold("москва") == "москва"
    assert fold("plain") == "plain"


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert plain_text("<p>Fish &amp; chips</p><h2 id='x'>More &lt;b&gt;</h2>").split() == [
        "Fish",
        "&",
        "chips",
        "More",
        "<b>",
    ]


def test_bucket_of_is_fnv1a_of_the_utf8_bytes() -> None:
    # Known FNV-1a values: "" → 0x811c9dc5, "a" → 0xe40c292c.
    assert bucket_of("", 1 << 32) == 0x811C9DC5
    assert bucket_of("a", 1 << 32) == 0xE40C292C
    assert bucket_of("zür", 7) == bucket_of("zür", 7) < 7


ARTICLES = (
    _article(
        "storm",
        "2020-09-14",
        "Storm closes the harbour",
        "<p>The storm kept ferries in port.</p><h2 id='s'>Ferries wait</h2><p>Ferries wait.</p>",
        "A storm hit.",
        actors=("Port Authority",),
        tags=("weather",),
    ),
    _article(
        "ferries",
        "2021-01-03",
        "Ferries are back",
        "<p>Ferry service resumed after the storms.</p>",
        actors=("Port Authority", "Éamon Ó Briain"),
        tags=("transport",),
    ),
    _article("vote", "2020-10-01", "Council votes on <b>budget</b>", "<p>Voting ended.</p>"),
)


def _files() -> dict[str, dict | list]:
    return {
        path.removeprefix(INDEX_DIR): json.loads(data)
        for path, data in build_index(ARTICLES, ("actors", "locations", "tags")).items()
    }


def _postings(
    files: dict[str, dict | list], titles: bool = False
) -> dict[str, list[tuple[int, int]]]:
    """Stem → [(briefing number, weighted count)], the gaps undone; with TITLES, the
    second number is 1 when the word is in the title, else 0."""
    result = {}
    for path, words in files.items():
        if path.startswith("words/"):
            assert isinstance(words, dict)
            for word, flat in words.items():
                docs, values = flat[0::2], flat[1::2]
                for i in range(1, len(docs)):
                    docs[i] += docs[i - 1]
                numbers = [v & 1 if titles else v >> 1 for v in values]
                result[word] = list(zip(docs, numbers, strict=True))
    return result


def test_briefings_are_numbered_newest_first_and_listed_with_url_title_date() -> None:
    files = _files()
    assert files["docs/0.json"] == [
        ["2021/01/03/ferries/", "Ferries are back", "2021-01-03"],
        ["2020/10/01/vote/", "Council votes on <b>budget</b>", "2020-10-01"],  # data, not HTML
        ["2020/09/14/storm/", "Storm closes the harbour", "2020-09-14"],
    ]
    meta = files["meta.json"]
    assert isinstance(meta, dict)
    assert meta["docs"] == 3 and meta["buckets"] == 1 and meta["key_length"] == 3
    # Page length in words, each once: title, summary, names (tags too) and body, where
    # a subheading counts once.
    assert meta["lengths"] == [3 + (5 + 1) + 6, 6 + 2, 4 + 3 + (2 + 1) + (6 + 2 + 2)]


def test_words_are_stemmed_folded_and_weighted_by_field() -> None:
    postings = _postings(_files())
    # "storm": title (7) + body (1) + summary (1) in the oldest; "storms" in the body of the newest.
    assert postings["storm"] == [(0, 1), (2, 9)]
    # A subheading counts 6 (5 more than its words in the body text); "ferries" → "ferry".
    assert postings["ferry"] == [(0, 7 + 1), (2, 1 + 6 + 1)]
    assert postings["vot"] == [(1, 7 + 1)]  # "votes" in the title, "Voting" in the body
    assert postings["eamon"] == [(0, 1)] and postings["briain"] == [(0, 1)]  # names count once
    assert postings["b"] == [(1, 14)]  # markup in a title is text, twice "b" …
    assert "p" not in postings and "h2" not in postings  # … but tags in a body are not words
    assert postings["budget"] == [(1, 7)]
    in_title = _postings(_files(), titles=True)
    assert in_title["storm"] == [(0, 0), (2, 1)] and in_title["vot"] == [(1, 1)]
    assert in_title["ferry"] == [(0, 1), (2, 0)]  # "Ferries are back"; only in the text


def test_filters_list_values_sorted_with_counts_and_the_file_holding_them() -> None:
    files = _files()
    meta = files["meta.json"]
    assert isinstance(meta, dict)
    assert meta["filters"]["actors"] == [["Port Authority", 2, 0], ["Éamon Ó Briain", 1, 0]]
    assert meta["filters"]["year"] == [["2020", 2, 0], ["2021", 1, 0]]
    assert meta["filters"]["locations"] == []
    assert files["filters/0.json"]["actors"]["Port Authority"] == [0, 2]  # type: ignore[call-overload]
    assert files["filters/0.json"]["year"]["2020"] == [1, 2]  # type: ignore[call-overload]


def test_the_index_is_the_same_bytes_whatever_the_order_of_the_articles() -> None:
    first = build_index(ARTICLES, ("actors", "locations", "tags"))
    shuffled = list(ARTICLES)
    random.Random(3).shuffle(shuffled)
    assert build_index(shuffled, ("actors", "locations", "tags")) == first
    assert build_index(reversed(ARTICLES), ("actors", "locations", "tags")) == first


def test_a_large_site_spreads_postings_and_filters_over_several_small_files() -> None:
    articles = [
        _article(
            f"a{n}",
            f"20{10 + n % 10}-0{1 + n % 9}-1{n % 10}",
            f"Briefing number {n} word{n % 50}",
            "<p>" + " ".join(f"term{(n * 7 + k) % 900}" for k in range(120)) + "</p>",
            actors=(f"Actor {n % 300}", f"Actor {n % 7}"),
        )
        for n in range(1500)
    ]
    files = build_index(articles, ("actors",))
    meta = json.loads(files[f"{INDEX_DIR}meta.json"])
    words = [p for p in files if p.startswith(f"{INDEX_DIR}words/")]
    assert meta["buckets"] == len(words) > 10
    assert max(len(files[p]) for p in words) < 200_000
    assert len([p for p in files if p.startswith(f"{INDEX_DIR}docs/")]) == 15
    assert len([p for p in files if p.startswith(f"{INDEX_DIR}filters/")]) > 1
    # "Actor 3" is named by 5 + 214 briefings, one of them naming it twice: counted once.
    for name, value, count in (("actors", "Actor 3", 5 + 214 - 1), ("year", "2012", 150)):
        row = next(r for r in meta["filters"][name] if r[0] == value)
        ids = json.loads(files[f"{INDEX_DIR}filters/{row[2]}.json"])[name][value]
        assert row[1] == len(ids) == count and ids == sorted(ids)
    # "term0" … "term899" share their first three, four and five characters: those keys
    # are split, and every stem is in the bucket of its key.
    assert {"ter", "term"} <= set(meta["split"]) and "term1" in meta["split"]["term"]
    for path in words:
        number = int(path.rsplit("/", 1)[1].removesuffix(".json"))
        for word in json.loads(files[path]):
            assert bucket_of(index_key(word, meta["split"]), meta["buckets"]) == number


def test_no_briefings_no_index() -> None:
    assert build_index([], ("actors",)) == {}


def test_the_forked_worker_writes_what_the_build_would_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    in_process = search.finish_index(search.start_builtin(ARTICLES, ("actors", "tags")))
    monkeypatch.setattr(search, "_FORK_FROM", 0)
    pending = search.start_builtin(ARTICLES, ("actors", "tags"))
    assert pending.worker is not None
    forked = search.finish_index(pending)
    assert forked == in_process and forked.files and forked.note == ""
    assert pending.worker.exitcode == 0


def test_a_failing_worker_is_raised_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_FORK_FROM", 0)
    pending = search.start_builtin((ARTICLES[0], "not an article"), ("actors",))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="AttributeError"):
        search.finish_index(pending)


# --- The setting, and the build -----------------------------------------------------------


def test_search_setting_accepts_the_three_engines_and_a_bare_off(tmp_path: Path) -> None:
    for text, expected in (
        ("", "builtin"),
        ("search: builtin\n", "builtin"),
        ("search: pagefind\n", "pagefind"),
        ("search: off\n", "off"),  # YAML reads a bare off as false
        ("search: 'off'\n", "off"),
    ):
        (tmp_path / "briefgen.yaml").write_text(text)
        assert load_config(tmp_path).search == expected, text


@pytest.mark.parametrize("value", ["lunr", "true", "on", "1", "[builtin]"])
def test_a_bad_search_setting_names_its_line(tmp_path: Path, value: str) -> None:
    (tmp_path / "briefgen.yaml").write_text(f"title: T\nsearch: {value}\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert "briefgen.yaml:2:" in str(error.value) and "'search'" in str(error.value)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


def test_the_default_build_writes_the_builtin_index_and_no_pagefind_bundle(
    project: Path, tmp_path: Path
) -> None:
    state = render_site(fixture_config(tmp_path / "site", project))
    files = state.output.files
    meta = json.loads(files[f"{INDEX_DIR}meta.json"])
    assert meta["docs"] == 6 and state.search_note == ""
    assert not any(path.startswith("pagefind/") for path in files)
    page = files["search/index.html"].decode()
    assert 'data-engine="builtin"' in page and 'data-bundle="../static/search-engine.js"' in page
    assert 'data-index="../search/index/meta.json"' in page  # the link check finds the index
    assert "static/search-engine.js" in files


def test_search_off_writes_no_index_and_says_nothing(
    project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = render_site(fixture_config(tmp_path / "site", project, search="off"))
    assert not any(p.startswith((INDEX_DIR, "pagefind/")) for p in state.output.files)
    page = state.output.files["search/index.html"].decode()
    assert 'data-engine="off"' in page and "data-index" not in page
    assert state.search_note == "" and "search" not in caplog.text


def test_an_incremental_render_reuses_the_index_until_an_article_changes(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fixture_config(tmp_path / "site", project)
    calls: list[int] = []
    real = search.start_builtin

    def counting(articles: tuple[Article, ...], taxonomies: tuple[str, ...]) -> object:
        calls.append(len(articles))
        return real(articles, taxonomies)

    monkeypatch.setattr("briefgen.search.start_builtin", counting)  # imported when run
    state = render_site(config)
    same = render_site(config, previous=state, changed=frozenset())
    assert calls == [6]

    def index(files: object) -> dict[str, bytes]:
        return {p: b for p, b in files.items() if p.startswith(INDEX_DIR)}  # type: ignore[attr-defined]

    assert index(same.output.files) == index(state.output.files)
    path = project / "content" / "2020" / "storm-warning.md"
    path.write_text(path.read_text().replace("Storm warning", "Gale warning"))
    edited = render_site(config, previous=state, changed=frozenset({path}))
    assert calls == [6, 6]
    assert index(edited.output.files) != index(state.output.files)
    assert index(edited.output.files) == index(render_site(config).output.files)


def test_a_tag_filter_offers_the_topic_as_pages_name_it_and_counts_a_briefing_once() -> None:
    """The tag filter listed slugs ("conflict-war-peace") where every page, and Pagefind's
    filter, reads "Conflict, war and peace"; and a briefing named under one value twice
    was counted twice."""
    articles = [
        _article("a", "2022-02-24", "One", tags=("conflict-war-peace", "politics")),
        _article("b", "2022-02-25", "Two", tags=("conflict-war-peace",), actors=("X", "X")),
        _article("c", "2022-02-26", "Three", tags=("COVID-19",)),
    ]
    meta = json.loads(build_index(articles, ("actors", "tags"))[f"{INDEX_DIR}meta.json"])
    tags = {row[0]: row[1] for row in meta["filters"]["tags"]}
    assert tags == {"Conflict, war and peace": 2, "Politics": 1, "COVID-19": 1}
    assert [row[:2] for row in meta["filters"]["actors"]] == [["X", 1]]
