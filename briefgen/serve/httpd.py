"""The HTTP side of `serve`: an HTTP/1.1 server on one asyncio loop, answering from memory.

One event loop on one thread holds every connection, so a crowd of tabs costs no
threads: a connection is a socket and a small task, and both go away when the
browser leaves or a timeout closes it. Pages are answered with keep-alive and an
exact Content-Length; live-reload streams are written to without waiting on each
other, so one tab that stops reading never delays the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import enum
import errno
import logging
import mimetypes
import re
import socket
import threading
import time
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, unquote, urlsplit

from briefgen.errors import BriefgenError
from briefgen.serve.client import EVENTS_PATH, inject_script, script_tag
from briefgen.serve.live import LiveSite, Snapshot

logger = logging.getLogger(__name__)
timing_logger = logging.getLogger("briefgen.serve.timing")
"""Debug lines with time.monotonic() stamps of each step of an edit (bench/serve_latency.py)."""

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
# Methods HTTP defines: refused with 405. Anything else is 501 (not implemented).
_KNOWN_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_VERSION = re.compile(r"HTTP/(\d)\.(\d)")
_TARGET = re.compile(r"[\x21-\x7e]+")
_BUSY_WARNING_SECONDS = 10.0
"""At most one warning this often while connections are refused."""


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """How much the server holds and for how long; the defaults suit a crowd of tabs."""

    backlog: int = 1024
    """Connections the kernel queues before accept (capped by net.core.somaxconn)."""
    max_connections: int = 512
    """Open connections, streams included; one more is answered 503 with Retry-After."""
    idle_seconds: float = 5.0
    """A connection with no request begun (new, or kept alive after one) closes after this."""
    header_seconds: float = 10.0
    """Once a request has begun, its line and headers must be complete within this."""
    write_seconds: float = 30.0
    """A client that does not take a response within this loses the connection."""
    heartbeat_seconds: float = 10.0
    """An idle event stream sends a comment this often, so closed tabs are noticed."""
    stream_buffer_bytes: int = 64 * 1024
    """Bytes waiting for one event stream beyond which it is dropped (its tab reconnects
    and gets the whole state in its first message, so nothing is lost)."""
    max_head_bytes: int = 64 * 1024
    """The request line and headers together; larger is 431."""
    max_headers: int = 100
    """Header lines in one request; more is 431."""
    max_body_bytes: int = 64 * 1024
    """A request body (read and discarded: GET and HEAD need none); larger is 413."""
    retry_after_seconds: int = 1
    """What a 503 tells the client to wait before trying again."""


def content_type(key: str) -> str:
    """The Content-Type for a site path: a fixed table first, so it never depends on the OS."""
    dot = key.rfind(".")
    suffix = key[dot:].lower() if dot > key.rfind("/") else ""
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type("x" + suffix)
    return guessed or "application/octet-stream"


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


# -- the request head -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestHead:
    """A parsed request line and its headers."""

    method: str
    """The method token, as sent (methods are case-sensitive)."""
    target: str
    """The request target, undecoded."""
    version: tuple[int, int]
    """(1, 0) or (1, 1); a later 1.x is treated as 1.1."""
    headers: Mapping[str, str]
    """Lower-case name → value; a repeated header's values joined with ", "."""

    def tokens(self, name: str) -> frozenset[str]:
        """The comma-separated, lower-cased tokens of header NAME (Connection, Expect)."""
        value = self.headers.get(name, "")
        return frozenset(part.strip().lower() for part in value.split(",") if part.strip())

    @property
    def keep_alive(self) -> bool:
        """Whether the client lets the connection stay open after the response."""
        connection = self.tokens("connection")
        if self.version >= (1, 1):
            return "close" not in connection
        return "keep-alive" in connection


class BadRequest(Exception):
    """A request the server answers with an error status and then closes."""

    def __init__(self, status: HTTPStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def parse_head(data: bytes, *, max_headers: int = 100) -> RequestHead:
    """Parse a request head (without its final blank line); raise BadRequest when malformed.

    Strict where leniency lets a request mean two things (a bare LF or obsolete line
    folding inside headers, two Host headers, a space in the target), lenient where
    HTTP asks it (empty lines before the request line).
    """
    text = data.decode("latin-1").lstrip("\r\n")
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        if len(parts) == 2 and _TOKEN.fullmatch(parts[0]):
            raise BadRequest(HTTPStatus.BAD_REQUEST, "HTTP/0.9 requests are not supported")
        raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed request line")
    method, target, version_text = parts
    if not _TOKEN.fullmatch(method):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed method")
    if not _TARGET.fullmatch(target):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed request target")
    version_match = _VERSION.fullmatch(version_text)
    if version_match is None:
        raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed HTTP version")
    major, minor = int(version_match[1]), int(version_match[2])
    if major != 1:
        raise BadRequest(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is spoken here")
    header_lines = [line for line in lines[1:] if line]
    if len(header_lines) > max_headers:
        raise BadRequest(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many headers")
    headers: dict[str, str] = {}
    hosts = 0
    for line in header_lines:
        if line[0] in " \t":
            raise BadRequest(HTTPStatus.BAD_REQUEST, "folded header lines are not allowed")
        name, colon, value = line.partition(":")
        if not colon or not _TOKEN.fullmatch(name) or "\n" in value or "\r" in value:
            raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed header line")
        key = name.lower()
        value = value.strip(" \t")
        hosts += key == "host"
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if hosts > 1:
        raise BadRequest(HTTPStatus.BAD_REQUEST, "more than one Host header")
    if (major, minor) >= (1, 1) and hosts == 0:
        raise BadRequest(HTTPStatus.BAD_REQUEST, "HTTP/1.1 requires a Host header")
    return RequestHead(method, target, (1, min(minor, 1)), types.MappingProxyType(headers))


def response_head(status: HTTPStatus, headers: list[tuple[str, str]], *, keep_alive: bool) -> bytes:
    """The status line and headers of a response, with Date, Server and Connection."""
    lines = [
        f"HTTP/1.1 {status.value} {status.phrase}",
        "Server: briefgen",
        f"Date: {email.utils.formatdate(usegmt=True)}",
        *(f"{name}: {value}" for name, value in headers),
        "Connection: keep-alive" if keep_alive else "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _error_response(status: HTTPStatus, detail: str, extra: list[tuple[str, str]]) -> bytes:
    body = f"{status.value} {status.phrase}: {detail}\n".encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        *extra,
    ]
    return response_head(status, headers, keep_alive=False) + body


# -- the server -----------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class _Stream:
    """One open live-reload stream and the last publication it was sent."""

    transport: asyncio.WriteTransport
    """Written to directly: a stream never waits for its client."""
    seq: int
    """The seq of the last snapshot sent, so no message goes out twice."""
    page: str | None = None
    """The site key of the page the tab shows, when it said (`?page=`)."""


@dataclass(slots=True)
class ServerCounters:
    """What the server has seen since it started (for logs and tests)."""

    connections: int = 0
    """Connections accepted."""
    refused: int = 0
    """Connections answered 503 because the cap was reached."""
    dropped_streams: int = 0
    """Event streams closed because their client stopped reading."""
    timeouts: dict[str, int] = field(default_factory=dict)
    """Connections closed by each timeout ("idle", "header", "write")."""


class SiteServer:
    """An HTTP/1.1 server that answers from a LiveSite under a path prefix.

    The socket is bound in the constructor (so a busy port is reported before any build
    work); `serve_forever` runs the event loop on the calling thread until `shutdown`
    is called from another one, then closes every connection it holds.
    """

    def __init__(
        self,
        address: tuple[str, int],
        live: LiveSite,
        prefix: str,
        limits: ServerLimits | None = None,
    ) -> None:
        self.live = live
        self.prefix = prefix
        self.limits = limits or ServerLimits()
        self.counters = ServerCounters()
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(self.limits.backlog)
        except OSError:
            sock.close()
            raise
        sock.setblocking(False)
        self.socket = sock
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._want_stop = threading.Event()
        self._running = threading.Event()
        # Set once the loop accepts connections (until then they wait in the backlog).
        self.serving = threading.Event()
        self._stopped = threading.Event()
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}
        self._streams: set[_Stream] = set()
        self._warned_busy = -_BUSY_WARNING_SECONDS

    # -- life cycle, called from other threads --

    def serve_forever(self) -> None:
        """Answer requests on this thread until `shutdown` is called."""
        self._running.set()
        loop = asyncio.new_event_loop()
        with self._lock:
            self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            with self._lock:
                self._loop = None
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop `serve_forever` and wait until it has closed every connection."""
        self._want_stop.set()
        with self._lock:
            loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed in the meantime
                loop.call_soon_threadsafe(self._stop_soon)
        if self._running.is_set():
            self._stopped.wait()

    def server_close(self) -> None:
        """Close the listening socket (also when `serve_forever` never ran)."""
        self.socket.close()

    @property
    def open_connections(self) -> int:
        """Connections held right now (read from the loop's thread or in tests)."""
        return len(self._connections)

    def connection_sockets(self) -> list[socket.socket]:
        """The server's end of each open connection (for tests and diagnostics)."""
        return [writer.get_extra_info("socket") for writer in list(self._connections.values())]

    # -- on the loop --

    def _stop_soon(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _main(self) -> None:
        self._wake = asyncio.Event()
        if self._want_stop.is_set():
            return
        server = await asyncio.start_server(
            self._accept,
            sock=self.socket,
            backlog=self.limits.backlog,
            limit=self.limits.max_head_bytes,
        )
        loop = asyncio.get_running_loop()

        def on_publish(snapshot: Snapshot | None) -> None:  # on the publisher's thread
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(self._broadcast, snapshot)

        self.live.subscribe(on_publish)
        heartbeat = asyncio.create_task(self._heartbeat())
        self.serving.set()
        try:
            if self.live.closed:
                self._broadcast(None)
            await self._wake.wait()
        finally:
            self.live.unsubscribe(on_publish)
            heartbeat.cancel()
            server.close()
            for task in list(self._connections):
                task.cancel()
            if self._connections:
                await asyncio.wait(list(self._connections), timeout=5)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections[task] = writer
        # Headers and body leave in two writes; with Nagle's algorithm on, the body waits
        # for the client's delayed ACK of the headers (~40 ms per response on Linux).
        # asyncio sets this only on sockets it knows to be TCP, so say it here.
        with contextlib.suppress(OSError):
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.counters.connections += 1
        try:
            if len(self._connections) > self.limits.max_connections:
                await self._refuse_busy(reader, writer)
            else:
                await self._serve_connection(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the browser went away: nothing to tell anyone
        except asyncio.CancelledError:
            pass  # shutdown
        except Exception:
            logger.exception("error while answering %s", writer.get_extra_info("peername"))
        finally:
            self._connections.pop(task, None)
            await self._finish(writer)

    async def _refuse_busy(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Answer 503 to a connection over the cap, after reading its request.

        Reading first (briefly) matters: closing a socket with unread input makes the
        kernel send a reset, which can destroy the 503 before the client reads it.
        """
        self.counters.refused += 1
        with contextlib.suppress(TimeoutError, asyncio.LimitOverrunError):
            async with asyncio.timeout(min(self.limits.header_seconds, 2.0)):
                await reader.readuntil(b"\r\n\r\n")
        limit = self.limits.max_connections
        now = time.monotonic()
        if now - self._warned_busy >= _BUSY_WARNING_SECONDS:  # one line per burst
            self._warned_busy = now
            logger.warning(
                "%d connections open, the most briefgen serve holds: answering 503 "
                "(Retry-After: %d) until some close",
                limit,
                self.limits.retry_after_seconds,
            )
        writer.write(
            _error_response(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the server holds {limit} connections already (retry shortly)",
                [("Retry-After", str(self.limits.retry_after_seconds))],
            )
        )
        await self._drain(writer)
        await self._close_gently(reader, writer)

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while True:
            try:
                raw = await self._read_head(reader)
                if raw is None:
                    return
                head = parse_head(raw, max_headers=self.limits.max_headers)
                await self._read_body(head, reader, writer)
            except BadRequest as exc:
                logger.debug("bad request from %s: %s", writer.get_extra_info("peername"), exc)
                writer.write(_error_response(exc.status, exc.detail, []))
                await self._drain(writer)
                await self._close_gently(reader, writer)
                return
            if not await self._respond(head, reader, writer):
                await self._close_gently(reader, writer)
                return

    async def _read_head(self, reader: asyncio.StreamReader) -> bytes | None:
        """The next request head, or None when the client closed or stayed idle too long."""
        limits = self.limits
        first = b""
        try:
            async with asyncio.timeout(limits.idle_seconds) as deadline:
                first = await reader.read(1)
                if not first:
                    return None
                deadline.reschedule(asyncio.get_running_loop().time() + limits.header_seconds)
                rest = await reader.readuntil(b"\r\n\r\n")
        except TimeoutError:
            kind = "header" if first else "idle"
            self.counters.timeouts[kind] = self.counters.timeouts.get(kind, 0) + 1
            if first:
                raise BadRequest(
                    HTTPStatus.REQUEST_TIMEOUT,
                    f"the request headers took more than {limits.header_seconds:g} s",
                ) from None
            return None
        except asyncio.LimitOverrunError:
            raise BadRequest(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                f"request headers over {limits.max_head_bytes} bytes",
            ) from None
        except asyncio.IncompleteReadError:
            return None  # closed halfway through a request: no one to answer
        return first + rest[:-4]

    async def _read_body(
        self, head: RequestHead, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Read and drop a request body, so the next request on the connection starts clean."""
        if "transfer-encoding" in head.headers:
            raise BadRequest(HTTPStatus.NOT_IMPLEMENTED, "chunked request bodies are not accepted")
        length_text = head.headers.get("content-length", "0")
        if not length_text.isdigit() or not length_text.isascii():
            raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed Content-Length")
        length = int(length_text)
        if length == 0:
            return
        if length > self.limits.max_body_bytes:
            raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
        if "100-continue" in head.tokens("expect") and head.version >= (1, 1):
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            async with asyncio.timeout(self.limits.header_seconds):
                await reader.readexactly(length)
        except TimeoutError:
            raise BadRequest(HTTPStatus.REQUEST_TIMEOUT, "the request body was too slow") from None

    async def _respond(
        self, head: RequestHead, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; True when the connection stays open for another."""
        keep = head.keep_alive
        send_body = head.method == "GET"
        if head.method not in ("GET", "HEAD"):
            status = (
                HTTPStatus.METHOD_NOT_ALLOWED
                if head.method in _KNOWN_METHODS
                else HTTPStatus.NOT_IMPLEMENTED
            )
            headers = [("Allow", _ALLOW), ("Content-Length", "0")]
            writer.write(response_head(status, headers, keep_alive=keep))
            self._log(writer, head, status)
            return await self._drain(writer) and keep
        snapshot = self.live.snapshot  # one read: the whole answer comes from this snapshot
        route = route_request(head.target, self.prefix, snapshot.files)
        if route.kind is RouteKind.EVENTS:
            self._log(writer, head, HTTPStatus.OK)
            shown = stream_page(head.target, self.prefix)
            await self._stream_events(reader, writer, snapshot, shown, send_body=send_body)
            return False
        if route.kind is RouteKind.REDIRECT:
            status = HTTPStatus.FOUND
            headers = [("Location", route.target), ("Content-Length", "0")]
            writer.write(response_head(status, headers, keep_alive=keep))
        else:
            page: str | None = None
            if route.kind is RouteKind.FILE:
                status, key = HTTPStatus.OK, route.target
                data = snapshot.files[key]
                page = self.prefix + key
            else:
                status, key = HTTPStatus.NOT_FOUND, "404.html"
                data = snapshot.files.get(key, _NOT_FOUND_PAGE)
            kind = content_type(key)
            if kind.startswith("text/html"):
                data = inject_script(data, script_tag(snapshot, self.prefix, page))
            headers = [
                ("Content-Type", kind),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ]
            writer.write(response_head(status, headers, keep_alive=keep))
            if send_body:
                writer.write(data)
        self._log(writer, head, status)
        return await self._drain(writer) and keep

    async def _stream_events(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        snapshot: Snapshot,
        page: str | None,
        *,
        send_body: bool,
    ) -> None:
        """Send the state now; `_broadcast` sends each later one. Ends when the tab goes.

        PAGE is the site key of the page the tab shows (from `?page=`), whose new HTML
        then travels with the event that changes it, so the tab need not fetch it.
        """
        head = response_head(
            HTTPStatus.OK,
            [
                ("Content-Type", "text/event-stream"),
                ("Cache-Control", "no-store"),
                ("X-Accel-Buffering", "no"),
            ],
            keep_alive=False,
        )
        if not send_body or self.live.closed:
            writer.write(head)
            await self._drain(writer)
            return
        writer.write(head + b"retry: 1000\n\n" + _event(snapshot))
        stream = _Stream(writer.transport, snapshot.seq, page)  # type: ignore[arg-type]
        self._streams.add(stream)
        try:
            # The client says nothing more; its end of file is the tab closing.
            while await reader.read(4096):
                pass
        finally:
            self._streams.discard(stream)

    def _broadcast(self, snapshot: Snapshot | None) -> None:
        """Send SNAPSHOT to every stream that has not had it; None (closing) ends them all."""
        started = time.monotonic()
        sent = 0
        events: dict[str | None, bytes] = {}  # one message per page shown, made once
        for stream in list(self._streams):
            if snapshot is None:
                stream.transport.close()  # sends what is queued, then the end of the stream
            elif stream.seq < snapshot.seq:
                stream.seq = snapshot.seq
                page = stream.page if _changed_page(snapshot, self.prefix, stream.page) else None
                if page not in events:
                    events[page] = _event(snapshot, page)
                self._send_to_stream(stream, events[page])
                sent += 1
        if snapshot is not None and timing_logger.isEnabledFor(logging.DEBUG):
            timing_logger.debug(
                "sent version %d (seq %d) to %d streams at %.6f",
                snapshot.version,
                snapshot.seq,
                sent,
                started,
            )

    def _send_to_stream(self, stream: _Stream, data: bytes) -> None:
        transport = stream.transport
        if transport.is_closing():
            return
        if transport.get_write_buffer_size() > self.limits.stream_buffer_bytes:
            # This tab has not read for a long while; it must not hold memory for ever.
            # When it reads again it reconnects, and its first message is the whole state.
            self.counters.dropped_streams += 1
            logger.debug("dropping a live-reload stream that does not read")
            transport.abort()
            self._streams.discard(stream)
            return
        transport.write(data)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.limits.heartbeat_seconds)
            for stream in list(self._streams):
                self._send_to_stream(stream, b": keep-alive\n\n")

    async def _drain(self, writer: asyncio.StreamWriter) -> bool:
        """Wait until the client took the response; False when it would not in time."""
        try:
            async with asyncio.timeout(self.limits.write_seconds):
                await writer.drain()
        except TimeoutError:
            self.counters.timeouts["write"] = self.counters.timeouts.get("write", 0) + 1
            return False
        return True

    async def _close_gently(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Send what is queued, say end of file, and read briefly what the client still sends.

        Closing with unread input makes the kernel reset the connection, and a reset can
        destroy the last response before the client has read it.
        """
        if writer.transport.is_closing():
            return
        with contextlib.suppress(OSError, RuntimeError):
            if writer.can_write_eof():
                writer.write_eof()
        with contextlib.suppress(TimeoutError, OSError):
            async with asyncio.timeout(1.0):
                while await reader.read(4096):
                    pass

    async def _finish(self, writer: asyncio.StreamWriter) -> None:
        """Close after sending what is queued; a client that will not take it is cut off."""
        transport = writer.transport
        if self._want_stop.is_set() or transport.is_closing():
            transport.abort()
            return
        transport.close()
        try:
            async with asyncio.timeout(self.limits.write_seconds):
                await writer.wait_closed()
        except (TimeoutError, OSError, asyncio.CancelledError):
            transport.abort()

    def _log(self, writer: asyncio.StreamWriter, head: RequestHead, status: HTTPStatus) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            peer = writer.get_extra_info("peername")
            logger.debug("%s - %s %s %d", peer, head.method, head.target, status.value)


def _event(snapshot: Snapshot, page: str | None = None) -> bytes:
    """One Server-Sent Event with the state, and PAGE's HTML when PAGE (a site key) is given."""
    html = snapshot.files.get(page) if page is not None else None
    if html is None:
        return f"data: {snapshot.state_json()}\n\n".encode()
    try:
        text = html.decode("utf-8")
    except UnicodeDecodeError:  # not a page DOMParser would read as we serve it: let it fetch
        return f"data: {snapshot.state_json()}\n\n".encode()
    # JSON keeps the whole page on one `data:` line (newlines escaped).
    return f"data: {snapshot.state_json(html=text)}\n\n".encode()


def _changed_page(snapshot: Snapshot, prefix: str, page: str | None) -> bool:
    """True when the step to SNAPSHOT's version changed the page with site key PAGE."""
    if page is None or snapshot.page_urls is None or snapshot.reload:
        return False  # unknown page, or every page changed (a template): each fetches its own
    return prefix + page in snapshot.page_urls


def stream_page(target: str, prefix: str) -> str | None:
    """The site key named by an event stream's `?page=` (a URL path below PREFIX), if valid."""
    query = urlsplit(target).query
    values = parse_qs(query).get("page", [])
    if len(values) != 1 or not values[0].startswith(prefix):
        return None
    return values[0][len(prefix) :] or None


def bind_server(
    host: str, port: int, live: LiveSite, prefix: str, limits: ServerLimits | None = None
) -> SiteServer:
    """Bind the socket now, so a busy port is reported before any build work."""
    try:
        return SiteServer((host, port), live, prefix, limits)
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
