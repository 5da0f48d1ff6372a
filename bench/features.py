"""Benchmark what issue 10's features add to a cold build: search and the briefing relations.

    .venv/bin/python bench/features.py --articles 1000 --articles 10000 [--rounds 3]
        [--split] [--base CHECKOUT] [--jobs N]
    .venv/bin/python bench/features.py --articles 10000 --stages [--rounds 3] [--base CHECKOUT]
    .venv/bin/python bench/features.py --articles 1000 --instructions [--base CHECKOUT]

Cold CLI builds (`python -m briefgen -q -C P build --no-ingest`, no site/ and no
.briefgen/ beforehand: bench/build.py's `cold_run`) of bench/build.py's generated project,
with a country and coordinates for every place (bench/relations.py's `_add_places`) so that
the maps are drawn. Two variants run in alternation, round after round, so drifting load
hits both alike:

- `on`: the default build (`search: builtin`, related briefings, threads, term profiles,
  timelines and maps);
- `off`: `search: off`, and `relate_site` patched to give nothing (bench/relations.py's
  FEATURES_OFF, run before the CLI's `main`): no related list, thread, profile, timeline,
  map or world.svg is made or rendered. Only the bench switches them off.

`--project DIR` keeps the generated projects in DIR/<count> and reuses them (making one
of 10,000 takes minutes on a busy disk). `--split` adds `search only` (relations off) and
`relations only` (search off), to see which half costs what; `--base CHECKOUT` adds the same `on` and `off` builds by another checkout
(e.g. `git worktree add --detach /tmp/features-base main`). `--serial` runs every build in
one process (`--jobs 1`, and the builtin index made in that process instead of a forked
one): its CPU time is the steadiest measure of what the features cost, free of the
swelling that processes sharing two cores and their caches add.

`--stages` asks where the features' time goes instead: every build runs in one process
(as `--serial`) with CPU time (`time.process_time`) taken around its stages (reading,
assembly, the relations within it, the builtin index, the rendering of each kind of
page, writing, the build cache), and prints each stage's median CPU time on and off and
the difference, so that the largest costs are seen before any is cut.

`--instructions` counts instead of timing: each build runs in one process (as `--serial`)
under valgrind's cachegrind (`apt-get install valgrind`; no cache simulation), which
counts the instructions the CPU executes. The count does not swell with the machine's
load or vary from run to run by more than a few in ten thousand, so one round of `on`
and `off` settles what the features cost on a machine whose times are too noisy to
settle a 15% budget. It is about 30 times slower than a build (minutes at 1,000
briefings, half an hour at 10,000).

Prints, per size and variant, the medians of wall time, CPU time (user + system of the
whole process tree) and peak RSS (the largest process), then what the features add to the
`off` build (medians, and the least CPU time of each variant's runs, steadier on a busy
machine), with the load average. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from build import (  # noqa: E402  (bench/build.py)
    cold_run,
    installed_env,
    make_cold,
    make_project,
    warm_bytecode,
)
from relations import FEATURES_OFF, _add_places  # noqa: E402  (bench/relations.py)

_CLI = ("-m", "briefgen")
_RELATIONS_OFF = ("-c", FEATURES_OFF + "\nfrom briefgen.cli import main\nmain()\n")
# --serial: the whole build in one process (`--jobs 1`, and the builtin index made in it
# rather than in a forked process), so that CPU time is not swollen by processes sharing
# cores and caches: the steadiest measure of what the features cost.
_ONE_PROCESS = "import briefgen.search\nbriefgen.search._fork_context = lambda: None\n"
_SERIAL = {
    "on": ("-c", _ONE_PROCESS + "from briefgen.cli import main\nmain()\n"),
    "off": ("-c", _ONE_PROCESS + FEATURES_OFF + "\nfrom briefgen.cli import main\nmain()\n"),
    "search only": (
        "-c",
        _ONE_PROCESS + FEATURES_OFF + "\nfrom briefgen.cli import main\nmain()\n",
    ),
    "relations only": ("-c", _ONE_PROCESS + "from briefgen.cli import main\nmain()\n"),
}
# name → (search setting, runner); the name's first word says which checkout runs it.
_VARIANTS = {
    "on": ("builtin", _CLI),
    "off": ("off", _RELATIONS_OFF),
}
_SPLIT = {
    "search only": ("builtin", _RELATIONS_OFF),
    "relations only": ("off", _CLI),
}

Figures = tuple[float, float, float]  # wall s, user+sys s, peak RSS MB

# --stages: run in the child before the CLI's `main`. CPU time of this process around
# each stage function that the checkout has (an older one may lack some), summed by stage
# (`render` by the class of the page), written as JSON to $BENCH_STAGES_OUT at exit.
_STAGES = """
import atexit, json, os, time
from collections import defaultdict
import briefgen.assemble, briefgen.build, briefgen.cache, briefgen.output
import briefgen.render, briefgen.search
briefgen.search._fork_context = lambda: None
spent = defaultdict(float)
def timed(owner, name, label=None):
    inner = getattr(owner, name, None)
    if inner is None:
        return
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            stage = label(*args) if label else name
            spent[stage] += time.process_time() - started
    setattr(owner, name, run)
timed(briefgen.build, "_read_content")
timed(briefgen.assemble, "assemble_site")
timed(briefgen.search, "build_index")
timed(briefgen.render, "render_page", lambda page, *_: "render " + type(page).__name__)
timed(briefgen.output, "write_output")
timed(briefgen.cache.BuildCache, "save", lambda *_: "cache save")
def done():
    spent["whole process"] = time.process_time()
    with open(os.environ["BENCH_STAGES_OUT"], "w", encoding="utf-8") as out:
        json.dump(spent, out)
atexit.register(done)
"""
# Timed inside assembly (`relate_site` is looked up there when it runs): set after
# FEATURES_OFF, which replaces it, so that only the real one is timed.
_RELATIONS_TIMED = 'timed(briefgen.assemble, "relate_site", lambda *_: "  of which relate_site")\n'


def stage_run(checkout: Path, project: Path, off: bool) -> dict[str, float]:
    """One cold `--jobs 1` build of PROJECT by CHECKOUT in one process: CPU s by stage."""
    make_cold(project)
    code = _STAGES + (FEATURES_OFF if off else _RELATIONS_TIMED)
    code += "from briefgen.cli import main\nmain()\n"
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**installed_env(checkout), "BENCH_STAGES_OUT": out.name}
        argv = [sys.executable, "-c", code, "-q", "-C", str(project), "build", "--no-ingest"]
        # Run in the project, not here (see bench/build.py's cold_run).
        done = subprocess.run(
            [*argv, "--jobs", "1"], env=env, cwd=project, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"stage run failed in {checkout}:\n{done.stderr.decode()}")
        spent: dict[str, float] = json.loads(Path(out.name).read_text(encoding="utf-8"))
    return spent


def bench_stages(count: int, rounds: int, base: Path | None, kept: Path | None) -> None:
    """Alternate on and off builds (and BASE's) ROUNDS times; print CPU s by stage."""
    checkouts = {"": ROOT, **({"base ": base.resolve()} if base is not None else {})}
    for checkout in checkouts.values():
        warm_bytecode(checkout)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        project = _bench_project(count, Path(tmp) if kept is None else kept / str(count))
        base_config = _base_config(project)
        runs: dict[str, list[dict[str, float]]] = {}
        for _round in range(rounds):
            for prefix, checkout in checkouts.items():
                for variant, search in (("on", "builtin"), ("off", "off")):
                    _set_search(project, search, base_config)
                    spent = stage_run(checkout, project, off=variant == "off")
                    runs.setdefault(prefix + variant, []).append(spent)
        print(f"\n{count} articles, {rounds} rounds, one process: median CPU s by stage")
        for prefix in checkouts:
            on, off = runs[prefix + "on"], runs[prefix + "off"]
            stages = sorted({name for run in on + off for name in run})

            def median(found: list[dict[str, float]], name: str) -> float:
                return statistics.median(run.get(name, 0.0) for run in found)

            rows = [(name, median(on, name), median(off, name)) for name in stages]
            rows.sort(key=lambda row: (row[0] == "whole process", -(row[1] - row[2])))
            print(f"{prefix or 'this '}{'stage':<32} {'on':>7} {'off':>7} {'added':>7}")
            for name, cpu_on, cpu_off in rows:
                print(f"     {name:<32} {cpu_on:7.2f} {cpu_off:7.2f} {cpu_on - cpu_off:+7.2f}")


# The summary line of `valgrind --tool=cachegrind`: "==1234== I   refs:      87,140,211,542".
_INSTRUCTIONS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)$", re.MULTILINE)


def instruction_count(report: str) -> int:
    """The instructions counted in REPORT, cachegrind's standard error (one process)."""
    found = _INSTRUCTIONS.findall(report)
    if len(found) != 1:
        raise SystemExit(f"no single instruction count in cachegrind's report:\n{report}")
    return int(found[0].replace(",", ""))


def counted_run(checkout: Path, project: Path, variant: str) -> int:
    """The instructions of one cold one-process build of PROJECT by CHECKOUT (VARIANT "on"
    or "off", as `--serial`), counted by valgrind's cachegrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind: apt-get install valgrind")
    make_cold(project)
    warm_bytecode(checkout)
    with tempfile.NamedTemporaryFile(suffix=".cachegrind") as out:
        argv = [
            valgrind,
            "--tool=cachegrind",
            "--cache-sim=no",
            f"--cachegrind-out-file={out.name}",
            sys.executable,
            *_SERIAL[variant],
            *("-q", "-C", str(project), "build", "--no-ingest", "--jobs", "1"),
        ]
        # Run in the project, not here (see bench/build.py's cold_run).
        done = subprocess.run(
            argv, env=installed_env(checkout), cwd=project, capture_output=True, check=False
        )
    report = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise SystemExit(f"counted build failed in {checkout}:\n{report}")
    return instruction_count(report)


def bench_instructions(count: int, base: Path | None, kept: Path | None) -> None:
    """Count the instructions of an on and an off build (and BASE's); print what the
    features add."""
    checkouts = {"": ROOT, **({"base ": base.resolve()} if base is not None else {})}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        project = _bench_project(count, Path(tmp) if kept is None else kept / str(count))
        base_config = _base_config(project)
        print(f"\n{count} articles, one process, instructions (cachegrind)")
        for prefix, checkout in checkouts.items():
            counted: dict[str, int] = {}
            for variant, search in (("on", "builtin"), ("off", "off")):
                _set_search(project, search, base_config)
                counted[variant] = counted_run(checkout, project, variant)
                print(f"{prefix}{variant:<8} {counted[variant] / 1e9:8.2f} G", flush=True)
            added = counted["on"] - counted["off"]
            print(
                f"{prefix}features add {added / 1e9:.2f} G: {added / counted['off']:+.1%} of the "
                f"build without them, {added / counted['on']:.1%} of the build with them"
            )


def _bench_project(count: int, project: Path) -> Path:
    """PROJECT, made with COUNT briefings and places with coordinates unless it has them."""
    if not (project / "content").is_dir():  # a kept project is made once
        project.mkdir(parents=True, exist_ok=True)
        make_project(project, count)
        _add_places(project)
    return project


def _base_config(project: Path) -> str:
    """PROJECT's briefgen.yaml without the lines `_set_search` writes."""
    lines = (project / "briefgen.yaml").read_text(encoding="utf-8").splitlines(True)
    return "".join(x for x in lines if not x.startswith(("page_size:", "search:")))


def _set_search(project: Path, search: str, base_config: str) -> None:
    (project / "briefgen.yaml").write_text(
        base_config + f"page_size: 20\nsearch: {search}\n", encoding="utf-8"
    )


def bench_size(
    count: int,
    rounds: int,
    split: bool,
    base: Path | None,
    jobs: int | None,
    kept: Path | None,
    serial: bool = False,
) -> None:
    """Alternate the variants' cold builds of a COUNT-briefing project ROUNDS times.

    With KEPT, the project is KEPT/COUNT, made there on the first run and reused after.
    SERIAL runs each build in one process (see `_SERIAL`).
    """
    specs = {**_VARIANTS, **(_SPLIT if split else {})}
    if serial:
        specs = {name: (search, _SERIAL[name]) for name, (search, _) in specs.items()}
        jobs = 1
    variants = {name: (ROOT, *spec) for name, spec in specs.items()}
    if base is not None:
        variants.update({f"base {name}": (base.resolve(), *specs[name]) for name in _VARIANTS})
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        project = _bench_project(count, Path(tmp) if kept is None else kept / str(count))
        base_config = _base_config(project)
        figures: dict[str, list[Figures]] = {name: [] for name in variants}
        loads: list[float] = []
        started = time.perf_counter()
        for _round in range(rounds):
            for name, (checkout, search, runner) in variants.items():
                _set_search(project, search, base_config)
                figures[name].append(cold_run(checkout, project, jobs, runner))
                loads.append(os.getloadavg()[0])
        medians = {
            name: tuple(statistics.median(run[i] for run in runs) for i in range(3))
            for name, runs in figures.items()
        }
        print(
            f"\n{count} articles, {rounds} rounds, jobs {jobs or 'default'}"
            f"{', one process' if serial else ''}, load average "
            f"{min(loads):.1f}-{max(loads):.1f} [{time.perf_counter() - started:.0f} s]"
        )
        print(f"{'variant':<20} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}  wall / CPU of each run")
        for name, (wall, cpu, peak) in medians.items():
            runs = ", ".join(f"{run[0]:.2f}/{run[1]:.2f}" for run in figures[name])
            print(f"{name:<20} {wall:8.2f} {cpu:8.2f} {peak:8.0f}  {runs}")
        for prefix in ("", "base ") if base is not None else ("",):
            on, off = medians[f"{prefix}on"], medians[f"{prefix}off"]
            print(
                f"{prefix}features add: wall {on[0] - off[0]:+.2f} s "
                f"({(on[0] - off[0]) / off[0]:+.1%}), CPU {on[1] - off[1]:+.2f} s "
                f"({(on[1] - off[1]) / off[1]:+.1%}), peak RSS {on[2] - off[2]:+.0f} MB "
                f"({(on[2] - off[2]) / off[2]:+.1%})"
            )
            # On a machine shared with other work, CPU time swells with the load (cores and
            # caches shared): the least of each variant's runs is the steadier figure.
            least_on = min(run[1] for run in figures[f"{prefix}on"])
            least_off = min(run[1] for run in figures[f"{prefix}off"])
            print(
                f"{prefix}features add, least CPU of the runs: {least_on:.2f} vs "
                f"{least_off:.2f} s ({(least_on - least_off) / least_off:+.1%})"
            )
        if split:
            off = medians["off"]
            for name in _SPLIT:
                part = medians[name]
                print(
                    f"{name} adds: wall {(part[0] - off[0]) / off[0]:+.1%}, "
                    f"CPU {(part[1] - off[1]) / off[1]:+.1%}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds (medians)")
    parser.add_argument("--split", action="store_true", help="also search only, relations only")
    parser.add_argument("--base", type=Path, help="another checkout, measured in alternation")
    parser.add_argument("--jobs", type=int, help="--jobs of the builds (default: the CLI's)")
    parser.add_argument(
        "--project", type=Path, help="keep the generated projects in this folder, for reuse"
    )
    parser.add_argument(
        "--serial",
        action="store_true",
        help="each build in one process (--jobs 1, the index not forked): steadier CPU time",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="CPU time by stage of one-process builds, on and off (where the time goes)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions of one-process builds under valgrind, on and off (not time)",
    )
    args = parser.parse_args()
    for count in args.articles or [1000]:
        if args.instructions:
            bench_instructions(count, args.base, args.project)
            continue
        if args.stages:
            bench_stages(count, args.rounds, args.base, args.project)
            continue
        bench_size(count, args.rounds, args.split, args.base, args.jobs, args.project, args.serial)


if __name__ == "__main__":
    main()
