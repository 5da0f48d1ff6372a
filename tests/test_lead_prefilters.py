"""The quick first checks added for speed change no match of the patterns they guard.

Each check turns away text before the slow pattern runs; it must never turn away text the
pattern would match. These tests compare the guarded pattern with the unguarded one on phrases
that open every alternative (in both cases) and on every Wikinews lead (read from ../shared).
"""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import SHARED_DIR

from briefgen.lead import _TIME_PHRASE_BODY, _TIME_PHRASES

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
UNGUARDED_TIME_PHRASES = re.compile(rf"(?<![\w-]){_TIME_PHRASE_BODY}")

# One phrase per alternative of the time pattern and per word it may open with.
TIME_PHRASES = [
    "on Tuesday",
    "very early Friday morning",
    "Very late on Monday",
    "Earlier on Wednesday",
    "later this Thursday",
    "Last Sunday",
    "next Saturday, April 27, 2019",
    "By Monday",
    "until Friday",
    "Since Tuesday's",
    "yesterday afternoon",
    "Early yesterday morning",
    "Today",
    "tonight",
    "Tomorrow evening",
    "On the last weekend of July",
    "in the first week of April",
    "During the past month of Sept.",
    "over the final days of May",
    "the second week of March",
    "last night",
    "Earlier this month",
    "This week",
    "next weekend",
    "On January 17",
    "since March 3, 2020",
    "Until Dec. 5th",
    "in late December",
    "During mid-May",
    "In May",
    "at around 12:20 p.m. local time",
    "Shortly after midnight",
    "just before dawn",
    "Just by noon",
    "After 9 am",
    "before approximately 10:30 GMT",
    "about 7pm Eastern time",
    "At about 4 a.m.",
    "14:05 UTC",
    "local time",
    "early in the morning",
    "Late during the evening",
    "in the late night",
    "During the early afternoon",
]


@pytest.mark.parametrize("phrase", TIME_PHRASES)
def test_time_phrase_guard_keeps_every_alternative(phrase: str) -> None:
    for text in (phrase, f"Police said {phrase}, a man was arrested.", f"{phrase} the vote"):
        assert UNGUARDED_TIME_PHRASES.search(text), text  # the phrase list itself is right
        assert _TIME_PHRASES.sub("", text) == UNGUARDED_TIME_PHRASES.sub("", text), text


def test_time_phrase_guard_changes_nothing_on_the_wikinews_corpus() -> None:
    if not CORPUS.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing (the CI checkout must provide ../shared)")
        pytest.skip("../shared/corpora is absent")
    matched = 0
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        expected = [m.span() for m in UNGUARDED_TIME_PHRASES.finditer(text)]
        assert [m.span() for m in _TIME_PHRASES.finditer(text)] == expected
        matched += len(expected)
    assert matched > 100  # the corpus does exercise the pattern
