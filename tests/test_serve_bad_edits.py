"""`briefgen serve` survives every bad edit: last good site, error once, recovery by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import free_port
from serve_project import Server, make_project, running_server, wait_until

CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "serve" / "bad_edits.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    project = make_project(tmp_path_factory.mktemp("bad-edits") / "project")
    with running_server(project, free_port()) as server:
        yield server, project


def apply_edit(project: Path, case: dict[str, Any]) -> bytes | None:
    """Make the bad edit; return the file's bytes before it (None when it was new)."""
    path = project / case["path"]
    before = path.read_bytes() if path.exists() else None
    if "hex" in case:
        path.write_bytes(bytes.fromhex(case["hex"]))
    elif "insert_at" in case:
        assert before is not None
        lines = before.decode("utf-8").splitlines(keepends=True)
        at = case["insert_at"] - 1
        path.write_text("".join([*lines[:at], case["text"], *lines[at:]]), encoding="utf-8")
    else:
        path.write_text(case["text"], encoding="utf-8")
    return before


def undo_edit(project: Path, case: dict[str, Any], before: bytes | None) -> None:
    path = project / case["path"]
    if before is None:
        path.unlink()
    else:
        path.write_bytes(before)


@pytest.mark.parametrize("name", sorted(CASES))
def test_server_survives_bad_edit(served: tuple[Server, Path], name: str) -> None:
    server, project = served
    case = CASES[name]
    wait_until(lambda: server.served_error() is None, "a clean start")  # no cascade
    log_start = len(server.log())
    before = apply_edit(project, case)
    try:
        wait_until(
            lambda: case["expect"] in (server.served_error() or ""),
            f"the error {case['expect']!r}",
        )
        status, body = server.get("")
        assert status == 200
        assert b"Story number 1" in body  # still the last good site
    finally:
        undo_edit(project, case, before)
    wait_until(lambda: server.served_error() is None, "recovery after the fix")
    assert server.process.poll() is None
    log = server.log()[log_start:]
    assert log.count("build failed") == 1, log
    assert case["expect"] in log
    assert "Traceback" not in log
