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

import concurrent.futures
import contextlib
import datetime
import functools
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from briefgen.config import Config
from briefgen.dateline import Dateline, split_dateline
from briefgen.errors import BriefgenError, OutputError, SeedError, describe_os_error
from briefgen.extract import (
    Document,
    EntityRegistry,
    Mentions,
    NameIndex,
    extract_entities,
    load_registry,
)
from briefgen.extract.across import Merge, regional_body
from briefgen.extract.backends import parse_backend, run_backend
from briefgen.extract.gazetteer import place_key
from briefgen.extract.places import resolve_places
from briefgen.extract.registry import name_key
from briefgen.frontmatter import dump, split
from briefgen.fsutil import (
    atomic_write,
    is_within,
    project_relative,
    sha256_bytes,
    sorted_files,
    sorted_names,
)
from briefgen.lead import derive_summary, derive_title, seed_lead
from briefgen.model import Extraction, Place, Seed
from briefgen.parallel import Workers, map_chunks, shared_pool
from briefgen.safetext import clean_name
from briefgen.seeds import read_seed
from briefgen.urls import is_web_address, slugify, unique_slug

log = logging.getLogger(__name__)

STATE_DIR = ".briefgen"
STATE_NAME = "ingest.json"
STATE_VERSION = 1
JOURNAL_NAME = "ingest.journal"
WRITE_BATCH = 256
"""Content files queued before their records are journaled and the files written."""
WRITE_THREADS = 8
"""Threads that write one batch of content files (each write waits for the disk)."""


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
    merges: list[dict[str, Any]] = field(default_factory=list)
    """The cross-briefing merges made when the file was written (see `merge_record`)."""


@dataclass(frozen=True, slots=True)
class _Queued:
    """A record waiting for the journal, with the content file to write after it."""

    line: bytes | None
    """The record's journal line (None: the record is unchanged, only the file is written)."""
    content: str
    """The content file, relative to the project."""
    data: bytes | None
    """The content file's new bytes (None: nothing to write, only the record changed)."""


def state_path(config: Config) -> Path:
    """Where the ingest record lives: `.briefgen/ingest.json` in the project."""
    return config.root / STATE_DIR / STATE_NAME


def journal_path(config: Config) -> Path:
    """Where record changes are journaled until the run ends: `.briefgen/ingest.journal`."""
    return config.root / STATE_DIR / JOURNAL_NAME


def _record(data: dict[str, Any]) -> _Record:
    return _Record(
        data["seed_sha256"],
        data.get("inputs_sha256", ""),
        data["content"],
        data["content_sha256"],
        [dict(m) for m in data.get("merges", [])],
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


def _journal_line(source: str, record: _Record) -> bytes:
    """RECORD of SOURCE as one line of the journal."""
    line = json.dumps(
        {
            "source": source,
            "seed_sha256": record.seed_sha256,
            "inputs_sha256": record.inputs_sha256,
            "content": record.content,
            "content_sha256": record.content_sha256,
            **({"merges": record.merges} if record.merges else {}),
        },
        sort_keys=True,
    )
    return line.encode("utf-8") + b"\n"


def _journal(run: _Run, lines: Sequence[bytes]) -> None:
    """Append LINES to the journal and flush them to disk, before their content files are
    written: one flush for a whole batch, not one per seed."""
    try:
        if run.journal is None:
            path = journal_path(run.config)
            path.parent.mkdir(parents=True, exist_ok=True)
            run.journal = open(path, "ab")  # noqa: SIM115 (closed at the end of the run)
        run.journal.write(b"".join(lines))
        run.journal.flush()
        os.fsync(run.journal.fileno())
    except OSError as exc:
        raise OutputError(
            f"cannot write: {describe_os_error(exc)}", journal_path(run.config)
        ) from exc


def _set_record(run: _Run, source: str, record: _Record, data: bytes | None = None) -> None:
    """Queue RECORD for the journal (and DATA, its content file's bytes, to write after it).

    The record is kept for ingest.json at once; the queue is flushed by `_flush_writes`.
    """
    changed = run.records.get(source) != record
    if changed:
        run.records[source] = record
    if changed or data is not None:
        run.queued.append(
            _Queued(_journal_line(source, record) if changed else None, record.content, data)
        )
        if data is not None:
            run.queued_paths.add(record.content)
    if len(run.queued) >= WRITE_BATCH:
        _flush_writes(run)


def _flush_writes(run: _Run) -> None:
    """Journal the queued records with one flush to disk, then write their content files.

    Every file's record is on disk before the file is written, as a kill at any point needs
    (see the module docstring). The files are written atomically by a few threads at once:
    each write waits for the disk to flush it, and concurrent flushes share the file
    system's journal commits, so a batch costs about as much as a handful of files.
    """
    queued, run.queued = run.queued, []
    run.queued_paths.clear()
    lines = [item.line for item in queued if item.line is not None]
    if lines:
        _journal(run, lines)
    root = run.config.root
    writes = [(root / item.content, item.data) for item in queued if item.data is not None]
    if len(writes) <= 1:
        for path, data in writes:
            atomic_write(path, data)
        return
    with concurrent.futures.ThreadPoolExecutor(min(WRITE_THREADS, len(writes))) as pool:
        futures = [pool.submit(atomic_write, path, data) for path, data in writes]
    for future in futures:
        future.result()  # the first failure in seed order is raised


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


def recorded_merges(config: Config) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Seed source → (its content file, the cross-briefing merges made when it was written)."""
    records = _load_state(state_path(config), journal_path(config), config.root)
    return {source: (record.content, record.merges) for source, record in sorted(records.items())}


def _save_state(path: Path, records: dict[str, _Record]) -> None:
    data = {
        "version": STATE_VERSION,
        "seeds": {
            source: {
                "seed_sha256": r.seed_sha256,
                "inputs_sha256": r.inputs_sha256,
                "content": r.content,
                "content_sha256": r.content_sha256,
                **({"merges": r.merges} if r.merges else {}),
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
    """The front matter of a freshly ingested briefing, in the documented key order.

    A `title:` header line is used verbatim; otherwise the title comes from the lead. The
    seed's path is `seed:`; `source:` holds the original's address, with `outlet:` and
    `license:` beside it, only when the seed's header lines give them.
    """
    lead = seed_lead(seed)
    dateline, _ = split_dateline(lead)
    data: dict[str, Any] = {
        "title": seed.title or derive_title(lead),
        "date": seed.date,
        "summary": derive_summary(lead),
    }
    if dateline is not None and dateline.place:
        data["dateline"] = dateline.place
    data["actors"] = _names(extraction.actors)
    data["locations"] = _names(extraction.locations)
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
    if extraction.sources:
        data["sources"] = list(extraction.sources)
    data["tags"] = list(extraction.tags)
    if extraction.topics:
        data["topics"] = list(extraction.topics)
    # `source:` is where the briefing came from: the original's address when the seed's
    # header gives one, else the seed itself (so tools that map briefings to seeds by
    # `source:` keep working); `seed:` always names the seed.
    data["seed"] = seed.source
    data["source"] = seed.source_url or seed.source
    for key, value in (("outlet", seed.outlet), ("license", seed.license)):
        if value:
            data[key] = value
    return data


@dataclass(frozen=True, slots=True)
class Briefing:
    """The names one briefing uses as its own extraction wrote them: evidence for merging."""

    source: str
    """The seed path (`source:`), or the content path of a file without one."""
    day: datetime.date | None
    """The briefing's date, for the merge window (None when unreadable)."""
    actors: tuple[str, ...]
    """Actor names, before any cross-briefing merge."""
    locations: tuple[str, ...]
    """Location names, before any cross-briefing merge."""


def seed_path_of(data: dict[str, Any]) -> str | None:
    """The seed a content file came from: `seed:`, or in older files a `source:` that is no URL."""
    for key in ("seed", "source"):
        value = data.get(key)
        if isinstance(value, str) and value and not is_web_address(value):
            return value
    return None


def extract_seed(
    seed: Seed,
    config: Config,
    registry: EntityRegistry | None = None,
    found: Mentions | None = None,
) -> Extraction:
    """Extract one seed's names and topics, with its dateline's place among the locations.

    A `title:` header is read as the headline: it often names what the body does not.
    """
    extraction = extract_entities(
        seed.title,
        seed.text,
        registry=registry,
        settings=config.extraction,
        found=found,
        project_dir=config.root,
    )
    return add_dateline_places(extraction, split_dateline(seed_lead(seed))[0], registry)


def extract_seeds(
    batch: Sequence[tuple[Seed, Mentions | None]],
    config: Config,
    registry: EntityRegistry | None,
    workers: Workers,
) -> list[Extraction]:
    """`extract_seed` for every (seed, what a backend found in it), on WORKERS, in order.

    The first seed is extracted here before any worker starts: it loads the gazetteer and the
    lexicons once, and forked workers inherit them instead of loading them each.
    """
    if not batch or (workers.jobs <= 1 and not workers.dask_address):
        return _extract_chunk(config, registry, batch)
    first = _extract_chunk(config, registry, batch[:1])
    work = functools.partial(_extract_chunk, config, registry)
    return first + map_chunks(work, batch[1:], workers)


def _extract_chunk(
    config: Config,
    registry: EntityRegistry | None,
    chunk: Sequence[tuple[Seed, Mentions | None]],
) -> list[Extraction]:
    """Extract a chunk of seeds (in a worker, or here); a failure names its seed."""
    out: list[Extraction] = []
    for seed, found in chunk:
        try:
            out.append(extract_seed(seed, config, registry, found))
        except Exception as exc:
            exc.add_note(f"while extracting {seed.source}")
            raise
    return out


def add_dateline_places(
    extraction: Extraction, dateline: Dateline | None, registry: EntityRegistry | None = None
) -> Extraction:
    """Count the dateline's places as locations of the briefing, each once.

    A place the extractor already found ("Santiago" in the text) is not listed again; a new
    one is resolved to a country and coordinates with the briefing's other places as context
    ("SANTIAGO" beside "Chile" is Santiago de Chile).
    """
    if dateline is None or not dateline.places:
        return extraction
    # A dateline that names an actor ("UNITED NATIONS (AP) —") is no place to list.
    known = {place_key(name) for name in (*extraction.locations, *extraction.actors)}
    new: list[str] = []
    for name in dateline.places:
        canonical = registry.canonical(name) if registry is not None else name
        if canonical is None or place_key(canonical) in known:
            continue
        known.add(place_key(canonical))
        new.append(canonical)
    if not new:
        return extraction
    context = [*extraction.locations, *([dateline.region] if dateline.region else []), *new]
    resolved = {place.name: place for place in resolve_places(context)}
    places = [*extraction.places, *(resolved[name] for name in new if name in resolved)]
    return replace(
        extraction,
        locations=(*extraction.locations, *new),
        places=tuple(places),
    )


def _names(names: tuple[str, ...]) -> list[str]:
    """NAMES as they will be compared: one spelling each (NFC, no invisible marks), in order."""
    return [name for name in dict.fromkeys(clean_name(n) for n in names) if name]


@dataclass(slots=True)
class SiteNames:
    """What the site holds: which file each seed made, and the names every briefing uses."""

    by_source: dict[str, Path]
    """Content file of each seed path named by `seed:` (or, in older files, `source:`)."""
    briefings: dict[str, Briefing]
    """Names of every briefing by source, from content/ and from this run's extractions."""
    extracted: dict[str, Extraction] = field(default_factory=dict)
    """This run's extractions by seed digest (each seed is extracted once per run)."""
    merges: dict[str, tuple[tuple[str, Merge], ...]] = field(default_factory=dict)
    """The merges made for each seed rendered in this run, by source: ("actors", merge)…"""
    actors: NameIndex | None = None
    """Actor names across the site (built by `index_names` once the briefings are known)."""
    locations: NameIndex | None = None
    """Location names across the site."""

    def index_names(self) -> None:
        """Index every briefing's names; decisions depend on the set, never on its order."""
        self.actors = NameIndex(fuller_forms=True)
        self.locations = NameIndex(fuller_forms=False)
        for source in sorted(self.briefings):
            briefing = self.briefings[source]
            for name in briefing.actors:
                self.actors.add(name, source=source, day=briefing.day)
            for name in briefing.locations:
                self.locations.add(name, source=source, day=briefing.day)
                self.actors.add_context(name, source=source)


def _as_written(names: Any, merged: dict[str, str], registry: EntityRegistry | None) -> list[str]:
    out: list[str] = []
    if not isinstance(names, list):
        return out
    for name in names:
        if not isinstance(name, str):
            continue
        canonical = registry.canonical(name) if registry is not None else name
        if canonical is not None:
            out.append(merged.get(canonical, canonical))
    return list(dict.fromkeys(out))


def scan_content(
    content_dir: Path,
    registry: EntityRegistry | None = None,
    merged: dict[str, list[dict[str, Any]]] | None = None,
) -> SiteNames:
    """Read the front matter of every content file once (only when a seed must be rendered).

    Names pass through the registry first, so its renames and ignores win over the names
    older briefings still carry. MERGED (source → recorded merges) turns a name a merge put
    into a file back into the name the briefing wrote: a merge is never its own evidence.
    """
    known = SiteNames({}, {})
    for path in sorted_files(content_dir, "*.md"):
        if not is_within(path, content_dir):
            continue  # the build reports it; its names are not this project's
        try:
            data = split(path.read_text(encoding="utf-8"), path).data
        except (BriefgenError, UnicodeDecodeError, OSError):
            continue  # the build reports broken content files; ingest only skips them
        source = seed_path_of(data)
        if source is not None:
            known.by_source.setdefault(source, path)
        else:
            source = project_relative(path, content_dir.parent)
        undo = {
            str(m.get("canonical")): str(m.get("name"))
            for m in (merged or {}).get(source, [])
            if isinstance(m, dict)
        }
        day = data.get("date")
        known.briefings.setdefault(
            source,
            Briefing(
                source=source,
                day=day if isinstance(day, datetime.date) else None,
                actors=tuple(_as_written(data.get("actors"), undo, registry)),
                locations=tuple(_as_written(data.get("locations"), undo, registry)),
            ),
        )
    return known


def _home_country(extraction: Extraction) -> str:
    """The country most of the briefing's places are in (ties: the more prominent one)."""
    counts: dict[str, int] = {}
    for place in extraction.places:
        if place.country_code:
            counts[place.country_code] = counts.get(place.country_code, 0) + 1
    if not counts:
        return ""
    order = list(counts)
    return max(order, key=lambda code: (counts[code], -order.index(code)))


_STATE_BODY = re.compile(
    r"\b(?:state|provincial|regional)\s+(?:senate|senators?|house|legislature|legislators?|"
    r"assembly|assemblyman|assemblywoman|representatives?|parliament|supreme court|"
    r"government|lawmakers?)\b"
    r"|\b(?:senate|house|legislature|assembly|parliament|supreme court|government)\s+of\s+"
    r"the\s+(?:state|province)\b",
    re.IGNORECASE,
)


def _regional_politics(text: str, extraction: Extraction, home: str) -> bool:
    """The briefing is about a state's or province's own bodies, not only the nation's.

    "This bill passed the Senate of the state", "state representative Terri Collins", or a
    region of HOME followed by a body ("Alabama Senate", "Ontario Legislature").
    """
    if _STATE_BODY.search(text):
        return True
    regions = [p.name for p in extraction.places if p.kind == "region" and p.country_code == home]
    if not regions:
        return False
    named = "|".join(re.escape(name) for name in regions)
    return bool(
        re.search(
            rf"\b(?:{named})(?:'s)?\s+(?:Senate|House|Legislature|General Assembly|Assembly|"
            r"Parliament|Supreme Court|Government|Legislative)\b",
            text,
        )
    )


def _pinned(name: str, registry: EntityRegistry | None) -> bool:
    """The user named NAME in the registry (a type, an alias target, a rename): keep it."""
    if registry is None or registry.empty:
        return False
    key = name_key(name)
    return (
        key in registry.types
        or any(name_key(target) == key for target in registry.aliases.values())
        or any(name_key(target) == key for target in registry.renames.values())
    )


def canonical_across(
    extraction: Extraction,
    known: SiteNames,
    seed: Seed | None = None,
    registry: EntityRegistry | None = None,
) -> Extraction:
    """Use the names other briefings use for the same actors and places (see extract.across).

    The merges made are kept in `known.merges` under the seed's source, for the ingest record.
    """
    if known.actors is None or known.locations is None:
        known.index_names()
    assert known.actors is not None and known.locations is not None
    source = seed.source if seed is not None else ""
    day = seed.date if seed is not None else None
    home = _home_country(extraction)
    context = (*extraction.actors, *extraction.locations)
    # Whether the briefing is about a region's own politics matters only for the name of a
    # body regions have too ("Senate"): most briefings name none, and skip the text scan.
    regional = (
        seed is not None
        and any(regional_body(name) for name in context)
        and _regional_politics(seed.text, extraction, home)
    )
    merges: list[tuple[str, Merge]] = []

    def rename(
        index: NameIndex, names: tuple[str, ...], kind: str, context: tuple[str, ...]
    ) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in names:
            found = (
                None
                if _pinned(name, registry)
                else index.resolve(
                    name, source=source, day=day, home=home, context=context, regional=regional
                )
            )
            out[name] = name if found is None else found.canonical
            if found is not None:
                merges.append((kind, found))
        return out

    actor_names = rename(known.actors, extraction.actors, "actors", context)
    renamed = rename(known.locations, extraction.locations, "locations", context)
    places: dict[str, Place] = {}
    for place in extraction.places:
        name = renamed.get(place.name, place.name)
        places.setdefault(name, replace(place, name=name))
    if seed is not None:
        known.merges[seed.source] = tuple(merges)
    return replace(
        extraction,
        actors=tuple(dict.fromkeys(actor_names.values())),
        locations=tuple(dict.fromkeys(renamed.values())),
        places=tuple(places.values()),
    )


def merge_record(merge: Merge, kind: str) -> dict[str, Any]:
    """One merge as the ingest record keeps it (`briefgen entities --merges` reads it)."""
    return {
        "list": kind,
        "name": merge.name,
        "canonical": merge.canonical,
        "rule": merge.rule,
        "reason": merge.reason,
        "evidence": list(merge.evidence),
        "evidence_count": merge.evidence_count,
    }


def render_seed(
    seed: Seed,
    config: Config,
    registry: EntityRegistry | None = None,
    known: SiteNames | None = None,
    found: Mentions | None = None,
) -> tuple[str, str, Extraction]:
    """Return (title, content file text, extraction) for a seed.

    `found` is what an external extraction backend found in the seed, when it already ran
    for the whole batch (see `prefetch_mentions`).
    """
    extraction = known.extracted.get(seed.digest) if known is not None else None
    if extraction is None:
        extraction = extract_seed(seed, config, registry, found)
    if known is not None:
        extraction = canonical_across(extraction, known, seed, registry)
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
    mentions: dict[str, Mentions] = field(default_factory=dict)
    """What an external backend found in each seed that will be rendered, by seed source."""
    rendered: dict[str, _Rendered] = field(default_factory=dict)
    """The title, file text and merges of each seed rendered but not yet written, by seed
    source."""
    journal: BinaryIO | None = None
    """The open journal, once this run has changed a record."""
    queued: list[_Queued] = field(default_factory=list)
    """Records and content files waiting for `_flush_writes`, in seed order."""
    queued_paths: set[str] = field(default_factory=set)
    """The content files among them, so that nothing reads one before it is written."""
    year_folders: dict[int, str] = field(default_factory=dict)
    """content/YYYY as the record names it (relative to the project), by year."""

    @property
    def known(self) -> SiteNames:
        """The content/ scan, made on first need: an up-to-date project never pays for it."""
        if self.known_names is None:
            merged = {source: r.merges for source, r in self.records.items() if r.merges}
            self.known_names = scan_content(self.config.content_dir, self.registry, merged)
        return self.known_names


# What ingest writes, as a version: raising it re-ingests every untouched content file (hand
# edits are kept). 2: `seed:` and credit keys, datelines, headline-style titles.
CONTENT_FORMAT = 2


def _inputs_digest(config: Config) -> str:
    """Hash the entity registry, extraction settings and content format: a change re-ingests
    untouched files."""
    registry_path = config.extraction.registry_path
    registry = registry_path.read_bytes() if registry_path.is_file() else b""
    settings = replace(config.extraction, registry_path=Path("registry"))
    return sha256_bytes(
        registry + repr(settings).encode("utf-8") + f"format {CONTENT_FORMAT}".encode()
    )


def ingest_seeds(
    config: Config,
    *,
    force: bool = False,
    only: Sequence[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: Workers | None = None,
) -> IngestReport:
    """Turn every seed (or only ONLY) into a content file, keeping hand edits.

    Per seed: unchanged → nothing; changed with its content untouched → regenerate;
    changed with its content edited by hand → keep and warn (``force`` backs it up and
    regenerates); content deleted by the user → not recreated (``force`` recreates it).
    WORKERS says where the per-seed extraction runs (default: in this process); the
    content files and the record are the same whatever it says.
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
        # As strings: a Path per content file was most of a no-change build's ingest.
        taken={
            os.path.splitext(os.path.basename(p))[0]
            for p in sorted_names(config.content_dir, "*.md")
        },
        inputs=_inputs_digest(config),
    )
    errors: list[BriefgenError] = []
    pending: list[tuple[Seed, _Record | None]] = []
    # The two folders resolved once, and each seed once (`is_within` and `project_relative`
    # resolved all three per seed: a system call per part of each path).
    real_seeds, real_root = config.seeds_dir.resolve(), config.root.resolve()
    try:
        for number, seed_path in enumerate(seed_paths, start=1):
            if progress is not None:
                progress(number, len(seed_paths))
            try:
                real = _resolved(seed_path)
                if not only and not (real is not None and real.is_relative_to(real_seeds)):
                    raise SeedError(
                        f"a symlink to {seed_path.resolve()}, outside "
                        f"{config.seeds_dir.name}/; briefgen does not read seeds through "
                        "links that leave the folder (copy the file in instead)",
                        seed_path,
                    )
                if real is not None and real.is_relative_to(real_root):
                    source = real.relative_to(real_root).as_posix()
                else:
                    source = seed_path.as_posix()  # given from outside the project
                seed = read_seed(seed_path, config.root, source)
            except SeedError as exc:
                errors.append(exc)
                continue
            planned = _plan(seed, run)
            if planned is not None:
                pending.append(planned)
        # Every seed to render is extracted first, so that each briefing is named against
        # the whole site (content/ plus this run's seeds) and seed order never matters.
        if pending:
            known = run.known
            run.mentions = prefetch_mentions([seed for seed, _ in pending], config)
            extractions = extract_seeds(
                [(seed, run.mentions.get(seed.source)) for seed, _ in pending],
                config,
                run.registry,
                workers or Workers(),
            )
            for (seed, record), extraction in zip(pending, extractions, strict=True):
                known.extracted[seed.digest] = extraction
                if not _kept_by_hand(record, run):
                    known.briefings[seed.source] = Briefing(
                        seed.source, seed.date, extraction.actors, extraction.locations
                    )
            known.index_names()
            # Each seed is written as soon as it is rendered, in seed order, while the
            # workers render the seeds after it: the writes (each flushed to disk) no longer
            # wait for the last seed's rendering, nor the workers for the writes.
            jobs = (workers or Workers()).jobs
            with (
                shared_pool(run, jobs) as pool,
                contextlib.closing(
                    pool.imap(_render_chunk, [seed for seed, _ in pending])
                ) as rendered,
            ):
                for (seed, record), done in zip(pending, rendered, strict=True):
                    if not done[0]:
                        errors.append(_no_headline(seed))
                        continue
                    run.rendered[seed.source] = done
                    _ingest_one(seed, record, run)
        _flush_writes(run)
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


def _resolved(path: Path) -> Path | None:
    """PATH with every link followed, or None when that fails (a loop of links)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def prefetch_mentions(seeds: Sequence[Seed], config: Config) -> dict[str, Mentions]:
    """Run an external extraction backend once over every seed that will be rendered.

    The built-in extractor runs per seed, so this does nothing for it; a `command:` backend
    is one process for the whole run, not one per seed.
    """
    backend = parse_backend(config.extraction.backend)
    if backend.kind == "builtin" or not seeds:
        return {}
    log.info("extract: %d seeds through the %s backend", len(seeds), config.extraction.backend)
    documents = [Document(seed.source, seed.title, seed.text) for seed in seeds]
    return run_backend(
        backend, documents, cwd=config.root, timeout=config.extraction.backend_timeout
    )


def _plan(seed: Seed, run: _Run) -> tuple[Seed, _Record | None] | None:
    """Whether the seed needs rendering: (seed, its record or None for a new file), or None.

    Unchanged seeds are counted, and a content file deleted by the user is reported.
    """
    root = run.config.root
    record = run.records.get(seed.source)
    if record is None:
        # No record: a new seed, or a lost record (a fresh clone). A content file that
        # names this seed as its source is adopted, with unknown hashes.
        existing = run.known.by_source.get(seed.source)
        if existing is None:
            return seed, None
        record = _Record("", "", project_relative(existing, root), "")
    if not (root / record.content).exists():
        if run.force:
            return seed, record
        run.warnings.append(
            f"{record.content}: deleted by hand, not recreated from {seed.source} "
            "(run `briefgen ingest --force` to recreate it)"
        )
        return None
    seed_changed = record.seed_sha256 != seed.digest
    if not seed_changed and record.inputs_sha256 == run.inputs and not run.force:
        run.unchanged += 1
        return None
    return seed, record


def _kept_by_hand(record: _Record | None, run: _Run) -> bool:
    """The content file was edited by hand and will be kept: its names are what the site shows."""
    if record is None or run.force or not record.content_sha256:
        return False
    path = run.config.root / record.content
    return path.is_file() and sha256_bytes(path.read_bytes()) != record.content_sha256


def _no_headline(seed: Seed) -> SeedError:
    """A seed whose lead gives no headline: written, it would be a page the build refuses."""
    line = next((block.line for block in seed.blocks if block.kind == "paragraph"), None)
    return SeedError(
        "the first paragraph gives no headline (it holds no sentence, e.g. only a date); "
        "start the text with the lead sentence, or add a 'title:' header line",
        seed.seed_path,
        line,
    )


def _ingest_one(seed: Seed, record: _Record | None, run: _Run) -> None:
    """Apply the four hand-edit rules to one seed that `_plan` found needs rendering."""
    if record is None:
        _write_new(seed, run)
        return
    if record.content in run.queued_paths:
        _flush_writes(run)  # another seed's record names the same file: read what it wrote
    content_path = run.config.root / record.content
    if not content_path.exists():  # deleted by hand, and --force recreates it
        _write(seed, record.content, run)
        return
    seed_changed = record.seed_sha256 != seed.digest
    current = sha256_bytes(content_path.read_bytes())
    _, text = _render(seed, run)
    if sha256_bytes(text.encode("utf-8")) == current:
        unchanged = _Record(seed.digest, run.inputs, record.content, current, _merges_of(seed, run))
        _set_record(run, seed.source, unchanged)
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
    _store(seed, record.content, text, run)


def _merges_of(seed: Seed, run: _Run) -> list[dict[str, Any]]:
    return [merge_record(merge, kind) for kind, merge in run.known.merges.get(seed.source, ())]


def _write_new(seed: Seed, run: _Run) -> None:
    """A seed seen for the first time: pick a unique slug under content/YYYY/."""
    title, text = _render(seed, run)
    slug = unique_slug(slugify(title), run.taken, seed.source)
    run.taken.add(slug)
    folder = run.year_folders.get(seed.date.year)
    if folder is None:
        # The year's folder as the record names it, found once: resolving every new file's
        # path (a system call per part) cost more than the rest of this function.
        folder = project_relative(run.config.content_dir / f"{seed.date.year:04d}", run.config.root)
        run.year_folders[seed.date.year] = folder
    _store(seed, f"{folder}/{slug}.md", text, run)


def _render(seed: Seed, run: _Run) -> tuple[str, str]:
    """(title, content file text) of a seed: rendered by `render_seeds`, or here."""
    done = run.rendered.pop(seed.source, None)  # rendered once, used once
    if done is not None:
        title, text, merges = done
        run.known.merges[seed.source] = merges
        return title, text
    found = run.mentions.get(seed.source)
    title, text, _ = render_seed(seed, run.config, run.registry, run.known, found)
    return title, text


# A rendered seed as a worker sends it back: title, file text and the merges it made (not
# the extraction, which this process already has, so that it is not pickled back and forth).
_Rendered = tuple[str, str, tuple[tuple[str, Merge], ...]]


def _render_chunk(run: _Run, chunk: Sequence[Seed]) -> list[_Rendered]:
    """`render_seed` for a chunk of seeds, in a local process that shares the site's index.

    Once the index is built each seed's file depends only on it and on the seed, so the
    seeds render in any order; the merges each one made come back with its text.
    """
    out: list[_Rendered] = []
    for seed in chunk:
        try:
            title, text, _ = render_seed(
                seed, run.config, run.registry, run.known, run.mentions.get(seed.source)
            )
        except Exception as exc:
            exc.add_note(f"while rendering {seed.source}")
            raise
        out.append((title, text, run.known.merges.get(seed.source, ())))
    return out


def _write(seed: Seed, relative: str, run: _Run) -> None:
    _, text = _render(seed, run)
    _store(seed, relative, text, run)


def _store(seed: Seed, relative: str, text: str, run: _Run) -> None:
    """Queue the record and the file: its journal line reaches the disk before the file is
    written (atomically), so a kill between them loses nothing."""
    content_path = run.config.root / relative
    data = text.encode("utf-8")
    record = _Record(seed.digest, run.inputs, relative, sha256_bytes(data), _merges_of(seed, run))
    _set_record(run, seed.source, record, data)
    run.written.append(content_path)
