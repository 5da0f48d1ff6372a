"""Headless Chromium browses the built site served under a sub-path, and from file://."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from site_support import FIXTURE_PROJECT, build_fixture, fixture_config

from briefgen.build import build_site

pytestmark = pytest.mark.browser
PREFIX = "/briefings/"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static server that publishes the site folder under /briefings/ only."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_fixture(out)
    port = free_port()
    handler = functools.partial(_SubPathHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def _assert_styled(page: Any) -> None:
    """The stylesheet applied: values that only style.css sets."""
    header = page.eval_on_selector(
        ".site-header",
        "e => getComputedStyle(e).borderBottomStyle + ' ' + getComputedStyle(e).borderBottomWidth",
    )
    assert header == "solid 3px"
    wrap = page.eval_on_selector("main", "e => getComputedStyle(e).maxWidth")
    assert wrap == "960px"
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


def test_follow_links_under_a_sub_path(page: Any, site_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site_url)
    assert page.title() == "Test Briefings"
    _assert_styled(page)

    page.click(".brief-title >> nth=0")
    page.wait_for_load_state()
    assert page.url == site_url + "2021/01/03/ferries-back/"
    assert page.inner_text("h1") == "Ferry service resumes <after> the storm"
    _assert_styled(page)

    page.click(".facts a:text('Port Authority')")
    page.wait_for_load_state()
    assert page.url == site_url + "actors/port-authority/"
    assert page.inner_text("h1") == "Port Authority"
    _assert_styled(page)

    page.click(".card .meta a >> nth=0")
    page.wait_for_load_state()
    assert page.url == site_url + "2021/01/03/"
    assert page.inner_text("h1") == "3 January 2021"
    _assert_styled(page)
    assert failed == []


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    port = free_port()
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}{PREFIX}"


# Two briefings beside the fixture's: one names Putin, one is about computing.
_EXTRA = {
    "2021/putin-visit.md": (
        "---\ntitle: Leaders meet in Sochi\ndate: 2021-02-10\n"
        "summary: The two presidents met for talks.\n"
        "actors: [Vladimir Putin, Alexander Lukashenko]\nlocations: [Sochi]\ntags: [diplomacy]\n"
        "---\n\nVladimir Putin received his guest at a seaside residence.\n"
    ),
    "2021/computing-lab.md": (
        "---\ntitle: A new lab opens its doors\ndate: 2021-02-11\n"
        "summary: Researchers showed their machines.\n"
        "actors: [University of Westport]\nlocations: [Westport]\ntags: [science]\n"
        "---\n\nComputing power for the region's researchers doubled this week.\n"
    ),
    # Enough names under one letter for the index to fold those named once.
    "2021/roll-call.md": (
        "---\ntitle: A long roll call\ndate: 2021-02-12\nsummary: Many names.\n"
        "actors: [" + ", ".join(f"Zed {n:02d}" for n in range(1, 46)) + "]\n"
        "---\n\nEveryone was there.\n"
    ),
}


@pytest.fixture(scope="module", params=["builtin", "pagefind"])
def search_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The site with the extra briefings, searched with each engine in turn."""
    from search_support import require_pagefind

    if request.param == "pagefind":
        require_pagefind()
    root = tmp_path_factory.mktemp("search") / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    for name, text in _EXTRA.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    out = root.parent / "site"
    build_site(fixture_config(out, root, search=request.param))
    server, url = _serve(out)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def _results(page: Any) -> list[str]:
    page.wait_for_function(
        "document.getElementById('search-status').textContent.match(/briefing|No briefing/)"
    )
    return page.eval_on_selector_all("#results .result-title", "els => els.map(e => e.textContent)")


def test_search_finds_a_word_ranks_it_first_and_links_under_a_sub_path(
    page: Any, search_url: str
) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("request", lambda r: failed.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto(search_url + "search/?q=ferry")
    titles = _results(page)
    assert titles[0] == "Ferry service resumes <after> the storm"  # escaped title, as text
    excerpt = page.inner_html("#results .result .excerpt >> nth=0")
    assert "<mark>" in excerpt.lower() and "<script" not in excerpt.lower()
    page.click("#results .result-title >> nth=0")
    page.wait_for_load_state()
    assert page.url == search_url + "2021/01/03/ferries-back/"
    assert failed == []


def test_search_matches_whole_words_not_parts(page: Any, search_url: str) -> None:
    page.goto(search_url + "search/?q=Putin")
    assert _results(page) == ["Leaders meet in Sochi"]  # not "Computing"
    page.goto(search_url + "search/?q=computing")
    assert _results(page) == ["A new lab opens its doors"]


def test_an_actor_filter_narrows_the_results(page: Any, search_url: str) -> None:
    page.goto(search_url + "search/?q=storm")
    wide = _results(page)
    assert len(wide) >= 2
    page.select_option("#filter-actors", "Port Authority")
    page.wait_for_function("location.search.includes('actors=')")
    narrow = _results(page)
    assert narrow and len(narrow) < len(wide) and set(narrow) <= set(wide)
    assert "Port+Authority" in page.url or "Port%20Authority" in page.url
    page.select_option("#filter-year", "2021")
    assert _results(page) == ["Ferry service resumes <after> the storm"]


def test_the_header_box_searches_from_any_page(page: Any, search_url: str) -> None:
    page.goto(search_url + "2020/09/14/")
    page.fill("#site-search", "Putin")
    page.press("#site-search", "Enter")
    page.wait_for_load_state()
    assert page.url.startswith(search_url + "search/?q=Putin")
    assert _results(page) == ["Leaders meet in Sochi"]


def test_search_page_says_when_the_index_is_missing(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_fixture(out)
    shutil.rmtree(out / "search" / "index")
    server, url = _serve(out)
    try:
        page.goto(url + "search/?q=ferry")
        page.wait_for_function(
            "document.getElementById('search-status').textContent.includes('not available')"
        )
    finally:
        server.shutdown()
        server.server_close()


def test_day_navigation_walks_the_days_with_briefings(page: Any, site_url: str) -> None:
    page.goto(site_url + "2020/09/14/")
    assert page.get_attribute("link[rel=prev]", "href") == "../../../2020/09/02/"
    page.click(".day-nav >> nth=0 >> a[rel=next]")
    page.wait_for_load_state()
    assert page.url == site_url + "2021/01/01/"  # the next day that has briefings
    page.click(".day-nav >> nth=0 >> a[rel=prev]")
    page.wait_for_load_state()
    assert page.url == site_url + "2020/09/14/"
    assert page.inner_text("h1") == "14 September 2020"
    page.goto(site_url + "2020/09/")
    page.click(".calendar a:has-text('14')")
    page.wait_for_load_state()
    assert page.url == site_url + "2020/09/14/"


def test_index_filter_box_filters_and_hides_empty_letters(page: Any, site_url: str) -> None:
    page.goto(site_url + "actors/")
    assert page.is_visible("#term-filter-input")
    all_names = page.eval_on_selector_all(".letter li a", "els => els.map(e => e.textContent)")
    page.fill("#term-filter-input", "eamon")  # accents and case do not matter
    page.wait_for_function("document.querySelector('[data-term-filter-status]').textContent")
    shown = page.eval_on_selector_all(
        ".letter li:not([hidden]) a", "els => els.map(e => e.textContent)"
    )
    assert shown == ["Éamon Ó Briain"]
    visible = page.eval_on_selector_all(
        ".letter li a", "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)"
    )
    assert visible == ["Éamon Ó Briain"]  # hidden, not only marked hidden
    assert page.eval_on_selector_all(".letter:not([hidden])", "els => els.map(e => e.id)") == [
        "letter-e"
    ]
    assert not page.is_visible(".top-terms")
    page.fill("#term-filter-input", "")
    page.wait_for_function("!document.querySelector('[data-term-filter-status]').textContent")
    again = page.eval_on_selector_all(
        ".letter li:not([hidden]) a", "els => els.map(e => e.textContent)"
    )
    assert again == all_names


def test_index_works_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "actors/")
        assert not page.is_visible("#term-filter-input")  # no dead box without JS
        assert page.locator(".letter li").count() == 7
        page.click(".az-jump a:text('P')")
        assert page.url.endswith("actors/#letter-p")
    finally:
        context.close()


# One page of every type, including the new ones, on a phone-sized viewport.
_NARROW_PAGES = (
    "", "page/2/", "2020/09/14/harbour-bridge-reopens/", "actors/", "locations/", "tags/",
    "actors/port-authority/", "2020/", "2020/09/", "2020/09/14/", "archive/", "search/?q=storm",
)  # fmt: skip


def test_no_page_is_wider_than_a_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        wide = []
        for path in _NARROW_PAGES:
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append((path, width))
        assert wide == []
    finally:
        context.close()


def test_site_opens_from_a_folder(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_fixture(out)
    page.goto((out / "index.html").as_uri())
    _assert_styled(page)
    page.click(".brief-title >> nth=0")
    page.wait_for_load_state()
    assert page.url.endswith("/2021/01/03/ferries-back/index.html")
    _assert_styled(page)
    page.click(".site-nav a:text('Archive')")
    page.wait_for_load_state()
    assert page.url.endswith("/archive/index.html")


def test_dark_mode_and_print_styles(page: Any, site_url: str) -> None:
    page.goto(site_url + "2021/01/03/ferries-back/")
    page.emulate_media(color_scheme="light")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(253, 252, 249)" and dark == "rgb(21, 23, 27)"
    page.emulate_media(media="print", color_scheme="light")
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "none"
    assert page.eval_on_selector(".prevnext", "e => getComputedStyle(e).display") == "none"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_skip_link_moves_focus_to_main(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    top = page.eval_on_selector(".skip-link", "e => e.getBoundingClientRect().top")
    assert top >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_filter_alone_lists_its_briefings_newest_first(page: Any, search_url: str) -> None:
    page.goto(search_url + "search/?locations=Westport")
    assert len(_results(page)) >= 3
    dates = page.eval_on_selector_all(
        "#results .result time", "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert dates == sorted(dates, reverse=True)


def test_index_folds_the_long_tail_and_the_filter_opens_it(page: Any, search_url: str) -> None:
    page.goto(search_url + "actors/")
    fold = page.locator("#letter-z details.rare")
    assert fold.locator("summary").inner_text() == "45 more named once"
    assert fold.get_attribute("open") is None and not page.is_visible("#letter-z >> text=Zed 07")
    page.fill("#term-filter-input", "zed 07")
    page.wait_for_function("document.querySelector('[data-term-filter-status]').textContent")
    assert page.is_visible("#letter-z >> text=Zed 07")
    assert not page.is_visible("#letter-z >> text=Zed 08")
    page.fill("#term-filter-input", "")
    page.wait_for_function("!document.querySelector('[data-term-filter-status]').textContent")
    assert fold.get_attribute("open") is None and fold.is_visible()


# --- The builtin engine's word rules: the browser's must be the index's -------------------

_PARITY_JS = """
async ([base, texts, keys]) => {
  const se = await import(base + "static/search-engine.js");
  return {
    words: texts.map((text) => se.words(text)),
    stems: texts.map((text) => se.words(text).map(se.stem)),
    buckets: keys.map((key) => se.bucketOf(key, 997)),
  };
}
"""


def test_the_browser_splits_folds_and_stems_words_exactly_as_the_index(
    page: Any, search_url: str
) -> None:
    """Run over the Wikinews corpus (read at run time): any word the two stem differently
    would be unfindable, so they must agree on every one."""
    import json

    from conftest import SHARED_DIR, require

    from briefgen.searchindex import _WORD, bucket_of, fold, stem

    corpus = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
    require(corpus.is_file(), f"{corpus} (../shared/corpora)")
    lines = corpus.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[:400]]
    texts += [
        "Zürich, ZÜRICH and Zu\u0308rich",
        "Éamon Ó Briain",
        "naïve café-owners' 1990s",
        "İstanbul ǅemal ﬁnance Straße",
    ]
    words = [[fold(w) for w in _WORD.findall(text.lower())] for text in texts]
    keys = sorted({w[:3] for text in words for w in text})[:3000]
    page.goto(search_url)
    result = page.evaluate(_PARITY_JS, [search_url, texts, keys])
    for text, mine, theirs in zip(texts, words, result["words"], strict=True):
        assert theirs == mine, text[:80]
    for mine, theirs in zip(words, result["stems"], strict=True):
        assert theirs == [stem(w) for w in mine]
    assert result["buckets"] == [bucket_of(key, 997) for key in keys]
    assert sum(len(w) for w in words) > 50_000  # the corpus was really read
