"""bench/features.py --stages: CPU time by stage of one-process builds, features on and off.

The stages are found by wrapping functions by name in the child process; a renamed stage
would silently drop out of the table (or the relations be timed while switched off), so
one real small build of each variant checks what the table holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import require
from site_support import load_bench

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_stage_run_times_the_features_only_when_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = load_bench("features")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the bytecode folder of installed_env
    project = tmp_path / "project"
    project.mkdir()
    features.make_project(project, 30)
    features._add_places(project)
    config = (project / "briefgen.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)  # as the bench is run: from this checkout

    features._set_search(project, "builtin", config)
    on = features.stage_run(ROOT, project, off=False)
    assert (project / "site" / "search" / "index" / "meta.json").is_file()
    features._set_search(project, "off", config)
    off = features.stage_run(ROOT, project, off=True)
    assert not (project / "site" / "search" / "index").exists()

    for stage in ("_read_content", "assemble_site", "write_output", "render ArticlePage"):
        assert stage in on and stage in off, stage
    assert on["build_index"] > 0 and "build_index" not in off
    assert "  of which relate_site" in on and "  of which relate_site" not in off
    # Every stage is a part of the process's CPU time.
    assert on["assemble_site"] + on["build_index"] < on["whole process"]


def test_instruction_count_reads_cachegrind_summary() -> None:
    features = load_bench("features")
    report = (
        "==4711== Cachegrind, a cache and branch-prediction profiler\n"
        "==4711== \n"
        "==4711== I   refs:      87,140,211,542\n"
    )
    assert features.instruction_count(report) == 87_140_211_542
    with pytest.raises(SystemExit, match="no single instruction count"):
        features.instruction_count("==4711== valgrind: failed to start tool\n")


def test_counted_run_without_valgrind_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = load_bench("features")
    monkeypatch.setattr(features.shutil, "which", lambda _name: None)
    with pytest.raises(SystemExit, match="apt-get install valgrind"):
        features.counted_run(ROOT, tmp_path, "on")


@pytest.mark.slow
def test_counted_run_counts_what_the_features_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two real builds under valgrind: the features are counted in the `on` build only."""
    require(
        shutil.which("valgrind") is not None, "valgrind (the README's test command installs it)"
    )
    features = load_bench("features")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    project = tmp_path / "project"
    project.mkdir()
    features.make_project(project, 20)
    features._add_places(project)
    config = (project / "briefgen.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)

    features._set_search(project, "builtin", config)
    on = features.counted_run(ROOT, project, "on")
    assert (project / "site" / "search" / "index" / "meta.json").is_file()
    features._set_search(project, "off", config)
    off = features.counted_run(ROOT, project, "off")
    assert not (project / "site" / "search" / "index").exists()
    # A Python start-up alone is tens of millions of instructions; a build, more than a billion.
    assert 10**8 < off < on
