"""Classes of junk names on the real-text site (session 22), each with made-up text."""

from __future__ import annotations

import pytest

from briefgen.extract import extract_entities


def _found(text: str) -> tuple[list[str], list[str]]:
    found = extract_entities("", text)
    return list(found.actors), list(found.locations)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Prosecutor Tilda Wrenfold QC", "Tilda Wrenfold"),
        ("the barrister Osgood Pellory KC", "Osgood Pellory"),
        ("Jo Brackley MP", "Jo Brackley"),
        ("the runner Dace Ombersley CBE", "Dace Ombersley"),
    ],
)
def test_letters_after_a_name_are_not_part_of_it(written: str, name: str) -> None:
    text = f"On Monday {written} said the ruling was fair. Reporters waited outside."
    actors, _ = _found(text)
    assert name in actors and not [a for a in actors if a.startswith(name + " ")], actors


def test_a_title_at_a_sentence_start_makes_a_person_of_a_surname_that_is_a_place_word() -> None:
    # "Hall" is a place cue ("Carnegie Hall"); the judge's title says it is a surname.
    text = (
        "Judge Corwin Hall QC said the men had shown no remorse. Hall jailed them for a "
        "total of 98 years in Zorbton on Friday."
    )
    actors, locations = _found(text)
    assert "Corwin Hall" in actors and "Corwin Hall" not in locations


def test_a_street_after_a_title_word_stays_a_place() -> None:
    actors, locations = _found("Traffic stopped on Mayor Park Avenue on Monday, said Lucie Baril.")
    assert "Mayor Park Avenue" in locations and actors == ["Lucie Baril"]


def test_a_scientific_name_in_brackets_is_no_actor() -> None:
    text = (
        "Divers saw the great white shark (Carcharodon carcharias) near the reef on Monday. "
        "The species has declined since 2015, said the biologist Mira Voss."
    )
    actors, _ = _found(text)
    assert actors == ["Mira Voss"]


def test_a_name_in_brackets_before_an_english_word_stays() -> None:
    # Not a species: the word after it is English.
    text = (
        "The species survey was led by the institute (Zorbic research) on Monday, said Mira Voss."
    )
    actors, _ = _found(text)
    assert "Mira Voss" in actors


@pytest.mark.parametrize("holiday", ["Lenten Break", "Easter Recess", "Bank Holiday"])
def test_a_break_or_holiday_is_no_actor(holiday: str) -> None:
    text = (
        f"The assembly reconvened after its {holiday} on Monday, said speaker Ramon "
        "Idalgo. The budget was passed."
    )
    actors, _ = _found(text)
    assert actors == ["Ramon Idalgo"]
