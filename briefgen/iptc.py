"""The IPTC Media Topics top level: the seventeen topics ingest files briefings under.

In a module of its own, with no imports of note, because the extractor chooses among
these topics (`extract/tags.py`) and the site names them on its pages (`overview.py`),
and the site half must not load the extractor to do so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic a briefing can be filed under."""

    slug: str
    """Readable short label for `tags:` and the tag pages ("politics", "crime-law")."""
    code: str
    """IPTC Media Topics code ("medtop:11000000"); empty for a topic defined in the config."""
    label: str
    """The IPTC name ("crime, law and justice"), for documentation and `briefgen extract`."""


IPTC_TOPICS: tuple[Topic, ...] = (
    Topic("arts-culture", "medtop:01000000", "arts, culture, entertainment and media"),
    Topic("crime-law", "medtop:02000000", "crime, law and justice"),
    Topic("disaster-accident", "medtop:03000000", "disaster, accident and emergency incident"),
    Topic("economy-business", "medtop:04000000", "economy, business and finance"),
    Topic("education", "medtop:05000000", "education"),
    Topic("environment", "medtop:06000000", "environment"),
    Topic("health", "medtop:07000000", "health"),
    Topic("human-interest", "medtop:08000000", "human interest"),
    Topic("labour", "medtop:09000000", "labour"),
    Topic("lifestyle-leisure", "medtop:10000000", "lifestyle and leisure"),
    Topic("politics", "medtop:11000000", "politics"),
    Topic("religion", "medtop:12000000", "religion"),
    Topic("science-technology", "medtop:13000000", "science and technology"),
    Topic("society", "medtop:14000000", "society"),
    Topic("sport", "medtop:15000000", "sport"),
    Topic("conflict-war-peace", "medtop:16000000", "conflict, war and peace"),
    Topic("weather", "medtop:17000000", "weather"),
)

TOPIC_NAMES: dict[str, str] = {topic.slug: topic.label for topic in IPTC_TOPICS}
"""Each IPTC topic's name by its slug ("conflict-war-peace" → "conflict, war and peace")."""
