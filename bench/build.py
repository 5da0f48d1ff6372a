"""Benchmark the site build: a cold build, a no-change build and one edit re-rendered in memory.

    .venv/bin/python bench/build.py --articles 1000 [--articles 10000]
    .venv/bin/python bench/build.py --articles 1000 --cold 5 [--base ../main] [--jobs 2] [--search off]
    .venv/bin/python bench/build.py --articles 1000 --timeline [--base ../main] [--jobs 2]

The first form times builds in this process. `--cold N` instead times N cold builds of
the CLI (`briefgen build`, no site and no build cache beforehand) in child processes and
reports wall time, CPU time (user + system, workers included) and peak RSS; with `--base
CHECKOUT` each run alternates with the same build by another briefgen checkout (e.g. a
`git worktree` of main) on the same project, and the ratios of the medians are printed.
`--timeline` marks the phases of one cold CLI build (start and imports, reading, assembly,
rendering and writing, the search index, publishing, the cache): wall time since the
interpreter started, CPU of the process and of its workers, at each.

BENCH_TMPDIR picks the folder the project is made in (a real disk, not tmpfs, to see
what writing and fsync cost).

Content is generated into a temporary project: bodies come from ../shared/corpora/wikinews
when it is present (read at run time, never stored), else from a fixed word list; actors,
locations and tags follow a skewed distribution so that a few terms have thousands of
briefings, like real news. Prints one line per measurement; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.build import build_site, render_site  # noqa: E402
from briefgen.config import load_config  # noqa: E402
from briefgen.frontmatter import dump  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
WORDS = (
    "council minister talks border vote protest court election budget storm harbour "
    "agreement sanctions inflation summit strike ceasefire report inquiry market energy "
    "ministers said on monday that the plan would go ahead despite objections from"
).split()


def _bodies(rng: random.Random) -> list[str]:
    if CORPUS.is_file():
        rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
        return [row["text"].split("\n\n", 1)[-1] for row in rows if row.get("text")]
    return [
        "\n\n".join(" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(6))
        for _ in range(50)
    ]


def _skewed(rng: random.Random, pool: list[str], k: int) -> list[str]:
    # Pareto-like: low indexes are picked far more often.
    picks = {pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)] for _ in range(k)}
    return sorted(picks)


def make_project(
    root: Path, count: int, seed: int = 7, actor_pool: int = 3000, uniform_actors: int = 0
) -> None:
    """Write COUNT content files and a config into ROOT (ACTOR_POOL possible actors).

    With UNIFORM_ACTORS, each briefing also names one of that many people drawn evenly,
    which gives the thousands of rarely named actors a large index page must hold.
    """
    rng = random.Random(seed)
    bodies = _bodies(rng)
    actors = [f"Actor {i:04d}" for i in range(actor_pool)]
    locations = [f"Place {i:04d}" for i in range(800)]
    tags = [f"topic-{i}" for i in range(40)]
    start = datetime.date(2019, 1, 1)
    (root / "briefgen.yaml").write_text(
        "title: Bench\nbase_url: https://example.org/\n", encoding="utf-8"
    )
    for index in range(count):
        date = start + datetime.timedelta(days=rng.randrange(6 * 365))
        slug = f"briefing-{index:05d}"
        data = {
            "title": " ".join(rng.choices(WORDS, k=8)).capitalize() + f" {index}",
            "date": date,
            "summary": " ".join(rng.choices(WORDS, k=40)).capitalize() + ".",
            "actors": _skewed(rng, actors, 8)
            + ([f"Person {rng.randrange(uniform_actors):05d}"] if uniform_actors else []),
            "locations": _skewed(rng, locations, 5),
            "tags": _skewed(rng, tags, 3),
            "source": f"seeds/{slug}.txt",
        }
        path = root / "content" / str(date.year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data, bodies[index % len(bodies)]), encoding="utf-8")


def bench(count: int, edits: int) -> None:
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        root = Path(tmp)
        make_project(root, count)
        config = load_config(root)
        started = time.perf_counter()
        report = build_site(config)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        again = build_site(config)
        warm = time.perf_counter() - started
        edited = sorted((root / "content").rglob("*.md"))[count // 2]
        edited.write_text(
            edited.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nEdit.\n", 1)
        )
        started = time.perf_counter()
        one = build_site(config)
        one_edit = time.perf_counter() - started
        print(
            f"{count} articles: cold build {cold:.2f} s ({report.pages} pages, "
            f"{report.terms} terms, {report.written} files); no-change build {warm:.2f} s "
            f"({again.written} written); one-edit build {one_edit:.2f} s "
            f"({one.written} written)"
        )
        started = time.perf_counter()
        state = render_site(config)
        full = time.perf_counter() - started
        times: list[float] = []
        rendered: list[int] = []
        paths = sorted((root / "content").rglob("*.md"))
        for number in range(edits):
            path = paths[(number * 7919) % len(paths)]
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("\n---\n", f"\n---\n\nEdit {number}.\n", 1))
            started = time.perf_counter()
            state = render_site(config, previous=state, changed=frozenset({path}))
            times.append(time.perf_counter() - started)
            rendered.append(state.rendered)
        print(
            f"{count} articles: full in-memory render {full:.2f} s; one edit re-rendered "
            f"median {statistics.median(times) * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; "
            f"median {statistics.median(rendered):.0f} pages rendered) over {edits} edits"
        )


def installed_env(checkout: Path | None = None) -> dict[str, str]:
    """The environment for a timed briefgen process that runs as an installed briefgen does,
    with its modules' bytecode already compiled (pip compiles it at install).

    A shell with PYTHONDONTWRITEBYTECODE (as some CI and sandbox images set) would make every
    timed process compile briefgen's source first: about 0.2 s of CPU, a tenth of a cold
    build of 1,000 briefings. The bytecode goes to a folder of its own
    (PYTHONPYCACHEPREFIX), never into the checkout; `warm_bytecode` fills it untimed.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault(
        "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "briefgen-bench-pycache")
    )
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    return env


def warm_bytecode(checkout: Path) -> None:
    """Compile CHECKOUT's briefgen into `installed_env`'s bytecode folder (untimed)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(checkout / "briefgen")],
        env=installed_env(checkout),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def cold_run(
    checkout: Path, root: Path, jobs: int | None, runner: Sequence[str] = ("-m", "briefgen")
) -> tuple[float, float, float]:
    """One cold CLI build of ROOT by the briefgen in CHECKOUT: (wall s, user+sys s, peak MB).

    RUNNER starts the CLI (`-c CODE` may patch briefgen before it calls `briefgen.cli.main`).
    """
    make_cold(root)
    warm_bytecode(checkout)
    return timed_build(checkout, root, jobs, runner)


def make_cold(root: Path) -> None:
    """No site/ and no .briefgen/ in ROOT: the next build is a cold one."""
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.rmtree(root / ".briefgen", ignore_errors=True)


def timed_build(
    checkout: Path, root: Path, jobs: int | None, runner: Sequence[str] = ("-m", "briefgen")
) -> tuple[float, float, float]:
    """One CLI build of ROOT, as ROOT stands, by the briefgen in CHECKOUT: (wall s, user+sys
    s of it and its children, peak MB)."""
    argv = [sys.executable, *runner, "-q", "-C", str(root), "build", "--no-ingest"]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    env = installed_env(checkout)
    started = time.perf_counter()
    # Run in the project, not here: `python -m` puts the working folder first on sys.path,
    # so run from a checkout it would import that checkout's briefgen, whatever CHECKOUT is.
    process = subprocess.Popen(
        argv, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {checkout}:\n{errors.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# Run in the timed child by `--timeline`: the build's stage functions wrapped to mark when
# each starts and ends, with the wall time since the interpreter started, this process's
# CPU and that of its reaped children (the read and render workers, the search process).
# The stages are imported before the build (their import is part of "start and imports").
TIMELINE_RUNNER = """
import json, os, resource, sys, time
started = time.perf_counter()
with open('/proc/self/stat') as stat_file:
    ticks = int(stat_file.read().rsplit(')', 1)[1].split()[19])
with open('/proc/uptime') as uptime_file:
    before = float(uptime_file.read().split()[0]) - ticks / os.sysconf('SC_CLK_TCK')
marks = []
def mark(name):
    me = resource.getrusage(resource.RUSAGE_SELF)
    them = resource.getrusage(resource.RUSAGE_CHILDREN)
    marks.append((name, before + time.perf_counter() - started,
                  me.ru_utime + me.ru_stime, them.ru_utime + them.ru_stime))
import briefgen.assemble, briefgen.build, briefgen.cache, briefgen.cli, briefgen.output
import briefgen.pool, briefgen.search
def wrap(owner, name, label):
    real = getattr(owner, name)
    def wrapped(*args, **kwargs):
        mark(label + ' <')
        try:
            return real(*args, **kwargs)
        finally:
            mark(label + ' >')
    setattr(owner, name, wrapped)
for owner, name, label in (
    (briefgen.build, '_read_content', 'read'),
    (briefgen.assemble, 'assemble_site', 'assemble'),
    (briefgen.pool, 'render_and_write', 'render and write (workers)'),
    (briefgen.build, '_render_all', 'render (one process)'),
    (briefgen.output, 'write_output', 'write (one process)'),
    (briefgen.search, 'finish_index', 'search index collected'),
    (briefgen.output.Publication, 'finish', 'publish'),
    (briefgen.cache.BuildCache, 'save', 'cache saved'),
):
    wrap(owner, name, label)
mark('start and imports')
sys.argv = ['briefgen', *sys.argv[1:]]
try:
    briefgen.cli.main()
finally:
    mark('end')
    with open(os.environ['BENCH_TIMELINE'], 'w') as out:
        json.dump(marks, out)
"""


def timeline(checkout: Path, root: Path, jobs: int | None) -> list[tuple[str, float, float, float]]:
    """One cold CLI build of ROOT by CHECKOUT's briefgen, with its phases marked:
    (mark, wall s since the process started, own CPU s, reaped children's CPU s)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        os.environ["BENCH_TIMELINE"] = out.name
        try:
            cold_run(checkout, root, jobs, runner=("-c", TIMELINE_RUNNER))
        finally:
            del os.environ["BENCH_TIMELINE"]
        return [tuple(row) for row in json.loads(Path(out.name).read_text(encoding="utf-8"))]


def _cold_project(root: Path, count: int, search: str) -> Path:
    """ROOT made a project of COUNT articles, paginated by 20, with SEARCH as its engine."""
    make_project(root, count)
    config = root / "briefgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"page_size: 20\nsearch: {search}\n",
        encoding="utf-8",
    )
    return root


def bench_timeline(count: int, base: Path | None, jobs: int | None, search: str) -> None:
    """Print the timeline of a cold build of COUNT articles (and of BASE's, after it)."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        root = _cold_project(Path(tmp), count, search)
        checkouts = {"this": ROOT, **({"base": base.resolve()} if base is not None else {})}
        for name, checkout in checkouts.items():
            print(f"{count} articles, cold CLI build ({name}, jobs {jobs or 'default'}):")
            last = (0.0, 0.0, 0.0)
            for label, wall, own, children in timeline(checkout, root, jobs):
                print(
                    f"  {label:32} at {wall:7.2f} s  (+{wall - last[0]:5.2f} wall, "
                    f"+{own - last[1]:5.2f} CPU here, +{children - last[2]:5.2f} in workers)"
                )
                last = (wall, own, children)


def bench_cold(count: int, runs: int, base: Path | None, jobs: int | None, search: str) -> None:
    """Time RUNS cold builds of COUNT articles, alternated with BASE's when given."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        root = _cold_project(Path(tmp), count, search)
        checkouts = {"this": ROOT, **({"base": base.resolve()} if base is not None else {})}
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in checkouts}
        for _ in range(runs):
            for name, checkout in checkouts.items():
                figures[name].append(cold_run(checkout, root, jobs))
        medians = {}
        for name, runs_done in figures.items():
            wall, cpu, peak = (statistics.median(r[i] for r in runs_done) for i in range(3))
            medians[name] = (wall, cpu, peak)
            walls = ", ".join(f"{r[0]:.2f}" for r in runs_done)
            print(
                f"{count} articles, cold CLI build ({name}, jobs {jobs or 'default'}, "
                f"search {search}): wall {wall:.2f} s (runs {walls}), user+sys {cpu:.2f} s, "
                f"peak RSS {peak:.0f} MB"
            )
        if base is not None:
            ratios = [medians["this"][i] / medians["base"][i] for i in range(3)]
            print(
                f"{count} articles, this/base: wall {ratios[0]:.2f}, user+sys {ratios[1]:.2f}, "
                f"peak RSS {ratios[2]:.2f} (load {os.getloadavg()[0]:.1f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument("--edits", type=int, default=20, help="edits to time per size")
    parser.add_argument("--cold", type=int, default=0, help="time N cold CLI builds instead")
    parser.add_argument("--base", type=Path, help="with --cold: a checkout to alternate with")
    parser.add_argument("--jobs", type=int, help="with --cold: --jobs of the builds")
    parser.add_argument("--search", default="builtin", help="with --cold: the search setting")
    parser.add_argument(
        "--timeline", action="store_true", help="one cold CLI build per checkout, by phase"
    )
    args = parser.parse_args()
    for count in args.articles or [1000]:
        if args.timeline:
            bench_timeline(count, args.base, args.jobs, args.search)
        elif args.cold:
            bench_cold(count, args.cold, args.base, args.jobs, args.search)
        else:
            bench(count, args.edits)


if __name__ == "__main__":
    main()
