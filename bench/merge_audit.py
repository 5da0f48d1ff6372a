#!/usr/bin/env python3
"""Audit list: a seeded random sample of cross-briefing merges on the Wikinews site.

    python bench/merge_audit.py [--project DIR] [--n 50] [--seed 9] [--context 160]

Runs `briefgen entities --merges --json` on the site (all seeds ingested together), draws N
merges with a fixed random seed, and prints each with the sentence of its briefing that holds
the name as written, and one sentence of the nearest briefing that uses the full name, so a
person can judge each merge against the text. Also prints the count of merges per rule.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from wikinews_site import BRIEFGEN, project_from


def sentence_with(path: Path, name: str, width: int) -> str:
    """The first stretch of the body of PATH that mentions NAME as a whole word."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    if match is None:
        return "(not found in the text)"
    start, end = max(0, match.start() - width), match.end() + width
    return " ".join(text[start:end].split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="reuse (or make) the Wikinews project here")
    parser.add_argument("--n", type=int, default=50, help="how many merges to draw")
    parser.add_argument("--seed", type=int, default=9, help="random seed of the draw")
    parser.add_argument("--context", type=int, default=160, help="characters either side")
    args = parser.parse_args()
    project = project_from(args.project)
    result = subprocess.run(
        [*BRIEFGEN, "-C", str(project), "entities", "--merges", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    merges = json.loads(result.stdout)["merges"]
    print(f"{len(merges)} cross-briefing merges on {project}")
    for rule, count in Counter(m["rule"] for m in merges).most_common():
        print(f"  {count:4d}  {rule}")
    sample = random.Random(args.seed).sample(merges, min(args.n, len(merges)))
    sample.sort(key=lambda m: (m["briefing"], m["name"]))
    for number, merge in enumerate(sample, start=1):
        print(
            f"\n{number:2d}. {merge['briefing']} ({merge['date']}) {merge['list']}: "
            f"{merge['name']!r} -> {merge['canonical']!r} [{merge['rule']}]"
        )
        print(f"    why: {merge['reason']}")
        print(
            f"    here: ...{sentence_with(project / merge['briefing'], merge['name'], args.context)}..."
        )
        if merge["evidence"]:
            other = merge["evidence"][0]
            print(f"    full name in {other} (of {merge['evidence_count']}): ...")
            print(f"      {sentence_with(project / other, merge['canonical'], args.context)}...")


if __name__ == "__main__":
    sys.exit(main())
