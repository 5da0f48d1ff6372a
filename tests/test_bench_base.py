"""The bench scripts' `--base` runs the other checkout's briefgen, not this one.

`python -m briefgen` puts the working folder first on sys.path, ahead of PYTHONPATH: run
from this checkout, a "base" run imported this checkout's code, and every ratio against
the base came out near 1.00 whatever had changed (bench/ingest.py and bench/realtext.py
did so; bench/build.py's cold_run had it mended first).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import load_bench

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake_tree(tmp_path: Path) -> Path:
    """A checkout whose briefgen only leaves a mark in the folder it was run on."""
    package = tmp_path / "tree" / "briefgen"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text(
        "import pathlib, sys\n"
        "root = pathlib.Path(sys.argv[sys.argv.index('-C') + 1])\n"
        "(root / 'ran-by').write_text(__file__)\n",
        encoding="utf-8",
    )
    return tmp_path / "tree"


def test_bench_ingest_runs_the_base_tree(
    fake_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(ROOT)  # as the bench is run: from this checkout
    load_bench("ingest").run_ingest(fake_tree, project, 1)
    assert (project / "ran-by").read_text().startswith(str(fake_tree))


def test_bench_build_cold_run_runs_the_base_tree(
    fake_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(ROOT)
    load_bench("build").cold_run(fake_tree, project, None)
    assert (project / "ran-by").read_text().startswith(str(fake_tree))
