#!/usr/bin/env python3
"""Time `briefgen ingest` against an older tree, runs alternated, and diff what both wrote.

    git worktree add --detach /tmp/ingest-base main
    .venv/bin/python bench/ingest.py --base /tmp/ingest-base              # the 293 Wikinews seeds
    .venv/bin/python bench/ingest.py --base /tmp/ingest-base --seeds 10000 --runs 1
    .venv/bin/python bench/ingest.py --profile 40                          # cProfile, --jobs 1
    .venv/bin/python bench/ingest.py --seeds 10000 --jobs 2 --phases       # who is busy when

The seeds are the Wikinews corpus as a user would make them (../shared/tools/wikinews_to_seeds.py),
or with `--seeds N` the corpus cycled into N dated seeds (bench/compare.py's generator). Each run
ingests into a fresh project with `--jobs J` (default 1, so the figures are CPU per seed); wall
and CPU seconds of the child are printed per run, with the median ratio this tree / base. After
the runs the content/ trees and ingest records both trees wrote are compared byte for byte, and
any difference is listed: a speed change must not change a single content file.
"""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import itertools
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "corpora" / "wikinews" / "articles.jsonl"
TO_SEEDS = SHARED / "tools" / "wikinews_to_seeds.py"
sys.path.insert(0, str(ROOT))


def write_seeds(seeds_dir: Path, count: int) -> None:
    """The Wikinews seeds (COUNT 0) or COUNT seeds cycled from the corpus into SEEDS_DIR."""
    if not ARTICLES.is_file():
        sys.exit(f"this benchmark needs the corpus at {ARTICLES}")
    if count:
        from bench.compare import make_seeds

        make_seeds(seeds_dir, count)
        return
    seeds_dir.mkdir(parents=True)
    subprocess.run(
        [sys.executable, str(TO_SEEDS), str(ARTICLES), str(seeds_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_project(folder: Path, seeds: Path) -> Path:
    """A fresh project in FOLDER holding a copy of the SEEDS folder."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "briefgen.yaml").write_text("title: Bench\n", encoding="utf-8")
    shutil.copytree(seeds, folder / "seeds")
    return folder


def run_ingest(tree: Path, project: Path, jobs: int) -> tuple[float, float]:
    """Ingest PROJECT with the briefgen of TREE: (wall seconds, CPU seconds of the child)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefgen", "-q", "-C", str(project), "ingest", "--jobs", str(jobs)],
        check=True,
        env=env,
        cwd=project,  # not this checkout: `-m` puts the working folder first on sys.path
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    print(f"  user {user:.2f} s, system {system:.2f} s", flush=True)
    return wall, user + system


def differences(mine: Path, theirs: Path) -> list[str]:
    """Files that differ or exist on one side only, under content/ and .briefgen/ingest.json."""
    out: list[str] = []
    for sub in ("content",):
        a_files = {p.relative_to(mine) for p in (mine / sub).rglob("*") if p.is_file()}
        b_files = {p.relative_to(theirs) for p in (theirs / sub).rglob("*") if p.is_file()}
        out += [f"only in this tree: {p}" for p in sorted(a_files - b_files)]
        out += [f"only in base: {p}" for p in sorted(b_files - a_files)]
        out += [
            f"differs: {p}"
            for p in sorted(a_files & b_files)
            if not filecmp.cmp(mine / p, theirs / p, shallow=False)
        ]
    record = Path(".briefgen") / "ingest.json"
    if (mine / record).read_bytes() != (theirs / record).read_bytes():
        out.append(f"differs: {record}")
    return out


def profile(project: Path, top: int) -> None:
    """Ingest PROJECT in this process under cProfile and print the top functions."""
    from briefgen.config import load_config
    from briefgen.ingest import ingest_seeds
    from briefgen.parallel import Workers

    config = load_config(project)
    profiler = cProfile.Profile()
    profiler.enable()
    ingest_seeds(config, workers=Workers(jobs=1))
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def phases(project: Path, jobs: int) -> None:
    """Ingest PROJECT in this process and print each phase's wall time and CPU time, of this
    process (the parent) and of its workers: whether the parent or the pool is the limit."""
    import briefgen.ingest as ingest
    from briefgen.config import load_config
    from briefgen.parallel import Workers

    marks: list[tuple[str, float, float, float]] = []

    def mark(name: str) -> None:
        me = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # counted once reaped
        cpu, pool = me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime
        marks.append((name, time.perf_counter(), cpu, pool))

    extract, index, save = ingest.extract_seeds, ingest.SiteNames.index_names, ingest._save_state

    def timed_extract(*args: Any, **kwargs: Any) -> Any:
        mark("read and plan")
        out = extract(*args, **kwargs)
        mark("extract")
        return out

    def timed_index(self: Any) -> None:
        index(self)
        mark("index names")

    def timed_save(*args: Any) -> None:
        mark("render + write")
        save(*args)
        mark("save record")

    ingest.extract_seeds = timed_extract  # type: ignore[assignment]
    ingest.SiteNames.index_names = timed_index  # type: ignore[method-assign]
    ingest._save_state = timed_save  # type: ignore[assignment]
    config = load_config(project)
    mark("start")
    ingest.ingest_seeds(config, workers=Workers(jobs=jobs))
    print(f"--jobs {jobs}, load {os.getloadavg()[0]:.1f}")
    total = ("total", *marks[-1][1:])
    for (_, wall0, cpu0, pool0), (name, wall1, cpu1, pool1) in [
        *itertools.pairwise(marks),
        (marks[0], total),
    ]:
        print(
            f"{name:14} {wall1 - wall0:7.2f} s wall {cpu1 - cpu0:7.2f} s parent CPU "
            f"{pool1 - pool0:7.2f} s workers CPU"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="an older checkout to compare against")
    parser.add_argument("--seeds", type=int, default=0, help="N cycled seeds (0: the 293 seeds)")
    parser.add_argument("--runs", type=int, default=3, help="alternated runs per tree")
    parser.add_argument("--jobs", type=int, default=1, help="ingest --jobs")
    parser.add_argument("--profile", type=int, default=0, help="profile, print top N functions")
    parser.add_argument("--phases", action="store_true", help="time each phase, in process")
    parser.add_argument("--keep", type=Path, help="leave the projects in this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = args.keep or Path(tmp)
        seeds = work / "seeds"
        if seeds.exists():
            shutil.rmtree(seeds)
        write_seeds(seeds, args.seeds)
        count = sum(1 for _ in seeds.rglob("*.txt"))
        if args.profile:
            profile(make_project(work / "profiled", seeds), args.profile)
            return
        if args.phases:
            phases(make_project(work / "phased", seeds), args.jobs)
            return
        trees = [("this tree", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in trees}
        for run in range(args.runs):
            for label, tree in trees if run % 2 == 0 else trees[::-1]:
                project = make_project(work / label.replace(" ", "-"), seeds)
                wall, cpu = run_ingest(tree, project, args.jobs)
                times[label].append((wall, cpu))
                print(
                    f"run {run + 1} {label:9}: {wall:6.2f} s wall {cpu:6.2f} s CPU "
                    f"({count / cpu:.0f} seeds per CPU-second), load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        for label, _ in trees:
            walls = [w for w, _ in times[label]]
            cpus = [c for _, c in times[label]]
            print(
                f"{label:9}: median {statistics.median(walls):.2f} s wall, "
                f"{statistics.median(cpus):.2f} s CPU, {count} seeds, --jobs {args.jobs}"
            )
        if args.base:
            ratios = [a[1] / b[1] for a, b in zip(times["this tree"], times["base"], strict=True)]
            wall_ratios = [
                a[0] / b[0] for a, b in zip(times["this tree"], times["base"], strict=True)
            ]
            print(
                f"this tree / base: CPU {statistics.median(ratios):.2f} "
                f"(runs {', '.join(f'{r:.2f}' for r in ratios)}), "
                f"wall {statistics.median(wall_ratios):.2f}"
            )
            diff = differences(work / "this-tree", work / "base")
            print(
                "content/ and ingest.json: byte-identical"
                if not diff
                else "DIFFERENCES:\n  " + "\n  ".join(diff[:50])
            )
            if diff:
                sys.exit(1)


if __name__ == "__main__":
    main()
