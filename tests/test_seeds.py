"""Seed parsing: one readable case file per tolerated variant and per bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.errors import SeedError
from briefgen.seeds import MAX_SEED_BYTES, is_subheading, read_seed

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
OK_CASES = sorted(FIXTURES.glob("ok/*.txt"))
BAD_CASES = sorted(FIXTURES.glob("bad/*.txt"))


@pytest.mark.parametrize("case", OK_CASES, ids=[p.stem for p in OK_CASES])
def test_tolerated_variants_parse(case: Path) -> None:
    expected = yaml.safe_load(case.with_suffix(".expected.yaml").read_text())
    seed = read_seed(case, FIXTURES)
    assert seed.date.isoformat() == expected["date"]
    assert [[b.kind, b.text] for b in seed.blocks] == expected["blocks"]
    assert seed.source == case.relative_to(FIXTURES).as_posix()
    header = expected.get("header", {"title": "", "source_url": "", "outlet": "", "license": ""})
    assert {key: getattr(seed, key) for key in header} == header


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.stem for p in BAD_CASES])
def test_bad_seeds_name_file_line_and_fix(case: Path) -> None:
    expected = case.with_suffix(".error").read_text().strip()
    with pytest.raises(SeedError) as info:
        read_seed(case, FIXTURES)
    message = str(info.value)
    assert message.startswith(f"{case}:{expected}"), message
    assert "(" in message and message.rstrip().endswith(")"), "every error says how to fix it"


def test_oversized_seed_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"date 2020-01-01 " + b"x" * (MAX_SEED_BYTES + 1))
    with pytest.raises(SeedError, match=r"over the 5 MB limit"):
        read_seed(big, tmp_path)


def test_shared_seed_has_one_subheading(shared_seed: Path) -> None:
    seed = read_seed(shared_seed, shared_seed.parent.parent)
    assert seed.date.isoformat() == "2020-09-14"
    headings = [b.text for b in seed.blocks if b.kind == "heading"]
    assert headings == ["Russian support now important"]
    assert seed.lead.startswith("Belarus' authoritarian president")
    assert seed.blocks[-1].text.startswith("“I'm very sorry")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian support now important", True),
        ("2021 in review", True),
        ("It agreed a plan.", False),
        ("lowercase start here", False),
        ("A heading that goes on and on for far too many words to be a subheading", False),
        ("“A quoted line”", False),
    ],
)
def test_subheading_rule(text: str, expected: bool) -> None:
    assert is_subheading(text) is expected
