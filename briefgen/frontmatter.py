"""split() and dump() of the YAML header: the contract between ingest and read."""

from __future__ import annotations

import datetime
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
    header = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=10_000,
    )
    return f"{FENCE}\n{header}{FENCE}\n\n{body.rstrip()}\n"


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
