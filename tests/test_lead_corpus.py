"""Titles on the Wikinews leads (read from ../shared at run time): defects, ROUGE-L, datelines.

The shared eval scorer (`../shared/eval/score_titles.py`) gives the reported figures; these
tests hold floors a little below them, and check that a wire dateline put in front of any
lead changes neither its title nor its summary.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED_DIR, require

from briefgen.lead import MAX_TITLE_CHARS, derive_summary, derive_title

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
STAMP_PARAGRAPH = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}\s*$")
# The visible defects the shared scorer counts.
OPENER = re.compile(
    r"^(on|in|at|early|late|last|this|yesterday|today)\b[\s,]*(,|on\b|in\b|at\b|the\b\s*,)", re.I
)
RELATIVE = re.compile(
    r"\b(yesterday|today|tomorrow|tonight|last night|this week|last week|next week|this morning)\b",
    re.I,
)
WORD = re.compile(r"[\w'’-]+")


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, str]]:
    """(lead, real headline) for each article of the corpus."""
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        paragraphs = [p for p in re.split(r"\n\s*\n", article["text"]) if p.strip()]
        if paragraphs and STAMP_PARAGRAPH.match(paragraphs[0]):
            paragraphs = paragraphs[1:]
        if paragraphs:
            out.append((" ".join(paragraphs[0].split()), article["title"]))
    return out


def rouge_l(candidate: str, reference: str) -> float:
    """F1 of the longest common subsequence of lower-cased words."""
    a = [w.lower() for w in WORD.findall(candidate)]
    b = [w.lower() for w in WORD.findall(reference)]
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return 2 * previous[-1] / (len(a) + len(b))


def defect(title: str) -> str:
    if not title or len(title) > MAX_TITLE_CHARS:
        return "empty or too long"
    if OPENER.search(title):
        return "dangling opener"
    if RELATIVE.search(title):
        return "relative time word"
    if title.endswith(("…", "...")):
        return "cut with an ellipsis"
    return ""


def test_defects_and_rouge_floors(articles: list[tuple[str, str]]) -> None:
    titles = [(derive_title(lead), headline) for lead, headline in articles]
    defects = [(title, defect(title)) for title, _ in titles if defect(title)]
    assert len(defects) <= 0.02 * len(titles), defects
    score = sum(rouge_l(title, headline) for title, headline in titles) / len(titles)
    assert score >= 0.33, score


@pytest.mark.parametrize(
    "dateline",
    [
        "LONDON, Dec 6 (Reuters) - ",
        "MOSCOW (AP) — ",
        "SANTIAGO - ",
        "WASHINGTON, D.C., March 3 (AFP) -- ",
        "KYIV, Ukraine (AP) — ",
        "BEIRUT/DUBAI (Reuters) - ",
        "Friday, December 25, 2020 ",
    ],
)
def test_a_dateline_never_changes_title_or_summary(
    articles: list[tuple[str, str]], dateline: str
) -> None:
    for lead, _ in articles[::3]:
        assert derive_title(dateline + lead) == derive_title(lead), lead
        assert derive_summary(dateline + lead) == derive_summary(lead), lead
