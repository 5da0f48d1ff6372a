"""The merges of issue 9 on the real Wikinews site (read at run time from ../shared)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.frontmatter import split
from tests.conftest import SHARED_DIR

ARTICLES = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
TO_SEEDS = SHARED_DIR / "tools" / "wikinews_to_seeds.py"

pytestmark = pytest.mark.slow


def briefgen(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", *args], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ARTICLES.is_file() and TO_SEEDS.is_file()):
        message = f"{ARTICLES} or {TO_SEEDS} is missing (../shared is needed)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("wikinews") / "site"
    briefgen("new", str(root))
    for seed in (root / "seeds").glob("*.txt"):
        seed.unlink()
    subprocess.run(
        [sys.executable, str(TO_SEEDS), str(ARTICLES), str(root / "seeds")],
        check=True,
        capture_output=True,
    )
    briefgen("-q", "-C", str(root), "ingest")
    return root


def test_no_wrong_merge_of_issue_9(site: Path) -> None:
    report = json.loads(briefgen("-C", str(site), "entities", "--merges", "--json"))
    merges = report["merges"]
    assert merges, "the site has cross-briefing merges"
    by_name: dict[str, set[str]] = {}
    for merge in merges:
        by_name.setdefault(merge["name"], set()).add(merge["canonical"])
        assert merge["evidence"] and merge["evidence_count"] >= len(merge["evidence"])
        assert merge["briefing"] not in merge["evidence"], "evidence is another briefing"
    for short in ("NPR", "ABC", "Łukasz", "Bloomberg", "Michel Mayor", "Cummings", "Time"):
        assert short not in by_name, (short, by_name.get(short))
    assert by_name.get("Trump") == {"Donald Trump"}
    trump = {e["name"]: e for e in report["entities"] if e["list"] == "actors"}["Donald Trump"]
    assert "Trump" in trump["aliases"]


def test_one_name_for_the_us_house_of_representatives(site: Path) -> None:
    variants = set()
    for path in (site / "content").rglob("*.md"):
        for name in split(path.read_text(encoding="utf-8"), path).data.get("actors") or []:
            if name.endswith("House of Representatives") and not name.startswith("Libyan"):
                variants.add(name)
    # "House of Representatives" alone stays in briefings that give no evidence of the country.
    assert variants <= {"United States House of Representatives", "House of Representatives"}


def test_locations_have_coordinates(site: Path) -> None:
    mentions = placed = 0
    for path in (site / "content").rglob("*.md"):
        data = split(path.read_text(encoding="utf-8"), path).data
        places = data.get("places") or {}
        for name in data.get("locations") or []:
            mentions += 1
            placed += "lat" in (places.get(name) or {})
            assert name not in ("Earth", "Fars", "World")
    assert mentions > 1000
    assert placed / mentions >= 0.95, placed / mentions
