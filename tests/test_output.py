"""Publishing site/: all at once or not at all, unchanged files kept, nothing written outside."""

from __future__ import annotations

import errno
import json
import os
import threading
import types
from pathlib import Path
from typing import Any

import pytest

from briefgen import output
from briefgen.errors import OutputError
from briefgen.model import Output
from briefgen.output import write_output


def make(files: dict[str, str]) -> Output:
    data = {path: text.encode("utf-8") for path, text in sorted(files.items())}
    return Output(files=types.MappingProxyType(data))


OLD = {"index.html": "old home", "a/index.html": "old a", "b/index.html": "b", "s.css": "css"}
NEW = {"index.html": "new home", "a/index.html": "new a", "b/index.html": "b", "c/x.html": "c"}


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def siblings(site: Path) -> list[str]:
    """What lies next to the site besides it and its reserve copy."""
    return sorted(
        p.name for p in site.parent.iterdir() if p.name not in (site.name, f".{site.name}.reserve")
    )


def test_publish_replaces_the_site_and_reports_changes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = write_output(make(OLD), site)
    assert first.written == tuple(sorted(OLD)) and first.unchanged == 0
    report = write_output(make(NEW), site)
    assert tree(site) == make(NEW).files
    assert report.written == ("a/index.html", "c/x.html", "index.html")
    assert report.removed == ("s.css",) and report.unchanged == 1
    assert siblings(site) == []


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_output(make(OLD), site)
    before = (site / "b/index.html").stat()
    for files in (NEW, NEW, OLD, NEW):
        write_output(make(files), site)
        after = (site / "b/index.html").stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert tree(site) == make(files).files


def test_the_reserve_copy_shares_every_unchanged_file(tmp_path: Path) -> None:
    site, reserve = tmp_path / "site", tmp_path / ".site.reserve"
    write_output(make(NEW), site)
    write_output(make(NEW), site)
    write_output(make(NEW), site)
    for relative in make(NEW).files:
        assert (site / relative).stat().st_ino == (reserve / relative).stat().st_ino
    report = write_output(make(NEW), site)
    assert report.written == () and report.unchanged == len(NEW)
    write_output(make(OLD), site)
    write_output(make(NEW), site)
    assert tree(reserve) == make(OLD).files and tree(site) == make(NEW).files


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_write_that_fails_halfway_leaves_the_old_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    site = tmp_path / "site"
    write_output(make(OLD), site)
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    write_output(make(NEW), site)  # a reserve copy exists from here on
    write_output(make(OLD), site)
    real_write = output._write_over
    calls = []

    def full_disk(path: str, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, data)

    monkeypatch.setattr(output, "_write_over", full_disk)
    with pytest.raises(OutputError) as info:
        write_output(make(NEW), site)
    message = str(info.value)
    assert "no space left on device" in message and "check permissions" not in message
    assert os.path.basename(calls[1]) in message  # the file that could not be written
    assert tree(site) == make(OLD).files
    assert siblings(site) == []
    assert not (tmp_path / ".site.reserve").exists()  # its space is given back


def test_fallback_swap_publishes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    site = tmp_path / "site"
    write_output(make(OLD), site)
    write_output(make(NEW), site)
    assert tree(site) == make(NEW).files and siblings(site) == []


def test_debris_of_a_killed_build_is_removed_or_recovered(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_output(make(OLD), site)
    # Killed between the two renames of the fallback swap: the old site is a backup.
    os.rename(site, tmp_path / ".site.previous-0123456789ab")
    (tmp_path / ".site.staging-aaaaaaaaaaaa" / "half").mkdir(parents=True)
    output.recover_output(site)
    assert tree(site) == make(OLD).files and siblings(site) == []
    # Temporary files of the old per-file writes inside site/ go at the next build.
    (site / "a" / ".index.html.k2j3h4x9.tmp").write_text("half")
    (site / ".nojekyll").write_text("")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref")
    write_output(make(NEW), site)
    assert tree(site) == {**make(NEW).files, ".nojekyll": b"", ".git/HEAD": b"ref"}


def test_a_symlinked_folder_inside_site_cannot_lead_writes_outside(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    write_output(make(OLD), site)
    (site / "c").symlink_to(outside, target_is_directory=True)
    (site / "a" / "index.html").unlink()
    (site / "a" / "index.html").symlink_to(outside / "keep.txt")
    write_output(make(NEW), site)
    write_output(make(OLD), site)  # the reserve is now the copy that held the symlinks
    write_output(make(NEW), site)
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text() == "mine"
    assert not (site / "c").is_symlink() and not (site / "a/index.html").is_symlink()
    assert tree(site) == make(NEW).files


def test_a_symlinked_site_folder_is_published_where_it_points(tmp_path: Path) -> None:
    real, link = tmp_path / "www", tmp_path / "site"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    write_output(make(OLD), link)
    write_output(make(NEW), link)
    assert link.is_symlink() and tree(real) == make(NEW).files


def test_paths_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    for bad in ("../x.html", "/etc/x", "a/../../x", "a\\b"):
        with pytest.raises(OutputError):
            write_output(make({bad: "x"}), tmp_path / "site")
    assert not (tmp_path / "x.html").exists()
    assert siblings(tmp_path / "site") == [] or not (tmp_path / "site").exists()


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    import threading

    site = tmp_path / "site"
    write_output(make(OLD), site)
    errors: list[BaseException] = []

    def publish(files: dict[str, str]) -> None:
        try:
            for _ in range(15):
                write_output(make(files), site)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(f,)) for f in (OLD, NEW)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert tree(site) in (make(OLD).files, make(NEW).files)
    assert siblings(site) == []


def test_a_folder_that_becomes_a_file_and_back_is_published(tmp_path: Path) -> None:
    # The reserve (two builds old) still held a/b.html when "a" became a file: its stale
    # entry went with the folder, and unlinking it again failed the build.
    site = tmp_path / "site"
    write_output(make({"a/b.html": "1", "x.html": "x"}), site)
    write_output(make({"a/b.html": "2", "x.html": "x"}), site)
    write_output(make({"a": "3", "x.html": "x"}), site)
    assert tree(site) == {"a": b"3", "x.html": b"x"}
    write_output(make({"a/c.html": "4", "x.html": "x"}), site)
    assert tree(site) == {"a/c.html": b"4", "x.html": b"x"}
    assert siblings(site) == []


def test_files_put_by_forked_processes_are_published(tmp_path: Path) -> None:
    # What briefgen/pool.py does: processes forked after make_room put their own files.
    site = tmp_path / "site"
    write_output(make(OLD), site)
    data = {path: text.encode() for path, text in NEW.items()}
    with output.publishing(site) as publication:
        publication.make_room(data)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child puts the pages under c/, and says which it changed
            records = [publication.put(p, b) for p, b in data.items() if p.startswith("c/")]
            os.write(
                write, json.dumps([[r.path, r.size, r.changed, r.digest] for r in records]).encode()
            )
            os._exit(0)
        os.close(write)
        _, status = os.waitpid(pid, 0)
        assert status == 0
        with os.fdopen(read) as handle:
            child = [output.Written(*fields) for fields in json.loads(handle.read())]
        assert child == [
            output.Written(
                "c/x.html", 1, changed=True, digest=output.output_digest(data["c/x.html"])
            )
        ]
        mine = [publication.put(p, b) for p, b in data.items() if not p.startswith("c/")]
        report = publication.finish(data, [*mine, *child])
    assert tree(site) == data
    assert report.written == ("a/index.html", "c/x.html", "index.html")
    assert report.removed == ("s.css",)
    assert report.unchanged == 1


def test_a_publication_left_unfinished_changes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_output(make(OLD), site)
    before = tree(site)
    with pytest.raises(RuntimeError, match="without finish"), output.publishing(site) as pub:
        pub.make_room(["index.html"])
        pub.put("index.html", b"half")
    assert tree(site) == before
    assert siblings(site) == []


def test_a_changed_file_is_never_written_through_a_link_to_the_live_site(tmp_path: Path) -> None:
    # Files are written straight into the reserve: where the reserve holds a hard link to
    # the live file, the live site must keep its bytes until the swap.
    site, reserve = tmp_path / "site", tmp_path / ".site.reserve"
    for _ in range(3):
        write_output(make(OLD), site)
    shared = (site / "a/index.html").stat().st_ino
    assert (reserve / "a/index.html").stat().st_ino == shared
    with output.publishing(site) as publication:
        publication.make_room(NEW)
        for path, text in NEW.items():
            publication.put(path, text.encode())
        assert (site / "a/index.html").read_text() == "old a"
        assert (reserve / "a/index.html").read_text() == "new a"
        assert (reserve / "a/index.html").stat().st_ino != shared
        publication.finish(NEW, [])
    assert tree(site) == make(NEW).files and tree(reserve) == make(OLD).files


def test_put_makes_the_folders_and_the_folders_holding_them(tmp_path: Path) -> None:
    site, reserve = tmp_path / "site", tmp_path / ".site.reserve"
    with output.publishing(site) as publication:
        publication.make_room(["x/y/z/index.html", "x/w.html"])
        # Every folder is made by put, in whichever process puts into it (pool.py).
        assert not list(reserve.iterdir())
        records = [publication.put("x/y/z/index.html", b"z"), publication.put("x/w.html", b"w")]
        records.append(publication.put("q/r/s.html", b"s"))  # not announced: made here
        # Put twice: the second bytes replace the first, in a new file.
        records.append(publication.put("x/w.html", b"w2"))
        publication.finish(["x/y/z/index.html", "x/w.html", "q/r/s.html"], records)
    assert tree(site) == {"q/r/s.html": b"s", "x/w.html": b"w2", "x/y/z/index.html": b"z"}
    assert siblings(site) == []


def test_folders_holding_folders_are_made_once_each_by_whichever_process_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes put pages under the same year and month: each folder is made once
    (the later process finds it there), none is tried before its parent exists."""
    site = tmp_path / "site"
    paths = ["2020/05/14/a/index.html", "2020/05/15/b/index.html", "2020/06/01/c/index.html"]
    made: list[str] = []
    real_mkdir = os.mkdir

    def mkdir(path: str, *args: Any) -> None:
        real_mkdir(path, *args)  # raises before it is counted when the folder is there
        made.append(os.path.relpath(path, tmp_path / ".site.reserve"))

    with output.publishing(site) as publication:
        publication.make_room(paths)
        pid = os.fork()
        if pid == 0:
            publication.put(paths[0], b"a")
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert status == 0
        monkeypatch.setattr(os, "mkdir", mkdir)
        records = [publication.put(path, path.encode()) for path in paths[1:]]
        publication.finish(paths, records)
    assert made == ["2020/05/15", "2020/05/15/b", "2020/06", "2020/06/01", "2020/06/01/c"]
    assert tree(site) == {paths[0]: b"a", paths[1]: paths[1].encode(), paths[2]: paths[2].encode()}


def test_a_file_left_half_written_in_the_reserve_is_rewritten_or_removed(tmp_path: Path) -> None:
    site, reserve = tmp_path / "site", tmp_path / ".site.reserve"
    write_output(make(OLD), site)
    write_output(make(NEW), site)  # the reserve holds OLD now
    (reserve / "b/index.html").unlink()
    (reserve / "b/index.html").write_text("b but cut")  # killed mid-write, say
    (reserve / "s.css").write_text("cs")
    (reserve / "c").mkdir()
    (reserve / "c/x.html").write_text("half")
    write_output(make(OLD), site)
    assert tree(site) == make(OLD).files
    write_output(make(NEW), site)
    assert tree(site) == make(NEW).files


def test_a_page_folder_made_by_another_process_is_used_as_it_is(tmp_path: Path) -> None:
    # make_room leaves a page's own folder to put: with workers, two processes may each
    # put a file into one folder that neither has made yet.
    site = tmp_path / "site"
    paths = ["t/one/index.html", "t/one/feed.xml"]
    with output.publishing(site) as publication:
        publication.make_room(paths)
        pid = os.fork()
        if pid == 0:
            publication.put(paths[0], b"page")
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert status == 0
        record = publication.put(paths[1], b"feed")  # t/one is there, made by the child
        publication.finish(paths, [record])
    assert tree(site) == {"t/one/index.html": b"page", "t/one/feed.xml": b"feed"}


def test_put_refuses_a_symlink_where_a_page_folder_goes(tmp_path: Path) -> None:
    site, reserve = tmp_path / "site", tmp_path / ".site.reserve"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(OutputError, match="file exists"), output.publishing(site) as publication:
        publication.make_room(["t/one/index.html"])
        (reserve / "t").mkdir()
        (reserve / "t/one").symlink_to(elsewhere)  # appeared after the walk
        publication.put("t/one/index.html", b"page")
    assert not list(elsewhere.iterdir())


def test_a_flush_ahead_runs_until_the_swap_and_stops_when_the_build_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`flush_ahead` flushes the reserve on a thread while files are put; the flush before
    the swap comes after that thread has stopped, and a failed publication stops it too."""
    calls: list[str] = []
    flushed_ahead = threading.Event()
    real_flush = output._flush

    def flush(folder: Path) -> None:
        calls.append(threading.current_thread().name)
        real_flush(folder)
        if calls[-1] == "briefgen-flush":
            flushed_ahead.set()

    monkeypatch.setattr(output, "_flush", flush)
    site = tmp_path / "site"
    data = {path: text.encode() for path, text in NEW.items()}
    with output.publishing(site) as publication:
        publication.make_room(data)
        publication.flush_ahead()
        records = [publication.put(p, b) for p, b in data.items()]
        assert flushed_ahead.wait(60)
        publication.finish(data, records)
    assert tree(site) == data
    assert calls[0] == "briefgen-flush" and calls[-1] == "MainThread"
    assert not [t for t in threading.enumerate() if t.name == "briefgen-flush"]
    flushed_ahead.clear()
    with pytest.raises(RuntimeError, match="without finish"), output.publishing(site) as pub:
        pub.flush_ahead()
        assert flushed_ahead.wait(60)
    assert not [t for t in threading.enumerate() if t.name == "briefgen-flush"]
    assert tree(site) == data
