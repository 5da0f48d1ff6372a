"""A small project on disk for the serve tests and bench, and a real `briefgen serve` on it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_THEME = REPO_ROOT / "briefgen" / "themes" / "default"
BASE_URL = "https://example.org/briefings/"
PREFIX = "/briefings/"
CSS_MARKER = "html { --serve-test: one; }\n"


def article_text(title: str, day: str, body: str, actors: str = "Alice Example") -> str:
    """A content file in the format ingest writes."""
    return (
        f"---\ntitle: {title}\ndate: {day}\nsummary: {body[:80]}\n"
        f"actors: [{actors}]\nlocations: [Paris]\ntags: []\n---\n{body}\n"
    )


def make_project(root: Path, *, articles: int = 3) -> Path:
    """A project served under a sub-path, with a theme that extends the package's default.

    The theme carries its own base.html and style.css so tests can break and restyle it
    without touching the package.
    """
    (root / "seeds").mkdir(parents=True)
    (root / "content" / "2020").mkdir(parents=True)
    (root / "briefgen.yaml").write_text(
        f"title: Serve test\nbase_url: {BASE_URL}\ntheme: live\n", encoding="utf-8"
    )
    theme = root / "themes" / "live"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "templates" / "base.html").write_bytes(
        (PACKAGE_THEME / "templates" / "base.html").read_bytes()
    )
    (theme / "static" / "style.css").write_text(
        (PACKAGE_THEME / "static" / "style.css").read_text(encoding="utf-8") + CSS_MARKER,
        encoding="utf-8",
    )
    for number in range(1, articles + 1):
        write_article(root, number, f"Story number {number}")
    return root


def article_path(root: Path, number: int) -> Path:
    return root / "content" / "2020" / f"story-{number}.md"


def write_article(root: Path, number: int, title: str) -> Path:
    """(Re)write article NUMBER in place with TITLE."""
    day = f"2020-09-{1 + number % 28:02d}"
    path = article_path(root, number)
    path.write_text(
        article_text(title, day, f"Body of story {number}. It has a sentence or two."),
        encoding="utf-8",
    )
    return path


@dataclass
class Server:
    """A running `briefgen serve` subprocess."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, bytes]:
        url = self.url + path.lstrip("/")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def served_error(self) -> str | None:
        """The build error the server currently embeds in pages (None when all is well)."""
        import json

        _, body = self.get("")
        match = re.search(rb"var cfg = (\{.*?\});", body)
        assert match, "no live-reload script in the page"
        return json.loads(match.group(1))["error"]

    def stop(self) -> int:
        """Ctrl-C, as a person would; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def default_sigint() -> None:
    """Run in a server's child before it execs: SIGINT back to its default action.

    A shell without job control starts a background job (`nohup .ci/run &`) with SIGINT
    ignored, its children inherit that, and Python then installs no Ctrl-C handler: the
    SIGINT the tests send, as a person's Ctrl-C, would be lost and every server left to
    be killed after a wait. The server must see the signal as a terminal would send it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def running_server(
    root: Path,
    port: int,
    *extra: str,
    prefix: str = PREFIX,
    options: tuple[str, ...] = (),
    checkout: Path = REPO_ROOT,
) -> Iterator[Server]:
    """Start the real CLI on PORT and wait until it answers at PREFIX.

    OPTIONS go before the `serve` command (`-v`); CHECKOUT is the source tree whose
    briefgen runs (another worktree, for a bench's baseline).
    """
    log_path = root.parent / f"serve-{port}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "briefgen",
                *options,
                "-C",
                str(root),
                "serve",
                "--port",
                str(port),
                *extra,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=checkout,
            env=env,
            preexec_fn=default_sigint,
        )
    server = Server(process, f"http://127.0.0.1:{port}{prefix}", log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"briefgen serve exited early:\n{server.log()}")
            with contextlib.suppress(OSError):
                if server.get("")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"briefgen serve never answered:\n{server.log()}")
            time.sleep(0.1)
        yield server
    finally:
        server.stop()


def wait_until(condition: object, what: str, timeout: float = 20.0) -> None:
    """Poll CONDITION (a callable) until it is true; fail naming WHAT after TIMEOUT."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
