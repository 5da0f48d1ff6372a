"""A crowd for `briefgen serve`: page clients and live-reload streams on raw asyncio sockets.

Used by tests/test_serve_load.py. Everything runs on loopback in one event loop, so
300 connections cost the test process no threads. The HTTP client is written out here
(not urllib) because it must see what a library would hide: a Content-Length that
does not match the body, a keep-alive connection the server closed, a 5xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

T = TypeVar("T")

REQUEST_TIMEOUT = 10.0
"""A request slower than this counts as failed (the limit asserted is far lower)."""


@dataclass
class Reply:
    """One parsed HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes


class Truncated(Exception):
    """The connection ended before Content-Length bytes of body arrived."""


async def read_reply(reader: asyncio.StreamReader, *, head_only: bool = False) -> Reply:
    """Read one response framed by Content-Length (the only framing briefgen uses)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status, *_ = lines[0].split(" ", 2)
    assert version == "HTTP/1.1", f"answered in {version}"
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if head_only:
        return Reply(int(status), headers, b"")
    length = int(headers["content-length"])
    try:
        body = await reader.readexactly(length)
    except asyncio.IncompleteReadError as exc:
        raise Truncated(f"{len(exc.partial)} of {length} bytes") from exc
    return Reply(int(status), headers, body)


@dataclass
class Figures:
    """What the crowd saw."""

    requests: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    truncated: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    connections: int = 0
    """TCP connections the page clients opened (200 when keep-alive holds)."""
    stream_messages: list[list[dict[str, object]]] = field(default_factory=list)

    @property
    def max_latency(self) -> float:
        return max(self.latencies, default=0.0)


class PageClient:
    """One browser-like client: a keep-alive connection, GET after GET until told to stop."""

    def __init__(self, port: int, host_header: str, paths: list[str], figures: Figures) -> None:
        self.port = port
        self.host_header = host_header
        self.paths = paths
        self.figures = figures
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.figures.connections += 1

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
            self.reader = self.writer = None

    async def get(self, path: str) -> None:
        if self.writer is None:
            await self.connect()
        assert self.reader is not None and self.writer is not None
        started = time.perf_counter()
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host_header}\r\n\r\n"
        try:
            self.writer.write(request.encode())
            reply = await asyncio.wait_for(read_reply(self.reader), REQUEST_TIMEOUT)
        except Truncated as exc:
            self.figures.truncated.append(f"{path}: {exc}")
            await self.close()
            return
        except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
            self.figures.failures.append(f"{path}: {type(exc).__name__}: {exc}")
            await self.close()
            return
        finally:
            self.figures.latencies.append(time.perf_counter() - started)
            self.figures.requests += 1
        self.figures.statuses[reply.status] = self.figures.statuses.get(reply.status, 0) + 1
        html = reply.headers.get("content-type", "").startswith("text/html")
        if reply.status == 200 and html and not reply.body.rstrip().endswith(b"</html>"):
            self.figures.truncated.append(f"{path}: HTML does not end with </html>")
        if reply.headers.get("connection", "").lower() == "close":
            await self.close()

    async def run(self, stop: asyncio.Event) -> None:
        rng = random.Random(id(self))
        while not stop.is_set():
            await self.get(rng.choice(self.paths))
            # A person's browser, not a benchmark: a short pause between requests.
            await asyncio.sleep(rng.uniform(0.0, 0.1))
        await self.close()


class Stream:
    """One live-reload tab: an EventSource request whose `data:` messages are recorded."""

    def __init__(self, port: int, path: str, host_header: str, figures: Figures) -> None:
        self.port = port
        self.path = path
        self.host_header = host_header
        self.messages: list[dict[str, object]] = []
        figures.stream_messages.append(self.messages)
        self.writer: asyncio.StreamWriter | None = None
        self.ended: str | None = None

    async def run(self) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(
            f"GET {self.path} HTTP/1.1\r\nHost: {self.host_header}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        reply = await read_reply(reader, head_only=True)
        if reply.status != 200:
            self.ended = f"status {reply.status}"
            return
        while True:
            line = await reader.readline()
            if not line:
                self.ended = "closed by the server"
                return
            if line.startswith(b"data: "):
                self.messages.append(json.loads(line[len(b"data: ") :]))

    def versions(self) -> list[int]:
        return [int(message["version"]) for message in self.messages]  # type: ignore[call-overload]

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def process_counts(pid: int) -> tuple[int, int]:
    """(threads, open file descriptors) of a process, from /proc."""
    return len(os.listdir(f"/proc/{pid}/task")), len(os.listdir(f"/proc/{pid}/fd"))


async def wait_for(condition: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.02)


async def settled_counts(pid: int, quiet: float = 0.5, timeout: float = 10.0) -> tuple[int, int]:
    """The process's counts once they have not moved for QUIET seconds (a connection the
    caller just closed is gone by then)."""
    deadline = time.monotonic() + timeout
    counts = process_counts(pid)
    since = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = process_counts(pid)
        if now != counts:
            counts, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return counts


@dataclass
class LoadReport:
    """The figures a load run reports and the test asserts."""

    figures: Figures
    rounds: int
    start_version: int
    counts_before: tuple[int, int]
    counts_during: tuple[int, int]
    counts_after: tuple[int, int]
    stream_endings: list[str | None]
    took: float

    def summary(self) -> str:
        figures = self.figures
        received = sum(len(messages) for messages in figures.stream_messages)
        return (
            f"{figures.requests} requests on {figures.connections} connections in "
            f"{self.took:.1f} s, max {figures.max_latency * 1000:.0f} ms, statuses "
            f"{dict(sorted(figures.statuses.items()))}, {len(figures.truncated)} truncated, "
            f"{len(figures.failures)} failed; {len(figures.stream_messages)} streams received "
            f"{received} messages ({self.rounds + 1} each expected); threads/fds before "
            f"{self.counts_before}, during {self.counts_during}, after {self.counts_after}"
        )


async def run_load(
    *,
    pid: int,
    port: int,
    prefix: str,
    paths: list[str],
    edit: Callable[[int], None],
    clients: int = 200,
    streams: int = 100,
    rounds: int = 20,
    round_timeout: float = 20.0,
) -> LoadReport:
    """Open STREAMS streams and CLIENTS page clients at once, then call EDIT ROUNDS times.

    After each edit the run waits until every stream has the next version, so a
    stream that misses one is caught at that round and not hidden by a later one.
    """
    started = time.monotonic()
    figures = Figures()
    host = f"127.0.0.1:{port}"
    counts_before = await settled_counts(pid)
    tabs = [Stream(port, prefix + "__briefgen/events", host, figures) for _ in range(streams)]
    stream_tasks = [asyncio.create_task(tab.run()) for tab in tabs]
    stop = asyncio.Event()
    crowd = [PageClient(port, host, paths, figures) for _ in range(clients)]
    client_tasks = [asyncio.create_task(client.run(stop)) for client in crowd]
    try:
        await wait_for(lambda: all(tab.messages for tab in tabs), "every stream's first state", 30)
        start_version = tabs[0].versions()[0]
        for number in range(1, rounds + 1):
            edit(number)
            target = start_version + number
            await wait_for(
                lambda target=target: all(  # type: ignore[misc]
                    tab.messages and tab.versions()[-1] >= target for tab in tabs
                ),
                f"reload {number} on every stream "
                f"({sum(1 for tab in tabs if tab.messages and tab.versions()[-1] >= target)}"
                f" of {len(tabs)} have it)",
                round_timeout,
            )
        counts_during = process_counts(pid)
        endings = [tab.ended for tab in tabs]  # before this side closes them
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*client_tasks, return_exceptions=True), 30)
        for tab in tabs:
            tab.close()
        await asyncio.wait_for(asyncio.gather(*stream_tasks, return_exceptions=True), 30)
    # The server notices closed sockets by itself; give it a moment, then read the counts.
    with contextlib.suppress(AssertionError):
        await wait_for(lambda: process_counts(pid) <= counts_before, "threads and fds", 15)
    return LoadReport(
        figures=figures,
        rounds=rounds,
        start_version=start_version,
        counts_before=counts_before,
        counts_during=counts_during,
        counts_after=process_counts(pid),
        stream_endings=endings,
        took=time.monotonic() - started,
    )


def run_on_own_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run(main()) on a thread of its own: the Playwright fixtures of other
    tests keep an event loop running on the main thread, where asyncio.run refuses."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(main()))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=run, name="load-test")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def site_paths(home: bytes, prefix: str) -> list[str]:
    """The pages the crowd asks for: links found on the home page, a stylesheet, a 404."""
    base = "http://127.0.0.1" + prefix
    links = {urljoin(base, m.decode()) for m in re.findall(rb'href="([^"#?]*)"', home)}
    paths = sorted(urlsplit(link).path for link in links if link.startswith(base))
    return [*paths[:40], prefix + "no-such-page/"]


def replace_file(path: Path, text: str, scratch: Path) -> None:
    """Write PATH in one rename from SCRATCH (same file system, outside the watched folders)."""
    temp = scratch / f"{path.name}.load-test"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
