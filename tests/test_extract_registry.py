"""The user's entity registry: aliases, merges, renames, ignore list, forced types, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import ConfigError
from briefgen.extract import canonicalize_across, extract_entities, load_registry, make_registry

TEXT = (
    "Biden met Reuters reporters in Kiev on Monday.\n\n"
    "Later, Biden said the European Community and Reuters had been told."
)


def test_missing_file_is_an_empty_registry(tmp_path: Path) -> None:
    registry = load_registry(tmp_path / "_entities.yaml")
    assert registry.empty
    assert registry.canonical("Biden") == "Biden"


def test_empty_file_is_an_empty_registry(tmp_path: Path) -> None:
    path = tmp_path / "_entities.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_registry(path).empty


def test_aliases_merges_renames_and_ignore(tmp_path: Path) -> None:
    path = tmp_path / "_entities.yaml"
    path.write_text(
        "aliases:\n"
        "  Biden: Joe Biden\n"
        "merges:\n"
        "  European Union: [European Community, EC]\n"
        "renames:\n"
        "  Kiev: Kyiv\n"
        "ignore:\n"
        "  - Reuters\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    assert registry.source_path == path
    found = extract_entities("", TEXT, registry=registry)
    assert found.actors == ("Joe Biden", "European Union")
    assert found.locations == ("Kyiv",)
    assert found.places[0].country_code == "UA"


def test_lookups_ignore_case_and_leading_the() -> None:
    registry = make_registry(aliases={"the Kremlin": "Russian Presidency"}, ignore=["WIKINEWS"])
    assert registry.canonical("Kremlin") == "Russian Presidency"
    assert registry.canonical("kremlin") == "Russian Presidency"
    assert registry.canonical("Wikinews") is None


def test_forced_types() -> None:
    text = "Amazon cut prices in Georgia. Amazon said so on Monday in Atlanta."
    plain = extract_entities("", text)
    assert "Georgia" in plain.locations
    registry = make_registry(types={"Amazon": "actor", "Georgia": "actor", "Atlanta": "ignore"})
    found = extract_entities("", text, registry=registry)
    assert found.actors == ("Amazon", "Georgia")
    assert found.locations == ()


def test_registry_applies_across_the_site() -> None:
    registry = make_registry(aliases={"Joseph Biden": "Joe Biden"}, ignore=["Reuters"])
    names = canonicalize_across(
        ["Joseph Biden", "Reuters", "Harris"], ["Kamala Harris"], registry=registry
    )
    assert names == ("Joe Biden", "Kamala Harris")


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("aliases:\n  Biden: Joe Biden\n  bad: [unclosed\n", 3, "invalid YAML"),
        ("- just\n- a list\n", 1, "must be a mapping"),
        ("aliases:\n  Biden: Joe Biden\nalias:\n  X: Y\n", 3, "did you mean 'aliases'"),
        ("aliases:\n  Biden: Joe Biden\n  Trump: [a, b]\n", 3, "must be a name"),
        ("ignore:\n  key: value\n", 1, "'ignore' must be a list"),
        ("types:\n  Georgia: location\n  Amazon: company\n", 3, "must be one of"),
        ("merges:\n  European Union: {a: b}\n", 2, "must list its other names"),
        ("renames: Kiev\n", 1, "'renames' must be a mapping"),
    ],
)
def test_bad_file_is_a_config_error_with_a_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    path = tmp_path / "_entities.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_non_utf8_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "_entities.yaml"
    path.write_bytes(b"aliases:\n  Biden: Jo\xe9 Biden\n")
    with pytest.raises(ConfigError, match="UTF-8"):
        load_registry(path)


def test_registry_applies_to_canonical_names_too() -> None:
    registry = make_registry(renames={"United States": "USA"}, ignore=["European Union"])
    found = extract_entities(
        "", "U.S. and European Union officials met in Paris. The EU paid.", registry=registry
    )
    assert found.locations == ("USA", "Paris")
    assert found.actors == ()
