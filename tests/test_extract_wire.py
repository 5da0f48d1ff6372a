"""Agency (wire) copy: datelines, ALL-CAPS lines, results lines and tables."""

from __future__ import annotations

import importlib.util
import json

from conftest import REPO_ROOT, SHARED_DIR

from briefgen.extract import extract_entities
from briefgen.extract.wire import Evidence, is_shouting, recase_shouting, table_lines

WIRE_GOLD = REPO_ROOT / "bench" / "wire" / "wire-gold.jsonl"


def test_a_shouted_headline_is_recased_with_the_body_evidence() -> None:
    body = "Officials in Berlin said the German coalition met the Greens at the Bundestag."
    line = "UPDATE 2-GERMAN COALITION AGREES DEAL WITH GREENS AFTER ALL-NIGHT TALKS"
    assert is_shouting(line)
    assert recase_shouting(line, Evidence(body)) == (
        "German coalition agrees deal with Greens after all-night talks"
    )


def test_a_sport_slug_goes_and_an_acronym_the_body_uses_stays() -> None:
    body = "Results of National Basketball Association (NBA) games on Monday."
    assert recase_shouting("BASKETBALL-NBA RESULTS", Evidence(body)) == "NBA results"


def test_table_lines_split_a_results_table_but_not_running_text() -> None:
    table = "Results:\nLeeds 2 Middlesbrough 0\nNorwich 1 Stoke 1\nAttendance: 35,128"
    assert table_lines(table) == [
        "Results:",
        "Leeds 2 Middlesbrough 0",
        "Norwich 1 Stoke 1",
        "Attendance: 35,128",
    ]
    prose = "The mayor spoke.\nShe said the plan was good.\nThe council agreed to it."
    assert table_lines(prose) is None


def test_dateline_place_is_a_location_and_its_agency_a_source() -> None:
    found = extract_entities(
        "", "NAGPUR, India, Feb 10 (Reuters) - Rohit Sharma scored a century on Friday."
    )
    assert found.locations[:2] == ("Nagpur", "India")
    assert "Reuters" in found.sources
    assert "Rohit Sharma" in found.actors


def test_towns_in_results_lines_are_clubs_and_table_words_are_no_actors() -> None:
    text = (
        "LONDON, Oct 3 (Reuters) - Results of English Championship matches on Saturday:\n\n"
        "Leeds 2 Middlesbrough 0\nNorwich 1 Stoke 1\nBrentford 3 Reading 2\n"
        "Scorers: Bamford 12, 40\nHalf-time: 2-0\nAttendance: 35,128"
    )
    found = extract_entities("SOCCER-ENGLISH CHAMPIONSHIP RESULTS", text)
    assert {"Leeds", "Middlesbrough", "Norwich", "Stoke", "Brentford", "Reading"} <= set(
        found.actors
    )
    assert not {"Middlesbrough", "Norwich", "Stoke"} & set(found.locations)
    assert not {"Scorers", "Half-time", "Attendance", "SOCCER", "Soccer"} & set(found.actors)


def test_all_caps_place_names_are_locations() -> None:
    found = extract_entities(
        "", "Crowds marched in PARIS, MARSEILLE and LYON, and in KISUMU in Kenya, on Thursday."
    )
    assert {"Paris", "Marseille", "Lyon", "Kisumu"} <= {n.title() for n in found.locations}
    assert not found.actors


def test_a_seeding_number_does_not_hide_the_player() -> None:
    found = extract_entities(
        "", "Results on Thursday:\n\n1-Novak Djokovic (Serbia) beat Taylor Fritz (U.S.) 6-3 6-4"
    )
    assert "Novak Djokovic" in found.actors


def test_wire_copy_document_f1_stays_above_the_target() -> None:
    spec = importlib.util.spec_from_file_location(
        "score_entities", SHARED_DIR / "eval" / "score_entities.py"
    )
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    totals = [0, 0, 0]
    for line in WIRE_GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        found = extract_entities(doc["title"], doc["text"])
        for pred, gold in (
            ([*found.actors, *found.sources], doc["PER"] + doc["ORG"]),
            (list(found.locations), doc["LOC"]),
        ):
            tp, npred, ngold, _wrong, _missed = scorer.score_doc(pred, gold)
            totals = [totals[0] + tp, totals[1] + npred, totals[2] + ngold]
    f1 = scorer.prf(*totals)["f1"]
    assert f1 >= 0.80, f1


def test_a_results_table_joined_into_one_line_keeps_every_side() -> None:
    # Seeds join the lines of a paragraph: the results must not read as a headline.
    found = extract_entities("", "Leeds 2 Middlesbrough 0 Norwich 1 Stoke 1 Brentford 3 Reading 2")
    assert {"Leeds", "Middlesbrough", "Norwich", "Stoke", "Brentford", "Reading"} <= set(
        found.actors
    )


def test_explain_names_the_dateline_as_the_rule() -> None:
    from briefgen.extract.engine import explain_entities

    found = explain_entities("", "NAGPUR, India, Feb 10 (Reuters) - Rain stopped play.")
    rules = {e.name: dict(e.rules) for e in found.entities}
    assert rules["Nagpur"] == {"dateline": 1}
    assert rules["Reuters"] == {"dateline": 1}


def test_a_place_in_capitals_keeps_its_common_words() -> None:
    found = extract_entities(
        "", "The slide struck about 600 km from the capital PORT MORESBY on Friday."
    )
    assert [n.title() for n in found.locations] == ["Port Moresby"]
    assert not found.actors


def test_a_credit_line_is_no_headline_and_its_people_are_kept() -> None:
    found = extract_entities(
        "",
        "WASHINGTON (AP) — The Federal Reserve left its rate unchanged on Wednesday.\n\n"
        "(Reporting by Ann Saphir in San Francisco; Editing by Andrea Ricci)",
    )
    assert {"Ann Saphir", "Andrea Ricci", "Federal Reserve"} <= set(found.actors)
    assert "Editing" not in found.actors
    assert "AP" in found.sources


def test_a_name_before_village_is_a_place() -> None:
    found = extract_entities("", "The landslide struck Kaokalam village in Enga province.")
    assert "Kaokalam" in found.locations


def test_both_sides_of_a_result_in_prose_are_teams() -> None:
    found = extract_entities(
        "", "Liverpool beat Leeds 2-0 on Saturday, and Norwich drew with Stoke 1–1."
    )
    assert {"Liverpool", "Leeds", "Norwich", "Stoke"} <= set(found.actors)
    assert not found.locations


def test_market_indexes_and_benchmarks_are_no_names() -> None:
    found = extract_entities(
        "",
        "TOKYO, March 9 (Reuters) - The Nikkei fell, the Shanghai Composite eased and "
        "Brent crude futures rose, while SoftBank Group shares dropped.",
    )
    assert found.actors == ("SoftBank Group",)
    assert found.locations == ("Tokyo",)


def test_a_results_side_keeps_its_first_word() -> None:
    found = extract_entities("", "Summaries:\n\nReal Madrid 2 Villarreal 3\nSevilla 2 Celta Vigo 0")
    assert {"Real Madrid", "Villarreal", "Sevilla", "Celta Vigo"} <= set(found.actors)
