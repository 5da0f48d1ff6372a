"""The HTTP side of `serve`: routing, safe paths, script injection, the event stream."""

from __future__ import annotations

import enum
import errno
import logging
import mimetypes
import socket
import socketserver
import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import unquote, urlsplit

from briefgen.errors import BriefgenError
from briefgen.serve.client import EVENTS_PATH, inject_script, script_tag
from briefgen.serve.live import LiveSite, Snapshot

logger = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 10.0
"""An idle event stream sends a comment this often, to notice closed tabs."""

_TYPES = types.MappingProxyType(
    {
        ".html": "text/html; charset=utf-8",
        ".htm": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".ico": "image/vnd.microsoft.icon",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".pdf": "application/pdf",
        ".webmanifest": "application/manifest+json",
    }
)
_NOT_FOUND_PAGE = (
    b"<!doctype html><html lang=en><meta charset=utf-8><title>Not found</title>"
    b"<body><h1>Not found</h1><p>No page at this address.</p></body></html>"
)
_ALLOW = "GET, HEAD"


def content_type(key: str) -> str:
    """The Content-Type for a site path: a fixed table first, so it never depends on the OS."""
    dot = key.rfind(".")
    suffix = key[dot:].lower() if dot > key.rfind("/") else ""
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type("x" + suffix)
    return guessed or "application/octet-stream"


def normalize_prefix(base_url: str) -> str:
    """The path the site lives under ("/briefings/" for https://example.org/briefings)."""
    path = urlsplit(base_url).path if base_url else ""
    parts = [part for part in path.split("/") if part]
    return "/" + "".join(part + "/" for part in parts)


class RouteKind(enum.Enum):
    """What to answer to one request."""

    FILE = "file"
    REDIRECT = "redirect"
    EVENTS = "events"
    NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class Route:
    """The answer to one request path, decided before any byte is sent."""

    kind: RouteKind
    """File, redirect, event stream or 404."""
    target: str = ""
    """The site key of a FILE, or the Location of a REDIRECT."""


def site_key(rest: str) -> str | None:
    """The site key for a path below the prefix, or None when it is not a safe path.

    Decoding happens once, then every unsafe shape is refused: `..` and `.` segments
    (also when percent-encoded), empty segments, a leading slash (an absolute path),
    backslashes and NUL. The site lives in memory, so a key can only ever name one of
    the built files; there is no file system path and no symlink to follow.
    """
    decoded = unquote(rest, errors="strict") if "%" in rest else rest
    if "\\" in decoded or "\x00" in decoded or decoded.startswith("/"):
        return None
    segments = decoded.split("/")
    body = segments[:-1] if segments and segments[-1] == "" else segments
    if any(segment in ("", ".", "..") for segment in body):
        return None
    if decoded == "" or decoded.endswith("/"):
        return decoded + "index.html"
    return decoded


def route_request(raw: str, prefix: str, files: Mapping[str, bytes]) -> Route:
    """Map a request target to a Route: pure, so every odd input can be tested alone."""
    if raw.startswith(("http://", "https://")):  # absolute-form request target
        raw = urlsplit(raw).path or "/"
    path = raw.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/"):
        return Route(RouteKind.NOT_FOUND)
    if prefix != "/" and path in ("/", prefix[:-1]):
        return Route(RouteKind.REDIRECT, prefix)
    if not path.startswith(prefix):
        return Route(RouteKind.NOT_FOUND)
    rest = path[len(prefix) :]
    if rest == EVENTS_PATH:
        return Route(RouteKind.EVENTS)
    try:
        key = site_key(rest)
    except UnicodeDecodeError:
        return Route(RouteKind.NOT_FOUND)
    if key is None:
        return Route(RouteKind.NOT_FOUND)
    if key in files:
        return Route(RouteKind.FILE, key)
    if not key.endswith("/index.html") and key + "/index.html" in files:
        return Route(RouteKind.REDIRECT, path + "/")
    return Route(RouteKind.NOT_FOUND)


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that answers from a LiveSite under a path prefix."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], live: LiveSite, prefix: str) -> None:
        self.live = live
        self.prefix = prefix
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SiteRequestHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up mid-request is routine; anything else is a bug to log."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            logger.debug("%s hung up: %s", client_address, error)
        else:
            logger.exception("error while answering %s", client_address)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the host's full name; skip that wait.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class SiteRequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD from memory; everything else is refused."""

    server_version = "briefgen"
    sys_version = ""
    # Headers and body leave in two writes; with Nagle's algorithm on, the body waits for
    # the browser's delayed ACK of the headers (~40 ms per request on Linux).
    disable_nagle_algorithm = True

    @property
    def site_server(self) -> SiteServer:
        return cast(SiteServer, self.server)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _refuse(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", _ALLOW)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def _answer(self, *, send_body: bool) -> None:
        live = self.site_server.live
        prefix = self.site_server.prefix
        snapshot = live.snapshot  # one read: the whole answer comes from this snapshot
        route = route_request(self.path, prefix, snapshot.files)
        try:
            if route.kind is RouteKind.EVENTS:
                self._stream_events(live, snapshot, send_body=send_body)
            elif route.kind is RouteKind.REDIRECT:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", route.target)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif route.kind is RouteKind.FILE:
                data = snapshot.files[route.target]
                self._send(HTTPStatus.OK, route.target, data, snapshot, send_body=send_body)
            else:
                data = snapshot.files.get("404.html", _NOT_FOUND_PAGE)
                self._send(HTTPStatus.NOT_FOUND, "404.html", data, snapshot, send_body=send_body)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the browser went away: nothing to tell anyone

    def _send(
        self, status: HTTPStatus, key: str, data: bytes, snapshot: Snapshot, *, send_body: bool
    ) -> None:
        kind = content_type(key)
        if kind.startswith("text/html"):
            data = inject_script(data, script_tag(snapshot, self.site_server.prefix))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _stream_events(self, live: LiveSite, snapshot: Snapshot, *, send_body: bool) -> None:
        """Send the state now and after every publication, until the tab or server goes."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        if not send_body:
            return
        self.wfile.write(b"retry: 1000\n\n")
        current: Snapshot | None = snapshot
        seq = snapshot.seq
        while not live.closed:
            if current is None:
                self.wfile.write(b": keep-alive\n\n")
            else:
                self.wfile.write(f"data: {current.state_json()}\n\n".encode())
                seq = current.seq
            self.wfile.flush()
            current = live.wait_newer(seq, KEEPALIVE_SECONDS)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)


def bind_server(host: str, port: int, live: LiveSite, prefix: str) -> SiteServer:
    """Bind the socket now, so a busy port is reported before any build work."""
    try:
        return SiteServer((host, port), live, prefix)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BriefgenError(
                f"port {port} on {host} is already in use "
                f"(stop the other server, or pick another port with --port {port + 1})"
            ) from exc
        if exc.errno == errno.EACCES:
            raise BriefgenError(
                f"no permission to listen on port {port} (use a port above 1023)"
            ) from exc
        raise BriefgenError(
            f"cannot listen on {host}:{port}: {exc.strerror} (check --host and --port)"
        ) from exc
