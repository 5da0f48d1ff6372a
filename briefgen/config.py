"""Load briefgen.yaml into a frozen Config; unknown keys are errors that name the key."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefgen.errors import ConfigError, OutputError
from briefgen.fsutil import atomic_write, installed_versions, user_cache_dir
from briefgen.safetext import clean_data

if TYPE_CHECKING:  # imported on a parse: a build that finds nothing to do reads a memo
    import yaml

CONFIG_NAME = "briefgen.yaml"

# Caps on sizes: far above any real use, low enough that a typo (page_size: 100000)
# is caught instead of rendering one enormous page.
LIMITS = {
    "page_size": (1, 1000),
    "feed_size": (1, 1000),
    "extraction.max_actors": (0, 1000),
    "extraction.max_locations": (0, 1000),
    "extraction.tag_threshold": (0, 100),
}
# A taxonomy is a front matter list: it cannot reuse a key that means something else,
# nor a folder the site writes itself.
# Front matter keys briefgen reads itself (content.py), and the top-level folders the site
# uses (assemble.py): a taxonomy may be named after neither. Defined once, here.
RESERVED_FRONT_MATTER = frozenset(
    {"title", "date", "summary", "source", "draft", "slug", "places"}
    | {"seed", "outlet", "license", "dateline"}
)
RESERVED_FOLDERS = frozenset({"page", "static", "archive", "search", "pagefind", "threads"})
# Settings a command-line option can override, named as the user typed them.
OPTION_NAMES = {"base_url": "--base-url", "output_dir": "--output"}
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\{}|^]")


@dataclass(frozen=True, slots=True)
class ExtractionConfig:
    """Settings of the actor/location/tag extractor."""

    registry_path: Path
    """The user-editable entity registry (aliases, renames, ignore list)."""
    tag_threshold: int = 4
    """The evidence score a news topic needs to become a tag (see `extract/tags.py`)."""
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Extra keywords: (topic slug or code, or a new topic's name, keywords)."""
    replace_topics: bool = False
    """When true, only the topics in `topics` are used, not the built-in IPTC topics."""
    max_actors: int = 30
    """At most this many actors per briefing (the least prominent are dropped); 0: no cap."""
    max_locations: int = 30
    """At most this many locations per briefing; 0: no cap."""
    backend: str = "builtin"
    """Where names come from: "builtin", "spacy:<model>" or "command:<cmd>" (`backends.py`)."""
    backend_timeout: int = 600
    """Seconds a `command:` backend may take for one ingest run's whole batch."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of a project, each with a default."""

    root: Path
    """The project folder (where briefgen.yaml is, or would be)."""
    title: str = "Briefings"
    """Site title, shown in the header and feeds."""
    description: str = "News briefings"
    """One-line description for the home page and feeds."""
    base_url: str = ""
    """Absolute URL of the published site; only feeds, sitemap and canonical links need it."""
    language: str = "en"
    """BCP 47 language tag for `<html lang>`."""
    author: str = ""
    """Feed author name; the title is used when empty."""
    theme: str = "default"
    """Theme name: themes/NAME/ in the project, then the themes shipped with briefgen."""
    page_size: int = 10
    """Briefings per list page."""
    feed_size: int = 20
    """Entries per Atom feed."""
    term_feeds: str = "summary"
    """What a term's own feed carries: "summary" (title, summary, link) or "full" (the body too).
    The main feed always carries full text."""
    taxonomies: tuple[str, ...] = ("actors", "locations", "tags")
    """Front matter list fields that get index pages."""
    search: str = "builtin"
    """The search engine: "builtin" (briefgen's own index), "pagefind" or "off"."""
    seeds_dir: Path = field(default=Path("seeds"))
    """Where seed .txt files are read from."""
    content_dir: Path = field(default=Path("content"))
    """Where ingest writes Markdown and build reads it."""
    themes_dir: Path = field(default=Path("themes"))
    """The project's own themes."""
    output_dir: Path = field(default=Path("site"))
    """Where build writes the site."""
    extraction: ExtractionConfig = field(
        default_factory=lambda: ExtractionConfig(registry_path=Path("content/_entities.yaml"))
    )
    """Extractor settings."""
    config_path: Path | None = None
    """The file the settings came from, if any."""


_TOP_KEYS = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "author": str,
    "theme": str,
    "page_size": int,
    "feed_size": int,
    "term_feeds": str,
    "search": str,
    "taxonomies": list,
    "paths": dict,
    "extraction": dict,
}
_PATH_KEYS = ("seeds", "content", "themes", "output")
TERM_FEED_CHOICES = ("summary", "full")
SEARCH_CHOICES = ("builtin", "pagefind", "off")  # briefgen.search.ENGINES
_EXTRACTION_KEYS = {
    "registry": str,
    "tag_threshold": int,
    "topics": dict,
    "replace_topics": bool,
    "max_actors": int,
    "max_locations": int,
    "backend": str,
    "backend_timeout": int,
}


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Map dotted key names to their 1-based line numbers in the YAML file."""
    import yaml

    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = f"{prefix}{key_node.value}"
            lines[name] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, name + "."))
    return lines


def _suggest(key: str, valid: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "valid keys: " + ", ".join(sorted(valid))


def _typename(kind: type) -> str:
    return {
        str: "a string",
        int: "a whole number",
        list: "a list",
        dict: "a mapping",
        bool: "true or false",
    }[kind]


def _check_type(value: Any, kind: type, key: str, path: Path, line: int | None) -> None:
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise ConfigError(
            f"'{key}' must be {_typename(kind)}, not {type(value).__name__} "
            f"(fix the value of '{key}')",
            path,
            line,
        )


def check_base_url(value: str) -> str | None:
    """Why VALUE cannot be a base_url, or None when it can.

    An absolute http(s) URL with a host, or a path starting with one '/'. Anything else
    (javascript:, data:, file:, //host, a broken IPv6 literal) would be written into
    every feed, canonical link and the sitemap.
    """
    if value == "":
        return None
    if _URL_UNSAFE.search(value):
        return "it holds a space, quote or control character"
    if value.startswith("/"):
        if value.startswith("//"):
            return "'//host' borrows the reader's scheme; write https://host/"
        return _no_query(value)
    try:
        parts = urlsplit(value)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        return f"it is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        shown = f"'{parts.scheme}:' " if parts.scheme else ""
        return f"the scheme {shown}is not http or https"
    if not host:
        return "it has no host name"
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"'{host}' is not an IPv6 address"
    del port
    return _no_query(value)


def _no_query(value: str) -> str | None:
    if "?" in value or "#" in value:
        return "a base URL cannot hold '?' or '#'"
    return None


def _validate_base_url(value: str, where: str, path: Path | None, line: int | None) -> None:
    problem = check_base_url(value)
    if problem is not None:
        raise ConfigError(
            f"{where} {value!r} is not usable: {problem} (use an absolute http(s) URL "
            "such as https://example.org/briefings/, or a path such as /briefings/)",
            path,
            line,
        )


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("file is not UTF-8 text (save it as UTF-8)", path) from exc
    try:
        data, lines = parse_yaml(text)
    except yaml_error() as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(
            f"invalid YAML: {exc.problem} (check indentation and quoting)", path, line
        ) from exc
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of key: value lines", path, 1)
    return clean_data(data), lines


YAML_MEMO_DIR = "yaml"
"""The folder of `parse_yaml`'s memo in briefgen's user cache."""
YAML_MEMO_FORMAT = 1
"""Version of the memo's files (part of their names)."""


def parse_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """`yaml.safe_load(TEXT)`, and the line of each key (dotted) of its mappings.

    Remembered: importing PyYAML cost a tenth of a build that finds nothing to do, and
    that build parses only briefgen.yaml and theme.yaml files, the same every time. A
    result that JSON holds exactly (text keys; text, numbers, booleans, null, lists) is
    kept in briefgen's user cache (`yaml/<digest>.json`), named by the digest of TEXT
    and PyYAML's version, and read from there the next time; without a user cache or a
    known PyYAML version nothing is kept. Raises `yaml_error()` as PyYAML does.
    """
    memo = _yaml_memo_path(text)
    if memo is not None:
        try:
            found = json.loads(memo.read_bytes())
            return found["data"], found["lines"]
        except (OSError, ValueError, TypeError, KeyError):
            pass  # not there yet (or damaged): parsed and written again
    import yaml

    data = yaml.safe_load(text)
    lines = _key_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    if memo is not None and _json_exact(data):
        with contextlib.suppress(OutputError):  # a read-only cache: parsed each time
            atomic_write(memo, json.dumps({"data": data, "lines": lines}, ensure_ascii=False))
    return data, lines


def yaml_error() -> type[yaml.MarkedYAMLError]:
    """PyYAML's syntax error, imported only once a parse failed (`except yaml_error()`)."""
    import yaml

    return yaml.MarkedYAMLError


def _yaml_memo_path(text: str) -> Path | None:
    """Where `parse_yaml` keeps its result for TEXT, or None when it keeps none."""
    folder = user_cache_dir()
    version = installed_versions().get("pyyaml")
    if folder is None or version is None:
        return None
    import hashlib

    digest = hashlib.sha256(
        f"{YAML_MEMO_FORMAT} {version}\n{text}".encode("utf-8", "surrogatepass")
    )
    return folder / YAML_MEMO_DIR / f"{digest.hexdigest()}.json"


def _json_exact(value: Any) -> bool:
    """True when VALUE comes back from JSON equal and of the same types (no date, set, tuple,
    non-text key or float that JSON cannot write)."""
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if kind is list:
        return all(_json_exact(item) for item in value)
    if kind is dict:
        return all(type(key) is str and _json_exact(item) for key, item in value.items())
    return False


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read ROOT/briefgen.yaml (optional) and apply command-line overrides on top."""
    root = root.resolve()
    path = root / CONFIG_NAME
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if path.is_file():
        data, lines = _read_yaml(path)
    config = _from_mapping(root, data, lines, path)
    if path.is_file():
        config = replace(config, config_path=path)
    _check_default_paths(config, data, path)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "base_url":  # the same rule as in the file, naming the option
            _validate_base_url(value, f"{OPTION_NAMES[key]}", None, None)
        config = replace(config, **{key: value})
    return _absolute(config)


def _check_default_paths(config: Config, data: dict[str, Any], path: Path) -> None:
    """The folders left at their defaults must not lead out of the project through a symlink."""
    given = data.get("paths") or {}
    for key in _PATH_KEYS:
        if key not in given:
            folder = getattr(config, f"{key}_dir")
            _inside(config.root, folder.as_posix(), f"paths.{key}", path, None)
    if "registry" not in (data.get("extraction") or {}):
        relative = config.extraction.registry_path.as_posix()
        _inside(config.root, relative, "extraction.registry", path, None)


def _absolute(config: Config) -> Config:
    """Resolve every configured folder against the project root, once, here."""

    def resolve(relative: Path) -> Path:
        return relative if relative.is_absolute() else config.root / relative

    return replace(
        config,
        seeds_dir=resolve(config.seeds_dir),
        content_dir=resolve(config.content_dir),
        themes_dir=resolve(config.themes_dir),
        output_dir=resolve(config.output_dir),
        extraction=replace(
            config.extraction, registry_path=resolve(config.extraction.registry_path)
        ),
    )


def _inside(root: Path, value: str, key: str, path: Path, line: int | None) -> Path:
    """VALUE as a folder strictly inside the project ROOT, symlinks followed; else an error.

    briefgen writes only into its own folders: `paths.content: /etc` would let ingest
    write into /etc, and `paths.seeds: /` would ingest the whole file system. (The
    --output option may still name any folder: that is the user's explicit choice.)
    """
    relative = Path(value)
    target = (root / relative).resolve()
    if not value.strip() or target == root or root not in target.parents:
        where = "is the project folder itself" if target == root else "leaves the project"
        if line is None:
            where += " through a symlink"
        raise ConfigError(
            f"'{key}: {value}' {where} ({target}); briefgen reads and writes only inside "
            f"the project (use a folder inside {root}, e.g. {key.rsplit('.', 1)[-1]})",
            path,
            line,
        )
    return relative


def _check_limit(key: str, value: int, path: Path, line: int | None) -> None:
    low, high = LIMITS[key]
    if not low <= value <= high:
        bound = f"at least {low}" if value < low else f"at most {high}"
        raise ConfigError(
            f"'{key}' must be {bound}, not {value} (use a value from {low} to {high})", path, line
        )


def _from_mapping(root: Path, data: dict[str, Any], lines: dict[str, int], path: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        line = lines.get(key)
        if key not in _TOP_KEYS:
            raise ConfigError(f"unknown key '{key}' ({_suggest(key, list(_TOP_KEYS))})", path, line)
        if value is None:
            continue
        if key == "search" and value is False:
            value = "off"  # YAML reads a bare `off` as false
        _check_type(value, _TOP_KEYS[key], key, path, line)
        values[key] = value

    theme = values.get("theme")
    if theme is not None and not _THEME_NAME.fullmatch(theme):
        raise ConfigError(
            f"theme name {theme!r} must be a folder name such as 'default' (no '/' or '..'; "
            "a theme lives in themes/NAME/ of the project)",
            path,
            lines.get("theme"),
        )
    for key in ("page_size", "feed_size"):
        if key in values:
            _check_limit(key, values[key], path, lines.get(key))
    if values.get("term_feeds", "summary") not in TERM_FEED_CHOICES:
        raise ConfigError(
            f"'term_feeds' must be one of {', '.join(TERM_FEED_CHOICES)}, not "
            f"{values['term_feeds']!r} (summary: title, summary and link; full: the text too)",
            path,
            lines.get("term_feeds"),
        )
    if values.get("search", "builtin") not in SEARCH_CHOICES:
        raise ConfigError(
            f"'search' must be one of {', '.join(SEARCH_CHOICES)}, not {values['search']!r} "
            "(builtin: briefgen's own index; pagefind: the Pagefind binary; off: no search)",
            path,
            lines.get("search"),
        )
    if "base_url" in values:
        _validate_base_url(values["base_url"], "base_url", path, lines.get("base_url"))

    taxonomies = values.pop("taxonomies", None)
    if taxonomies is not None:
        for name in taxonomies:
            if not isinstance(name, str) or not name.isidentifier():
                raise ConfigError(
                    f"taxonomy name {name!r} must be a simple word such as 'actors'",
                    path,
                    lines.get("taxonomies"),
                )
            if name in RESERVED_FRONT_MATTER or name in RESERVED_FOLDERS:
                kind = "front matter key" if name in RESERVED_FRONT_MATTER else "site folder"
                reserved = sorted(RESERVED_FRONT_MATTER | RESERVED_FOLDERS)
                raise ConfigError(
                    f"taxonomy name '{name}' is a {kind} briefgen uses itself "
                    f"(rename it in 'taxonomies'; reserved: {', '.join(reserved)})",
                    path,
                    lines.get("taxonomies"),
                )
        if len(set(taxonomies)) != len(taxonomies):
            raise ConfigError("a taxonomy is listed twice", path, lines.get("taxonomies"))
        values["taxonomies"] = tuple(taxonomies)

    paths = values.pop("paths", {})
    for key, value in paths.items():
        line = lines.get(f"paths.{key}")
        if key not in _PATH_KEYS:
            raise ConfigError(
                f"unknown key 'paths.{key}' ({_suggest(key, _PATH_KEYS)})", path, line
            )
        _check_type(value, str, f"paths.{key}", path, line)
        values[f"{key}_dir"] = _inside(root, value, f"paths.{key}", path, line)

    extraction = values.pop("extraction", {})
    content_dir = values.get("content_dir", Path("content"))
    ex_values: dict[str, Any] = {"registry_path": Path(content_dir) / "_entities.yaml"}
    for key, value in extraction.items():
        line = lines.get(f"extraction.{key}")
        if key not in _EXTRACTION_KEYS:
            raise ConfigError(
                f"unknown key 'extraction.{key}' ({_suggest(key, list(_EXTRACTION_KEYS))})",
                path,
                line,
            )
        _check_type(value, _EXTRACTION_KEYS[key], f"extraction.{key}", path, line)
        if key == "registry":
            ex_values["registry_path"] = _inside(root, value, f"extraction.{key}", path, line)
        elif key == "topics":
            ex_values["topics"] = _topics(value, extraction, path, lines, line)
        elif key == "backend":
            ex_values["backend"] = _backend(value, path, line)
        else:
            ex_values[key] = value
    for key in ("max_actors", "max_locations", "tag_threshold"):
        if key in ex_values:
            name = f"extraction.{key}"
            _check_limit(name, ex_values[key], path, lines.get(name))
    if ex_values.get("backend_timeout", 1) < 1:
        raise ConfigError(
            "'extraction.backend_timeout' must be at least 1 (seconds)",
            path,
            lines.get("extraction.backend_timeout"),
        )
    override = os.environ.get(BACKEND_ENV, "").strip()
    if override:
        # Set for the program of a command backend, so that it does not call itself.
        ex_values["backend"] = _backend(override, f"${BACKEND_ENV}", None)
    values["extraction"] = ExtractionConfig(**ex_values)
    return Config(root=root, **values)


BACKEND_ENV = "BRIEFGEN_EXTRACT_BACKEND"
"""Overrides `extraction.backend` (a command backend's program runs with it set to builtin)."""


def _backend(value: str, path: Path | str, line: int | None) -> str:
    """Check an `extraction.backend` value now, so a typo fails before any work."""
    from briefgen.extract.backends import parse_backend

    try:
        parse_backend(value)
    except ValueError as exc:
        raise ConfigError(f"'extraction.backend': {exc}", path, line) from exc
    return value.strip()


# The tags of the hand-made lexicon that the IPTC topics replaced, and where they went.
_OLD_TAGS = {
    "protests": "politics",
    "elections": "politics",
    "sanctions": "politics",
    "diplomacy": "politics",
    "conflict": "conflict-war-peace",
    "economy": "economy-business",
    "climate": "environment",
    "courts": "crime-law",
    "crime": "crime-law",
    "disasters": "disaster-accident",
    "technology": "science-technology",
    "science": "science-technology",
}
_TOPIC_NAME = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|medtop:\d{8})$")


def _topics(
    value: dict[Any, Any],
    extraction: dict[str, Any],
    path: Path,
    lines: dict[str, int],
    line: int | None,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Check `extraction.topics`: each name is a slug or an IPTC code listing keywords."""
    topics = []
    for tag, words in sorted(value.items(), key=lambda item: str(item[0])):
        name = str(tag)
        where = lines.get(f"extraction.topics.{name}", line)
        if not _TOPIC_NAME.match(name):
            raise ConfigError(
                f"topic name {name!r} must be a lowercase slug such as 'politics' or "
                "'public-transport', or an IPTC code such as 'medtop:11000000'",
                path,
                where,
            )
        if name in _OLD_TAGS and not extraction.get("replace_topics"):
            new = _OLD_TAGS[name]
            raise ConfigError(
                f"topic '{name}' is no longer built in: briefings are filed under the IPTC "
                f"news topics now (add the keywords to '{new}' instead, or set "
                "'extraction.replace_topics: true' to keep your own topics only)",
                path,
                where,
            )
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(
                f"topic '{name}' must list its keywords, e.g. {name}: [word, word]",
                path,
                where,
            )
        topics.append((name, tuple(w.lower() for w in words)))
    return tuple(topics)
