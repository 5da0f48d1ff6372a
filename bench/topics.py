"""Score the news-topic tagger against hand labels: micro P/R/F1 over (doc, topic) pairs.

    .venv/bin/python bench/topics.py --labels bench/topics/labels.jsonl
    .venv/bin/python bench/topics.py --labels bench/topics/dev_labels.jsonl --show

A labels file has one JSON object a line: {"id": "...", "topics": [...]}, where a topic is a
slug ("politics") or an IPTC code ("medtop:11000000"); a "labels", "tags" or "codes" key is
read the same way. The documents are joined at run time from the Wikinews corpus in
../shared (by id), and tagged as ingest tags a seed: no headline, the dateline paragraph
dropped. Prints micro precision, recall and F1, how often the first tag is the labelled
primary topic (the "primary" key, else the first listed), then P/R/F1 per topic; `--show` lists each
document's labels and predictions (for looking at error classes, not for tuning to them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from briefgen.extract.tags import choose_topics, find_topic

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
CORPORA = (
    SHARED / "corpora" / "wikinews" / "articles.jsonl",
    SHARED / "eval" / "wikinews-dev.jsonl",
)
_DATELINE = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}$")


def load_documents() -> dict[str, dict[str, str]]:
    """Every Wikinews document by id."""
    docs: dict[str, dict[str, str]] = {}
    for path in CORPORA:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                docs.setdefault(doc["id"], doc)
    return docs


def seed_text(text: str) -> str:
    """The text a seed made from this article holds: the dateline paragraph dropped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if paragraphs and _DATELINE.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def load_labels(path: Path) -> dict[str, list[str]]:
    """Document id → topic slugs, the primary (when the file says so) first."""
    labels: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        names = next((row[k] for k in ("topics", "labels", "tags", "codes") if k in row), None)
        if not isinstance(names, list):
            sys.exit(f"{path}:{number}: no list of topics in {sorted(row)}")
        slugs: list[str] = []
        for name in [row.get("primary"), *names] if row.get("primary") else names:
            topic = find_topic(str(name))
            if topic is None:
                sys.exit(f"{path}:{number}: unknown topic {name!r}")
            if topic.slug not in slugs:
                slugs.append(topic.slug)
        labels[str(row["id"])] = slugs
    return labels


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=HERE / "topics" / "labels.jsonl")
    ap.add_argument("--threshold", type=float, default=None, help="override tag_threshold")
    ap.add_argument("--exclude", type=Path, help="a labels file whose ids are left out")
    ap.add_argument("--show", action="store_true", help="print each document's result")
    args = ap.parse_args()

    docs = load_documents()
    labels = load_labels(args.labels)
    if args.exclude:
        for doc_id in load_labels(args.exclude):
            labels.pop(doc_id, None)
    missing = sorted(set(labels) - set(docs))
    if missing:
        sys.exit(f"documents not in the corpus: {', '.join(missing)}")

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    primary_right = 0
    started = time.process_time()
    kwargs = {} if args.threshold is None else {"threshold": args.threshold}
    for doc_id in sorted(labels):
        ranked = [t.slug for t in choose_topics("", seed_text(docs[doc_id]["text"]), **kwargs)]
        predicted, gold = set(ranked), set(labels[doc_id])
        primary_right += bool(ranked) and ranked[0] == labels[doc_id][0]
        for slug in predicted & gold:
            tp[slug] += 1
        for slug in predicted - gold:
            fp[slug] += 1
        for slug in gold - predicted:
            fn[slug] += 1
        if args.show:
            mark = "ok " if predicted == gold else "   "
            print(
                f"{mark}{doc_id} gold={sorted(gold)} got={sorted(predicted)} "
                f"| {docs[doc_id]['title'][:70]}"
            )
    elapsed = time.process_time() - started

    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"documents: {len(labels)}   labelled pairs: {sum(tp.values()) + sum(fn.values())}")
    print(f"micro  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ({len(labels) / elapsed:.0f} docs/s CPU)")
    print(f"first tag = the labelled primary topic: {primary_right}/{len(labels)}")
    print(f"{'topic':<20} {'gold':>4} {'pred':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for slug in sorted(set(tp) | set(fp) | set(fn)):
        tp_, fp_, fn_ = tp[slug], fp[slug], fn[slug]
        p, r, f = prf(tp_, fp_, fn_)
        print(f"{slug:<20} {tp_ + fn_:>4} {tp_ + fp_:>4} {p:>6.2f} {r:>6.2f} {f:>6.2f}")


if __name__ == "__main__":
    main()
