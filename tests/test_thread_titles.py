"""Thread titles on small hand-made sites whose answers are known: one test per class of
weak title seen on real text (a source named instead of the story, a storm renamed as it
grows, a vague noun, a site whose titles drop articles)."""

from __future__ import annotations

import datetime
from pathlib import Path

from briefgen.model import Article
from briefgen.relate import find_threads
from briefgen.urls import article_url_path


def art(
    slug: str,
    day: str,
    actors: tuple[str, ...] = (),
    locations: tuple[str, ...] = (),
    title: str = "",
    summary: str = "",
) -> Article:
    """A briefing with only what threads read."""
    date = datetime.date.fromisoformat(day)
    return Article(
        content_path=Path(f"/c/{slug}.md"),
        key=f"{slug}.md",
        title=title or slug.replace("-", " ").capitalize(),
        date=date,
        slug=slug,
        url_path=article_url_path(date, slug),
        url_line=1,
        summary=summary,
        terms=(("actors", actors), ("locations", locations), ("tags", ())),
        places=(),
        source="",
        draft=False,
        body_html="",
        extra={},
    )


def filler(count: int) -> list[Article]:
    """Unrelated briefings months away: the rest of the site titles are weighed against."""
    return [
        art(f"filler-{i}", "2019-01-01", (f"Person {i}",), (f"Town {i}",),
            title=f"Council of town {i} debates the harbour budget")
        for i in range(count)
    ]  # fmt: skip


def title_of(*articles: Article) -> str:
    """The title of the one thread of ARTICLES."""
    site = sorted(articles, key=lambda a: (-a.date.toordinal(), a.slug, a.key))
    threads = find_threads(site)
    assert len(threads) == 1
    return threads[0].title


WEATHER = ("Coastal Storm Office", "Sea Data Agency")


def test_a_name_the_titles_write_more_than_the_main_actor_is_the_story() -> None:
    # The agency is named by both briefings and written in one title; the storm is written
    # in both titles: it is the story, the agency its source.
    story = (
        art("a", "2021-09-16", WEATHER, ("Azores",),
            title="Coastal Storm Office upgrades Tropical Storm Ximena to hurricane status",
            summary="The Coastal Storm Office upgraded Tropical Storm Ximena."),
        art("b", "2021-09-19", WEATHER, ("Azores",),
            title="Hurricane warning for Hurricane Ximena in effect for the Azores",
            summary="The Coastal Storm Office said Hurricane Ximena would pass the Azores."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Hurricane Ximena"
    # A place every title writes still leads, as for a storm named as an actor.
    placed = (
        art("c", "2021-09-16", WEATHER, ("Azores",),
            title="Coastal Storm Office upgrades Tropical Storm Ximena near the Azores",
            summary="The Coastal Storm Office upgraded Tropical Storm Ximena."),
        art("d", "2021-09-19", WEATHER, ("Azores",),
            title="Hurricane warning for Hurricane Ximena in effect for the Azores",
            summary="The Coastal Storm Office said Hurricane Ximena would pass."),
    )  # fmt: skip
    assert title_of(*placed, *filler(6)) == "Azores: Hurricane Ximena"


def test_an_actor_every_title_writes_keeps_leading_a_shared_name() -> None:
    # The company is written in as many titles as the product: it is no mere source.
    story = (
        art("a", "2021-03-01", ("Orchard Computers",), ("Cupertown",),
            title="Orchard Computers unveils the Pomelo tablet",
            summary="Orchard Computers showed the Pomelo in Cupertown."),
        art("b", "2021-03-03", ("Orchard Computers",), ("Cupertown",),
            title="Orchard Computers recalls the Pomelo tablet",
            summary="Batteries of the Pomelo overheated."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Orchard Computers: Pomelo tablet"


def test_a_name_the_briefings_spell_two_ways_is_called_as_the_newest_calls_it() -> None:
    # "Tropical Storm Ximena" then "Hurricane Ximena": no spelling is shared, the newest
    # title's name is whole (a capital that starts a title tells nothing: it is read inside).
    story = (
        art("a", "2021-09-16", ("Azores Civil Protection",), ("Azores",),
            title="Tropical Storm Ximena nears the Azores",
            summary="Azores Civil Protection closed the ports for Ximena."),
        art("b", "2021-09-18", ("Azores Civil Protection",), ("Azores",),
            title="Azores braces for Hurricane Ximena",
            summary="Azores Civil Protection counted the damage of Ximena."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Azores: Hurricane Ximena"


def test_a_vague_noun_is_no_topic_even_when_two_titles_share_it() -> None:
    # The same story told twice shares every word of its title: "focus" and "plans" are
    # as rare as a real topic, but name someone's intent, not the story.
    story = (
        art("a", "2020-12-14", ("Kestrel OS", "Kestrel Labs"), ("Oslo",),
            title="Kestrel Labs announces plans to shift its focus away from Kestrel OS",
            summary="Kestrel Labs announced plans to shift its focus to Kestrel OS Next."),
        art("b", "2020-12-18", ("Kestrel OS", "Kestrel Labs"), ("Oslo",),
            title="Kestrel Labs announces its plans to shift focus away from Kestrel OS",
            summary="Kestrel Labs announced its plans to shift its focus to Kestrel OS Next."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Kestrel Labs"
    # Inside a longer phrase such a word may stand: "peace plan".
    plan = (
        art("c", "2020-02-01", ("Ana Ruiz",), ("Tarsova",),
            title="Ana Ruiz presents a peace plan for Tarsova",
            summary="The peace plan splits the valley."),
        art("d", "2020-02-03", ("Ana Ruiz",), ("Tarsova",),
            title="Rebels in Tarsova reject the peace plan",
            summary="Ana Ruiz said the peace plan stands."),
    )  # fmt: skip
    assert title_of(*plan, *filler(6)) == "Tarsova: peace plan"


def test_a_noun_is_known_by_its_ending_where_titles_drop_articles() -> None:
    # Titles and leads written without articles never put a determiner before
    # "resignation"; its ending says it is a thing.
    story = (
        art("a", "2020-03-02", ("Mara Lind",), ("Vesland",),
            title="Mara Lind announces resignation as mayor of Vesland",
            summary="Mara Lind announced resignation after budget vote."),
        art("b", "2020-03-06", ("Mara Lind",), ("Vesland",),
            title="Vesland council accepts resignation of Mara Lind",
            summary="Council members voted to accept resignation."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Vesland: resignation"


def test_the_phrase_the_titles_write_beats_the_phrase_of_the_leads() -> None:
    # Both briefings write "primary election" in their titles and "presidential
    # election" in their leads: the titles' phrase names the story.
    story = (
        art("a", "2020-03-02", ("Mara Lind",), ("Vesland",),
            title="Mara Lind wins Vesland primary election",
            summary="Mara Lind won ahead of the presidential election."),
        art("b", "2020-03-06", ("Mara Lind",), ("Vesland",),
            title="Vesland party holds primary elections in fourteen towns",
            summary="Mara Lind led before the presidential elections."),
    )  # fmt: skip
    assert title_of(*story, *filler(6)) == "Vesland: primary election"


def test_a_thread_shows_first_the_names_its_titles_write() -> None:
    # Twelve places in both briefings: the one both titles write leads, however late in
    # the alphabet, and the list still holds ten names.
    places = (*(f"Alpha {i:02d}" for i in range(11)), "Zeta Valley")
    actors = ("Ana Ruiz",)
    story = (
        art("a", "2020-03-02", actors, places,
            title="Ana Ruiz wins the Zeta Valley primary",
            summary="Eleven other districts voted too."),
        art("b", "2020-03-03", actors, places,
            title="Zeta Valley counts the primary votes again",
            summary="Ana Ruiz asked for patience."),
    )  # fmt: skip
    site = sorted([*story, *filler(6)], key=lambda a: (-a.date.toordinal(), a.slug))
    (thread,) = find_threads(site)
    names = [c.name for c in thread.names]
    assert names[:2] == ["Zeta Valley", "Ana Ruiz"]
    assert len(names) == 10
