"""`briefgen serve` as a real process: Ctrl-C, a busy port, a non-loopback warning."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from conftest import free_port
from serve_project import (
    REPO_ROOT,
    article_path,
    default_sigint,
    make_project,
    running_server,
    wait_until,
    write_article,
)

from briefgen.config import load_config
from briefgen.serve import serve


def test_ctrl_c_reaches_the_server_when_the_suite_ignores_it(tmp_path: Path) -> None:
    """The suite run as a background job of a non-interactive shell (`nohup .ci/run &`)
    inherits SIGINT ignored; the servers it starts must still stop on Ctrl-C (they did not:
    each waited 15 s to be killed, and the tests asserting exit code 0 failed)."""
    project = make_project(tmp_path / "project")
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with running_server(project, free_port()) as server:
            assert server.stop() == 0
    finally:
        signal.signal(signal.SIGINT, before)


def test_ctrl_c_stops_quietly_with_open_streams(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with running_server(project, free_port()) as server:
        port = int(server.url.split(":")[2].split("/")[0])
        stream = socket.create_connection(("127.0.0.1", port), timeout=10)
        stream.sendall(b"GET /briefings/__briefgen/events HTTP/1.1\r\nHost: x\r\n\r\n")
        assert stream.recv(100).startswith(b"HTTP/1.1 200")
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=15) == 0
        stream.close()
        log = server.log()
    assert "Serving on http://127.0.0.1:" in log
    assert "Traceback" not in log
    assert "KeyboardInterrupt" not in log


def test_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "briefgen", "-C", str(project), "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 1
    error = result.stderr.decode()
    assert f"port {port} on 127.0.0.1 is already in use" in error
    assert "--port" in error
    assert "Traceback" not in error


def test_all_interfaces_warns(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with running_server(project, free_port(), "--host", "0.0.0.0") as server:
        log = server.log()
    assert "listening on 0.0.0.0: anyone who can reach this machine can read the site" in log


def test_deleted_briefing_disappears(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with running_server(project, free_port()) as server:
        _, home = server.get("")
        assert b"Story number 3" in home
        article_path(project, 3).unlink()
        wait_until(lambda: b"Story number 3" not in server.get("")[1], "the briefing to go")
        assert server.get("archive/")[0] == 200


def test_serve_in_a_thread_with_ready_and_stop(tmp_path: Path) -> None:
    """The entry point the CLI calls, driven by events as an embedding program would."""
    project = make_project(tmp_path / "project")
    config = load_config(project)
    port = free_port()
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=serve, args=(config,), kwargs={"port": port, "ready": ready, "stop": stop}
    )
    thread.start()
    try:
        assert ready.wait(60)
        url = f"http://127.0.0.1:{port}/briefings/"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"Story number 1" in response.read()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_project_broken_at_start_is_served_with_its_error(tmp_path: Path) -> None:
    """No last good site yet: every page is a 404 carrying the overlay, until it is fixed."""
    project = make_project(tmp_path / "project")
    path = article_path(project, 2)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date:", "date: [", 1), encoding="utf-8")
    config = load_config(project)
    port = free_port()
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=serve, args=(config,), kwargs={"port": port, "ready": ready, "stop": stop}
    )
    thread.start()
    url = f"http://127.0.0.1:{port}/briefings/"

    def fetch() -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    try:
        assert ready.wait(60)
        status, body = fetch()
        assert status == 404
        assert b"content/2020/story-2.md:" in body  # the error, in the page's live script
        path.write_text(good, encoding="utf-8")
        wait_until(lambda: fetch()[0] == 200, "the fixed site")
        assert b"Story number 2" in fetch()[1]
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_poll_mode_sees_edits(tmp_path: Path) -> None:
    """--poll swaps inotify for watchdog's polling observer (network drives, WSL)."""
    project = make_project(tmp_path / "project")
    with running_server(project, free_port(), "--poll") as server:
        write_article(project, 1, "Story number 1 seen by polling")
        wait_until(lambda: b"seen by polling" in server.get("")[1], "the polled edit")


def test_port_0_picks_a_free_port_and_says_which(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "-C", str(project), "serve", "--port", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
            preexec_fn=default_sigint,
        )
    try:
        found: list[tuple[str, str]] = []

        def announced() -> bool:
            found[:] = re.findall(
                r"Serving on (http://127\.0\.0\.1:(\d+)/briefings/)", log_path.read_text()
            )
            return bool(found) or process.poll() is not None

        wait_until(announced, "the Serving on line", timeout=60)
        assert found, log_path.read_text()
        url, port = found[0]
        assert int(port) > 0
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert b"Story number 1" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
