"""The entity registry: the user's own say over names, kept in one YAML file for the whole site.

Default path: `content/_entities.yaml` (setting `extraction.registry` in briefgen.yaml).
Every section is optional; names are matched without regard to case, accents or a leading
"the" ("the Kremlin" = "Kremlin").

```yaml
aliases:              # a name → the canonical name it stands for
  Biden: Joe Biden
  Joseph R. Biden: Joe Biden
merges:               # a canonical name ← several names that mean it (aliases, grouped)
  European Union: [EU, E.U., European Community]
renames:              # change a canonical name everywhere (applied after aliases and merges)
  Kiev: Kyiv
ignore:               # never list these names
  - Reuters
  - Wikinews
types:                # force the type of a name: actor, location or ignore
  Georgia: location
  Amazon: actor
```

Ingest applies it to every article; `canonicalize_across()` then keeps short names consistent
with the canonical names already used elsewhere on the site.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from briefgen.errors import ConfigError
from briefgen.extract.names import words_key

SECTIONS = ("aliases", "merges", "renames", "ignore", "types")
TYPES = ("actor", "location", "ignore")


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


def name_key(name: str) -> str:
    """Fold a name for registry lookups: case, accents, punctuation and a leading "the"."""
    return " ".join(words_key(name))


@dataclass(frozen=True, slots=True)
class EntityRegistry:
    """User-edited naming rules shared by every article of a site."""

    aliases: Mapping[str, str] = field(default_factory=_empty)
    """Folded name → canonical name (from `aliases` and `merges`)."""
    renames: Mapping[str, str] = field(default_factory=_empty)
    """Folded canonical name → the new canonical name."""
    ignore: frozenset[str] = frozenset()
    """Folded names that are never listed."""
    types: Mapping[str, str] = field(default_factory=_empty)
    """Folded name → "actor", "location" or "ignore"."""
    source_path: Path | None = None
    """The file the registry came from (None when built in code or the file is missing)."""

    def canonical(self, name: str) -> str | None:
        """The name as the site should list it, or None when it is ignored."""
        key = name_key(name)
        if key in self.ignore or self.types.get(key) == "ignore":
            return None
        name = self.aliases.get(key, name)
        key = name_key(name)
        name = self.renames.get(key, name)
        if name_key(name) in self.ignore:
            return None
        return name

    def forced_type(self, name: str) -> str | None:
        """ "actor" or "location" when the user fixed the type of this name."""
        kind = self.types.get(name_key(name))
        if kind in ("actor", "location"):
            return kind
        if kind is None:
            target = self.aliases.get(name_key(name))
            if target is not None:
                kind = self.types.get(name_key(target))
                if kind in ("actor", "location"):
                    return kind
        return None

    def is_ignored(self, name: str) -> bool:
        """True when the name (or what it stands for) must never be listed."""
        return self.canonical(name) is None

    @property
    def empty(self) -> bool:
        return not (self.aliases or self.renames or self.ignore or self.types)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain dicts (a read-only mapping view cannot be pickled), for workers."""
        return (
            _rebuilt,
            (
                dict(self.aliases),
                dict(self.renames),
                self.ignore,
                dict(self.types),
                self.source_path,
            ),
        )


def _rebuilt(
    aliases: dict[str, str],
    renames: dict[str, str],
    ignore: frozenset[str],
    types: dict[str, str],
    source_path: Path | None,
) -> EntityRegistry:
    """The registry `EntityRegistry.__reduce__` took apart, with its folded keys as they were."""
    return EntityRegistry(
        MappingProxyType(aliases),
        MappingProxyType(renames),
        ignore,
        MappingProxyType(types),
        source_path,
    )


def make_registry(
    aliases: Mapping[str, str] | None = None,
    merges: Mapping[str, Iterable[str]] | None = None,
    renames: Mapping[str, str] | None = None,
    ignore: Iterable[str] = (),
    types: Mapping[str, str] | None = None,
    source_path: Path | None = None,
) -> EntityRegistry:
    """Build a registry from plain values (what the YAML file holds)."""
    alias_map: dict[str, str] = {}
    for alias, canonical in (aliases or {}).items():
        alias_map[name_key(alias)] = canonical
    for canonical, names in (merges or {}).items():
        for alias in names:
            alias_map[name_key(alias)] = canonical
    for canonical in list(alias_map.values()):
        alias_map.pop(name_key(canonical), None)  # a canonical name maps to itself
    rename_map = {name_key(old): new for old, new in (renames or {}).items()}
    type_map = {name_key(name): kind for name, kind in (types or {}).items()}
    return EntityRegistry(
        aliases=MappingProxyType(alias_map),
        renames=MappingProxyType(rename_map),
        ignore=frozenset(name_key(n) for n in ignore),
        types=MappingProxyType(type_map),
        source_path=source_path,
    )


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _section_nodes(root: yaml.Node | None) -> tuple[dict[str, yaml.Node], dict[str, int]]:
    """Each top-level section's value node, and the line of its key."""
    nodes: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            nodes[str(key_node.value)] = value_node
            lines[str(key_node.value)] = key_node.start_mark.line + 1
    return nodes, lines


def _entry_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each key (mapping) or item (sequence) inside a section."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                lines[str(item.value)] = item.start_mark.line + 1
    return lines


def _parse_yaml(path: Path) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of the registry file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("the entity registry is not UTF-8 text (save it as UTF-8)", path) from exc
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None and mark.line >= len(text.splitlines()) and exc.context_mark:
            mark = exc.context_mark  # "unexpected end of file": point at what was left open
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            f"invalid YAML in the entity registry: {exc.problem} (check indentation and quoting)",
            path,
            line,
        ) from exc


def _is_name_value(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class _Sections:
    """The registry file's sections, with the lines errors point at."""

    path: Path
    """The registry file."""
    data: dict[str, Any]
    """The parsed mapping."""
    nodes: dict[str, yaml.Node]
    """Each section's value node."""
    key_lines: dict[str, int]
    """The line of each section's key."""

    def check_keys(self) -> None:
        for key in self.data:
            if key not in SECTIONS:
                close = difflib.get_close_matches(str(key), SECTIONS, n=1, cutoff=0.5)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "valid sections: " + ", ".join(SECTIONS)
                )
                raise ConfigError(
                    f"unknown section '{key}' ({hint})", self.path, self.key_lines.get(str(key))
                )

    def entry_line(self, section: str, key: Any) -> int | None:
        lines = _entry_lines(self.nodes.get(section))
        return lines.get(str(key), _line(self.nodes.get(section)))

    def mapping(self, section: str) -> dict[str, Any]:
        value = self.data.get(section)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ConfigError(
                f"'{section}' must be a mapping of 'name: value' lines",
                self.path,
                self.key_lines.get(section),
            )
        return value

    def names(self, section: str) -> dict[str, str]:
        """A section of "name: name" lines (aliases, renames)."""
        out: dict[str, str] = {}
        for key, value in self.mapping(section).items():
            if not _is_name_value(value) or not str(value).strip():
                raise ConfigError(
                    f"'{section}': the value for '{key}' must be a name (write '{key}: Full Name')",
                    self.path,
                    self.entry_line(section, key),
                )
            out[str(key)] = str(value).strip()
        return out

    def merges(self) -> dict[str, list[str]]:
        merges: dict[str, list[str]] = {}
        for canonical, names in self.mapping("merges").items():
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(_is_name_value(n) for n in names):
                raise ConfigError(
                    f"'merges': '{canonical}' must list its other names, e.g. "
                    f"{canonical}: [name, name]",
                    self.path,
                    self.entry_line("merges", canonical),
                )
            merges[str(canonical)] = [str(n) for n in names]
        return merges

    def ignore(self) -> list[str]:
        value = self.data.get("ignore") or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(_is_name_value(n) for n in value):
            raise ConfigError(
                "'ignore' must be a list of names, e.g. ignore: [Reuters, Wikinews]",
                self.path,
                self.key_lines.get("ignore"),
            )
        return [str(n) for n in value]

    def types(self) -> dict[str, str]:
        types: dict[str, str] = {}
        for name, kind in self.mapping("types").items():
            if kind not in TYPES:
                raise ConfigError(
                    f"'types': '{name}' must be one of {', '.join(TYPES)}, not {kind!r}",
                    self.path,
                    self.entry_line("types", name),
                )
            types[str(name)] = kind
        return types


def load_registry(path: Path) -> EntityRegistry:
    """Read the registry YAML; a missing file is an empty registry.

    Raises ConfigError(message, path, line) when the file is not valid YAML or a section
    has the wrong shape.
    """
    path = Path(path)
    if not path.is_file():
        return EntityRegistry(source_path=None)
    root, data = _parse_yaml(path)
    if data is None:
        return EntityRegistry(source_path=path)
    if not isinstance(data, dict):
        raise ConfigError(
            "the entity registry must be a mapping with sections "
            + ", ".join(SECTIONS)
            + " (see docs/entities.md)",
            path,
            _line(root),
        )
    nodes, key_lines = _section_nodes(root)
    sections = _Sections(path, data, nodes, key_lines)
    sections.check_keys()
    aliases = sections.names("aliases")
    renames = sections.names("renames")
    merges = sections.merges()
    ignore = sections.ignore()
    types = sections.types()
    return make_registry(aliases, merges, renames, ignore, types, path)
