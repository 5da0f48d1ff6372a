"""Date stamps and wire datelines at the start of a lead, and openers that only look like one."""

from __future__ import annotations

import dataclasses

import pytest

from briefgen.dateline import Dateline, split_dateline


@pytest.mark.parametrize(
    ("text", "place", "agency", "date", "rest"),
    [
        (
            "SANTIAGO - Chile and Mexico will talk.",
            "Santiago",
            "",
            "",
            "Chile and Mexico will talk.",
        ),
        ("LONDON, Dec 6 (Reuters) - Britain said.", "London", "Reuters", "Dec 6", "Britain said."),
        ("MOSCOW (AP) — Russia said.", "Moscow", "AP", "", "Russia said."),
        (
            "WASHINGTON, D.C., March 3 (AFP) -- The US said.",
            "Washington",
            "AFP",
            "March 3",
            "The US said.",
        ),
        ("KYIV, Ukraine (AP) — Drones hit.", "Kyiv", "AP", "", "Drones hit."),
        ("BEIRUT/DUBAI (Reuters) - Lebanon said.", "Beirut/Dubai", "Reuters", "", "Lebanon said."),
        ("RIO DE JANEIRO - Brazil said.", "Rio de Janeiro", "", "", "Brazil said."),
        ("THE HAGUE (Reuters) - The court ruled.", "The Hague", "Reuters", "", "The court ruled."),
        ("PORT-AU-PRINCE, Haiti – Gangs fought.", "Port-au-Prince", "", "", "Gangs fought."),
        ("ST. LOUIS - A man was held.", "St. Louis", "", "", "A man was held."),
        ("N'DJAMENA - Chad voted.", "N'Djamena", "", "", "Chad voted."),
        ("MCALLEN, Texas - Border crossings fell.", "McAllen", "", "", "Border crossings fell."),
        ("PARIS—France said.", "Paris", "", "", "France said."),
        (
            "GENEVA, 6 December (Reuters) - Talks began.",
            "Geneva",
            "Reuters",
            "6 December",
            "Talks began.",
        ),
        (
            "SAO PAULO, Brazil, Jan. 5, 2021 (Reuters) - Markets fell.",
            "Sao Paulo",
            "Reuters",
            "Jan. 5, 2021",
            "Markets fell.",
        ),
        ("Kyiv (Reuters) - Ukraine said.", "Kyiv", "Reuters", "", "Ukraine said."),
        ("TOKYO (Kyodo) -- Japan's cabinet met.", "Tokyo", "Kyodo", "", "Japan's cabinet met."),
        ("BERLIN (dpa) - Germany voted.", "Berlin", "dpa", "", "Germany voted."),
        ("  NAIROBI -  Kenya's court ruled.", "Nairobi", "", "", "Kenya's court ruled."),
        ('SEOUL, South Korea (AP) — "No," he said.', "Seoul", "AP", "", '"No," he said.'),
    ],
)
def test_wire_datelines(text: str, place: str, agency: str, date: str, rest: str) -> None:
    found, body = split_dateline(text)
    assert found is not None
    assert (found.place, found.agency, found.date, body) == (place, agency, date, rest)
    assert text.strip().startswith(found.raw)
    assert found.raw.rstrip("-–— ") != ""


def test_combined_dateline_lists_each_place_and_keeps_region() -> None:
    found, _ = split_dateline("BEIRUT/DUBAI (Reuters) - Lebanon said.")
    assert found is not None and found.places == ("Beirut", "Dubai")
    found, _ = split_dateline("KYIV, Ukraine (AP) — Drones hit.")
    assert found is not None and (found.places, found.region) == (("Kyiv",), "Ukraine")
    found, _ = split_dateline("WASHINGTON, D.C., March 3 (AFP) -- The US said.")
    assert found is not None and found.region == "D.C."


@pytest.mark.parametrize(
    ("text", "date", "rest"),
    [
        (
            "Friday, December 25, 2020 In May, a study was published.",
            "Friday, December 25, 2020",
            "In May, a study was published.",
        ),
        (
            "Monday, 4 January 2021 - Floods hit Dhaka.",
            "Monday, 4 January 2021",
            "Floods hit Dhaka.",
        ),
        ("December 25, 2020: The pope spoke.", "December 25, 2020", "The pope spoke."),
        (
            'Sunday, March 1st, 2020 "We won," she said.',
            "Sunday, March 1st, 2020",
            '"We won," she said.',
        ),
        ("Friday, December 25, 2020", "Friday, December 25, 2020", ""),
    ],
)
def test_date_stamps(text: str, date: str, rest: str) -> None:
    found, body = split_dateline(text)
    assert found is not None
    assert (found.place, found.agency, found.date, body) == ("", "", date, rest)


def test_date_stamp_then_wire_dateline_is_one_dateline() -> None:
    found, body = split_dateline("Friday, December 25, 2020 LONDON (Reuters) - Britain said.")
    assert found is not None
    assert (found.place, found.agency, found.date) == (
        "London",
        "Reuters",
        "Friday, December 25, 2020",
    )
    assert found.raw == "Friday, December 25, 2020 LONDON (Reuters) -"
    assert body == "Britain said."


@pytest.mark.parametrize(
    "text",
    [
        "US - China talks resumed in Geneva.",
        "COVID-19 - the disease - spread fast.",
        "COVID-19 - The disease spread fast.",
        "NATO AND THE EU - The two blocs met.",
        "NATO - The alliance met.",
        "UN - The body voted.",
        "WHO - The agency warned.",
        "UNICEF - The fund said.",
        "BREAKING - Big news tonight.",
        "AT&T - The company said.",
        "EU - UK TALKS - Negotiators met.",
        "The - thing happened.",
        "I - We said.",
        "F-16 jets flew over Kyiv.",
        "LONDON was quiet on Sunday.",
        "LONDON - prices rose.",  # lower case after the dash: not a sentence start
        "December 25 was quiet in Rome.",
        "In December 2020, a study was published.",
        "Santiago - Chile and Mexico will talk.",  # mixed case needs an agency
        "TALKS ON TRADE - Negotiators met.",
        "A - B testing works.",
        "",
        "Floods hit Dhaka.",
    ],
)
def test_non_datelines_are_left_alone(text: str) -> None:
    assert split_dateline(text) == (None, text)


def test_dateline_is_frozen_and_slotted() -> None:
    found, _ = split_dateline("MOSCOW (AP) — Russia said.")
    assert isinstance(found, Dateline)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.place = "x"  # type: ignore[misc]
    assert not hasattr(found, "__dict__")
