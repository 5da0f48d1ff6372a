"""Headless Chromium browses the built site served under a sub-path, and from file://."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from site_support import build_fixture

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

    page.click(".card-title a >> nth=0")
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


def test_search_works_under_a_sub_path(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/?q=ferry")
    page.wait_for_selector("#results li")
    first = page.locator("#results li a").first
    assert first.inner_text() == "Ferry service resumes <after> the storm"
    first.click()
    page.wait_for_load_state()
    assert page.url == site_url + "2021/01/03/ferries-back/"
    page.goto(site_url + "search/")
    page.fill("#q", "westport forecasters")
    page.wait_for_selector("#results li")
    assert page.locator("#results li").count() == 1


def test_term_index_sorts_by_name(page: Any, site_url: str) -> None:
    page.goto(site_url + "actors/")
    names = page.eval_on_selector_all(".term-list li", "els => els.map(e => e.dataset.name)")
    assert names[0] == "City Council"
    page.click("button[data-sort=name]")
    by_name = page.eval_on_selector_all(".term-list li", "els => els.map(e => e.dataset.name)")
    assert by_name == [
        "City Council",
        "Éamon Ó Briain",  # a locale-aware sort puts É with E
        "Maria Lopez",
        "NATO",
        "Nato",
        "Port Authority",
        "Weather Service",
    ]
    assert page.get_attribute("button[data-sort=name]", "aria-pressed") == "true"


def test_site_opens_from_a_folder(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_fixture(out)
    page.goto((out / "index.html").as_uri())
    _assert_styled(page)
    page.click(".card-title a >> nth=0")
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
