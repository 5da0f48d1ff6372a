"""`briefgen serve` as a real process: Ctrl-C, a busy port, a non-loopback warning."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

from conftest import free_port
from serve_project import REPO_ROOT, make_project, running_server


def test_ctrl_c_stops_quietly_with_open_streams(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with running_server(project, free_port()) as server:
        port = int(server.url.split(":")[2].split("/")[0])
        stream = socket.create_connection(("127.0.0.1", port), timeout=10)
        stream.sendall(b"GET /briefings/__briefgen/events HTTP/1.1\r\nHost: x\r\n\r\n")
        assert stream.recv(100).startswith(b"HTTP/1.0 200")
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
