"""Related briefings, story threads, counterparts, timelines and the country roll-up, on
small hand-made sites whose answers are known."""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections import Counter
from pathlib import Path

from briefgen.geo import is_country
from briefgen.model import Article, Counterpart, MonthCount, Place
from briefgen.relate import (
    _DETERMINERS,
    COMMON_FLOOR,
    POSTING_REACH,
    TitleCounts,
    TitleWords,
    _count_titles,
    _may_be_topic,
    _stem,
    _tokens,
    bin_months,
    count_counterparts,
    find_place,
    find_threads,
    group_by_country,
    profile_term,
    relate_articles,
    relate_site,
    renew_relations,
    roll_up,
)
from briefgen.urls import article_url_path


def art(
    slug: str,
    day: str,
    actors: tuple[str, ...] = (),
    locations: tuple[str, ...] = (),
    places: tuple[Place, ...] = (),
    title: str = "",
    summary: str = "",
) -> Article:
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
        places=places,
        source="",
        draft=False,
        body_html="",
        extra={},
    )


def newest_first(*articles: Article) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (-a.date.toordinal(), a.slug, a.key)))


def keys(articles: tuple[Article, ...]) -> list[str]:
    return [a.slug for a in articles]


# --- Related briefings -----------------------------------------------------------------


def test_related_prefers_rare_shared_names_over_common_ones() -> None:
    site = newest_first(
        art("me", "2020-05-10", ("Rare Person", "Common Body"), ("Everywhere",)),
        art("rare", "2020-05-10", ("Rare Person",)),
        art("common", "2020-05-10", ("Common Body",), ("Everywhere",)),
        *(art(f"filler-{i}", "2020-01-01", ("Common Body",), ("Everywhere",)) for i in range(6)),
        art("unrelated", "2020-05-10", ("Someone Else",)),
    )
    related = relate_articles(site)
    assert keys(related["me.md"])[0] == "rare"
    assert "me" not in keys(related["me.md"])
    assert "unrelated" not in keys(related["me.md"])
    assert related["unrelated.md"] == ()


def test_related_prefers_the_nearer_in_time_and_breaks_ties_stably() -> None:
    site = newest_first(
        art("me", "2020-05-10", ("Ana",)),
        art("near", "2020-05-12", ("Ana",)),
        art("far", "2019-05-12", ("Ana",)),
        art("before", "2020-05-08", ("Ana",)),  # two days away too: the newer wins the tie
        art("b-same", "2020-05-10", ("Ana",)),
        art("a-same", "2020-05-10", ("Ana",)),
    )
    related = relate_articles(site)
    assert keys(related["me.md"]) == ["a-same", "b-same", "near", "before", "far"]
    # Shuffled input gives the same answer: the order does not depend on the input order.
    assert relate_articles(tuple(reversed(site)))["me.md"] == related["me.md"]


def test_related_keeps_at_most_five() -> None:
    site = newest_first(*(art(f"a{i}", "2020-05-10", ("Ana",)) for i in range(9)))
    assert all(len(r) == 5 for r in relate_articles(site).values())


def test_a_very_common_name_only_reaches_its_neighbours_in_time() -> None:
    count = 4 * POSTING_REACH
    site = newest_first(
        *(
            art(
                f"d{i:03d}", (datetime.date(2020, 1, 1) + datetime.timedelta(i)).isoformat(), ("X",)
            )
            for i in range(count)
        )
    )
    related = relate_articles(site)
    # The first day's briefing sees its next days, never the far end of the list.
    assert keys(related["d000.md"]) == ["d001", "d002", "d003", "d004", "d005"]


def test_a_name_on_most_of_a_large_site_finds_no_candidates() -> None:
    count = 2 * COMMON_FLOOR + 2
    base = datetime.date(2020, 1, 1)
    site = newest_first(
        *(
            art(f"n{i:03d}", (base + datetime.timedelta(i)).isoformat(), ("Everyone", f"P{i // 2}"))
            for i in range(count)
        )
    )
    related = relate_articles(site)
    # Only the briefing sharing the rare name is listed, though all share "Everyone".
    assert keys(related["n000.md"]) == ["n001"]
    # On a small site the same name still relates briefings.
    small = newest_first(
        art("a", "2020-01-01", ("Everyone",)), art("b", "2020-01-02", ("Everyone",))
    )
    assert keys(relate_articles(small)["a.md"]) == ["b"]


# --- Story threads ---------------------------------------------------------------------


def _belarus_site() -> tuple[Article, ...]:
    story = ("Alexander Lukashenko", "Sviatlana Tsikhanouskaya")
    return newest_first(
        art("vote", "2020-08-09", story, ("Belarus", "Minsk")),
        art("protests", "2020-08-11", story, ("Belarus", "Minsk")),
        art("strike", "2020-08-14", ("Alexander Lukashenko",), ("Belarus", "Minsk")),
        art("march", "2020-08-17", story, ("Belarus",)),
        # the same names, but three weeks later: a new thread
        art("later", "2020-09-10", story, ("Belarus", "Minsk")),
        art("later-2", "2020-09-12", story, ("Belarus", "Minsk")),
        # the same days, other names
        art("storm", "2020-08-10", ("Weather Service",), ("Florida",)),
        art("storm-2", "2020-08-11", ("Coast Guard",), ("Florida",)),  # one shared name only
        art("football", "2020-08-12", ("UEFA",), ("Lisbon",)),
        # one shared name with the story is not enough
        art("visit", "2020-08-10", ("Vladimir Putin", "Alexander Lukashenko"), ("Sochi",)),
    )


def test_threads_group_one_story_and_split_at_a_gap() -> None:
    threads = find_threads(_belarus_site())
    assert [keys(t.articles) for t in threads] == [
        ["later-2", "later"],
        ["march", "strike", "protests", "vote"],
    ]
    august = threads[1]
    assert august.first == datetime.date(2020, 8, 9)
    assert august.last == datetime.date(2020, 8, 17)
    assert august.title == "Belarus and Alexander Lukashenko"
    assert august.url_path == "threads/2020/08/09/vote/"


def test_thread_urls_do_not_move_when_briefings_are_added() -> None:
    before = {t.url_path: keys(t.articles) for t in find_threads(_belarus_site())}
    more = (
        art("later-3", "2020-09-15", ("Alexander Lukashenko",), ("Belarus", "Minsk")),
        art("unrelated", "2020-08-12", ("Joe Biden",), ("Delaware",)),
        *(art(f"news-{i}", "2020-07-01", (f"P{i}", "Q"), ("R",)) for i in range(30)),
    )
    after = {t.url_path: keys(t.articles) for t in find_threads(_belarus_site() + more)}
    assert set(before) <= set(after)
    assert after["threads/2020/08/09/vote/"] == before["threads/2020/08/09/vote/"]
    assert after["threads/2020/09/10/later/"] == ["later-3", "later-2", "later"]


def test_threads_are_deterministic_whatever_the_input_order() -> None:
    site = _belarus_site()
    assert find_threads(site) == find_threads(tuple(reversed(site)))


def test_no_thread_from_a_briefing_alone_or_without_names() -> None:
    site = newest_first(
        art("a", "2020-01-01"), art("b", "2020-01-01"), art("c", "2020-01-02", ("X",))
    )
    assert find_threads(site) == ()


def _place(name: str, code: str) -> Place:
    return Place(name=name, country_code=code, latitude=None, longitude=None, kind="other")


TORONTO = ("Toronto", "Canada")
TORONTO_PLACES = (_place("Toronto", "CA"), _place("Canada", "CA"))
WALES = ("Wales", "United Kingdom")
WALES_PLACES = (_place("Wales", "GB"), _place("United Kingdom", "GB"))


def _quiet_site(count: int = 40) -> list[Article]:
    """Unrelated briefings months away, each with its own names and words."""
    words = "harbour budget council library orchard ferry bridge museum tram canal".split()
    return [
        art(f"quiet-{i}", "2018-01-01", (f"Person {i}",), (f"Town {i}",),
            title=f"{words[i % 10].capitalize()} plan {i} debated",
            summary=f"The {words[(i + 3) % 10]} vote was delayed in {words[(i + 5) % 10]}.")
        for i in range(count)
    ]  # fmt: skip


def test_two_stories_from_one_country_and_city_in_one_week_are_no_thread() -> None:
    site = newest_first(
        # a court case and a murder trial in one city: country and city shared, no actor
        art("tourist", "2019-02-02", ("Antoine Quirin", "Brigade Criminelle"),
            (*TORONTO, "Paris"), places=TORONTO_PLACES,
            title="Two officers found guilty of raping a tourist from Toronto",
            summary="A Paris court found the officers guilty."),
        art("murders", "2019-02-01", ("Bruce McArthur", "Toronto Police"), TORONTO,
            places=TORONTO_PLACES,
            title="Bruce McArthur admits eight murders",
            summary="The landscaper pleaded guilty in a Toronto court."),
        # a fire and a rail timetable, one day apart, in Wales
        art("fire", "2020-06-06", ("Fire Service",), ("Gwynedd", *WALES),
            places=WALES_PLACES, title="Fire breaks out at a hall in Gwynedd"),
        art("rail", "2020-06-05", ("Grant Shapps",), WALES, places=WALES_PLACES,
            title="Masks required on trains from June"),
        *_quiet_site(),
    )  # fmt: skip
    assert find_threads(site) == ()


def test_one_story_with_a_shared_actor_and_place_two_days_apart_is_a_thread() -> None:
    site = newest_first(
        art("arrest", "2019-01-18", ("Bruce McArthur", "Toronto Police"), TORONTO,
            places=TORONTO_PLACES, title="Police arrest a landscaper"),
        art("charges", "2019-01-20", ("Bruce McArthur", "Hank Idsinga"), TORONTO,
            places=TORONTO_PLACES, title="More charges laid"),
        *_quiet_site(),
    )  # fmt: skip
    [thread] = find_threads(site)
    assert keys(thread.articles) == ["charges", "arrest"]


def test_a_shared_place_and_rare_shared_words_make_a_thread_without_an_actor() -> None:
    quake = (
        art("quake", "2011-02-22", ("Civil Defence",), ("Christchurch", "New Zealand"),
            places=(_place("Christchurch", "NZ"), _place("New Zealand", "NZ")),
            title="Earthquake of magnitude 6.3 hits Christchurch",
            summary="Buildings collapsed in the centre; aftershocks followed."),
        art("toll", "2011-02-24", ("Red Cross",), ("Christchurch", "New Zealand"),
            places=(_place("Christchurch", "NZ"), _place("New Zealand", "NZ")),
            title="Earthquake toll rises as aftershocks shake the city",
            summary="Rescuers search collapsed buildings."),
    )  # fmt: skip
    [thread] = find_threads(newest_first(*quake, *_quiet_site()))
    assert keys(thread.articles) == ["toll", "quake"]
    # The same words, but the places are a country and a continent: no thread.
    wide = (_place("New Zealand", "NZ"), _place("Oceania", ""))
    terms = (("actors", ()), ("locations", ("New Zealand", "Oceania")), ("tags", ()))
    country = tuple(dataclasses.replace(a, terms=terms, places=wide) for a in quake)
    assert find_threads(newest_first(*country, *_quiet_site())) == ()


def test_a_common_actor_links_no_stories() -> None:
    # A head of state named in a fifth of the site is no evidence of one story.
    busy = [
        art(f"busy-{i}", f"2020-03-{1 + i % 28:02d}", ("Donald Trump", f"Aide {i}"),
            ("Washington", "United States"),
            places=(_place("Washington", "US"), _place("United States", "US")),
            title=f"Topic {i} of the day")
        for i in range(12)
    ]  # fmt: skip
    assert find_threads(newest_first(*busy, *_quiet_site(40))) == ()


def test_a_chain_of_links_is_one_thread_in_a_stable_order() -> None:
    story = ("Ana Ruiz", "Port Authority")
    chain_ = (
        art("one", "2021-05-01", story, ("Valparaíso",), title="Strike at the port"),
        art("two", "2021-05-04", story, ("Valparaíso",), title="Port strike spreads"),
        art("three", "2021-05-07", story, ("Valparaíso",), title="Port strike ends"),
    )  # fmt: skip
    site = newest_first(*chain_, *_quiet_site())
    [thread] = find_threads(site)
    # "one" and "three" lie six days apart: "two" joins them.
    assert keys(thread.articles) == ["three", "two", "one"]
    assert find_threads(tuple(reversed(site))) == find_threads(site)
    assert find_threads(tuple(sorted(site, key=lambda a: a.key))) == find_threads(site)


def test_an_edited_lead_that_shows_one_story_links_on_the_next_relate() -> None:
    places = (_place("Christchurch", "NZ"), _place("New Zealand", "NZ"))
    where = ("Christchurch", "New Zealand")
    site = newest_first(
        art("quake", "2011-02-22", ("Civil Defence",), where, places=places,
            title="Earthquake of magnitude 6.3 hits Christchurch",
            summary="Aftershocks followed."),
        art("later", "2011-02-24", ("Red Cross",), where, places=places,
            title="Volunteers gather", summary="Students help."),
        *_quiet_site(),
    )  # fmt: skip
    before = relate_site(site, ())
    assert before.threads == ()
    edited = tuple(
        dataclasses.replace(
            a, title="Earthquake aftershocks shake the city", summary="Magnitude 5 and more."
        )
        if a.slug == "later"
        else a
        for a in site
    )
    after = relate_site(edited, (), previous=before)
    assert [keys(t.articles) for t in after.threads] == [["later", "quake"]]
    assert after.threads == relate_site(edited, ()).threads
    # A thread joined by an edit is no rename: everything was computed afresh, which tells
    # reassemble_site to assemble the whole site.
    assert after.profiles is not before.profiles
    # An edit that changes no link keeps the profiles and renames the threads in place.
    again = tuple(
        dataclasses.replace(a, summary="Magnitude 5 and more, said rescuers.")
        if a.slug == "later"
        else a
        for a in edited
    )
    renamed = relate_site(again, (), previous=after)
    assert renamed.profiles is after.profiles
    assert [keys(t.articles) for t in renamed.threads] == [["later", "quake"]]


KENYA = (_place("Kenya", "KE"),)


def _marathons(chicago_in_both: bool) -> list[Article]:
    """A record in one marathon and a race in another city a day apart, one runner in both."""
    where = "the Chicago Marathon course" if chicago_in_both else "a park in Vienna"
    return [
        art("record", "2019-10-14",
            ("Brigid Kosgei", "Lawrence Cherono", "Paula Radcliffe", "Eliud Kipchoge",
             "Athletics Federation"), ("Kenya", "Chicago"), places=KENYA,
            title="Brigid Kosgei of Kenya wins the 2019 Chicago Marathon",
            summary="Kosgei broke the marathon world record for women."),
        art("two-hours", "2019-10-13", ("Eliud Kipchoge", "Athletics Federation"),
            ("Kenya", "Vienna"), places=KENYA,
            title="Eliud Kipchoge from Kenya runs a marathon in less than two hours",
            summary=f"Kipchoge ran on {where}; no one had run a marathon this fast."),
    ]  # fmt: skip


def test_two_named_occasions_of_one_kind_of_event_are_two_stories() -> None:
    # One runner, one federation and one country in both, two days apart, and both write
    # "marathon": but one tells of the Chicago Marathon, the other of a race elsewhere.
    assert find_threads(newest_first(*_marathons(False), *_quiet_site())) == ()
    # When the second one writes the occasion too, they are one story.
    [thread] = find_threads(newest_first(*_marathons(True), *_quiet_site()))
    assert keys(thread.articles) == ["record", "two-hours"]


def test_an_institution_written_in_full_once_is_no_occasion() -> None:
    # The court is not among the actors: only the places can tell an occasion from it.
    judges = ("Pedro Pierluisi", "Wanda Vazquez")
    site = newest_first(
        art("sworn", "2019-08-04", ("Pedro Pierluisi", "Ricardo Rossello"), ("Puerto Rico",),
            title="Pedro Pierluisi is sworn in as governor of Puerto Rico",
            summary="The court may be asked to rule on the swearing-in."),
        art("ruling", "2019-08-08", judges, ("Puerto Rico", "San Juan"),
            title="The Supreme Court in San Juan rules against Pedro Pierluisi",
            summary="The court found the swearing-in unconstitutional."),
        *_quiet_site(),
    )  # fmt: skip
    [thread] = find_threads(site)
    assert keys(thread.articles) == ["ruling", "sworn"]


def test_a_storm_named_two_ways_and_an_agency_named_in_both_is_one_occasion() -> None:
    agency = ("National Hurricane Center", "Weather Office")
    site = newest_first(
        art("upgrade", "2019-09-16", agency, ("Bermuda",),
            title="National Hurricane Center upgrades Tropical Storm Humberto",
            summary="Humberto became the third hurricane of the season."),
        art("warning", "2019-09-19", agency, ("Bermuda",),
            title="Hurricane warning for Hurricane Humberto in Bermuda",
            summary="The National Hurricane Center said the hurricane would pass by."),
        *_quiet_site(),
    )  # fmt: skip
    [thread] = find_threads(site)
    assert keys(thread.articles) == ["warning", "upgrade"]


def test_a_source_both_cite_far_down_their_names_is_no_story() -> None:
    cited = ("State Legislatures Survey",)
    site = newest_first(
        art("islands", "2020-03-15",
            ("Democratic Party", "Bernie Sanders", "Joe Biden", "Hillary Clinton", *cited),
            ("Northern Mariana Islands", "Vermont"),
            title="Democratic Party holds caucuses in the Northern Mariana Islands",
            summary="Bernie Sanders won the caucuses."),
        art("states", "2020-03-11",
            ("Democratic Party", "Joe Biden", "Bernie Sanders", "Pete Buttigieg", *cited),
            ("Michigan", "Vermont"),
            title="Democratic Party holds primaries in six states",
            summary="Joe Biden won in Michigan."),
        # Both parties are named by many briefings: only the survey is a rare actor.
        *(art(f"party-{i}", "2020-03-13", ("Democratic Party", "Joe Biden", "Bernie Sanders"),
              (f"Town {i}",), title=f"Rally {i}") for i in range(12)),
        *_quiet_site(),
    )  # fmt: skip
    assert find_threads(site) == ()


# --- Thread titles ----------------------------------------------------------------------

LUKASHENKO = ("Alexander Lukashenko",)


def _filler(count: int, title: str = "Council debates the harbour budget") -> list[Article]:
    """Unrelated briefings months away: the rest of the site titles are weighed against."""
    return [
        art(f"filler-{i}", "2019-01-01", (f"Person {i}",), (f"Town {i}",), title=title)
        for i in range(count)
    ]


def _title_of(*articles: Article) -> str:
    threads = find_threads(newest_first(*articles))
    assert len(threads) == 1
    return threads[0].title


def test_a_thread_is_named_by_its_place_and_the_word_its_titles_share() -> None:
    story = (
        art("a", "2020-08-10", LUKASHENKO, ("Belarus", "Minsk"),
            title="Protests erupt in Belarus after the vote",
            summary="Thousands marched in Minsk on Sunday."),
        art("b", "2020-08-11", LUKASHENKO, ("Belarus", "Minsk"),
            title="Police detain hundreds of protesters in Minsk",
            summary="Riot police broke up the protests in the capital of Belarus."),
        art("c", "2020-08-12", LUKASHENKO, ("Belarus", "Minsk"),
            title="Workers join the protests in Belarus",
            summary="State factories stopped work."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(5)) == "Belarus: protests"


def test_a_shared_name_phrase_that_holds_the_main_name_is_the_title() -> None:
    story = (
        art("a", "2019-09-01", ("Hubert Minnis",), ("Bahamas",),
            title="Hurricane Dorian strengthens over the Bahamas",
            summary="The storm reached category 5."),
        art("b", "2019-09-03", ("Hubert Minnis",), ("Bahamas",),
            title="Bahamas counts the damage of Hurricane Dorian",
            summary="Hubert Minnis asked for aid."),
    )  # fmt: skip
    # "Hurricane Dorian" is shared but is no actor here: the place leads, then the phrase.
    assert _title_of(*story, *_filler(5)) == "Bahamas: Hurricane Dorian"
    named = (
        art("a", "2019-09-01", ("Hurricane Dorian", "Hubert Minnis"), ("Bahamas",),
            title="Hurricane Dorian strengthens to category 5",
            summary="The storm reached the islands."),
        art("b", "2019-09-03", ("Hurricane Dorian", "Hubert Minnis"), ("Bahamas",),
            title="Bahamas counts the damage of Hurricane Dorian",
            summary="Hubert Minnis asked for aid."),
    )  # fmt: skip
    # Named as an actor and written in every title, the storm is the main name; with no
    # other word shared, it is the title.
    assert _title_of(*named, *_filler(5)) == "Hurricane Dorian"


def test_a_word_common_across_the_site_gives_way_to_a_rarer_shared_one() -> None:
    story = (
        art("a", "2020-03-02", ("Party Leader",), ("Ohio",),
            title="Ohio election board delays the primary vote"),
        art("b", "2020-03-03", ("Party Leader",), ("Ohio",),
            title="Court rules on the primary and the election in Ohio"),
    )  # fmt: skip
    # Both titles share "election" and "primary"; the site is full of elections.
    assert _title_of(*story, *_filler(8, "Town holds an election for council")) == "Ohio: primary"
    # On a site full of primaries instead, the election is what sets the story apart.
    assert _title_of(*story, *_filler(8, "Town holds a primary for council")) == "Ohio: election"


def test_verbs_adjectives_and_function_words_are_no_topic() -> None:
    story = (
        art("a", "2019-02-01", ("Bruce McArthur",), ("Toronto", "Canada"),
            title="Man pleads guilty in Toronto and says he will appeal"),
        art("b", "2019-02-02", ("Bruce McArthur",), ("Toronto", "Canada"),
            title="Officers found guilty after they say the case is closed"),
    )  # fmt: skip
    # Nothing the two share is a thing: the one name their titles write.
    assert _title_of(*story, *_filler(3)) == "Toronto"


def test_thread_titles_are_deterministic_and_never_take_markup() -> None:
    story = (
        art("a", "2020-05-01", ("<b>Ana</b>",), ("Lyon",),
            title="<script> flood warning for Lyon", summary="The flood <i>rose</i>."),
        art("b", "2020-05-02", ("<b>Ana</b>",), ("Lyon",),
            title="Flood reaches the old town of Lyon", summary="A flood barrier held."),
    )  # fmt: skip
    site = newest_first(*story, *_filler(4))
    title = find_threads(site)[0].title
    assert title == "Lyon: flood"
    assert title == find_threads(tuple(reversed(site)))[0].title
    # Words come from titles as letters and digits only; names stay as written (the
    # templates escape them).
    assert "<" not in title


def test_a_hyphenated_word_about_a_name_is_no_name() -> None:
    story = (
        art("a", "2020-07-01", ("Ana Ruiz",), ("Detroit",),
            title="US-based firm recalls the cars"),
        art("b", "2020-07-02", ("Ana Ruiz",), ("Detroit",),
            title="Regulator fines US-based firm over the cars"),
    )  # fmt: skip
    assert _title_of(*story, *_filler(3)) == "Detroit: cars"


def test_a_title_spelled_at_a_sentence_start_is_written_in_lowercase() -> None:
    story = (
        art("a", "2020-06-01", ("Ana Ruiz",), ("Quito",),
            title="Landslide blocks the road to Quito", summary="A landslide hit the valley."),
        art("b", "2020-06-02", ("Ana Ruiz",), ("Quito",),
            title="Quito clears the landslide", summary="Crews worked through the night."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(3)) == "Quito: landslide"


def test_a_title_and_the_first_name_of_a_person_are_no_topic() -> None:
    # "President" is an honorific and "Alexander" half a name: neither is the story.
    story = (
        art("a", "2020-08-10", LUKASHENKO, ("Belarus", "Minsk"),
            title="President Alexander Lukashenko claims victory in Belarus",
            summary="President Lukashenko said he won."),
        art("b", "2020-08-11", LUKASHENKO, ("Belarus", "Minsk"),
            title="Opposition rejects President Alexander Lukashenko's win",
            summary="Crowds gathered in Minsk."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(6)) == "Alexander Lukashenko"
    # Spelled without his first name in the front matter, "Alexander" beside it is still
    # part of his name.
    short = tuple(
        dataclasses.replace(a, terms=(("actors", ("Lukashenko",)), *a.terms[1:])) for a in story
    )
    assert _title_of(*short, *_filler(6)) == "Lukashenko"
    # With a shared topic, the person every title writes leads.
    protests = (
        art("c", "2020-08-12", LUKASHENKO, ("Belarus", "Minsk"),
            title="Protests grow against President Alexander Lukashenko",
            summary="The protests reached Minsk."),
        art("d", "2020-08-13", LUKASHENKO, ("Belarus", "Minsk"),
            title="Police break up the protests as President Alexander Lukashenko speaks",
            summary="Belarus closed its borders."),
    )  # fmt: skip
    assert _title_of(*protests, *_filler(6)) == "Alexander Lukashenko: protests"


def test_an_office_written_as_a_title_is_no_topic() -> None:
    story = (
        art("a", "2020-01-05", ("Boris Johnson",), ("London", "United Kingdom"),
            title="Prime Minister Boris Johnson calls an election",
            summary="Prime Minister Johnson spoke in London."),
        art("b", "2020-01-07", ("Boris Johnson",), ("London", "United Kingdom"),
            title="Parliament backs the Prime Minister's election",
            summary="The Prime Minister won the vote."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(6)) == "Boris Johnson: election"


def test_a_named_storm_is_whole_however_its_name_is_written() -> None:
    # The storm is an actor here, written in lowercase, with a possessive, and by its
    # last word alone: none of its words becomes the topic, and the whole name is kept.
    story = (
        art("a", "2019-09-01", ("Hurricane Dorian", "Dorian", "Hubert Minnis"), ("Bahamas",),
            title="Hurricane Dorian's winds strengthen over the Bahamas",
            summary="The storm reached category 5."),
        art("b", "2019-09-03", ("Dorian", "Hubert Minnis"), ("Bahamas",),
            title="Bahamas counts the damage of hurricane Dorian",
            summary="Prime Minister Hubert Minnis asked for aid."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(6)) == "Bahamas: Hurricane Dorian"
    # An agency named "National Hurricane Center" does not make "Hurricane Dorian" a name
    # of the thread: the storm is the topic.
    agency = (
        art("c", "2019-09-01", ("National Hurricane Center",), ("Bahamas",),
            title="Hurricane Dorian strengthens over the Bahamas",
            summary="The National Hurricane Center said the storm reached category 5."),
        art("d", "2019-09-03", ("National Hurricane Center",), ("Bahamas",),
            title="Bahamas counts the damage of Hurricane Dorian",
            summary="Dorian's winds fell."),
    )  # fmt: skip
    assert _title_of(*agency, *_filler(6)) == "Bahamas: Hurricane Dorian"


def test_no_word_of_a_multiword_organisation_is_the_topic() -> None:
    story = (
        art("a", "2020-01-05", ("World Health Organization",), ("Geneva",),
            title="World Health Organization warns of a new virus",
            summary="The World Health Organization met in Geneva."),
        art("b", "2020-01-07", ("World Health Organization",), ("Geneva",),
            title="Health ministers back the World Health Organization on the virus",
            summary="The virus spread to ten countries."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(6)) == "World Health Organization: virus"


def test_with_no_shared_topic_a_place_and_an_actor_name_the_thread() -> None:
    # Two places, one inside the other, say less than the place and the person.
    places = (_place("Iran", "IR"), _place("Tehran", "IR"))
    story = (
        art("a", "2020-01-09", ("Qasem Soleimani",), ("Iran", "Tehran"), places=places,
            title="Stampede delays Soleimani's burial",
            summary="During the funeral of General Qasem Soleimani, a stampede erupted."),
        art("b", "2020-01-13", ("Qasem Soleimani",), ("Iran", "Tehran"), places=places,
            title="Iran admits a missile shot down the airliner near Tehran",
            summary="Officials blamed human error."),
    )  # fmt: skip
    assert _title_of(*story, *_filler(6)) == "Iran: Qasem Soleimani"


# --- Term profiles ---------------------------------------------------------------------


def test_timeline_bins_every_month_including_empty_ones() -> None:
    site = newest_first(
        art("a", "2019-11-30"),
        art("b", "2019-11-01"),
        art("c", "2020-02-29"),
        art("d", "2020-02-01"),
    )
    assert bin_months(site) == (
        MonthCount(2019, 11, 2),
        MonthCount(2019, 12, 0),
        MonthCount(2020, 1, 0),
        MonthCount(2020, 2, 2),
    )
    assert bin_months(()) == ()


def test_counterparts_count_names_named_together() -> None:
    site = newest_first(
        art("a", "2020-01-01", ("Ana", "Bo"), ("Paris",)),
        art("b", "2020-01-02", ("Ana", "Bo", "Cy"), ("Paris", "Lyon")),
        art("c", "2020-01-03", ("Ana", "Cy"), ("Lyon",)),
    )
    assert count_counterparts(site, ("actors", "Ana")) == (
        Counterpart("actors", "Bo", 2),
        Counterpart("actors", "Cy", 2),
        Counterpart("locations", "Lyon", 2),
        Counterpart("locations", "Paris", 2),
    )
    assert count_counterparts(site, ("actors", "Ana"), limit=1) == (Counterpart("actors", "Bo", 2),)


def test_a_country_rolls_up_its_places() -> None:
    countries = {"France": "FR", "Paris": "FR", "Lyon": "FR", "Berlin": "DE", "Nice": "FR"}
    counts = {"France": 9, "Paris": 4, "Lyon": 4, "Berlin": 7}  # Nice has no briefings
    inside = group_by_country(countries)
    assert roll_up(counts, inside["FR"], "France") == (
        Counterpart("locations", "Lyon", 4),
        Counterpart("locations", "Paris", 4),
    )


def test_profile_of_a_country_and_of_a_city() -> None:
    paris = Place("Paris", "FR", 48.85, 2.35, "other")
    france = Place("France", "FR", None, None, "other")
    site = newest_first(
        art("a", "2020-01-05", ("Ana",), ("France", "Paris"), (france, paris)),
        art("b", "2020-03-02", ("Bo",), ("France",), (france,)),
        art("c", "2020-03-09", ("Bo",), ("Paris",), (paris,)),
    )
    countries = {"France": "FR", "Paris": "FR"}
    kw = {
        "counts": {"France": 2, "Paris": 2},
        "countries": countries,
        "by_country": group_by_country(countries),
        "is_country": is_country,
    }
    in_france = tuple(a for a in site if "France" in a.names("locations"))
    profile = profile_term("locations", "France", in_france, **kw)  # type: ignore[arg-type]
    assert profile.is_country
    assert profile.count == 2
    assert (profile.first, profile.last) == (datetime.date(2020, 1, 5), datetime.date(2020, 3, 2))
    assert [(m.month, m.count) for m in profile.timeline] == [(1, 1), (2, 0), (3, 1)]
    assert profile.places == (Counterpart("locations", "Paris", 2),)
    in_paris = tuple(a for a in site if "Paris" in a.names("locations"))
    city = profile_term("locations", "Paris", in_paris, **kw)  # type: ignore[arg-type]
    assert not city.is_country and city.places == ()
    assert city.place == paris
    actor = profile_term("actors", "Bo", site[:2], **kw)  # type: ignore[arg-type]
    assert actor.place is None and not actor.is_country


def test_find_place_prefers_an_entry_with_coordinates() -> None:
    bare = Place("Minsk", "BY", None, None, "other")
    full = Place("Minsk", "BY", 53.9, 27.57, "city")
    site = newest_first(
        art("new", "2020-02-01", places=(bare,)), art("old", "2020-01-01", places=(full,))
    )
    assert find_place(site, "Minsk") == full
    assert find_place(site[:1], "Minsk") == bare
    assert find_place(site, "Pinsk") is None


def _words_state(words: TitleWords) -> tuple[object, ...]:
    return (words.idf, words.idf_unseen, words.names, words.common, words.nouns)


def test_title_counts_give_the_title_words_and_follow_edited_titles() -> None:
    site = [
        *_filler(4, "Town holds an election for council"),
        art("a", "2020-03-02", title="Ohio election board delays the primary vote"),
        art("b", "2020-03-03", title="Court rules on the primary and the election in Ohio"),
        art("c", "2020-03-04", title="The United States and state media"),
    ]
    counts = TitleCounts(site)
    assert _words_state(counts.words) == _words_state(TitleWords(site))
    edits = {
        0: "Town holds a primary for the Council",  # a stem now written with a capital
        4: "Ohio board delays vote",  # words gone from the site's titles
        6: "The United States and state media",  # unchanged
    }
    for index, title in edits.items():
        new = dataclasses.replace(site[index], title=title)
        renewed, changed = counts.renew([(site[index], new)])
        site[index] = new
        assert _words_state(renewed.words) == _words_state(TitleWords(site)), title
        assert counts.words is not renewed.words  # the previous counts are left as they were
        assert _differ(counts.words, renewed.words) <= changed, title
        counts = renewed


def _differ(before: TitleWords, after: TitleWords) -> set[str]:
    """Stems written as a name or in lowercase differently; for a topic word, weighed
    differently or a noun now or no longer (what naming a thread reads of them)."""
    stems = {*before.idf, *after.idf, *before.names, *after.names, *before.nouns, *after.nouns}
    stems |= {*before.common, *after.common}
    topic = {s for s in stems if _may_be_topic(s)}
    return {
        s
        for s in stems
        if (s in before.names, s in before.common) != (s in after.names, s in after.common)
        or (
            s in topic
            and (before.idf.get(s), s in before.nouns) != (after.idf.get(s), s in after.nouns)
        )
    }


def test_an_edited_title_elsewhere_renames_a_thread_it_is_not_in() -> None:
    """Thread titles weigh words against every title: renewing must find such threads."""
    story = [
        art("a", "2020-03-02", ("Party Leader",), ("Ohio",),
            title="Ohio election board delays the primary vote"),
        art("b", "2020-03-03", ("Party Leader",), ("Ohio",),
            title="Court rules on the primary and the election in Ohio"),
    ]  # fmt: skip
    filler = _filler(8, "Town holds an election for council")
    site = newest_first(*story, *filler)
    relations = relate_site(site, ())
    assert [t.title for t in relations.threads] == ["Ohio: primary"]
    titles = None
    for old in filler:
        new = dataclasses.replace(old, title="Town holds a primary for council")
        renewal = renew_relations(relations, [(old, new)], titles)
        assert renewal is not None
        relations, titles = renewal
        site = tuple(new if a is old else a for a in site)
        full = relate_site(site, ())
        assert relations.threads == full.threads
        assert relations.related == full.related
        assert relations.inputs == full.inputs
    assert [t.title for t in relations.threads] == ["Ohio: election"]


def test_renewing_gives_up_when_a_briefing_moves() -> None:
    site = newest_first(*_belarus_site())
    relations = relate_site(site, ())
    old = site[0]
    moved = dataclasses.replace(old, terms=(("actors", ("Someone Else",)), *old.terms[1:]))
    assert renew_relations(relations, [(old, moved)]) is None
    assert renew_relations(relations, [(old, dataclasses.replace(old, date=old.date))]) is not None


def _count_titles_one_by_one(
    titles: list[str],
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """What `_count_titles` counts, read token by token as `_tokens` gives them."""
    df: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    nouns: Counter[str] = Counter()
    for title in titles:
        tokens = _tokens(title, {})
        df.update({stem for _w, stem, _i, _j in tokens})
        previous = ""
        after: set[str] = set()
        for word, stem, initial, _joined in tokens:
            if not initial:
                (capital if word[:1].isupper() else lower)[stem] += 1
            if previous in _DETERMINERS:
                after.add(stem)
            previous = word.casefold()
        nouns.update(after)
    return df, capital, lower, nouns


def test_title_counts_read_in_c_equal_those_read_token_by_token() -> None:
    titles = [
        "",
        "—",
        '"Quoted" start: The Word after a colon; and. Then! What? (Open) “Curly” ‘single’',
        "US-based firm's CEO says: ‘the plan’ — Ohio’s vote – a U.S. state’s “Big Day”",
        "In the city of Ａthens ſome THE The tHe, of Of; IN in",
        "Protests and protesters: protest in Minsk… «Belarus» · the end. . .  Next",
        "A-b -c d- 'e f' 1st 2020 COVID-19 by-election __init__ x_y",
        "Hurricane Dorian hits the Bahamas: \tNew  storm\n( Again",
    ]
    rng = random.Random(3)
    alphabet = [*"aAbB eE.:;!?-'’“”‘(—–_ 19", "the ", "The ", "of ", " in "]
    titles += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(400)]
    stems: dict[str, str] = {}
    assert _count_titles(titles, stems) == _count_titles_one_by_one(titles)
    assert all(stems[word] == _stem(word) for word in stems)
