"""The 60 Wikinews documents hand-labelled in labels.jsonl: print their ids, or check the labels.

Usage:
  python3 bench/topics/sample.py [--corpus articles.jsonl]          # one id per line
  python3 bench/topics/sample.py --check bench/topics/labels.jsonl  # validate the gold file
"""

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
SEED = 2026
SIZE = 60
TOPICS = frozenset(f"medtop:{n:02d}000000" for n in range(1, 18))


def sample_ids(corpus: Path) -> list[str]:
    """Return the SIZE ids drawn with random.Random(SEED) from the sorted ids of the corpus."""
    with corpus.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    ids = sorted(d["id"] for d in docs)
    return random.Random(SEED).sample(ids, SIZE)


def check_labels(labels: Path, ids: list[str]) -> list[str]:
    """Return the problems of a labels file (empty when it matches the sample and the schema)."""
    problems: list[str] = []
    lines = labels.read_text(encoding="utf-8").splitlines()
    if len(lines) != len(ids):
        problems.append(f"{labels}: {len(lines)} lines, expected {len(ids)} (one per sampled id)")
    for number, (line, expected) in enumerate(zip(lines, ids, strict=False), start=1):
        where = f"{labels}:{number}"
        row = json.loads(line)
        topics = row.get("topics", [])
        if row.get("id") != expected:
            problems.append(f"{where}: id {row.get('id')!r}, expected {expected!r} (sample order)")
        if not 1 <= len(topics) <= 3 or len(set(topics)) != len(topics):
            problems.append(f"{where}: {len(topics)} topics (give 1 to 3 distinct ones)")
        if unknown := [t for t in topics if t not in TOPICS]:
            problems.append(f"{where}: unknown topics {unknown} (use medtop:01000000..17000000)")
        if not topics or row.get("primary") != topics[0]:
            problems.append(f"{where}: primary must be the first topic")
    return problems


def main() -> None:
    """Print the sampled ids, or check a labels file and exit 1 on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--check", type=Path, metavar="LABELS")
    args = parser.parse_args()
    ids = sample_ids(args.corpus)
    if args.check is None:
        print("\n".join(ids))
        return
    problems = check_labels(args.check, ids)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{args.check}: {len(ids)} labels, ids and schema OK")


if __name__ == "__main__":
    main()
