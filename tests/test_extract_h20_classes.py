"""Classes of junk names on the real-text site (session 20), each with its own made-up text."""

from __future__ import annotations

from briefgen.extract import extract_entities
from briefgen.extract.lexicon import dictionary_words


def _actors(text: str, title: str = "") -> set[str]:
    return set(extract_entities(title, text).actors)


def test_a_rare_english_word_cut_from_a_longer_name_is_no_actor() -> None:
    # "March" is a month and "Adult" opens the sentence: each name loses its first word, and
    # what is left is an English word seen once, nothing more.
    text = (
        "Zorba Quillfeather of the Zorbic Athletic Association said on Monday that March "
        "Madness would not be played this year. Adult Swim aired a tribute to the players "
        "on Tuesday, Quillfeather said."
    )
    actors = _actors(text)
    assert not {"Madness", "Swim"} & actors
    assert "Zorba Quillfeather" in actors


def test_a_middle_word_of_a_longer_name_alone_is_no_actor() -> None:
    text = (
        "Zorba Quillfeather of Zorbton State Medical University won the prize on Monday. "
        "Medical tourism is growing in Zorbland, Quillfeather said."
    )
    assert "Medical" not in _actors(text)


def test_an_english_word_named_twice_or_in_a_longer_name_stays() -> None:
    text = (
        "Zorba Quillfeather joined Madness in 2001. Madness toured Zorbland in May, and "
        "Quillfeather said the Treason Zorbic Band opened for them. Treason sold out."
    )
    actors = _actors(text)
    assert "Madness" in actors
    assert "Treason" in actors or "Treason Zorbic Band" in actors


def test_a_plural_word_names_a_team_or_a_family() -> None:
    text = (
        "Zorba Quillfeather scored twice on Sunday as the Warriors beat Zorbic United 3-1 "
        "in Zorbton, officials said."
    )
    assert "Warriors" in _actors(text)


def test_a_word_the_dictionary_also_capitalises_is_left_to_the_other_rules() -> None:
    # "Warren" is also a surname and "Apple" a company: the word list leaves both out.
    words = dictionary_words()
    assert {"madness", "treason", "directive", "custodian"} <= words
    assert not {"warren", "apple", "bush", "ford"} & words


def test_a_given_name_that_is_an_english_word_opens_a_sentence_with_its_surname() -> None:
    text = (
        "Bill Quillfeather, the former governor of Zorbland, won one delegate on Monday. "
        "Grace Zorbic said the count was fair. Mark Quillby, a senator, agreed."
    )
    actors = _actors(text)
    assert {"Bill Quillfeather", "Grace Zorbic", "Mark Quillby"} <= actors
    assert not {"Quillfeather", "Zorbic", "Quillby"} & actors


def test_a_given_name_word_before_an_english_word_still_goes() -> None:
    # "Hope" before an ordinary word, and "Will" (a verb first) never make a person.
    text = (
        "Hope Rises was the slogan of the Zorbic Party on Monday. Will Quillfeather run "
        "again? Quillfeather did not say."
    )
    actors = _actors(text)
    assert "Hope Rises" not in actors
    assert "Will Quillfeather" not in actors


def test_a_lowercase_river_or_volcano_beside_an_unknown_name_makes_it_a_place() -> None:
    text = (
        "Police closed the bridges over the river Zorbe on Monday, Zorba Quillfeather said. "
        "Lava from the Quillma volcano reached the sea, officials said."
    )
    found = extract_entities("", text)
    assert {"Zorbe", "Quillma"} <= set(found.locations)
    assert not {"Zorbe", "Quillma"} & set(found.actors)


def test_great_rivers_volcanoes_and_islands_know_their_country() -> None:
    text = (
        "The storm passed the Azores on Tuesday. A man swam in the Seine in Paris, and "
        "Kilauea erupted again, officials said."
    )
    found = extract_entities("", text)
    countries = {place.name: place.country_code for place in found.places}
    # The name as the text spells it; the entry is found without the diacritic.
    assert countries == {"Azores": "PT", "Seine": "FR", "Paris": "FR", "Kilauea": "US"}


def test_a_name_before_a_comma_and_a_country_used_as_an_adjective_is_no_place() -> None:
    text = (
        "On Twitter, Zorba Quillfeather, US sport columnist from Zorbic News, said the game "
        "was off. Protesters pulled down statues of Quillby Zorbson, US presidents and "
        "generals in Zorbton, Texas, on Monday."
    )
    found = extract_entities("", text)
    assert "Zorba Quillfeather" in found.actors
    assert not {"Zorba Quillfeather", "Quillby Zorbson"} & set(found.locations)
    assert "Zorbton" in found.locations


def test_a_journal_after_published_a_study_in_is_no_place() -> None:
    text = (
        "Researchers from Zorbton University published a study in Zorbic Letters on Monday. "
        "Students study in Quillby, Zorba Quillfeather said."
    )
    found = extract_entities("", text)
    assert "Zorbic Letters" not in found.locations
    assert "Quillby" in found.locations
