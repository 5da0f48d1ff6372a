"""fsutil.sorted_files: the file lists every stage reads (content, seeds, theme files)."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.fsutil import sorted_files


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_lists_matching_files_in_path_order_without_hidden_ones(tmp_path: Path) -> None:
    make(
        tmp_path,
        "b.md",
        "a/c.md",
        "a/sub/d.md",
        "a/sub/e.MD",  # the pattern is case-sensitive, as Path.rglob is on POSIX
        ".git/f.md",
        "a/.draft.md",
        "B/g.md",
        "dir.md/h.md",
        "a b/ü.md",
        "notes.txt",
    )
    found = [p.relative_to(tmp_path).as_posix() for p in sorted_files(tmp_path, "*.md")]
    assert found == ["B/g.md", "a b/ü.md", "a/c.md", "a/sub/d.md", "b.md", "dir.md/h.md"]
    assert all(isinstance(p, Path) and p.is_absolute() for p in sorted_files(tmp_path, "*"))


def test_links_to_files_count_but_linked_folders_are_not_entered(tmp_path: Path) -> None:
    make(tmp_path, "real/a.md", "one.md")
    os.symlink(tmp_path / "real", tmp_path / "linked")
    os.symlink(tmp_path / "one.md", tmp_path / "two.md")
    os.symlink(tmp_path / "missing.md", tmp_path / "broken.md")
    found = [p.relative_to(tmp_path).as_posix() for p in sorted_files(tmp_path, "*.md")]
    assert found == ["one.md", "real/a.md", "two.md"]


def test_a_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert sorted_files(tmp_path / "nope", "*") == []
