#!/usr/bin/env python3
"""Build the held-out entity gold file from the hand annotations and the Wikinews corpus.

    python3 bench/holdout/make_gold.py --out /tmp/holdout-gold.jsonl
    python3 bench/holdout/make_gold.py --select     # print the selected ids and exit

`annotations.jsonl` (next to this script) holds only ids and entity lists; the title, date and
text are joined in at run time from the corpus, so no article text is stored in the repository.
Every annotated string must occur verbatim in its document's title or text; the script lists
the ones that do not and exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
DEFAULT_DEV = REPO.parent / "shared" / "eval" / "wikinews-dev.jsonl"
ANNOTATIONS = HERE / "annotations.jsonl"
TYPES = ("PER", "ORG", "LOC", "MISC")
N_DOCS = 30
MAX_CHARS = 6000


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file, skipping blank lines."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def select_ids(
    articles: list[dict[str, Any]], dev_ids: set[str], n: int = N_DOCS, max_chars: int = MAX_CHARS
) -> list[str]:
    """Pick n non-dev ids spread evenly over the sorted id list.

    Take every k-th id (k = len // n); an article longer than max_chars is replaced by the
    next id in sorted order that is short enough and not already chosen.
    """
    by_id = {str(a["id"]): a for a in articles}
    pool = sorted(i for i in by_id if i not in dev_ids)
    step = len(pool) // n
    chosen: list[str] = []
    for slot in range(n):
        j = slot * step
        while j < len(pool) and (len(by_id[pool[j]]["text"]) > max_chars or pool[j] in chosen):
            j += 1
        if j == len(pool):
            raise SystemExit(f"ran out of articles while filling slot {slot}")
        chosen.append(pool[j])
    return chosen


def missing_strings(ann: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """Annotated strings that do not occur verbatim in the document's title or text."""
    haystack = f"{doc.get('title', '')}\n{doc.get('text', '')}"
    return [f"{t}:{s}" for t in TYPES for s in ann.get(t, []) if s not in haystack]


def main(argv: list[str] | None = None) -> int:
    """Check the annotations and write the gold file; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="Wikinews articles.jsonl")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev gold (for --select)")
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    ap.add_argument("--out", type=Path, default=Path("/tmp/holdout-gold.jsonl"))
    ap.add_argument("--select", action="store_true", help="print the selected ids and exit")
    args = ap.parse_args(argv)

    articles = read_jsonl(args.corpus)
    if args.select:
        dev_ids = {str(d["id"]) for d in read_jsonl(args.dev)}
        print("\n".join(select_ids(articles, dev_ids)))
        return 0

    by_id = {str(a["id"]): a for a in articles}
    problems: list[str] = []
    gold: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ann in read_jsonl(args.annotations):
        key = str(ann["id"])
        doc = by_id.get(key)
        if doc is None:
            problems.append(f"[{key}] not in the corpus")
            continue
        if key in seen:
            problems.append(f"[{key}] annotated twice")
        seen.add(key)
        for t in TYPES:
            names = ann.get(t, [])
            if len(set(names)) != len(names):
                problems.append(f"[{key}] duplicate string in {t}")
        problems.extend(f"[{key}] not found: {m}" for m in missing_strings(ann, doc))
        record = {k: doc.get(k, "") for k in ("id", "title", "date", "text")}
        record.update({t: list(ann.get(t, [])) for t in TYPES})
        gold.append(record)

    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for record in gold:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(gold)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
