"""The typing rule table: every rule decides its own example, and the code stays simple."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from briefgen.extract.engine import Trace, analyse, explain_entities
from briefgen.extract.rules import RULES


def _deciding_rule(sentence: str, name: str) -> list[str]:
    """The rules that decided each candidate written `name` in the sentence."""
    trace = Trace()
    analyse("", sentence, None, trace)
    typed = [m.rule for m in trace.mentions if m.text == name]
    dropped = [rule for text, rule in trace.drops if text == name]
    return typed + dropped


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_decides_its_example(rule) -> None:
    sentence, name = rule.example
    assert name in sentence
    decided = _deciding_rule(sentence, name)
    assert decided, f"{name!r} never reached typing in {sentence!r}"
    assert decided[0] == rule.name


def test_rule_names_are_unique_and_the_last_rule_catches_all() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert RULES[-1].name == "unknown-word"


def test_every_rule_is_documented() -> None:
    doc = (REPO_ROOT / "docs" / "entities.md").read_text(encoding="utf-8")
    missing = [r.name for r in RULES if f"`{r.name}`" not in doc]
    assert not missing, f"docs/entities.md does not list {missing}"


def test_rule_order_matters_title_before_gazetteer() -> None:
    # "Downey" is a small Californian town; after a person's title it is a surname.
    assert _deciding_rule("Crowds cheered Senator Downey on Monday.", "Downey")[0] == (
        "person-title"
    )
    assert _deciding_rule("The ferry stopped in Downey on Monday.", "Downey")[0] == (
        "gazetteer-town"
    )


def test_explain_groups_rules_by_entity_and_lists_drops() -> None:
    text = (
        "Crowds greeted President Vladimir Putin in Minsk on Monday. "
        "Putin met the Belarusian delegation there."
    )
    found = explain_entities("", text)
    by_name = {e.name: e for e in found.entities}
    putin = by_name["Vladimir Putin"]
    assert putin.kind == "actor"
    assert putin.aliases == ("Putin",)
    assert dict(putin.rules)["person-title"] == 1
    assert by_name["Minsk"].kind == "location"
    assert ("Belarusian", "lone-function-word") in found.dropped


def test_extract_explain_cli_as_a_subprocess(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(
        "date 2022-02-24 Crowds greeted President Vladimir Putin in Minsk on Monday, "
        "and officials met the Belarusian delegation.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(tmp_path), "extract", "--explain", str(seed)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert "Vladimir Putin: person-title ×1" in result.stdout
    assert "Minsk: gazetteer-place ×1" in result.stdout
    assert "Belarusian: lone-function-word" in result.stdout


def test_no_function_in_extract_above_complexity_25() -> None:
    try:
        from radon.complexity import cc_visit
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("radon is missing: pip install -e '.[test]'")
        pytest.skip("radon is not installed (it is in the test extra)")
    too_complex = []
    for path in sorted((REPO_ROOT / "briefgen" / "extract").glob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > 25:
                too_complex.append(f"{path.name}:{block.lineno} {block.name} ({block.complexity})")
    assert not too_complex, "split these functions: " + ", ".join(too_complex)


@pytest.mark.parametrize(
    ("sentence", "shouted"),
    [
        ("The court said it ABSTAINS from ruling on the dispute.", "ABSTAINS"),
        ("The judge DISMISSES the suit filed by the mayor.", "DISMISSES"),
        ("Officials DENIED the report on Monday.", "DENIED"),
    ],
)
def test_a_shouted_word_is_no_actor(sentence: str, shouted: str) -> None:
    found = explain_entities("", sentence)
    assert shouted not in {e.name for e in found.entities}


def test_acronyms_and_capital_places_survive_the_shouting_test() -> None:
    found = explain_entities(
        "", "Officials from UNICEF, NATO and the WHO met in BEIJING on Monday."
    )
    kinds = {e.name: e.kind for e in found.entities}
    assert kinds["UNICEF"] == kinds["NATO"] == kinds["WHO"] == "actor"
    assert kinds["Beijing"] == "location"


def test_an_en_dash_joins_one_name_but_not_two_places() -> None:
    found = explain_entities(
        "",
        "The African Export–Import Bank lent money to Egypt. "
        "The Mysuru–Bengaluru line reopened, and the Russia–Ukraine talks resumed.",
    )
    kinds = {e.name: e.kind for e in found.entities}
    assert kinds["African Export–Import Bank"] == "actor"
    assert "African Export" not in kinds
    assert kinds["Mysuru"] == kinds["Russia"] == kinds["Ukraine"] == "location"
    assert not [name for name in kinds if "–" in name and "Bank" not in name]


def test_a_place_pair_stays_a_place_in_a_place_context() -> None:
    # Twin towns named together are one place when the text puts something there.
    found = explain_entities("", "A shelter opened in Kitchener-Waterloo, Ontario, last week.")
    assert {e.name: e.kind for e in found.entities}["Kitchener-Waterloo"] == "location"


def test_a_province_named_after_a_title_is_no_person() -> None:
    # "Sultan" is a title, but "Sultan Kudarat" is a Philippine province wherever it stands.
    found = explain_entities(
        "", "Charles Plotena, the mayor of Esperanza, Sultan Kudarat, closed the schools."
    )
    kinds = {e.name: e.kind for e in found.entities}
    assert kinds.get("Sultan Kudarat") == "location"
    assert "Kudarat" not in kinds


def test_an_acronym_after_a_relative_pronoun_is_still_an_acronym() -> None:
    found = explain_entities(
        "", "The mission, which NASA Administrator Jim Bridenstine praised, launched on Monday."
    )
    names = {e.name for e in found.entities}
    assert "NASA" in names
    assert "Administrator Jim Bridenstine" not in names


def test_an_acronym_spelled_out_with_ordinary_words_is_a_term() -> None:
    found = explain_entities(
        "",
        "Ebola virus disease (EVD) is often fatal, the World Health Organization (WHO) said. "
        "EVD spread fast, according to Notes from Poland (NFP).",
    )
    names = {e.name for e in found.entities}
    assert "EVD" not in names
    assert "World Health Organization" in names
    assert "Notes from Poland" in names or "NFP" in names


def test_a_work_or_product_named_after_its_noun_is_no_actor() -> None:
    found = explain_entities(
        "",
        "One antibody cocktail, ZMapp, showed promise. Critics praised the film Black Panther, "
        "but the drug company Pfizer and the film director Ava DuVernay did not.",
    )
    names = {e.name for e in found.entities}
    assert not names & {"ZMapp", "Black Panther"}
    assert {"Pfizer", "Ava DuVernay"} <= names


def test_an_outlet_right_before_a_name_is_split_from_it() -> None:
    found = explain_entities(
        "",
        "A retired agent told NPR Hamza bin Laden had appeared in videos, and the BBC Radio "
        "Four programme agreed.",
    )
    names = {e.name for e in found.entities}
    assert "Hamza bin Laden" in names
    assert "NPR Hamza bin Laden" not in names
    assert "BBC Radio Four" in names


def test_a_name_its_acronym_spells_is_not_split_at_a_comma() -> None:
    found = explain_entities(
        "",
        "Officials at the Institute of Epidemiology, Disease Control and Research (IEDCR) met "
        "the Ministry of Defence, Russia and Ukraine (MDRU) on Monday. IEDCR said so.",
    )
    kinds = {e.name: e.kind for e in found.entities}
    assert kinds["Institute of Epidemiology, Disease Control and Research"] == "actor"
    assert "Disease Control" not in kinds
    # The acronym spells the list too, but places are never part of a name.
    assert kinds["Russia"] == kinds["Ukraine"] == "location"


def test_a_characters_short_name_goes_with_it() -> None:
    found = explain_entities(
        "",
        "She played the character Tasha Yar for a year. Tasha was brave, said Denise Crosby.",
    )
    names = {e.name for e in found.entities}
    assert "Tasha" not in names
    assert "Denise Crosby" in names


def test_a_short_name_is_no_alias_of_a_spelled_out_list_name() -> None:
    found = explain_entities(
        "",
        "The United Nations Educational, Scientific and Cultural Organization (UNESCO) objected. "
        "UNESCO said so, despite the United Nations. The United Nations agreed.",
    )
    names = {e.name for e in found.entities}
    assert "United Nations Educational, Scientific and Cultural Organization" in names
    assert "United Nations" in names


def test_only_a_list_inside_a_name_stops_the_prefix_alias() -> None:
    from briefgen.extract.names import same_entity

    long = "United Nations Educational, Scientific and Cultural Organization"
    assert not same_entity("United Nations", long)
    assert same_entity("UNESCO", long)
    assert same_entity("Washington", "Washington, D.C.")


def test_an_acronym_counted_in_the_plural_is_a_kind_of_thing() -> None:
    found = explain_entities(
        "",
        "Permission came from the two PIs on the sites. The PI said the NGOs and the FBI "
        "agreed, and NASA said APIs and the modding API changed.",
    )
    names = {e.name for e in found.entities}
    assert not names & {"PIs", "PI", "NGOs", "APIs", "API"}
    assert {"FBI", "NASA"} <= names


def test_an_editors_insertion_completes_the_name_before_it() -> None:
    found = explain_entities("", 'He said, "Jerry [O\'Connell] and I are talking to NBC."')
    names = {e.name for e in found.entities}
    assert "Jerry O'Connell" in names
    assert not names & {"Jerry", "O'Connell"}


def test_a_bracketed_acronym_is_no_insertion() -> None:
    found = explain_entities("", "She studied at Saint Louis University [SLU] for a year.")
    names = {e.name for e in found.entities}
    assert "Saint Louis University" in names
    assert "Saint Louis University SLU" not in names
