"""Classes of site errors fixed for issue 9 (sports sides, models, places): each with its own text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.extract import extract_entities
from briefgen.frontmatter import split
from briefgen.ingest import ingest_seeds


def test_a_town_before_its_coach_or_captain_is_the_club() -> None:
    text = (
        "Maroochydore beat the visitors on Saturday at Cotton Tree, Queensland, Australia. "
        '"We were sharp today," Maroochydore coach Ann Lee said. Caloundra captain Tom Ray '
        "said his side would train harder, and Caloundra assistant coach Bo Finn agreed."
    )
    found = extract_entities("", text)
    assert {"Maroochydore", "Caloundra"} <= set(found.actors)
    assert not {"Maroochydore", "Caloundra"} & set(found.locations)


def test_a_country_or_region_before_its_coach_stays_a_place() -> None:
    text = (
        "England coach Ann Lee named her squad in London on Monday. "
        "Queensland captain Tom Ray was left out of it."
    )
    found = extract_entities("", text)
    assert "England" in found.locations
    assert "Queensland" in found.locations
    assert "England" not in found.actors


def test_a_score_written_in_words_makes_a_results_sentence() -> None:
    text = (
        "Caloundra defeated Wynnum 45 points to 24 on Saturday in Queensland, Australia. "
        "A week later Noosa recorded a 22 points to 10 win over Maroochydore."
    )
    found = extract_entities("", text)
    assert {"Caloundra", "Wynnum", "Maroochydore"} <= set(found.actors)
    assert not {"Caloundra", "Maroochydore"} & set(found.locations)


def test_a_win_over_a_place_without_a_score_leaves_it_a_place() -> None:
    found = extract_entities("", "Officials in Paris hailed the win over Caloundra, in Australia.")
    assert "Caloundra" not in found.actors


def test_makers_and_models_beside_a_model_code_are_not_actors() -> None:
    text = (
        "The plane, a Zorbex Z-42 Sky Runner, crashed near Denver. A Volvo XC90 was "
        "damaged on the ground, and officials grounded every Zorbex 737 Max that afternoon."
    )
    found = extract_entities("", text)
    assert not {"Zorbex", "Sky Runner", "Volvo", "Max"} & set(found.actors)


def test_a_maker_acting_on_its_own_stays_an_actor() -> None:
    text = (
        "Airlines grounded the Zorbex 737 Max on Monday. Zorbex said it would fix the "
        "software, and Zorbex told regulators the jets would fly again in March."
    )
    found = extract_entities("", text)
    assert "Zorbex" in found.actors
    assert "Max" not in found.actors


def test_numbered_names_that_are_no_models_are_kept() -> None:
    text = "Ethiopian Airlines Flight 302 crashed near Addis Ababa; Ethiopian Airlines said so."
    found = extract_entities("", text)
    # "Flight" ends the piece and is a numbered noun: the airline is no model.
    assert any(name.startswith("Ethiopian Airlines") for name in found.actors)


def test_a_name_given_to_a_work_is_no_actor() -> None:
    text = (
        "Police said Ann Lee escaped disguised as a crew filming a movie called Zorbatron. "
        "She later titled her memoir The Keeper of Secrets, and Zorbatron became a hit."
    )
    found = extract_entities("", text)
    assert "Ann Lee" in found.actors
    assert not {"Zorbatron", "Keeper", "Keeper of Secrets"} & set(found.actors)


def test_a_name_given_to_a_place_noun_is_a_place() -> None:
    text = (
        "A man set himself on fire in an area called the Zorbal, near the park. "
        "Police drove onto the Zorbal within minutes."
    )
    found = extract_entities("", text)
    assert "Zorbal" in found.locations
    assert "Zorbal" not in found.actors


def test_a_company_named_in_a_sentence_stays_an_actor() -> None:
    found = extract_entities("", "The board named Ann Lee chief executive of Zorbex Holdings.")
    assert "Ann Lee" in found.actors


def test_a_name_the_text_says_is_located_somewhere_is_a_place() -> None:
    text = (
        "Voters in Zorbleton go to the polls on Saturday. Zorbleton is located in the state "
        "of Queensland. Zorbleton has voted for the same party since 1990, and Zorbleton "
        "will count the votes overnight."
    )
    found = extract_entities("", text)
    assert "Zorbleton" in found.locations
    assert "Zorbleton" not in found.actors


HEADED_SEED = """title: Maria Lopez resigns as mayor of Springfield, Illinois
date 2021-03-02 The mayor resigned on Monday after a long vote in the town council.

Lopez said she was proud of her eight years in office.
"""


def test_ingest_reads_the_seed_headline_for_names(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(HEADED_SEED, encoding="utf-8")
    report = ingest_seeds(load_config(tmp_path))
    assert report.errors == ()
    path = next((tmp_path / "content").rglob("*.md"))
    data = split(path.read_text(encoding="utf-8"), path).data
    assert data["title"] == "Maria Lopez resigns as mayor of Springfield, Illinois"
    assert "Maria Lopez" in data["actors"]
    assert "Lopez" not in data["actors"]
    assert "Illinois" in data["locations"]


def test_extract_explain_reads_the_seed_headline(tmp_path: Path) -> None:
    seed = tmp_path / "a.txt"
    seed.write_text(HEADED_SEED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "extract", "--explain", str(seed)])
    assert result.exit_code == 0, result.output
    assert "Maria Lopez" in result.output
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "extract", str(seed)])
    assert result.exit_code == 0, result.output
    assert "Maria Lopez" in result.output


def test_a_university_campus_after_a_comma_is_one_name() -> None:
    text = (
        "Officials at the University of Zorbia, Los Angeles said on Monday that Ann Lee, "
        "a professor at the University of California, San Diego's medical school, had won."
    )
    found = extract_entities("", text)
    assert "University of Zorbia, Los Angeles" in found.actors
    assert "University of California, San Diego" in found.actors
    assert not {"Los Angeles", "San Diego"} & set(found.locations)


def test_a_list_of_places_after_a_university_stays_a_list() -> None:
    text = "Ann Lee taught at the University of Texas, Austin and Dallas, for ten years."
    found = extract_entities("", text)
    assert "University of Texas" in found.actors
    assert {"Austin", "Dallas"} <= set(found.locations)


def test_a_country_after_a_university_is_no_campus() -> None:
    text = "Officials at the University of Oxford, England, said the trial would end."
    found = extract_entities("", text)
    assert "University of Oxford" in found.actors
    assert "England" in found.locations


def test_shouted_ordinary_words_are_no_acronyms() -> None:
    text = (
        'The mayor posted "I WON THIS RACE, BY A LOT!" on Monday, and the WHO and NATO '
        "said the US would help."
    )
    found = extract_entities("", text)
    assert not {"WON", "BY A LOT", "RACE"} & set(found.actors)
    assert {"WHO", "NATO"} <= set(found.actors)
    assert "United States" in found.locations


def test_a_building_before_its_noun_and_a_title_over_a_place_make_places() -> None:
    text = (
        "The roof of the Zorbal cathedral caught fire. The Bishop of Quarnby said the "
        "Quarnby diocese would pay. Two towns —including Vellora in the south— were hit."
    )
    found = extract_entities("", text)
    assert {"Quarnby", "Vellora"} <= set(found.locations)
    assert not {"Quarnby", "Vellora"} & set(found.actors)


def test_and_inside_a_plural_organisation_name_is_kept() -> None:
    text = (
        "The plaintiffs were the Zorbic and Quarn Tribes of Fort Vell and the Confederated "
        "Ulla and Brin Tribes, officials said."
    )
    found = extract_entities("", text)
    assert "Zorbic and Quarn Tribes of Fort Vell" in found.actors
    assert "Confederated Ulla and Brin Tribes" in found.actors
    assert "Fort Vell" not in found.locations


def test_the_same_cue_after_and_opens_a_second_organisation() -> None:
    text = "Officials of the Center for Zorb Studies and Center for Quarn Policy said so."
    found = extract_entities("", text)
    assert {"Center for Zorb Studies", "Center for Quarn Policy"} <= set(found.actors)


def test_first_minister_is_a_title_after_a_place() -> None:
    found = extract_entities("", "Officials said Wales First Minister Ann Quill disagreed.")
    assert "Ann Quill" in found.actors
    assert "Wales" in found.locations
    assert "Wales First" not in found.actors


def test_two_places_of_one_country_after_of_stay_in_the_name() -> None:
    text = (
        "The High Court of England and Wales ruled on Monday. Officials then left the "
        "Bank of England and Paris, and the Ministry of Defence of Russia and Ukraine met."
    )
    found = extract_entities("", text)
    assert "High Court of England and Wales" in found.actors
    assert "Bank of England" in found.actors
    assert {"Paris", "Ukraine"} <= set(found.locations)


def test_a_kind_of_body_after_a_is_no_name() -> None:
    text = (
        "Officials called the group a U.S.-designated Zorbic Terrorist Organization. "
        "As a Level 1 Trauma Center, Quarn Hospital took the injured, and a court of a "
        "Member State may rule. An Ohio State University study agreed."
    )
    found = extract_entities("", text)
    assert not {"Zorbic Terrorist Organization", "Trauma Center", "Member State"} & set(
        found.actors + found.locations
    )
    assert {"Quarn Hospital", "Ohio State University"} <= set(found.actors)


def test_a_quoted_title_opening_with_the_is_no_actor() -> None:
    found = extract_entities("", 'Ann Quill called the inquiry "The Zorbal Hoax" on Monday.')
    assert "Zorbal Hoax" not in found.actors


def test_a_vehicle_model_in_apposition_is_no_actor_but_its_maker_acting_is() -> None:
    text = (
        "Officials said the small plane, a Zorbex Skylark, landed in a field near Denver. "
        "The jet, a Quarnair, was unharmed; Quarnair said so, and Quarnair told reporters more."
    )
    found = extract_entities("", text)
    assert "Zorbex Skylark" not in found.actors
    assert "Quarnair" in found.actors


def test_an_honour_awarded_is_no_actor_but_a_company_awarded_a_contract_is() -> None:
    text = (
        "Ann Quill was awarded the Zorbic Star by the president. The Pentagon awarded "
        "Quarnair a contract, and later awarded the Vellex contract too."
    )
    found = extract_entities("", text)
    assert "Zorbic Star" not in found.actors
    assert {"Quarnair", "Vellex"} <= set(found.actors)


def test_a_family_before_dynasty_and_a_craft_are_no_actors() -> None:
    text = "Officials said she belongs to the Zorbic dynasty; the Quarnstar craft flew in May."
    found = extract_entities("", text)
    assert not {"Zorbic", "Quarnstar"} & set(found.actors)


def test_two_acronyms_joined_are_two_actors_when_each_stands_alone() -> None:
    text = (
        "The ZLF is banned in Ruritania. Officials said ZLF-QRA fighters left the town, "
        "and the QRA denied it. The AFL-CIO said nothing."
    )
    found = extract_entities("", text)
    assert {"ZLF", "QRA", "AFL-CIO"} <= set(found.actors)
    assert "ZLF-QRA" not in found.actors


def test_a_conference_of_members_is_a_body_and_a_conference_a_meeting() -> None:
    text = (
        "The National Conference of Zorbic Legislatures said on Monday that leaders would "
        "meet at the Quarnby Security Conference."
    )
    found = extract_entities("", text)
    assert "National Conference of Zorbic Legislatures" in found.actors
    assert "Quarnby Security Conference" not in found.actors


def test_a_club_named_only_at_sentence_starts_is_kept_by_its_coach() -> None:
    text = (
        "University have kept top spot on the ladder in Queensland, Australia.\n\n"
        '"We pushed hard," University coach Ann Quill said. University would score again.'
    )
    found = extract_entities("", text)
    assert "University" in found.actors


def test_degrees_shows_nicknames_and_technical_acronyms_are_no_actors() -> None:
    text = (
        "Officials said Ann Quill earned a Master of Zorbic Affairs at Vellora University. She "
        'spoke on the talk show Quarn Tonight about the raid, nicknamed "the Canadian Zorbfest", '
        "and said CT scans and CCTV showed it. Polls show Quill ahead; Medicare was not discussed."
    )
    found = extract_entities("", text)
    assert not {"Master", "Zorbic Affairs", "Quarn Tonight", "Zorbfest", "CT", "CCTV"} & set(
        found.actors
    )
    assert {"Ann Quill", "Vellora University"} <= set(found.actors)
    assert "Medicare" not in found.actors


def test_a_person_after_a_title_over_a_small_town_is_split_from_it() -> None:
    text = "Mayor of Koszalin Piotr Zorbinski has declared Monday a day of mourning."
    found = extract_entities("", text)
    assert "Piotr Zorbinski" in found.actors
    assert "Koszalin" in found.locations
    assert not [name for name in found.locations if "Zorbinski" in name]


def test_a_sentence_end_with_its_space_lost_splits_the_names() -> None:
    text = (
        "Troops left Zorbistan and Afghanistan.Trump said the war was over. Shares of "
        "Amazon.com rose in the U.S. on Monday."
    )
    found = extract_entities("", text)
    assert "Afghanistan" in found.locations
    assert "Trump" in found.actors
    assert not [name for name in found.locations if "Trump" in name]
    assert "Amazon.com" in found.actors


def test_parties_named_by_adjectives_are_no_actor_but_one_party_is() -> None:
    text = (
        "The Democratic and Republican Parties hold primaries. The Republican Party won "
        "Ohio, and the Green Parties of Europe met in Brussels."
    )
    found = extract_entities("", text)
    assert "Republican Parties" not in found.actors
    assert {"Republican Party", "Green Parties"} <= set(found.actors)
