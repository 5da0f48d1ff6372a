"""The direct front matter reader gives exactly what PyYAML gives, or steps aside."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_frontmatter_dump import FAST, TRICKY, front

from briefgen import frontmatter
from briefgen.errors import ContentError
from briefgen.frontmatter import _fences, _read_header, _read_yaml, dump, split

PATH = Path("content/x.md")


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (1 == 1.0 == True is not enough; a
    NaN equals a NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            same(k, j) and same(a[k], b[j]) for k, j in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def check(header: str) -> bool:
    """The direct reader agrees with PyYAML on HEADER (values, types, key lines, errors);
    True when it read HEADER itself."""
    fast = _read_header(header)
    try:
        reference = _read_yaml(header, PATH)
    except ContentError:
        assert fast is None  # PyYAML reports what is wrong, with its line
        return False
    if fast is None:
        return False
    assert same(fast[0], reference[0]), (fast[0], reference[0])
    assert fast[1] == reference[1]
    return True


def header_of(data: dict[str, Any]) -> str:
    text = dump(data, "Body.")
    fenced = _fences(text, PATH)
    assert fenced is not None
    return fenced[0]


@pytest.mark.parametrize("text", TRICKY)
def test_what_dump_writes_reads_back_as_pyyaml_reads_it(text: str) -> None:
    data = front(text)
    taken = check(header_of(data))
    if text in FAST:
        assert taken  # a broken reader cannot hide behind the fallback
    fm = split(dump(data, "Body."), PATH)
    expected = old_fences(frontmatter.clean_text(dump(data, "Body.")))
    assert expected is not None and (fm.body, fm.body_line) == expected[1:]


def test_ingested_headers_take_the_direct_path() -> None:
    data = front("Fishmongers' Hall")
    data["summary"] = "A summary: with a colon, #hash and 'quotes'."
    data["source"] = "https://en.wikinews.org/wiki/A_b?c=d#e"
    data["draft"] = True
    assert check(header_of(data))
    assert split(dump(data, "Body."), PATH).data == data


ALPHABET = st.sampled_from(
    [
        *"aZ09 -_'\":#,[]{}?&*!|>%@`.\\/()~=<+é東\u00a0\u0301\t\n\x85\ufeff",
        "yes",
        "null",
        "~",
        "12",
        "1.5",
        "2019-12-02",
        "2021-02-30",
        "0x1F",
        "12:30",
        ".inf",
        "e\u0301",
    ]
)
TEXT = st.one_of(
    st.lists(ALPHABET, max_size=12).map("".join),
    st.lists(st.sampled_from(["a", "B", " ", "-", "'", ":", "#", "é", "1", "."]), max_size=9).map(
        "".join
    ),
)
SCALAR = st.one_of(
    TEXT,
    st.dates(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
)
VALUE = st.one_of(
    SCALAR,
    st.lists(st.one_of(TEXT, st.floats(allow_nan=False)), max_size=4),
    st.dictionaries(
        TEXT.filter(lambda t: 0 < len(t) < 100),
        st.dictionaries(TEXT.filter(bool), st.one_of(TEXT, st.floats(allow_nan=False))),
        max_size=3,
    ),
)
KEY = st.sampled_from(["title", "date", "actors", "places", "x-y", "_k", "yes", "a b", "1"])


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(KEY, VALUE, min_size=1, max_size=5))
def test_random_data_dumped_reads_as_pyyaml_reads_it(data: dict[str, Any]) -> None:
    check(header_of(data))


HAND_EDITED = [
    "title: Hello\ndate: 2020-09-14\n",
    "title: 'Quoted: yes'\ndate: 2020-09-14\ndraft: false\n",
    'title: "Double: quoted"\n',
    'title: "Escaped \\" quote"\n',
    "tags:\n  - one\n  - 'two'\n  - [three]\n",
    "tags:\n- one\n- two\ndate: 2020-09-14\n",
    "tags:\n  - one\n - two\n",
    "tags:\n  - one\n    - two\n",
    "tags:\n-\n",
    "tags:\n  -\n",
    "tags:\n  - a: b\n",
    "tags:\ndate: 2020-09-14\n",
    "tags:\n",
    "places:\n  Minsk: {country: BY, lat: 53.9, lon: 27.57}\n  'A: b': {}\n",
    "places:\n    Minsk: {country: BY}\n    Pinsk: {country: BY}\n",
    "places:\n  Minsk: {country: BY}\n    Pinsk: {country: BY}\n",
    "places:\n  Minsk:\n    country: BY\n",
    "places:\n  Minsk: {country: BY, lat: [1]}\n",
    "places:\n  Minsk: {country : BY , lat:  53.9 }\n",
    "places:\n  Minsk: {country: BY,}\n",
    "places:\n  1: {a: b}\n  yes: {}\n  null: {}\n",
    "# a comment\ntitle: x\n\n  # indented comment\ndate: 2020-01-01\n",
    "title: x # a comment\n",
    "title: x#not a comment\n",
    "title: a:b\n",
    "title: a: b\n",
    "title: ends:\n",
    "title: x\n  continued\n",
    "title: x\ncontinued\n",
    "title:  two spaces\n",
    "title: trailing \n",
    "title:\ttab\n",
    "title: [a, b\n",
    "title: [a, b] trailing\n",
    "title: {a: 1}\n",
    "title: [a,b]\n",
    "title: [ a , b ]\n",
    "title: ['a''b', \"c\"]\n",
    "title: 'unclosed\n",
    "title: 'x' trailing\n",
    "title: &anchor x\nsummary: *anchor\n",
    "title: !!str 12\n",
    "title: |\n  literal\n",
    "title: >\n  folded\n",
    "<<: {a: 1}\n",
    "yes: 1\n",
    "null: 1\n",
    "1: one\n",
    "title: x\ntitle: y\n",
    "title: x\ndate: 2020-01-01\ntitle: y\n",
    "date: 2021-02-30\n",
    "date: 2020-09-14 10:00:00\n",
    "date: 2020-9-4\n",
    "n: 0x1F\nm: 0o17\nk: 1_000\nt: 12:30\nf: .inf\ng: -.Inf\nh: .nan\ne: 1e3\nz: ~\n",
    "n: -1\nm: -x\nk: (x)\n",
    "title: Zu\u0308rich\n",
    "title: 'Zu\u0308rich'\nplaces:\n  Zu\u0308rich: {name: Zu\u0308rich}\n",
    "title: x\n---\n",
    "  title: indented\n",
    "title:x\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "\n\n",
    "# only a comment\n",
    "title: " + "x" * 2000 + "\n",
    "places:\n  " + "k" * 1100 + ": {}\n",
    "title: x\r\ndate: 2020-01-01\r\n",
    "title: a\u2028b\n",
    "title: '\u00a0'\n",
    "title: \u00a0x\n",
]


@pytest.mark.parametrize("header", HAND_EDITED)
def test_hand_edited_headers_read_as_pyyaml_reads_them(header: str) -> None:
    check(header)


def test_the_usual_hand_edits_take_the_direct_path() -> None:
    for header in HAND_EDITED[:2] + HAND_EDITED[4:6] + HAND_EDITED[13:15]:
        assert _read_header(header) is not None, header


PIECES = st.sampled_from(
    [
        *"xZ9 -_'\":#,[]{}?&*!|>%@`.\\é",
        "a b",
        "yes",
        "null",
        "~",
        "1.5",
        "-2",
        "12:30",
        "2020-01-02",
        "''",
        ": ",
        " #",
        ", ",
        "- ",
    ]
)
WORD = st.lists(PIECES, max_size=6).map("".join)
INDENT = st.sampled_from(["", " ", "  ", "  ", "    "])
FLOW_SEP = st.sampled_from([", ", ",", " , ", ",  "])


@st.composite
def header_line(draw: st.DrawFn) -> str:
    """One line of a header, mostly of the shapes the reader knows, with random text."""
    key = draw(st.sampled_from(["title", "tags", "places", "a b", "yes", "x-y", draw(WORD)]))
    indent = draw(INDENT)
    word = draw(WORD)
    items = draw(st.lists(WORD, max_size=4))
    sep = draw(FLOW_SEP)
    pairs = sep.join(f"{k}: {v}" for k, v in zip(items, reversed(items), strict=True))
    shapes = [
        f"{key}: {word}",
        f"{key}: '{word}'",
        f'{key}: "{word}"',
        f"{key}:",
        f"{indent}- {word}",
        f"{indent}{word}: {word}",
        f"{key}: [{sep.join(items)}]",
        f"{indent}- [{sep.join(items)}]",
        f"{indent}{word}: {{{pairs}}}",
        f"{indent}'{word}': {{{pairs}}}",
        f"{indent}# {word}",
        "",
    ]
    return str(draw(st.sampled_from(shapes)))


@settings(max_examples=2000, deadline=None)
@given(st.lists(header_line(), min_size=1, max_size=6))
def test_random_headers_read_as_pyyaml_reads_them(lines: list[str]) -> None:
    check("\n".join(lines) + "\n")


def old_fences(text: str) -> tuple[str, str, int] | None:
    """The fences as split found them before, with str.splitlines over the whole text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ContentError("no closing fence", PATH, 1)


FENCE_PIECES = st.sampled_from(
    ["---", "...", "-- -", "--- x", "x", " ", "\u3000", "\xa0", "\n", "\r", "\r\n", "\u2028", "\t"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(FENCE_PIECES, max_size=12).map("".join))
def test_fences_are_found_where_splitlines_found_them(text: str) -> None:
    text = frontmatter.clean_text(text)
    try:
        expected = old_fences(text)
    except ContentError:
        with pytest.raises(ContentError):
            _fences(text, PATH)
        return
    assert _fences(text, PATH) == expected


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: x\ndate: 2021-02-30\n---\nBody", 3, "impossible date"),
        ("---\ntitle: x\ndate: [2020\n---\nBody", 4, "invalid YAML"),
        ("---\ntitle: x\n  y: z\n---\nBody", 3, "invalid YAML"),
        ("---\ntitle: x\n", 1, "no closing"),
    ],
)
def test_errors_still_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        split(text, PATH)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_dates_and_strings_come_back_typed() -> None:
    fm = split("---\ndate: 2020-09-14\ntitle: 2020\ntags: [a, 'b', 1.5]\n---\nBody\n", PATH)
    assert fm.data == {"date": datetime.date(2020, 9, 14), "title": 2020, "tags": ["a", "b", 1.5]}
    assert fm.key_lines == {"date": 2, "title": 3, "tags": 4}
    assert fm.body == "Body\n" and fm.body_line == 6


def test_negated_classes_are_the_sets_they_stand_for() -> None:
    """Each class written as what it leaves out holds exactly the characters of the
    positive class it replaced, code point by code point."""
    wide, simple = frontmatter._WIDE, frontmatter._SIMPLE
    pairs = [
        (f"[A-Za-z0-9({wide}]", frontmatter._FIRST),
        (f"[{simple}{wide}]", f"[^{frontmatter._NOT_PRINTABLE}#,:?\\[\\]{{}}]"),
        (f"[{simple},?\\[\\]{{}}{wide}]", f"[^{frontmatter._NOT_PRINTABLE}#:]"),
        (f"[\\x20-\\x7e{wide}]", f"[^{frontmatter._NOT_PRINTABLE}]"),
        (f"[\\n\\x20-\\x7e{wide}]", f"[^{frontmatter._NOT_IN_HEADER}]"),
    ]
    text = "".join(map(chr, range(0x110000)))
    for positive, negated in pairs:
        a, b = re.compile(positive), re.compile(negated)
        assert a.findall(text) == b.findall(text), (positive, negated)
