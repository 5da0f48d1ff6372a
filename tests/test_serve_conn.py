"""Connections of `briefgen serve`: HTTP/1.1, keep-alive, timeouts, the cap, streams.

A real server on a free loopback port, fed from an in-memory site, with limits shrunk
so that every timeout is seen within a second or two.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from briefgen.serve.httpd import (
    BadRequest,
    ServerLimits,
    SiteServer,
    bind_server,
    parse_head,
)
from briefgen.serve.live import LiveSite

SITE = {
    "index.html": b"<!doctype html><html><body><h1>Home</h1></body></html>",
    "static/style.css": b"body{color:red}",
    "feed.xml": b"<feed/>",
    "big.txt": b"0123456789abcdef" * 1048576,  # 16 MiB: more than the socket buffers hold
}

FAST = ServerLimits(
    idle_seconds=0.5,
    header_seconds=1.0,
    write_seconds=2.0,
    heartbeat_seconds=0.3,
    max_connections=8,
    stream_buffer_bytes=16 * 1024,
)


# -- parsing, in memory -------------------------------------------------------------------


def test_parse_head_reads_line_and_headers() -> None:
    head = parse_head(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept: a\r\naccept: b\r\nX-Empty:")
    assert (head.method, head.target, head.version) == ("GET", "/a?b=1", (1, 1))
    assert head.headers == {"host": "x", "accept": "a, b", "x-empty": ""}
    assert head.keep_alive


def test_parse_head_skips_empty_lines_before_the_request() -> None:
    assert parse_head(b"\r\n\r\nGET / HTTP/1.0").target == "/"


@pytest.mark.parametrize(
    ("head", "keep"),
    [
        (b"GET / HTTP/1.1\r\nHost: x", True),
        (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close", False),
        (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, CLOSE", False),
        (b"GET / HTTP/1.0", False),
        (b"GET / HTTP/1.0\r\nConnection: keep-alive", True),
        (b"GET / HTTP/1.2\r\nHost: x", True),
    ],
)
def test_keep_alive_follows_version_and_connection(head: bytes, keep: bool) -> None:
    assert parse_head(head).keep_alive is keep


@pytest.mark.parametrize(
    ("head", "status", "detail"),
    [
        (b"GET /", 400, "HTTP/0.9"),
        (b"GET / HTTP/1.1", 400, "Host header"),
        (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b", 400, "more than one Host"),
        (b"GET / HTTP/1.1\r\nHost: a\r\n folded", 400, "folded"),
        (b"GET / HTTP/1.1\r\nHost: a\r\nno colon", 400, "malformed header"),
        (b"GET / HTTP/1.1\r\nHost: a\r\nBad Name: v", 400, "malformed header"),
        (b"GET / HTTP/1.1\r\nHost: a\nX: smuggled", 400, "malformed header"),
        (b"GET /a b HTTP/1.1\r\nHost: a", 400, "malformed request line"),
        (b"G(T / HTTP/1.1\r\nHost: a", 400, "malformed method"),
        (b"GET /\x7f HTTP/1.1\r\nHost: a", 400, "malformed request target"),
        (b"GET / HTTP/2.0\r\nHost: a", 505, "only HTTP/1.x"),
        (b"GET / HTTPS/1.1\r\nHost: a", 400, "malformed HTTP version"),
    ],
)
def test_malformed_heads_are_refused(head: bytes, status: int, detail: str) -> None:
    with pytest.raises(BadRequest, match=detail) as caught:
        parse_head(head)
    assert caught.value.status == status


def test_too_many_headers() -> None:
    head = b"GET / HTTP/1.1\r\nHost: x" + b"".join(b"\r\nX-%d: v" % n for n in range(10))
    with pytest.raises(BadRequest) as caught:
        parse_head(head, max_headers=5)
    assert caught.value.status == 431


# -- a real server --------------------------------------------------------------------------


@dataclass
class Running:
    server: SiteServer
    live: LiveSite
    port: int
    thread: threading.Thread

    def connect(self, timeout: float = 5.0) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def http(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)


def start(limits: ServerLimits = FAST) -> Running:
    live = LiveSite("conn-test")
    live.publish(SITE, None)
    server = bind_server("127.0.0.1", 0, live, "/", limits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    assert server.serving.wait(10)
    return Running(server, live, server.server_address[1], thread)


def stop(run: Running) -> None:
    run.live.close()
    run.server.shutdown()
    run.server.server_close()
    run.thread.join(timeout=10)
    assert not run.thread.is_alive()


@pytest.fixture
def running() -> Iterator[Running]:
    run = start()
    yield run
    stop(run)


def read_response(sock_file: object, *, head: bool = False) -> tuple[str, dict[str, str], bytes]:
    """One response from a raw socket file: status line, headers, Content-Length body
    (none after HEAD)."""
    status = sock_file.readline().decode()  # type: ignore[attr-defined]
    assert status, "connection closed before a response"
    headers = {}
    while (line := sock_file.readline()) not in (b"\r\n", b""):  # type: ignore[attr-defined]
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    if head:
        return status.strip(), headers, b""
    body = sock_file.read(int(headers.get("content-length", "0")))  # type: ignore[attr-defined]
    return status.strip(), headers, body


def closed_by_server(sock: socket.socket, within: float) -> float:
    """Seconds until the server closed SOCK (reading and dropping what it sends first)."""
    started = time.monotonic()
    sock.settimeout(within)
    while sock.recv(65536):
        pass
    return time.monotonic() - started


def wait_until(condition: object, what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def test_listen_backlog_holds_a_crowd_before_accept() -> None:
    """200 connections complete while nothing accepts yet: the kernel queue holds them all
    (with the old backlog of 5 the seventh connect hung)."""
    live = LiveSite("backlog")
    server = bind_server("127.0.0.1", 0, live, "/")
    port = server.server_address[1]
    sockets = []
    try:
        for _ in range(200):
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    finally:
        for sock in sockets:
            sock.close()
        server.server_close()
    assert len(sockets) == 200


def test_two_requests_on_one_connection(running: Running) -> None:
    conn = running.http()
    try:
        conn.request("GET", "/")
        first = conn.getresponse()
        body = first.read()
        assert (first.status, first.version) == (200, 11)
        assert first.getheader("Connection") == "keep-alive"
        assert int(first.getheader("Content-Length")) == len(body)
        sock = conn.sock
        conn.request("GET", "/static/style.css")
        second = conn.getresponse()
        assert (second.status, second.read()) == (200, SITE["static/style.css"])
        assert conn.sock is sock  # the same TCP connection
    finally:
        conn.close()
    assert running.server.counters.connections == 1


def test_responses_are_not_held_back_by_nagle(running: Running) -> None:
    """Head and body leave in two writes: without TCP_NODELAY the body of every response
    waited ~40 ms for the client's delayed ACK (asyncio skipped it on this socket)."""
    conn = running.http()
    try:
        conn.request("GET", "/feed.xml")
        conn.getresponse().read()
        (sock,) = running.server.connection_sockets()
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        conn.close()


def test_head_then_get_keeps_the_framing(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(
            b"HEAD /big.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        stream = sock.makefile("rb")
        status, headers, _ = read_response(stream, head=True)
        assert status == "HTTP/1.1 200 OK"
        assert headers["content-length"] == str(len(SITE["big.txt"]))
        # No body after HEAD: the next bytes are the second response.
        status, headers, body = read_response(stream)
        assert (status, body) == ("HTTP/1.1 200 OK", b"<feed/>")


def test_pipelined_requests_are_answered_in_order(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(
            b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        stream = sock.makefile("rb")
        assert read_response(stream)[2] == b"<feed/>"
        assert read_response(stream)[0] == "HTTP/1.1 404 Not Found"
        _, headers, body = read_response(stream)
        assert (body, headers["connection"]) == (SITE["static/style.css"], "close")
        assert stream.read() == b""  # then the server closes


def test_a_large_page_arrives_whole_before_close(running: Running) -> None:
    """A client that half-closes after its request still gets the whole page: the
    server's end of file on reading must not cut the response it is still writing."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 * 1024)
        sock.settimeout(10)
        sock.connect(("127.0.0.1", running.port))
        sock.sendall(b"GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        time.sleep(0.5)
        _, headers, body = read_response(sock.makefile("rb"))
    assert int(headers["content-length"]) == len(SITE["big.txt"])
    assert body == SITE["big.txt"]


def test_http_1_0_is_answered_in_1_1_and_closed(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        stream = sock.makefile("rb")
        status, headers, body = read_response(stream)
        assert status == "HTTP/1.1 200 OK"
        assert headers["connection"] == "close"
        assert int(headers["content-length"]) == len(body)
        assert stream.read() == b""


def test_http_1_0_keep_alive_when_asked(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(b"GET /feed.xml HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" * 2)
        stream = sock.makefile("rb")
        for _ in range(2):
            _, headers, body = read_response(stream)
            assert (headers["connection"], body) == ("keep-alive", b"<feed/>")


def test_a_connection_that_sends_nothing_is_closed(running: Running) -> None:
    with running.connect() as sock:
        wait_until(lambda: running.server.open_connections == 1, "the connection")
        took = closed_by_server(sock, within=5)
    assert FAST.idle_seconds * 0.8 < took < FAST.idle_seconds + 1.5
    wait_until(lambda: running.server.open_connections == 0, "the task to end")
    assert running.server.counters.timeouts == {"idle": 1}


def test_a_kept_alive_connection_closes_when_idle(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(sock.makefile("rb"))[2] == b"<feed/>"
        assert closed_by_server(sock, within=5) < FAST.idle_seconds + 1.5


def test_headers_sent_slowly_get_408(running: Running) -> None:
    """Bytes that keep trickling in do not reset the header deadline (slowloris)."""
    with running.connect() as sock:
        started = time.monotonic()
        sock.sendall(b"GET / HTTP/1.1\r\n")
        reply = b""
        try:
            for number in range(50):
                time.sleep(0.1)
                sock.sendall(b"X-%d: v\r\n" % number)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(5)
        with_reply = sock.makefile("rb")
        reply = with_reply.readline()
        took = time.monotonic() - started
    assert reply.startswith(b"HTTP/1.1 408 Request Timeout")
    assert took < FAST.header_seconds + 2
    assert running.server.counters.timeouts == {"header": 1}


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET / HTTP/1.1\r\n\r\n", b"400"),
        (b"GET / HTTP/3.0\r\nHost: x\r\n\r\n", b"505"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", b"501"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\n\r\n", b"413"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 70000 + b"\r\n\r\n", b"431"),
    ],
)
def test_bad_requests_get_a_status_and_a_close(
    running: Running, request_bytes: bytes, status: bytes
) -> None:
    with running.connect() as sock:
        sock.sendall(request_bytes)
        stream = sock.makefile("rb")
        line, headers, body = read_response(stream)
        assert line.encode().startswith(b"HTTP/1.1 " + status)
        assert headers["connection"] == "close"
        assert int(headers["content-length"]) == len(body)
        assert stream.read() == b""


def test_a_refused_method_with_a_body_keeps_the_connection(running: Running) -> None:
    with running.connect() as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        stream = sock.makefile("rb")
        status, headers, _ = read_response(stream)
        assert (status, headers["allow"]) == ("HTTP/1.1 405 Method Not Allowed", "GET, HEAD")
        assert read_response(stream)[2] == b"<feed/>"


def test_connections_past_the_cap_get_503_with_retry_after() -> None:
    limits = ServerLimits(max_connections=3, idle_seconds=10)
    run = start(limits)
    held = [run.connect() for _ in range(3)]
    try:
        wait_until(lambda: run.server.open_connections == 3, "three connections")
        with run.connect() as extra:
            extra.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            stream = extra.makefile("rb")
            status, headers, body = read_response(stream)
            assert status == "HTTP/1.1 503 Service Unavailable"
            assert headers["retry-after"] == "1"
            assert headers["connection"] == "close"
            assert b"holds 3 connections" in body
            assert stream.read() == b""
        held.pop().close()
        wait_until(lambda: run.server.open_connections == 2, "a free slot")
        conn = run.http()
        conn.request("GET", "/feed.xml")
        assert conn.getresponse().status == 200
        conn.close()
        assert run.server.counters.refused == 1
    finally:
        for sock in held:
            sock.close()
        stop(run)


# -- live-reload streams --------------------------------------------------------------------


def open_stream(run: Running, *, rcvbuf: int | None = None) -> tuple[socket.socket, object]:
    sock = socket.socket()
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", run.port))
    sock.sendall(b"GET /__briefgen/events HTTP/1.1\r\nHost: x\r\n\r\n")
    if rcvbuf is not None:
        return sock, None
    stream = sock.makefile("rb")
    status, headers, _ = read_response(stream, head=True)
    assert status == "HTTP/1.1 200 OK"
    assert headers["content-type"] == "text/event-stream"
    assert headers["connection"] == "close"
    return sock, stream


def next_line(stream: object, prefix: bytes) -> bytes:
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            raise AssertionError("stream closed")
        if line.startswith(prefix):
            return line


def next_state(stream: object) -> dict[str, object]:
    return json.loads(next_line(stream, b"data: ")[len(b"data: ") :])


def test_every_publication_reaches_the_stream_in_order(running: Running) -> None:
    sock, stream = open_stream(running)
    with sock:
        assert next_state(stream)["version"] == 1
        for number in range(2, 42):
            running.live.publish(dict(SITE, **{"n.txt": b"%d" % number}), None)
        assert [next_state(stream)["version"] for _ in range(40)] == list(range(2, 42))


def test_idle_streams_get_heartbeats_and_outlive_the_idle_timeout(running: Running) -> None:
    sock, stream = open_stream(running)
    with sock:
        next_state(stream)
        started = time.monotonic()
        assert next_line(stream, b":") == b": keep-alive\n"
        time.sleep(FAST.idle_seconds * 2)
        running.live.publish(dict(SITE, x=b"1"), None)
        assert next_state(stream)["version"] == 2
    assert time.monotonic() - started < FAST.heartbeat_seconds + FAST.idle_seconds * 2 + 2


def test_a_stream_that_does_not_read_is_dropped_and_blocks_no_one(running: Running) -> None:
    stuck, _ = open_stream(running, rcvbuf=4096)
    reader, stream = open_stream(running)
    with stuck, reader:
        wait_until(lambda: len(running.server._streams) == 2, "both streams")
        next_state(stream)
        big_error = "x" * 200_000
        started = time.monotonic()
        for number in range(40):  # 8 MB per stream: far more than the socket buffers hold
            running.live.publish(SITE, f"{big_error} {number}")
            assert next_state(stream)["error"] == f"{big_error} {number}"
        took = time.monotonic() - started
        assert running.server.counters.dropped_streams == 1
        wait_until(lambda: len(running.server._streams) == 1, "the stuck stream to go")
    assert took < 20


def test_threads_and_fds_come_back_after_a_crowd() -> None:
    running = start(ServerLimits(heartbeat_seconds=0.3))
    try:
        crowd(running)
    finally:
        stop(running)


def crowd(running: Running) -> None:
    threads = threading.active_count()
    fds = len(os.listdir("/proc/self/fd"))
    socks = [open_stream(running)[0] for _ in range(60)]
    conns = [running.http() for _ in range(60)]
    for conn in conns:
        conn.request("GET", "/")
        conn.getresponse().read()
    assert threading.active_count() == threads  # no thread per connection
    running.live.publish(dict(SITE, y=b"2"), None)
    for sock in socks:
        sock.close()
    for conn in conns:
        conn.close()
    wait_until(lambda: running.server.open_connections == 0, "every connection to close")
    wait_until(
        lambda: len(os.listdir("/proc/self/fd")) == fds,
        f"the descriptors ({fds} before, {len(os.listdir('/proc/self/fd'))} now)",
    )
    assert threading.active_count() == threads


def test_shutdown_ends_streams_and_idle_connections_at_once() -> None:
    run = start(ServerLimits(idle_seconds=30))
    sock, stream = open_stream(run)
    idle = run.connect()
    next_state(stream)
    wait_until(lambda: run.server.open_connections == 2, "two connections")
    started = time.monotonic()
    stop(run)
    assert time.monotonic() - started < 3
    with sock, idle:
        assert closed_by_server(idle, within=2) < 2
        with pytest.raises(AssertionError, match="stream closed"):
            next_state(stream)
