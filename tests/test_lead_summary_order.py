"""derive_summary keeps its lead's letters in order, so `could_derive_summary` may say "no".

`render.lead_repeated` asks `could_derive_summary` before deriving a summary to compare:
sound only while derive_summary removes characters, upper-cases single ones and adds
punctuation. Every paragraph of the Wikinews corpus (read from ../shared at run time)
holds it to that, and a rule that rewrote words would fail here first.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED_DIR, require

from briefgen.lead import could_derive_summary, derive_summary

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    """Every paragraph of the corpus, spaces made single as lead_repeated makes them."""
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        out += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return out


def test_every_derived_summary_could_be_derived(paragraphs: list[str]) -> None:
    assert len(paragraphs) > 1000
    for paragraph in paragraphs:
        summary = derive_summary(paragraph)
        assert could_derive_summary(paragraph, summary), paragraph
        assert could_derive_summary(paragraph, summary.rstrip("…. ")), paragraph


def test_the_answer_with_it_is_the_answer_without_it(paragraphs: list[str]) -> None:
    # Another paragraph's summary: nearly always "cannot", and never a wrong "cannot".
    refused = 0
    for paragraph, other in zip(paragraphs, [*paragraphs[1:], paragraphs[0]], strict=True):
        summary = derive_summary(other).rstrip("…. ")
        same = derive_summary(paragraph).rstrip("…. ") == summary
        could = could_derive_summary(paragraph, summary)
        assert could or not same
        refused += not could
    assert refused > 0.9 * len(paragraphs)


@pytest.mark.parametrize(
    ("lead", "summary", "could"),
    [
        # Time phrases and a dateline removed, the next word upper-cased.
        ("PARIS - On Monday, ministers met.", "Ministers met.", True),
        # Upper-casing that changes length ("ß" → "SS") or is lost by lower() ("ı" → "I").
        ("straße wird gebaut.", "Straße wird gebaut.", True),
        ("ßtraße", "SStraße", True),
        ("ılık su", "Ilık su", True),
        ("Ministers met.", "Ministers met again.", False),
        ("Ministers met.", "Met ministers.", False),
        ("", "", True),
    ],
)
def test_could_derive_summary(lead: str, summary: str, could: bool) -> None:
    assert could_derive_summary(lead, summary) is could
