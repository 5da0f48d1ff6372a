#!/usr/bin/env python3
"""Site-level entity F1: the front matter of the dev documents after ingesting ALL seeds.

    python bench/site_entities.py [--project DIR] [--errors N] [--out pred.jsonl]

Every Wikinews seed is ingested into one project (so names merge across briefings as on a real
site); the dev-set documents (../shared/eval/wikinews-dev.jsonl, seeds named wn_<id>.txt) are
then read back from content/ and scored with ../shared/eval/score_entities.py. Compare with
`bench/extract.py`, which scores the extractor on each document alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from wikinews_site import SHARED, front_matters, project_from

GOLD = SHARED / "eval" / "wikinews-dev.jsonl"
SCORER = SHARED / "eval" / "score_entities.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="reuse (or make) the Wikinews project here")
    parser.add_argument("--errors", type=int, default=0, help="list N documents' errors")
    parser.add_argument("--out", help="keep the predictions here")
    parser.add_argument(
        "--on-site-only",
        action="store_true",
        help="score only the dev documents that are on the site (the dev set's own seed "
        "article, seed-000, is not a Wikinews seed)",
    )
    args = parser.parse_args()
    project = project_from(args.project)
    wanted = {json.loads(line)["id"] for line in GOLD.open(encoding="utf-8")}
    rows = []
    for _path, data in front_matters(project):
        source = str(data.get("source", ""))
        doc_id = Path(source).stem.removeprefix("wn_")
        if doc_id in wanted:
            rows.append(
                {
                    "id": doc_id,
                    "actors": list(data.get("actors") or []),
                    "locations": list(data.get("locations") or []),
                    "sources": list(data.get("sources") or []),
                }
            )
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"{len(rows)} of {len(wanted)} dev documents found in {project}/content")
    gold = GOLD
    if args.on_site_only:
        found = {r["id"] for r in rows}
        gold = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        lines = [line for line in GOLD.open(encoding="utf-8") if json.loads(line)["id"] in found]
        gold.write_text("".join(lines), "utf-8")
    command = [sys.executable, str(SCORER), str(gold), str(out)]
    if args.errors:
        command += ["--errors", str(args.errors)]
    subprocess.run(command, check=True)
    # The gold counts cited outlets as organisations: the figure with `sources:` as actors.
    both = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with_sources = [{**r, "actors": r["actors"] + r["sources"]} for r in rows]
    both.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in with_sources))
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(both), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    overall = json.loads(result.stdout)["overall"]
    print(
        f"with sources as actors: overall P={overall['precision']:.3f} "
        f"R={overall['recall']:.3f} F1={overall['f1']:.3f}"
    )


if __name__ == "__main__":
    main()
