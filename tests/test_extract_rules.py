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
