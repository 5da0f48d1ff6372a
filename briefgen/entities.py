"""The site's entities and its cross-briefing merges, for `briefgen entities` to audit.

Entities are read from content/ (what the site will show); merges from the ingest record
(`.briefgen/ingest.json`), where ingest keeps every merge it made with its rule, reason and
evidence. A merge is listed while the briefing still carries the merged name: a hand edit
that removes it, or a registry entry that pins the name, retires it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from briefgen.config import Config
from briefgen.errors import BriefgenError
from briefgen.frontmatter import split
from briefgen.fsutil import project_relative, sorted_files
from briefgen.ingest import recorded_merges, seed_path_of

KINDS = ("actors", "locations")


@dataclass(frozen=True, slots=True)
class Entity:
    """One name the site lists, with how often and under which other names."""

    name: str
    """The canonical name, as the front matter lists it."""
    kind: str
    """"actors" or "locations"."""
    briefings: int
    """How many briefings list it."""
    aliases: tuple[str, ...]
    """Other names briefings wrote for it that a cross-briefing merge turned into this one."""
    first: datetime.date | None
    """Date of the earliest briefing listing it."""
    last: datetime.date | None
    """Date of the latest briefing listing it."""


@dataclass(frozen=True, slots=True)
class MergeEntry:
    """One cross-briefing merge, with the evidence that allowed it."""

    briefing: str
    """The content file (project-relative) whose name was merged."""
    date: datetime.date | None
    """That briefing's date."""
    kind: str
    """"actors" or "locations"."""
    name: str
    """The name the briefing itself wrote."""
    canonical: str
    """The name it is listed under."""
    rule: str
    """The merging rule that allowed it (see docs/entities.md)."""
    reason: str
    """Why the rule applied."""
    evidence: tuple[str, ...]
    """Content files of other briefings that use the canonical name (nearest in date first)."""
    evidence_count: int
    """How many other briefings use it (within the window, for rules that have one)."""


@dataclass(frozen=True, slots=True)
class EntityReport:
    """Every entity of the site and every cross-briefing merge behind it."""

    entities: tuple[Entity, ...]
    """Actors then locations, most briefings first, then by name."""
    merges: tuple[MergeEntry, ...]
    """By briefing path, list and name."""


def list_entities(config: Config) -> EntityReport:
    """Read content/ and the ingest record into an EntityReport (nothing is written)."""
    files: dict[str, dict[str, Any]] = {}
    for path in sorted_files(config.content_dir, "*.md"):
        try:
            data = split(path.read_text(encoding="utf-8"), path).data
        except (BriefgenError, UnicodeDecodeError, OSError):
            continue  # the build reports broken content files
        files[project_relative(path, config.root)] = data
    by_source = {
        seed: relative
        for relative, data in files.items()
        if (seed := seed_path_of(data)) is not None
    }
    merges: list[MergeEntry] = []
    for source, (content, recorded) in recorded_merges(config).items():
        relative = by_source.get(source, content)
        found = files.get(relative)
        if found is None:
            continue
        data = found
        for entry in recorded:
            sources = entry.get("evidence") or ()
            kind = str(entry.get("list", "actors"))
            canonical = str(entry.get("canonical", ""))
            if canonical not in _names(data, kind):
                continue  # edited away by hand since
            merges.append(
                MergeEntry(
                    briefing=relative,
                    date=_date(data),
                    kind=kind,
                    name=str(entry.get("name", "")),
                    canonical=canonical,
                    rule=str(entry.get("rule", "")),
                    reason=str(entry.get("reason", "")),
                    evidence=tuple(by_source.get(str(e), str(e)) for e in sources),
                    evidence_count=int(entry.get("evidence_count", 0)),
                )
            )
    merges.sort(key=lambda m: (m.briefing, KINDS.index(m.kind) if m.kind in KINDS else 2, m.name))
    return EntityReport(_entities(files, merges), tuple(merges))


def _names(data: dict[str, Any], kind: str) -> list[str]:
    names = data.get(kind)
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _date(data: dict[str, Any]) -> datetime.date | None:
    day = data.get("date")
    return day if isinstance(day, datetime.date) else None


def _entities(files: dict[str, dict[str, Any]], merges: list[MergeEntry]) -> tuple[Entity, ...]:
    counts: dict[tuple[str, str], list[datetime.date | None]] = {}
    for data in files.values():
        for kind in KINDS:
            for name in dict.fromkeys(_names(data, kind)):
                counts.setdefault((kind, name), []).append(_date(data))
    aliases: dict[tuple[str, str], set[str]] = {}
    for merge in merges:
        aliases.setdefault((merge.kind, merge.canonical), set()).add(merge.name)
    out = []
    for (kind, name), days in counts.items():
        known = sorted(d for d in days if d is not None)
        out.append(
            Entity(
                name=name,
                kind=kind,
                briefings=len(days),
                aliases=tuple(sorted(aliases.get((kind, name), set()) - {name})),
                first=known[0] if known else None,
                last=known[-1] if known else None,
            )
        )
    out.sort(key=lambda e: (KINDS.index(e.kind), -e.briefings, e.name))
    return tuple(out)


def report_json(report: EntityReport, *, merges: bool) -> dict[str, Any]:
    """The report as plain JSON data (dates as ISO strings)."""

    def iso(day: datetime.date | None) -> str | None:
        return day.isoformat() if day is not None else None

    data: dict[str, Any] = {
        "entities": [
            {
                "name": e.name,
                "list": e.kind,
                "briefings": e.briefings,
                "aliases": list(e.aliases),
                "first": iso(e.first),
                "last": iso(e.last),
            }
            for e in report.entities
        ]
    }
    if merges:
        data["merges"] = [
            {
                "briefing": m.briefing,
                "date": iso(m.date),
                "list": m.kind,
                "name": m.name,
                "canonical": m.canonical,
                "rule": m.rule,
                "reason": m.reason,
                "evidence": list(m.evidence),
                "evidence_count": m.evidence_count,
            }
            for m in report.merges
        ]
    return data


def report_text(report: EntityReport, *, merges: bool) -> str:
    """The report as aligned text for a terminal."""
    lines: list[str] = []
    for kind in KINDS:
        entities = [e for e in report.entities if e.kind == kind]
        lines.append(f"{kind.capitalize()} ({len(entities)}), with the briefings listing each:")
        for e in entities:
            also = f"  (also written: {', '.join(e.aliases)})" if e.aliases else ""
            lines.append(f"  {e.briefings:5d}  {e.name}{also}")
        lines.append("")
    if merges:
        lines.append(f"Cross-briefing merges ({len(report.merges)}):")
        for m in report.merges:
            day = f" ({m.date.isoformat()})" if m.date else ""
            lines.append(f"  {m.briefing}{day} {m.kind}: {m.name!r} -> {m.canonical!r} [{m.rule}]")
            lines.append(f"      why: {m.reason}")
            if m.evidence:
                more = m.evidence_count - len(m.evidence)
                shown = ", ".join(m.evidence) + (f" and {more} more" if more > 0 else "")
                noun = "briefing" if m.evidence_count == 1 else "briefings"
                lines.append(f"      used by {m.evidence_count} other {noun}: {shown}")
        lines.append("")
        lines.append(
            "To keep a name as written, pin it in content/_entities.yaml (for example "
            "`types: {Bloomberg: actor}`) and run `briefgen ingest`."
        )
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["Entity", "EntityReport", "MergeEntry", "list_entities", "report_json", "report_text"]
