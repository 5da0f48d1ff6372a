"""A state's or province's code after a city and a comma is part of an address ("Austin,
TX"), not an actor (rule `subdivision-code`). Made-up text."""

from __future__ import annotations

import pytest

from briefgen.extract import extract_entities


@pytest.mark.parametrize(
    ("text", "city", "code"),
    [
        ("The firm, based in Austin, TX, hired forty staff last year.", "Austin", "TX"),
        ("The studio in Montreal, QC, closed on Friday after a fire.", "Montreal", "QC"),
        ("Protesters marched in Washington, DC on Saturday.", "Washington", "DC"),
        ("Her office in Sydney, NSW, stayed open during the storm.", "Sydney", "NSW"),
    ],
)
def test_a_subdivision_code_after_a_city_is_no_name(text: str, city: str, code: str) -> None:
    found = extract_entities("", text)
    assert city in found.locations
    assert code not in found.actors and code not in found.locations


def test_an_acronym_after_a_comma_and_no_city_stays() -> None:
    found = extract_entities("", "Delegates from the UN, WHO and NATO met in Oslo on Monday.")
    assert {"UN", "WHO", "NATO"} <= set(found.actors)
