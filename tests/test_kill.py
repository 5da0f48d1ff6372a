"""SIGKILL at random moments: site/ is always the whole old or the whole new site, and a
rerun cleans up and equals an uninterrupted run (tests/test_kill_ingest.py does ingest).

Each run is a forked child of the test process (modules and extraction data already
loaded, so a run is short and the kill lands inside the real work), killed with SIGKILL
after a random delay drawn from a seeded generator.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.frontmatter import dump

pytestmark = pytest.mark.slow

REPO_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KILLS = 25  # per stage: 50 in all with tests/test_kill_ingest.py
WORDS = "harbour council vote storm bridge ferry budget summit talks court market".split()


def run_killed(work: Callable[[], object], delay: float) -> bool:
    """Run WORK in a forked child and SIGKILL it after DELAY s; True if it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: do the work, then leave without running pytest's cleanup
        code = 0
        try:
            work()
        except BaseException:
            code = 1
        os._exit(code)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert killed or os.WEXITSTATUS(status) == 0, "the run failed by itself"
    return killed


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def debris(root: Path) -> list[str]:
    """Staging folders, backups and temporary files anywhere in the project."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob(".*")
        if ".staging-" in p.name or ".previous-" in p.name or p.name.endswith(".tmp")
    )


def write_content(folder: Path, variant: str, count: int = 24) -> None:
    """COUNT briefings; variant B retitles every one, so most pages of the site change."""
    rng = random.Random(5)
    shutil.rmtree(folder, ignore_errors=True)
    for index in range(count):
        date = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(400))
        data = {
            "title": f"{variant} {' '.join(rng.choices(WORDS, k=5))} {index}",
            "date": date,
            "summary": " ".join(rng.choices(WORDS, k=20)) + ".",
            "actors": sorted({f"Person {rng.randrange(30)}" for _ in range(3)}),
            "locations": sorted({f"Town {rng.randrange(12)}" for _ in range(2)}),
            "tags": sorted({rng.choice(WORDS) for _ in range(2)}),
        }
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=60)) + "." for _ in range(5))
        path = folder / str(date.year) / f"brief-{index:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data, body), encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_killed_builds_leave_the_old_or_the_new_site(tmp_path: Path, jobs: int) -> None:
    # With 2 jobs, forked workers write into the reserve: killing the build kills them too.
    # 48 briefings: enough for the pool to read and render them in workers (parallel.py).
    count = 24 if jobs == 1 else 48
    root = tmp_path / "p"
    root.mkdir()
    (root / "briefgen.yaml").write_text('title: K\nbase_url: "https://example.org/k/"\n')
    references = {}
    for variant in ("A", "B"):
        write_content(root / "content", variant, count)
        build_site(load_config(root, {"output_dir": tmp_path / f"ref{variant}"}), jobs=1)
        references[variant] = tree(tmp_path / f"ref{variant}")
    assert references["A"] != references["B"]
    site = root / "site"
    write_content(root / "content", "A", count)
    build_site(load_config(root), jobs=jobs)
    current = "A"
    duration = timed(lambda: build_site(load_config(root), jobs=jobs))
    rng = random.Random(12)
    killed = 0
    for number in range(KILLS):
        target = "B" if current == "A" else "A"
        write_content(root / "content", target, count)
        killed += run_killed(
            lambda: build_site(load_config(root), jobs=jobs), rng.uniform(0, duration * 1.2)
        )
        now = tree(site)
        assert now in (references[current], references[target]), f"kill {number}: mixed site"
        if number % 3 == 2:  # let the next kill meet the debris of this one now and then
            build_site(load_config(root), jobs=jobs)
            assert tree(site) == references[target], f"kill {number}: rerun differs"
            assert debris(root) == [], f"kill {number}: debris after the rerun"
            current = target
        else:
            current = target if now == references[target] else current
            write_content(root / "content", current, count)
    build_site(load_config(root), jobs=jobs)
    assert debris(root) == []
    assert killed >= KILLS * 2 // 3, f"only {killed} of {KILLS} runs were killed mid-way"
