"""Benchmark what related briefings, story threads, term profiles and maps add to a build.

    .venv/bin/python bench/relations.py --articles 1000 --articles 10000 [--base DIR] [--off]

Renders the generated project of bench/build.py in memory and reports CPU time (not wall
time: these machines are shared, and CPU time of one process is far steadier under load),
split into the relation work itself (relate_all, term_profiles) and the whole render, plus
the output bytes. With --base DIR (an export of an older briefgen, e.g. `git archive`), the
same is measured for that code in a subprocess, in alternating rounds (best of each), so
the ratio is fair. With --off, this tree is also measured with the features switched off
(relate_site gives nothing), in the same alternation: their cost without an older export.
Places get coordinates here (bench/build.py gives none) so the maps are drawn too, unless
--no-places asks for bench/build.py's project exactly.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --off: the same code with the features switched off (bench/features.py uses it too). relate_site gives nothing, so no
# related list, thread, profile, map or world.svg is made or rendered: the difference is
# what these features cost, measured on one tree (no older export needed).
FEATURES_OFF = """
import briefgen.assemble
from briefgen.model import Relations
briefgen.assemble.relate_site = lambda *a, **k: Relations(
    related={}, threads=(), profiles={}, listed_in={}, inputs={}, term_urls=()
)
"""


def _measure(code_root: Path, project: Path, repeat: int, off: bool = False) -> dict[str, float]:
    """Run in a fresh interpreter with CODE_ROOT first on sys.path; return the figures."""
    script = f"""
import json, sys, time
sys.path.insert(0, {str(code_root)!r})
{FEATURES_OFF if off else ""}
from briefgen.build import render_site
from briefgen.config import load_config
config = load_config(__import__("pathlib").Path({str(project)!r}))
best = None
for _ in range({repeat}):
    started = time.process_time()
    state = render_site(config)
    spent = time.process_time() - started
    best = spent if best is None else min(best, spent)
result = {{"render_cpu": best, "bytes": sum(len(b) for b in state.output.files.values()),
          "files": len(state.output.files)}}
try:
    from briefgen.relate import relate_all, term_profiles
    started = time.process_time()
    relate_all(state.site.articles)
    term_profiles(state.site.taxonomies)
    result["relations_cpu"] = time.process_time() - started
except ImportError:
    pass
print(json.dumps(result))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"measuring {code_root} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best(old: dict[str, float], new: dict[str, float]) -> dict[str, float]:
    """NEW, with each CPU time the smaller of OLD's and NEW's."""
    if not old:
        return new
    return {k: min(v, old[k]) if k.endswith("_cpu") else v for k, v in new.items()}


def _add_places(project: Path, seed: int = 11) -> None:
    """Give every location of the generated project a country and coordinates."""
    rng = random.Random(seed)
    coords: dict[str, tuple[str, float, float]] = {}
    for path in sorted((project / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text[4:].partition("\n---\n")
        lines = head.splitlines()
        names: list[str] = []
        for line in lines:
            if line.startswith("locations:"):
                names = [n.strip() for n in line[len("locations:") :].strip(" []").split(",")]
        if not names or names == [""]:
            continue
        entries = []
        for name in names:
            if name not in coords:
                coords[name] = (
                    rng.choice(["FR", "DE", "US", "BR", "IN", "KE", "JP"]),
                    round(rng.uniform(-55, 70), 2),
                    round(rng.uniform(-179, 179), 2),
                )
            code, lat, lon = coords[name]
            entries.append(f"  {name}: {{country: {code}, lat: {lat}, lon: {lon}}}")
        lines += ["places:", *entries]
        path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="project size(s)")
    parser.add_argument("--base", type=Path, help="an older briefgen tree to compare with")
    parser.add_argument("--repeat", type=int, default=2, help="renders per measurement (best)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (best)")
    parser.add_argument(
        "--no-places", action="store_true", help="as bench/build.py: no coordinates, no maps"
    )
    parser.add_argument(
        "--off",
        action="store_true",
        help="also render this tree with the features switched off (their cost, one tree)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from build import make_project  # bench/build.py

    for count in args.articles or [1000]:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            make_project(project, count)
            if not args.no_places:
                _add_places(project)
            started = time.perf_counter()
            mine: dict[str, float] = {}
            base: dict[str, float] = {}
            off: dict[str, float] = {}
            for _round in range(args.rounds):  # alternate, so drifting load hits both alike
                mine = _best(mine, _measure(ROOT, project, args.repeat))
                if args.base is not None:
                    base = _best(base, _measure(args.base, project, args.repeat))
                if args.off:
                    off = _best(off, _measure(ROOT, project, args.repeat, off=True))
            line = (
                f"{count} articles: render {mine['render_cpu']:.2f} s CPU, relations "
                f"{mine.get('relations_cpu', 0):.2f} s CPU, {mine['bytes'] / 1e6:.1f} MB "
                f"in {mine['files']:.0f} files"
            )
            if base:
                added = mine["render_cpu"] - base["render_cpu"]
                line += (
                    f"; base render {base['render_cpu']:.2f} s CPU, "
                    f"{base['bytes'] / 1e6:.1f} MB in {base['files']:.0f} files; added "
                    f"{added:+.2f} s ({added / base['render_cpu']:+.1%}), "
                    f"{(mine['bytes'] - base['bytes']) / 1e6:+.2f} MB"
                )
            if off:
                added = mine["render_cpu"] - off["render_cpu"]
                line += (
                    f"; features off {off['render_cpu']:.2f} s CPU, {off['bytes'] / 1e6:.1f} MB;"
                    f" the features cost {added:+.2f} s ({added / off['render_cpu']:+.1%})"
                )
            print(line + f" [{time.perf_counter() - started:.0f} s wall]", flush=True)


if __name__ == "__main__":
    main()
