"""The types that cross stage boundaries: frozen, complete when created."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


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
    title: str = ""
    """The headline from a `title:` header line, used verbatim; "" to derive one from the lead."""
    source_url: str = ""
    """The original's http(s) address from a `source:` header line, or ""."""
    outlet: str = ""
    """Who published the original ("Wikinews"), from an `outlet:` header line, or ""."""
    license: str = ""
    """The original's licence ("CC BY 2.5"), from a `license:` header line, or ""."""

    @property
    def text(self) -> str:
        """The article as plain text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def lead(self) -> str:
        """The first paragraph (see `briefgen.lead.lead_paragraph` for the one that gives the
        title and summary)."""
        for block in self.blocks:
            if block.kind == "paragraph":
                return block.text
        return self.blocks[0].text if self.blocks else ""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The paragraphs' text in order, subheadings left out."""
        return tuple(block.text for block in self.blocks if block.kind == "paragraph")


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
    """News topics as readable slugs ("politics", "crime-law"), strongest first."""
    places: tuple[Place, ...]
    """Resolution of each location (same order as `locations`, where resolvable)."""
    topics: tuple[str, ...]
    """IPTC Media Topics codes of the tags that have one ("medtop:11000000"), same order."""
    sources: tuple[str, ...] = ()
    """Outlets and platforms only cited as sources ("told NPR", "on Twitter"), not actors."""


# --- The site half: read → Article → assemble → Site → render → Output ---------------
# Series ids name the groups of pages that are checked together when an article changes
# (a paginated list shifts as one). assemble files pages under them and Site.dependents
# looks them up: both build them here, so the two can never spell one differently.


def article_series(key: str) -> str:
    """The series of one briefing's page, by its article key."""
    return f"article:{key}"


def term_series(taxonomy: str, slug: str) -> str:
    """A term's list pages and its feed."""
    return f"term:{taxonomy}:{slug}"


def taxonomy_series(taxonomy: str) -> str:
    """A taxonomy's index page."""
    return f"tax:{taxonomy}"


def day_series(date: datetime.date) -> str:
    """One day's page."""
    return f"day:{date.isoformat()}"


def month_series(year: int, month: int) -> str:
    """One month's page."""
    return f"month:{year:04d}-{month:02d}"


def year_series(year: int) -> str:
    """One year's page."""
    return f"year:{year:04d}"


@dataclass(frozen=True, slots=True, init=False)
class Article:
    """One briefing read from content/: validated front matter and rendered body.

    Made with `body_html=` (the text) or `body=` (its UTF-8 bytes, as the cache and
    `dataclasses.replace` pass it); every other field as its name says.
    """

    content_path: Path
    """The Markdown file on disk (absolute)."""
    key: str
    """The file's path relative to the content folder, POSIX style; unique per article."""
    title: str
    """Headline, plain text (escaped by the templates)."""
    date: datetime.date
    """The calendar date of the briefing; never shifted by a time zone."""
    slug: str
    """The last URL segment: the file stem, or a validated `slug:` key."""
    url_path: str
    """Site-relative folder of the page, e.g. `2020/09/14/belarus-leader/`."""
    url_line: int
    """Line of the key that fixes the URL (`slug:` or `date:`), for collision errors."""
    summary: str
    """The lead, plain text; may be empty."""
    terms: tuple[tuple[str, tuple[str, ...]], ...]
    """(taxonomy, names) for each configured taxonomy, names in front matter order, each once."""
    places: tuple[Place, ...]
    """Resolved places from the optional `places:` mapping, in front matter order."""
    source: str
    """The original's http(s) address (`source:`), or "". A seed path found there in an
    older content file is moved to `seed`."""
    draft: bool
    """Drafts are left out of the site unless the build asks for them."""
    body: bytes
    """The body rendered by markdown-it-py with raw HTML off, headings with ids, as UTF-8
    (`body_html` is the text). Bytes, because a str holding one character past Latin-1 (a
    curly quote) takes two bytes for each of its characters: 3.5 KB more per briefing of
    real text, held by the build and by every worker it forks."""
    extra: Mapping[str, Any]
    """Front matter keys briefgen does not know, handed to templates as `page.extra`."""
    seed: str = ""
    """The seed file the briefing was ingested from (`seed:`), for ingest; not shown to readers."""
    outlet: str = ""
    """Who published the original (`outlet:`, e.g. "Wikinews"), or ""."""
    license: str = ""
    """The original's licence (`license:`, e.g. "CC BY 2.5"), or ""."""
    dateline: str = ""
    """The place of the lead's wire dateline (`dateline:`, e.g. "Santiago"), or ""."""

    def __init__(
        self,
        *,
        content_path: Path,
        key: str,
        title: str,
        date: datetime.date,
        slug: str,
        url_path: str,
        url_line: int,
        summary: str,
        terms: tuple[tuple[str, tuple[str, ...]], ...],
        places: tuple[Place, ...],
        source: str,
        draft: bool,
        extra: Mapping[str, Any],
        body_html: str | None = None,
        body: bytes | None = None,
        seed: str = "",
        outlet: str = "",
        license: str = "",
        dateline: str = "",
    ) -> None:
        if (body_html is None) == (body is None):
            raise TypeError("an Article needs either body_html (text) or body (its UTF-8)")
        if body is None:
            assert body_html is not None
            body = body_html.encode("utf-8", "surrogatepass")
        values = (
            ("content_path", content_path),
            ("key", key),
            ("title", title),
            ("date", date),
            ("slug", slug),
            ("url_path", url_path),
            ("url_line", url_line),
            ("summary", summary),
            ("terms", terms),
            ("places", places),
            ("source", source),
            ("draft", draft),
            ("body", body),
            ("extra", extra),
            ("seed", seed),
            ("outlet", outlet),
            ("license", license),
            ("dateline", dateline),
        )
        for name, value in values:
            object.__setattr__(self, name, value)

    @property
    def body_html(self) -> str:
        """The body as HTML text (decoded from `body` at each use; the templates use it once)."""
        return self.body.decode("utf-8", "surrogatepass")

    def names(self, taxonomy: str) -> tuple[str, ...]:
        """The article's terms in TAXONOMY (empty when it has none)."""
        for name, values in self.terms:
            if name == taxonomy:
                return values
        return ()

    def country(self, place_name: str) -> str:
        """ISO country code of PLACE_NAME from `places:`, or "" when it is not given."""
        for place in self.places:
            if place.name == place_name:
                return place.country_code
        return ""


@dataclass(frozen=True, slots=True)
class Term:
    """One actor, location or tag with the briefings that name it."""

    taxonomy: str
    """The taxonomy it belongs to, e.g. `actors`."""
    name: str
    """The term as written in front matter."""
    slug: str
    """Unique within the taxonomy; colliding names get a deterministic suffix."""
    url_path: str
    """Site-relative folder of its first page, e.g. `actors/vladimir-putin/`."""
    articles: tuple[Article, ...]
    """Every briefing that names it, newest first."""
    country_code: str
    """ISO 3166-1 alpha-2 code when a `places:` entry gives one, else ""."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page sits in a paginated series."""

    number: int
    """1-based number of this page."""
    count: int
    """How many pages the series has (at least 1)."""
    base_path: str
    """Site-relative folder of page 1; page N lives at `<base>page/N/`."""

    def path(self, number: int) -> str:
        """Site-relative folder of page NUMBER of this series."""
        return self.base_path if number <= 1 else f"{self.base_path}page/{number}/"

    def numbers(self, radius: int = 2) -> tuple[int, ...]:
        """Page numbers to link: the first, the last and RADIUS around this one; 0 marks a gap.

        Computed here, not in the template, so a series of 1,000 pages costs 1,000 short
        loops rather than a million.
        """
        shown = sorted(
            {
                1,
                self.count,
                *range(max(1, self.number - radius), min(self.count, self.number + radius) + 1),
            }
        )
        result: list[int] = []
        for number in shown:
            if result and number - result[-1] == 2:
                result.append(number - 1)  # a gap of one page: show the page, not "…"
            elif result and number - result[-1] > 2:
                result.append(0)
            result.append(number)
        return tuple(result)


@dataclass(frozen=True, slots=True)
class TermCount:
    """A term as listed on its taxonomy's index page."""

    name: str
    """The term as written in front matter."""
    url_path: str
    """Site-relative folder of the term page."""
    count: int
    """How many briefings name it."""
    country_code: str
    """ISO alpha-2 code of its country, or ""."""


@dataclass(frozen=True, slots=True)
class Group:
    """A labelled run of briefings, e.g. one month on a year page."""

    label: str
    """Heading text, e.g. `September 2020`."""
    url_path: str
    """Site-relative folder the heading links to."""
    articles: tuple[Article, ...]
    """Newest first."""


# --- Relations between briefings: related lists, story threads, term profiles ---------


@dataclass(frozen=True, slots=True)
class Thread:
    """Briefings about one story: strong actor and place overlap within a few days."""

    title: str
    """What its briefings share, e.g. `Belarus: protests`, else its main names (relate.py)."""
    url_path: str
    """`threads/<url path of its first briefing>`: fixed by where the story started."""
    articles: tuple[Article, ...]
    """Its briefings, newest first (at least two)."""
    names: tuple[Counterpart, ...] = ()
    """The actors and places two or more of its briefings name, most named first."""

    @property
    def first(self) -> datetime.date:
        """The date of the first briefing."""
        return self.articles[-1].date

    @property
    def last(self) -> datetime.date:
        """The date of the latest briefing."""
        return self.articles[0].date


@dataclass(frozen=True, slots=True)
class ThreadCount:
    """A story thread as ranked on the home page."""

    thread: Thread
    """The thread."""
    count: int
    """Its briefings inside the ranking's window."""


@dataclass(frozen=True, slots=True)
class MonthCount:
    """One bar of a term's timeline."""

    year: int
    """The calendar year."""
    month: int
    """1 to 12."""
    count: int
    """Briefings that month that name the term (may be 0)."""


@dataclass(frozen=True, slots=True)
class Counterpart:
    """An actor or place named in the same briefings as a term."""

    taxonomy: str
    """`actors` or `locations`."""
    name: str
    """The term as written in front matter."""
    count: int
    """How many briefings name both."""


@dataclass(frozen=True, slots=True)
class TermProfile:
    """What a term page shows above its briefings: counts, dates, timeline, map, neighbours."""

    count: int
    """Briefings that name the term."""
    first: datetime.date
    """Date of the earliest of them."""
    last: datetime.date
    """Date of the latest of them."""
    timeline: tuple[MonthCount, ...]
    """Every month from the first to the last, oldest first, empty months included."""
    counterparts: tuple[Counterpart, ...]
    """The actors and places most often named with it, most first, then by name."""
    place: Place | None
    """For a location, its coordinates and country when content gives them."""
    is_country: bool
    """True for a location that is a country: its page rolls up the places in it."""
    places: tuple[Counterpart, ...]
    """For a country, the other location terms in it with their briefing counts."""
    points: tuple[MapPoint, ...] = ()
    """For a country, those of its places that have coordinates, for its map."""

    @property
    def peak(self) -> int:
        """Briefings in the busiest month (0 without a timeline)."""
        return max((m.count for m in self.timeline), default=0)


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A location with briefings, placed on the world map of the locations index."""

    name: str
    """The term as written in front matter."""
    url_path: str
    """Site-relative folder of its term page."""
    count: int
    """How many briefings name it (sizes the marker)."""
    latitude: float
    """Decimal degrees."""
    longitude: float
    """Decimal degrees."""


@dataclass(frozen=True, slots=True)
class Relations:
    """Related lists, threads and term profiles, with what they were computed from."""

    related: Mapping[str, tuple[Article, ...]]
    """Article key → up to five related briefings, best first."""
    threads: tuple[Thread, ...]
    """Story threads, latest activity first, then by URL."""
    profiles: Mapping[tuple[str, str], TermProfile]
    """(taxonomy, name) → the profile of every actor and location term."""
    listed_in: Mapping[str, tuple[str, ...]]
    """Article key → keys of the briefings whose related list holds it."""
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]]
    """Article key → (the Article they were computed with, what they use of it: URL, date,
    actors, locations, places). An edit that leaves every second item equal, such as a new
    title or body, reuses the relations instead of computing them again."""
    term_urls: tuple[tuple[str, str, str], ...]
    """(taxonomy, name, URL path) of every term, which profiles and maps link to."""
    word_idf: Mapping[str, float] | None = field(default=None, compare=False, repr=False)
    """The rarity of each title and lead word stem over the site, when a thread link
    needed it (relate._Linker.count_words): it holds while no title or lead changes and
    no briefing comes or goes, so serve's next name or date edit reads it, not every
    title again. None when not known."""
    index: object = field(default=None, compare=False, repr=False)
    """The inverted index of names these relations were computed from (relate._Claim),
    kept so that serve's next name or date edit updates it for the briefings that moved
    instead of indexing the whole site again; valid until a later edit takes it over.
    None when not kept."""


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """The page of one story thread."""

    path: str
    """Output file, site-relative, e.g. `threads/2020/08/14/slug/index.html`."""
    kind: str
    """Always `thread`."""
    title: str
    """The thread's title."""
    thread: Thread
    """The thread shown."""
    up_path: str
    """Site-relative folder of the threads index."""


@dataclass(frozen=True, slots=True)
class ThreadIndexPage:
    """Every story thread, latest first."""

    path: str
    """Output file, site-relative."""
    kind: str
    """Always `threads`."""
    title: str
    """Heading text."""
    threads: tuple[Thread, ...]
    """Latest activity first, then by URL."""


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """The page of one briefing."""

    path: str
    """Output file, site-relative, e.g. `2020/09/14/slug/index.html`."""
    kind: str
    """Always `article`; selects the template `article.html`."""
    title: str
    """The `<title>` text."""
    article: Article
    """The briefing shown."""
    newer: Article | None
    """The next briefing by date, if any."""
    older: Article | None
    """The previous briefing by date, if any."""
    related: tuple[Article, ...] = ()
    """Up to five briefings sharing its rarest actors and places, nearest in time first."""
    thread: Thread | None = None
    """The story thread it belongs to, if any."""

    @property
    def extra(self) -> Mapping[str, Any]:
        """Unknown front matter keys of the briefing, for theme authors."""
        return self.article.extra


@dataclass(frozen=True, slots=True)
class ListPage:
    """A page of briefing summaries: home, a term page or a day page."""

    path: str
    """Output file, site-relative."""
    kind: str
    """`home`, `term` or `day`; selects the template `<kind>.html`."""
    title: str
    """The heading and `<title>` text."""
    articles: tuple[Article, ...]
    """The briefings on this page, newest first."""
    pager: Pager
    """Position in the series (a single page has count 1)."""
    feed_path: str
    """Site-relative path of the Atom feed that matches this list."""
    taxonomy: str
    """For a term page, its taxonomy; else ""."""
    country_code: str
    """For a location term page, the ISO country code when known; else ""."""
    up_path: str
    """Site-relative folder of the parent index (taxonomy or month), or ""."""
    profile: TermProfile | None = None
    """For an actor or location page: counts, timeline, counterparts and map data."""
    term: str = ""
    """For a term page, the term's name as its first page is titled ("Iran", never
    "Iran (page 2)"): what its feed is named by; else ""."""


@dataclass(frozen=True, slots=True)
class Ranking:
    """The actors and places most named over the latest days of the site, for the home page."""

    label: str
    """Heading text, e.g. `Last 7 days`."""
    days: int
    """How many days the window spans, ending on the newest briefing's date."""
    since: datetime.date
    """The first day of the window (the newest date minus DAYS - 1)."""
    until: datetime.date
    """The newest briefing's date: the window follows the content, never the clock."""
    briefings: int
    """How many briefings fall in the window."""
    actors: tuple[TermCount, ...]
    """Most named first (count = briefings in the window), then by name."""
    locations: tuple[TermCount, ...]
    """Most named first, then by name."""
    threads: tuple[ThreadCount, ...] = ()
    """Story threads with briefings in the window, most briefings in it first."""


@dataclass(frozen=True, slots=True)
class HomePage:
    """A page of the latest briefings; the first one also ranks the latest names."""

    path: str
    """Output file, site-relative."""
    kind: str
    """Always `home`."""
    title: str
    """The `<title>` text."""
    articles: tuple[Article, ...]
    """The briefings on this page, newest first."""
    pager: Pager
    """Position in the series."""
    feed_path: str
    """Site-relative path of the main Atom feed."""
    rankings: tuple[Ranking, ...]
    """Latest 7 and 30 days on page 1; empty on later pages."""
    thread_of: tuple[tuple[str, Thread], ...] = ()
    """(article key, its story thread) for the briefings on this page that have one."""


@dataclass(frozen=True, slots=True)
class DayPage:
    """One day's briefings in "current events" form: grouped by topic, one line each."""

    path: str
    """Output file, site-relative."""
    kind: str
    """Always `day`."""
    title: str
    """The heading and `<title>` text, e.g. `14 September 2020`."""
    date: datetime.date
    """The day shown."""
    articles: tuple[Article, ...]
    """Every briefing of the day, in site order."""
    groups: tuple[Group, ...]
    """The briefings by topic: each under its first tag, the largest topic first, untagged
    ones last under `Other news` (url_path ""); each briefing appears once."""
    pager: Pager
    """Always a single page; kept so a theme's day template may still extend `_list.html`."""
    older_path: str
    """Site-relative folder of the nearest earlier day with briefings, or ""."""
    older_date: datetime.date | None
    """That day's date, or None when there is none."""
    newer_path: str
    """Site-relative folder of the nearest later day with briefings, or ""."""
    newer_date: datetime.date | None
    """That day's date, or None when there is none."""
    up_path: str
    """Site-relative folder of the month page."""
    thread_of: tuple[tuple[str, Thread], ...] = ()
    """(article key, its story thread) for the day's briefings that have one."""


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One cell of a month calendar."""

    day: int
    """Day of the month, or 0 for a padding cell before the 1st or after the last day."""
    count: int
    """Briefings that day."""
    url_path: str
    """Site-relative folder of the day page, or "" when the day has no briefings."""


@dataclass(frozen=True, slots=True)
class MonthPage:
    """A month: a calendar of the days with briefings, then the days' titles."""

    path: str
    """Output file, site-relative."""
    kind: str
    """Always `month`."""
    title: str
    """The heading and `<title>` text, e.g. `September 2020`."""
    year: int
    """The year."""
    month: int
    """The month, 1-12."""
    weeks: tuple[tuple[CalendarDay, ...], ...]
    """Monday-first weeks of seven cells each."""
    groups: tuple[Group, ...]
    """The days that have briefings, newest first."""
    up_path: str
    """Site-relative folder of the year page."""
    older_path: str = ""
    """Site-relative folder of the nearest earlier month with briefings, or ""."""
    older_label: str = ""
    """That month's name, e.g. `August 2020`, or ""."""
    newer_path: str = ""
    """Site-relative folder of the nearest later month with briefings, or ""."""
    newer_label: str = ""
    """That month's name, or ""."""


@dataclass(frozen=True, slots=True)
class LetterSection:
    """The terms of an index page that start with one letter."""

    letter: str
    """`A`-`Z`, or `#` for names that start with anything else."""
    anchor: str
    """The fragment id of the section, e.g. `letter-a`."""
    terms: tuple[TermCount, ...]
    """By name, case- and accent-insensitively; in a long section, those named more than once."""
    rare: tuple[TermCount, ...]
    """In a long section, the terms named once (the long tail), by name, shown folded; else ()."""


@dataclass(frozen=True, slots=True)
class GroupPage:
    """A year or month page: briefings grouped by month or by day."""

    path: str
    """Output file, site-relative."""
    kind: str
    """`year` or `month`; selects the template `<kind>.html`."""
    title: str
    """The heading and `<title>` text."""
    groups: tuple[Group, ...]
    """Months of a year or days of a month, newest first."""
    up_path: str
    """Site-relative folder of the parent (archive or year)."""


@dataclass(frozen=True, slots=True)
class TaxonomyPage:
    """The index of every term of one taxonomy, with counts."""

    path: str
    """Output file, site-relative, e.g. `actors/index.html`."""
    kind: str
    """Always `taxonomy`."""
    title: str
    """Heading text, e.g. `Actors`."""
    taxonomy: str
    """The taxonomy name, e.g. `actors`."""
    terms: tuple[TermCount, ...]
    """Most named first, then by name."""
    letters: tuple[LetterSection, ...]
    """Every term again, in A-Z sections for the jump bar."""
    points: tuple[MapPoint, ...] = ()
    """For locations: every term with coordinates, for the world map; most named first."""


@dataclass(frozen=True, slots=True)
class YearCount:
    """One year on the archive page with its months."""

    year: int
    """The year."""
    url_path: str
    """Site-relative folder of the year page."""
    count: int
    """Briefings that year."""
    months: tuple[tuple[str, str, int], ...]
    """(month name, site-relative folder, count), newest first."""


@dataclass(frozen=True, slots=True)
class ArchivePage:
    """Counts per year and month."""

    path: str
    """Output file, site-relative."""
    kind: str
    """Always `archive`."""
    title: str
    """Heading text."""
    years: tuple[YearCount, ...]
    """Newest first."""


@dataclass(frozen=True, slots=True)
class PlainPage:
    """A page whose template needs no data: search and 404."""

    path: str
    """Output file, site-relative."""
    kind: str
    """`search` or `404`."""
    title: str
    """Heading text."""


@dataclass(frozen=True, slots=True)
class Feed:
    """An Atom feed: the site's main one, or one per term."""

    path: str
    """Output file, site-relative: `feed.xml` or `<term folder>feed.xml`."""
    title: str
    """The feed's title."""
    articles: tuple[Article, ...]
    """Its entries, newest first (at most `feed_size`)."""
    alternate_path: str
    """Site-relative folder of the HTML page it mirrors ("" for the home page)."""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """`sitemap.xml`: every HTML page but the 404, for search engines (needs base_url)."""

    path: str
    """Output file, site-relative."""
    page_paths: tuple[str, ...]
    """The site-relative folder of every HTML page, sorted by output path."""


@dataclass(frozen=True, slots=True)
class Robots:
    """`robots.txt`: everything allowed, and where the sitemap is when there is one."""

    path: str
    """Output file, site-relative."""


@dataclass(frozen=True, slots=True)
class WorldMap:
    """The world map's outlines (`static/world.svg`), written when a location has coordinates."""

    path: str
    """Output file, site-relative."""


DataPage = Feed | Sitemap | Robots | WorldMap
"""A generated non-HTML file; each kind has its own render function."""


Page = (
    ArticlePage
    | ListPage
    | HomePage
    | DayPage
    | MonthPage
    | GroupPage
    | TaxonomyPage
    | ArchivePage
    | PlainPage
    | Feed
    | Sitemap
    | Robots
    | WorldMap
    | ThreadPage
    | ThreadIndexPage
)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One configured taxonomy and its terms."""

    name: str
    """Front matter field and URL folder, e.g. `actors`."""
    terms: tuple[Term, ...]
    """Sorted by name, case-insensitively, then exactly."""


@dataclass(frozen=True, slots=True)
class Site:
    """The whole corpus, assembled: every page named, every dependency known."""

    articles: tuple[Article, ...]
    """Newest first; ties by slug, then by content path."""
    taxonomies: tuple[Taxonomy, ...]
    """In configured order."""
    pages: Mapping[str, Page]
    """Output path → page, in a stable order."""
    slugs: Mapping[tuple[str, str], str]
    """(taxonomy, term name) → slug; a change here means links everywhere change."""
    warnings: tuple[str, ...]
    """Things worth telling the user that do not fail the build (slug collisions, base_url)."""
    series: Mapping[str, tuple[str, ...]]
    """Series id → output paths: the pages that must be checked together (a paginated list)."""
    positions: Mapping[str, int]
    """Article key → index in `articles`, to find an article's neighbours at once."""
    global_series: tuple[str, ...]
    """Series every change can affect: home, archive, taxonomy indexes, feeds, sitemap."""
    relations: Relations
    """Related briefings, story threads and term profiles (kept for the next re-render)."""
    loose_places: frozenset[str] = field(default=frozenset(), compare=False)
    """Place names some briefing's `places:` gives without listing them in its locations:
    their location terms' country may come from a briefing that is not theirs. After an
    incremental assembly it may hold names no briefing gives so any more (a guard only)."""

    def dependents(self, article: Article) -> frozenset[str]:
        """Output paths of every page that shows ARTICLE or may shift when it changes.

        Named from the article's own data, so it costs no more than the article has terms:
        its page, its neighbours' pages, its term series, its date pages, and the pages
        every change touches. Each series is whole: a paginated list shifts as one.
        """
        ids = [article_series(article.key), *self.global_series]
        index = self.positions.get(article.key)
        if index is not None:
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(self.articles):
                    other = self.articles[neighbour]
                    # The neighbour's day and month pages link to this one's day and month
                    # as the previous or next: one that appears or goes changes those links.
                    ids += [
                        article_series(other.key),
                        day_series(other.date),
                        month_series(other.date.year, other.date.month),
                    ]
        for taxonomy, names in article.terms:
            for name in names:
                slug = self.slugs.get((taxonomy, name))
                if slug is not None:
                    ids.append(term_series(taxonomy, slug))
        for place in article.places:  # a place's country labels its location page
            slug = self.slugs.get(("locations", place.name))
            if slug is not None:
                ids.append(term_series("locations", slug))
        date = article.date
        ids += [day_series(date), month_series(date.year, date.month), year_series(date.year)]
        return frozenset(path for sid in ids for path in self.series.get(sid, ()))


@dataclass(frozen=True, slots=True)
class Output:
    """The rendered site in memory: what `write` puts on disk and `serve` serves."""

    files: Mapping[str, bytes]
    """Site-relative POSIX path → bytes, sorted by path."""
