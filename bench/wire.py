#!/usr/bin/env python3
"""Score `briefgen extract --jsonl` on the hand-written agency (wire) copy in bench/wire/.

    python bench/wire.py                 # bench/wire/wire-gold.jsonl, overall P/R/F1
    python bench/wire.py --errors 20     # also the false and missed names per document

The documents were written for this project in agency style (datelines, ALL-CAPS headlines
with topic slugs, results lines and tables, scoreboards) and annotated by hand in the shared
gold format {"id", "title", "text", "PER", "ORG", "LOC", "MISC"}; see bench/wire/README.md.
The real CLI runs in a subprocess, the way an outside checker would call it, and the shared
scorer (../shared/eval/score_entities.py) scores its output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=REPO / "bench" / "wire" / "wire-gold.jsonl")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score_entities.py")
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args(argv)
    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    stdin = "".join(
        json.dumps({"id": d["id"], "title": d["title"], "text": d["text"]}) + "\n" for d in docs
    )
    with tempfile.TemporaryDirectory() as tmp:
        found = subprocess.run(
            [sys.executable, "-m", "briefgen", "-C", tmp, "extract", "--jsonl"],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text(found.stdout, encoding="utf-8")
        cmd = [sys.executable, str(args.scorer), str(args.gold), str(pred)]
        if args.errors:
            cmd += ["--errors", str(args.errors)]
        print(f"{len(docs)} wire documents from {args.gold}")
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
