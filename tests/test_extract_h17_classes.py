"""Classes of junk names on the real-text site (session 17), each with its own made-up text."""

from __future__ import annotations

from briefgen.extract import extract_entities


def _names(text: str) -> set[str]:
    found = extract_entities("", text)
    return set(found.actors) | set(found.locations)


def test_a_denomination_adjective_is_no_actor() -> None:
    text = (
        "A Pentecostal church bus from Zorbleton crashed on Monday, and a Methodist chapel "
        "opened its doors. Sunnis and Shi'as prayed together, officials said."
    )
    assert not {"Pentecostal", "Methodist", "Sunnis", "Shi'as"} & _names(text)


def test_a_road_word_cut_from_its_number_is_dropped() -> None:
    text = (
        "Two trucks collided on Interstate 75 near Gainesville, Florida. Traffic was sent "
        "to Route 441 and Highway 20 until the evening."
    )
    assert not {"Interstate", "Route", "Highway"} & _names(text)
    assert "Gainesville" in _names(text)


def test_a_sentence_opener_paired_with_a_lowercase_word_is_no_name() -> None:
    text = (
        '"Heartbroken and numb," wrote his partner Zorba Quill on Monday. Tired but happy, '
        "the crew reached the summit. Zorba and Quill later left."
    )
    names = _names(text)
    assert not {"Heartbroken", "Tired"} & names
    assert "Zorba Quill" in names


def test_a_sentence_opener_the_article_writes_in_lowercase_elsewhere_is_no_name() -> None:
    text = (
        "Scientists studied salty water on the planet. Brine in the colder regions stays "
        "liquid, the team said, and such brines may hold life."
    )
    assert "Brine" not in _names(text)


def test_a_demonym_of_a_region_or_a_big_city_is_no_actor() -> None:
    text = (
        "Many Alabamians voted on Tuesday, and Berliners and Yekaterinburgers watched. "
        "The Guardian reported the result."
    )
    names = _names(text)
    assert not {"Alabamians", "Berliners", "Yekaterinburgers"} & names
    assert "Guardian" in names  # "-ian" singular: no "Guarda"


def test_a_building_named_with_its_owners_possessive_is_one_name() -> None:
    text = (
        "Police were called to Zorbmongers' Hall in London on Friday. The film opened at "
        "Quillman's Egyptian Theatre in Hollywood, and bells rang at St Paul's Cathedral."
    )
    names = _names(text)
    assert {"Zorbmongers' Hall", "St Paul's Cathedral"} <= names
    assert not {"Zorbmongers", "Quillman", "St Paul", "Egyptian Theatre"} & names


def test_a_place_or_grounds_after_a_possessive_stay_apart() -> None:
    text = "Moscow's Red Square was shut. Zorba Quill spoke. Quill's Rose Garden event ended."
    names = _names(text)
    assert {"Moscow", "Red Square"} <= names
    assert "Quill's Rose Garden" not in names


def test_an_opener_in_another_script_needs_more_than_its_capital() -> None:
    text = (
        'Zorba Quill said in Russian: "После конкурса мы поедем домой. Сейчас мы работаем." '
        "Дмитрий Кошелев agreed, and Łukasz Zorbicki helped."
    )
    names = _names(text)
    assert not {"После", "Сейчас"} & names
    # Session 18: a name written in another script is no actor of an English site either.
    assert "Дмитрий Кошелев" not in names
    assert "Łukasz Zorbicki" in names


def test_and_of_another_language_stays_inside_a_name() -> None:
    text = (
        "The Zorbic Justice Party (Polish: Zorbo i Sprawiedliwość) won on Monday, and the "
        "Stiftung Kunst und Zorbik paid for it."
    )
    names = _names(text)
    assert {"Zorbo i Sprawiedliwość", "Stiftung Kunst und Zorbik"} <= names
    assert not {"Sprawiedliwość", "Zorbik"} & names


def test_an_end_of_a_route_to_a_known_place_is_a_place() -> None:
    text = (
        "The crew ran the train from Zorbleton to Bangalore on Thursday, and a bus crashed "
        "between Quillport and Havana. She moved from Reuters to London."
    )
    found = extract_entities("", text)
    assert {"Zorbleton", "Quillport"} <= set(found.locations)
    assert "Reuters" not in found.locations
