#!/usr/bin/env python3
"""Benchmark title and summary derivation: CPU seconds for 10,000 leads, one process.

    python bench/titles.py                    # leads of ../shared/corpora/wikinews, else seeds/
    python bench/titles.py --count 10000 --leads FILE.jsonl

The leads are the first paragraphs of the Wikinews corpus (read at run time, never copied),
or of the example project's seeds when the corpus is absent, cycled up to --count. Times are
CPU time of this process (time.process_time), so other work on the machine does not skew
them. The first call, which loads the gazetteer and word lists, is timed apart ("warm-up").
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.lead import derive_summary, derive_title  # noqa: E402
from briefgen.seeds import read_seed  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"


def corpus_leads(path: Path) -> list[str]:
    """First paragraph of each article, without a date-stamp paragraph of its own."""
    leads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        paragraphs = [p for p in re.split(r"\n\s*\n", json.loads(line)["text"]) if p.strip()]
        if paragraphs and re.match(r"^\w+day, \w+ \d{1,2}, \d{4}\s*$", paragraphs[0]):
            paragraphs = paragraphs[1:]
        if paragraphs:
            leads.append(" ".join(paragraphs[0].split()))
    return leads


def seed_leads(seeds_dir: Path) -> list[str]:
    return [read_seed(path, REPO).lead for path in sorted(seeds_dir.glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--leads", type=Path, default=CORPUS, help="articles JSON Lines")
    args = parser.parse_args()
    leads = corpus_leads(args.leads) if args.leads.is_file() else seed_leads(REPO / "seeds")
    source = args.leads if args.leads.is_file() else REPO / "seeds"
    work = list(itertools.islice(itertools.cycle(leads), args.count))

    start = time.process_time()
    derive_title(work[0])
    derive_summary(work[0])
    warm = time.process_time() - start

    start = time.process_time()
    for lead in work:
        derive_title(lead)
    titles = time.process_time() - start
    start = time.process_time()
    for lead in work:
        derive_summary(lead)
    summaries = time.process_time() - start
    print(f"leads: {len(leads)} distinct from {source}, cycled to {len(work)}")
    print(f"warm-up (first call, loads word lists): {warm:.3f} s CPU")
    print(f"titles: {titles:.3f} s CPU for {len(work)} ({titles / len(work) * 1e6:.0f} µs each)")
    print(
        f"summaries: {summaries:.3f} s CPU for {len(work)} "
        f"({summaries / len(work) * 1e6:.0f} µs each)"
    )


if __name__ == "__main__":
    main()
