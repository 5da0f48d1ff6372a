"""Seed → Markdown with front matter in content/; never clobbers a hand edit.

For every content file it writes, ingest records the seed's hash and the file's hash in
`.briefgen/ingest.json`. On the next run a content file whose hash no longer matches was
edited by hand, and is kept. Every file, the record included, is written atomically.

The record survives a crash: before a content file is written, the record it will have
is appended to `.briefgen/ingest.journal` and flushed to disk. The journal is folded into
ingest.json at the end of a run, or at the start of the next one after a kill; a line is
taken only if the content file holds the bytes it names, so a write that never happened
is simply done again, and a file is never mistaken for one edited by hand.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from briefgen.config import Config
from briefgen.errors import BriefgenError, OutputError, SeedError, describe_os_error
from briefgen.extract import EntityRegistry, NameIndex, extract_entities, load_registry
from briefgen.frontmatter import dump, split
from briefgen.fsutil import atomic_write, is_within, project_relative, sha256_bytes, sorted_files
from briefgen.lead import derive_summary, derive_title
from briefgen.model import Extraction, Place, Seed
from briefgen.safetext import clean_name
from briefgen.seeds import read_seed
from briefgen.urls import slugify, unique_slug

log = logging.getLogger(__name__)

STATE_DIR = ".briefgen"
STATE_NAME = "ingest.json"
STATE_VERSION = 1
JOURNAL_NAME = "ingest.journal"


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
    inputs_sha256: str
    content: str
    content_sha256: str


def state_path(config: Config) -> Path:
    """Where the ingest record lives: `.briefgen/ingest.json` in the project."""
    return config.root / STATE_DIR / STATE_NAME


def journal_path(config: Config) -> Path:
    """Where record changes are journaled until the run ends: `.briefgen/ingest.journal`."""
    return config.root / STATE_DIR / JOURNAL_NAME


def _record(data: dict[str, Any]) -> _Record:
    return _Record(
        data["seed_sha256"], data.get("inputs_sha256", ""), data["content"], data["content_sha256"]
    )


def _load_state(path: Path, journal: Path, root: Path) -> dict[str, _Record]:
    """The record of the last finished run, with the journal of an interrupted one on top."""
    records: dict[str, _Record] = {}
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = {source: _record(r) for source, r in data.get("seeds", {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s: unreadable ingest record, rebuilding it from content/ (%s)", path, exc)
            records = {}
    if journal.is_file():
        records.update(_read_journal(journal, root))
    return records


def _read_journal(journal: Path, root: Path) -> dict[str, _Record]:
    """The journaled records whose content file really holds the bytes they name.

    A line is written before its file; if the process died between the two, the file
    still has its old bytes (or does not exist) and the line is dropped, so the seed is
    rendered again as if the interrupted run had never reached it. A torn last line
    (killed mid-write) does not parse and is dropped too.
    """
    taken: dict[str, _Record] = {}
    digests: dict[str, str | None] = {}
    for line in journal.read_bytes().decode("utf-8", "replace").splitlines():
        try:
            entry = json.loads(line)
            source, record = str(entry["source"]), _record(entry)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if record.content not in digests:
            try:
                digests[record.content] = sha256_bytes((root / record.content).read_bytes())
            except OSError:
                digests[record.content] = None
        if digests[record.content] == record.content_sha256:
            taken[source] = record
    return taken


def _journal(run: _Run, source: str, record: _Record) -> None:
    """Append RECORD to the journal and flush it to disk, before its content file is written."""
    line = json.dumps(
        {
            "source": source,
            "seed_sha256": record.seed_sha256,
            "inputs_sha256": record.inputs_sha256,
            "content": record.content,
            "content_sha256": record.content_sha256,
        },
        sort_keys=True,
    )
    try:
        if run.journal is None:
            path = journal_path(run.config)
            path.parent.mkdir(parents=True, exist_ok=True)
            run.journal = open(path, "ab")  # noqa: SIM115 (closed at the end of the run)
        run.journal.write(line.encode("utf-8") + b"\n")
        run.journal.flush()
        os.fsync(run.journal.fileno())
    except OSError as exc:
        raise OutputError(
            f"cannot write: {describe_os_error(exc)}", journal_path(run.config)
        ) from exc


def _set_record(run: _Run, source: str, record: _Record) -> None:
    """Journal RECORD, then keep it for ingest.json (the caller writes the file after)."""
    if run.records.get(source) != record:
        _journal(run, source, record)
        run.records[source] = record


# mkstemp names of fsutil.atomic_write: `.name.md.k2j3h4x9.tmp`.
_TEMP_DEBRIS = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def remove_temp_debris(folder: Path) -> list[Path]:
    """Delete temporary files an interrupted atomic write left under FOLDER."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if _TEMP_DEBRIS.match(name):
                path = Path(dirpath) / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                removed.append(path)
    return removed


def _save_state(path: Path, records: dict[str, _Record]) -> None:
    data = {
        "version": STATE_VERSION,
        "seeds": {
            source: {
                "seed_sha256": r.seed_sha256,
                "inputs_sha256": r.inputs_sha256,
                "content": r.content,
                "content_sha256": r.content_sha256,
            }
            for source, r in sorted(records.items())
        },
    }
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        atomic_write(path, text)  # a run that changed nothing leaves every file as it was
    # Only now that ingest.json holds everything may the journal go.
    with contextlib.suppress(FileNotFoundError):
        path.with_name(JOURNAL_NAME).unlink()


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
        "actors": _names(extraction.actors),
        "locations": _names(extraction.locations),
    }
    if extraction.places:
        data["places"] = {
            clean_name(place.name): {
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


def _names(names: tuple[str, ...]) -> list[str]:
    """NAMES as they will be compared: one spelling each (NFC, no invisible marks), in order."""
    return [name for name in dict.fromkeys(clean_name(n) for n in names) if name]


@dataclass(slots=True)
class SiteNames:
    """What content/ already holds: which file each seed made, and the names in use."""

    by_source: dict[str, Path]
    """Content file of each `source:` seed path."""
    actors: NameIndex
    """Canonical actor names in use, for "Biden" → "Joe Biden" across briefings."""
    locations: NameIndex
    """Canonical location names in use ("Britain" → "United Kingdom")."""

    def learn(self, extraction: Extraction) -> None:
        """Remember the names of a briefing just written."""
        for name in extraction.actors:
            self.actors.add(name)
        for name in extraction.locations:
            self.locations.add(name)


def scan_content(content_dir: Path, registry: EntityRegistry | None = None) -> SiteNames:
    """Read the front matter of every content file once (only when a seed must be rendered).

    Names pass through the registry first, so its renames and ignores win over the names
    older briefings still carry.
    """
    known = SiteNames({}, NameIndex(fuller_forms=True), NameIndex(fuller_forms=False))
    for path in sorted_files(content_dir, "*.md"):
        if not is_within(path, content_dir):
            continue  # the build reports it; its names are not this project's
        try:
            data = split(path.read_text(encoding="utf-8"), path).data
        except (BriefgenError, UnicodeDecodeError, OSError):
            continue  # the build reports broken content files; ingest only skips them
        source = data.get("source")
        if isinstance(source, str):
            known.by_source.setdefault(source, path)
        for key, index in (("actors", known.actors), ("locations", known.locations)):
            names = data.get(key)
            if isinstance(names, list):
                for name in names:
                    if not isinstance(name, str):
                        continue
                    canonical = registry.canonical(name) if registry is not None else name
                    if canonical is not None:
                        index.add(canonical)
    return known


def canonical_across(extraction: Extraction, known: SiteNames) -> Extraction:
    """Use the names other briefings already use for the same actors and places."""
    actors = tuple(dict.fromkeys(known.actors.canonical(name) for name in extraction.actors))
    renamed = {name: known.locations.canonical(name) for name in extraction.locations}
    places: dict[str, Place] = {}
    for place in extraction.places:
        name = renamed.get(place.name, place.name)
        places.setdefault(name, replace(place, name=name))
    return replace(
        extraction,
        actors=actors,
        locations=tuple(dict.fromkeys(renamed.values())),
        places=tuple(places.values()),
    )


def render_seed(
    seed: Seed,
    config: Config,
    registry: EntityRegistry | None = None,
    known: SiteNames | None = None,
) -> tuple[str, str, Extraction]:
    """Return (title, content file text, extraction) for a seed."""
    extraction = extract_entities("", seed.text, registry=registry, settings=config.extraction)
    if known is not None:
        extraction = canonical_across(extraction, known)
    data = front_matter(seed, extraction)
    return data["title"], dump(data, render_body(seed)), extraction


# -- the ingest run -----------------------------------------------------------------


def _backup(config: Config, content_path: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    relative = project_relative(content_path, config.root)
    target = config.root / STATE_DIR / "backups" / stamp / relative
    atomic_write(target, content_path.read_bytes())
    return target


@dataclass(slots=True)
class _Run:
    """What one ingest run has done so far (collected into the IngestReport)."""

    config: Config
    records: dict[str, _Record]
    registry: EntityRegistry
    force: bool
    taken: set[str]
    inputs: str
    """Digest of what, besides the seed, shapes a content file: the registry and settings."""
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    known_names: SiteNames | None = None
    journal: BinaryIO | None = None
    """The open journal, once this run has changed a record."""

    @property
    def known(self) -> SiteNames:
        """The content/ scan, made on first need: an up-to-date project never pays for it."""
        if self.known_names is None:
            self.known_names = scan_content(self.config.content_dir, self.registry)
        return self.known_names


def _inputs_digest(config: Config) -> str:
    """Hash the entity registry and extraction settings: a change re-ingests untouched files."""
    registry_path = config.extraction.registry_path
    registry = registry_path.read_bytes() if registry_path.is_file() else b""
    settings = replace(config.extraction, registry_path=Path("registry"))
    return sha256_bytes(registry + repr(settings).encode("utf-8"))


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
    seed_paths = (
        sorted(p.resolve() for p in only) if only else sorted_files(config.seeds_dir, "*.txt")
    )
    state_file = state_path(config)
    for folder in (config.content_dir, state_file.parent):
        for debris in remove_temp_debris(folder):
            log.debug("%s: removed a temporary file an interrupted run left", debris)
    run = _Run(
        config=config,
        records=_load_state(state_file, journal_path(config), config.root),
        registry=load_registry(config.extraction.registry_path),
        force=force,
        taken={p.stem for p in sorted_files(config.content_dir, "*.md")},
        inputs=_inputs_digest(config),
    )
    errors: list[BriefgenError] = []
    try:
        for number, seed_path in enumerate(seed_paths, start=1):
            if progress is not None:
                progress(number, len(seed_paths))
            try:
                if not only and not is_within(seed_path, config.seeds_dir):
                    raise SeedError(
                        f"a symlink to {seed_path.resolve()}, outside "
                        f"{config.seeds_dir.name}/; briefgen does not read seeds through "
                        "links that leave the folder (copy the file in instead)",
                        seed_path,
                    )
                seed = read_seed(seed_path, config.root)
            except SeedError as exc:
                errors.append(exc)
                continue
            _ingest_one(seed, run)
    finally:
        if run.journal is not None:
            run.journal.close()
    _save_state(state_file, run.records)
    for warning in run.warnings:
        log.warning("%s", warning)
    log.info(
        "ingest: %d written, %d unchanged, %d kept, %d bad seeds",
        len(run.written),
        run.unchanged,
        len(run.kept),
        len(errors),
    )
    return IngestReport(
        written=tuple(run.written),
        unchanged=run.unchanged,
        kept=tuple(run.kept),
        backups=tuple(run.backups),
        errors=tuple(errors),
        warnings=tuple(run.warnings),
    )


def _ingest_one(seed: Seed, run: _Run) -> None:
    """Apply the four hand-edit rules to one seed."""
    root = run.config.root
    record = run.records.get(seed.source)
    if record is None:
        # No record: a new seed, or a lost record (a fresh clone). A content file that
        # names this seed as its source is adopted, with unknown hashes.
        existing = run.known.by_source.get(seed.source)
        if existing is None:
            _write_new(seed, run)
            return
        record = _Record("", "", project_relative(existing, root), "")

    content_path = root / record.content
    if not content_path.exists():
        if run.force:
            _write(seed, record.content, run)
        else:
            run.warnings.append(
                f"{record.content}: deleted by hand, not recreated from {seed.source} "
                "(run `briefgen ingest --force` to recreate it)"
            )
        return
    seed_changed = record.seed_sha256 != seed.digest
    if not seed_changed and record.inputs_sha256 == run.inputs and not run.force:
        run.unchanged += 1
        return

    current = sha256_bytes(content_path.read_bytes())
    _, text, extraction = render_seed(seed, run.config, run.registry, run.known)
    if sha256_bytes(text.encode("utf-8")) == current:
        _set_record(run, seed.source, _Record(seed.digest, run.inputs, record.content, current))
        run.unchanged += 1
        return
    if current != record.content_sha256:  # edited by hand since ingest wrote it
        if not run.force:
            run.kept.append(content_path)
            if not seed_changed:
                # Only the registry or extraction settings changed: the edit stands quietly.
                log.debug("%s: edited by hand, kept after a registry change", record.content)
                return
            run.warnings.append(
                f"{record.content}: edited by hand, so it was kept although its seed "
                f"{seed.source} changed (run `briefgen ingest --force {seed.source}` to "
                "regenerate it; a backup is saved first)"
            )
            return
        run.backups.append(_backup(run.config, content_path))
    _store(seed, record.content, text, extraction, run)


def _write_new(seed: Seed, run: _Run) -> None:
    """A seed seen for the first time: pick a unique slug under content/YYYY/."""
    title, text, extraction = render_seed(seed, run.config, run.registry, run.known)
    slug = unique_slug(slugify(title), run.taken, seed.source)
    run.taken.add(slug)
    relative = project_relative(
        run.config.content_dir / f"{seed.date.year:04d}" / f"{slug}.md", run.config.root
    )
    _store(seed, relative, text, extraction, run)


def _write(seed: Seed, relative: str, run: _Run) -> None:
    _, text, extraction = render_seed(seed, run.config, run.registry, run.known)
    _store(seed, relative, text, extraction, run)


def _store(seed: Seed, relative: str, text: str, extraction: Extraction, run: _Run) -> None:
    """Journal the record, then write the file atomically: a kill between them loses nothing."""
    content_path = run.config.root / relative
    data = text.encode("utf-8")
    _set_record(run, seed.source, _Record(seed.digest, run.inputs, relative, sha256_bytes(data)))
    atomic_write(content_path, data)
    run.known.learn(extraction)
    run.written.append(content_path)
