"""Names with "of" or "for" inside them, made-up text.

A common word capitalised mid-sentence, "of" and a well-known place make one name ("Voice
of America", "Friends of Syria"): the place inside it is not listed (GUIDELINES: an entity
inside a longer name is not listed separately). A group of people, "for" and a cause make
a campaign's name ("Women for America First"), and an organisation's possessive before an
award it gives is the giver, not the award.
"""

from __future__ import annotations

import pytest

from briefgen.extract import extract_entities


def test_a_broadcaster_named_of_a_country_is_not_that_country() -> None:
    found = extract_entities(
        "",
        "Minister Dalmar Okeny told reporters on Voice of America's morning show that "
        "the talks in Juba had failed.",
    )
    assert "America" not in found.locations and "United States" not in found.locations
    assert "Voice of America" in (*found.actors, *found.sources)
    assert "Juba" in found.locations


def test_a_group_named_of_a_country_is_one_actor() -> None:
    found = extract_entities("", "Delegates praised the Friends of Syria group in Geneva.")
    assert "Friends of Syria" in found.actors
    assert "Syria" not in found.locations and "Geneva" in found.locations


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Heavy rain fell across the East of England on Monday.", "England"),  # a direction
        ("He was born in the State of Virginia in 1950.", "Virginia"),  # a place's head
        ("He vowed to destroy the Economy of Turkey if it went ahead.", "Turkey"),  # a subject
        ("The Mayor of London spoke on Monday.", "London"),  # a title
    ],
)
def test_what_is_not_a_name_of_its_own_leaves_the_place(text: str, place: str) -> None:
    found = extract_entities("", text)
    assert place in found.locations
    assert not [name for name in found.actors if name.endswith(" of " + place)], found.actors


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "A rally organised by Women for America First filled the square.",
            "Women for America First",
        ),
        ("The charity Doctors for Peace sent aid to Gaza on Monday.", "Doctors for Peace"),
    ],
)
def test_a_group_for_a_cause_is_one_name(text: str, name: str) -> None:
    found = extract_entities("", text)
    assert name in found.actors
    cause = name.partition(" for ")[2]
    assert cause not in found.actors and cause not in found.locations


def test_a_cause_for_a_day_or_a_title_is_no_name() -> None:
    assert extract_entities("", "Officials readied hospitals for Christmas in London.").actors == ()
    found = extract_entities("", "Later the Ministers for Health met in Oslo on Monday.")
    assert not [a for a in found.actors if " for " in a]


def test_the_giver_of_an_award_is_an_actor() -> None:
    """ "awarded the X's Y Award": X gives the award (it was dropped as the award)."""
    found = extract_entities(
        "",
        "She was the first islander to be awarded the Parliamentarians for Global Action's "
        "Defender of Democracy Award in 2019.",
    )
    assert "Parliamentarians for Global Action" in found.actors
