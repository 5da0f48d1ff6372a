"""Save-to-screen latency of `briefgen serve`: file write → new text painted on the open page.

Usage (from the repository root):

    .venv/bin/python bench/serve_latency.py            # example project and 1,000 articles
    .venv/bin/python bench/serve_latency.py --edits 5 --only 1000
    .venv/bin/python bench/serve_latency.py --base /tmp/main-checkout   # before/after
    .venv/bin/python bench/serve_latency.py --kind body --only 1000     # body edits instead

For each project a real `briefgen serve -v` runs on a free port and headless Chromium opens
the newest briefing. Each edit rewrites that briefing's title (or, with `--kind body`, adds
a paragraph at the top of its body), and the time from just before the write to the
painted page is cut into steps:

    write → watcher      the first change the watcher handed to the debounce
    watcher → debounce   the debounce let the batch go (the quiet window)
    debounce → rebuilt   the server rebuilt the site in memory
    rebuilt → published  swapped in: the changed files found, the terminal told
    published → sent     the server's event loop began writing to the event streams
    sent → received      the page's EventSource got the message
    received → DOM       the new page is in place: patched in, or reloaded (DOMContentLoaded)
    DOM → painted        the first frame after it (requestAnimationFrame, then a task)

Server steps come from its `briefgen.serve.timing` debug lines (time.monotonic(), the
same clock as the bench's), page steps from `performance.timeOrigin + performance.now()`
(the system clock, like the bench's time.time()). The script prints, per step, the median
and range over the edits, and the stylesheet-edit time.

With --base DIR, a second server runs the briefgen of another checkout (a `git worktree`
of main, say) on its own copy of each project, and the edits alternate between the two,
one each in turn, so both see the same machine load; a ratio of medians closes each
project. A checkout without timing lines shows only the page's steps.

The 1,000-article project is generated in a temporary folder from
../shared/corpora/wikinews/articles.jsonl at run time (nothing of it is kept).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from serve_project import running_server  # noqa: E402

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
PLACES = ("Paris", "Berlin", "Nairobi", "Lima", "Tokyo", "Ottawa", "Canberra", "Delhi")
PAGE_PROBE = """
(() => {
  const now = () => Date.now();  // the system clock, as time.time() in the bench
  // Every stream's first message is the state on connecting; later ones are changes.
  const Original = window.EventSource;
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    let seen = 0;
    source.addEventListener('message', () => {
      if (seen++) sessionStorage.setItem('bench-received', String(now()));
    });
    return source;
  };
  window.EventSource.prototype = Original.prototype;
  function shown(kind, detail) {
    const dom = now(), received = Number(sessionStorage.getItem('bench-received') || 0);
    requestAnimationFrame(() => setTimeout(() => {
      window.__bench = { kind: kind, dom: dom, painted: now(), received: received,
                         fetch: detail ? detail.fetched - detail.received : null };
    }, 0));
  }
  document.addEventListener('DOMContentLoaded', () => shown('reload'));
  document.addEventListener('briefgen:patched', (event) => shown('patch', event.detail));
})();
"""
STEPS = (
    ("write → watcher", "watched"),
    ("watcher → debounce", "taken"),
    ("debounce → rebuilt", "built"),
    ("rebuilt → published", "published"),
    ("published → sent", "sent"),
    ("sent → received", "received"),
    ("received → DOM", "dom"),
    ("DOM → painted", "painted"),
)
"""Each step's label and the stamp that ends it (milliseconds after the write)."""
_BATCH = re.compile(
    r"timing: batch first change ([\d.]+), last change [\d.]+, taken ([\d.]+), "
    r"built ([\d.]+), published ([\d.]+)"
)
_SENT = re.compile(r"timing: sent version \d+ \(seq \d+\) to \d+ streams at ([\d.]+)")


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


@dataclass
class Variant:
    """One server (this checkout's briefgen or the baseline's) on its own project copy."""

    label: str
    """`head` or `base`."""
    root: Path
    """The project folder it serves."""
    checkout: Path
    """The source tree whose briefgen runs."""
    page: Any = None
    """The browser page showing the briefing."""
    server: Any = None
    """The running server (serve_project.Server)."""
    path: Path = Path()
    """The content file edited."""
    original: str = ""
    """Its text before the bench, written back at the end."""
    title_line: str = ""
    """Its `title:` line."""
    log_offset: int = 0
    """How much of the server log earlier edits used up."""
    edits: list[dict[str, float]] = field(default_factory=list)
    """Per edit: stamp name → milliseconds after the write."""
    kinds: list[str] = field(default_factory=list)
    """Per edit: `patch` or `reload`."""


def measure(
    projects: list[tuple[tuple[str, Path], Path]],
    edits: int,
    label: str,
    *,
    css: bool,
    kind: str = "title",
) -> None:
    """Run one server per (label, checkout) project copy and alternate the edits."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        variants = [Variant(name, root, checkout) for (name, checkout), root in projects]
        for variant in variants:
            open_variant(stack, browser, variant)
        for number in range(1, edits + 1):
            for variant in variants:
                edit_once(variant, f"Edit {number} of {label} ({variant.label})", kind)
        css_times = {}
        if css:
            for variant in variants:
                css_path = variant.root / "themes" / "bench" / "static" / "style.css"
                css_times[variant.label] = measure_css(variant.page, css_path, min(edits, 5))
        for variant in variants:
            variant.path.write_text(variant.original, encoding="utf-8")
    for variant in variants:
        report(variant, label, css_times.get(variant.label, []))
    if len(variants) == 2:
        head, base = (statistics.median(v["painted"] for v in x.edits) for x in variants)
        print(
            f"{label}: save-to-screen median head/base = {head:.0f}/{base:.0f} = {head / base:.2f}"
        )


def open_variant(stack: contextlib.ExitStack, browser: Any, variant: Variant) -> None:
    from playwright.sync_api import expect

    variant.server = stack.enter_context(
        running_server(
            variant.root,
            free_port(),
            prefix=_prefix(variant.root),
            options=("-v",),
            checkout=variant.checkout,
        )
    )
    # Pick the briefing only now: serve's start-up ingest may have written content.
    variant.path, variant.title_line = newest_article(variant.root)
    variant.original = variant.path.read_text(encoding="utf-8")
    title = yaml.safe_load(variant.title_line)["title"]
    variant.page = browser.new_page()
    variant.page.add_init_script(PAGE_PROBE)
    variant.page.goto(variant.server.url)
    variant.page.get_by_role("link", name=title, exact=True).first.click()
    expect(variant.page.locator("h1")).to_contain_text(title[:40], timeout=30_000)
    variant.page.wait_for_timeout(500)
    variant.log_offset = len(variant.server.log())


def edit_once(variant: Variant, marker: str, kind: str = "title") -> None:
    """Write one title (or body) edit, wait for it on screen, and record its steps."""
    from playwright.sync_api import expect

    page = variant.page
    page.evaluate("window.__bench = null")
    if kind == "body":
        head, sep, body = variant.original.partition("\n---\n")
        new = f"{head}{sep}\n{marker}.\n{body}"
        shown_in = page.locator("main")
    else:
        new = variant.original.replace(variant.title_line, f"title: {json.dumps(marker)}", 1)
        shown_in = page.locator("h1")
    wall, mono = time.time(), time.monotonic()
    variant.path.write_text(new, encoding="utf-8")
    expect(shown_in).to_contain_text(marker, timeout=30_000)
    page.wait_for_function("window.__bench", timeout=30_000)
    seen = page.evaluate("window.__bench")
    stamps = {
        "received": seen["received"] - wall * 1000,
        "dom": seen["dom"] - wall * 1000,
        "painted": seen["painted"] - wall * 1000,
    }
    page.wait_for_timeout(300)  # let the edits stay separate, and the log catch up
    log = variant.server.log()
    fresh, variant.log_offset = log[variant.log_offset :], len(log)
    batches, sent = _BATCH.findall(fresh), _SENT.findall(fresh)
    if batches and sent:
        first, taken, built, published = (float(x) for x in batches[-1])
        after = [float(x) for x in sent if float(x) >= built]
        stamps.update(
            watched=(first - mono) * 1000,
            taken=(taken - mono) * 1000,
            built=(built - mono) * 1000,
            published=(published - mono) * 1000,
            sent=((after[0] if after else float(sent[-1])) - mono) * 1000,
        )
    if seen["fetch"] is not None:
        stamps["fetch"] = seen["fetch"]  # a duration, not a stamp: the patch's own fetch
    variant.edits.append(stamps)
    variant.kinds.append(seen["kind"])


def report(variant: Variant, label: str, css_times: list[float]) -> None:
    """Print the median and range of each step, and of the whole, for one variant."""
    edits = variant.edits
    whole = [e["painted"] for e in edits]
    patched = variant.kinds.count("patch")
    print(
        f"{label} [{variant.label}]: save-to-screen median {statistics.median(whole):.0f} ms "
        f"({min(whole):.0f}–{max(whole):.0f} ms) over {len(whole)} edits; "
        f"{patched} patched in place, {len(whole) - patched} reloaded"
    )
    has_server = all("sent" in e for e in edits)
    steps = STEPS if has_server else (("write → received", "received"), *STEPS[-2:])
    previous = ""
    for name, stamp in steps:
        spans = [e[stamp] - (e[previous] if previous else 0.0) for e in edits]
        print(
            f"    {name:<21} median {statistics.median(spans):6.1f} ms "
            f"({min(spans):.1f}–{max(spans):.1f})"
        )
        previous = stamp
        fetches = [e["fetch"] for e in edits if "fetch" in e]
        if stamp == "dom" and fetches:
            print(
                f"    {'  of which fetch':<21} median {statistics.median(fetches):6.1f} ms "
                f"({min(fetches):.1f}–{max(fetches):.1f})"
            )
    if css_times:
        print(
            f"    stylesheet edit to restyled page median {statistics.median(css_times):.0f} ms "
            f"({min(css_times):.0f}–{max(css_times):.0f} ms), no reload"
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


def _prefix(root: Path) -> str:
    config = root / "briefgen.yaml"
    match = re.search(r"^base_url: *[\"']?https?://[^/\"']+(/[^\"'\s]*)?", config.read_text(), re.M)
    path = match.group(1) if match and match.group(1) else "/"
    return path if path.endswith("/") else path + "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20, help="edits per project")
    parser.add_argument(
        "--kind", choices=("title", "body"), default="title", help="what each edit changes"
    )
    parser.add_argument(
        "--only", choices=("example", "1000"), help="measure one project instead of both"
    )
    parser.add_argument(
        "--base", type=Path, help="another checkout to measure in alternation (before/after)"
    )
    args = parser.parse_args()
    checkouts = [("head", REPO_ROOT)]
    if args.base is not None:
        if not (args.base / "briefgen" / "__init__.py").exists():
            raise SystemExit(f"{args.base}: not a briefgen checkout")
        checkouts.append(("base", args.base.resolve()))
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as folder:
        if args.only in (None, "example"):
            projects = [
                (checkout, copy_example(Path(folder) / f"example-{checkout[0]}"))
                for checkout in checkouts
            ]
            measure(projects, args.edits, "example project", css=False, kind=args.kind)
        if args.only in (None, "1000"):
            projects = [
                (checkout, generate_project(Path(folder) / f"big-{checkout[0]}", 1000))
                for checkout in checkouts
            ]
            measure(projects, args.edits, "1,000 articles", css=True, kind=args.kind)


if __name__ == "__main__":
    main()
