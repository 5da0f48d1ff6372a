"""Views over many briefings: a day by topic, a month calendar, the latest names, A-Z sections.

Pure functions of already ordered articles, called by `assemble`; nothing here reads the
clock, so the same content always gives the same pages.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from briefgen.iptc import TOPIC_NAMES
from briefgen.model import Article, CalendarDay, Group, LetterSection, Ranking, TermCount

OTHER_TOPIC = "Other news"
"""The heading of a day's briefings that have no tag."""
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RANKING_WINDOWS = ((7, "Last 7 days"), (30, "Last 30 days"))
"""The home page's windows, in days ending on the newest briefing's date."""
RANKING_SIZE = 10
"""How many actors and places each window lists."""
RANKING_ONCE = 5
"""Names named by one briefing fill a window's list only up to this many entries: in a quiet
week every name counts 1, and ten of them rank nothing."""
FOLD_AT = 40
"""An index letter with more terms than this shows the terms named once folded."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gen col lt sgt rev gov sen rep u.s u.k u.n no vs inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def topic_label(tag: str) -> str:
    """How a tag reads as a heading: "Conflict, war and peace" for `conflict-war-peace`.

    An IPTC topic reads as its name (TOPIC_NAMES), a topic of the config such as
    `public-transport` as words ("Public transport"); a tag written by hand that is no
    slug ("COVID-19", "Tour de France") stays as written.
    """
    name = TOPIC_NAMES.get(tag)
    if name is None:
        if not _SLUG.fullmatch(tag):
            return tag
        name = tag.replace("-", " ")
    return name[:1].upper() + name[1:]


def group_day(
    articles: Sequence[Article],
    topic_path: Callable[[str], str],
) -> tuple[Group, ...]:
    """A day's briefings by topic: each under its first (strongest) tag, once.

    Topics with more briefings come first, then by heading; untagged briefings close the day
    under OTHER_TOPIC. Inside a topic the site order (by slug) is kept. TOPIC_PATH gives
    the site-relative folder of a tag's page; a heading reads as `topic_label`, as the tag
    page's own title does.
    """
    by_topic: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        tags = article.names("tags")
        by_topic[tags[0] if tags else ""].append(article)
    labels = {topic: topic_label(topic) for topic in by_topic if topic}
    named = sorted(labels, key=lambda t: (-len(by_topic[t]), labels[t].casefold(), t))
    groups = [Group(labels[t], topic_path(t), tuple(by_topic[t])) for t in named]
    if "" in by_topic:
        groups.append(Group(OTHER_TOPIC, "", tuple(by_topic[""])))
    return tuple(groups)


def neighbour_days(
    days: Sequence[datetime.date],
) -> dict[datetime.date, tuple[datetime.date | None, datetime.date | None]]:
    """Each day → (the nearest earlier day, the nearest later day) among DAYS, None at the ends."""
    return _neighbours(days)


Month = tuple[int, int]  # (year, month)


def neighbour_months(
    days: Sequence[datetime.date],
) -> dict[Month, tuple[Month | None, Month | None]]:
    """Each (year, month) of DAYS → (the nearest earlier month among DAYS, the nearest later).

    Months without briefings are skipped, as the day pages skip empty days; None at the ends.
    """
    return _neighbours([(day.year, day.month) for day in days])


_T = TypeVar("_T", datetime.date, tuple[int, int])


def _neighbours(items: Sequence[_T]) -> dict[_T, tuple[_T | None, _T | None]]:
    ordered = sorted(set(items))
    result: dict[_T, tuple[_T | None, _T | None]] = {}
    for index, item in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        result[item] = (older, newer)
    return result


def month_calendar(
    year: int,
    month: int,
    counts: Mapping[datetime.date, int],
    day_path: Callable[[datetime.date], str],
) -> tuple[tuple[CalendarDay, ...], ...]:
    """Monday-first weeks of MONTH; a day with briefings in COUNTS gets its count and link."""
    weeks: list[tuple[CalendarDay, ...]] = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        cells = []
        for number in week:
            if number == 0:
                cells.append(CalendarDay(0, 0, ""))
                continue
            date = datetime.date(year, month, number)
            count = counts.get(date, 0)
            cells.append(CalendarDay(number, count, day_path(date) if count else ""))
        weeks.append(tuple(cells))
    return tuple(weeks)


def rank_recent(
    articles: Sequence[Article],
    term_count: Callable[[str, str, int], TermCount],
    windows: Iterable[tuple[int, str]] = RANKING_WINDOWS,
    size: int = RANKING_SIZE,
) -> tuple[Ranking, ...]:
    """The actors and places of the latest days, ranked by the number of briefings naming them.

    Each window ends on the newest briefing's date (not today's), so a rebuild of the same
    content gives the same page. Ties go to the name named earlier in its briefings, then
    by name. Names named once only fill a list up to RANKING_ONCE entries. ARTICLES are
    newest first. TERM_COUNT(taxonomy, name, count) makes a linkable entry.
    """
    if not articles:
        return ()
    newest = max(article.date for article in articles)
    rankings = []
    for days, label in windows:
        since = newest - datetime.timedelta(days=days - 1)
        inside = [article for article in articles if since <= article.date <= newest]
        tops = {}
        for taxonomy in ("actors", "locations"):
            counter: Counter[str] = Counter()
            weight: defaultdict[str, float] = defaultdict(float)
            for article in inside:
                names = article.names(taxonomy)
                counter.update(names)
                # Names come most prominent first: a tie goes to the name that led its
                # briefings, not to the one that sorts first.
                for position, name in enumerate(names):
                    weight[name] += 1.0 / (1 + position)
            ranked = sorted(
                counter.items(), key=lambda kv: (-kv[1], -weight[kv[0]], kv[0].casefold(), kv[0])
            )
            shown = [kv for kv in ranked if kv[1] > 1][:size]
            room = min(size, RANKING_ONCE) - len(shown)
            if room > 0:
                shown += [kv for kv in ranked if kv[1] == 1][:room]
            tops[taxonomy] = tuple(term_count(taxonomy, name, n) for name, n in shown)
        rankings.append(
            Ranking(
                label=label,
                days=days,
                since=since,
                until=newest,
                briefings=len(inside),
                actors=tops["actors"],
                locations=tops["locations"],
            )
        )
    return tuple(rankings)


def index_letter(name: str) -> str:
    """The A-Z section of NAME: its first letter without accents, or `#` for anything else."""
    for char in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(char):
            continue
        upper = char.upper()
        if "A" <= upper <= "Z":
            return upper
        if char.isalnum():
            return "#"
    return "#"


def letter_sections(
    terms: Iterable[TermCount], fold_at: int = FOLD_AT
) -> tuple[LetterSection, ...]:
    """TERMS in A-Z sections (`#` first), each sorted by name ignoring case and accents.

    A section with more than FOLD_AT terms keeps those named once apart (`rare`), so the
    page shows them folded: most names in a large index are named once, and listing them
    all would make the page tens of thousands of pixels tall.
    """
    by_letter: dict[str, list[TermCount]] = defaultdict(list)
    for term in terms:
        by_letter[index_letter(term.name)].append(term)
    sections = []
    for letter in sorted(by_letter):  # "#" sorts before "A"
        members = sorted(by_letter[letter], key=lambda t: (_fold(t.name), t.name))
        rare: list[TermCount] = []
        if len(members) > fold_at:
            rare = [t for t in members if t.count <= 1]
            members = [t for t in members if t.count > 1]
        anchor = "letter-other" if letter == "#" else f"letter-{letter.lower()}"
        sections.append(LetterSection(letter, anchor, tuple(members), tuple(rare)))
    return tuple(sections)


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of TEXT (skipping abbreviations such as "Dr."), at most LIMIT chars.

    A sentence longer than LIMIT is cut at a word boundary and ends with "…".
    """
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        word = text[: match.start()].rsplit(" ", 1)[-1].rstrip(".!?…").casefold()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue  # "Dr. Smith", "J. Smith": not the end of a sentence
        text = text[: match.end(1)]  # keep a closing quote or bracket
        break
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
