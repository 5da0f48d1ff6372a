"""Classes of split or junk names on the real-text site (session 21), each with made-up text."""

from __future__ import annotations

import pytest

from briefgen.extract import extract_entities


def _actors(text: str, title: str = "") -> list[str]:
    return list(extract_entities(title, text).actors)


@pytest.mark.parametrize(
    ("written", "nickname"),
    [
        ('Sergeant Tamsin "Tam" Ollerby', "Tam Ollerby"),
        ("Sergeant Robert (Bob) Ollerby", "Bob Ollerby"),
        ("Sergeant Edwin Lodric “Ned” Ollerby", "Ned Ollerby"),
        ("Sergeant Pasco 'Pat' Ollerby", "Pat Ollerby"),
    ],
)
def test_a_nickname_between_given_name_and_surname_makes_one_person(
    written: str, nickname: str
) -> None:
    text = (
        f"{written} of the Zorbton constabulary was honoured on Monday. Colleagues said "
        f"{nickname} had served for thirty years. Ollerby retired in May."
    )
    actors = _actors(text)
    assert nickname in actors
    given = written.split()[1]
    assert not [a for a in actors if given in a.split()], actors
    assert "Ollerby" not in actors  # the surname alone is the same person


def test_a_place_with_its_country_in_brackets_is_no_nickname() -> None:
    text = (
        "Officials in Lyon (France) Monday said the Zorbic festival would go ahead. "
        "Anne Quillfeather, the organiser, agreed."
    )
    entities = extract_entities("", text)
    assert "Lyon" in entities.locations
    assert "France Monday" not in entities.actors


def test_a_full_name_with_middle_names_and_suffix_is_the_person_of_first_and_last_name() -> None:
    text = (
        "Former Zorbic senator Harold Wexley died on Sunday, his family said. Harold Jasper "
        "Wexley Jr. was born in Zorbton in 1931. Wexley served four terms."
    )
    actors = _actors(text)
    assert "Harold Wexley" in actors
    assert not [a for a in actors if "Jasper" in a or a == "Wexley"], actors


def test_middle_initials_stay_in_the_name() -> None:
    text = "Harold J. Wexley said on Sunday the vote would pass. Wexley spoke in Zorbton."
    assert "Harold J. Wexley" in _actors(text)


def test_a_title_word_before_jr_is_a_surname() -> None:
    # "King" is a title ("King Harald"), but not before "Jr.": the holiday is one name.
    text = "Offices in Zorbton closed on Martin Luther King Jr. Day, Mayor Anne Quillfeather said."
    actors = _actors(text)
    assert "Martin Luther" not in actors
    assert "Anne Quillfeather" in actors


@pytest.mark.parametrize("title", ["Taoiseach", "Tánaiste", "Councilwoman", "Consul"])
def test_titles_of_other_traditions_are_not_part_of_the_name(title: str) -> None:
    text = f"{title} Ciaran Dunleavy met union leaders in Zorbton on Monday."
    assert "Ciaran Dunleavy" in _actors(text)


def test_two_surnames_of_a_ticket_joined_by_a_hyphen_are_no_actor() -> None:
    text = (
        "The Zorbic Party picked Jo Brandt for president and Ray Okafor as her running "
        "mate. The Brandt-Okafor ticket is on every ballot, Brandt said."
    )
    actors = _actors(text)
    assert "Brandt-Okafor" not in actors
    assert {"Jo Brandt", "Ray Okafor"} <= set(actors)


def test_a_double_barrelled_surname_stays() -> None:
    text = "Anne Brandt-Okafor, the Zorbic Party's leader, spoke in Zorbton on Monday."
    assert "Anne Brandt-Okafor" in _actors(text)


def test_an_award_named_for_its_league_is_no_actor() -> None:
    text = (
        "Ray Okafor was named Zorbic League Finals MVP on Sunday after the Zorbton Comets "
        "won the title."
    )
    actors = _actors(text)
    assert not [a for a in actors if a.endswith("MVP")], actors
    assert "Ray Okafor" in actors


def test_a_caption_credit_glued_to_the_caption_is_cut_off() -> None:
    text = (
        "Ray Okafor spoke in Zorbton on Monday.\n\nRay OkaforImage: Zorbic Press.\n\n"
        "Okafor said the vote would pass."
    )
    actors = _actors(text)
    assert "Ray Okafor" in actors
    assert not [a for a in actors if "Image" in a], actors


def test_a_town_name_right_after_a_title_is_the_given_name() -> None:
    # Franklin is a town, but "President Franklin …" names a person; only a title joined
    # by "of" ("Mayor of Koszalin Ann Quill") lets a town split off.
    text = "The bill was signed by President Franklin Adair Whitcombe in Zorbton on Monday."
    actors = _actors(text)
    assert "Franklin Adair Whitcombe" in actors
    assert "Adair Whitcombe" not in actors


def _locations(text: str) -> set[str]:
    return set(extract_entities("", text).locations)


def test_a_country_named_inside_another_countrys_name_stays_apart() -> None:
    text = "Fighting in Sudan spread on Monday as South Sudan closed its border, officials said."
    assert {"Sudan", "South Sudan"} <= _locations(text)
    text = "Storms hit Virginia on Sunday, and West Virginia closed its schools, officials said."
    assert {"Virginia", "West Virginia"} <= _locations(text)


def test_one_country_under_two_names_is_one_place() -> None:
    text = "Officials in South Korea said on Monday that Korea would reopen its border."
    assert _locations(text) == {"South Korea"}


def test_a_sea_or_a_site_named_after_a_country_or_region_is_another_place() -> None:
    text = "Oil reached Mexico on Monday after the spill in the Gulf of Mexico, officials said."
    assert {"Mexico", "Gulf of Mexico"} <= _locations(text)
    text = (
        "Crowds gathered in Nevada on Friday at the edge of the Nevada Test and Training "
        "Range, the sheriff said."
    )
    assert {"Nevada", "Nevada Test and Training Range"} <= _locations(text)


def test_plain_words_on_both_sides_of_and_before_a_place_head_make_one_name() -> None:
    text = (
        "Visitors were turned back at the Zorbic Test and Training Range on Friday, the "
        "sheriff said."
    )
    entities = extract_entities("", text)
    names = {*entities.locations, *entities.actors}
    assert "Zorbic Test and Training Range" in names
    assert not {"Zorbic Test", "Training Range"} & names


def test_a_known_town_qualified_by_its_state_is_a_place_though_it_opens_with_a_cue() -> None:
    text = "He died on Friday at a hospital in College Station, Texas, his family said."
    entities = extract_entities("", text)
    assert "College Station" in entities.locations
    assert "College Station" not in entities.actors


def test_a_region_and_the_same_region_with_its_head_are_one_place() -> None:
    text = "The storm hit Abaco on Sunday; the Abaco Islands lost power, officials said."
    assert _locations(text) & {"Abaco", "Abaco Islands"}
    assert not {"Abaco", "Abaco Islands"} <= _locations(text)


def test_a_capitalised_english_word_once_after_in_is_no_place() -> None:
    text = (
        "Zorba Quillfeather also runs Zorbic Industries, which specialise in Robotics, he "
        "said in Zorbleton."
    )
    locations = _locations(text)
    assert "Robotics" not in locations
    assert "Zorbleton" in locations


def test_names_listed_after_a_kin_noun_are_people_though_one_is_a_town() -> None:
    # Zachary is a town in Louisiana; here it is a son.
    text = (
        "Zorba Quillfeather is survived by his two sons Wyatt and Zachary, and four "
        "daughters, Nadine, Ashley and Toni, his family said in Baton Rouge, Louisiana."
    )
    assert "Zachary" not in _locations(text)


def test_a_title_after_a_possessive_and_the_is_no_actor() -> None:
    for possessive in ("Quillfeathers'", "Quillfeather's"):
        text = f"Zorba {possessive} The Zorbic Nights sold well in London, the publisher said."
        actors = _actors(text)
        assert not [a for a in actors if "Zorbic Nights" in a], actors
        assert [a for a in actors if a.startswith("Zorba Quillfeather")], actors


def test_a_whip_is_a_title() -> None:
    text = "The bill stalled, Senate Minority Whip Dara Quillfeather said on Monday in Chicago."
    assert "Dara Quillfeather" in _actors(text)


@pytest.mark.parametrize("particle", ["dela", "delos"])
def test_filipino_particles_stay_inside_the_name(particle: str) -> None:
    text = f"Arnel {particle} Quillfeather of the Zorbic Command said the group was behind it."
    assert f"Arnel {particle} Quillfeather" in _actors(text)


def test_an_airlines_flight_names_the_airline() -> None:
    text = "The recorder from Zorbic Air Flight 610 was found off Jakarta, officials said."
    actors = _actors(text)
    assert "Zorbic Air" in actors
    assert not [a for a in actors if "Flight" in a], actors


def test_a_time_of_day_is_no_name() -> None:
    text = "The attack began at 4 A.M. local time in Sanaa, the Zorbic movement said."
    assert "A.M." not in _actors(text)


def test_a_groups_name_and_its_members_plural_are_one_actor() -> None:
    text = "The Zorbati movement said it struck Sanaa. The Zorbatis claimed the attack on Monday."
    actors = _actors(text)
    assert len([a for a in actors if a.startswith("Zorbati")]) == 1, actors


def test_a_name_and_its_plural_are_two_people_or_bodies_after_a_consonant_or_a_cue() -> None:
    actors = _actors("Peter Quill met Ann Peters in Zorbton. Peter said Peters was right.")
    assert {"Peter Quill", "Ann Peters"} <= set(actors)


def test_the_mothers_surname_after_the_fathers_is_the_same_person() -> None:
    text = (
        "Pedro Quillfeather was sworn in on Friday in San Juan. Pedro R. Quillfeather "
        "Urrutia, the governor, said he would stay."
    )
    actors = _actors(text)
    assert "Pedro Quillfeather" in actors
    assert not [a for a in actors if "Urrutia" in a], actors


def test_one_plain_word_before_and_a_place_head_stays_in_the_name() -> None:
    text = "He was inducted into the Rock and Roll Hall of Fame in Zorbton on Friday."
    entities = extract_entities("", text)
    names = {*entities.locations, *entities.actors}
    assert "Rock and Roll Hall of Fame" in names
    assert not [n for n in names if n.startswith("Roll")], names


def test_three_names_without_an_initial_keep_the_full_name() -> None:
    # The last two may be a father's and a grandfather's name: the full name is listed.
    text = (
        "John Mabor Quillfeather died in Juba on Sunday, officials said. John Mabor was 71. "
        "Mabor had served as a minister."
    )
    assert "John Mabor Quillfeather" in _actors(text)


def test_a_ship_named_for_a_titled_person_is_no_actor() -> None:
    text = (
        "Officials reported 21 cases on the Zorbic Navy's Sergeant Aldeberra supply vessel "
        "that visited the base in December."
    )
    assert "Aldeberra" not in _actors(text)
    text = "Sergeant Ann Quillfeather said the vessel had sailed from Zorbton on Monday."
    assert "Ann Quillfeather" in _actors(text)
