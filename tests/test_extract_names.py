"""Canonical names inside one document: titles, possessives, aliases, sentence starters."""

from __future__ import annotations

import pytest

from briefgen.extract import canonicalize_across, extract_entities, same_entity
from briefgen.extract.names import words_key


def actors(text: str, title: str = "") -> tuple[str, ...]:
    return extract_entities(title, text).actors


def locations(text: str, title: str = "") -> tuple[str, ...]:
    return extract_entities(title, text).locations


def test_putin_forms_become_one_full_name() -> None:
    text = (
        "President Putin met reporters in Moscow on Monday.\n\n"
        "Vladimir Putin said the talks were useful. Putin's spokesman agreed."
    )
    assert actors(text) == ("Vladimir Putin",)


def test_acronym_joins_its_full_name() -> None:
    text = (
        "The European Union imposed new sanctions on Tuesday. "
        "Diplomats said the EU would review them in March."
    )
    assert actors(text) == ("European Union",)


def test_the_kremlin_is_kremlin() -> None:
    found = actors("Analysts said the Kremlin was worried. The Kremlin denied it.")
    assert found == ("Kremlin",)


def test_possessives_are_stripped() -> None:
    text = "Lukashenko's critics gathered in Minsk. Belarus' opposition leader Maria Kolesnikova spoke."
    found = extract_entities("", text)
    assert "Lukashenko" in found.actors
    assert "Maria Kolesnikova" in found.actors
    assert set(found.locations) == {"Minsk", "Belarus"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prime Minister Boris Johnson spoke in London.", "Boris Johnson"),
        ("Iranian Foreign Minister Mohammad Javad Zarif left Tehran.", "Mohammad Javad Zarif"),
        ("Mr Sanders thanked his supporters.", "Sanders"),
        ("The speech by Pope Francis was short.", "Francis"),
        ("US Secretary of State Mike Pompeo arrived late.", "Mike Pompeo"),
    ],
)
def test_titles_are_stripped(text: str, expected: str) -> None:
    assert expected in actors(text)
    assert not any(
        a.split()[0] in {"President", "Prime", "Minister", "Mr", "Pope", "US", "Secretary", "State"}
        for a in actors(text)
    )


def test_title_splits_country_from_person() -> None:
    found = extract_entities(
        "", "US President Donald Trump spoke to Russian President Vladimir Putin."
    )
    assert found.actors == ("Donald Trump", "Vladimir Putin")
    assert found.locations == ("United States",)


@pytest.mark.parametrize(
    "text",
    [
        "Monday was quiet in the capital.",
        "The talks ended early.",
        "However, nobody came.",
        "Protesters gathered outside. Officials said little.",
        "Additionally, the plan was dropped.",
    ],
)
def test_sentence_initial_junk_is_rejected(text: str) -> None:
    found = extract_entities("", text)
    assert found.actors == ()
    assert found.locations == ()


def test_demonyms_are_not_locations() -> None:
    found = extract_entities("", "Belarusian protesters and Russian police met in Minsk.")
    assert found.locations == ("Minsk",)
    assert found.actors == ()


def test_organisation_of_place_stays_whole() -> None:
    found = extract_entities(
        "", "Researchers at the University of Kansas and the Bank of England agreed."
    )
    assert found.actors == ("University of Kansas", "Bank of England")
    assert found.locations == ()


def test_place_list_is_split_at_and() -> None:
    found = extract_entities("", "The United States and the European Union criticised the vote.")
    assert found.locations == ("United States",)
    assert found.actors == ("European Union",)


def test_us_forms_become_united_states() -> None:
    found = extract_entities("", "U.S. officials said the US would act. The United States agreed.")
    assert found.locations == ("United States",)


def test_prominence_orders_names() -> None:
    text = (
        "Angela Merkel met Emmanuel Macron in Berlin.\n\n"
        "Macron later flew to Paris. Macron said the meeting went well, and Macron smiled."
    )
    assert actors(text)[0] == "Emmanuel Macron"


def test_output_is_deterministic() -> None:
    text = "Joe Biden and Bernie Sanders campaigned in Iowa and New Hampshire on Sunday."
    first = extract_entities("Biden in Iowa", text)
    for _ in range(3):
        assert extract_entities("Biden in Iowa", text) == first


def test_same_entity_follows_the_scorer_rule() -> None:
    assert same_entity("Putin", "Vladimir Putin")
    assert same_entity("EU", "European Union")
    assert same_entity("the Kremlin", "Kremlin")
    assert not same_entity("North Carolina", "South Carolina")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("José Martí", ("jose", "marti")),  # accents go (ASCII names skip that pass)
        ("The Zürich Café’s Owner", ("zurich", "cafe", "owner")),
        ("ﬁnance Ministry", ("finance", "ministry")),  # a ligature folds to ASCII letters
        ("the European Union", ("european", "union")),
    ],
)
def test_words_key_folds_accents_case_and_the(name: str, key: tuple[str, ...]) -> None:
    assert words_key(name) == key


def test_canonicalize_across_uses_known_full_names() -> None:
    known = ["Joe Biden", "European Union", "John F. Kennedy", "Robert F. Kennedy"]
    # An acronym never joins a full name of another briefing ("ABC" is not always the
    # American Broadcasting Company); inside one briefing the extractor still merges it.
    assert canonicalize_across(["Biden", "EU", "NATO"], known) == ("Joe Biden", "EU", "NATO")
    # Ambiguous: two known Kennedys, so the short name stays.
    assert canonicalize_across(["Kennedy"], known) == ("Kennedy",)
    # Two names that become one are listed once.
    assert canonicalize_across(["Biden", "Joe Biden"], known) == ("Joe Biden",)


def test_one_country_is_listed_once() -> None:
    text = "Britain left the bloc. The United Kingdom then signed a deal, and Britain celebrated."
    assert extract_entities("", text).locations == ("United Kingdom",)


def test_canonicalize_across_keeps_the_site_name_of_a_country() -> None:
    assert canonicalize_across(["Britain", "Minsk"], ["United Kingdom", "Belarus"]) == (
        "United Kingdom",
        "Minsk",
    )


def test_headline_case_title_needs_the_body() -> None:
    found = extract_entities(
        "Putin Meets Lukashenko In Sochi As Protests Continue In Belarus",
        "Russian President Vladimir Putin met Alexander Lukashenko on Monday.",
    )
    assert found.actors == ("Vladimir Putin", "Alexander Lukashenko")
    assert set(found.locations) == {"Sochi", "Belarus"}


def test_all_caps_dateline_becomes_the_place_name() -> None:
    found = extract_entities("", "MOSCOW (Reuters) - Officials in Moscow said nothing.")
    assert found.locations == ("Moscow",)


@pytest.mark.parametrize(
    "text",
    [
        "He starred in Get On Up and in Rest In Peace.",
        "The court cited Roe v. Wade on Friday.",
        "Voters turned out on Super Tuesday.",
        "She died of Parkinson's disease.",
        "He wrote: THE USA IS GREAT AGAIN!",
    ],
)
def test_works_events_and_shouting_are_not_names(text: str) -> None:
    found = extract_entities("", text)
    assert found.actors == ()


def test_acronyms_and_saints() -> None:
    found = extract_entities(
        "", "UN officials flew to St Petersburg. The United Nations said the UN would help."
    )
    assert found.actors == ("United Nations",)
    assert found.locations == ("St Petersburg",)
    assert found.places[0].country_code == "RU"


def test_apposition_with_a_country_is_not_a_place() -> None:
    found = extract_entities("", "Maria Lvova-Belova, Russia's children's commissioner, spoke.")
    assert found.actors == ("Maria Lvova-Belova",)
    assert found.locations == ("Russia",)


def test_a_paternal_surname_alone_is_the_full_spanish_name() -> None:
    text = (
        "Ricardo Rosselló Nevares resigned as governor of Puerto Rico on Friday.\n\n"
        "Rosselló had faced weeks of protests after leaked chat messages were published."
    )
    assert extract_entities("", text).actors == ("Ricardo Rosselló Nevares",)
    # A one-word name only matches the second-to-last word of a longer name, not any word.
    other = "George Washington Carver taught at Tuskegee.\n\nCarver died in 1943."
    assert extract_entities("", other).actors[0] == "George Washington Carver"
