"""Ingest: seeds become content files, and a hand edit is never lost."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen import fsutil
from briefgen.config import load_config
from briefgen.frontmatter import split
from briefgen.ingest import ingest_seeds, state_path

SEED_A = """date 2021-03-02 Officials in Geneva opened talks on Tuesday about a new trade deal, as delegates from twenty countries gathered at the United Nations.

The World Trade Organization said the meeting would last three days.
"""
SEED_B = """date 2021-03-02 Officials in Geneva opened talks on Tuesday about a new trade deal, as delegates from twenty countries gathered at the United Nations.

A second brief with the same lead sentence but a different body.
"""


def make_project(tmp_path: Path, seeds: dict[str, str]) -> Path:
    for name, text in seeds.items():
        path = tmp_path / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def ingest(root: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return ingest_seeds(load_config(root), **kwargs)  # type: ignore[arg-type]


def only_content(root: Path) -> Path:
    files = sorted((root / "content").rglob("*.md"))
    assert len(files) == 1, files
    return files[0]


def test_new_seed_becomes_content_with_front_matter(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    report = ingest(root)
    assert report.errors == () and len(report.written) == 1
    path = only_content(root)
    assert path.parent.name == "2021"
    assert path.name == "officials-in-geneva-open-talks-about-new-trade-deal.md"
    fm = split(path.read_text(), path)
    assert list(fm.data)[:5] == ["title", "date", "summary", "actors", "locations"]
    assert fm.data["title"] == "Officials in Geneva open talks about new trade deal"
    assert fm.data["date"].isoformat() == "2021-03-02"
    assert fm.data["seed"] == "seeds/a.txt"
    assert "source" not in fm.data  # no address given: the seed path is not a source
    assert isinstance(fm.data["tags"], list)
    assert "The World Trade Organization said" in fm.body


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    state = state_path(load_config(root))
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in (path, state)]
    report = ingest(root)
    assert report.written == () and report.unchanged == 1
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in (path, state)] == before


def test_changed_seed_with_untouched_content_is_regenerated(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    (root / "seeds/a.txt").write_text(SEED_A.replace("three days", "four days"))
    report = ingest(root)
    assert report.written == (path,)
    assert "four days" in path.read_text()


def test_changed_seed_with_hand_edited_content_is_kept_and_warned(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    edited = path.read_text().replace("three days", "three days (edited by hand)")
    path.write_text(edited)
    (root / "seeds/a.txt").write_text(SEED_A.replace("three days", "four days"))

    report = ingest(root)
    assert report.written == () and report.kept == (path,)
    assert path.read_text() == edited
    warning = " ".join(report.warnings)
    assert "content/2021/" in warning and "seeds/a.txt" in warning and "--force" in warning

    report = ingest(root, force=True)
    assert report.written == (path,)
    assert "four days" in path.read_text()
    (backup,) = report.backups
    assert backup.read_text() == edited


def test_deleted_content_is_not_recreated_without_force(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    path.unlink()
    report = ingest(root)
    assert not path.exists() and report.written == ()
    assert any("deleted by hand" in w and "--force" in w for w in report.warnings)
    report = ingest(root, force=True)
    assert path.exists() and report.written == (path,)


def test_lost_record_does_not_overwrite_an_edit(tmp_path: Path) -> None:
    """A fresh clone has content/ but no .briefgen/: edits are still recognised."""
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    path.write_text(path.read_text().replace("three days", "EDITED"))
    state_path(load_config(root)).unlink()
    report = ingest(root)
    assert "EDITED" in path.read_text() and report.kept == (path,)
    assert len(list((root / "content").rglob("*.md"))) == 1


def test_lost_record_with_identical_content_is_adopted(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    state_path(load_config(root)).unlink()
    report = ingest(root)
    assert report.written == () and report.unchanged == 1 and report.kept == ()


def test_slug_collision_gets_a_deterministic_suffix(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A, "b.txt": SEED_B})
    ingest(root)
    names = sorted(p.name for p in (root / "content").rglob("*.md"))
    base = "officials-in-geneva-open-talks-about-new-trade-deal.md"
    assert base in names and len(set(names)) == 2
    (other,) = set(names) - {base}
    assert re.fullmatch(
        r"officials-in-geneva-open-talks-about-new-trade-deal-[0-9a-f]{6}\.md", other
    )


def test_bad_seed_is_reported_and_good_ones_still_ingested(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A, "bad.txt": "date 2021-02-30 Oops.\n"})
    report = ingest(root)
    assert len(report.written) == 1
    (error,) = report.errors
    assert str(error).startswith(f"{root / 'seeds/bad.txt'}:1: impossible date 2021-02-30")


def test_interrupted_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A})
    ingest(root)
    path = only_content(root)
    old = path.read_bytes()
    (root / "seeds/a.txt").write_text(SEED_A.replace("three days", "four days"))

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(fsutil.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(root)
    monkeypatch.undo()
    assert path.read_bytes() == old
    leftovers = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    # The record was not updated either, so the next run regenerates the file.
    report = ingest(root)
    assert report.written == (path,) and "four days" in path.read_text()


def test_atomic_write_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    fsutil.atomic_write(target, "old")
    fsutil.atomic_write(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_names_are_canonical_across_briefings(tmp_path: Path) -> None:
    """A later brief that says only "Biden" lists the "Joe Biden" an earlier one used."""
    first = (
        "date 2021-06-01 President Joe Biden met Chancellor Angela Merkel in Washington on "
        "Tuesday to discuss trade.\n\nBiden said the talks went well.\n"
    )
    second = (
        "date 2021-06-02 Biden told reporters in Washington on Wednesday that he would travel "
        "to Britain next week.\n\nThe White House confirmed the trip.\n"
    )
    root = make_project(tmp_path, {"a.txt": first})
    ingest(root)
    (root / "seeds" / "b.txt").write_text(second)
    ingest(root)
    by_source = {}
    for path in (root / "content").rglob("*.md"):
        data = split(path.read_text(), path).data
        by_source[data["seed"]] = data
    assert "Joe Biden" in by_source["seeds/a.txt"]["actors"]
    assert "Joe Biden" in by_source["seeds/b.txt"]["actors"]
    assert "Biden" not in by_source["seeds/b.txt"]["actors"]


def test_registry_change_regenerates_untouched_files_and_keeps_edited_ones(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path, {"a.txt": SEED_A, "b.txt": SEED_B})
    ingest(root)
    files = {split(p.read_text(), p).data["seed"]: p for p in (root / "content").rglob("*.md")}
    edited = files["seeds/b.txt"].read_text().replace("different body", "EDITED body")
    files["seeds/b.txt"].write_text(edited)
    assert (
        "World Trade Organization" in split(files["seeds/a.txt"].read_text(), root).data["actors"]
    )

    (root / "content" / "_entities.yaml").write_text("renames:\n  World Trade Organization: WTO\n")
    report = ingest(root)
    assert report.written == (files["seeds/a.txt"],)
    actors = split(files["seeds/a.txt"].read_text(), root).data["actors"]
    assert "WTO" in actors and "World Trade Organization" not in actors
    assert files["seeds/b.txt"].read_text() == edited, "a hand edit survives a registry change"
    assert report.warnings == (), "the seed did not change, so there is nothing to warn about"
    assert ingest(root).written == ()
