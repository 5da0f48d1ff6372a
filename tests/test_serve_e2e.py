"""`briefgen serve` end to end: the real CLI on a free port, a real headless Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from serve_project import (
    CSS_MARKER,
    REPO_ROOT,
    Server,
    article_path,
    article_text,
    make_project,
    running_server,
    wait_until,
    write_article,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
OVERLAY = "#briefgen-error"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    with running_server(project, free_port()) as running:
        yield running


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def open_article(page: Any, server: Server, title: str) -> None:
    page.goto(server.url)
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(title, timeout=TIMEOUT_MS)
    page.evaluate("window.__marker = 'still here'")


COUNT_PATCHES = """
window.__patches = 0;
document.addEventListener('briefgen:patched', () => { window.__patches += 1; });
"""
NAVIGATIONS = "performance.getEntriesByType('navigation').length"


def test_title_edit_is_patched_in_without_a_reload(
    page: Any, server: Server, project: Path
) -> None:
    page.set_viewport_size({"width": 360, "height": 240})  # small, so the page scrolls
    page.add_init_script(COUNT_PATCHES)
    open_article(page, server, "Story number 1")
    page.evaluate("window.scrollTo(0, 120)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    write_article(project, 1, "Story number 1 has a new title")
    expect(page.locator("h1")).to_contain_text("has a new title", timeout=TIMEOUT_MS)
    expect(page).to_have_title(re.compile("has a new title"), timeout=TIMEOUT_MS)
    assert page.evaluate("window.__marker") == "still here"  # no reload
    assert page.evaluate("window.__patches") == 1
    assert page.evaluate(NAVIGATIONS) == 1
    assert page.evaluate("window.scrollY") == scrolled
    assert requests == []  # the new HTML came with the event: nothing fetched
    # The head's data changed with it (description, JSON-LD), without a second script run.
    ld = page.evaluate("document.querySelector('script[type=\"application/ld+json\"]').text")
    assert "has a new title" in ld
    assert page.evaluate("document.querySelectorAll('#briefgen-livereload').length") == 1
    # A second edit patches the already patched page.
    write_article(project, 1, "Story number 1 edited twice")
    expect(page.locator("h1")).to_contain_text("edited twice", timeout=TIMEOUT_MS)
    assert page.evaluate("window.__patches") == 2
    assert page.evaluate("window.__marker") == "still here"


def test_template_content_is_compared_too(page: Any, tmp_path: Path) -> None:
    """A <template>'s content is not a child node: a change inside one is still patched."""
    project = make_project(tmp_path / "project")
    base = project / "themes" / "live" / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    template = '<template id="t"><b>{{ page.title }}</b></template>\n</body>'
    assert "</body>" in text  # the footer is a shared() piece of its own (_site_footer.html)
    base.write_text(text.replace("</body>", template, 1), encoding="utf-8")
    with running_server(project, free_port()) as server:
        open_article(page, server, "Story number 1")
        write_article(project, 1, "Story number 1 in a template")
        expect(page.locator("h1")).to_contain_text("in a template", timeout=TIMEOUT_MS)
        assert "in a template" in page.evaluate("document.getElementById('t').innerHTML")
        assert page.evaluate("window.__marker") == "still here"


def test_unaffected_page_stays_as_it_is(page: Any, tmp_path: Path) -> None:
    """An edit that does not change the open page's HTML neither reloads nor patches it."""
    five = make_project(tmp_path / "five", articles=5)
    # Story 5 shares no actor, place or neighbour with story 1, so story 1's page is unchanged.
    body = "Body of story 5. It has a sentence or two."
    story = article_path(five, 5)

    def write(title: str) -> None:
        text = article_text(title, "2020-09-06", body, actors="Bob Other")
        story.write_text(text.replace("[Paris]", "[Lima]"), encoding="utf-8")

    write("Story number 5")
    with running_server(five, free_port()) as server:
        page.add_init_script(COUNT_PATCHES)
        open_article(page, server, "Story number 1")
        before = page.content()
        write("Story number 5 retitled")
        wait_until(
            lambda: b"retitled" in server.get("2020/09/06/story-5/")[1], "the rebuild", timeout=20
        )
        page.wait_for_timeout(500)  # time enough for a patch or reload to land
        assert page.evaluate("window.__marker") == "still here"
        assert page.evaluate("window.__patches") == 0
        assert page.content() == before


def test_page_altered_by_its_scripts_reloads(page: Any, server: Server, project: Path) -> None:
    """A changed region that a script had changed would lose that work: reload instead."""
    open_article(page, server, "Story number 1")
    page.evaluate("document.querySelector('main').dataset.enhanced = 'yes'")
    write_article(project, 1, "Story number 1 after an enhancement")
    expect(page.locator("h1")).to_contain_text("after an enhancement", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__marker === undefined", timeout=TIMEOUT_MS)  # reloaded
    assert page.evaluate("document.querySelector('main').dataset.enhanced") is None


def test_changed_head_assets_reload_the_page(page: Any, server: Server, project: Path) -> None:
    open_article(page, server, "Story number 1")
    base = project / "themes" / "live" / "templates" / "base.html"
    extra = project / "themes" / "live" / "static" / "extra.css"
    extra.write_text("html { --extra: yes; }\n", encoding="utf-8")
    text = base.read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="{{ url(\'static/extra.css\') }}">\n</head>'
    base.write_text(text.replace("</head>", link, 1), encoding="utf-8")
    read = "getComputedStyle(document.documentElement).getPropertyValue('--extra').trim()"
    page.wait_for_function(f"{read} === 'yes'", timeout=TIMEOUT_MS)
    assert page.evaluate("window.__marker") is None  # a full reload brought the new sheet


def test_script_in_a_changed_region_reloads_instead(
    page: Any, server: Server, project: Path
) -> None:
    """The fetched HTML's scripts never run in the old page: such a change reloads."""
    page.add_init_script("window.__ran = 0;")
    open_article(page, server, "Story number 1")
    base = project / "themes" / "live" / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    script = "<script>window.__ran += 1;</script>\n</body>"
    assert "</body>" in text  # the footer is a shared() piece of its own (_site_footer.html)
    base.write_text(text.replace("</body>", script, 1), encoding="utf-8")
    page.wait_for_function("window.__marker === undefined", timeout=TIMEOUT_MS)  # reloaded
    page.wait_for_function("window.__ran === 1", timeout=TIMEOUT_MS)  # once, by the reload


def test_css_change_swaps_styles_without_navigation(
    page: Any, server: Server, project: Path
) -> None:
    page.goto(server.url)
    page.evaluate("window.__marker = 'still here'")
    read = "getComputedStyle(document.documentElement).getPropertyValue('--serve-test').trim()"
    assert page.evaluate(read) == "one"
    css = project / "themes" / "live" / "static" / "style.css"
    text = css.read_text(encoding="utf-8")
    css.write_text(text.replace(CSS_MARKER, "html { --serve-test: two; }\n"), encoding="utf-8")
    page.wait_for_function(f"{read} === 'two'", timeout=TIMEOUT_MS)
    assert page.evaluate("window.__marker") == "still here"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"


def test_broken_template_shows_overlay_then_recovers(
    page: Any, server: Server, project: Path
) -> None:
    open_article(page, server, "Story number 2")
    base = project / "themes" / "live" / "templates" / "base.html"
    good = base.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    base.write_text("".join([*lines[:2], "{% if %}\n", *lines[2:]]), encoding="utf-8")
    overlay = page.locator(OVERLAY)
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_contain_text("themes/live/templates/base.html:3", timeout=TIMEOUT_MS)
    # The last good page is still there under the overlay.
    expect(page.locator("h1")).to_contain_text("Story number 2")
    assert page.evaluate("window.__marker") == "still here"

    base.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=TIMEOUT_MS)
    page.wait_for_function("window.__marker === undefined", timeout=TIMEOUT_MS)  # reloaded
    expect(page.locator("h1")).to_contain_text("Story number 2")
    log = server.log()
    assert log.count("themes/live/templates/base.html:3") == 1
    assert "Traceback" not in log


def test_rename_save_like_vim_arrives(page: Any, server: Server, project: Path) -> None:
    open_article(page, server, "Story number 3")
    path = article_path(project, 3)
    backup = path.with_name(path.name + "~")
    new_text = path.read_text(encoding="utf-8").replace(
        "title: Story number 3", "title: Story number 3 saved by rename"
    )
    # vim with 'writebackup': rename the original away, write a fresh file, drop the backup.
    path.rename(backup)
    path.write_text(new_text, encoding="utf-8")
    backup.unlink()
    expect(page.locator("h1")).to_contain_text("saved by rename", timeout=TIMEOUT_MS)
    # And the other common way: write a temporary file, rename it over the original.
    temp = path.with_name(".story-3.md.swp")
    temp.write_text(new_text.replace("saved by rename", "saved twice"), encoding="utf-8")
    os.replace(temp, path)
    expect(page.locator("h1")).to_contain_text("saved twice", timeout=TIMEOUT_MS)


def test_new_seed_appears_on_the_home_page(page: Any, server: Server, project: Path) -> None:
    page.goto(server.url)
    expect(page.locator("main")).not_to_contain_text("Zanzibar")
    seed = project / "seeds" / "lighthouse.txt"
    seed.write_text(
        "date 2024-05-02 Volunteers in Zanzibar reopened the old lighthouse on Thursday "
        "after two years of repairs.\n\nThe town council paid for the new lamp.\n",
        encoding="utf-8",
    )
    expect(page.locator("main")).to_contain_text("Zanzibar", timeout=TIMEOUT_MS)


def test_bad_content_shows_overlay_in_every_open_page(
    browser: Any, server: Server, project: Path
) -> None:
    context = browser.new_context()
    try:
        home, article = context.new_page(), context.new_page()
        home.goto(server.url)
        open_article(article, server, "Story number 1")
        path = article_path(project, 2)
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("date: ", "date: [not, a, date", 1), encoding="utf-8")
        for page in (home, article):
            expect(page.locator(OVERLAY)).to_contain_text(
                "content/2020/story-2.md:", timeout=TIMEOUT_MS
            )
        path.write_text(good, encoding="utf-8")
        for page in (home, article):
            expect(page.locator(OVERLAY)).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()


TRACK_STREAMS = """
(() => {
  const Original = window.EventSource;
  window.__streams = [];
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    window.__streams.push(source);
    return source;
  };
  window.EventSource.prototype = Original.prototype;
})();
"""
OPEN_STREAMS = "window.__streams.filter(s => s.readyState !== 2).length"


def test_hidden_tab_releases_its_connection(page: Any, server: Server, project: Path) -> None:
    """A background tab closes its event stream and catches up when shown again."""
    page.add_init_script(TRACK_STREAMS)
    open_article(page, server, "Story number 1")
    page.wait_for_function(f"{OPEN_STREAMS} === 1", timeout=TIMEOUT_MS)
    page.evaluate(
        """() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        Object.defineProperty(document, 'visibilityState', {configurable: true,
                              get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    assert page.evaluate(OPEN_STREAMS) == 0
    write_article(project, 1, "Story number 1 edited while hidden")
    wait_until(lambda: b"edited while hidden" in server.get("")[1], "the rebuild")
    assert page.evaluate("window.__marker") == "still here"
    page.evaluate(
        """() => {
        delete document.hidden; delete document.visibilityState;
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    expect(page.locator("h1")).to_contain_text("edited while hidden", timeout=TIMEOUT_MS)
    # The state on reconnecting names the changed page without its HTML: fetched, patched.
    assert page.evaluate("window.__marker") == "still here"


def test_build_output_never_holds_the_script(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(project), "build"],
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    pages = list((project / "site").rglob("*.html"))
    assert pages
    for html in pages:
        assert b"briefgen-livereload" not in html.read_bytes(), html


def test_search_finds_an_edit_made_while_serving(page: Any, server: Server, project: Path) -> None:
    """The search bundle is held in memory too, and follows a briefing's edit."""
    from search_support import require_pagefind

    require_pagefind()
    page.goto(server.url + "search/?q=number")
    expect(page.locator("#results .result-title").first).to_be_visible(timeout=TIMEOUT_MS)
    page.goto("about:blank")  # no live-reload navigation may race the next goto
    write_article(project, 2, "Story about a lighthouse")
    wait_until(lambda: b"lighthouse" in server.get("2020/09/03/story-2/")[1], "the edit")
    page.goto(server.url + "search/?q=lighthouse")
    expect(page.locator("#results .result-title")).to_have_text(
        ["Story about a lighthouse"], timeout=TIMEOUT_MS
    )
