"""Benchmark search: what each engine adds to a cold build, where its time goes, its index
size, query times in headless Chromium, and how far the two engines agree.

    .venv/bin/python bench/search.py --articles 1000 --articles 10000
    .venv/bin/python bench/search.py --engines builtin --no-browser --base /tmp/main-checkout
    .venv/bin/python bench/search.py --index-only PROJECT --index-runs 9 --base /work/main

The project is generated as in bench/build.py (bodies from ../shared/corpora when present).
Build times: cold builds into a fresh folder, `search: off` and each engine of --engines
run in alternation (--runs rounds), so drift in the machine's load hits each alike; the
added time is the median of each round's difference, and is given as a share of the build
without search. The breakdown times each part of the engines on their own, in this
process; the builtin index alone is made --index-runs times, and with --base (another
checkout, e.g. a worktree of main) that checkout's `build_index` is timed in alternation
with this one's on the same briefings, and their files compared (`--index-only PROJECT`
does only that, on an existing project's briefings, with no build). The browser part queries each engine through its own JavaScript API, 20 words
(`QUERIES`): hits, time to the first result's data (excerpt included), the top five, and
their overlap. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.server
import importlib.util
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build import make_project  # noqa: E402

from briefgen import search  # noqa: E402
from briefgen.build import build_site, render_site  # noqa: E402
from briefgen.config import load_config  # noqa: E402
from briefgen.content import find_content, read_article  # noqa: E402
from briefgen.model import Article  # noqa: E402
from briefgen.searchindex import INDEX_DIR, build_index  # noqa: E402
from briefgen.state import search_pages  # noqa: E402
from briefgen.urls import SEARCH_DIR  # noqa: E402

QUERIES = (
    "council", "election", "storm", "sanctions", "minister", "protest", "president",
    "war", "ban", "climate", "vaccine", "ceasefire", "Putin", "earthquake", "court",
    "inflation", "refugees", "strike", "football", "parliament",
)  # fmt: skip
PREFIX = "/briefings/"
ENGINES = ("builtin", "pagefind")


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (workers, Pagefind)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _cold_build(root: Path, engine: str) -> tuple[float, float, Any]:
    out = root / f"site-{engine}"
    shutil.rmtree(out, ignore_errors=True)
    config = load_config(root, {"output_dir": out, "search": engine})
    cpu, started = _cpu(), time.perf_counter()
    report = build_site(config)
    return time.perf_counter() - started, _cpu() - cpu, report


def _timed(function: Any, *args: Any) -> tuple[Any, float, float]:
    cpu, started = _cpu(), time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started, _cpu() - cpu


def _base_build_index(checkout: Path) -> Any:
    """`build_index` of the briefgen in CHECKOUT (its searchindex.py, loaded on its own)."""
    spec = importlib.util.spec_from_file_location(
        "base_searchindex", checkout / "briefgen" / "searchindex.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_index


def _time_index(
    articles: Sequence[Article],
    taxonomies: Sequence[str],
    options: argparse.Namespace,
    off_cpu: float | None,
) -> None:
    """Make the builtin index of ARTICLES --index-runs times in this process, alternated
    with --base's `build_index` when given, and print their CPU times and whether the
    two made the same files."""
    makers = {"this": build_index}
    if options.base is not None:
        makers["base"] = _base_build_index(options.base)
    cpus: dict[str, list[float]] = {name: [] for name in makers}
    made: dict[str, dict[str, bytes]] = {}
    for _ in range(options.index_runs):  # alternated, as the builds are
        for name, make in makers.items():
            gc.collect()
            made[name], _, cpu = _timed(make, articles, taxonomies)
            cpus[name].append(cpu)
    for name, times in cpus.items():
        share = f" = {100 * min(times) / off_cpu:.1f}% of the build" if off_cpu else ""
        checkout = "" if name == "this" else f" ({options.base})"
        print(
            f"    builtin: index made in-process by {name}{checkout}: CPU min "
            f"{min(times):.3f} s, median {statistics.median(times):.3f} s over "
            f"{len(times)} runs{share}"
        )
    if "base" in made:
        ratio = min(cpus["this"]) / min(cpus["base"])
        median = statistics.median(cpus["this"]) / statistics.median(cpus["base"])
        same = "the same files" if made["base"] == made["this"] else "DIFFERENT files"
        print(f"    builtin: this / base = {ratio:.2f} (min CPU), {median:.2f} (median); {same}")


def _index_only(project: Path, options: argparse.Namespace) -> None:
    """Time the builtin index alone on the briefings of an existing PROJECT (see _time_index)."""
    config = load_config(project, {})
    read = functools.partial(
        read_article, content_dir=config.content_dir, taxonomies=config.taxonomies
    )
    articles = [a for a in map(read, find_content(config.content_dir)) if not a.draft]
    print(f"{project}: {len(articles)} briefings, the index alone (CPU s of this process):")
    _time_index(articles, config.taxonomies, options, None)


def _breakdown(root: Path, options: argparse.Namespace, off_cpu: float | None) -> None:
    """Each part of the engines on its own, on the site rendered without search."""
    config = load_config(root, {"output_dir": root / "site-parts", "search": "off"})
    state = render_site(config)
    articles = state.site.articles
    print("  breakdown (wall s / CPU s, this process and its children):")
    _time_index(articles, config.taxonomies, options, off_cpu)
    pending, wall, cpu = _timed(search.start_builtin, articles, config.taxonomies)
    _, wall2, cpu2 = _timed(search.finish_index, pending)
    print(
        f"    builtin: fork started {wall:.3f} / {cpu:.3f}, waited for and read back "
        f"{wall2:.2f} / {cpu2:.2f} (the worker's own CPU counted when reaped)"
    )
    if "pagefind" not in options.engines:
        return
    pages = search_pages(state.site, state.output.files)
    binary, reason = search.find_pagefind()
    if binary is None:
        print(f"    pagefind: {reason}")
        return
    cpu, started = _cpu(), time.perf_counter()
    pending = search._launch(pages, binary)
    service = pending.service
    assert service is not None
    service.done.wait()
    bundle = service.files or {}
    search._stop(service)  # reaps the binary, so its CPU is counted
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    print(
        f"    pagefind: {len(pages)} pages ({sum(map(len, pages.values())) / 1e6:.1f} MB) "
        f"sent and the bundle read back over the pipe {wall:.2f} / {cpu:.2f} "
        f"(the binary, multi-threaded, and our threads)"
    )
    _, wall, cpu = _timed(search.canonical_bundle, bundle)
    print(f"    pagefind: canonical bundle (CBOR decode, sort, encode) {wall:.2f} / {cpu:.2f}")


def _size(files: list[Path]) -> str:
    return f"{sum(p.stat().st_size for p in files) / 1024 / 1024:.2f} MiB in {len(files)} files"


class _Handler(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] = []  # noqa: RUF012 - each file served, for the report

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "missing")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        handle = super().send_head()
        if handle is not None:
            _Handler.served.append((self.path, os.fstat(handle.fileno()).st_size))
        return handle


# Both engines offer options / search / result.data(); only their setup differs.
_QUERY_JS = """
async ([engine, queries]) => {
  const base = new URL("..", location.href).href;
  const pf = engine === "builtin"
    ? await import(base + "static/search-engine.js")
    : await import(base + "pagefind/pagefind.js");
  if (engine === "builtin") await pf.options({ indexUrl: base + "search/index/", root: base });
  else { await pf.options({ baseUrl: "/" }); await pf.init(); }
  const warm = await pf.search("the");  // loads the entry files (and Pagefind's wasm)
  const out = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = await pf.search(q);
    const first = r.results.length ? await r.results[0].data() : null;
    const t1 = performance.now();
    const top = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    out.push([q, r.results.length, t1 - t0, top.map((d) => d.url)]);
  }
  const t0 = performance.now();
  const f = await pf.search(null, { filters: { actors: "Actor 0001" } });
  const filtered = [f.results.length, performance.now() - t0];
  return { out, filtered };
}
"""


def _query(page: Any, base: str, engine: str) -> dict[str, Any]:
    page.goto(base + "search/")
    _Handler.served.clear()
    result: dict[str, Any] = page.evaluate(_QUERY_JS, [engine, list(QUERIES)])
    index = "/search/index/" if engine == "builtin" else "/pagefind/"
    result["fetched"] = sum(size for path, size in _Handler.served if index in path)
    result["files"] = sum(1 for path, _ in _Handler.served if index in path)
    result["pages"] = sum(size for path, size in _Handler.served if index not in path)
    return result


def _browser(root: Path, engines: tuple[str, ...]) -> None:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for engine in engines:
            site = root / f"site-{engine}"
            handler = functools.partial(_Handler, directory=str(site))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
            try:
                page = browser.new_page()
                results[engine] = _query(page, base, engine)
                if engine == "builtin":
                    for width in (390, 1280):
                        page.set_viewport_size({"width": width, "height": 900})
                        page.goto(base + "actors/")
                        height = page.evaluate("document.documentElement.scrollHeight")
                        scroll_w = page.evaluate("document.documentElement.scrollWidth")
                        print(f"  /actors/ at {width} px: {height} px tall, {scroll_w} px wide")
                page.close()
            finally:
                server.shutdown()
                server.server_close()
        browser.close()
    for engine, result in results.items():
        times = [row[2] for row in result["out"]]
        print(
            f"  {engine} queries: median {statistics.median(times):.1f} ms, max "
            f"{max(times):.1f} ms over {len(times)} words (to the first result's data); "
            f"filter-only query {result['filtered'][1]:.1f} ms ({result['filtered'][0]} hits); "
            f"{result['fetched'] / 1024:.0f} KiB of index in {result['files']} files "
            f"(+{result['pages'] / 1024:.0f} KiB of pages for excerpts) for all of them"
        )
    if len(results) == 2:
        print(
            "  | query | builtin hits | pagefind hits | top-5 overlap | builtin ms | pagefind ms |"
        )
        print("  | --- | --- | --- | --- | --- | --- |")
        overlaps = []
        rows = zip(results["builtin"]["out"], results["pagefind"]["out"], strict=True)
        for mine, theirs in rows:
            shared = len(set(mine[3]) & set(theirs[3]))
            possible = min(len(mine[3]), len(theirs[3]))
            overlaps.append((shared, possible))
            print(
                f"  | {mine[0]} | {mine[1]} | {theirs[1]} | {shared}/{possible} | "
                f"{mine[2]:.1f} | {theirs[2]:.1f} |"
            )
        shared = sum(s for s, _ in overlaps)
        possible = sum(p for _, p in overlaps)
        same_first = sum(
            1
            for mine, theirs in zip(
                results["builtin"]["out"], results["pagefind"]["out"], strict=True
            )
            if mine[3][:1] == theirs[3][:1]
        )
        print(
            f"  top-5 overlap: {shared}/{possible} = {100 * shared / max(1, possible):.0f}%; "
            f"same first hit for {same_first}/{len(overlaps)} queries"
        )


def bench(count: int, options: argparse.Namespace) -> None:
    engines = options.engines
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMPDIR")) as tmp:
        root = Path(tmp)
        make_project(root, count)
        timings: dict[str, list[tuple[float, float]]] = {e: [] for e in ("off", *engines)}
        report = None
        for _ in range(options.runs):  # alternated, so drift in machine load hits each alike
            for engine in timings:
                wall, cpu, report = _cold_build(root, engine)
                timings[engine].append((wall, cpu))
        off_cpu = None
        if options.runs:
            assert report is not None
            print(
                f"{count} articles ({report.pages} pages, {report.terms} terms), cold builds, "
                f"median of {options.runs} alternated rounds:"
            )
            off_cpu = statistics.median(run[1] for run in timings["off"])
        for engine in engines if options.runs else ():
            for label, index in (("wall", 0), ("CPU", 1)):
                base = statistics.median(run[index] for run in timings["off"])
                with_it = statistics.median(run[index] for run in timings[engine])
                added = statistics.median(
                    a[index] - b[index]
                    for a, b in zip(timings[engine], timings["off"], strict=True)
                )
                print(
                    f"  {engine}: {label} {with_it:.2f} s vs {base:.2f} s without search: "
                    f"adds {added:.2f} s = {100 * added / base:+.1f}%"
                )
        for engine in engines:
            if not (root / f"site-{engine}").is_dir():
                _cold_build(root, engine)
        if "builtin" in engines:
            files = [p for p in (root / "site-builtin" / INDEX_DIR).rglob("*") if p.is_file()]
            words = [p for p in files if "/words/" in p.as_posix()]
            print(f"  builtin index: {_size(files)} (postings {_size(words)})")
        if "pagefind" in engines:
            bundle = [p for p in (root / "site-pagefind" / SEARCH_DIR).rglob("*") if p.is_file()]
            chunks = [p for p in bundle if "/index/" in p.as_posix()]
            print(f"  pagefind bundle: {_size(bundle)} (word index {_size(chunks)})")
        if options.breakdown:
            _breakdown(root, options, off_cpu)
        if options.browser:
            _browser(root, engines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument("--runs", type=int, default=3, help="alternated rounds of cold builds")
    parser.add_argument(
        "--engines",
        type=lambda text: tuple(text.split(",")),
        default=ENGINES,
        help="the engines to measure, comma-separated (default: builtin,pagefind)",
    )
    parser.add_argument("--index-runs", type=int, default=3, help="runs of the index alone")
    parser.add_argument("--base", type=Path, help="a checkout whose build_index to compare")
    parser.add_argument(
        "--index-only",
        type=Path,
        action="append",
        metavar="PROJECT",
        help="only time the builtin index (with --base, alternated) on an existing project",
    )
    parser.add_argument(
        "--no-browser", dest="browser", action="store_false", help="skip the Chromium part"
    )
    parser.add_argument(
        "--no-breakdown", dest="breakdown", action="store_false", help="skip the per-part times"
    )
    options = parser.parse_args()
    unknown = set(options.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s) {', '.join(sorted(unknown))}: use builtin, pagefind")
    if options.index_only:
        for project in options.index_only:
            _index_only(project, options)
        return
    for count in options.articles or [1000]:
        bench(count, options)


if __name__ == "__main__":
    main()
