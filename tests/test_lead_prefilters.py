"""The quick first checks and rewritten patterns added for speed change no match.

A guard turns away text before the slow pattern runs; it must never turn away text the
pattern would match, and a pattern rewritten to be searched faster must match exactly as its
plain form. These tests compare each with the plain form on phrases that open every
alternative (in both cases), on edge cases, and on every Wikinews article (read from ../shared).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED_DIR, require

from briefgen.lead import (
    _ARTICLE,
    _RELATIVE_HINT_WORDS,
    _SPACE_BEFORE_PUNCTUATION,
    _SPACE_THEN_PUNCTUATION,
    _TIME_PHRASE_BODY,
    _TIME_PHRASES,
    _has_time_hint,
    _has_verb,
)

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
UNGUARDED_TIME_PHRASES = re.compile(rf"(?<![\w-]){_TIME_PHRASE_BODY}")
# The time hint as first written: one pattern.
PLAIN_TIME_HINT = re.compile(
    r"day\b|[Tt]onight|[Tt]omorrow|week|month|morning|afternoon|evening|night|\d:\d|\d\s*[ap]\.?m|"
    r"midnight|noon|dawn|local time|UTC|GMT|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
# The article pattern as first written, with its lookbehind in front.
PLAIN_ARTICLE = re.compile(r"(?<![\w'’-])(the|a|an|The|A|An) ([\w'’-]+)")

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
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    matched = 0
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        expected = [m.span() for m in UNGUARDED_TIME_PHRASES.finditer(text)]
        assert [m.span() for m in _TIME_PHRASES.finditer(text)] == expected
        matched += len(expected)
    assert matched > 100  # the corpus does exercise the pattern


ARTICLE_CASES = [
    "The Hague and a court in the Netherlands",
    "an ape, An owl, A bee, the end",
    "a",
    "the",
    "at the-time re-an a-b an'x The’s",
    "banana then thea ant a\u00a0b the\tend",
    "A an the",
    "(the UN) [a deal] “an offer”",
    "-the x 'a y ’an z",
]


@pytest.mark.parametrize("text", ARTICLE_CASES)
def test_article_pattern_matches_as_its_plain_form(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[object, ...]]:
        return [(*m.span(), *m.groups()) for m in pattern.finditer(text)]

    assert spans(_ARTICLE) == spans(PLAIN_ARTICLE)


@pytest.mark.parametrize(
    "text",
    ["a , b", "a\t;b", "end .", "x\u00a0)", "a,b", "a  b", " ,", ",", "(a) b", "a !\n?"],
)
def test_space_before_punctuation_guard_finds_what_the_rule_would_change(text: str) -> None:
    changes = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text) != text
    assert bool(_SPACE_THEN_PUNCTUATION.search(text)) == changes


def test_article_and_space_guards_agree_with_plain_forms_on_the_wikinews_corpus() -> None:
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    text = CORPUS.read_text(encoding="utf-8")
    assert [(*m.span(), *m.groups()) for m in _ARTICLE.finditer(text)] == [
        (*m.span(), *m.groups()) for m in PLAIN_ARTICLE.finditer(text)
    ]
    guard = [m.start() for m in _SPACE_THEN_PUNCTUATION.finditer(text)]
    assert guard == [m.end() - 1 for m in _SPACE_BEFORE_PUNCTUATION.finditer(text)]
    assert guard  # the corpus does hold spaces before punctuation


def test_has_verb_holds_for_every_longer_prefix_on_the_wikinews_corpus() -> None:
    """_cut_at_boundary stops asking once a prefix ending at a space has its verb."""
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[:120]:
        lead = " ".join(json.loads(line)["text"].split()[:60])
        seen = False
        for at in [i for i, c in enumerate(lead) if c == " "]:
            verb = _has_verb(lead[:at])
            assert verb or not seen, lead[:at]
            seen = verb


HINT_CASES = [
    "Monday",
    "the days ahead",
    "today's",
    "Sept. 4",
    "Sep. 4",
    "Septet",
    "at 4pm",
    "at 4 a.m.",
    "4:30",
    "Tomorrowland",
    "localtime",
    "local time",
    "no hint here",
    "MAY",
    "Mayor",
    "weekly",
    "٣:٤",
]


@pytest.mark.parametrize("text", HINT_CASES + TIME_PHRASES)
def test_time_hint_is_the_plain_pattern(text: str) -> None:
    assert _has_time_hint(text) == bool(PLAIN_TIME_HINT.search(text))


def test_time_hint_is_the_plain_pattern_on_the_wikinews_corpus() -> None:
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    hits = 0
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        for sentence in re.split(r"(?<=[.!?]) ", json.loads(line)["text"]):
            hint = _has_time_hint(sentence)
            assert hint == bool(PLAIN_TIME_HINT.search(sentence)), sentence
            hits += hint
    assert hits > 100


PLAIN_RELATIVE_HINT = re.compile(r"[Yy]esterday|[Tt]o(?:day|morrow|night)|night|week|morning")


@pytest.mark.parametrize(
    "text", [*HINT_CASES, "Tonight", "toNight", "YESTERDAY", "Todays", "weekend", "Mornings"]
)
def test_relative_hint_words_are_the_plain_pattern(text: str) -> None:
    hint = any(word in text for word in _RELATIVE_HINT_WORDS)
    assert hint == bool(PLAIN_RELATIVE_HINT.search(text))
