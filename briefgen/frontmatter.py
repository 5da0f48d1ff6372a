"""split() and dump() of the YAML header: the contract between ingest and read."""

from __future__ import annotations

import datetime
import functools
import io
import math
import re
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
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return FrontMatter({}, {}, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            break
    else:
        raise ContentError(
            "front matter has no closing '---' line (add one after the last key)", path, 1
        )
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
    return FrontMatter(
        data={str(k): v for k, v in clean_data(data).items()},
        key_lines=_key_lines(node, 1),
        body=body,
        body_line=index + 2,
    )


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
_FIRST = f"[A-Za-z0-9({_WIDE}]"
_SIMPLE_FLOW = re.compile(f"{_FIRST}[{_SIMPLE}{_WIDE}]*")
_SIMPLE_BLOCK = re.compile(f"{_FIRST}[{_SIMPLE},?\\[\\]{{}}{_WIDE}]*")


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
