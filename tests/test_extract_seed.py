"""The shared seed article gives the promised actors and locations, each exactly once."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SHARED_SEED, require


@pytest.fixture(autouse=True)
def _needs_shared_seed() -> None:
    require(SHARED_SEED.is_file(), f"{SHARED_SEED} (../shared/seeds)")


def seed_text() -> str:
    raw = SHARED_SEED.read_text(encoding="utf-8")
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", raw)


def test_seed_entities_each_once() -> None:
    from briefgen.extract import extract_entities

    found = extract_entities("", seed_text())
    for name in (
        "Vladimir Putin",
        "Alexander Lukashenko",
        "Svetlana Tikhanovskaya",
        "European Union",
        "NATO",
    ):
        assert found.actors.count(name) == 1, (name, found.actors)
    for name in ("Belarus", "Russia", "Sochi", "Minsk", "Lithuania"):
        assert found.locations.count(name) == 1, (name, found.locations)
    every = found.actors + found.locations
    assert "Belarusian" not in every
    assert not {"Putin", "Lukashenko", "EU", "President Vladimir Putin"} & set(every)
    assert len(every) == len(set(every))
    assert found.actors[:2] == ("Alexander Lukashenko", "Vladimir Putin")
    assert found.locations[:2] == ("Belarus", "Russia")
    codes = {p.name: p.country_code for p in found.places}
    assert codes["Sochi"] == "RU" and codes["Minsk"] == "BY" and codes["Lithuania"] == "LT"
    assert found.tags[0] == "politics" and found.topics[0] == "medtop:11000000"


def test_seed_with_a_derived_title() -> None:
    from briefgen.extract import extract_entities

    title = "Belarus' authoritarian president has visited Russia in a bid to secure more loans"
    found = extract_entities(title, seed_text())
    assert found.locations[:2] == ("Belarus", "Russia")
    assert "Vladimir Putin" in found.actors
