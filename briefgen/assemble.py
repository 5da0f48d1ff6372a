"""Articles → Site: ordering, taxonomy terms, date indexes, every page and its dependencies.

`assemble_site` assembles the whole corpus; after an edit that moves no briefing (its URL,
date and terms stay), `reassemble_site` swaps the new article into the previous site at a
cost that follows the pages showing it, not the size of the site. An edit of the tags (any
taxonomy the relations do not read) is reassembled too: the briefing moves between the
pages of the terms it left and joined. An edit of actors, places or dates (or tags with
them) goes through `reassemble_moved`, which makes again only the terms, dates,
neighbours, home pages and relations it touches.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import itertools
import types
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import is_not
from pathlib import PurePosixPath
from typing import Any, TypeVar

from briefgen.config import RESERVED_FOLDERS, Config
from briefgen.dates import format_date, month_label
from briefgen.errors import BriefgenError, ConfigError, ContentError, ErrorList
from briefgen.geo import WORLD_FILE
from briefgen.model import (
    ArchivePage,
    Article,
    ArticlePage,
    CalendarDay,
    Counterpart,
    DayPage,
    Feed,
    Group,
    GroupPage,
    HomePage,
    LetterSection,
    ListPage,
    MapPoint,
    MonthCount,
    MonthPage,
    Page,
    Pager,
    PlainPage,
    Ranking,
    Relations,
    Robots,
    Site,
    Sitemap,
    Taxonomy,
    TaxonomyPage,
    Term,
    TermCount,
    TermProfile,
    Thread,
    ThreadIndexPage,
    ThreadPage,
    WorldMap,
    YearCount,
    article_series,
    day_series,
    month_series,
    taxonomy_series,
    term_series,
    year_series,
)
from briefgen.overview import (
    RANKING_WINDOWS,
    group_day,
    letter_sections,
    month_calendar,
    neighbour_days,
    neighbour_months,
    rank_recent,
    topic_label,
)
from briefgen.relate import (
    ENTITY_TAXONOMIES,
    TitleCounts,
    recent_threads,
    relate_site,
    renew_relations,
)
from briefgen.urls import (
    day_url_path,
    feed_url_path,
    month_url_path,
    output_path,
    page_url_path,
    slugify,
    taxonomy_url_path,
    term_url_path,
    unique_slug,
    year_url_path,
)

_K = TypeVar("_K")
_V = TypeVar("_V")

# "related" holds every article page and "threads" every thread page: an edit can move a
# briefing into or out of any related list or thread (rarity is site-wide), so those pages
# are always compared, and re-rendered only when their data changed.
GLOBAL_SERIES = ("home", "archive", "feed", "sitemap", "related", "threads")


def dict_of(mapping: Mapping[_K, _V]) -> dict[_K, _V]:
    """A dict copy of MAPPING, a site's (or a site state's) MappingProxyType copied in C:
    `dict()` reads a proxy key by key, 15 times slower for the 40,000 pages of a
    10,000-briefing site."""
    if isinstance(mapping, types.MappingProxyType):
        copied = mapping.copy()
        if type(copied) is dict:
            return copied
    return dict(mapping)


def sort_key(article: Article) -> tuple[int, str, str]:
    """Newest first; the same day is ordered by slug, then by content path, so ties are stable."""
    return (-article.date.toordinal(), article.slug, article.key)


@dataclass
class _Builder:
    """Collects pages and their dependency series while the site is assembled (local only)."""

    pages: dict[str, Page] = field(default_factory=dict)
    series: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, series_id: str, page: Page) -> None:
        # Two pages can never claim one path: pelican's rule, checked once here.
        if page.path in self.pages:
            raise BriefgenError(f"two pages want {page.path} (this is a bug in briefgen)")
        self.pages[page.path] = page
        self.series[series_id].append(page.path)


def assemble_site(
    articles: Iterable[Article],
    config: Config,
    *,
    drafts: bool = False,
    previous: Site | None = None,
    titles: TitleCounts | None = None,
) -> Site:
    """Order the articles, build terms and date indexes, and name every page of the site.

    PREVIOUS, the site of the last render, lets relations that still hold be reused;
    TITLES, the title counts of the articles when known, spare weighing every title again.
    """
    chosen = sorted((a for a in articles if drafts or not a.draft), key=sort_key)
    _check_urls(chosen, config)
    _check_taxonomy_names(config)
    warnings: list[str] = []
    if not config.base_url:
        warnings.append(
            "base_url is not set: feeds use relative links and urn ids, there is no "
            "canonical link, and sitemap.xml is not written (set base_url in briefgen.yaml)"
        )
    ordered = tuple(chosen)
    taxonomies, slugs = _taxonomies(ordered, config.taxonomies, warnings)
    relations = relate_site(
        ordered, taxonomies, previous.relations if previous is not None else None, titles
    )
    b = _Builder()
    _home(b, ordered, taxonomies, config)
    _article_pages(b, ordered)
    for taxonomy in taxonomies:
        _taxonomy_pages(b, taxonomy, config, relations.profiles)
    _date_pages(b, ordered, slugs)
    # Related lists, thread links, thread pages and the world map (briefgen/relate.py).
    _relation_pages(b, relations, ordered, taxonomies)
    _misc_pages(b, ordered, config)
    return Site(
        articles=ordered,
        taxonomies=taxonomies,
        pages=types.MappingProxyType(b.pages),
        slugs=types.MappingProxyType(slugs),
        warnings=tuple(warnings),
        series=types.MappingProxyType({k: tuple(v) for k, v in b.series.items()}),
        positions=types.MappingProxyType({a.key: i for i, a in enumerate(ordered)}),
        global_series=(*GLOBAL_SERIES, *(taxonomy_series(t.name) for t in taxonomies)),
        relations=relations,
        loose_places=_loose_places(ordered),
    )


def _check_urls(articles: Sequence[Article], config: Config) -> None:
    """Two files may not claim one URL: report each later file against the first."""
    first: dict[str, Article] = {}
    errors: list[BriefgenError] = []
    for article in sorted(articles, key=lambda a: a.key):
        other = first.setdefault(article.url_path, article)
        if other is not article:
            errors.append(
                ContentError(
                    f"URL /{article.url_path} is already taken by "
                    f"{_file_name(other, config)} "
                    "(give one of them another 'slug:' or file name)",
                    article.content_path,
                    article.url_line,
                )
            )
    if errors:
        raise ErrorList(errors)


def _file_name(article: Article, config: Config) -> str:
    """The article's file as the project names it (`content/2020/a.md`), from its key."""
    if PurePosixPath(article.key).is_absolute():
        return article.key  # read from outside the content folder: its full path
    return f"{config.content_dir.name}/{article.key}"


def _check_taxonomy_names(config: Config) -> None:
    for name in config.taxonomies:
        if name in RESERVED_FOLDERS:
            raise ConfigError(
                f"taxonomy name '{name}' is a folder the site uses itself "
                f"(rename it in 'taxonomies'; reserved: {', '.join(sorted(RESERVED_FOLDERS))})",
                config.config_path,
            )


def _taxonomies(
    articles: tuple[Article, ...], names: Sequence[str], warnings: list[str]
) -> tuple[tuple[Taxonomy, ...], dict[tuple[str, str], str]]:
    """Group articles by term; give each term a unique slug, reporting every collision."""
    slugs: dict[tuple[str, str], str] = {}
    result: list[Taxonomy] = []
    countries: dict[str, str] = {}
    for article in articles:  # newest first: the newest briefing's place data wins
        for place in article.places:
            if place.country_code:
                countries.setdefault(place.name, place.country_code)
    for taxonomy in names:
        members: dict[str, list[Article]] = defaultdict(list)
        for article in articles:
            for name in article.names(taxonomy):
                members[name].append(article)
        ordered_names = sorted(members, key=lambda n: (n.casefold(), n))
        by_base: dict[str, list[str]] = defaultdict(list)
        for name in ordered_names:
            by_base[slugify(name)].append(name)
        taken = set(by_base)
        for base, group in by_base.items():
            slugs[(taxonomy, group[0])] = base
            for name in group[1:]:
                slug = unique_slug(base, taken, name)
                taken.add(slug)
                slugs[(taxonomy, name)] = slug
            if len(group) > 1:
                where = ", ".join(
                    f"'{n}' → /{term_url_path(taxonomy, slugs[(taxonomy, n)])}" for n in group
                )
                warnings.append(
                    f"{taxonomy}: {len(group)} names share the slug '{base}': {where} "
                    "(if they are one entity, use one spelling in content/)"
                )
        terms = tuple(
            Term(
                taxonomy=taxonomy,
                name=name,
                slug=slugs[(taxonomy, name)],
                url_path=term_url_path(taxonomy, slugs[(taxonomy, name)]),
                articles=tuple(members[name]),
                country_code=countries.get(name, "") if taxonomy == "locations" else "",
            )
            for name in ordered_names
        )
        result.append(Taxonomy(name=taxonomy, terms=terms))
    return tuple(result), slugs


def _loose_places(articles: Iterable[Article]) -> frozenset[str]:
    """The place names a briefing gives in `places:` without listing them in its locations."""
    loose: set[str] = set()
    for article in articles:
        if article.places:
            listed = article.names("locations")
            loose.update(p.name for p in article.places if p.name not in listed)
    return frozenset(loose)


def _paginate(
    b: _Builder,
    series_id: str,
    base_path: str,
    articles: tuple[Article, ...],
    size: int,
    profile: TermProfile | None = None,
    numbers: Container[int] | None = None,
    **fields: str,
) -> None:
    """A list's pages of SIZE briefings each (only the NUMBERS asked for, when given)."""
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        if numbers is not None and number not in numbers:
            continue
        pager = Pager(number=number, count=len(chunks), base_path=base_path)
        page_fields = dict(fields)
        title = page_fields.pop("title")
        if number > 1:
            title = f"{title} (page {number})"
        b.add(
            series_id,
            ListPage(
                path=output_path(pager.path(number)),
                title=title,
                articles=chunk,
                pager=pager,
                profile=profile,
                **page_fields,  # type: ignore[arg-type]
            ),
        )


def _home(
    b: _Builder, articles: tuple[Article, ...], taxonomies: Sequence[Taxonomy], config: Config
) -> None:
    terms = {(t.taxonomy, t.name): t for taxonomy in taxonomies for t in taxonomy.terms}

    def term_count(taxonomy: str, name: str, count: int) -> TermCount:
        term = terms[(taxonomy, name)]
        return TermCount(name, term.url_path, count, term.country_code)

    rankings = (
        rank_recent(articles, term_count)
        if all(t in config.taxonomies for t in ("actors", "locations"))
        else ()
    )
    size = config.page_size
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        b.add("home", _home_page(number, len(chunks), chunk, rankings, config))


def _home_page(
    number: int,
    count: int,
    chunk: tuple[Article, ...],
    rankings: tuple[Ranking, ...],
    config: Config,
) -> HomePage:
    """Home page NUMBER of COUNT, listing CHUNK; page 1 alone shows RANKINGS."""
    pager = Pager(number=number, count=count, base_path="")
    return HomePage(
        path=output_path(pager.path(number)),
        kind="home",
        title=config.title if number == 1 else f"{config.title} (page {number})",
        articles=chunk,
        pager=pager,
        feed_path="feed.xml",
        rankings=rankings if number == 1 else (),
    )


def _article_pages(b: _Builder, articles: tuple[Article, ...]) -> None:
    for index, article in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        b.add(
            article_series(article.key),
            ArticlePage(
                path=output_path(article.url_path),
                kind="article",
                title=article.title,
                article=article,
                newer=newer,
                older=older,
            ),
        )


def _taxonomy_pages(
    b: _Builder, taxonomy: Taxonomy, config: Config, profiles: Mapping[tuple[str, str], TermProfile]
) -> None:
    _taxonomy_index(b, taxonomy)
    for term in taxonomy.terms:
        _term_pages(b, term, config, profiles)


def _taxonomy_index(b: _Builder, taxonomy: Taxonomy) -> None:
    """A taxonomy's index page: its terms by count, and by letter."""
    counts = sorted(
        (
            TermCount(
                name=t.name, url_path=t.url_path, count=len(t.articles),
                country_code=t.country_code,
            )
            for t in taxonomy.terms
        ),
        key=lambda c: (-c.count, c.name.casefold(), c.name),
    )  # fmt: skip
    b.add(
        taxonomy_series(taxonomy.name),
        TaxonomyPage(
            path=output_path(taxonomy_url_path(taxonomy.name)),
            kind="taxonomy",
            title=taxonomy.name.replace("_", " ").capitalize(),
            taxonomy=taxonomy.name,
            terms=tuple(counts),
            letters=letter_sections(counts),
        ),
    )


def _term_pages(
    b: _Builder,
    term: Term,
    config: Config,
    profiles: Mapping[tuple[str, str], TermProfile],
    numbers: Container[int] | None = None,
) -> None:
    """A term's list pages, then its feed: its series (only the pages NUMBERS asks for,
    and the feed only when it asks for 0, when given)."""
    series_id = term_series(term.taxonomy, term.slug)
    feed_path = feed_url_path(term.url_path)
    # A tag page titles itself as the day pages head its topic: by the topic's name.
    title = topic_label(term.name) if term.taxonomy == "tags" else term.name
    _paginate(
        b, series_id, term.url_path, term.articles, config.page_size,
        kind="term", title=title, feed_path=feed_path, taxonomy=term.taxonomy,
        country_code=term.country_code, up_path=taxonomy_url_path(term.taxonomy),
        profile=profiles.get((term.taxonomy, term.name)), term=title, numbers=numbers,
    )  # fmt: skip
    if numbers is not None and 0 not in numbers:
        return
    b.add(
        series_id,
        Feed(
            path=feed_path,
            title=f"{config.title}: {title}",
            articles=term.articles[: config.feed_size],
            alternate_path=term.url_path,
        ),
    )


def _date_pages(
    b: _Builder, articles: tuple[Article, ...], slugs: Mapping[tuple[str, str], str]
) -> None:
    neighbours = neighbour_days([a.date for a in articles])
    near_months = neighbour_months([a.date for a in articles])
    topic_path = _topic_paths(slugs)
    for year, in_year_iter in itertools.groupby(articles, key=lambda a: a.date.year):
        in_year = tuple(in_year_iter)
        months: list[Group] = []
        for month, in_month_iter in itertools.groupby(in_year, key=lambda a: a.date.month):
            in_month = tuple(in_month_iter)
            months.append(Group(month_label(year, month), month_url_path(year, month), in_month))
            for day, in_day in _days(in_month):
                b.add(day_series(day), _day_page(day, in_day, *neighbours[day], topic_path))
            page = _month_page(year, month, in_month, *near_months[(year, month)])
            b.add(month_series(year, month), page)
        b.add(year_series(year), _year_page(year, tuple(months)))


def _topic_paths(slugs: Mapping[tuple[str, str], str]) -> Callable[[str], str]:
    """A tag → the folder of its page (for a day page's topic headings), by SLUGS."""

    def topic_path(tag: str) -> str:
        slug = slugs.get(("tags", tag))
        return term_url_path("tags", slug) if slug is not None else ""

    return topic_path


def _days(in_month: tuple[Article, ...]) -> list[tuple[datetime.date, tuple[Article, ...]]]:
    """The days of a run of briefings in site order, each with its briefings."""
    return [(day, tuple(run)) for day, run in itertools.groupby(in_month, key=lambda a: a.date)]


def _day_page(
    day: datetime.date,
    in_day: tuple[Article, ...],
    older: datetime.date | None,
    newer: datetime.date | None,
    topic_path: Callable[[str], str],
) -> DayPage:
    """DAY's page (before `_relation_pages` gives it its threads)."""
    return DayPage(
        path=output_path(day_url_path(day)),
        kind="day",
        title=format_date(day),
        date=day,
        articles=in_day,
        groups=group_day(in_day, topic_path),
        pager=Pager(1, 1, day_url_path(day)),
        older_path=day_url_path(older) if older else "",
        older_date=older,
        newer_path=day_url_path(newer) if newer else "",
        newer_date=newer,
        up_path=month_url_path(day.year, day.month),
    )


def _month_page(
    year: int,
    month: int,
    in_month: tuple[Article, ...],
    older_month: tuple[int, int] | None,
    newer_month: tuple[int, int] | None,
) -> MonthPage:
    """A month's page: its calendar and its days, linked to the nearest months around it."""
    days = _days(in_month)
    counts = {day: len(in_day) for day, in_day in days}
    return MonthPage(
        path=output_path(month_url_path(year, month)),
        kind="month",
        title=month_label(year, month),
        year=year,
        month=month,
        weeks=month_calendar(year, month, counts, day_url_path),
        groups=tuple(Group(format_date(d), day_url_path(d), in_day) for d, in_day in days),
        up_path=year_url_path(year),
        older_path=month_url_path(*older_month) if older_month else "",
        older_label=month_label(*older_month) if older_month else "",
        newer_path=month_url_path(*newer_month) if newer_month else "",
        newer_label=month_label(*newer_month) if newer_month else "",
    )


def _year_page(year: int, months: tuple[Group, ...]) -> GroupPage:
    """A year's page: its MONTHS, newest first."""
    return GroupPage(
        path=output_path(year_url_path(year)),
        kind="year",
        title=str(year),
        groups=months,
        up_path="archive/",
    )


def _misc_pages(b: _Builder, articles: tuple[Article, ...], config: Config) -> None:
    years = [
        _year_count(year, tuple(in_year))
        for year, in_year in itertools.groupby(articles, key=lambda a: a.date.year)
    ]
    b.add("archive", ArchivePage("archive/index.html", "archive", "Archive", tuple(years)))
    b.add("search", PlainPage("search/index.html", "search", "Search"))
    b.add("search", PlainPage("404.html", "404", "Page not found"))
    b.add("feed", Feed(feed_url_path(""), config.title, articles[: config.feed_size], ""))
    b.add("search", Robots("robots.txt"))
    if config.base_url:
        html_pages = tuple(
            page_url_path(path)
            for path in sorted(b.pages)
            if path.endswith(".html") and path != "404.html"
        )
        b.add("sitemap", Sitemap("sitemap.xml", html_pages))


def _year_count(year: int, in_year: tuple[Article, ...]) -> YearCount:
    """A year's line on the archive page: its count, and its months' counts."""
    months = tuple(
        (month_label(year, month), month_url_path(year, month), len(tuple(group)))
        for month, group in itertools.groupby(in_year, key=lambda a: a.date.month)
    )
    return YearCount(year, year_url_path(year), len(in_year), months)


# --- Related briefings, story threads and the world map --------------------------------


def _relation_pages(
    b: _Builder,
    relations: Relations,
    articles: tuple[Article, ...],
    taxonomies: tuple[Taxonomy, ...],
) -> None:
    """Give each article page its related list and thread; add thread pages and world.svg."""
    thread_of = {a.key: t for t in relations.threads for a in t.articles}
    for article in articles:
        path = output_path(article.url_path)
        page = b.pages[path]
        assert isinstance(page, ArticlePage)
        # The constructor, not dataclasses.replace: this runs once per briefing per render.
        b.pages[path] = ArticlePage(
            page.path,
            page.kind,
            page.title,
            page.article,
            page.newer,
            page.older,
            relations.related.get(article.key, ()),
            thread_of.get(article.key),
        )
        b.series["related"].append(path)
    index_path = taxonomy_url_path("threads")
    for thread in relations.threads:
        page = ThreadPage(
            path=output_path(thread.url_path),
            kind="thread",
            title=thread.title,
            thread=thread,
            up_path=index_path,
        )
        b.add("threads", page)
    b.add(
        "threads",
        ThreadIndexPage(
            path=output_path(index_path),
            kind="threads",
            title="Story threads",
            threads=relations.threads,
        ),
    )
    # Home and day pages show each thread once, with its count (home.html, day.html): they
    # get the threads of the briefings they list. Day pages join the "threads" series, as
    # a briefing on another day can change a thread's count or title.
    for path, page in list(b.pages.items()):
        if isinstance(page, HomePage | DayPage):
            b.pages[path] = _threaded(page, thread_of, relations.threads)
            if isinstance(page, DayPage):
                b.series["threads"].append(path)
    for taxonomy in taxonomies:
        if taxonomy.name != "locations":
            continue
        points = _location_points(taxonomy, relations.profiles)
        path = output_path(taxonomy_url_path("locations"))
        index = b.pages[path]
        assert isinstance(index, TaxonomyPage)
        b.pages[path] = dataclasses.replace(index, points=points)
        if points:
            b.add("world-map", WorldMap(WORLD_FILE))


def _threaded(
    page: HomePage | DayPage, thread_of: Mapping[str, Thread], threads: tuple[Thread, ...]
) -> HomePage | DayPage:
    """PAGE with the threads of the briefings it lists (and a first home page's rankings
    with the latest threads), as `_relation_pages` gives them."""
    pairs = tuple((a.key, thread_of[a.key]) for a in page.articles if a.key in thread_of)
    if isinstance(page, HomePage) and page.rankings:
        rankings = tuple(
            dataclasses.replace(r, threads=recent_threads(threads, r.since, r.until))
            for r in page.rankings
        )
        return dataclasses.replace(page, thread_of=pairs, rankings=rankings)
    return dataclasses.replace(page, thread_of=pairs)


def _location_points(
    taxonomy: Taxonomy, profiles: Mapping[tuple[str, str], TermProfile]
) -> tuple[MapPoint, ...]:
    """The world map's points: every location term with coordinates, most named first."""
    points: list[MapPoint] = []
    for term in taxonomy.terms:
        profile = profiles.get(("locations", term.name))
        place = profile.place if profile is not None else None
        if place is not None and place.latitude is not None and place.longitude is not None:
            points.append(
                MapPoint(
                    term.name, term.url_path, len(term.articles), place.latitude, place.longitude
                )
            )
    points.sort(key=lambda p: (-p.count, p.name.casefold(), p.name))
    return tuple(points)


# --- Incremental assembly: an edit that moves nothing --------------------------------


def same_place(old: Article, new: Article) -> bool:
    """True when NEW sits where OLD sat: same URL, date, terms, places and draft flag.

    Then the order, the terms, the date pages, the relations and every page's path stay
    as they were; only the pages that show the briefing change (its title, summary or
    body). That is the usual edit in `briefgen serve`.
    """
    return (
        old.key == new.key
        and old.url_path == new.url_path
        and old.date == new.date
        and old.slug == new.slug
        and old.terms == new.terms
        and old.places == new.places
        and old.draft == new.draft
    )


def reassemble_site(
    previous: Site, replaced: Sequence[tuple[Article, Article]], config: Config
) -> Site | None:
    """PREVIOUS with each (old, new) article pair swapped in; None when a full assembly is due.

    Only for edits where `same_place(old, new)` holds, or where only names of taxonomies
    the relations do not read changed (tags): then the result equals what `assemble_site`
    gives for the whole corpus, at a cost that follows the pages that show the briefings
    and the terms they left or joined, not the size of the site. Any other edit (a new
    date, actor, place or slug, a tag whose slug another name has, a file added or
    removed) returns None.
    """
    result = reassemble_changes(previous, replaced, config)
    return result.site if result is not None else None


@dataclass(frozen=True, slots=True)
class Reassembly:
    """The site after an edit that moves nothing, and which of its pages are new objects."""

    site: Site
    """Equal to what `assemble_site` gives for the whole corpus."""
    changed: tuple[str, ...]
    """Output paths whose page is another object than the previous site's (it may still be
    equal), sorted; every other page is the very object the previous site held. Unless
    REBUILT says otherwise, the site has the same paths as the previous one, in order."""
    titles: TitleCounts | None = None
    """The title counts of the site's briefings, for the next edit (relate.renew_relations);
    None when none were needed yet."""
    articles: tuple[tuple[Article, Article], ...] = ()
    """(old, new) of each briefing swapped into the pages: with the title replacements
    below, the only change made to a page in CHANGED."""
    threads: tuple[tuple[Thread, Thread], ...] = ()
    """(old, new) of each story thread swapped into the pages (one that holds an edited
    briefing, or was named again); a thread page's title follows its thread's."""
    rebuilt: frozenset[str] = frozenset()
    """Paths in CHANGED whose page was made anew, not only swapped into (the pages of a
    term that gained or lost a briefing, its day page); they may also be new paths, and
    then the site's paths differ from the previous one's (some may be gone)."""
    gone: frozenset[str] = frozenset()
    """Paths of the previous site the site has no page for any more; with the paths in
    CHANGED the previous site had not, all the paths that came or went."""


def reassemble_changes(
    previous: Site,
    replaced: Sequence[tuple[Article, Article]],
    config: Config,
    titles: TitleCounts | None = None,
) -> Reassembly | None:
    """`reassemble_site`, also naming the pages it replaced: the only ones to compare.

    TITLES, the title counts of PREVIOUS's briefings from the last Reassembly, spare
    weighing every title again when a title changed.
    """
    renewed: dict[int, Article] = {}
    retagged: set[str] = set()
    for old, new in replaced:
        index = previous.positions.get(old.key)
        if index is None or previous.articles[index] is not old:
            return None
        if not same_place(old, new):
            moved = _retagged(old, new)
            if moved is None:
                return None
            retagged |= moved
        renewed[id(old)] = new
    if not renewed:
        return Reassembly(previous, (), titles)
    renewal = renew_relations(previous.relations, replaced, titles)
    if renewal is None:
        return None  # the relations must be computed afresh: not an edit that moves nothing
    relations, titles = renewal
    articles = list(previous.articles)
    for old, new in replaced:
        articles[previous.positions[old.key]] = new
    ordered = tuple(articles)
    taxonomies = _swap_terms(previous.taxonomies, replaced, previous.positions)
    old_threads = previous.relations.threads
    changed_threads = [t for t, n in zip(old_threads, relations.threads, strict=True) if t is not n]
    swaps: dict[int, object] = dict(renewed)
    for old_thread, new_thread in zip(old_threads, relations.threads, strict=True):
        if old_thread is not new_thread:
            swaps[id(old_thread)] = new_thread
    pages = dict_of(previous.pages)
    changed: dict[str, None] = {}
    walker = _Swapper(swaps)
    for path in _holders(previous, [old for old, _ in replaced], changed_threads, config):
        page = pages.get(path)
        if page is not None:
            swapped = walker.swap(page)
            if swapped is not page:
                pages[path] = swapped
                changed[path] = None
    for _old, new in replaced:  # a briefing's page is titled by it (_article_pages)
        path = output_path(new.url_path)
        page = pages[path]
        if isinstance(page, ArticlePage) and page.title != new.title:
            pages[path] = dataclasses.replace(page, title=new.title)
            changed[path] = None
    for thread in changed_threads:  # a thread's page is titled by it (_relation_pages)
        path = output_path(thread.url_path)
        page = pages.get(path)
        if isinstance(page, ThreadPage) and page.title != page.thread.title:
            pages[path] = dataclasses.replace(page, title=page.thread.title)
            changed[path] = None
    site = dataclasses.replace(
        previous,
        articles=ordered,
        taxonomies=taxonomies,
        pages=types.MappingProxyType(pages),
        relations=relations,
    )
    rebuilt: frozenset[str] = frozenset()
    gone: frozenset[str] = frozenset()
    if retagged:
        regrouped = _move_terms(site, replaced, sorted(retagged), config)
        if regrouped is None:
            return None  # a slug would change: the full assembly names them all
        site, rebuilt = regrouped
        changed = {p: None for p in (*changed, *rebuilt) if p in site.pages}  # some went
        if site.pages.keys() != previous.pages.keys():
            gone = frozenset(previous.pages.keys() - site.pages.keys())
    thread_pairs = tuple(
        (old_thread, new_thread)
        for old_thread, new_thread in zip(old_threads, relations.threads, strict=True)
        if old_thread is not new_thread
    )
    pairs = tuple((old, new) for old, new in replaced if old is not new)
    return Reassembly(site, tuple(sorted(changed)), titles, pairs, thread_pairs, rebuilt, gone)


def _retagged(old: Article, new: Article) -> set[str] | None:
    """The taxonomies whose names NEW changed, when nothing else that places it did.

    Only taxonomies the relations do not read (tags, not actors or locations): those
    move the briefing between term pages and leave every related list and thread as it
    was. None for any other change of place.
    """
    if not (
        old.key == new.key
        and old.url_path == new.url_path
        and old.date == new.date
        and old.slug == new.slug
        and old.places == new.places
        and old.draft == new.draft
        and len(old.terms) == len(new.terms)
    ):
        return None
    moved: set[str] = set()
    for (taxonomy, names), (other, new_names) in zip(old.terms, new.terms, strict=True):
        if taxonomy != other:
            return None
        if names != new_names:
            if taxonomy in ENTITY_TAXONOMIES:
                return None
            moved.add(taxonomy)
    return moved


def _move_terms(
    site: Site,
    replaced: Sequence[tuple[Article, Article]],
    moved: Sequence[str],
    config: Config,
) -> tuple[Site, frozenset[str]] | None:
    """SITE (the previous site with the briefings swapped in) with the terms of the MOVED
    taxonomies regrouped: each briefing leaves the terms it dropped and joins new ones.

    Their pages are made again, as `assemble_site` makes them, with the other pages that
    show a briefing's terms by name: its day page (grouped by topic) and the sitemap when
    paths came or went. Returns the site and the paths of pages made anew; None when a
    term would take or give up a slug another term has a claim on (then slugs move, and
    the full assembly names them all).
    """
    positions = site.positions
    slugs = dict_of(site.slugs)
    taxonomies = list(site.taxonomies)
    pages = dict_of(site.pages)
    series = dict_of(site.series)
    rebuilt: set[str] = set()
    for at, taxonomy in enumerate(taxonomies):
        if taxonomy.name not in moved:
            continue
        terms = _regroup(taxonomy, replaced, positions, slugs)
        if terms is None:
            return None
        taxonomies[at] = Taxonomy(name=taxonomy.name, terms=terms)
        profiles = site.relations.profiles
        kept = _same_paths(taxonomy, taxonomies[at], replaced, series, config, profiles)
        if kept is not None:  # no page came or went: the touched series are swapped in place
            for path, page in kept.items():
                if pages[path] != page:
                    pages[path] = page
                    rebuilt.add(path)
            continue
        block = _Builder()
        _taxonomy_pages(block, taxonomies[at], config, site.relations.profiles)
        made: dict[str, Page] = {}
        for path, page in block.pages.items():
            was = pages.get(path)
            made[path] = was if was is not None and was == page else page
        stale = {taxonomy_series(taxonomy.name)}
        stale.update(term_series(taxonomy.name, t.slug) for t in taxonomy.terms)
        old_block = {p for sid in stale for p in series.get(sid, ())}
        spliced: dict[str, Page] = {}
        for path, page in pages.items():
            if path in old_block or path in made:
                if made:  # where the taxonomy's pages stood, in their order
                    spliced.update(made)
                    made = {}
            else:
                spliced[path] = page
        spliced.update(made)  # none stood anywhere (cannot happen: the index page does)
        rebuilt.update(p for p, page in spliced.items() if page is not pages.get(p))
        pages = spliced
        for sid in stale:
            series.pop(sid, None)
        series.update({k: tuple(v) for k, v in block.series.items()})
    new_slugs = types.MappingProxyType(slugs)

    def topic_path(tag: str) -> str:
        slug = new_slugs.get(("tags", tag))
        return term_url_path("tags", slug) if slug is not None else ""

    for _old, new in replaced:  # a day page groups its briefings by their first tag
        for path in series.get(day_series(new.date), ()):
            day = pages[path]
            if isinstance(day, DayPage):
                groups = group_day(day.articles, topic_path)
                if groups != day.groups:
                    pages[path] = dataclasses.replace(day, groups=groups)
                    rebuilt.add(path)
    sitemap = pages.get("sitemap.xml")
    if isinstance(sitemap, Sitemap) and pages.keys() != site.pages.keys():
        html_pages = tuple(
            page_url_path(path)
            for path in sorted(pages)
            if path.endswith(".html") and path != "404.html"
        )
        pages["sitemap.xml"] = Sitemap("sitemap.xml", html_pages)
        rebuilt.add("sitemap.xml")
    new_taxonomies = tuple(taxonomies)
    term_urls = tuple((tax.name, t.name, t.url_path) for tax in new_taxonomies for t in tax.terms)
    relations = site.relations
    if term_urls != relations.term_urls:
        relations = dataclasses.replace(relations, term_urls=term_urls)
    site = dataclasses.replace(
        site,
        taxonomies=new_taxonomies,
        pages=types.MappingProxyType(pages),
        slugs=new_slugs,
        series=types.MappingProxyType(series),
        relations=relations,
    )
    return site, frozenset(rebuilt)


def _same_paths(
    old: Taxonomy,
    new: Taxonomy,
    replaced: Sequence[tuple[Article, Article]],
    series: Mapping[str, tuple[str, ...]],
    config: Config,
    profiles: Mapping[tuple[str, str], TermProfile],
) -> dict[str, Page] | None:
    """The index page of NEW and the pages of the terms REPLACED's briefings left or joined,
    when they have the paths those terms had in OLD (no term came or went, no page count
    changed); else None, and the whole taxonomy's pages are made again in order."""
    touched: set[str] = set()
    for before, after in replaced:
        touched.update(before.names(new.name))
        touched.update(after.names(new.name))
    if len(old.terms) != len(new.terms):
        return None
    block = _Builder()
    for name in sorted(touched, key=_term_order):
        at = _find_term(new, name)
        if at is None:
            return None
        _term_pages(block, new.terms[at], config, profiles)
    for sid, paths in block.series.items():
        if tuple(paths) != series.get(sid):
            return None
    _taxonomy_index(block, new)
    return block.pages


def _regroup(
    taxonomy: Taxonomy,
    replaced: Sequence[tuple[Article, Article]],
    positions: Mapping[str, int],
    slugs: dict[tuple[str, str], str],
) -> tuple[Term, ...] | None:
    """TAXONOMY's terms with each (old, new) pair's new briefing under its new names.

    A term no briefing names any more goes, a name no term had comes, and SLUGS follows.
    None when that would move a slug: a new name whose slug another term has, or claims
    as its base, or a term leaving that shares its base with another name.
    """
    name = taxonomy.name
    terms = {t.name: t for t in taxonomy.terms}
    touched: set[str] = set()
    for old, new in replaced:
        touched.update(old.names(name))
        touched.update(new.names(name))
    claimed = {slugify(t.name) for t in taxonomy.terms} | {t.slug for t in taxonomy.terms}
    keys = {old.key for old, _new in replaced}
    for term_name in sorted(touched, key=_term_order):
        term = terms.get(term_name)
        members = [a for a in term.articles if a.key not in keys] if term is not None else []
        members.extend(new for _old, new in replaced if term_name in new.names(name))
        members.sort(key=lambda a: positions[a.key])
        base = slugify(term_name)
        if term is None:
            if base in claimed:
                return None  # a suffix, or a collision: the full assembly sorts it out
            claimed.add(base)
            slugs[(name, term_name)] = base
            term = Term(name, term_name, base, term_url_path(name, base), (), "")
        elif not members:
            if term.slug != base or sum(slugify(n) == base for n in terms) > 1:
                return None  # it gave its slug to, or shares its base with, another name
            del terms[term_name]
            del slugs[(name, term_name)]
            continue
        terms[term_name] = dataclasses.replace(term, articles=tuple(members))
    return tuple(terms[n] for n in sorted(terms, key=_term_order))


def _swap_terms(
    taxonomies: tuple[Taxonomy, ...],
    replaced: Sequence[tuple[Article, Article]],
    positions: Mapping[str, int],
) -> tuple[Taxonomy, ...]:
    """TAXONOMIES with the new articles in the terms the old ones were listed under.

    Each term is found by bisection (terms are sorted by name, as `_taxonomies` orders
    them), so the cost follows the edited briefings' terms, not the number of terms.
    """
    named: dict[str, set[str]] = defaultdict(set)
    for old, _new in replaced:
        for name, names in old.terms:
            named[name].update(names)
    result: list[Taxonomy] = []
    for taxonomy in taxonomies:
        wanted = named.get(taxonomy.name)
        if not wanted:
            result.append(taxonomy)
            continue
        terms = list(taxonomy.terms)
        for name in wanted:
            at = _find_term(taxonomy, name)
            if at is None:
                continue
            term = terms[at]
            listed = term.articles
            for old, new in replaced:
                # Listed in site order: the old article is found by bisection and cut out.
                where = bisect.bisect_left(
                    listed, positions[old.key], key=lambda a: positions[a.key]
                )
                if where < len(listed) and listed[where] is old:
                    listed = (*listed[:where], new, *listed[where + 1 :])
            terms[at] = dataclasses.replace(term, articles=listed)
        result.append(Taxonomy(name=taxonomy.name, terms=tuple(terms)))
    return tuple(result)


def _term_order(name: str) -> tuple[str, str]:
    """Where a term sorts among its taxonomy's terms (`_taxonomies`)."""
    return (name.casefold(), name)


def _find_term(taxonomy: Taxonomy, name: str) -> int | None:
    """The index of the term NAME in TAXONOMY, by bisection; None when it has none."""
    terms = taxonomy.terms
    at = bisect.bisect_left(terms, _term_order(name), key=lambda t: _term_order(t.name))
    if at < len(terms) and terms[at].name == name:
        return at
    return None


def _holders(
    site: Site, olds: Sequence[Article], threads: Sequence[Thread], config: Config
) -> set[str]:
    """Output paths of every page that may hold one of OLDS or THREADS (a superset)."""
    ids: set[str] = {"feed"}
    home = site.series.get("home", ())
    size = max(1, config.page_size)
    members = [a for thread in threads for a in thread.articles]
    paths: set[str] = set(home[:1])  # page 1 ranks the latest threads
    for article in (*olds, *members):
        index = site.positions.get(article.key)
        if index is None:
            continue
        ids.add(article_series(article.key))
        if index // size < len(home):
            paths.add(home[index // size])  # the home page that lists it
        date = article.date
        ids.update((day_series(date), month_series(date.year, date.month), year_series(date.year)))
    for old in olds:
        index = site.positions[old.key]
        for neighbour in (index - 1, index + 1):  # their pages link to it as newer / older
            if 0 <= neighbour < len(site.articles):
                ids.add(article_series(site.articles[neighbour].key))
        for key in site.relations.listed_in.get(old.key, ()):  # their related lists hold it
            ids.add(article_series(key))
        paths.update(_term_holders(site, old, index, size))
    for thread in threads:
        paths.add(output_path(thread.url_path))
    if threads:
        paths.add(output_path(taxonomy_url_path("threads")))
    for sid in ids:
        paths.update(site.series.get(sid, ()))
    return paths


_LEAVES = (
    Article,
    str,
    int,
    float,
    datetime.date,
    # Values built from names, counts and dates only: no briefing or thread inside.
    Pager,
    TermProfile,
    TermCount,
    LetterSection,
    CalendarDay,
    Counterpart,
    MapPoint,
    MonthCount,
    YearCount,
    # A thread that holds an edited briefing is renewed (relate.renew_relations) and is in
    # the swaps; any other holds none, so it is never walked.
    Thread,
)
"""Types `_Swapper` never looks into (a new field holding an Article must leave this list)."""


def _term_holders(site: Site, article: Article, index: int, size: int) -> list[str]:
    """The list page of each of ARTICLE's terms that shows it, and each term's feed.

    A term's series is its list pages in order, then its feed (_taxonomy_pages); its
    articles are in site order, so the article's place among them is found by bisection,
    as is the term among its taxonomy's terms.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for taxonomy_name, names in article.terms:
        wanted[taxonomy_name].update(names)
    positions = site.positions
    paths: list[str] = []
    for taxonomy in site.taxonomies:
        for name in sorted(wanted.get(taxonomy.name, ()), key=_term_order):
            found = _find_term(taxonomy, name)
            if found is None:
                continue
            term = taxonomy.terms[found]
            series = site.series.get(term_series(taxonomy.name, term.slug), ())
            if not series:
                continue
            at = bisect.bisect_left(term.articles, index, key=lambda a: positions[a.key])
            if at // size < len(series) - 1:
                paths.append(series[at // size])
            paths.append(series[-1])
    return paths


class _Swapper:
    """Rebuild frozen values with some objects swapped for others, sharing what is unchanged.

    Walks dataclasses and tuples; an Article (or a Thread) listed in SWAPS is replaced
    whole, any other Article is a leaf. A value with nothing swapped inside is returned
    as the same object, so a page that does not show an edited briefing stays as it was.
    """

    def __init__(self, swaps: Mapping[int, object]) -> None:
        self._swaps = swaps
        self._memo: dict[int, object] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def swap(self, value: Any) -> Any:
        swapped = self._swaps.get(id(value))
        if swapped is not None:
            return swapped
        if isinstance(value, _LEAVES) or value is None:
            return value
        key = id(value)
        if key in self._memo:
            return self._memo[key]
        result = value
        if type(value) is tuple and _only_articles(value):
            # A list page's briefings (a year page holds thousands): found in C, not walked.
            if not self._swaps.keys().isdisjoint(map(id, value)):
                result = tuple([self._swaps.get(id(item), item) for item in value])
        elif type(value) is tuple:
            items = tuple(self.swap(item) for item in value)
            if any(new is not old for new, old in zip(items, value, strict=True)):
                result = items
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields.get(type(value))
            if names is None:
                names = tuple(f.name for f in dataclasses.fields(value))
                self._fields[type(value)] = names
            changes = {}
            for name in names:
                old = getattr(value, name)
                new = self.swap(old)
                if new is not old:
                    changes[name] = new
            if changes:
                result = dataclasses.replace(value, **changes)
        self._memo[key] = result
        return result


def _only_articles(value: tuple[Any, ...]) -> bool:
    """True for a non-empty tuple of Articles alone (checked in C: one set of types)."""
    return bool(value) and type(value[0]) is Article and set(map(type, value)) == {Article}


# --- Incremental assembly: an edit that moves briefings ------------------------------


class _Fallback(Exception):
    """An edit `reassemble_moved` does not make in part: the full assembly is due."""


def reassemble_moved(
    previous: Site,
    replaced: Sequence[tuple[Article | None, Article | None]],
    config: Config,
    titles: TitleCounts | None = None,
) -> Reassembly | None:
    """PREVIOUS after briefings took other actors, places, tags or dates, or came or went;
    None when the full assembly is due.

    A pair (None, new) is a briefing that came, moved in from nowhere; (old, None) one
    that went, moved out to nowhere: the terms, days, neighbours and home pages it joins
    or leaves are made again as for a move (and every home page, when their count moved).

    Equal to what `assemble_site` gives for the whole corpus (the pages may stand in
    another order in `Site.pages`: new ones come last), at a cost that follows what the
    edit touches: the terms each briefing left, joined or kept, their pages and feeds and
    taxonomy indexes; the days, months and years it left and joined with the neighbours
    that link to one that came or went; its neighbours' pages, the home pages between
    where it stood and stands; the related lists, threads and profiles the relations
    (`relate_site`, through `relate_moved`) renewed. None when a slug or URL would move or
    collide, a draft flag of a briefing on the site changed (drafts shown), or the world
    map comes or goes. A place a briefing gives without listing it may give another
    term its country: that term's country is then looked for over the whole site.

    TITLES, the title counts of PREVIOUS's briefings when no title changed, spare weighing
    every title again to name the threads made anew.
    """
    pairs = tuple((old, new) for old, new in replaced if old is not new)
    if not pairs:
        return Reassembly(previous, (), titles)
    keys: set[str] = set()
    for old, new in pairs:
        if old is not None:
            index = previous.positions.get(old.key)
            if index is None or previous.articles[index] is not old:
                return None
        elif new is not None and new.key in previous.positions:
            return None  # "new", yet on the site already
        if old is not None and new is not None and (new.key != old.key or new.draft != old.draft):
            return None
        either = old if old is not None else new
        if either is None or either.key in keys:
            return None
        keys.add(either.key)
    if any(old is None or new is None or old.title != new.title for old, new in pairs):
        titles = None  # weighed again by the relations when threads are named
    try:
        return _Moves(previous, pairs, config, titles).run()
    except _Fallback:
        return None


def _differing(new: Mapping[_K, _V], old: Mapping[_K, _V]) -> list[_K]:
    """The keys of NEW whose value differs from OLD's (or that OLD lacks).

    Compared by identity first, in C (10,000 related lists, nearly all the very same
    objects as before), by value only where another object stands.
    """
    keys = list(new)
    others = itertools.compress(keys, map(is_not, map(new.__getitem__, keys), map(old.get, keys)))
    return [k for k in others if old.get(k) != new[k]]


def _by_day(article: Article) -> int:
    return -article.date.toordinal()


def _by_month(article: Article) -> tuple[int, int]:
    return (-article.date.year, -article.date.month)


def _by_year(article: Article) -> int:
    return -article.date.year


def _run_of(ordered: Sequence[Article], key: Callable[[Article], Any], value: Any) -> range:
    """Where the briefings with KEY equal to VALUE stand in ORDERED (sorted by KEY too)."""
    return range(
        bisect.bisect_left(ordered, value, key=key), bisect.bisect_right(ordered, value, key=key)
    )


def _sitemap_order(url_path: str) -> str:
    """The output path of a sitemap entry (entries are sorted by output path)."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


class _Moves:
    """One edit's incremental assembly: the pages it makes again, kept beside the old ones."""

    def __init__(
        self,
        previous: Site,
        pairs: tuple[tuple[Article | None, Article | None], ...],
        config: Config,
        titles: TitleCounts | None,
    ) -> None:
        self.previous = previous
        self.pairs = pairs
        self.config = config
        self.titles = titles
        self.pages = dict_of(previous.pages)
        self.series = dict_of(previous.series)
        self.made: dict[str, None] = {}
        """Paths whose page is a new object (new paths too), in the order made."""
        self.gone: set[str] = set()
        """Paths of the previous site no page has any more."""

    # -- pages in and out --

    def put(self, page: Page) -> None:
        """Place PAGE at its path; a page equal to the one there keeps the old object."""
        old = self.pages.get(page.path)
        if old is page or (old is not None and old == page):
            return
        self.pages[page.path] = page
        self.made[page.path] = None
        self.gone.discard(page.path)

    def drop(self, path: str) -> None:
        if self.pages.pop(path, None) is not None:
            self.made.pop(path, None)
            if path in self.previous.pages:
                self.gone.add(path)

    def replace(self, series_id: str, block: Sequence[Page]) -> None:
        """Make BLOCK the pages of SERIES_ID, in order (none: the series goes)."""
        new_paths = tuple(page.path for page in block)
        keep = set(new_paths)
        for path in self.series.get(series_id, ()):
            if path not in keep:
                self.drop(path)
        for page in block:
            self.put(page)
        if new_paths:
            self.series[series_id] = new_paths
        else:
            self.series.pop(series_id, None)

    # -- the edit --

    def run(self) -> Reassembly:
        previous, pairs, config = self.previous, self.pairs, self.config
        olds = [old for old, _new in pairs if old is not None]
        news = [new for _old, new in pairs if new is not None]
        old_at = sorted(previous.positions[old.key] for old in olds)
        listed = list(previous.articles)
        for at in reversed(old_at):
            del listed[at]
        for new in news:
            bisect.insort(listed, new, key=sort_key)
        ordered = self.ordered = tuple(listed)
        new_at = sorted(bisect.bisect_left(ordered, sort_key(n), key=sort_key) for n in news)
        first = min(old_at + new_at)
        # A briefing that came or went shifts every one after it.
        last = max(old_at + new_at) if len(ordered) == len(previous.articles) else len(ordered)
        positions = dict_of(previous.positions)
        for old in olds:
            del positions[old.key]
        for at in range(first, min(last + 1, len(ordered))):
            positions[ordered[at].key] = at
        self.positions = positions
        self._check_paths()
        slugs = dict_of(previous.slugs)
        taxonomies, retermed, recount = self._regroup(slugs)
        relations = relate_site(
            ordered,
            taxonomies,
            previous.relations,
            self.titles,
            changed=pairs,
            positions=positions,
        )
        old_rel = previous.relations
        # Relations made afresh (a briefing came or went) are new objects, most of them
        # equal to the old ones: those keep the old objects, which the pages hold (an
        # edit's swap finds a thread in a page by identity).
        old_threads = {t.url_path: t for t in old_rel.threads}
        kept = tuple(_older(old_threads.get(t.url_path), t) for t in relations.threads)
        if any(a is not b for a, b in zip(kept, relations.threads, strict=True)):
            relations = dataclasses.replace(relations, threads=kept)
        self.thread_of = {a.key: t for t in relations.threads for a in t.articles}
        new_ids = {id(t) for t in relations.threads}
        old_ids = {id(t) for t in old_rel.threads}
        lost = [t for t in old_rel.threads if id(t) not in new_ids]
        found = [t for t in relations.threads if id(t) not in old_ids]
        in_threads = {a.key for t in (*lost, *found) for a in t.articles}

        # Briefing pages: the moved ones, their neighbours before and after, those whose
        # related list or thread changed; the pages of those that went go.
        keys = {new.key for new in news}
        for site_articles, spots in ((previous.articles, old_at), (ordered, new_at)):
            for at in spots:
                for near in (at - 1, at + 1):
                    if 0 <= near < len(site_articles):
                        keys.add(site_articles[near].key)
        keys.update(_differing(relations.related, old_rel.related))
        keys |= in_threads
        for old in olds:
            if old.key not in positions:
                self.replace(article_series(old.key), [])
        for key in keys:
            if key in positions:
                self._article(key, relations)
        self._related_series(old_at, new_at)

        self._home(
            relations,
            taxonomies,
            {*old_at, *new_at, *(positions[k] for k in in_threads if k in positions)},
            range(first, last + 1),
        )
        feed = Feed(feed_url_path(""), config.title, ordered[: config.feed_size], "")
        self.put(feed)

        # Terms: their pages, feeds and index pages.
        profiles = relations.profiles
        for entity in _differing(profiles, old_rel.profiles):
            retermed.setdefault(entity[0], set()).add(entity[1])
            if entity[0] == "locations":
                recount.add("locations")  # the world map's points read the profiles
        for at, taxonomy in enumerate(taxonomies):
            names = retermed.get(taxonomy.name, set())
            was = previous.taxonomies[at]
            for name in sorted(names, key=_term_order):
                found_at, old_term_at = _find_term(taxonomy, name), _find_term(was, name)
                if old_term_at is not None:
                    old_sid = term_series(was.name, was.terms[old_term_at].slug)
                    if found_at is None:
                        self.replace(old_sid, [])
                if found_at is not None:
                    was_term = was.terms[old_term_at] if old_term_at is not None else None
                    self._term(taxonomy.terms[found_at], was_term, profiles, old_rel.profiles)
            if taxonomy.name in recount:
                self._index(taxonomy, profiles)

        years = self._dates(relations, slugs, lost, found)
        self._threads(relations, lost, found)
        if any(old is None or new is None or old.date != new.date for old, new in pairs):
            self._archive(years)
        self._sitemap()
        new_taxonomies = tuple(taxonomies)
        site = dataclasses.replace(
            previous,
            articles=ordered,
            taxonomies=new_taxonomies,
            pages=types.MappingProxyType(self.pages),
            slugs=previous.slugs if slugs == previous.slugs else types.MappingProxyType(slugs),
            series=types.MappingProxyType(self.series),
            positions=types.MappingProxyType(positions),
            relations=relations,
            loose_places=previous.loose_places | self.loose,
        )
        # A page that differs from the old one only by the edited briefings swapped in
        # may render as it did (build._render_reassembled asks the templates).
        swapped = tuple((old, new) for old, new in pairs if old is not None and new is not None)
        walker = _Swapper({id(old): new for old, new in swapped})
        rebuilt = {
            path
            for path in self.made
            if (was_page := previous.pages.get(path)) is None
            or not isinstance(was_page, _SWAPPED)
            or walker.swap(was_page) != self.pages[path]
        }
        return Reassembly(
            site,
            tuple(sorted(self.made)),
            self.titles,
            swapped,
            (),
            frozenset(rebuilt),
            frozenset(self.gone),
        )

    def _check_paths(self) -> None:
        """A briefing's new URL must be free (else the full assembly reports who holds it)."""
        previous = self.previous
        seen: set[str] = set()
        for old, new in self.pairs:
            if new is None:
                continue
            path = output_path(new.url_path)
            was = output_path(old.url_path) if old is not None else None
            if path in seen or (path != was and path in previous.pages):
                raise _Fallback
            seen.add(path)

    def _regroup(
        self, slugs: dict[tuple[str, str], str]
    ) -> tuple[list[Taxonomy], dict[str, set[str]], set[str]]:
        """Every taxonomy with the briefings moved between its terms; the names touched
        per taxonomy, and the taxonomies whose index counts (or countries) changed."""
        previous, pairs = self.previous, self.pairs
        loose = self.loose = _loose_places(new for _old, new in pairs if new is not None)
        result: list[Taxonomy] = []
        touched_all: dict[str, set[str]] = {}
        recount: set[str] = set()
        for taxonomy in previous.taxonomies:
            name = taxonomy.name
            touched: set[str] = set()
            for side in (article for pair in pairs for article in pair if article is not None):
                touched.update(side.names(name))
                if name == "locations":
                    touched.update(p.name for p in side.places)
            if not touched:
                result.append(taxonomy)
                continue
            # A place a briefing gives without listing it (a loose place) may give a term
            # its country from a briefing the term does not hold: found over the site.
            anywhere = (previous.loose_places | loose) & touched if name == "locations" else set()
            touched_all[name] = touched
            terms = list(taxonomy.terms)
            slug_set: set[str] | None = None
            collided = any(
                w.startswith(f"{name}: ") and "share the slug" in w for w in previous.warnings
            )
            for term_name in sorted(touched, key=_term_order):
                at = bisect.bisect_left(
                    terms, _term_order(term_name), key=lambda t: _term_order(t.name)
                )
                term = terms[at] if at < len(terms) and terms[at].name == term_name else None
                members = list(term.articles) if term is not None else []
                for old, _new in pairs:
                    if old is not None and term_name in old.names(name):
                        where = bisect.bisect_left(members, sort_key(old), key=sort_key)
                        if where >= len(members) or members[where] is not old:
                            raise _Fallback  # not where the site order puts it (cannot be)
                        del members[where]
                for _old, new in pairs:
                    if new is not None and term_name in new.names(name):
                        bisect.insort(members, new, key=sort_key)
                if term is None:
                    if not members:
                        continue  # a place given by a briefing that does not list it
                    base = slugify(term_name)
                    if slug_set is None:
                        slug_set = {t.slug for t in terms}
                    if collided or base in slug_set:
                        raise _Fallback  # a suffix, or a collision: the full assembly names them
                    slug_set.add(base)
                    slugs[(name, term_name)] = base
                    term = Term(name, term_name, base, term_url_path(name, base), (), "")
                    terms.insert(at, term)
                    recount.add(name)
                elif not members:
                    if collided:
                        raise _Fallback  # it may give up a slug another name wants
                    del terms[at]
                    del slugs[(name, term_name)]
                    recount.add(name)
                    continue
                elif len(members) != len(term.articles):
                    recount.add(name)
                code = ""
                if name == "locations":
                    givers = self.ordered if term_name in anywhere else members
                    code = _country_of(term_name, givers)
                if code != term.country_code:
                    recount.add(name)
                terms[at] = Term(name, term_name, term.slug, term.url_path, tuple(members), code)
            result.append(Taxonomy(name=name, terms=tuple(terms)))
        return result, touched_all, recount

    def _term(
        self,
        term: Term,
        was: Term | None,
        profiles: Mapping[tuple[str, str], TermProfile],
        old_profiles: Mapping[tuple[str, str], TermProfile],
    ) -> None:
        """TERM's pages and feed; only those a moved briefing stood on or shifted when the
        term keeps its page count, country and profile (a large term has hundreds)."""
        config = self.config
        size = config.page_size
        sid = term_series(term.taxonomy, term.slug)
        count = max(1, -(-len(term.articles) // size))
        entity = (term.taxonomy, term.name)
        profile = profiles.get(entity)
        if (
            was is None
            or len(self.series.get(sid, ())) != count + 1
            or was.country_code != term.country_code
            or not (profile is old_profiles.get(entity) or profile == old_profiles.get(entity))
        ):
            block = _Builder()
            _term_pages(block, term, config, profiles)
            self.replace(sid, [*block.pages.values()])
            return
        spots: list[int] = []
        for old, new in self.pairs:
            if old is not None and term.name in old.names(term.taxonomy):
                spots.append(bisect.bisect_left(was.articles, sort_key(old), key=sort_key))
            if new is not None and term.name in new.names(term.taxonomy):
                spots.append(bisect.bisect_left(term.articles, sort_key(new), key=sort_key))
        if not spots:  # a place's country only: every page shows it
            numbers: set[int] = set(range(count + 1))
        else:
            # Between where a briefing stood and stands the others shift by one; after it too
            # when the term gained or lost one.
            last = max(spots) if len(was.articles) == len(term.articles) else count * size - 1
            numbers = set(range(min(spots) // size + 1, last // size + 2))
            if min(spots) < config.feed_size:
                numbers.add(0)
        block = _Builder()
        _term_pages(block, term, config, profiles, numbers)
        for page in block.pages.values():
            self.put(page)

    def _article(self, key: str, relations: Relations) -> None:
        ordered = self.ordered
        at = self.positions[key]
        article = ordered[at]
        page = ArticlePage(
            output_path(article.url_path),
            "article",
            article.title,
            article,
            ordered[at - 1] if at > 0 else None,
            ordered[at + 1] if at + 1 < len(ordered) else None,
            relations.related.get(key, ()),
            self.thread_of.get(key),
        )
        self.replace(article_series(key), [page])

    def _related_series(self, old_at: list[int], new_at: list[int]) -> None:
        """The "related" series holds every briefing's page in site order."""
        paths = list(self.series.get("related", ()))
        if len(paths) != len(self.previous.articles):
            raise _Fallback  # not as assemble_site makes it (cannot be)
        for at in reversed(old_at):
            del paths[at]
        for at in new_at:
            paths.insert(at, output_path(self.ordered[at].url_path))
        self.series["related"] = tuple(paths)

    def _home(
        self,
        relations: Relations,
        taxonomies: Sequence[Taxonomy],
        spots: set[int],
        span: range,
    ) -> None:
        """The home pages that list a moved briefing, or one between where it stood and
        stands, or one whose thread changed; and page 1, which ranks the latest names."""
        config, ordered = self.config, self.ordered
        size = config.page_size
        home = self.series.get("home", ())
        count = max(1, -(-len(ordered) // size))
        numbers = {1, *(at // size + 1 for at in spots)}
        numbers.update(range(span.start // size + 1, (span.stop - 1) // size + 2))
        if count != len(home):  # every pager counts the pages: all made again
            numbers = set(range(1, count + 1))
        rankings: tuple[Ranking, ...] = ()
        if all(t in config.taxonomies for t in ("actors", "locations")) and ordered:
            # The windows end on the newest date: only the briefings inside them are read.
            widest = max(days for days, _label in RANKING_WINDOWS)
            since = ordered[0].date - datetime.timedelta(days=widest - 1)
            recent = ordered[: bisect.bisect_right(ordered, -since.toordinal(), key=_by_day)]

            def term_count(taxonomy: str, name: str, count: int) -> TermCount:
                tax = next(t for t in taxonomies if t.name == taxonomy)
                at = _find_term(tax, name)
                assert at is not None
                term = tax.terms[at]
                return TermCount(name, term.url_path, count, term.country_code)

            rankings = rank_recent(recent, term_count)
        made: list[Page] = []
        for number in sorted(numbers):
            if number > count:
                continue
            chunk = ordered[(number - 1) * size : number * size]
            page = _home_page(number, count, chunk, rankings, config)
            made.append(_threaded(page, self.thread_of, relations.threads))
        if count != len(home):
            self.replace("home", made)
        else:
            for home_page in made:
                self.put(home_page)

    def _index(self, taxonomy: Taxonomy, profiles: Mapping[tuple[str, str], TermProfile]) -> None:
        block = _Builder()
        _taxonomy_index(block, taxonomy)
        (page,) = block.pages.values()
        assert isinstance(page, TaxonomyPage)
        if taxonomy.name == "locations":
            points = _location_points(taxonomy, profiles)
            old = self.pages.get(page.path)
            if bool(points) != bool(isinstance(old, TaxonomyPage) and old.points):
                raise _Fallback  # the world map comes or goes
            page = dataclasses.replace(page, points=points)
        self.put(page)

    def _dates(
        self,
        relations: Relations,
        slugs: Mapping[tuple[str, str], str],
        lost: Sequence[Thread],
        found: Sequence[Thread],
    ) -> set[int]:
        """Make the day, month and year pages the edit touches; the years it touched."""
        ordered, previous = self.ordered, self.previous
        topic_path = _topic_paths(slugs)
        days = {a.date for pair in self.pairs for a in pair if a is not None}
        months = {(d.year, d.month) for d in days}
        years = {d.year for d in days}
        days.update(a.date for t in (*lost, *found) for a in t.articles)  # their thread_of
        came_or_went: set[datetime.date] = set()
        todo = sorted(days)
        done: set[datetime.date] = set()
        while todo:
            day = todo.pop()
            if day in done:
                continue
            done.add(day)
            run = _run_of(ordered, _by_day, -day.toordinal())
            older = ordered[run.stop].date if run.stop < len(ordered) else None
            newer = ordered[run.start - 1].date if run.start > 0 else None
            sid = day_series(day)
            if (sid in previous.series) != bool(run):
                came_or_went.add(day)
                todo.extend(d for d in (older, newer) if d is not None)
            if not run:
                self.replace(sid, [])
                continue
            page = _day_page(day, ordered[run.start : run.stop], older, newer, topic_path)
            self.replace(sid, [_threaded(page, self.thread_of, relations.threads)])
        self.days_moved = came_or_went
        todo_months = sorted(months)
        done_months: set[tuple[int, int]] = set()
        while todo_months:
            year, month = todo_months.pop()
            if (year, month) in done_months:
                continue
            done_months.add((year, month))
            run = _run_of(ordered, _by_month, (-year, -month))
            older_month = newer_month = None
            if run.stop < len(ordered):
                older_month = (ordered[run.stop].date.year, ordered[run.stop].date.month)
            if run.start > 0:
                newer_month = (ordered[run.start - 1].date.year, ordered[run.start - 1].date.month)
            sid = month_series(year, month)
            if (sid in previous.series) != bool(run):
                todo_months.extend(m for m in (older_month, newer_month) if m is not None)
            if not run:
                self.replace(sid, [])
                continue
            in_month = ordered[run.start : run.stop]
            self.replace(sid, [_month_page(year, month, in_month, older_month, newer_month)])
        for year in years:
            run = _run_of(ordered, _by_year, -year)
            if not run:
                self.replace(year_series(year), [])
                continue
            in_year = ordered[run.start : run.stop]
            groups = tuple(
                Group(month_label(year, month), month_url_path(year, month), tuple(in_month))
                for month, in_month in itertools.groupby(in_year, key=lambda a: a.date.month)
            )
            self.replace(year_series(year), [_year_page(year, groups)])
        return years

    def _threads(
        self,
        relations: Relations,
        lost: Sequence[Thread],
        found: Sequence[Thread],
    ) -> None:
        """Thread pages that came or went, the threads index, and the "threads" series
        (thread pages in order, the index, then every day page in site order)."""
        old_series = self.series.get("threads", ())
        old_count = len(self.previous.relations.threads) + 1
        index_path = taxonomy_url_path("threads")
        for thread in lost:
            self.drop(output_path(thread.url_path))
        for thread in found:
            self.put(
                ThreadPage(output_path(thread.url_path), "thread", thread.title, thread, index_path)
            )
        if lost or found:
            self.put(
                ThreadIndexPage(
                    output_path(index_path), "threads", "Story threads", relations.threads
                )
            )
        day_paths = list(old_series[old_count:])
        if self.days_moved:
            for day in sorted(self.days_moved):
                path = output_path(day_url_path(day))
                if day_series(day) in self.series:
                    at = bisect.bisect_left(day_paths, -day.toordinal(), key=_day_order)
                    day_paths.insert(at, path)
                else:
                    day_paths.remove(path)
        if lost or found or self.days_moved:
            self.series["threads"] = (
                *(output_path(t.url_path) for t in relations.threads),
                output_path(index_path),
                *day_paths,
            )

    def _archive(self, years: set[int]) -> None:
        page = self.pages.get("archive/index.html")
        if not isinstance(page, ArchivePage):
            raise _Fallback
        counts = {y.year: y for y in page.years}
        for year in years:
            run = _run_of(self.ordered, _by_year, -year)
            if run:
                counts[year] = _year_count(year, self.ordered[run.start : run.stop])
            else:
                counts.pop(year, None)
        ordered = tuple(counts[y] for y in sorted(counts, reverse=True))
        self.put(dataclasses.replace(page, years=ordered))

    def _sitemap(self) -> None:
        """The sitemap, when HTML pages came or went."""
        sitemap = self.pages.get("sitemap.xml")
        if not isinstance(sitemap, Sitemap):
            return
        came = [p for p in self.made if p not in self.previous.pages]
        if not came and not self.gone:
            return
        urls = list(sitemap.page_paths)
        for path in self.gone:
            if path.endswith(".html") and path != "404.html":
                urls.remove(page_url_path(path))
        for path in came:
            if path.endswith(".html") and path != "404.html":
                bisect.insort(urls, page_url_path(path), key=_sitemap_order)
        self.put(Sitemap("sitemap.xml", tuple(urls)))


_SWAPPED = (ArticlePage, ListPage, HomePage, DayPage, MonthPage, GroupPage, ThreadPage)
"""Pages that may differ from the old ones by the edited briefings alone (and then render
as they did when their template shows none of what changed)."""


def _older(old: _V | None, new: _V) -> _V:
    """OLD when it equals NEW (the object pages already hold), else NEW."""
    return old if old is not None and (old is new or old == new) else new


def _day_order(path: str) -> int:
    """Where a day page stands among the day pages (newest first), from its path."""
    return -datetime.date(int(path[0:4]), int(path[5:7]), int(path[8:10])).toordinal()


def _country_of(name: str, members: Sequence[Article]) -> str:
    """The country of location NAME: the newest of MEMBERS that gives one (as `_taxonomies`
    finds it when MEMBERS are all the briefings that give the place: the term's own, when
    no other briefing gives it loose; else the whole site)."""
    for article in members:
        for place in article.places:
            if place.name == name and place.country_code:
                return place.country_code
    return ""
