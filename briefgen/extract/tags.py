"""Topic tags from a small keyword lexicon, with a threshold so that a tag means something.

Each topic lists keywords (single words or two-word phrases). Words are compared by a crude
stem, so "protest" also matches "protests", "protesters" and "protesting". A topic's score is
the number of keyword hits, where one keyword counts at most three times and a hit in the
title counts twice; the topic becomes a tag when its score reaches the threshold
(`extraction.tag_threshold`, default 2) and a third of the strongest topic's score. Tags are
sorted by score, then by name; at most five.

`extraction.topics` in briefgen.yaml adds keywords to a built-in topic or defines a new one;
with `extraction.replace_topics: true` it replaces the built-in lexicon.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable


def _keywords(text: str) -> tuple[str, ...]:
    """Split a comma-separated keyword list."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


BUILTIN_TOPICS: dict[str, tuple[str, ...]] = {
    "protests": _keywords(
        "protest, protester, protestor, demonstration, demonstrator, rally, riot, "
        "unrest, tear gas, crackdown, dissent, uprising, walkout, sit-in"
    ),
    "elections": _keywords(
        "election, vote, voter, ballot, poll, polling, campaign, candidate, referendum, "
        "primary, primaries, electoral, by-election, reelection, re-election, caucus, "
        "nominee, constituency"
    ),
    "sanctions": _keywords(
        "sanction, embargo, asset freeze, blacklist, export ban, export controls, travel ban"
    ),
    "diplomacy": _keywords(
        "diplomat, diplomatic, diplomacy, summit, talks, treaty, ambassador, envoy, "
        "negotiation, negotiator, bilateral, foreign minister, embassy, foreign policy, "
        "state visit"
    ),
    "conflict": _keywords(
        "war, military, troops, soldier, army, airstrike, air strike, missile, "
        "ceasefire, insurgent, militant, rebel, offensive, shelling, invasion, "
        "armed forces, combat, fighter, militia, drone strike, artillery"
    ),
    "economy": _keywords(
        "economy, economic, inflation, gdp, stock market, shares, trade, tariff, "
        "recession, unemployment, interest rate, loan, debt, budget, investment, "
        "investor, revenue, profit, central bank, currency, exports, imports"
    ),
    "health": _keywords(
        "health, hospital, virus, pandemic, covid-19, coronavirus, vaccine, vaccination, "
        "disease, patient, outbreak, medical, infection, epidemic, doctor, nurse, ebola, "
        "quarantine"
    ),
    "climate": _keywords(
        "climate, emission, carbon, global warming, greenhouse, renewable, fossil fuel, "
        "heatwave, heat wave, pollution, deforestation, sea level, net zero"
    ),
    "courts": _keywords(
        "court, judge, trial, lawsuit, ruling, prosecutor, verdict, sentenced, appeal, "
        "jury, indictment, indicted, convicted, guilty, lawyer, attorney, acquitted, "
        "plaintiff, defendant, judicial"
    ),
    "disasters": _keywords(
        "earthquake, flood, flooding, hurricane, typhoon, cyclone, wildfire, bushfire, "
        "tsunami, landslide, eruption, tornado, disaster, evacuation, evacuated, "
        "magnitude, death toll, avalanche, drought"
    ),
    "technology": _keywords(
        "technology, software, internet, app, cyber, cyberattack, hacker, "
        "artificial intelligence, computer, smartphone, digital, social media, "
        "algorithm, online, data breach, semiconductor"
    ),
    "crime": _keywords(
        "police, arrest, arrested, murder, shooting, gunman, suspect, charged, crime, "
        "criminal, stabbing, stabbed, robbery, homicide, shot dead"
    ),
    "sport": _keywords(
        "tournament, championship, league, cup, olympic, medal, athlete, striker, "
        "footballer, cricket, rugby, tennis, grand prix, stadium"
    ),
    "science": _keywords(
        "scientist, researcher, study, species, fossil, journal, laboratory, experiment, "
        "telescope, astronomer, spacecraft, rocket, orbit, astronaut"
    ),
}

_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ors", "er", "or", "ies", "es", "ed", "s")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_PER_KEYWORD = 3
# A tag must also reach a third of the strongest topic's score: a passing mention of a vote
# in a long war report does not make it an elections story. At most five tags.
_RELATIVE = 3
_MAX_TAGS = 5


@functools.lru_cache(maxsize=1 << 14)
def stem(word: str) -> str:
    """A crude stem: "protesters" → "protest", "elections" → "election"."""
    word = word.lower().strip("'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=64)
def compile_lexicon(
    topics: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]], frozenset[str]]:
    """Stemmed single words and two-word phrases → the topics they count for.

    Also the first three letters of every stem: a word that starts otherwise cannot match,
    so most words are never stemmed (a stem is always a prefix of its word).
    """
    singles: dict[str, set[str]] = {}
    pairs: dict[tuple[str, str], set[str]] = {}
    for tag, keywords in topics:
        for keyword in keywords:
            parts = _WORD.findall(keyword.lower())
            if len(parts) == 1:
                singles.setdefault(stem(parts[0]), set()).add(tag)
            elif len(parts) == 2:
                pairs.setdefault((stem(parts[0]), stem(parts[1])), set()).add(tag)
    prefixes = {k[:3] for k in singles} | {part[:3] for pair in pairs for part in pair}
    return (
        {k: tuple(sorted(v)) for k, v in singles.items()},
        {k: tuple(sorted(v)) for k, v in pairs.items()},
        frozenset(prefixes),
    )


def lexicon(
    extra: Iterable[tuple[str, Iterable[str]]] = (), replace: bool = False
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The effective topics: the built-in lexicon extended (or replaced) by the user's."""
    topics: dict[str, list[str]] = (
        {} if replace else {k: list(v) for k, v in BUILTIN_TOPICS.items()}
    )
    for tag, words in extra:
        topics.setdefault(tag, []).extend(w.lower() for w in words)
    return tuple((tag, tuple(dict.fromkeys(words))) for tag, words in sorted(topics.items()))


def tag_topics(
    title: str,
    text: str,
    topics: tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    threshold: int = 2,
) -> tuple[str, ...]:
    """Topic tags of one article, strongest first."""
    singles, pairs, prefixes = compile_lexicon(topics if topics is not None else lexicon())
    hits: Counter[tuple[str, str]] = Counter()
    # Most words start no keyword at all: only these stems are looked at further.
    firsts = set(singles) | {first for first, _ in pairs}
    for weight, chunk in ((2, title), (1, text)):
        stems = [stem(w) if w[:3] in prefixes else "" for w in _WORD.findall(chunk.lower())]
        for i, s in enumerate(stems):
            if s not in firsts:
                continue
            for tag in singles.get(s, ()):
                hits[(tag, s)] += weight
            if i + 1 < len(stems):
                pair = (s, stems[i + 1])
                for tag in pairs.get(pair, ()):
                    hits[(tag, " ".join(pair))] += weight
    scores: Counter[str] = Counter()
    for (tag, _keyword), count in hits.items():
        scores[tag] += min(count, _PER_KEYWORD)
    top = max(scores.values(), default=0)
    floor = max(threshold, 1, top / _RELATIVE)
    chosen = [(tag, score) for tag, score in scores.items() if score >= floor]
    chosen.sort(key=lambda item: (-item[1], item[0]))
    return tuple(tag for tag, _ in chosen[:_MAX_TAGS])
