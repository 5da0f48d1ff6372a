"""Actors, locations, places and topic tags of one article (work in progress)."""

from __future__ import annotations

from briefgen.config import ExtractionConfig
from briefgen.model import Extraction


def extract_entities(title: str, text: str, *, registry: object | None = None,
                     settings: ExtractionConfig | None = None) -> Extraction:
    """Find the actors and locations of one article, canonical names, most prominent first."""
    from briefgen.extract.engine import analyse

    actors, locations = analyse(title, text)
    return Extraction(tuple(v.name for v in actors), tuple(v.name for v in locations), (), ())
