#!/usr/bin/env python3
"""Cold builds of the real-text site: wall, CPU, memory of every process, files and bytes by kind.

    .venv/bin/python bench/realtext.py --project /tmp/real10k               # made once, then reused
    .venv/bin/python bench/realtext.py --project /tmp/real10k --base /tmp/base-checkout --runs 2

The project is 10,255 seeds made from the Wikinews corpus (bench/compare.py's `make_seeds`:
each article 35 times over five years), ingested once with this tree into PROJECT when it has
no content/ yet. Each run is `briefgen build --no-ingest` in its own process with no site/ and
no build cache (a cold build), with this tree and, given --base, an older checkout, the two
alternated so that load on this shared machine hits both alike. Reported per run: wall and CPU
seconds of the process tree; the peak RSS of each briefgen process (VmHWM: the main one, the
render workers, the search index's); the peak of the summed PSS of the tree, which counts a
page shared by forked workers once; and the site's files and bytes by page kind. With --base
the two sites are compared file by file at the end.
"""

from __future__ import annotations

import argparse
import collections
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = 10_255
"""293 Wikinews articles, 35 times each."""
TAXONOMY_FOLDERS = ("actors", "locations", "tags")


@dataclass
class Run:
    """One cold build."""

    wall: float = 0.0
    cpu: float = 0.0
    peaks: dict[int, int] = field(default_factory=dict)
    """pid → peak RSS (kB, VmHWM) of each process of the build."""
    pss: int = 0
    """Peak of the tree's summed PSS, kB."""


def make_real_project(project: Path) -> None:
    """Seeds and one ingest into PROJECT, unless it already has content/."""
    if (project / "content").is_dir():
        return
    from bench.compare import make_seeds

    project.mkdir(parents=True, exist_ok=True)
    (project / "briefgen.yaml").write_text("title: Real text\n", encoding="utf-8")
    if not (project / "seeds").is_dir():
        make_seeds(project / "seeds", SEEDS)
    print(f"ingesting {SEEDS} seeds into {project} (once)", flush=True)
    subprocess.run(
        [sys.executable, "-m", "briefgen", "-q", "-C", str(project), "ingest"],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                for child in handle.read().split():
                    found += _tree(int(child))
    except OSError:
        pass
    return found


def _field(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def cold_build(tree: Path, project: Path) -> Run:
    """A cold `briefgen build --no-ingest` of PROJECT with the briefgen of TREE."""
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".briefgen" / "cache", ignore_errors=True)
    run = Run()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "-q", "-C", str(project), "build", "--no-ingest"],
        env={**os.environ, "PYTHONPATH": str(tree)},
        cwd=project,  # not this checkout: `-m` puts the working folder first on sys.path
        stderr=subprocess.DEVNULL,
    )

    def sample() -> None:
        rounds = 0
        while proc.poll() is None:
            pids = _tree(proc.pid)
            for pid in pids:
                peak = _field(f"/proc/{pid}/status", "VmHWM")
                run.peaks[pid] = max(peak, run.peaks.get(pid, 0))
            if rounds % 4 == 0:  # smaps_rollup costs more than status
                run.pss = max(run.pss, sum(_field(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
            rounds += 1
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    sampler.join()
    if code:
        sys.exit(f"the build with {tree} failed ({code})")
    run.wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return run


def page_kind(parts: tuple[str, ...]) -> str:
    """The kind of the site file at PARTS (its path split into folders)."""
    if parts[0] in TAXONOMY_FOLDERS:
        if parts[-1] == "feed.xml":
            return f"{parts[0]} feeds"
        return f"{parts[0]} pages" if len(parts) > 2 else f"{parts[0]} index"
    if parts[0].isdigit():
        return {5: "briefings", 4: "day pages"}.get(len(parts), "month and year pages")
    if parts[0] == "page":
        return "home pages 2…"
    return parts[0] if len(parts) > 1 else "top-level files"


def site_bytes(site: Path) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(files, bytes) of SITE by page kind."""
    files: collections.Counter[str] = collections.Counter()
    sizes: collections.Counter[str] = collections.Counter()
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            kind = page_kind(path.relative_to(site).parts)
            files[kind] += 1
            sizes[kind] += path.stat().st_size
    return files, sizes


def site_differences(mine: Path, theirs: Path) -> list[str]:
    """Site files that differ or exist on one side only."""
    a = {p.relative_to(mine) for p in mine.rglob("*") if p.is_file()}
    b = {p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file()}
    out = [f"only in this tree: {p}" for p in sorted(a - b)]
    out += [f"only in base: {p}" for p in sorted(b - a)]
    out += [
        f"differs: {p}"
        for p in sorted(a & b)
        if not filecmp.cmp(mine / p, theirs / p, shallow=False)
    ]
    return out


def report(label: str, run: Run) -> None:
    peaks = sorted(run.peaks.values(), reverse=True)
    shown = ", ".join(f"{p / 1024:.0f}" for p in peaks[:5])
    print(
        f"{label:9}: {run.wall:6.1f} s wall {run.cpu:6.1f} s CPU, peak RSS by process "
        f"{shown} MB, peak PSS of all {run.pss / 1024:.0f} MB, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="made here once, then reused")
    parser.add_argument("--base", type=Path, help="an older checkout to alternate with")
    parser.add_argument("--runs", type=int, default=1, help="cold builds per tree")
    args = parser.parse_args()
    project = args.project.resolve()
    make_real_project(project)
    trees = [("this tree", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    sites: dict[str, Path] = {}
    for number in range(args.runs):
        for label, tree in trees if number % 2 == 0 else trees[::-1]:
            report(label, cold_build(tree, project))
            if args.base and number == args.runs - 1:
                kept = project.parent / f"{project.name}-site-{label.replace(' ', '-')}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(project / "site", kept)
                sites[label] = kept
    files, sizes = site_bytes(project / "site")
    print(f"site: {sum(files.values()):,} files, {sum(sizes.values()) / 1e6:.1f} MB")
    for kind, size in sizes.most_common():
        print(f"  {kind:22} {files[kind]:7,} files {size / 1e6:8.1f} MB")
    if len(sites) == 2:
        diff = site_differences(sites["this tree"], sites["base"])
        print(
            "the two sites are byte-identical"
            if not diff
            else "SITES DIFFER:\n  " + "\n  ".join(diff[:20])
        )


if __name__ == "__main__":
    main()
