"""Save-to-screen latency of `briefgen serve`: file write → new text on the open page.

Usage (from the repository root):

    .venv/bin/python bench/serve_latency.py            # example project and 1,000 articles
    .venv/bin/python bench/serve_latency.py --edits 5 --only 1000

For each project a real `briefgen serve` runs on a free port and headless Chromium opens
the newest briefing. Each edit rewrites that briefing's title; the time counted runs from
just before the write until the reloaded page has parsed and painted the new title
(`Date.now()` in the page at the first animation frame after DOMContentLoaded: browser
and script read the same system clock). The script prints the median and range of the
edits, and the server's own rebuild times from its log.

The 1,000-article project is generated in a temporary folder from
../shared/corpora/wikinews/articles.jsonl at run time (nothing of it is kept).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from serve_project import running_server  # noqa: E402

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
PLACES = ("Paris", "Berlin", "Nairobi", "Lima", "Tokyo", "Ottawa", "Canberra", "Delhi")
SHOWN_AT = """
document.addEventListener('DOMContentLoaded', () => {
  requestAnimationFrame(() => { window.__shownAt = Date.now(); });
});
"""


def copy_example(target: Path) -> Path:
    """The repository's example project, copied so the bench never edits it."""
    target.mkdir(parents=True)
    for name in ("briefgen.yaml", "seeds", "content", "themes"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    (target / "content").mkdir(exist_ok=True)
    return target


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def generate_project(target: Path, count: int) -> Path:
    """COUNT content files made from the wikinews corpus (cycled when it is shorter)."""
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing: cannot generate the large project")
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    target.mkdir(parents=True)
    (target / "seeds").mkdir()
    (target / "briefgen.yaml").write_text(
        "title: Bench\nbase_url: https://example.org/briefings/\ntheme: bench\n",
        encoding="utf-8",
    )
    # A project theme over the package's default, so the bench can restyle it.
    theme = target / "themes" / "bench"
    (theme / "static").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    package_css = REPO_ROOT / "briefgen" / "themes" / "default" / "static" / "style.css"
    (theme / "static" / "style.css").write_text(
        package_css.read_text(encoding="utf-8") + "html { --bench: 0; }\n", encoding="utf-8"
    )
    for index in range(count):
        record = records[index % len(records)]
        cycle = index // len(records)
        year = int(record["date"][:4]) + 2 * cycle
        day = f"{year}{record['date'][4:]}"
        if day.endswith("02-29"):
            day = day[:-2] + "28"
        title = record["title"] + (f" (part {cycle + 1})" if cycle else "")
        words = re.findall(r"\b[A-Z][a-z]{3,}\b", record["title"])
        body = record["text"].split("\n\n", 1)[-1].strip()
        summary = body.split("\n", 1)[0][:280]
        text = (
            f"---\ntitle: {json.dumps(title)}\ndate: {day}\nsummary: {json.dumps(summary)}\n"
            f"actors: {_yaml_list(sorted(set(words[:3])))}\n"
            f"locations: {_yaml_list([PLACES[index % len(PLACES)]])}\ntags: []\n---\n"
            f"{body}\n"
        )
        folder = target / "content" / day[:4]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bench-{index:04d}.md").write_text(text, encoding="utf-8")
    return target


def newest_article(root: Path) -> tuple[Path, str]:
    """The content file with the latest date, and its title line."""
    best: tuple[str, Path, str] | None = None
    for path in sorted((root / "content").rglob("*.md")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        date = re.search(r"^date: *(\S+)", text, re.M)
        title = re.search(r"^title: *(.+)$", text, re.M)
        if date and title and (best is None or date.group(1) > best[0]):
            best = (date.group(1), path, title.group(0))
    assert best is not None, "no content"
    return best[1], best[2]


def measure(root: Path, edits: int, label: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with running_server(root, free_port(), prefix=_prefix(root)) as server, sync_playwright() as pw:
        # Pick the briefing only now: serve's start-up ingest may have written content.
        path, title_line = newest_article(root)
        original = path.read_text(encoding="utf-8")
        title = yaml.safe_load(title_line)["title"]
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(SHOWN_AT)
        page.goto(server.url)
        page.get_by_role("link", name=title, exact=True).first.click()
        expect(page.locator("h1")).to_contain_text(title[:40], timeout=30_000)
        page.wait_for_timeout(500)
        arrivals = listen(server.url + "__briefgen/events")
        times, notified = [], []
        for number in range(1, edits + 1):
            marker = f"Edit {number} of {label}"
            new = original.replace(title_line, f"title: {json.dumps(marker)}", 1)
            started = time.time()
            path.write_text(new, encoding="utf-8")
            expect(page.locator("h1")).to_contain_text(marker, timeout=30_000)
            page.wait_for_function("window.__shownAt !== undefined")
            shown = page.evaluate("window.__shownAt") / 1000
            times.append((shown - started) * 1000)
            notified.append((min(t for t in arrivals if t > started) - started) * 1000)
            page.wait_for_timeout(300)  # let the edits stay separate
        css_times = measure_css(page, root / "themes" / "bench" / "static" / "style.css", edits)
        browser.close()
        path.write_text(original, encoding="utf-8")
        rebuilds = [
            float(m) for m in re.findall(r"^content/.*changed in (\d+) ms", server.log(), re.M)
        ]
    print(
        f"{label}: save-to-screen median {statistics.median(times):.0f} ms "
        f"({min(times):.0f}–{max(times):.0f} ms) over {len(times)} edits"
    )
    print(
        f"{label}: write → reload event median {statistics.median(notified):.0f} ms, "
        f"event → painted median {statistics.median(times) - statistics.median(notified):.0f} ms"
    )
    if css_times:
        print(
            f"{label}: stylesheet edit to restyled page median "
            f"{statistics.median(css_times):.0f} ms ({min(css_times):.0f}–"
            f"{max(css_times):.0f} ms), no reload"
        )
    if rebuilds:
        print(
            f"{label}: server rebuild (content edit) median {statistics.median(rebuilds):.0f} ms "
            f"({min(rebuilds):.0f}–{max(rebuilds):.0f} ms)"
        )


def measure_css(page: Any, css_path: Path, edits: int) -> list[float]:
    """Milliseconds from a stylesheet write until the open page's computed style follows."""
    if not css_path.exists():
        return []
    page.evaluate("window.__marker = 1")
    read = "getComputedStyle(document.documentElement).getPropertyValue('--bench').trim()"
    times = []
    for number in range(1, edits + 1):
        text = css_path.read_text(encoding="utf-8")
        started = time.time()
        css_path.write_text(
            text.replace(f"--bench: {number - 1};", f"--bench: {number};"), encoding="utf-8"
        )
        page.wait_for_function(f"{read} === '{number}'", polling="raf", timeout=30_000)
        times.append((time.time() - started) * 1000)
        page.wait_for_timeout(300)
    assert page.evaluate("window.__marker") == 1, "a stylesheet edit reloaded the page"
    return times


def listen(url: str) -> list[float]:
    """Record the arrival time of every event-stream message, from a background thread."""
    arrivals: list[float] = []

    def run() -> None:
        with urllib.request.urlopen(url, timeout=600) as stream:
            for line in stream:
                if line.startswith(b"data:"):
                    arrivals.append(time.time())

    threading.Thread(target=run, daemon=True).start()
    return arrivals


def _prefix(root: Path) -> str:
    config = root / "briefgen.yaml"
    match = re.search(r"^base_url: *[\"']?https?://[^/\"']+(/[^\"'\s]*)?", config.read_text(), re.M)
    path = match.group(1) if match and match.group(1) else "/"
    return path if path.endswith("/") else path + "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20, help="edits per project")
    parser.add_argument(
        "--only", choices=("example", "1000"), help="measure one project instead of both"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as folder:
        if args.only in (None, "example"):
            measure(copy_example(Path(folder) / "example"), args.edits, "example project")
        if args.only in (None, "1000"):
            measure(generate_project(Path(folder) / "big", 1000), args.edits, "1,000 articles")


if __name__ == "__main__":
    main()
