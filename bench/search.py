"""Benchmark search and the index pages: build time with and without the Pagefind step,
index size, query time in headless Chromium, and the height of the actors index.

    .venv/bin/python bench/search.py --articles 1000 --articles 10000

The project is generated as in bench/build.py. Build times are the median of --runs cold
builds into a fresh folder each (search on, then off by pointing PAGEFIND_BINARY_PATH at
nothing). Query times are measured in the page with Pagefind's own API, after its first
query has loaded the WebAssembly and the index entry file. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build import make_project  # noqa: E402

from briefgen.build import build_site  # noqa: E402
from briefgen.config import load_config  # noqa: E402
from briefgen.search import BINARY_VARIABLE  # noqa: E402

QUERIES = (
    "council", "election", "storm", "sanctions", "minister", "protest", "president",
    "war", "ban", "climate", "vaccine", "ceasefire", "Putin", "earthquake", "court",
    "inflation", "refugees", "strike", "football", "parliament",
)  # fmt: skip
PREFIX = "/briefings/"


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (the Pagefind runs)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _cold_build(root: Path, search: bool, fresh: bool = True) -> tuple[float, float, Any]:
    out = root / ("site-on" if search else "site-off")
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    env_before = os.environ.get(BINARY_VARIABLE)
    if not search:
        os.environ[BINARY_VARIABLE] = str(root / "no-pagefind")
    try:
        config = load_config(root, {"output_dir": out})
        cpu, started = _cpu(), time.perf_counter()
        report = build_site(config)
        return time.perf_counter() - started, _cpu() - cpu, report
    finally:
        if env_before is None:
            os.environ.pop(BINARY_VARIABLE, None)
        else:
            os.environ[BINARY_VARIABLE] = env_before


class _Handler(http.server.SimpleHTTPRequestHandler):
    served: list[int] = []  # noqa: RUF012 - bytes of each index file served, for the report

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "missing")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        handle = super().send_head()
        if handle is not None and "/pagefind/" in self.path:
            _Handler.served.append(os.fstat(handle.fileno()).st_size)
        return handle


_QUERY_JS = """
async (queries) => {
  const pf = await import(new URL("../pagefind/pagefind.js", location.href).href);
  await pf.options({ baseUrl: "/" });
  await pf.init();
  const warm = await pf.search("the");  // loads wasm and the entry files
  const out = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = await pf.search(q);
    const first = r.results.length ? await r.results[0].data() : null;
    const t1 = performance.now();
    const top = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    out.push([q, r.results.length, t1 - t0, top.map((d) => d.meta.title)]);
  }
  const t0 = performance.now();
  const f = await pf.search(null, { filters: { actors: "Actor 0001" } });
  const filtered = [f.results.length, performance.now() - t0];
  return { out, filtered };
}
"""


def _browser_measure(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(base + "search/")
            _Handler.served.clear()
            result = page.evaluate(_QUERY_JS, list(QUERIES))
            fetched = sum(_Handler.served)
            times = [row[2] for row in result["out"]]
            print(
                f"  queries: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
                f"over {len(times)} words (first result's data included); filter-only query "
                f"{result['filtered'][1]:.1f} ms ({result['filtered'][0]} hits); "
                f"{fetched / 1024:.0f} KiB of index fetched for all of them "
                f"({len(_Handler.served)} files)"
            )
            for q, n, ms, top in result["out"]:
                print(f"    {q!r}: {n} hits, {ms:.1f} ms, top: {top[:1]}")
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + "actors/")
                height = page.evaluate("document.documentElement.scrollHeight")
                scroll_w = page.evaluate("document.documentElement.scrollWidth")
                print(f"  /actors/ at {width} px: {height} px tall, {scroll_w} px wide")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def bench(count: int, runs: int, uniform_actors: int, browser: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, count, uniform_actors=uniform_actors)
        if runs == 0:  # only the site with search, for the size and browser figures
            wall, cpu, report = _cold_build(root, search=True)
            print(f"{count} articles: cold build {wall:.2f} s wall, {cpu:.2f} s CPU with search")
        on: list[tuple[float, float]] = []
        off: list[tuple[float, float]] = []
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            wall, cpu, report = _cold_build(root, search=True)
            on.append((wall, cpu))
            wall, cpu, _ = _cold_build(root, search=False)
            off.append((wall, cpu))
        for label, index in (("wall", 0), ("CPU", 1)) if on else ():
            with_search = statistics.median(run[index] for run in on)
            without = statistics.median(run[index] for run in off)
            added = with_search - without
            print(
                f"{count} articles, cold build {label} time: {with_search:.2f} s with search, "
                f"{without:.2f} s without (median of {runs}); search adds {added:.2f} s = "
                f"{100 * added / without:.1f}% ({report.pages} pages, {report.terms} terms)"
            )
        wall, cpu, again = _cold_build(root, search=True, fresh=False)
        print(
            f"  no-change rebuild with search: {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({again.written} files written; the published bundle is reused)"
        )
        bundle = root / "site-on" / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        index = sum(p.stat().st_size for p in (bundle / "index").glob("*"))
        fragments = sum(p.stat().st_size for p in (bundle / "fragment").glob("*"))
        print(
            f"  bundle: {size / 1024 / 1024:.1f} MiB in {len(files)} files "
            f"(word index {index / 1024 / 1024:.1f} MiB, fragments "
            f"{fragments / 1024 / 1024:.1f} MiB)"
        )
        actors = root / "site-on" / "actors" / "index.html"
        terms = actors.read_text(encoding="utf-8").count('<li><a href="')
        print(f"  /actors/index.html: {actors.stat().st_size / 1024:.0f} KiB, ~{terms} entries")
        if browser:
            _browser_measure(root / "site-on")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument(
        "--runs", type=int, default=3, help="cold builds per variant (0: one build, with search)"
    )
    parser.add_argument(
        "--uniform-actors", type=int, default=0, help="add one of N evenly drawn actors to each"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    args = parser.parse_args()
    for count in args.articles or [1000]:
        bench(count, args.runs, args.uniform_actors, not args.no_browser)


if __name__ == "__main__":
    main()
