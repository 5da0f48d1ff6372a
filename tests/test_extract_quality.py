"""Dev-set quality: the shared scorer on ../shared/eval/wikinews-dev.jsonl stays above floors."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.conftest import SHARED_DIR, require

GOLD = SHARED_DIR / "eval" / "wikinews-dev.jsonl"
SCORER = SHARED_DIR / "eval" / "score_entities.py"


@pytest.fixture(autouse=True)
def _needs_shared_eval() -> None:
    require(GOLD.is_file() and SCORER.is_file(), f"{GOLD.parent} (../shared/eval)")


# Floors a little below what the extractor reaches (see bench/extract.py for the numbers).
FLOORS = {"overall": 0.90, "actors": 0.88, "locations": 0.92}


def test_dev_set_f1_floors(tmp_path) -> None:
    from briefgen.extract import extract_entities

    spec = importlib.util.spec_from_file_location("score_entities", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = scorer.load(str(GOLD))
    pred_path = tmp_path / "pred.jsonl"
    with pred_path.open("w", encoding="utf-8") as fh:
        for key, doc in gold.items():
            found = extract_entities(doc.get("title", ""), doc["text"])
            fh.write(
                json.dumps(
                    {
                        "id": key,
                        # The gold counts cited outlets (our `sources`) as organisations.
                        "actors": [*found.actors, *found.sources],
                        "locations": list(found.locations),
                    }
                )
                + "\n"
            )
    pred = scorer.load(str(pred_path))
    totals = {"actors": [0, 0, 0], "locations": [0, 0, 0]}
    for key, g in gold.items():
        p = pred[key]
        for cat, names in (("actors", g["PER"] + g["ORG"]), ("locations", g["LOC"])):
            tp, npred, ngold, _wrong, _missed = scorer.score_doc(p[cat], names)
            totals[cat][0] += tp
            totals[cat][1] += npred
            totals[cat][2] += ngold
    result = {cat: scorer.prf(*t)["f1"] for cat, t in totals.items()}
    both = [a + b for a, b in zip(totals["actors"], totals["locations"], strict=True)]
    result["overall"] = scorer.prf(*both)["f1"]
    for cat, floor in FLOORS.items():
        assert result[cat] >= floor, (cat, result)
