"""split() and dump() of the YAML header: the contract between ingest and read."""

from __future__ import annotations

import datetime
import functools
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import ContentError
from briefgen.safetext import clean_data, clean_text

FENCE = "---"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A content file split into its YAML header and Markdown body."""

    data: dict[str, Any]
    """The parsed header (empty when the file has none)."""
    key_lines: dict[str, int]
    """1-based line in the file of each top-level key, for error messages."""
    body: str
    """The Markdown after the closing fence."""
    body_line: int
    """1-based line where the body starts."""


# libyaml's loader when PyYAML was built with it: about 20 times faster on front matter.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _bad_date_line(node: yaml.Node | None, offset: int) -> int | None:
    """The line of the first value that looks like a date but is not a calendar date."""
    if isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":timestamp"):
                try:
                    datetime.date.fromisoformat(str(value.value)[:10])
                except ValueError:
                    return int(value.start_mark.line) + 1 + offset
    return None


def _key_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1 + offset
    return lines


def split(text: str, path: Path) -> FrontMatter:
    """Separate the `---` fenced YAML header from the body; errors name PATH and the line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Control characters go before YAML (which refuses them raw) and splitlines (which
    # would break lines at \x0b) see the text; escaped ones ("\x1b") after parsing.
    text = clean_text(text)
    fenced = _fences(text, path)
    if fenced is None:
        return FrontMatter({}, {}, text, 1)
    header, body, body_line = fenced
    data, key_lines = _read_header(header) or _read_yaml(header, path)
    return FrontMatter(data=data, key_lines=key_lines, body=body, body_line=body_line)


def _read_yaml(header: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """HEADER's data and the line of each key, read by PyYAML (C loader when present)."""
    loader = _Loader(header)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = exc.problem or exc.context or "cannot be parsed"
        raise ContentError(
            f"invalid YAML in front matter: {problem} (check quoting and indentation; "
            "a value with ': ' or a leading '[' needs quotes)",
            path,
            line,
        ) from exc
    except ValueError as exc:
        # PyYAML reads 2021-02-30 as a timestamp and fails in datetime().
        raise ContentError(
            f"impossible date in front matter: {exc} (write a real date as YYYY-MM-DD)",
            path,
            _bad_date_line(node, 1),
        ) from exc
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError("front matter must be a mapping of key: value lines", path, 2)
    return {str(k): v for k, v in clean_data(data).items()}, _key_lines(node, 1)


# Every line break str.splitlines knows, apart from "\n", that clean_text leaves in place.
_OTHER_BREAKS = re.compile("[\r\u2028\u2029]")


def _fences(text: str, path: Path) -> tuple[str, str, int] | None:
    """The header, the body and the body's first line; None when TEXT has no header.

    The lines are those of str.splitlines, the fences lines that are "---" (or "..." to
    close) once trailing whitespace is stripped. With "\n" the only line break (what
    ingest writes), only the header's lines are looked at, not the whole body's.
    """
    if _OTHER_BREAKS.search(text) is not None:
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].rstrip() != FENCE:
            return None
        for index in range(1, len(lines)):
            if lines[index].rstrip() in (FENCE, "..."):
                return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
        raise ContentError(
            "front matter has no closing '---' line (add one after the last key)", path, 1
        )
    first = text.find("\n")
    if (text[:first] if first >= 0 else text).rstrip() != FENCE:
        return None
    closing = _CLOSING.search(text, first + 1) if first >= 0 else None
    if closing is None:
        raise ContentError(
            "front matter has no closing '---' line (add one after the last key)", path, 1
        )
    header = text[first + 1 : closing.start()]
    return header, text[closing.end() + 1 :], header.count("\n") + 3


# A closing fence line: "---" or "...", then only whitespace as str.rstrip strips it
# (\s is str.isspace in a str pattern), alone on its line.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


class _Dumper(yaml.SafeDumper):
    """Dump lists of plain strings in flow style and keep key order."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict[str, Any], body: str) -> str:
    """Render front matter and body into the text of a content file (deterministic)."""
    header = _fast_header(data)
    if header is None:
        header = _yaml_header(data)
    return f"{FENCE}\n{header}{FENCE}\n\n{body.rstrip()}\n"


def _yaml_header(data: dict[str, Any]) -> str:
    """The header as PyYAML's emitter writes it: the reference `_fast_header` must match."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=_WIDTH,
    )


_WIDTH = 10_000
# Lines a fast header may have: far below the width at which PyYAML would fold a line.
_MAX_LINE = 8_000
# PyYAML writes a longer mapping key as a "? key" entry.
_MAX_KEY = 100
_STR_TAG = "tag:yaml.org,2002:str"
# PyYAML's own analysis of a scalar and its own resolver, so that the quoting is its choice.
_ANALYSER = _Dumper(io.StringIO(), allow_unicode=True, width=_WIDTH)


class _Unusual(Exception):
    """A value the fast header does not write: PyYAML writes the whole header instead."""


# Strings that are plain for PyYAML at a glance (a subset of what its analysis allows): a
# letter, digit or "(" first, then printable characters and spaces, without ":" and "#"
# (which may start a value or a comment), nor in flow context ",?[]{}"; no line break,
# control character, byte-order mark or "\xa0", and (checked apart) no space at the end.
# ("\u2028" and "\u2029" are line breaks to YAML.)
_SIMPLE = r"\x20-\x22\x24-\x2b\x2d-\x39\x3b-\x3e\x40-\x5a\x5c\x5e-\x7a\x7c\x7e"
_WIDE = r"\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
# The same sets written as what they leave out: a negated class compiles in a millisecond,
# a class of _WIDE's ranges in ten (every process that reads content compiles them).
# tests/test_frontmatter_read.py checks them against the sets above, code point by code
# point. _NOT_WIDE: all but _WIDE; _NOT_PRINTABLE: all but printable ASCII and _WIDE.
_NOT_WIDE = r"\x00-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_NOT_PRINTABLE = r"\x00-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_FIRST = f"(?:[A-Za-z0-9(]|[^{_NOT_WIDE}])"
_SIMPLE_FLOW = re.compile(f"{_FIRST}[^{_NOT_PRINTABLE}#,:?\\[\\]{{}}]*")
_SIMPLE_BLOCK = re.compile(f"{_FIRST}[^{_NOT_PRINTABLE}#:]*")


def _resolves_to_str(value: str) -> bool:
    """Unquoted, the value reads back as a string (not a number, date, bool or null)."""
    return _ANALYSER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


@functools.lru_cache(maxsize=1 << 14)
def _scalar(value: str, flow: bool) -> str:
    """A string as PyYAML writes it on one line: plain, or in single quotes.

    `flow` is inside [...] or {...}, where fewer characters may stand unquoted.
    """
    if len(value) > _MAX_LINE:
        raise _Unusual(value[:40])
    simple = (_SIMPLE_FLOW if flow else _SIMPLE_BLOCK).fullmatch(value)
    if simple and value[-1] != " " and _resolves_to_str(value):
        return value  # the common case, which PyYAML's analysis would also find plain
    analysis = _ANALYSER.analyze_scalar(value)
    if analysis.multiline or not analysis.allow_single_quoted:
        raise _Unusual(value[:40])  # line breaks, escapes: double quotes and folding
    plain = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    if plain and not analysis.empty and _resolves_to_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _flow_item(value: Any) -> str:
    """A scalar inside a flow collection."""
    if type(value) is str:
        return _scalar(value, True)
    if type(value) is float and math.isfinite(value):
        text = repr(value)
        if "e" not in text:
            return text  # "51.50853", "-0.12574" (an exponent gets PyYAML's own form)
    raise _Unusual(repr(value)[:40])


def _key(value: Any) -> str:
    if type(value) is not str or len(value) > _MAX_KEY:
        raise _Unusual(repr(value)[:40])
    return _scalar(value, False)


def _flow_mapping(value: dict[Any, Any]) -> str:
    items = (f"{_scalar(_key_text(k), True)}: {_flow_item(v)}" for k, v in value.items())
    return "{" + ", ".join(items) + "}"


def _key_text(value: Any) -> str:
    if type(value) is not str or len(value) > _MAX_KEY:
        raise _Unusual(repr(value)[:40])
    return value


def _value_lines(key: str, value: Any, seen: set[int]) -> list[str]:
    """The lines of one top-level key: a scalar, a list of strings, a mapping of mappings."""
    kind = type(value)
    if kind is str:
        return [f"{key}: {_scalar(value, False)}"]
    if kind is datetime.date:
        return [f"{key}: {value.isoformat()}"]
    if id(value) in seen:
        raise _Unusual("an object met twice (PyYAML would write an alias)")
    seen.add(id(value))
    if kind is list:
        return [f"{key}: [" + ", ".join(_flow_item(v) for v in value) + "]"]
    if kind is dict and all(type(v) is dict for v in value.values()):
        if not value:
            return [f"{key}: {{}}"]
        lines = [f"{key}:"]
        for name, fields in value.items():
            if id(fields) in seen:
                raise _Unusual("an object met twice")
            seen.add(id(fields))
            lines.append(f"  {_key(name)}: {_flow_mapping(fields)}")
        return lines
    raise _Unusual(kind.__name__)


def _fast_header(data: dict[str, Any]) -> str | None:
    """The header written directly for the shape ingest writes, byte for byte as PyYAML
    would (about 20 times faster); None for anything else, which PyYAML then writes.

    Strings are quoted by PyYAML's own analysis (`_scalar`): plain when it allows, else in
    single quotes; anything needing double quotes or folding goes back to PyYAML whole.
    """
    lines: list[str] = []
    seen: set[int] = set()
    try:
        for key, value in data.items():
            lines += _value_lines(_key(key), value, seen)
    except _Unusual:
        return None
    if any(len(line) > _MAX_LINE for line in lines):
        return None
    return "\n".join(lines) + "\n" if lines else None


# --- reading the header without PyYAML's constructor ---------------------------------
#
# A header of the shape `dump` writes (and the usual hand edits of it) is read here
# directly: top-level `key: value` lines, whose value is a scalar on one line, a flow
# list or mapping of scalars on one line, a block list of such values, or a block
# mapping of them one level deep. Scalars are plain, single-quoted, or double-quoted
# without escapes; a plain one gets the type PyYAML's own resolver and constructor give
# it. Anything else (and any doubt: a tab, a comment after a value, a line break other
# than "\n", a key that is not a simple name) returns None, and PyYAML reads the whole
# header, as it reports its errors. tests/test_frontmatter_read.py holds the two to
# the same values.


class _Unread(Exception):
    """A header the direct reader leaves to PyYAML."""


# The characters a header may hold at all: printable ASCII without tab, and the rest of
# _WIDE (no line breaks but "\n", no BOM, no C1 control, surrogate or U+FFFE/F).
_NOT_IN_HEADER = _NOT_PRINTABLE.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f")  # "\n" is in
_HEADER_CHARS = re.compile(f"[^{_NOT_IN_HEADER}]*")
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: (.*))?")
_FIRST_PLAIN = f"(?:{_FIRST}|-(?=[0-9]))"
# A plain scalar filling the rest of a line in block context (checked apart: no ": ",
# no " #", no ":" or space at the end) and one in a flow collection (spaces after it
# are dropped, as PyYAML drops them before "," or "]").
_BLOCK_PLAIN = re.compile(f"{_FIRST_PLAIN}[^{_NOT_PRINTABLE}]*")
_FLOW_ITEM = f"{_FIRST_PLAIN}[^{_NOT_PRINTABLE}#,:?\\[\\]{{}}]*"
_FLOW_PLAIN = re.compile(_FLOW_ITEM)
_PLAIN_ITEMS = re.compile(f"(?:{_FLOW_ITEM}(?:, {_FLOW_ITEM})*)?")
_PLAIN_PAIRS = re.compile(f"(?:{_FLOW_ITEM}: {_FLOW_ITEM}(?:, {_FLOW_ITEM}: {_FLOW_ITEM})*)?")
_MAX_SIMPLE_KEY = 1000  # YAML allows a key of at most 1024 characters on its line
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@functools.lru_cache(maxsize=1 << 14)
def _plain_value(text: str) -> Any:
    """A plain scalar as PyYAML reads it: resolved (str, int, date …) and constructed."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR_TAG:
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if construct is None:
        raise _Unread(tag)  # "<<" (merge) or "=" (value): PyYAML's business
    try:
        return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (ValueError, yaml.YAMLError) as exc:
        raise _Unread(text) from exc  # 2021-02-30: PyYAML reports it with its line


def _quoted(line: str, pos: int) -> tuple[str, int]:
    """The quoted scalar starting at LINE[POS] ("'" or '"'), and the position after it."""
    quote = line[pos]
    end = pos + 1
    while True:
        end = line.find(quote, end)
        if end < 0:
            raise _Unread("an unclosed quote")
        if quote == "'" and line.startswith("''", end):
            end += 2
            continue
        break
    inner = line[pos + 1 : end]
    if quote == '"' and "\\" in inner:
        raise _Unread("an escape")
    if quote == "'":
        inner = inner.replace("''", "'")
    if not inner.isascii():
        inner = unicodedata.normalize("NFC", inner)
    return inner, end + 1


def _flow_scalar(line: str, pos: int) -> tuple[Any, int]:
    """The scalar at LINE[POS] inside a flow collection, and the position after it."""
    if line.startswith(("'", '"'), pos):
        return _quoted(line, pos)
    match = _FLOW_PLAIN.match(line, pos)
    if match is None:
        raise _Unread(line[pos : pos + 40])
    return _plain_value(match.group().rstrip(" ")), match.end()


def _skip_spaces(line: str, pos: int) -> int:
    while line.startswith(" ", pos):
        pos += 1
    return pos


def _flow(line: str) -> Any:
    """The flow list or mapping that is the whole of LINE: `[a, 'b']`, `{k: v, k2: 1.5}`.

    A new list or dict each time (an Article may keep it), of values read once.
    """
    if line[0] == "[":
        return list(_flow_values(line))
    return dict(_flow_values(line))


@functools.lru_cache(maxsize=1 << 12)
def _flow_values(line: str) -> tuple[Any, ...]:
    """The items of a flow list, or the (key, value) pairs of a flow mapping, in LINE.

    Items of plain text apart by ", " alone (what dump writes) are cut at the commas:
    none of them can hold one. Any other spelling is scanned.
    """
    inner = line[1:-1]
    if line[0] == "[":
        if line[-1] == "]" and _PLAIN_ITEMS.fullmatch(inner):
            return (
                tuple(_plain_value(item.rstrip(" ")) for item in inner.split(", ")) if inner else ()
            )
    elif line[-1] == "}" and _PLAIN_PAIRS.fullmatch(inner):
        if not inner:
            return ()
        pairs = (pair.split(": ") for pair in inner.split(", "))
        return tuple((_plain_value(k.rstrip(" ")), _plain_value(v.rstrip(" "))) for k, v in pairs)
    return _scan_flow(line)


def _scan_flow(line: str) -> tuple[Any, ...]:
    """`_flow_values` of any flow collection of scalars on one line, token by token."""
    closer = "]" if line[0] == "[" else "}"
    items: list[Any] = []
    mapping: dict[Any, Any] = {}
    pos = _skip_spaces(line, 1)
    if line.startswith(closer, pos):
        pos += 1
    else:
        while True:
            if closer == "}":
                key, pos = _flow_scalar(line, pos)
                if not line.startswith(": ", pos):
                    raise _Unread("a flow mapping entry without ': '")
                value, pos = _flow_scalar(line, _skip_spaces(line, pos + 2))
                mapping[key] = value
            else:
                value, pos = _flow_scalar(line, pos)
                items.append(value)
            pos = _skip_spaces(line, pos)
            if line.startswith(closer, pos):
                pos += 1
                break
            if not line.startswith(", ", pos):
                raise _Unread(line[pos : pos + 40])
            pos = _skip_spaces(line, pos + 2)
    if pos != len(line):
        raise _Unread(line[pos : pos + 40])
    return tuple(mapping.items()) if closer == "}" else tuple(items)


def _inline_value(text: str) -> Any:
    """The value that is the whole rest of a line after `key: ` or `- `, in block context."""
    first = text[:1]
    if first in ("[", "{"):
        return _flow(text)
    if first in ("'", '"'):
        value, end = _quoted(text, 0)
        if end != len(text):
            raise _Unread(text[end : end + 40])
        return value
    if _BLOCK_PLAIN.fullmatch(text) is None or ": " in text or " #" in text or text[-1] in " :":
        raise _Unread(text[:40])
    return _plain_value(text)


def _block_key(text: str) -> tuple[Any, str]:
    """A nested `name: value` line (without its indent): the key and the value's text."""
    if text.startswith(("'", '"')):
        key, pos = _quoted(text, 0)
    else:
        pos = text.find(": ")
        name = text[:pos]
        if pos < 0 or _FLOW_PLAIN.fullmatch(name) is None or name[-1] == " ":
            raise _Unread(text[:40])
        key = _plain_value(name)
    if pos > _MAX_SIMPLE_KEY or not text.startswith(": ", pos) or len(text) == pos + 2:
        raise _Unread(text[:40])
    return key, text[pos + 2 :]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _read_block(lines: list[str], start: int) -> tuple[Any, int]:
    """The value of a `key:` line ending at LINES[START - 1]: a block list, a block
    mapping of one level, or null; and the index of the first line after it."""
    index = start
    while index < len(lines) and _blank(lines[index]):
        index += 1
    if index == len(lines) or (_indent(lines[index]) == 0 and lines[index][:1] != "-"):
        return None, index
    indent = _indent(lines[index])
    items: list[Any] = []
    mapping: dict[Any, Any] = {}
    is_list = lines[index].startswith("- ", indent) or lines[index][indent:] == "-"
    while index < len(lines):
        line = lines[index]
        if _blank(line):
            index += 1
            continue
        if _indent(line) != indent:
            break
        if is_list:
            if not line.startswith("- ", indent):
                break
            items.append(_inline_value(line[indent + 2 :]))
        else:
            key, value = _block_key(line[indent:])
            mapping[key] = _inline_value(value)
        index += 1
    if index < len(lines) and _indent(lines[index]) != 0:
        raise _Unread(lines[index][:40])  # deeper or shallower than the block: not ours
    return (items if is_list else mapping), index


def _blank(line: str) -> bool:
    """A line YAML skips: empty, spaces only, or a comment."""
    stripped = line.lstrip(" ")
    return not stripped or stripped[0] == "#"


def _read_header(header: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """HEADER's data and the line of each key, as PyYAML and `_key_lines` give them;
    None for a header of another shape (PyYAML reads it then)."""
    if _HEADER_CHARS.fullmatch(header) is None:
        return None
    lines = header.split("\n")
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    index = 0
    try:
        while index < len(lines):
            line = lines[index]
            if _blank(line):
                index += 1
                continue
            match = _TOP_KEY.fullmatch(line)
            if match is None:
                return None
            key = match.group(1)
            if _plain_value(key) != key:
                return None  # "yes", "null", "true": not a string key
            number = index
            if match.group(2) is None:
                value, index = _read_block(lines, index + 1)
            else:
                value = _inline_value(match.group(2))
                index += 1
            data[key] = value
            key_lines[key] = number + 2
    except _Unread:
        return None
    if not data:
        return None  # an empty header: PyYAML's None, which split turns into {}
    return data, key_lines


def as_date(value: Any) -> datetime.date | None:
    """A front matter date value as a calendar date, ignoring any time part."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
