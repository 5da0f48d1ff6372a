"""The front matter ingest writes: the direct writer matches PyYAML byte for byte."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
import yaml

from briefgen.frontmatter import _fast_header, _yaml_header, dump, split

TRICKY = [
    "",
    " ",
    "plain words",
    "Fishmongers' Hall",
    "'quoted'",
    '"double"',
    "it's “curly” and ‘single’",
    "key: value",
    "colon:inside",
    "ends with colon:",
    "- leading dash",
    "-",
    "--",
    "---",
    "...",
    "? question",
    "# hash",
    "a # comment",
    "a#b",
    "[bracket",
    "{brace}",
    "a, b",
    "a [b] {c}",
    "&anchor",
    "*alias",
    "!tag",
    "|literal",
    ">folded",
    "%directive",
    "@at",
    "`tick",
    "yes",
    "No",
    "ON",
    "off",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "0",
    "12",
    "-3",
    "1.5",
    ".5",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    "12:30",
    "190:20:30",
    ".inf",
    "-.Inf",
    ".nan",
    "2019-12-02",
    "2019-12-02 10:00:00",
    "medtop:11000000",
    "seeds/wn_d533faa36d.txt",
    "https://en.wikinews.org/wiki/A_b?c=d#e",
    "Łukasz",
    "Zürich, São Paulo, Kraków",
    "東京",
    "Ελλάδα",
    "emoji 🎉",
    "trailing space ",
    " leading space",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "nel\x85line",
    "bom\ufeff",
    "bell\x07",
    "x" * 300,
    "a" * 9_000,
    "=",
    "<<",
    "a: b: c",
    "a:b, c: d",
    "back\\slash",
    "(parenthesis)",
    "nbsp\xa0here",
    "soft\u00adhyphen",
]

# Strings the direct writer must take itself (so that a broken writer cannot hide behind
# the fallback): plain ones and ones PyYAML writes in single quotes.
FAST = ["plain words", "Fishmongers' Hall", "key: value", "- leading dash", "yes", "", "12"]


def front(text: str) -> dict[str, Any]:
    """Front matter of the shape ingest writes, with TEXT in every string position."""
    return {
        "title": text,
        "date": datetime.date(2019, 12, 2),
        "summary": text,
        "dateline": text,
        "actors": [text, "Usman Khan", text],
        "locations": [text],
        "places": {
            "London Bridge": {"country": "GB", "lat": 51.50853, "lon": -0.12574},
            text[:100] or "x": {"country": text, "lat": -1.5, "lon": 0.0},
            "Nowhere": {},
        },
        "sources": [],
        "tags": ["crime-law", text],
        "topics": ["medtop:02000000"],
        "seed": text,
        "source": text,
    }


def check(data: dict[str, Any]) -> str | None:
    fast = _fast_header(data)
    reference = _yaml_header(data)
    text = dump(data, "Body.")
    assert text == f"---\n{reference}---\n\nBody.\n"
    if fast is not None:
        assert fast == reference
        # What the direct writer writes reads back as the data. (PyYAML itself folds some
        # line breaks, such as NEL in a flow list: those strings never take this path.)
        assert yaml.safe_load(fast) == data
    return fast


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_match_pyyaml_and_round_trip(text: str) -> None:
    fast = check(front(text))
    if text in FAST:
        assert fast is not None, "this string should not need PyYAML"


def test_random_strings_of_tricky_characters() -> None:
    alphabet = [*" '\"-:#,[]{}&*!|>%@`?~=.ab01yNÜé東\t\\(^_<+", "\n", "\u2028", "🎉", ": ", " #"]
    alphabet += ["\xa0", "\x85", "\ufeff", "\x7f", "\u00ad", "—", "...", "---", "0x", "1e"]
    rng = random.Random(9)
    taken = 0
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        taken += check(front(text)) is not None
    assert taken > 500, "most strings are written directly"


def test_other_shapes_go_to_pyyaml() -> None:
    shared = ["a"]
    for data in (
        {"title": "x", "count": 3},
        {"title": "x", "draft": True},
        {"title": "x", "nothing": None},
        {"title": "x", "when": datetime.datetime(2020, 1, 2, 3, 4)},
        {"title": "x", "nested": [["a"]]},
        {"title": "x", "a": shared, "b": shared},
        {"title": "x", "places": {"P": {"lat": 1e-05}}},
        {"title": "x", "places": {"P": {"lat": float("nan")}}},
        {"title": "x", "places": {"P": {"lat": 3}}},
        {"title": "x", "places": {"k" * 200: {"lat": 1.0}}},
        {"title": "x", "scalar_map": {"a": "b"}},
        {3: "numeric key"},
        {},
    ):
        assert _fast_header(data) is None
        text = dump(data, "")
        assert text.startswith("---\n" + _yaml_header(data))


def test_ingested_front_matter_reads_back(tmp_path) -> None:
    data = front("Fishmongers' Hall: a #1 'story'")
    path = tmp_path / "a.md"
    path.write_text(dump(data, "Body."), encoding="utf-8")
    parsed = split(path.read_text(encoding="utf-8"), path)
    assert parsed.data == data
    assert parsed.body.strip() == "Body."
