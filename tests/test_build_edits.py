"""`briefgen build` after an edit: only what the edit touches is rendered, as in serve.

A generated project (tests/test_edit_moves.py's made-up briefings) is built by the real
CLI, then edited by seeded random sequences (names, places, tags, dates, titles, bodies,
files added and deleted, drafts, several files at once). After every edit the CLI builds
again, must say it took the incremental path, and its site must equal, byte for byte, a
build of the same content without any cache. When the cache cannot vouch for the last
build (a damaged record, another theme, a site file deleted by hand, too many edits),
the build is a full one, with the same bytes.
"""

from __future__ import annotations

import datetime
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from site_support import cli_build as run
from site_support import record_reads, site_files
from test_edit_moves import KINDS, _edit, _project, _write

import briefgen.build
from briefgen import cache as build_cache
from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.output import output_digest

INCREMENTAL = "build: incremental"
FULL = "build: full"


def cold_site(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a build without any cache makes of ROOT's content (in a copy)."""
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".briefgen", "site", ".site*"))
    build_site(load_config(copy), fresh=True)
    return site_files(copy / "site")


def _assert_manifest_true(root: Path, step: str) -> None:
    """The cache's manifest gives every site file its digest and present stamp (the files
    an incremental build links unread keep the records of the build before)."""
    index = build_cache.load_index(root / ".briefgen" / "cache" / build_cache.INDEX_NAME)
    assert index is not None and index.manifest is not None, step
    site = root / "site"
    assert sorted(index.manifest.files) == sorted(site_files(site)), step
    for relative, (digest, size, mtime_ns, inode) in index.manifest.files.items():
        info = (site / relative).lstat()
        assert (size, mtime_ns, inode) == (info.st_size, info.st_mtime_ns, info.st_ino), relative
        assert digest == output_digest((site / relative).read_bytes()), relative


def _body(path: Path, number: int) -> frozenset[Path]:
    """Add a sentence to PATH's body."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nA new sentence {number}.\n", encoding="utf-8")
    return frozenset({path})


@pytest.mark.parametrize("seed", [3, 11])
def test_random_edits_build_what_a_cold_build_builds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "project"
    files = _project(root, rng, 30)
    run(root)
    kinds = [*KINDS, "body", "several"]
    rng.shuffle(kinds)
    incremental = 0
    for number, kind in enumerate(kinds):
        if kind == "body":
            _body(rng.choice(sorted(files)), number)
        elif kind == "several":  # three files of one build, of three kinds
            for offset, other in enumerate(rng.sample(KINDS, 3)):
                _edit(rng, other, files, root, 100 + 3 * number + offset)
        else:
            _edit(rng, kind, files, root, number)
        jobs = ("--jobs", "2") if number % 2 else ()
        result = run(root, *jobs)
        step = f"step {number}: {kind}"
        # (An edit may leave a file as it was: a country changed where no place has one.)
        incremental += INCREMENTAL in result.stderr
        assert INCREMENTAL in result.stderr or "nothing changed" in result.stderr, step
        assert site_files(root / "site") == cold_site(root, tmp_path), step
        _assert_manifest_true(root, step)
    assert incremental >= len(kinds) - 3
    # What the templates show was worked out once and kept for the next builds.
    index = build_cache.load_index(root / ".briefgen" / "cache" / build_cache.INDEX_NAME)
    assert index is not None and "article.html" in index.reads
    # And the next build finds nothing to do.
    assert "nothing changed" in run(root).stderr


def _one_edit(root: Path, files: dict[Path, dict[str, Any]]) -> None:
    path = sorted(files)[4]
    files[path]["date"] += datetime.timedelta(days=1)
    files[path]["title"] = "A title made anew"
    _write(path, files[path])


def _edited_project(tmp_path: Path) -> tuple[Path, dict[Path, dict[str, Any]]]:
    root = tmp_path / "project"
    files = _project(root, random.Random(5), 30)
    run(root)
    _one_edit(root, files)
    return root, files


def _damage_a_record(root: Path) -> None:
    """Garble the shard that holds one unchanged briefing's record."""
    key = "b-010.md"
    shard = build_cache.shard_path(load_config(root), build_cache.shard_of(key))
    shard.write_bytes(shard.read_bytes()[:-40])


def _delete_a_shard_file(root: Path) -> None:
    shards = sorted((root / ".briefgen" / "cache" / build_cache.ARTICLES_DIR).glob("*.json"))
    shards[0].unlink()


def _change_the_theme(root: Path) -> None:
    theme = root / "themes" / "plain"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    with (root / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write("theme: plain\n")


def _delete_a_site_file(root: Path) -> None:
    pages = sorted((root / "site").rglob("index.html"))
    pages[len(pages) // 2].unlink()


def _edit_a_site_file(root: Path) -> None:
    (root / "site" / "index.html").write_text("vandalised", encoding="utf-8")


def _garble_the_index(root: Path) -> None:
    (root / ".briefgen" / "cache" / build_cache.INDEX_NAME).write_bytes(b"\x00{garbage")


@pytest.mark.parametrize(
    "damage",
    [
        _damage_a_record,
        _delete_a_shard_file,
        _change_the_theme,
        _delete_a_site_file,
        _edit_a_site_file,
        _garble_the_index,
    ],
)
def test_a_build_the_cache_cannot_vouch_for_is_a_full_one(tmp_path: Path, damage: Any) -> None:
    root, _files = _edited_project(tmp_path)
    damage(root)
    result = run(root)
    assert INCREMENTAL not in result.stderr
    assert site_files(root / "site") == cold_site(root, tmp_path)
    # The build after it has the cache again.
    _body(sorted((root / "content").glob("*.md"))[7], 1)
    assert INCREMENTAL in run(root).stderr
    assert site_files(root / "site") == cold_site(root, tmp_path)


def test_many_edits_are_built_in_full(tmp_path: Path) -> None:
    root = tmp_path / "project"
    files = _project(root, random.Random(8), 30)
    run(root)
    limit = briefgen.build._edit_limit(len(files))
    for number, path in enumerate(sorted(files)[: limit + 1]):
        _body(path, number)
    result = run(root)
    assert FULL in result.stderr and INCREMENTAL not in result.stderr
    assert site_files(root / "site") == cold_site(root, tmp_path)


def test_an_edit_reads_back_no_published_file_but_the_sitemap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _files = _edited_project(tmp_path)
    opened = record_reads(monkeypatch, read_bytes=True)
    report = build_site(load_config(root))
    monkeypatch.undo()
    assert report.written > 0
    site = str((root / "site").resolve()) + os.sep
    assert [p.removeprefix(site) for p in opened if p.startswith(site)] == ["sitemap.xml"]
    assert site_files(root / "site") == cold_site(root, tmp_path)


def test_a_large_site_s_search_index_is_complete_when_the_build_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """From `_DEFER_SEARCH_FROM` briefings serve leaves the index due; a build makes it."""
    monkeypatch.setattr(briefgen.build, "_DEFER_SEARCH_FROM", 1)
    root = tmp_path / "project"
    files = _project(root, random.Random(9), 30)
    config = load_config(root)
    build_site(config)
    for number, kind in enumerate(("title", "new file", "deleted file")):
        _edit(random.Random(number), kind, files, root, number)
        caplog.clear()
        with caplog.at_level("DEBUG", logger="briefgen"):
            build_site(config)
        assert INCREMENTAL in caplog.text
        assert site_files(root / "site") == cold_site(root, tmp_path), kind
