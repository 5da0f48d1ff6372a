"""Seed → Markdown with front matter in content/; never clobbers a hand edit.

For every content file it writes, ingest records the seed's hash and the file's hash in
`.briefgen/ingest.json`. On the next run a content file whose hash no longer matches was
edited by hand, and is kept. Every file, the record included, is written atomically.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.config import Config
from briefgen.errors import BriefgenError, SeedError
from briefgen.extract import extract_entities, load_registry
from briefgen.frontmatter import dump, split
from briefgen.fsutil import atomic_write, sha256_bytes, sorted_files
from briefgen.lead import derive_summary, derive_title
from briefgen.model import Extraction, Seed
from briefgen.seeds import read_seed
from briefgen.urls import slugify, unique_slug

log = logging.getLogger(__name__)

STATE_DIR = ".briefgen"
STATE_NAME = "ingest.json"
STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did, for the summary line and the exit code."""

    written: tuple[Path, ...]
    """Content files created or regenerated."""
    unchanged: int
    """Seeds whose content file was already up to date."""
    kept: tuple[Path, ...]
    """Hand-edited content files left alone although their seed changed."""
    backups: tuple[Path, ...]
    """Copies of hand-edited files saved before --force overwrote them."""
    errors: tuple[BriefgenError, ...]
    """Bad seeds, each naming its file and line; the good seeds were still ingested."""
    warnings: tuple[str, ...]
    """Things the user should know (kept edits, deleted files not recreated)."""


@dataclass(slots=True)
class _Record:
    seed_sha256: str
    content: str
    content_sha256: str


@dataclass(slots=True)
class _State:
    records: dict[str, _Record] = field(default_factory=dict)


def state_path(config: Config) -> Path:
    """Where the ingest record lives: `.briefgen/ingest.json` in the project."""
    return config.root / STATE_DIR / STATE_NAME


def _load_state(path: Path) -> _State:
    if not path.is_file():
        return _State()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = {
            source: _Record(r["seed_sha256"], r["content"], r["content_sha256"])
            for source, r in data.get("seeds", {}).items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("%s: unreadable ingest record, rebuilding it from content/ (%s)", path, exc)
        return _State()
    return _State(records)


def _save_state(path: Path, state: _State) -> None:
    data = {
        "version": STATE_VERSION,
        "seeds": {
            source: {
                "seed_sha256": r.seed_sha256,
                "content": r.content,
                "content_sha256": r.content_sha256,
            }
            for source, r in sorted(state.records.items())
        },
    }
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True) + "\n")


# -- rendering one seed ------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d{1,9}[.)](?=\s|$))")


def escape_markdown(text: str) -> str:
    """Escape TEXT so Markdown shows it literally: no headings, lists, quotes, links or HTML."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    match = _BLOCK_START.match(text)
    if match:
        marker = match.group(2)
        if marker[0].isdigit():
            text = f"{match.group(1)}{marker[:-1]}\\{marker[-1]}{text[match.end() :]}"
        else:
            text = f"{match.group(1)}\\{text[match.start(2) :]}"
    return text


def render_body(seed: Seed) -> str:
    """The seed's blocks as Markdown: paragraphs as they are, subheadings as `##`."""
    parts = []
    for block in seed.blocks:
        escaped = escape_markdown(block.text)
        if block.kind == "heading":
            parts.append("## " + escaped.lstrip("\\").replace("#", "\\#"))
        else:
            parts.append(escaped)
    return "\n\n".join(parts)


def front_matter(seed: Seed, extraction: Extraction) -> dict[str, Any]:
    """The front matter of a freshly ingested briefing, in the documented key order."""
    data: dict[str, Any] = {
        "title": derive_title(seed.lead),
        "date": seed.date,
        "summary": derive_summary(seed.lead),
        "actors": list(extraction.actors),
        "locations": list(extraction.locations),
    }
    if extraction.places:
        data["places"] = {
            place.name: {
                key: value
                for key, value in (
                    ("country", place.country_code),
                    ("lat", place.latitude),
                    ("lon", place.longitude),
                )
                if value not in (None, "")
            }
            for place in extraction.places
        }
    data["tags"] = list(extraction.tags)
    data["source"] = seed.source
    return data


def render_seed(seed: Seed, config: Config, registry: Any = None) -> tuple[str, str]:
    """Return (title, content file text) for a seed: front matter plus Markdown body."""
    extraction = extract_entities("", seed.text, registry=registry, settings=config.extraction)
    data = front_matter(seed, extraction)
    return data["title"], dump(data, render_body(seed))


# -- the ingest run -----------------------------------------------------------------


def _content_by_source(content_dir: Path) -> dict[str, Path]:
    """Map each `source:` seed path named in existing content files to its file."""
    found: dict[str, Path] = {}
    for path in sorted_files(content_dir, "*.md"):
        try:
            fm = split(path.read_text(encoding="utf-8"), path)
        except (BriefgenError, UnicodeDecodeError, OSError):
            continue
        source = fm.data.get("source")
        if isinstance(source, str) and source not in found:
            found[source] = path
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _backup(config: Config, content_path: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = config.root / STATE_DIR / "backups" / stamp / _relative(content_path, config.root)
    atomic_write(target, content_path.read_bytes())
    return target


def ingest_seeds(
    config: Config,
    *,
    force: bool = False,
    only: Sequence[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Turn every seed (or only ONLY) into a content file, keeping hand edits.

    Per seed: unchanged → nothing; changed with its content untouched → regenerate;
    changed with its content edited by hand → keep and warn (``force`` backs it up and
    regenerates); content deleted by the user → not recreated (``force`` recreates it).
    """
    root = config.root
    seed_paths = (
        sorted(p.resolve() for p in only) if only else sorted_files(config.seeds_dir, "*.txt")
    )
    state_file = state_path(config)
    state = _load_state(state_file)
    registry = load_registry(config.extraction.registry_path)

    written: list[Path] = []
    kept: list[Path] = []
    backups: list[Path] = []
    errors: list[BriefgenError] = []
    warnings: list[str] = []
    unchanged = 0
    by_source: dict[str, Path] | None = None
    taken = {p.stem for p in sorted_files(config.content_dir, "*.md")}

    for number, seed_path in enumerate(seed_paths, start=1):
        if progress is not None:
            progress(number, len(seed_paths))
        try:
            seed = read_seed(seed_path, root)
        except SeedError as exc:
            errors.append(exc)
            continue
        record = state.records.get(seed.source)

        if record is None:
            # No record: a new seed, or a lost record (fresh clone). Look for a content
            # file that names this seed before deciding where to write.
            if by_source is None:
                by_source = _content_by_source(config.content_dir)
            existing = by_source.get(seed.source)
            if existing is not None:
                record = _Record("", _relative(existing, root), "")

        if record is not None:
            content_path = root / record.content
            if not content_path.exists():
                if force:
                    pass
                else:
                    if record.seed_sha256 != seed.digest or record.content_sha256:
                        warnings.append(
                            f"{record.content}: deleted by hand, not recreated from "
                            f"{seed.source} (run `briefgen ingest --force` to recreate it)"
                        )
                    continue
            elif record.seed_sha256 == seed.digest and not force:
                current = sha256_bytes(content_path.read_bytes())
                if current != record.content_sha256 and record.content_sha256:
                    log.debug("%s: edited by hand; seed unchanged", record.content)
                unchanged += 1
                continue
            else:
                current = sha256_bytes(content_path.read_bytes())
                _, text = render_seed(seed, config, registry)
                new_hash = sha256_bytes(text.encode("utf-8"))
                if current == new_hash:
                    state.records[seed.source] = _Record(seed.digest, record.content, current)
                    unchanged += 1
                    continue
                edited = current != record.content_sha256
                if edited and not force:
                    kept.append(content_path)
                    warnings.append(
                        f"{record.content}: edited by hand, so it was kept although its seed "
                        f"{seed.source} changed (run `briefgen ingest --force "
                        f"{seed.source}` to regenerate it; a backup is saved first)"
                    )
                    continue
                if edited:
                    backups.append(_backup(config, content_path))
                atomic_write(content_path, text)
                state.records[seed.source] = _Record(seed.digest, record.content, new_hash)
                written.append(content_path)
                continue

        title, text = render_seed(seed, config, registry)
        if record is not None:
            relative = record.content
        else:
            slug = unique_slug(slugify(title), taken, seed.source)
            taken.add(slug)
            relative = _relative(config.content_dir / f"{seed.date.year:04d}" / f"{slug}.md", root)
        content_path = root / relative
        atomic_write(content_path, text)
        state.records[seed.source] = _Record(
            seed.digest, relative, sha256_bytes(text.encode("utf-8"))
        )
        written.append(content_path)

    _save_state(state_file, state)
    for warning in warnings:
        log.warning("%s", warning)
    log.info(
        "ingest: %d written, %d unchanged, %d kept, %d bad seeds",
        len(written),
        unchanged,
        len(kept),
        len(errors),
    )
    return IngestReport(
        written=tuple(written),
        unchanged=unchanged,
        kept=tuple(kept),
        backups=tuple(backups),
        errors=tuple(errors),
        warnings=tuple(warnings),
    )
