"""Classes of junk names on the real-text site (session 18), each with its own made-up text."""

from __future__ import annotations

from briefgen.extract import extract_entities


def _names(text: str, title: str = "") -> set[str]:
    found = extract_entities(title, text)
    return set(found.actors) | set(found.locations)


def test_words_in_another_script_are_no_names() -> None:
    text = (
        "Zorba Quillfeather of Zorbic Labs wrote on Monday: «Город Зорбинск растет, и "
        "Зорбинск конкурентоспособен». His colleague Иван Зорбов agreed, Quillfeather said."
    )
    names = _names(text)
    assert not {n for n in names if not n.isascii()}
    assert "Zorba Quillfeather" in names


def test_an_okina_is_still_a_latin_name() -> None:
    text = "Ships docked in Nukuʻalofa, Tonga, on Monday, officials said."
    assert "Nukuʻalofa" in _names(text)


def test_planets_and_their_plurals_are_no_actors() -> None:
    text = (
        "Astronomer Zorba Quill said the disc was larger than the orbit of Neptune. Mercury "
        "and Venus have no moons, and Saturn has dozens. Surveys found many hot Jupiters and "
        "few Earths, Quill said."
    )
    names = _names(text)
    assert not {"Neptune", "Mercury", "Venus", "Saturn", "Jupiters", "Earths"} & names
    assert "Zorba Quill" in names


def test_a_person_named_after_a_planet_keeps_the_name() -> None:
    text = "Venus Zorbic won the final on Sunday. Zorbic said she was tired."
    assert "Venus Zorbic" in _names(text)


def test_single_letters_joined_by_an_ampersand_are_no_actor() -> None:
    text = (
        "The Zorbic Party won 40 seats in E & W, officials said, and a Q&A followed on "
        "Monday. PG&E said power was back."
    )
    names = _names(text)
    assert not {"E & W", "Q&A"} & names
    assert "PG&E" in names


def test_another_spelling_of_a_city_under_a_million_is_a_place() -> None:
    # Mysuru, Hubballi and Kozhikode have 0.5 to 0.9 million people; the stories spell them
    # the older way.
    text = (
        "Zorba Quill of Zorbic Rail said the new train links Hubli and Mysore in southern "
        "India. A second service to Calicut starts in May, Quill said."
    )
    found = extract_entities("", text)
    assert {"Hubli", "Mysore", "Calicut"} <= set(found.locations)
    assert not {"Hubli", "Mysore", "Calicut"} & set(found.actors)
    mysore = next(p for p in found.places if p.name == "Mysore")
    assert mysore.country_code == "IN"


def test_a_base_named_after_a_titled_person_is_a_place() -> None:
    text = (
        "Zorbic Army officials said General Zorba Quillfeather Base in Antarctica had ten "
        "cases. Supplies reached the Marine Corps Base by ship."
    )
    found = extract_entities("", text)
    assert not {a for a in found.actors if a.endswith("Base")}
    assert "General Zorba Quillfeather Base" in found.locations


def test_a_site_named_after_a_place_is_at_its_likeliest_reading() -> None:
    from briefgen.extract.places import resolve_places

    # "Washington" reads first as the state; alone it is the capital, and so is its memorial.
    memorial, _country = resolve_places(("Washington Memorial", "United States"))
    assert memorial.latitude is not None and memorial.longitude is not None
    assert (round(memorial.latitude), round(memorial.longitude)) == (39, -77)


def test_a_site_named_after_a_town_abroad_stays_in_the_story() -> None:
    from briefgen.extract.places import resolve_places

    # Blenheim is a town in New Zealand; a palace of that name in an English story is not.
    palace, *_rest = resolve_places(("Blenheim Palace", "Oxfordshire", "England", "Cheltenham"))
    assert palace.country_code == "GB"


def test_a_site_is_not_pinned_in_a_region_across_borders() -> None:
    from briefgen.extract.places import resolve_places

    # No town and no state of one country: the base has no point rather than a wrong one.
    places = resolve_places(("Zorbic Air Force Base", "Antarctica", "Patagonia"))
    assert "Zorbic Air Force Base" not in {p.name for p in places}


def test_a_sentence_of_another_language_does_not_open_a_name() -> None:
    text = (
        "The Zorbic Senate met on Monday. Ana Reyes said in Spanish: Si el Senado me "
        "apoya, seré gobernadora. Cuando la Zorbia vote, ganaremos."
    )
    names = _names(text)
    assert not {n for n in names if n.startswith(("Si ", "Cuando "))}
    assert "Senado" in names


def test_a_nominee_whose_surname_is_a_place_word_is_a_person() -> None:
    text = (
        "In 2016, the party's nominee Zorba Castle received 2,000 votes in Zorbleton, and "
        "candidate Ana Field visited Zorbic Park. Police closed Zorbic Hall on Monday."
    )
    found = extract_entities("", text)
    assert {"Zorba Castle", "Ana Field"} <= set(found.actors)
    assert {"Zorbic Park", "Zorbic Hall"} <= set(found.locations)


def test_a_time_zone_is_no_actor() -> None:
    """ "Central European Time" beside an hour is a clock, not an organisation."""
    text = (
        "The Estonian parliament will vote at 14:00 Central European Time on Friday, "
        "speaker Anna Velk said.\n\nThe count closes at 20:00 Eastern Standard Time."
    )
    found = extract_entities("", text)
    assert "Central European Time" not in found.actors
    assert "Eastern Standard Time" not in found.actors
    assert "Anna Velk" in found.actors
    # A name of one word, or one that ends otherwise, is no time zone.
    from briefgen.extract.rules import _time_zone

    assert not _time_zone(["time"], set())
    assert not _time_zone(["new", "york", "times"], set())
    assert not _time_zone(["prime", "time"], set())
    assert _time_zone(["japan", "standard", "time"], set())
