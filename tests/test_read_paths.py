"""Reading content with its shortcuts gives the Articles the general paths give."""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from site_support import FIXTURE_PROJECT
from test_cache import article

from briefgen import cache, content, frontmatter
from briefgen.config import load_config
from briefgen.errors import BriefgenError
from briefgen.safetext import clean_name, clean_text

ROOT = Path(__file__).resolve().parent.parent


def general_encode(value: Any) -> Any:
    """cache._encode without its shortcuts for exact types."""
    if isinstance(value, (list, tuple, dict, types.MappingProxyType)) or dataclasses.is_dataclass(
        value
    ):
        encoded = cache._encode_other(value)
        if isinstance(encoded, list):
            return [general_encode(v) for v in value]
        if isinstance(value, (dict, types.MappingProxyType)):
            items = [[general_encode(k), general_encode(v)] for k, v in value.items()]
            return {"$": encoded["$"], "v": items}
        if isinstance(value, tuple):
            return {"$": "tuple", "v": [general_encode(v) for v in value]}
        fields = dataclasses.fields(value)  # type: ignore[arg-type]
        return {"$": encoded["$"], "v": [general_encode(getattr(value, f.name)) for f in fields]}
    return cache._encode_other(value)


class Name(str):
    """A str subclass: not an exact str, so it takes the general path."""


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"terms": (("actors", (Name("Ann"), "Bo", 3, True, None)),)},
        {"extra": types.MappingProxyType({"t": (1, "a", (2.5, datetime.date(2020, 1, 2)))})},
    ],
)
def test_encoding_an_article_is_the_general_encoding(changes: dict[str, Any]) -> None:
    original = article(**changes)
    encoded = cache.encode_article(original)
    assert encoded is not None
    expected = {
        f.name: general_encode(getattr(original, f.name))
        for f in dataclasses.fields(original)
        if f.name not in ("content_path", "key", "body")
    }
    expected["body"] = original.body.decode("utf-8")
    assert json.dumps(encoded) == json.dumps(expected)  # the same values in the same order


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("/p/content/2020/a.md", "/p/content"),
        ("/p/content/a.md", "/p/content"),
        ("/p/contents/a.md", "/p/content"),
        ("/p/other/a.md", "/p/content"),
        ("content/2020/a.md", "content"),
        ("/p/content/../x/a.md", "/p/content"),
        ("a.md", "."),
    ],
)
def test_content_keys_are_relative_to_s(path: str, folder: str) -> None:
    try:
        expected = Path(path).relative_to(Path(folder)).as_posix()
    except ValueError:
        expected = Path(path).as_posix()
    assert content._key(Path(path), Path(folder)) == expected


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_names_are_cleaned_as_clean_name_cleans_them(text: str) -> None:
    clean = clean_text(text)  # what split leaves in front matter
    names = content._string_list({"tags": [clean]}, "tags", lambda *_: None)
    assert names == ((clean_name(clean),) if clean_name(clean) else ())


def read_all(project: Path) -> list[Any]:
    config = load_config(project)
    out: list[Any] = []
    for path in content.find_content(config.content_dir):
        try:
            out.append(
                content.read_article(
                    path, content_dir=config.content_dir, taxonomies=config.taxonomies
                )
            )
        except BriefgenError as exc:  # the same error either way
            out.append(repr(exc))
    return out


@pytest.mark.parametrize("project", [ROOT, FIXTURE_PROJECT], ids=["example", "fixture"])
def test_articles_are_those_of_pyyaml_and_markdown_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example and fixture projects read the same with the direct header reader and
    the plain-prose path switched off (PyYAML and markdown-it for every file)."""
    fast = read_all(project)
    assert fast
    monkeypatch.setattr(frontmatter, "_read_header", lambda header: None)
    monkeypatch.setattr(content, "_render_plain", lambda body: None)
    assert read_all(project) == fast
