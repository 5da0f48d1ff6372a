"""SIGKILL at random moments during ingest: the rerun writes exactly what an uninterrupted
run writes, reports nothing as edited by hand, and leaves no journal or temporary file.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.ingest import ingest_seeds, journal_path, state_path
from tests.test_kill import KILLS, REPO_SEEDS, debris, run_killed, timed, tree

pytestmark = pytest.mark.slow


def test_killed_ingests_rerun_to_what_an_uninterrupted_run_writes(tmp_path: Path) -> None:
    seeds = sorted(REPO_SEEDS.glob("*.txt"))[:10]

    def project(name: str) -> Path:
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        (root / "briefgen.yaml").write_text("title: K\n")
        for seed in seeds:
            shutil.copy(seed, root / "seeds" / seed.name)
        return root

    def edit(root: Path) -> None:
        for seed in sorted((root / "seeds").glob("*.txt")):
            seed.write_text(seed.read_text() + "\nA later paragraph about the harbour.\n")

    def state(root: Path) -> dict[str, bytes]:
        files = tree(root / "content")
        files["ingest.json"] = state_path(load_config(root)).read_bytes()
        return files

    # Load the gazetteers and lexicons first: the killed runs are forks of this warm process,
    # so a cold first run would time the loading and most kills would come too late.
    ingest_seeds(load_config(project("warm")))
    reference = project("ref")
    duration = timed(lambda: ingest_seeds(load_config(reference)))
    first = state(reference)
    edit(reference)
    duration = max(duration, timed(lambda: ingest_seeds(load_config(reference))))
    second = state(reference)

    rng = random.Random(34)
    killed = 0
    for number in range(KILLS):
        root = project(f"p{number}")
        expected = first
        if number % 2:  # half the kills hit a re-ingest of edited seeds
            ingest_seeds(load_config(root))
            edit(root)
            expected = second
        config = load_config(root)
        killed += run_killed(lambda c=config: ingest_seeds(c), rng.uniform(0, duration))
        report = ingest_seeds(load_config(root))
        assert report.kept == () and report.warnings == (), f"kill {number}: {report.warnings}"
        assert state(root) == expected, f"kill {number}: rerun differs"
        assert debris(root) == [] and not journal_path(load_config(root)).exists()
        shutil.rmtree(root)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed mid-way"
