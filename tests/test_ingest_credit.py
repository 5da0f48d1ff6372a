"""Ingest of header lines and wire datelines: title, summary, credit and dateline keys."""

from __future__ import annotations

from pathlib import Path

from briefgen.config import load_config
from briefgen.dateline import split_dateline
from briefgen.frontmatter import split
from briefgen.ingest import add_dateline_places, ingest_seeds
from briefgen.model import Extraction, Place

WIRE = """date 2021-06-07 SANTIAGO - Chile and Mexico will start negotiations on a new trade agreement next month, the Chilean foreign ministry said on Monday.

Officials in Santiago said the first round would take place in Mexico City.
"""
HEADED = """title: Chile and Mexico to open trade talks
SOURCE: https://news.example.org/chile-mexico?x=1
outlet: Example Wire
license: CC BY 4.0
date 2021-06-07 SANTIAGO - Chile and Mexico will start negotiations on a new trade agreement next month.

Officials said the first round would take place in Mexico City.
"""


def project(tmp_path: Path, seeds: dict[str, str]) -> Path:
    for name, text in seeds.items():
        path = tmp_path / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def front(root: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    (path,) = sorted((root / "content").rglob("*.md"))
    parts = split(path.read_text(encoding="utf-8"), path)
    return parts.data, parts.body


def test_wire_dateline_leaves_title_and_summary_and_stays_in_body(tmp_path: Path) -> None:
    root = project(tmp_path, {"wire.txt": WIRE})
    report = ingest_seeds(load_config(root))
    assert report.errors == ()
    data, body = front(root)
    assert data["title"] == "Chile and Mexico to start negotiations on new trade agreement"
    assert not data["summary"].startswith("SANTIAGO")
    assert "on Monday" not in data["summary"]
    assert data["dateline"] == "Santiago"
    assert body.lstrip().startswith("SANTIAGO - Chile and Mexico")
    # The dateline's place is a location, once, resolved in Chile with coordinates.
    assert data["locations"].count("Santiago") == 1
    assert data["places"]["Santiago"]["country"] == "CL"
    assert "lat" in data["places"]["Santiago"]
    assert data["seed"] == "seeds/wire.txt" and "source" not in data


def test_header_lines_give_title_verbatim_and_credit(tmp_path: Path) -> None:
    root = project(tmp_path, {"headed.txt": HEADED})
    ingest_seeds(load_config(root))
    data, _ = front(root)
    assert data["title"] == "Chile and Mexico to open trade talks"
    assert data["seed"] == "seeds/headed.txt"
    assert data["source"] == "https://news.example.org/chile-mexico?x=1"
    assert (data["outlet"], data["license"]) == ("Example Wire", "CC BY 4.0")
    keys = list(data)
    assert keys.index("tags") < keys.index("seed") < keys.index("source") < keys.index("outlet")


def test_dateline_place_found_by_the_extractor_is_not_listed_twice() -> None:
    dateline, _ = split_dateline("MOSCOW (AP) — Russia said.")
    found = Extraction(
        ("Kremlin",), ("Moscow", "Russia"), (), (Place("Moscow", "RU", 55.7, 37.6, "city"),)
    )
    assert add_dateline_places(found, dateline) == found
    dateline, _ = split_dateline("BEIRUT/DUBAI (Reuters) - Lebanon said.")
    more = add_dateline_places(Extraction((), ("Lebanon",), (), ()), dateline)
    assert more.locations == ("Lebanon", "Beirut", "Dubai")
    assert [(p.name, p.country_code) for p in more.places] == [("Beirut", "LB"), ("Dubai", "AE")]


def _old_content(root: Path, key: str) -> Path:
    path = root / "content" / "2021" / "kept.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Kept by hand\ndate: 2021-06-07\n{key}: seeds/wire.txt\n---\n\nEdited.\n",
        encoding="utf-8",
    )
    return path


def test_content_naming_the_seed_in_old_source_key_is_adopted(tmp_path: Path) -> None:
    root = project(tmp_path, {"wire.txt": WIRE})
    kept = _old_content(root, "source")
    ingest_seeds(load_config(root))
    assert sorted((root / "content").rglob("*.md")) == [kept]  # adopted, not duplicated
    assert "Edited." in kept.read_text(encoding="utf-8")


def test_content_naming_the_seed_in_seed_key_is_adopted(tmp_path: Path) -> None:
    root = project(tmp_path, {"wire.txt": WIRE})
    kept = _old_content(root, "seed")
    ingest_seeds(load_config(root))
    assert sorted((root / "content").rglob("*.md")) == [kept]
