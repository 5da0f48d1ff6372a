"""Agency copy: datelines, ALL-CAPS lines and results tables, made readable for the steps.

Wire stories open with a dateline ("LEEDS, England, Oct 3 (Reuters) -"), carry ALL-CAPS
headlines with a topic slug ("SOCCER-LEEDS BEAT MIDDLESBROUGH TO GO TOP") and end in tables
of one result per line ("Leeds 2 Middlesbrough 0", "Scorers: Bamford 12, 40"). Capitals prove
nothing in a shouted line, and a table's lines are no sentences, so before tokenizing:

- the dateline is split off the first paragraph (see `briefgen.dateline`): its place counts
  as a location of the story and its agency as a source;
- a shouted line is recased word by word with the evidence of the rest of the story: a word
  the body writes in Title Case gets it back, an acronym the body uses stays, a known place
  becomes Title Case, every other word is lowercased ("GERMAN COALITION AGREES" → "German
  coalition agrees");
- the lines of a table become paragraphs of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefgen.dateline import Dateline, split_dateline
from briefgen.extract.lexicon import FUNCTION_WORDS, PLACE_ACRONYMS, common_words

_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'")


def is_shouting(line: str) -> bool:
    """Most letters of a line of some length are capitals: a wire headline or slug line."""
    if sum(map(str.islower, line[:80])) > 12:
        return False  # running text: the common case, decided on its first words
    letters = sum(map(str.isalpha, line))
    return letters >= 12 and sum(map(str.isupper, line)) >= 0.85 * letters


def split_lead_dateline(text: str) -> tuple[Dateline | None, str]:
    """The dateline that opens the first paragraph of TEXT, and TEXT without it."""
    head, sep, tail = text.partition("\n")
    dateline, rest = split_dateline(head)
    if dateline is None or not dateline.places:
        return None, text
    return dateline, rest + sep + tail


class Evidence:
    """How the body of a story writes its words: what a shouted line is recased with."""

    def __init__(self, text: str) -> None:
        title_case: set[str] = set()
        lower: set[str] = set()
        acronyms: set[str] = set()
        for line in text.splitlines():
            if is_shouting(line):
                continue
            for match in _ANY_WORD.finditer(line):
                word = match.group()
                if word.islower():
                    lower.add(word)
                elif len(word) >= 2 and word.isupper():
                    acronyms.add(word)
                elif word[0].isupper() and not _opens_sentence(line, match.start()):
                    title_case.add(word.lower())
        self.title_case = title_case
        """Words the body writes in Title Case away from a sentence start, lowercased."""
        self.lower = lower - title_case
        """Words the body writes only in lowercase."""
        self.acronyms = {a for a in acronyms if a.lower() not in title_case}
        """Words the body writes only in capitals outside shouted lines ("NBA", "EU")."""


_ANY_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)


def _opens_sentence(line: str, start: int) -> bool:
    before = line[:start].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:;-–—"


def recase_shouting(
    line: str, evidence: Evidence, place: Callable[[str], bool] | None = None
) -> str:
    """Recase a shouted line word by word with the story's evidence (see the module doc)."""
    common = common_words()

    def word_case(word: str) -> str:
        low = word.lower().replace("’", "'")
        if word in evidence.acronyms or word in PLACE_ACRONYMS:
            return word  # "NBA", "EU", "US"
        if low in FUNCTION_WORDS:
            return low
        if low in evidence.title_case:
            return word[0] + word[1:].lower()
        if low in evidence.lower:
            return low
        if place is not None and place(word.title()):
            return word[0] + word[1:].lower()
        if len(word) <= 3 and not _is_common(low, common):
            return word  # an acronym the body does not use again
        return low

    def recase(match: re.Match[str]) -> str:
        token = match.group()
        parts = re.split(r"([-/])", token)
        cased = [word_case(p) if _WORD.fullmatch(p) else p for p in parts]
        words = [c for c in cased if _WORD.fullmatch(c)]
        if len(words) > 1 and len({w[:1].isupper() for w in words}) > 1:
            # "SOCCER-LEEDS" → "soccer Leeds": a slug joined to a name.
            return " ".join(c for c in cased if c not in "-/")
        return "".join(cased)

    return re.sub(r"[^\s,:;()\"“”]+", recase, _SLUG.sub("", line))


# Agency topic slugs before a headline: "SOCCER-", "UPDATE 2-", "MARKETS-", "REFILE-".
_SLUG = re.compile(
    r"^(?:(?:UPDATE|REFILE|CORRECTED|RPT|WRAPUP)\s*\d*-)*"
    r"(?:(?:SOCCER|FOOTBALL|TENNIS|RUGBY|CRICKET|BASKETBALL|BASEBALL|GOLF|ATHLETICS|CYCLING|"
    r"MOTOR RACING|MOTORSPORT|BOXING|OLYMPICS|SPORTS?|MARKETS|GLOBAL MARKETS|FOREX|"
    r"METALS|OIL|STOCKS|ANALYSIS|FACTBOX|EXPLAINER|EXCLUSIVE|PREVIEW|BRIEF)(?:/[A-Z]+)?-)?"
)


def _is_common(low: str, common: frozenset[str]) -> bool:
    return low in common or (low.endswith("s") and low[:-1] in common)


def table_lines(paragraph: str) -> list[str] | None:
    """The lines of a results table or list, or None for running text.

    A table has at least three lines, and most of them are short and end without a full stop
    ("Leeds 2 Middlesbrough 0", "Half-time: 2-0").
    """
    lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
    if len(lines) < 3:
        return None
    short = sum(1 for line in lines if len(line) <= 70 and not line.endswith(_SENTENCE_END))
    return lines if short >= 0.6 * len(lines) else None
