"""Benchmark reading content in process: `content.read_article` and the cache's encoding.

    .venv/bin/python bench/read.py --project /tmp/p1k [--project /tmp/wn] [--base /work/main]
        [--rounds 5] [--repeat 3] [--profile 25]

For each project, every content file is read into memory once, then parsed REPEAT times
(`read_article` with the bytes given, as a cold build's cache hands them over, and
`cache.encode_article` of each Article) in a child process that imports briefgen from a
checkout: this tree, and with `--base CHECKOUT` that one too, in alternating rounds. Each
round prints CPU time (user + sys of the child, process_time) and wall time per file;
the summary gives the medians and the ratios this/base. Disk and the file walk are left
out: they are the same work in both trees and only add noise.

Each child also prints a digest of every Article it read (all fields, the encoded form
included): when the two trees' digests differ, the results are not the same and the run
says so. `--profile N` prints cProfile's top N functions of one pass with this tree.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in the child, with the checkout first on sys.path and the project as argv[2].
_CHILD = r"""
import cProfile, hashlib, json, os, pstats, sys, time
from pathlib import Path
checkout, project, repeat, profile = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, checkout)
import briefgen
assert Path(briefgen.__file__).resolve().is_relative_to(Path(checkout).resolve()), briefgen.__file__
from briefgen.cache import encode_article
from briefgen.config import load_config
from briefgen.content import find_content, read_article
from briefgen import content as content_module
config = load_config(project)
paths = find_content(config.content_dir)
raws = [(p, p.read_bytes()) for p in paths]
def one_pass():
    out = []
    for path, raw in raws:
        article = read_article(path, content_dir=config.content_dir,
                               taxonomies=config.taxonomies, raw=raw)
        out.append((article, encode_article(article)))
    return out
results = one_pass()  # warm: imports, markdown-it's setup, caches of the first use
digest = hashlib.sha256()
for article, encoded in results:
    digest.update(repr(article).encode("utf-8", "surrogatepass"))
    digest.update(article.body)
    digest.update(json.dumps(encoded, ensure_ascii=False, sort_keys=True).encode())
plain = getattr(content_module, "_render_plain", None)
fast = -1
if plain is not None:
    from briefgen import frontmatter
    fast = sum(
        plain(frontmatter.split(raw.decode("utf-8"), path).body) is not None
        for path, raw in raws
    )
if profile:
    prof = cProfile.Profile()
    prof.enable()
    one_pass()
    prof.disable()
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(profile)
cpu, wall = [], []
for _ in range(repeat):
    c0, w0 = time.process_time(), time.perf_counter()
    one_pass()
    cpu.append(time.process_time() - c0)
    wall.append(time.perf_counter() - w0)
print(json.dumps({"files": len(raws), "cpu": min(cpu), "wall": min(wall),
                  "digest": digest.hexdigest(), "fast": fast}))
"""


def run_child(checkout: Path, project: Path, repeat: int, profile: int = 0) -> dict[str, object]:
    """One child's measurement (the best of REPEAT passes) of CHECKOUT reading PROJECT."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(checkout), str(project), str(repeat), str(profile)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if profile:
        print(out.stderr, file=sys.stderr)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bench_project(project: Path, base: Path | None, rounds: int, repeat: int) -> None:
    """Alternate this tree and BASE on PROJECT for ROUNDS rounds; print the medians."""
    trees = [("this", ROOT)] + ([("base", base)] if base is not None else [])
    seen: dict[str, list[dict[str, object]]] = {name: [] for name, _ in trees}
    for number in range(rounds):
        order = trees if number % 2 == 0 else trees[::-1]
        for name, checkout in order:
            got = run_child(checkout, project, repeat)
            seen[name].append(got)
            files = int(str(got["files"]))
            print(
                f"{project.name} round {number + 1} {name}: {files} files, "
                f"cpu {1e6 * float(str(got['cpu'])) / files:.0f} µs/file, "
                f"wall {1e6 * float(str(got['wall'])) / files:.0f} µs/file, "
                f"plain fast path {got['fast']}/{files}"
            )
    medians = {
        name: {k: statistics.median(float(str(r[k])) for r in runs) for k in ("cpu", "wall")}
        for name, runs in seen.items()
    }
    for name, values in medians.items():
        print(
            f"{project.name} {name}: median cpu {values['cpu']:.3f} s, wall {values['wall']:.3f} s"
        )
    if base is not None:
        this, other = medians["this"], medians["base"]
        print(
            f"{project.name} this/base: cpu {this['cpu'] / other['cpu']:.2f}, "
            f"wall {this['wall'] / other['wall']:.2f}"
        )
        digests = {str(r["digest"]) for runs in seen.values() for r in runs}
        print(
            f"{project.name} results: "
            + ("identical Articles" if len(digests) == 1 else "ARTICLES DIFFER between trees")
        )


def main() -> None:
    """Parse the options and run each project in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, action="append", required=True)
    parser.add_argument("--base", type=Path, help="a checkout to alternate with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="passes per child (best kept)")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    for project in args.project:
        if args.profile:
            run_child(ROOT, project.resolve(), 1, args.profile)
            continue
        base = args.base.resolve() if args.base is not None else None
        bench_project(project.resolve(), base, args.rounds, args.repeat)


if __name__ == "__main__":
    main()
