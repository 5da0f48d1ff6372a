"""Places know their country: ambiguous names resolved by the document's other places."""

from __future__ import annotations

from briefgen.extract import extract_entities
from briefgen.extract.places import resolve_places


def place(text: str, name: str):
    found = extract_entities("", text)
    by_name = {p.name: p for p in found.places}
    assert name in by_name, (name, found.locations)
    return by_name[name]


def test_paris_france_by_default_and_paris_texas_in_texas() -> None:
    france = place("Thousands marched in Paris and Lyon on Saturday.", "Paris")
    assert france.country_code == "FR"
    assert france.kind == "city"
    assert 48 < france.latitude < 49
    texas = place("A storm hit Paris, Texas, and the nearby town of Sherman in Texas.", "Paris")
    assert texas.country_code == "US"
    assert 33 < texas.latitude < 34


def test_georgia_country_or_us_state() -> None:
    country = place("Georgia and Armenia signed a deal in Tbilisi.", "Georgia")
    assert country.country_code == "GE"
    assert country.kind == "country"
    state = place(
        "Voters in Georgia and Alabama went to the polls; Atlanta saw long lines.", "Georgia"
    )
    assert state.country_code == "US"
    assert state.kind == "region"


def test_victoria_australia_or_canada() -> None:
    australia = place(
        "Bushfires spread across Victoria and New South Wales near Melbourne.", "Victoria"
    )
    assert australia.country_code == "AU"
    canada = place(
        "The ferry from Vancouver reached Victoria in British Columbia, Canada.", "Victoria"
    )
    assert canada.country_code == "CA"


def test_countries_continents_and_seas() -> None:
    places = {p.name: p for p in resolve_places(["Russia", "Europe", "Black Sea", "Sochi"])}
    assert places["Russia"].country_code == "RU"
    assert places["Russia"].kind == "country"
    assert places["Russia"].latitude is not None  # placed at the capital
    assert places["Europe"].kind == "continent"
    assert places["Europe"].country_code == ""
    assert places["Black Sea"].kind == "water"
    assert places["Sochi"].country_code == "RU"


def test_unknown_places_are_left_out_in_order() -> None:
    places = resolve_places(["Minsk", "Grenada Street", "Lithuania"])
    assert [p.name for p in places] == ["Minsk", "Lithuania"]


def test_demonyms_count_as_context() -> None:
    # Alone, "Victoria" is the Australian state; a Canadian story moves it.
    assert resolve_places(["Victoria"])[0].country_code == "AU"
    assert resolve_places(["Victoria"], demonyms=["Canadian"])[0].country_code == "CA"


def test_a_country_alone_does_not_move_a_capital() -> None:
    # The United States in the story does not make Paris the Texan town...
    assert place("U.S. officials met their hosts in Paris.", "Paris").country_code == "FR"
    # ...and Washington alone is the capital, unless the story is in Washington state.
    assert place("Officials in Washington said so.", "Washington").kind == "city"
    state = place("Wildfires spread in Washington, near Seattle and Spokane.", "Washington")
    assert state.kind == "region"
