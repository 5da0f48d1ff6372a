"""Time one edit in serve's rebuild path (`Builder.update`) on a generated project, in process.

    .venv/bin/python bench/edit.py --articles 1000 --articles 10000 [--edits 10] [--kind body]
    .venv/bin/python bench/edit.py --articles 10000 --profile 25     # cProfile of the edits
    .venv/bin/python bench/edit.py --tree /tmp/base --articles 10000 # another checkout's briefgen
    .venv/bin/python bench/edit.py --base /tmp/base --articles 10000 # before/after, alternated

Each edit rewrites one content file (a different one each time, spread over the site) and
times `Builder.update({path})`, the call `briefgen serve` makes after the watcher's debounce.
Kinds: `body` (a sentence added), `title` (the title reworded), `actor` (an actor added to
the front matter), `place` (a new location added), `tag` (a tag added, one of three new
ones), `date` (the date moved by one day), `add` (a new briefing: a copy of the file with
another title, beside it under another name), `delete` (the file removed). Prints the
median, min and max in ms and the median count of pages rendered, with the CPU time of the process (user + sys,
`time.process_time`) beside the wall time: on a shared machine the CPU time says more. `--tree` imports briefgen from another checkout
(e.g. `git worktree add /tmp/base main`) so two trees can be timed in alternation; the
generated project is the same for both (bench/build.py's generator, fixed seed).

`--base CHECKOUT` runs this tree and CHECKOUT in two child processes, each on its own copy
of the project, and alternates them edit by edit (the same file, the same edit), so both
see the same machine load; it prints both medians and their ratio (this tree / base).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _edit(path: Path, kind: str, number: int) -> Path:
    """Make one edit of KIND to PATH (or beside it); the content file that changed."""
    if kind == "delete":
        path.unlink()
        return path
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    original = text
    if kind == "body":
        text = f"{head}{sep}\nEdit {number}.\n{body}"
    elif kind == "title":
        text = re.sub(r"(?m)^title: ", f"title: Edit {number} ", head, count=1) + sep + body
    elif kind == "add":
        # Another file name is another slug, so another URL on the same day.
        path = path.with_name(f"added-{number:04d}.md")
        text = re.sub(r"(?m)^title: ", f"title: Added {number} ", head, count=1) + sep + body
    elif kind == "actor":
        head = re.sub(r"(?m)^actors: \[", f"actors: [Editor {number:04d}, ", head, count=1)
        text = head + sep + body
    elif kind == "place":
        head = re.sub(
            r"(?m)^locations: \[", f"locations: [Place edit {number:04d}, ", head, count=1
        )
        text = head + sep + body
    elif kind == "tag":
        head = re.sub(r"(?m)^tags: \[", f"tags: [edit-{number % 3}, ", head, count=1)
        text = head + sep + body
    elif kind == "date":

        def later(match: re.Match[str]) -> str:
            day = datetime.date.fromisoformat(match.group(1)) + datetime.timedelta(days=1)
            return f"date: {day.isoformat()}"

        text = re.sub(r"(?m)^date: '?(\d{4}-\d\d-\d\d)'?", later, head, count=1) + sep + body
    else:
        raise SystemExit(f"unknown edit kind {kind!r}")
    if text == original:
        raise SystemExit(f"{path}: the {kind} edit changed nothing (generator format changed?)")
    path.write_text(text, encoding="utf-8")
    return path


def _pick(paths: list[Path], kind: str, number: int) -> Path:
    """The file edit NUMBER changes: spread over the site; a deleted one is never edited
    again by another kind (its files are others)."""
    return paths[(number * 7919 + (29 if kind == "delete" else 13)) % len(paths)]


def bench(count: int, edits: int, kinds: list[str], profile: int) -> None:
    from bench.build import make_project
    from briefgen.build import Builder
    from briefgen.config import load_config

    with tempfile.TemporaryDirectory(prefix="bench-edit-") as tmp:
        root = Path(tmp)
        make_project(root, count)
        config = load_config(root)
        builder = Builder(config)
        started = time.perf_counter()
        builder.render()
        full = time.perf_counter() - started
        paths = sorted((root / "content").rglob("*.md"))
        print(f"{count} articles: full in-memory render {full:.2f} s")
        profiler = cProfile.Profile() if profile else None
        for kind in kinds:
            times: list[float] = []
            cpu: list[float] = []
            rendered: list[int] = []
            for number in range(edits):
                path = _pick(paths, kind, number)
                changed = _edit(path, kind, number)
                if profiler is not None:
                    profiler.enable()
                started, used = time.perf_counter(), time.process_time()
                report = builder.update(frozenset({changed}))
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
                if profiler is not None:
                    profiler.disable()
                rendered.append(report.rendered)
            print(
                f"  {kind:6s} edit: median {statistics.median(times) * 1000:.1f} ms "
                f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; "
                f"median {statistics.median(rendered):.0f} pages rendered; {edits} edits; "
                f"CPU median {statistics.median(cpu) * 1000:.1f} ms)"
            )
        if profiler is not None:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(profile)
            stats.sort_stats("tottime").print_stats(profile)
            print(out.getvalue())


def serve_edits(count: int) -> None:
    """The child of `--base`: make the project, render it, then time the edits asked on stdin.

    Each stdin line is `KIND NUMBER`; the answer is `MS CPU_MS RENDERED` on stdout.
    """
    from bench.build import make_project
    from briefgen.build import Builder
    from briefgen.config import load_config

    with tempfile.TemporaryDirectory(prefix="bench-edit-") as tmp:
        root = Path(tmp)
        make_project(root, count)
        builder = Builder(load_config(root))
        builder.render()
        paths = sorted((root / "content").rglob("*.md"))
        print("ready", flush=True)
        for line in sys.stdin:
            kind, number_text = line.split()
            number = int(number_text)
            path = _pick(paths, kind, number)
            changed = _edit(path, kind, number)
            started, used = time.perf_counter(), time.process_time()
            report = builder.update(frozenset({changed}))
            took = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - used) * 1000
            print(f"{took:.3f} {cpu:.3f} {report.rendered}", flush=True)


def alternate(count: int, edits: int, kinds: list[str], base: Path) -> None:
    """Time the same edits with this tree and BASE in turn, one edit each."""
    import subprocess

    def child(tree: Path) -> subprocess.Popen[str]:
        argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(count)]
        return subprocess.Popen(
            [*argv, "--tree", str(tree)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    trees = {"head": ROOT, "base": base.resolve()}
    children = {name: child(tree) for name, tree in trees.items()}
    try:
        for name, process in children.items():
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise SystemExit(f"{name}: the child did not start")
        print(f"{count} articles, {edits} edits per kind, head {ROOT} / base {trees['base']}")
        for kind in kinds:
            times: dict[str, list[float]] = {name: [] for name in children}
            cpu: dict[str, list[float]] = {name: [] for name in children}
            rendered: dict[str, list[int]] = {name: [] for name in children}
            for number in range(edits):
                # Who goes first alternates too: the second may find a warmer cache.
                order = list(children) if number % 2 == 0 else list(reversed(children))
                for name in order:
                    process = children[name]
                    assert process.stdin is not None and process.stdout is not None
                    process.stdin.write(f"{kind} {number}\n")
                    process.stdin.flush()
                    took, used, pages = process.stdout.readline().split()
                    times[name].append(float(took))
                    cpu[name].append(float(used))
                    rendered[name].append(int(pages))
            medians = {name: statistics.median(values) for name, values in times.items()}
            cpus = {name: statistics.median(values) for name, values in cpu.items()}
            for name in children:
                print(
                    f"  {kind:6s} {name}: median {medians[name]:.1f} ms "
                    f"(min {min(times[name]):.1f}, max {max(times[name]):.1f}; "
                    f"median {statistics.median(rendered[name]):.0f} pages rendered; "
                    f"CPU median {cpus[name]:.1f} ms)"
                )
            print(
                f"  {kind:6s} head/base = {medians['head'] / medians['base']:.2f} wall, "
                f"{cpus['head'] / cpus['base']:.2f} CPU"
            )
    finally:
        for process in children.values():
            if process.stdin is not None:
                process.stdin.close()
            process.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument("--edits", type=int, default=10, help="edits to time per kind")
    parser.add_argument(
        "--kind",
        action="append",
        choices=("body", "title", "actor", "place", "tag", "date", "add", "delete"),
        help="edit kind(s)",
    )
    parser.add_argument("--profile", type=int, default=0, help="print the top N of a cProfile")
    parser.add_argument("--tree", type=Path, help="import briefgen from this checkout instead")
    parser.add_argument("--base", type=Path, help="another checkout to alternate with")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.base is not None:
        if not (args.base / "briefgen" / "__init__.py").is_file():
            raise SystemExit(f"{args.base}: not a briefgen checkout")
        for count in args.articles or [1000]:
            alternate(count, args.edits, args.kind or ["body"], args.base)
        return
    sys.path.insert(0, str(ROOT))  # bench.build, the generator, from this tree
    if args.tree is not None:
        sys.path.insert(0, str(args.tree.resolve()))
        sys.modules.pop("briefgen", None)
    import briefgen

    if args.child is not None:
        serve_edits(args.child)
        return
    print(f"briefgen from {Path(briefgen.__file__).parent}")
    for count in args.articles or [1000]:
        bench(count, args.edits, args.kind or ["body"], args.profile)


if __name__ == "__main__":
    main()
