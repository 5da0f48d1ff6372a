"""Views over many briefings, on small hand-made sites with known answers."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from site_support import FIXTURE_PROJECT, fixture_config

from briefgen.assemble import assemble_site
from briefgen.model import Article, DayPage, HomePage, MonthPage, TermCount
from briefgen.overview import (
    OTHER_TOPIC,
    TOPIC_NAMES,
    first_sentence,
    group_day,
    index_letter,
    letter_sections,
    month_calendar,
    neighbour_days,
    neighbour_months,
    rank_recent,
    topic_label,
)

D = datetime.date


def _article(
    slug: str,
    date: datetime.date,
    *,
    actors: tuple[str, ...] = (),
    locations: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    summary: str = "",
) -> Article:
    return Article(
        content_path=Path(f"/content/{slug}.md"),
        key=f"{date.year}/{slug}.md",
        title=slug.replace("-", " ").capitalize(),
        date=date,
        slug=slug,
        url_path=f"{date:%Y/%m/%d}/{slug}/",
        url_line=2,
        summary=summary,
        terms=(("actors", actors), ("locations", locations), ("tags", tags)),
        places=(),
        source="",
        draft=False,
        body_html="<p>Body.</p>",
        extra={},
    )


def _term_count(taxonomy: str, name: str, count: int) -> TermCount:
    return TermCount(name, f"{taxonomy}/{name.lower()}/", count, "")


# --- A day by topic --------------------------------------------------------------------


def test_day_groups_by_first_tag_largest_first_untagged_last() -> None:
    day = D(2020, 9, 14)
    articles = [
        _article("a", day, tags=("protests", "elections")),
        _article("b", day, tags=()),
        _article("c", day, tags=("elections",)),
        _article("d", day, tags=("protests",)),
        _article("e", day, tags=("climate",)),
    ]
    groups = group_day(articles, lambda tag: f"tags/{tag}/")
    assert [(g.label, [a.slug for a in g.articles]) for g in groups] == [
        ("Protests", ["a", "d"]),  # two briefings: first
        ("Climate", ["e"]),  # one each: by name
        ("Elections", ["c"]),  # "a" is listed once, under its first tag only
        (OTHER_TOPIC, ["b"]),
    ]
    assert groups[0].url_path == "tags/protests/" and groups[-1].url_path == ""


def test_day_without_tags_is_one_group() -> None:
    groups = group_day([_article("a", D(2020, 1, 1))], lambda tag: "")
    assert [g.label for g in groups] == [OTHER_TOPIC]


def test_neighbour_days_skip_days_without_briefings() -> None:
    days = [D(2020, 9, 14), D(2020, 9, 14), D(2020, 8, 10), D(2021, 1, 3)]
    result = neighbour_days(days)
    assert result == {
        D(2020, 8, 10): (None, D(2020, 9, 14)),
        D(2020, 9, 14): (D(2020, 8, 10), D(2021, 1, 3)),
        D(2021, 1, 3): (D(2020, 9, 14), None),
    }
    assert neighbour_days([]) == {}


def test_neighbour_months_skip_months_without_briefings_across_years() -> None:
    days = [D(2020, 9, 14), D(2020, 9, 1), D(2020, 8, 10), D(2021, 1, 3), D(2019, 12, 31)]
    assert neighbour_months(days) == {
        (2019, 12): (None, (2020, 8)),
        (2020, 8): ((2019, 12), (2020, 9)),
        (2020, 9): ((2020, 8), (2021, 1)),
        (2021, 1): ((2020, 9), None),
    }
    assert neighbour_months([]) == {}


# --- A month calendar --------------------------------------------------------------------


def test_calendar_is_monday_first_with_counts_and_links() -> None:
    counts = {D(2022, 2, 21): 1, D(2022, 2, 24): 2}
    weeks = month_calendar(2022, 2, counts, lambda d: f"{d:%Y/%m/%d}/")
    assert all(len(week) == 7 for week in weeks)
    assert [c.day for c in weeks[0]] == [0, 1, 2, 3, 4, 5, 6]  # 1 Feb 2022 was a Tuesday
    assert [c.day for c in weeks[-1]] == [28, 0, 0, 0, 0, 0, 0]
    cells = {c.day: c for week in weeks for c in week if c.day}
    assert len(cells) == 28
    assert (cells[24].count, cells[24].url_path) == (2, "2022/02/24/")
    assert (cells[21].count, cells[21].url_path) == (1, "2022/02/21/")
    assert (cells[22].count, cells[22].url_path) == (0, "")


def test_calendar_of_a_leap_february_and_a_month_starting_on_monday() -> None:
    leap = month_calendar(2024, 2, {}, lambda d: "")
    assert max(c.day for week in leap for c in week) == 29
    june = month_calendar(2020, 6, {}, lambda d: "")  # 1 June 2020 was a Monday
    assert june[0][0].day == 1


# --- Home rankings ----------------------------------------------------------------------


def test_rankings_follow_the_newest_briefing_not_the_clock() -> None:
    newest = D(2020, 9, 30)
    articles = [  # newest first, as the site orders them
        _article("a", newest, actors=("Putin", "Lukashenko"), locations=("Minsk",)),
        _article("b", D(2020, 9, 25), actors=("Lukashenko",), locations=("Minsk", "Moscow")),
        _article("c", D(2020, 9, 24), actors=("Tikhanovskaya",)),  # 7 days before: outside
        _article("d", D(2020, 9, 1), actors=("Tikhanovskaya", "Putin"), locations=("Vilnius",)),
        _article("e", D(2020, 8, 31), actors=("Merkel",)),  # 31 days before: outside
    ]
    week, month = rank_recent(articles, _term_count)
    assert (week.since, week.until, week.briefings) == (D(2020, 9, 24), newest, 3)
    assert [(t.name, t.count) for t in week.actors] == [
        ("Lukashenko", 2),
        ("Putin", 1),  # both led their briefing: ties by name
        ("Tikhanovskaya", 1),
    ]
    assert [(t.name, t.count) for t in week.locations] == [("Minsk", 2), ("Moscow", 1)]
    assert (month.since, month.briefings) == (D(2020, 9, 1), 4)
    # Three ties at 2: Tikhanovskaya led both her briefings, the other two led one each.
    assert [(t.name, t.count) for t in month.actors] == [
        ("Tikhanovskaya", 2),
        ("Lukashenko", 2),
        ("Putin", 2),
    ]
    assert week.actors[0].url_path == "actors/lukashenko/"


def test_a_tie_goes_to_the_name_that_led_its_briefing_not_the_first_in_the_alphabet() -> None:
    day = D(2021, 1, 1)
    articles = [_article("a", day, actors=("Zelensky", "Air Force Base", "Aldea"))]
    week, _month = rank_recent(articles, _term_count)
    assert [t.name for t in week.actors] == ["Zelensky", "Air Force Base", "Aldea"]


def test_names_named_once_only_fill_a_short_ranking() -> None:
    day = D(2021, 1, 1)
    quiet = [_article(f"q{i}", day, actors=(f"Person {i:02d}",)) for i in range(12)]
    week, _month = rank_recent(quiet, _term_count)
    assert [t.count for t in week.actors] == [1] * 5  # not a list of ten 1s
    busy = quiet + [
        _article(f"b{i}", day, actors=(f"Busy {i:02d}",)) for i in range(7) for _ in "ab"
    ]
    week, _month = rank_recent(busy, _term_count)
    # Seven names named twice: no room is left for the names named once.
    assert [t.count for t in week.actors] == [2] * 7


def test_rankings_are_cut_to_size_and_empty_without_articles() -> None:
    day = D(2021, 1, 1)
    articles = [
        _article(f"a{i}", day, actors=tuple(f"P{j:02d}" for j in range(i))) for i in range(15)
    ]
    week, _month = rank_recent(articles, _term_count, size=3)
    assert [t.name for t in week.actors] == ["P00", "P01", "P02"]
    assert rank_recent([], _term_count) == ()


# --- A-Z sections -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "letter"),
    [("Éamon Ó Briain", "E"), ("al-Assad", "A"), ("Ørsted", "#"), ("3M", "#"), ("'Ndrangheta", "N"),
     ("Łódź", "#"), ("Zelensky", "Z"), ("", "#")],
)  # fmt: skip
def test_index_letter(name: str, letter: str) -> None:
    assert index_letter(name) == letter


def test_letter_sections_sorted_case_and_accent_blind() -> None:
    terms = [_term_count("actors", n, 1) for n in ("zeta", "Émile", "alpha", "Eve", "3M", "Ada")]
    sections = letter_sections(terms)
    assert [(s.letter, s.anchor, [t.name for t in s.terms]) for s in sections] == [
        ("#", "letter-other", ["3M"]),
        ("A", "letter-a", ["Ada", "alpha"]),
        ("E", "letter-e", ["Émile", "Eve"]),
        ("Z", "letter-z", ["zeta"]),
    ]


def test_a_long_letter_folds_the_terms_named_once() -> None:
    many = [_term_count("actors", f"Name {i:02d}", 1) for i in range(5)]
    many.append(_term_count("actors", "Name Often", 7))
    (folded,) = letter_sections(many, fold_at=5)
    assert [t.name for t in folded.terms] == ["Name Often"]
    assert [t.name for t in folded.rare] == [f"Name {i:02d}" for i in range(5)]
    (short,) = letter_sections(many[:5], fold_at=5)  # not more than FOLD_AT: all shown
    assert len(short.terms) == 5 and short.rare == ()


# --- One sentence -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One thing happened. Then another.", "One thing happened."),
        ("Dr. Smith spoke on Monday. Then left.", "Dr. Smith spoke on Monday."),
        (
            "J. R. Smith won in the U.S. Senate race. More.",
            "J. R. Smith won in the U.S. Senate race.",
        ),
        ('He said "no." Then went home.', 'He said "no."'),
        ("No full stop at all", "No full stop at all"),
        ("Prices rose 3.5 percent. Then fell.", "Prices rose 3.5 percent."),
    ],
)
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected


def test_first_sentence_cuts_a_long_sentence_at_a_word() -> None:
    text = "word " * 100
    short = first_sentence(text, limit=40)
    assert short.endswith("…") and len(short) <= 40 and "wor…" not in short


# --- The pages, assembled from the fixture project -----------------------------------------


def test_assembled_day_month_and_home_pages(tmp_path: Path) -> None:
    from briefgen.build import render_site

    site = render_site(fixture_config(tmp_path / "site", FIXTURE_PROJECT)).site
    day = site.pages["2020/09/14/index.html"]
    assert isinstance(day, DayPage)
    assert day.older_path == "2020/09/02/" and day.newer_path == "2021/01/01/"
    first = site.pages["2020/08/28/index.html"]
    assert isinstance(first, DayPage) and first.older_path == "" and first.older_date is None
    assert sum(len(g.articles) for g in day.groups) == len(day.articles)
    month = site.pages["2020/09/index.html"]
    assert isinstance(month, MonthPage)
    linked = {c.day: c.count for week in month.weeks for c in week if c.url_path}
    assert linked == {2: 1, 14: 2}
    # The month links the nearest months with briefings, by name.
    assert (month.older_path, month.older_label) == ("2020/08/", "August 2020")
    assert (month.newer_path, month.newer_label) == ("2021/01/", "January 2021")
    oldest = site.pages["2020/08/index.html"]
    assert isinstance(oldest, MonthPage) and oldest.older_path == "" == oldest.older_label
    home = site.pages["index.html"]
    assert isinstance(home, HomePage) and [r.days for r in home.rankings] == [7, 30]
    assert home.rankings[0].until == site.articles[0].date
    later = site.pages["page/2/index.html"]
    assert isinstance(later, HomePage) and later.rankings == ()


def test_assemble_needs_no_clock(tmp_path: Path) -> None:
    """The same articles give equal pages whatever day it is (no wall-clock in any view)."""
    config = fixture_config(tmp_path / "site", FIXTURE_PROJECT)
    articles = [_article("a", D(2020, 1, 1), actors=("X",), locations=("Y",), tags=("t",))]
    first = assemble_site(articles, config)
    second = assemble_site(articles, config)
    assert dict(first.pages) == dict(second.pages)


def test_topic_labels_name_iptc_topics_config_slugs_and_hand_written_tags() -> None:
    assert topic_label("conflict-war-peace") == "Conflict, war and peace"
    assert topic_label("politics") == "Politics"
    assert topic_label("public-transport") == "Public transport"  # a topic of the config
    assert topic_label("COVID-19") == "COVID-19"  # written by hand: as written
    assert topic_label("Tour de France") == "Tour de France"


def test_topic_names_are_the_extractors_iptc_names() -> None:
    from briefgen.extract.tags import IPTC_TOPICS

    assert {t.slug: t.label for t in IPTC_TOPICS} == TOPIC_NAMES
