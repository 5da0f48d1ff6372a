"""Print the ids of the 60 Wikinews documents hand-labelled in labels.jsonl, in sample order.

Usage: python3 bench/topics/sample.py [path/to/articles.jsonl]
"""

import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
SEED = 2026
SIZE = 60


def sample_ids(corpus: Path) -> list[str]:
    """Return the SIZE ids drawn with random.Random(SEED) from the sorted ids of the corpus."""
    with corpus.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    ids = sorted(d["id"] for d in docs)
    return random.Random(SEED).sample(ids, SIZE)


def main() -> None:
    """Print one sampled id per line."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    for doc_id in sample_ids(corpus):
        print(doc_id)


if __name__ == "__main__":
    main()
