"""A build whose seeds are unchanged skips ingest: the seeds are stat'ed, none is read.

The cache records each seed's stamp as it was before the last ingest that reported
nothing (briefgen/cache.py, `seeds.json`). Everything that could make ingest do or say
something else must send the build through ingest again: an edited, added, removed or
replaced seed, a bad seed, a content file deleted by hand, the entity registry, an
interrupted run's journal, --force, a damaged record, a seed edited within the clock's
resolution.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import briefgen.ingest
from briefgen import cache
from briefgen.build import Builder, BuildReport
from briefgen.config import load_config
from briefgen.parallel import Workers

HOUR_AGO = time.time() - 3600

SEEDS = {
    "harbour.txt": "date 2021-04-06 The harbour authority in Valletta said on Tuesday that "
    "the new ferry terminal would open in May, after two years of works.\n\n"
    "The terminal will serve routes to Sicily and Gozo.\n",
    "budget.txt": "date 2021-04-07 Lawmakers in Lisbon approved the regional budget on "
    "Wednesday by a narrow margin, after a debate that lasted two days.\n\n"
    "The opposition said it would ask the court to review the vote.\n",
    "2021/storm.txt": "date 2021-04-08 A storm closed schools across Galway on Thursday, "
    "and the weather service warned of more rain over the weekend.\n\n"
    "Power was cut to about four thousand homes.\n",
}


def backdate(path: Path, when: float = HOUR_AGO) -> None:
    os.utime(path, (when, when))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("title: Seeds\n", encoding="utf-8")
    for name, text in SEEDS.items():
        path = root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        backdate(path)
    return root


@pytest.fixture
def ingests(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time the build really ran ingest (briefgen.ingest.ingest_seeds)."""
    calls: list[int] = []
    real = briefgen.ingest.ingest_seeds

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(briefgen.ingest, "ingest_seeds", counted)
    return calls


def build(root: Path, *, force: bool = False) -> BuildReport:
    return Builder(load_config(root)).build(force=force, workers=Workers(jobs=1))


def content_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "content").rglob("*.md")
    }


def test_a_no_change_build_opens_no_seed(
    project: Path, ingests: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every open() of the second build is recorded: none is of a seed."""
    first = build(project)
    assert ingests == [1]
    opened: list[str] = []
    real_open = io.open

    def spy(file: Any, *args: Any, **kw: Any) -> Any:
        opened.append(os.fspath(file) if not isinstance(file, int) else "")
        return real_open(file, *args, **kw)

    real_os_open = os.open

    def os_spy(path: Any, *args: Any, **kw: Any) -> int:
        opened.append(os.fspath(path))
        return real_os_open(path, *args, **kw)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    second = build(project)
    monkeypatch.undo()
    assert not [p for p in opened if p.startswith(str(project / "seeds"))]
    assert ingests == [1]  # the second build did not run ingest
    assert second.seed_errors == ()
    assert (second.articles, second.pages) == (first.articles, first.pages) == (3, first.pages)


def test_an_unreadable_unchanged_seed_is_not_read(project: Path, ingests: list[int]) -> None:
    """(As root chmod cannot stop a read: the open() spy above is the proof there.)"""
    build(project)
    victim = project / "seeds" / "harbour.txt"
    victim.chmod(0)
    try:
        report = build(project)
    finally:
        victim.chmod(0o644)
    assert report.seed_errors == ()
    assert ingests == [1]


def test_a_no_change_build_does_not_import_ingest(project: Path) -> None:
    script = (
        "import json, sys\n"
        "from briefgen.cli import main\n"
        "sys.argv = ['briefgen', '-C', sys.argv[1], 'build', '--jobs', '1']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )

    def modules() -> set[str]:
        result = subprocess.run(
            [sys.executable, "-c", script, str(project)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "ingest: " in result.stderr  # the ingest line is printed either way
        return set(json.loads(result.stdout.splitlines()[-1]))

    assert "briefgen.ingest" in modules()
    second = modules()
    assert not {m for m in second if m == "briefgen.ingest" or m.startswith("briefgen.extract")}


def test_an_edited_seed_is_ingested_again(project: Path, ingests: list[int]) -> None:
    build(project)
    before = content_files(project)
    seed = project / "seeds" / "budget.txt"
    seed.write_text(SEEDS["budget.txt"].replace("two days", "six days"), encoding="utf-8")
    backdate(seed, HOUR_AGO - 60)  # another stamp, yet also well in the past
    build(project)
    assert ingests == [1, 1]
    after = content_files(project)
    assert after.keys() == before.keys()
    assert [p for p in after if after[p] != before[p]] != []
    build(project)
    assert ingests == [1, 1]  # and then it is known again


def test_a_seed_replaced_with_the_same_size_and_time_is_seen(
    project: Path, ingests: list[int]
) -> None:
    """An editor's save by rename gives a new inode, even when size and mtime are kept."""
    build(project)
    seed = project / "seeds" / "harbour.txt"
    info = seed.stat()
    replacement = project / "seeds" / "harbour.new"
    replacement.write_text(SEEDS["harbour.txt"].replace("May", "Jun"), encoding="utf-8")
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, seed)
    assert (seed.stat().st_size, seed.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    build(project)
    assert ingests == [1, 1]


def test_added_and_removed_seeds_run_ingest(project: Path, ingests: list[int]) -> None:
    build(project)
    added = project / "seeds" / "2021" / "strike.txt"
    added.write_text(
        "date 2021-04-09 Dock workers in Antwerp went on strike on Friday over pay.\n",
        encoding="utf-8",
    )
    backdate(added)
    assert build(project).articles == 4
    (project / "seeds" / "harbour.txt").unlink()
    build(project)  # ingest keeps the briefing of a removed seed; it still runs to see that
    assert ingests == [1, 1, 1]
    build(project)
    assert ingests == [1, 1, 1]


def test_a_bad_seed_is_reported_by_every_build(project: Path, ingests: list[int]) -> None:
    bad = project / "seeds" / "bad.txt"
    bad.write_text("no date line here\n", encoding="utf-8")
    backdate(bad)
    assert len(build(project).seed_errors) == 1
    assert len(build(project).seed_errors) == 1
    assert ingests == [1, 1]


def test_a_content_file_deleted_by_hand_is_warned_about_every_time(
    project: Path, ingests: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    build(project)
    build(project)
    assert ingests == [1]
    victim = sorted((project / "content").rglob("*.md"))[0]
    victim.unlink()
    for runs in (2, 3):
        caplog.clear()
        with caplog.at_level("WARNING", logger="briefgen"):
            build(project)
        assert len(ingests) == runs
        assert "deleted by hand, not recreated" in caplog.text


def test_a_registry_edit_runs_ingest(project: Path, ingests: list[int]) -> None:
    build(project)
    registry = project / "content" / "_entities.yaml"
    registry.write_text("aliases:\n  Valetta: Valletta\n", encoding="utf-8")
    backdate(registry)
    build(project)
    assert ingests == [1, 1]


def test_an_interrupted_ingest_runs_ingest(project: Path, ingests: list[int]) -> None:
    build(project)
    (project / ".briefgen" / "ingest.journal").write_bytes(b"")
    build(project)
    assert ingests == [1, 1]
    assert not (project / ".briefgen" / "ingest.journal").exists()


def test_force_runs_ingest(project: Path, ingests: list[int]) -> None:
    build(project)
    build(project, force=True)
    assert ingests == [1, 1]


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b'{"format": 2}', b'{"format": 2, "key": 1, "record": 2, "seeds": 3}'],
)
def test_a_damaged_record_only_means_reading_the_seeds(
    project: Path, ingests: list[int], damage: bytes
) -> None:
    build(project)
    (cache.cache_dir(load_config(project)) / cache.SEEDS_NAME).write_bytes(damage)
    assert build(project).articles == 3
    assert ingests == [1, 1]
    build(project)
    assert ingests == [1, 1]  # recorded anew


def test_a_seed_edited_just_now_is_not_trusted(project: Path, ingests: list[int]) -> None:
    """Edited within RACY_NS of the build, a seed's next edit could keep its mtime."""
    seed = project / "seeds" / "harbour.txt"
    seed.write_text(SEEDS["harbour.txt"], encoding="utf-8")  # mtime: now
    config = load_config(project)
    assert not cache.stamp_seeds(config).trusted
    build(project)
    build(project)
    assert ingests == [1, 1]
    assert not (cache.cache_dir(config) / cache.SEEDS_NAME).exists()


def test_a_linked_seed_is_not_trusted(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(SEEDS["harbour.txt"], encoding="utf-8")
    (project / "seeds" / "linked.txt").symlink_to(outside)
    assert not cache.stamp_seeds(load_config(project)).trusted


def test_stamps_name_seeds_as_the_ingest_record_does(project: Path) -> None:
    build(project)
    config = load_config(project)
    record = json.loads((project / ".briefgen" / "ingest.json").read_bytes())["seeds"]
    assert set(cache.stamp_seeds(config).seeds) == set(record)
    assert set(record) == {"seeds/harbour.txt", "seeds/budget.txt", "seeds/2021/storm.txt"}


def test_the_cache_names_ingest_files_as_ingest_does() -> None:
    assert cache.INGEST_RECORD == briefgen.ingest.STATE_NAME
    assert cache.INGEST_JOURNAL == briefgen.ingest.JOURNAL_NAME
    assert briefgen.ingest.STATE_DIR == ".briefgen"
