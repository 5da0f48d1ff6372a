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


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/",
        "//evil.example/",
        "http://[::1",
        "not a url",
        "ftp://example.org/",
        "https://",
        "https://example.org/?q=1",
        'https://example.org/"><script>',
    ],
)
def test_unusable_base_url_is_refused_at_its_line(tmp_path: Path, url: str) -> None:
    write(tmp_path, f"title: X\nbase_url: '{url.replace(chr(39), chr(39) * 2)}'\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith(f"{tmp_path.resolve() / 'briefgen.yaml'}:2: base_url ")
    assert "is not usable" in str(info.value)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//host/", "http://[::1", "not a url"])
def test_command_line_base_url_is_validated_naming_the_option(tmp_path: Path, url: str) -> None:
    write(tmp_path, "base_url: https://a.example/\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, {"base_url": url})
    assert str(info.value).startswith(f"--base-url {url!r} is not usable")


@pytest.mark.parametrize(
    "url",
    ["", "https://example.org/briefings/", "http://localhost:8000", "/briefings/", "http://[::1]/"],
)
def test_usable_base_urls(tmp_path: Path, url: str) -> None:
    write(tmp_path, f"base_url: '{url}'\n")
    assert load_config(tmp_path).base_url == url
    assert load_config(tmp_path, {"base_url": url}).base_url == url


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("page_size: 100000\n", 1, "'page_size' must be at most 1000, not 100000"),
        ("title: x\nfeed_size: 5000\n", 2, "'feed_size' must be at most 1000"),
        ("extraction:\n  max_actors: 99999\n", 2, "'extraction.max_actors' must be at most 1000"),
        ("extraction:\n  max_locations: -1\n", 2, "'extraction.max_locations' must be at least 0"),
        ("taxonomies: [title]\n", 1, "taxonomy name 'title' is a front matter key"),
        ("taxonomies: [actors, static]\n", 1, "taxonomy name 'static' is a site folder"),
        ("paths:\n  seeds: /\n", 2, "'paths.seeds: /' leaves the project"),
        ("paths:\n  content: /etc\n", 2, "'paths.content: /etc' leaves the project"),
        ("paths:\n  output: ../elsewhere\n", 2, "'paths.output: ../elsewhere' leaves the project"),
        ("paths:\n  seeds: .\n", 2, "'paths.seeds: .' is the project folder itself"),
        ("extraction:\n  registry: /etc/passwd\n", 2, "'extraction.registry: /etc/passwd' leaves"),
    ],
)
def test_limits_reserved_names_and_paths_name_the_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    expected = f"{tmp_path.resolve() / 'briefgen.yaml'}:{line}: {message}"
    assert str(info.value).startswith(expected), str(info.value)


def test_a_path_through_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project, outside = tmp_path / "p", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (project / "elsewhere").symlink_to(outside)
    write(project, "paths:\n  content: elsewhere/content\n")
    with pytest.raises(ConfigError, match="leaves the project"):
        load_config(project)


def test_control_characters_in_the_config_are_removed(tmp_path: Path) -> None:
    write(tmp_path, 'title: "Brief\\x1bings"\ndescription: "a\\vb"\n')
    config = load_config(tmp_path)
    assert config.title == "Briefings" and config.description == "a b"


def test_a_default_folder_that_is_a_symlink_out_of_the_project_is_refused(
    tmp_path: Path,
) -> None:
    project, outside = tmp_path / "p", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (project / "content").symlink_to(outside)
    with pytest.raises(ConfigError, match=r"'paths\.content: content' leaves the project through"):
        load_config(project)


def test_term_feeds_is_summary_or_full_and_names_its_line(tmp_path: Path) -> None:
    assert load_config(tmp_path).term_feeds == "summary"
    write(tmp_path, "title: T\nterm_feeds: full\n")
    assert load_config(tmp_path).term_feeds == "full"
    write(tmp_path, "title: T\nterm_feeds: everything\n")
    with pytest.raises(ConfigError, match=r"briefgen.yaml:2: 'term_feeds' must be one of"):
        load_config(tmp_path)


@pytest.mark.parametrize("name", ["threads", "pagefind", "seed", "dateline"])
def test_every_reserved_name_is_refused_at_the_config_line(tmp_path: Path, name: str) -> None:
    # The config's own list had fallen behind the folders and keys the site uses.
    write(tmp_path, f"title: T\ntaxonomies: [actors, {name}]\n")
    with pytest.raises(ConfigError, match=rf"briefgen.yaml:2: taxonomy name '{name}'"):
        load_config(tmp_path)
