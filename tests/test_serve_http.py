"""The request handler of `briefgen serve`, in process: paths, methods, 404, injection, SSE."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from briefgen.errors import BriefgenError
from briefgen.serve.client import OVERLAY_ID, SCRIPT_ID, inject_script
from briefgen.serve.httpd import (
    Route,
    RouteKind,
    SiteServer,
    bind_server,
    content_type,
    route_request,
    stream_page,
)
from briefgen.serve.live import MAX_LISTED_PAGES, LiveSite, Step, classify_step, diff_files
from briefgen.urls import site_prefix

SITE = {
    "index.html": b"<!doctype html><html><body><h1>Home</h1></body></html>",
    "2020/09/14/a-story/index.html": b"<html><body><h1>A story</h1></BODY></html>",
    "static/style.css": b"body{color:red}",
    "feed.xml": b"<feed/>",
    "robots.txt": b"User-agent: *",
    "404.html": b"<html><body><h1>Lost</h1></body></html>",
    "weird name/index.html": b"<html><body>w</body></html>",
}


@pytest.mark.parametrize(
    ("raw", "route"),
    [
        ("/", Route(RouteKind.FILE, "index.html")),
        ("/index.html", Route(RouteKind.FILE, "index.html")),
        ("/?x=1", Route(RouteKind.FILE, "index.html")),
        ("/2020/09/14/a-story/", Route(RouteKind.FILE, "2020/09/14/a-story/index.html")),
        ("/2020/09/14/a-story", Route(RouteKind.REDIRECT, "/2020/09/14/a-story/")),
        ("/static/style.css?briefgen=3", Route(RouteKind.FILE, "static/style.css")),
        ("/weird%20name/", Route(RouteKind.FILE, "weird name/index.html")),
        ("http://example.org/feed.xml", Route(RouteKind.FILE, "feed.xml")),
        ("/__briefgen/events", Route(RouteKind.EVENTS)),
        ("/nope/", Route(RouteKind.NOT_FOUND)),
        ("/2020/", Route(RouteKind.NOT_FOUND)),  # no listing of a folder without index
    ],
)
def test_routes(raw: str, route: Route) -> None:
    assert route_request(raw, "/", SITE) == route


@pytest.mark.parametrize(
    "raw",
    [
        "/../etc/passwd",
        "/static/../index.html",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/static/%2e%2e/index.html",
        "/static/..%2findex.html",
        "/%252e%252e/etc/passwd",  # double encoding stays literal
        "//etc/passwd",
        "/%2Fetc/passwd",
        "/static\\..\\index.html",
        "/static%5c..%5cindex.html",
        "/C:/Windows/win.ini",
        "/./index.html",
        "/static//style.css",
        "/index.html%00.css",
        "/%ff%fe",
        "*",
        "index.html",
    ],
)
def test_traversal_and_odd_paths_are_not_found(raw: str) -> None:
    assert route_request(raw, "/", SITE).kind is RouteKind.NOT_FOUND


def test_the_site_is_memory_so_symlinks_cannot_exist() -> None:
    """Keys name built files only; a path that would be a symlink on disk is just absent."""
    assert route_request("/static/link-to-etc/passwd", "/", SITE).kind is RouteKind.NOT_FOUND


def test_sub_path_prefix() -> None:
    prefix = site_prefix("https://example.org/briefings")
    assert prefix == "/briefings/"
    assert route_request("/", prefix, SITE) == Route(RouteKind.REDIRECT, "/briefings/")
    assert route_request("/briefings", prefix, SITE) == Route(RouteKind.REDIRECT, "/briefings/")
    assert route_request("/briefings/", prefix, SITE) == Route(RouteKind.FILE, "index.html")
    assert route_request("/briefings/feed.xml", prefix, SITE) == Route(RouteKind.FILE, "feed.xml")
    assert route_request("/briefings/__briefgen/events", prefix, SITE).kind is RouteKind.EVENTS
    assert route_request("/feed.xml", prefix, SITE).kind is RouteKind.NOT_FOUND
    assert route_request("/briefingsX/", prefix, SITE).kind is RouteKind.NOT_FOUND
    assert route_request("/briefings/../feed.xml", prefix, SITE).kind is RouteKind.NOT_FOUND


@pytest.mark.parametrize(
    ("base_url", "prefix"),
    [
        ("", "/"),
        ("https://example.org", "/"),
        ("https://e.org/", "/"),
        ("https://e.org/a/b/", "/a/b/"),
    ],
)
def test_site_prefix(base_url: str, prefix: str) -> None:
    assert site_prefix(base_url) == prefix


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("static/style.css", "text/css; charset=utf-8"),
        ("static/app.js", "text/javascript; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("static/logo.svg", "image/svg+xml"),
        ("static/font.woff2", "font/woff2"),
        ("static/blob", "application/octet-stream"),
        ("static.d/blob", "application/octet-stream"),
    ],
)
def test_content_types(key: str, kind: str) -> None:
    assert content_type(key) == kind


def test_injection_goes_before_the_last_body_end() -> None:
    html = b"<body><pre></body></pre><p>x</p></BODY></html>"
    assert inject_script(html, b"<s>") == b"<body><pre></body></pre><p>x</p><s></BODY></html>"
    assert inject_script(b"<p>no body</p>", b"<s>") == b"<p>no body</p><s>"


def test_diff_files() -> None:
    old = {"a": b"1", "b": b"2", "c": b"3"}
    new = {"a": b"1", "b": b"x", "d": b"4"}
    assert diff_files(old, new) == ("b", "c", "d")


# -- a real server on a free port, fed from an in-memory site ------------------------------


@dataclass
class Running:
    server: SiteServer
    live: LiveSite
    port: int
    prefix: str

    def request(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
            conn.endheaders()
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()


def start(prefix: str = "/") -> Running:
    live = LiveSite("test-instance", prefix)
    live.publish(SITE, None)
    server = bind_server("127.0.0.1", 0, live, prefix)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Running(server, live, server.server_address[1], prefix)


@pytest.fixture
def running() -> Iterator[Running]:
    run = start()
    yield run
    run.live.close()
    run.server.shutdown()
    run.server.server_close()


@pytest.fixture
def running_sub() -> Iterator[Running]:
    run = start("/briefings/")
    yield run
    run.live.close()
    run.server.shutdown()
    run.server.server_close()


def test_get_html_has_the_script_and_headers(running: Running) -> None:
    status, headers, body = running.request("GET", "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert headers["cache-control"] == "no-store"
    assert f'<script id="{SCRIPT_ID}">'.encode() in body
    assert body.index(b"<script") < body.index(b"</body>")
    assert body.startswith(SITE["index.html"][: -len(b"</body></html>")])
    assert b'"events": "/__briefgen/events"' in body


def test_non_html_is_served_untouched(running: Running) -> None:
    status, headers, body = running.request("GET", "/static/style.css")
    assert (status, body) == (200, SITE["static/style.css"])
    assert headers["content-type"] == "text/css; charset=utf-8"
    status, _, body = running.request("GET", "/feed.xml")
    assert (status, body) == (200, SITE["feed.xml"])


def test_head_sends_headers_only(running: Running) -> None:
    status, headers, body = running.request("HEAD", "/")
    _, _, get_body = running.request("GET", "/")
    assert status == 200
    assert body == b""
    assert int(headers["content-length"]) == len(get_body)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_are_refused(running: Running, method: str) -> None:
    status, headers, _ = running.request(method, "/")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


def test_unknown_method_is_not_implemented(running: Running) -> None:
    status, _, _ = running.request("BREW", "/")
    assert status == 501


@pytest.mark.parametrize(
    "path",
    [
        "/missing/",
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static\\..\\..\\x",
        "//etc/passwd",
        "/2020/",
    ],
)
def test_missing_pages_get_404_html_with_status_404(running: Running, path: str) -> None:
    status, headers, body = running.request("GET", path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"<h1>Lost</h1>" in body
    assert SCRIPT_ID.encode() in body  # the 404 page reloads too once the page exists


def test_folder_without_slash_redirects(running: Running) -> None:
    status, headers, _ = running.request("GET", "/2020/09/14/a-story")
    assert status == 302
    assert headers["location"] == "/2020/09/14/a-story/"


def test_sub_path_serving(running_sub: Running) -> None:
    status, headers, _ = running_sub.request("GET", "/")
    assert (status, headers["location"]) == (302, "/briefings/")
    status, _, body = running_sub.request("GET", "/briefings/")
    assert status == 200
    assert b'"events": "/briefings/__briefgen/events"' in body
    status, _, _ = running_sub.request("GET", "/index.html")
    assert status == 404


def test_swap_is_one_step(running: Running) -> None:
    running.live.publish({"index.html": b"<body>new</body>", "404.html": b"x"}, None)
    status, _, body = running.request("GET", "/")
    assert status == 200
    assert body.startswith(b"<body>new")
    assert running.request("GET", "/feed.xml")[0] == 404


def read_event(sock_file: object) -> dict[str, object]:
    """The next `data:` message of an event stream."""
    while True:
        line = sock_file.readline()  # type: ignore[attr-defined]
        if not line:
            raise AssertionError("stream closed")
        if line.startswith(b"data: "):
            return json.loads(line[len(b"data: ") :])


def open_stream(run: Running, path: str) -> tuple[socket.socket, object]:
    sock = socket.create_connection(("127.0.0.1", run.port), timeout=10)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    sock_file = sock.makefile("rb")
    status = sock_file.readline()
    assert b" 200 " in status
    headers = b""
    while (line := sock_file.readline()) not in (b"\r\n", b""):
        headers += line
    assert b"Content-Type: text/event-stream" in headers
    return sock, sock_file


def test_event_stream_sends_state_then_changes(running_sub: Running) -> None:
    sock, stream = open_stream(running_sub, "/briefings/__briefgen/events")
    try:
        first = read_event(stream)
        assert first["id"] == "test-instance"
        assert (first["version"], first["error"]) == (1, None)

        css = dict(SITE, **{"static/style.css": b"body{color:blue}"})
        running_sub.live.publish(css, None)
        assert read_event(stream) == {
            "id": "test-instance",
            "version": 2,
            "error": None,
            "css": ["/briefings/static/style.css"],
            "pages": [],
            "reload": False,
        }

        story = "2020/09/14/a-story/index.html"
        edited = dict(
            css, **{story: b"<html><body><h1>New</h1></body></html>", "feed.xml": b"<f/>"}
        )
        running_sub.live.publish(edited, None)
        assert read_event(stream) == {
            "id": "test-instance",
            "version": 3,
            "error": None,
            "css": [],
            "pages": ["/briefings/" + story],
            "reload": False,
        }

        running_sub.live.publish(edited, "content/a.md:3: bad YAML (fix it)")
        broken = read_event(stream)
        assert broken["version"] == 3
        assert broken["error"] == "content/a.md:3: bad YAML (fix it)"
        assert broken["pages"] == ["/briefings/" + story]  # still the step to version 3

        running_sub.live.publish(edited, None)  # fixed with identical output: still reload
        fixed = read_event(stream)
        assert fixed["version"] == 4
        assert fixed["error"] is None
        assert (fixed["css"], fixed["pages"], fixed["reload"]) == ([], None, True)
    finally:
        sock.close()


def test_event_brings_the_new_html_of_the_streams_own_page(running_sub: Running) -> None:
    story = "2020/09/14/a-story/index.html"
    opened = [
        open_stream(running_sub, f"/briefings/__briefgen/events?page=/briefings/{story}"),
        open_stream(running_sub, "/briefings/__briefgen/events?page=/briefings/index.html"),
        open_stream(running_sub, "/briefings/__briefgen/events"),
    ]
    streams = [sock for sock, _ in opened]
    files = [stream for _, stream in opened]
    try:
        for stream in files:
            assert "html" not in read_event(stream)  # the state on connecting: no page
        html = "<html><body><h1>Caf\u00e9 \u2014 new</h1>\n<p>two lines</p></body></html>"
        running_sub.live.publish(dict(SITE, **{story: html.encode()}), None)
        events = [read_event(stream) for stream in files]
        assert events[0]["html"] == html
        assert events[0]["pages"] == ["/briefings/" + story]
        assert "html" not in events[1] and "html" not in events[2]
        # A script changed too: every tab reloads, so none is sent HTML it would not use.
        everything = {key: value + b" " for key, value in SITE.items()}
        running_sub.live.publish(dict(everything, **{"static/site.js": b"1"}), None)
        events = [read_event(stream) for stream in files]
        assert all("html" not in event for event in events)
    finally:
        for sock in streams:
            sock.close()


def test_stream_page_reads_the_page_below_the_prefix() -> None:
    assert stream_page("/p/__briefgen/events?page=/p/a/index.html", "/p/") == "a/index.html"
    assert stream_page("/p/__briefgen/events?page=%2Fp%2Fa%20b%2F", "/p/") == "a b/"
    assert stream_page("/p/__briefgen/events", "/p/") is None
    assert stream_page("/p/__briefgen/events?page=/elsewhere/x.html", "/p/") is None
    assert stream_page("/p/__briefgen/events?page=/p/&page=/p/x", "/p/") is None


def test_page_script_names_the_page_it_was_served_as(running_sub: Running) -> None:
    _, _, body = running_sub.request("GET", "/briefings/2020/09/14/a-story/")
    config = json.loads(re.search(rb"var cfg = (\{.*?\});", body)[1])  # type: ignore[index]
    assert config["page"] == "/briefings/2020/09/14/a-story/index.html"
    _, _, missing = running_sub.request("GET", "/briefings/no/such/page/")
    config = json.loads(re.search(rb"var cfg = (\{.*?\});", missing)[1])  # type: ignore[index]
    assert config["page"] is None  # a 404 page: any new page may be this one


def test_error_is_embedded_in_pages_and_escaped(running: Running) -> None:
    running.live.publish(SITE, "themes/x/templates/base.html:4: </script><b>oops")
    _, _, body = running.request("GET", "/")
    assert b"</script><b>oops" not in body
    assert b"\\u003c/script>\\u003cb>oops" in body
    assert OVERLAY_ID.encode() in body


def test_close_ends_event_streams(running: Running) -> None:
    sock, stream = open_stream(running, "/__briefgen/events")
    try:
        read_event(stream)
        running.live.close()
        with pytest.raises(AssertionError, match="stream closed"):
            read_event(stream)
    finally:
        sock.close()


def test_busy_port_is_a_clear_error(running: Running) -> None:
    with pytest.raises(BriefgenError, match=rf"port {running.port} on 127.0.0.1 is already in use"):
        bind_server("127.0.0.1", running.port, LiveSite("x"), "/")


def test_replacing_files_quietly_serves_them_without_a_new_version() -> None:
    """The search index made after an edit is swapped in with no second reload of open pages."""
    live = LiveSite("quiet", "/")
    heard: list[object] = []
    live.publish({"index.html": b"<p>1</p>", "search/index/meta.json": b"{}"}, None)
    live.subscribe(heard.append)
    before = live.snapshot
    live.replace_files({"index.html": b"<p>1</p>", "search/index/meta.json": b'{"docs":1}'})
    after = live.snapshot
    assert after.files["search/index/meta.json"] == b'{"docs":1}'
    assert (after.version, after.seq, after.error) == (before.version, before.seq, before.error)
    assert heard == []


def test_a_step_sorts_changes_into_styles_pages_and_reloads() -> None:
    files = {"a/index.html": b"", "s.css": b"", "site.js": b"", "feed.xml": b""}
    step = classify_step(("a/index.html", "feed.xml", "gone.css", "s.css"), files, "/p/")
    # A vanished stylesheet is not swapped but (not being data either) forces a reload.
    assert step == Step(css_urls=("/p/s.css",), page_urls=("/p/a/index.html",), reload=True)
    step = classify_step(("a/index.html", "robots.txt", "search.json"), files, "/")
    assert step == Step(css_urls=(), page_urls=("/a/index.html",), reload=False)
    assert classify_step(("site.js",), files, "/").reload
    assert classify_step(("logo.svg",), files, "/").reload
    many = tuple(f"{n}/index.html" for n in range(MAX_LISTED_PAGES + 1))
    assert classify_step(many, files, "/").page_urls is None  # every page checks itself
    assert classify_step(many[:-1], files, "/").page_urls == tuple("/" + k for k in many[:-1])


def test_publish_carries_the_step_until_the_next_version() -> None:
    live = LiveSite("steps", "/")
    live.publish({"a/index.html": b"1", "b/index.html": b"1", "s.css": b"x"}, None)
    live.publish({"a/index.html": b"2", "b/index.html": b"1", "s.css": b"x"}, None)
    snap = live.snapshot
    assert (snap.version, snap.page_urls, snap.css_urls, snap.reload) == (
        2,
        ("/a/index.html",),
        (),
        False,
    )
    live.publish({"a/index.html": b"2", "b/index.html": b"1", "s.css": b"x"}, "e.md:1: bad")
    assert live.snapshot.page_urls == ("/a/index.html",) and live.snapshot.version == 2
    live.publish({"a/index.html": b"2", "b/index.html": b"3", "s.css": b"x"}, None)
    snap = live.snapshot  # the error cleared: every page reloads, whatever changed
    assert (snap.version, snap.page_urls, snap.reload) == (3, None, True)
