"""What a render keeps in memory for the next one, and which pages an edit makes stale.

build.py holds a SiteState between renders (serve does, on every edit): the articles
read with their file stamps, the assembled site, its output and the renderer. After an
edit, `plan_rerender` names the pages to render again; every other file is carried over.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.geo import country_spellings, fold_country
from briefgen.model import (
    Article,
    ArticlePage,
    Output,
    Page,
    Site,
    Thread,
    ThreadPage,
    article_series,
    term_series,
)
from briefgen.reads import ARTICLE_FIELDS
from briefgen.urls import SEARCH_DIR

if TYPE_CHECKING:  # a pool build reads content (and forks its readers) before it needs them
    from briefgen.relate import TitleCounts
    from briefgen.render import Renderer
    from briefgen.search import PendingIndex


@dataclass(frozen=True, slots=True)
class CachedArticle:
    """An article with the file stamp it was read at, to know when to read it again."""

    stamp: tuple[int, int]
    """(st_mtime_ns, st_size) of the content file when it was read."""
    article: Article
    """What was read."""


@dataclass(frozen=True, slots=True)
class SiteState:
    """A rendered site held in memory, with what an incremental re-render needs."""

    output: Output
    """Every file of the site, path → bytes."""
    site: Site
    """The assembled site the output was rendered from."""
    articles: Mapping[Path, CachedArticle]
    """Content path → the article read from it (drafts included)."""
    renderer: Renderer
    """Theme and Jinja environment, reused while the theme and config do not change."""
    drafts: bool
    """Whether drafts were included."""
    rendered: int
    """How many pages this render produced afresh (the rest were reused)."""
    search_note: str
    """Empty when the search bundle was made; else why search is off (said once)."""
    search_pending: PendingIndex | None = None
    """The builtin index of this site, still being made in the background after an edit
    (OUTPUT then holds the previous index until `Builder.refresh_search` swaps it)."""
    titles: TitleCounts | None = None
    """The title counts of SITE's briefings, kept from an edit to the next (thread titles
    weigh every title of the site); None until an edit needs them, and after a full
    assembly."""
    search_due: bool = False
    """True when OUTPUT holds the index of an earlier site and this site's is not started
    yet: an edit leaves it to `Builder.refresh_search`, which starts it in the background."""
    template_reads: dict[str, frozenset[str] | None] = field(default_factory=dict)
    """Template name → the Article fields it may show (briefgen/reads.py), filled as edits
    ask; shared by the states that keep RENDERER, whose templates it describes."""


@dataclass(frozen=True, slots=True)
class RenderPlan:
    """An incremental render's work: the files that carry over and the pages to render."""

    kept: Mapping[str, bytes]
    """Output path → bytes of every file reused as it was (the theme's static files too)."""
    stale: tuple[str, ...]
    """Output paths of the pages to render again, in site order."""


def is_article_path(path: Path, content_dir: Path) -> bool:
    """True for a file read as an article: `*.md` under CONTENT_DIR, not `_*`, not hidden."""
    try:
        relative = path.resolve().relative_to(content_dir.resolve())
    except ValueError:
        return False
    return (
        path.suffix == ".md"
        and not path.name.startswith("_")
        and not any(part.startswith(".") for part in relative.parts)
    )


def dirty_pages(
    previous: SiteState,
    site: Site,
    articles: Mapping[Path, CachedArticle],
    changed: frozenset[Path],
) -> frozenset[str]:
    """Output paths that may show a CHANGED article, before or after the change."""
    dirty: set[str] = set()
    for changed_path in changed:
        resolved = changed_path.resolve()
        old = previous.articles.get(resolved)
        if old is not None:
            dirty |= previous.site.dependents(old.article)
        new = articles.get(resolved)
        if new is not None:
            dirty |= site.dependents(new.article)
    dirty.update(_profiled_pages(previous.site, site))
    return frozenset(dirty)


def _profiled_pages(old: Site, new: Site) -> list[str]:
    """The pages of each term whose profile changed: a country's page sums up its places,
    so a briefing that names only a town in it still changes it (relate.term_profiles)."""
    before = old.relations.profiles
    after = new.relations.profiles
    if before is after:
        return []
    paths: list[str] = []
    for key, profile in after.items():
        was = before.get(key)
        if was is not profile and was != profile:
            slug = new.slugs.get(key)
            if slug is not None:
                paths.extend(new.series.get(term_series(key[0], slug), ()))
    return paths


def country_link_pages(old: Site, new: Site) -> frozenset[str]:
    """NEW's pages that link a place to its country's page where OLD's did not, or back.

    A briefing's page and a place's location page name the place's country, linked when
    the site has that country's page: when a country's page comes or goes, their data is
    the same but their links are not.
    """
    if old.slugs is new.slugs:
        return frozenset()
    changed = {
        fold_country(name)
        for taxonomy, name in old.slugs.keys() ^ new.slugs.keys()
        if taxonomy == "locations"
    }
    if not changed:
        return frozenset()
    linked: dict[str, bool] = {}  # country code → whether one of its names came or went
    ids: set[str] = set()
    for article in new.articles:
        for place in article.places:
            code = place.country_code
            if not code:
                continue
            hit = linked.get(code)
            if hit is None:
                hit = linked[code] = any(
                    fold_country(n) in changed for n in country_spellings(code)
                )
            if hit:
                ids.add(article_series(article.key))
                slug = new.slugs.get(("locations", place.name))
                if slug is not None:
                    ids.add(term_series("locations", slug))
    return frozenset(path for sid in ids for path in new.series.get(sid, ()))


def plan_rerender(
    previous: SiteState,
    site: Site,
    articles: Mapping[Path, CachedArticle],
    changed: frozenset[Path],
) -> RenderPlan:
    """Reuse every page that does not depend on a changed article, or whose data is equal."""
    dirty = dirty_pages(previous, site, articles, changed)
    relinked = country_link_pages(previous.site, site)
    old_pages = previous.site.pages
    old_files = previous.output.files
    # The theme's static files carry over; a generated one (static/world.svg) is a page, and
    # goes with its page when the site stops needing it.
    kept = {
        p: b
        for p, b in old_files.items()
        if p.startswith("static/") and p not in site.pages and p not in old_pages
    }
    stale: list[str] = []
    for path, page in site.pages.items():
        if (
            path in old_files
            and path not in relinked
            and (path not in dirty or (old := old_pages.get(path)) is page or old == page)
        ):
            kept[path] = old_files[path]
        else:
            stale.append(path)
    return RenderPlan(kept=kept, stale=tuple(stale))


def replaced_articles(
    previous: SiteState, articles: Mapping[Path, CachedArticle], changed: frozenset[Path]
) -> tuple[tuple[Article, Article], ...] | None:
    """(old, new) for each CHANGED content file read again; None when a file came or went."""
    pairs: list[tuple[Article, Article]] = []
    for changed_path in sorted(changed):
        resolved = changed_path.resolve()
        old = previous.articles.get(resolved)
        new = articles.get(resolved)
        if old is None and new is None:
            continue  # not an article file (a folder, `_entities.yaml`)
        if old is None or new is None:
            return None
        if old.article is not new.article:
            pairs.append((old.article, new.article))
    return tuple(pairs)


def site_changes(
    previous: SiteState, articles: Mapping[Path, CachedArticle], changed: frozenset[Path]
) -> tuple[tuple[Article | None, Article | None], ...]:
    """(old, new) for each CHANGED content file as the site shows it: None for a briefing
    not on the site before (a new file, a draft made public) or after (a deleted file, a
    briefing made a draft); a file on the site neither before nor after is left out (a
    hidden draft edited). Pairs whose article was not read again are left out too."""
    drafts = previous.drafts
    pairs: list[tuple[Article | None, Article | None]] = []
    for changed_path in sorted(changed):
        resolved = changed_path.resolve()
        was = previous.articles.get(resolved)
        now = articles.get(resolved)
        if was is now:
            continue  # not an article file, or not read again
        old = was.article if was is not None and (drafts or not was.article.draft) else None
        new = now.article if now is not None and (drafts or not now.article.draft) else None
        if old is not None or new is not None:
            pairs.append((old, new))
    return tuple(pairs)


def kept_titles(
    previous: SiteState, articles: Mapping[Path, CachedArticle], changed: frozenset[Path]
) -> TitleCounts | None:
    """The title counts of PREVIOUS's briefings when they still hold after CHANGED were read
    again (no file came or went, no title changed, no draft flag moved); else None.

    Thread titles weigh every title of the site: an edit of names or dates keeps them, so
    the counts made once serve every such edit after (made here the first time, when the
    site has threads to name).
    """
    pairs = replaced_articles(previous, articles, changed)
    if pairs is None or any(
        (old.key, old.title, old.draft) != (new.key, new.title, new.draft) for old, new in pairs
    ):
        return None
    if previous.titles is not None:
        return previous.titles
    if not previous.site.relations.threads:
        return None
    from briefgen.relate import TitleCounts  # not before a pool build forks its readers

    return TitleCounts(previous.site.articles)


def search_pages(site: Site, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pages the search index is made from: briefing pages only.

    They alone carry `data-pagefind-body`; the lists repeat their text.
    """
    return {p: files[p] for p, page in site.pages.items() if isinstance(page, ArticlePage)}


def previous_search(previous: SiteState) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The search bundle PREVIOUS published, with the briefing pages it was made from."""
    old_files = previous.output.files
    bundle = {p: b for p, b in old_files.items() if p.startswith(SEARCH_DIR)}
    return search_pages(previous.site, old_files), bundle


def edited_fields(
    articles: Sequence[tuple[Article, Article]], threads: Sequence[tuple[Thread, Thread]]
) -> frozenset[str] | None:
    """The Article fields an edit changed, for `unseen_edit`; None when it changed more.

    More is a story thread named anew or holding other briefings: pages show threads
    too. A thread renewed only because it holds an edited briefing changes as that does.
    """
    renewed = {id(old): new for old, new in articles}
    for old_thread, new_thread in threads:
        if (
            old_thread.title != new_thread.title
            or old_thread.url_path != new_thread.url_path
            or old_thread.names != new_thread.names
            or len(old_thread.articles) != len(new_thread.articles)
            or any(
                a is not b and renewed.get(id(a)) is not b
                for a, b in zip(old_thread.articles, new_thread.articles, strict=True)
            )
        ):
            return None
    return frozenset(
        name
        for old, new in articles
        for name in ARTICLE_FIELDS
        if getattr(old, name) != getattr(new, name)
    )


def unseen_edit(
    old: Page,
    new: Page,
    fields: frozenset[str],
    reads: Callable[[str], frozenset[str] | None],
) -> bool:
    """True when NEW, which differs from OLD only by the edit's swapped briefings (and
    threads), renders as OLD did: its template shows none of FIELDS, the fields the edit
    changed (a year page lists titles and dates; a body edit leaves it as it was).

    READS(template name) is briefgen/reads.py's answer for it. Feeds, the sitemap and the
    other pages written in Python are always rendered again.
    """
    kind = getattr(new, "kind", None)
    if not isinstance(kind, str) or not isinstance(old, type(new)):
        return False
    if isinstance(new, ArticlePage | ThreadPage) and new.title != getattr(old, "title", None):
        return False  # titled by its briefing or thread (assemble.reassemble_changes)
    shown = reads(f"{kind}.html")
    return shown is not None and shown.isdisjoint(fields)
