"""A killed ingest loses nothing: the journaled record, and a rerun equal to an uninterrupted run."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from briefgen import ingest as ingest_module
from briefgen.config import load_config
from briefgen.ingest import ingest_seeds, journal_path, state_path

REPO_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (it is not an Exception)."""


def make_project(root: Path, count: int = 6) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("title: T\n")
    for seed in sorted(REPO_SEEDS.glob("*.txt"))[:count]:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """content/ and the ingest record: what an ingest run leaves behind."""
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }
    files["record"] = state_path(load_config(root)).read_bytes()
    return files


def edit_seeds(root: Path) -> None:
    for seed in sorted((root / "seeds").glob("*.txt")):
        seed.write_text(seed.read_text() + "\nA paragraph added later to every seed.\n")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    root = make_project(tmp_path_factory.mktemp("ref") / "p")
    ingest_seeds(load_config(root))
    first = snapshot(root)
    edit_seeds(root)
    ingest_seeds(load_config(root))
    return first, snapshot(root)


def _kill_at(monkeypatch: pytest.MonkeyPatch, call: int, where: str) -> list[Path]:
    """Make the CALL-th content write die just before (or just after) it happens.

    Ingest writes a batch of files from several threads, so the writes are numbered as they
    start, and the others of the batch may still finish. Returns the files really written.
    """
    real = ingest_module.atomic_write
    calls = [0]
    lock = threading.Lock()
    written: list[Path] = []

    def dying(path: Path, data: bytes | str) -> None:
        with lock:
            calls[0] += 1
            number = calls[0]
        if number == call and where == "before":
            raise Killed
        real(path, data)
        with lock:
            written.append(path)
        if number == call and where == "after":
            raise Killed

    monkeypatch.setattr(ingest_module, "atomic_write", dying)
    return written


@pytest.mark.parametrize("batch", [2, ingest_module.WRITE_BATCH])
@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("call", [1, 3, 6])
@pytest.mark.parametrize("phase", ["first", "re-ingest"])
def test_rerun_after_a_kill_equals_an_uninterrupted_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reference: tuple[dict, dict],
    phase: str,
    call: int,
    where: str,
    batch: int,
) -> None:
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", batch)
    root = make_project(tmp_path / "p")
    if phase == "re-ingest":
        ingest_seeds(load_config(root))
        edit_seeds(root)
    with monkeypatch.context() as patch:
        _kill_at(patch, call, where)
        with pytest.raises(Killed):
            ingest_seeds(load_config(root))
    report = ingest_seeds(load_config(root))
    assert report.kept == () and report.warnings == ()
    assert snapshot(root) == reference[0 if phase == "first" else 1]
    assert not journal_path(load_config(root)).exists()


def test_a_kill_before_the_record_is_saved_keeps_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[dict, dict]
) -> None:
    root = make_project(tmp_path / "p")
    ingest_seeds(load_config(root))
    edit_seeds(root)
    with monkeypatch.context() as patch:
        patch.setattr(
            ingest_module, "_save_state", lambda path, records: (_ for _ in ()).throw(Killed)
        )
        with pytest.raises(Killed):
            ingest_seeds(load_config(root))
    lines = journal_path(load_config(root)).read_text().splitlines()
    assert len(lines) == 6 and all(json.loads(line)["source"] for line in lines)
    report = ingest_seeds(load_config(root))
    assert report.kept == () and report.written == () and report.unchanged == 6
    assert snapshot(root) == reference[1]


def test_a_torn_journal_line_is_ignored(tmp_path: Path, reference: tuple[dict, dict]) -> None:
    root = make_project(tmp_path / "p")
    journal = journal_path(load_config(root))
    journal.parent.mkdir(parents=True)
    journal.write_bytes(b'{"source": "seeds/x.txt", "seed_sha')
    report = ingest_seeds(load_config(root))
    assert report.errors == () and len(report.written) == 6
    assert snapshot(root) == reference[0]


def test_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", count=1)
    debris = [
        root / "content" / "2020" / ".some-brief.md.k2j3h4x9.tmp",
        root / ".briefgen" / ".ingest.json.abcdefgh.tmp",
    ]
    keep = root / "content" / ".my-notes.tmp"
    for path in (*debris, keep):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    ingest_seeds(load_config(root))
    assert not any(path.exists() for path in debris)
    assert keep.exists()


@pytest.mark.parametrize("phase", ["first", "re-ingest"])
def test_a_kill_never_makes_a_file_look_edited_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, phase: str
) -> None:
    """A file written just before the kill must count as ingest's, not as a hand edit.

    Canonical names depend on what content/ holds, so a rerun may render a seed a little
    differently from the killed run (simulated here by a changed summary). Without a
    record of the file the killed run wrote, the rerun saw it differ from both the old
    record and its own rendering, and kept it as "edited by hand" for ever.
    """
    root = make_project(tmp_path / "p")
    if phase == "re-ingest":
        ingest_seeds(load_config(root))
        edit_seeds(root)
    with monkeypatch.context() as patch:
        written = _kill_at(patch, 3, "after")
        with pytest.raises(Killed):
            ingest_seeds(load_config(root))
    assert len(written) >= 3
    real_render = ingest_module.render_seed

    def drifted(*args, **kwargs):  # type: ignore[no-untyped-def]
        title, text, extraction = real_render(*args, **kwargs)
        return title, text.replace("\nsummary: ", "\nsummary: Drift. ", 1), extraction

    monkeypatch.setattr(ingest_module, "render_seed", drifted)
    report = ingest_seeds(load_config(root))
    assert report.kept == () and report.warnings == ()
    # Only the files the killed run never reached are written again.
    assert len(report.written) == 6 - len(written)


def test_a_batch_of_records_is_journaled_with_one_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[dict, dict]
) -> None:
    """Six new files cost one journal flush, not six: a flush waits for the disk."""
    root = make_project(tmp_path / "p")
    real_fsync = ingest_module.os.fsync
    flushed: list[str] = []

    def counting(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}") if sys.platform == "linux" else "")
        real_fsync(fd)

    monkeypatch.setattr(ingest_module.os, "fsync", counting)
    ingest_seeds(load_config(root))
    monkeypatch.undo()
    assert snapshot(root) == reference[0]
    if sys.platform == "linux":
        assert sum(name.endswith("ingest.journal") for name in flushed) == 1
    assert len(flushed) == 1 + 6 + 1  # the journal, the six files, ingest.json
