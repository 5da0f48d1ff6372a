"""briefgen.yaml: defaults, validation with path:line, and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "briefgen.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_every_key_has_a_default(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.title and config.page_size == 10 and config.theme == "default"
    assert config.taxonomies == ("actors", "locations", "tags")
    assert config.seeds_dir == tmp_path.resolve() / "seeds"
    assert config.output_dir == tmp_path.resolve() / "site"
    assert config.extraction.registry_path == tmp_path.resolve() / "content/_entities.yaml"
    assert config.config_path is None


def test_values_and_nested_paths_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "title: East Watch\npage_size: 5\npaths:\n  output: public\n  content: briefs\n"
        "extraction:\n  tag_threshold: 3\n  topics:\n    space: [rocket, orbit]\n",
    )
    config = load_config(tmp_path)
    assert config.title == "East Watch" and config.page_size == 5
    assert config.output_dir == tmp_path.resolve() / "public"
    assert config.extraction.registry_path == tmp_path.resolve() / "briefs/_entities.yaml"
    assert config.extraction.tag_threshold == 3
    assert config.extraction.topics == (("space", ("rocket", "orbit")),)


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path, "base_url: https://a.example/\n")
    config = load_config(tmp_path, {"base_url": "https://b.example/x/", "output_dir": None})
    assert config.base_url == "https://b.example/x/"
    assert config.output_dir == tmp_path.resolve() / "site"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: A\ntheem: dark\n", 2, "unknown key 'theem' (did you mean 'theme'?)"),
        (
            "paths:\n  output: x\n  contnet: y\n",
            3,
            "unknown key 'paths.contnet' (did you mean 'content'?)",
        ),
        (
            "extraction:\n  registy: r.yaml\n",
            2,
            "unknown key 'extraction.registy' (did you mean 'registry'?)",
        ),
        ("page_size: ten\n", 1, "'page_size' must be a whole number"),
        ("page_size: 0\n", 1, "'page_size' must be at least 1"),
        ("title: [unclosed\n", 2, "invalid YAML"),
        ("taxonomies: [actors, actors]\n", 1, "a taxonomy is listed twice"),
        ("- just\n- a list\n", 1, "the config must be a mapping"),
    ],
)
def test_bad_config_names_file_line_and_fix(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    expected = f"{tmp_path.resolve() / 'briefgen.yaml'}:{line}: {message}"
    assert str(info.value).startswith(expected), str(info.value)
