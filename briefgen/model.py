"""The types that cross stage boundaries: frozen, complete when created."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or subheading of a seed article."""

    kind: Literal["paragraph", "heading"]
    """A paragraph of running text, or a short subheading line."""
    text: str
    """The text with internal line breaks folded to single spaces."""
    line: int
    """1-based line number in the seed file where the block starts."""


@dataclass(frozen=True, slots=True)
class Seed:
    """A parsed seed article: the raw input of ingest."""

    seed_path: Path
    """Where the seed file lives on disk."""
    source: str
    """The seed's path relative to the project root, POSIX style (goes into front matter)."""
    date: datetime.date
    """The calendar date from the `date YYYY-MM-DD` line."""
    blocks: tuple[Block, ...]
    """Paragraphs and subheadings in order; the first block is the lead paragraph."""
    digest: str
    """SHA-256 of the raw seed bytes, to notice when a seed changes."""

    @property
    def text(self) -> str:
        """The article as plain text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def lead(self) -> str:
        """The first paragraph, which gives the title and summary."""
        for block in self.blocks:
            if block.kind == "paragraph":
                return block.text
        return self.blocks[0].text if self.blocks else ""


@dataclass(frozen=True, slots=True)
class Place:
    """A location resolved against the gazetteer."""

    name: str
    """The canonical place name, as listed in `locations`."""
    country_code: str
    """ISO 3166-1 alpha-2 code of the country the place is in ("" when unknown, e.g. a sea)."""
    latitude: float | None
    """Decimal degrees, when the gazetteer knows them."""
    longitude: float | None
    """Decimal degrees, when the gazetteer knows them."""
    kind: str
    """What sort of place: "country", "city", "region", "continent", "water", or "other"."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractor found in one article."""

    actors: tuple[str, ...]
    """People and organisations, canonical names, most prominent first, each once."""
    locations: tuple[str, ...]
    """Places, canonical names, most prominent first, each once."""
    tags: tuple[str, ...]
    """Topic tags from the lexicon, sorted by strength."""
    places: tuple[Place, ...]
    """Resolution of each location (same order as `locations`, where resolvable)."""
