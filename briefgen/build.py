"""The one orchestrator: read content → assemble → render → write (or hold in memory)."""

from __future__ import annotations

import dataclasses
import logging
import time
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefgen.assemble import assemble_site
from briefgen.config import Config
from briefgen.content import find_content
from briefgen.errors import BriefgenError, ErrorList
from briefgen.model import Article, ArticlePage, DataFile, Output, Site
from briefgen.output import WriteReport, check_output_dir, publishing, write_output
from briefgen.pool import can_fork, read_many, render_and_write
from briefgen.render import (
    Renderer,
    make_renderer,
    render_page,
    render_static,
)
from briefgen.search import (
    PendingIndex,
    SearchIndex,
    build_search,
    cancel_index,
    finish_index,
    read_published,
    start_index,
)
from briefgen.theme import load_theme
from briefgen.urls import SEARCH_DIR

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


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


@dataclass(frozen=True, slots=True)
class BuildReport:
    """Counts for the one summary line the CLI prints."""

    pages: int
    """HTML pages in the site."""
    terms: int
    """Taxonomy terms across all taxonomies."""
    feeds: int
    """Atom feeds (the main one and one per term)."""
    articles: int
    """Briefings published."""
    written: int
    """Files whose bytes changed on disk."""
    removed: int
    """Stale files deleted."""
    seconds: float
    """Wall time of the build (not part of any output)."""
    warnings: tuple[str, ...]
    """Things to tell the user that did not fail the build."""

    def summary(self) -> str:
        """`42 pages, 17 terms, 18 feeds (12 files written, 0 removed) in 0.31 s`."""
        return (
            f"{self.articles} briefings, {self.pages} pages, {self.terms} terms, "
            f"{self.feeds} feeds ({self.written} files written, {self.removed} removed) "
            f"in {self.seconds:.2f} s"
        )


def build_site(
    config: Config, *, drafts: bool = False, progress: Progress | None = None, jobs: int = 1
) -> BuildReport:
    """Render the site, then write only changed files and remove stale ones.

    With JOBS 1 everything renders in memory first; with more, worker processes render
    and write their share of the pages (see briefgen/pool.py), with the same bytes.
    Either way the site is published in one step at the end, so a failing build leaves
    the previous site as it was.
    """
    started = time.perf_counter()
    check_output_dir(
        config.output_dir,
        (config.root, config.content_dir, config.seeds_dir, config.themes_dir),
    )
    if jobs > 1 and can_fork():  # h11-pool: the one call into the process pool
        site, paths, report = _build_in_pool(config, drafts=drafts, progress=progress, jobs=jobs)
    else:
        state = render_site(config, drafts=drafts, progress=progress)
        site, paths = state.site, list(state.output.files)
        report = write_output(state.output, config.output_dir)
    for warning in site.warnings:
        log.warning("%s", warning)
    result = BuildReport(
        pages=sum(1 for p in paths if p.endswith(".html")),
        terms=sum(len(t.terms) for t in site.taxonomies),
        feeds=sum(1 for p in site.pages.values() if isinstance(p, DataFile) and p.kind == "feed"),
        articles=len(site.articles),
        written=len(report.written),
        removed=len(report.removed),
        seconds=time.perf_counter() - started,
        warnings=site.warnings,
    )
    log.debug("%s", result.summary())  # cli.py prints the summary line
    return result


# h11-pool: the build on JOBS processes (read, render and write in briefgen/pool.py).
def _build_in_pool(
    config: Config, *, drafts: bool, progress: Progress | None, jobs: int
) -> tuple[Site, list[str], WriteReport]:
    """A cold build on JOBS processes: the site, the paths of all its files, the write.

    Content is parsed in a pool; after assembly, forked workers render the pages and
    put them straight into the reserve (see briefgen/pool.py); this process adds the
    theme's static files and the search bundle, then publishes as `write_output` does.
    """
    cache = _read_content(config, None, frozenset(), jobs)
    site = assemble_site((c.article for c in cache.values()), config, drafts=drafts)
    del cache
    renderer = _renderer(config)
    # A generated static file (static/world.svg) is a page, rendered with the others.
    static = {p: b for p, b in render_static(renderer.theme).items() if p not in site.pages}
    pending: PendingIndex | None = None

    def start_search(pages: Mapping[str, bytes]) -> None:
        nonlocal pending
        pending = start_index(pages, *_previous_search(None, pages, config))

    try:
        with publishing(config.output_dir) as publication:
            publication.make_room([*static, *site.pages])
            records = render_and_write(
                site, renderer, publication, jobs, after_briefings=start_search, progress=progress
            )
            search = finish_index(pending if pending is not None else start_index({}))
            pending = None
            if search.note:
                log.warning("%s", search.note)
            rest = {**static, **search.files}
            publication.make_room(rest)
            records.extend(publication.put(path, data) for path, data in rest.items())
            paths = sorted([*site.pages, *rest])
            report = publication.finish(paths, records)
    finally:
        if pending is not None:
            cancel_index(pending)
    return site, paths, report


def render_site(
    config: Config,
    *,
    drafts: bool = False,
    previous: SiteState | None = None,
    changed: frozenset[Path] = frozenset(),
    progress: Progress | None = None,
) -> SiteState:
    """Render the site in memory; with PREVIOUS, re-read CHANGED and re-render their dependents.

    PREVIOUS must come from the same config and theme (pass None after either changes).
    """
    if previous is not None and previous.drafts != drafts:
        previous = None
    cache = _read_content(config, previous, changed)
    site = assemble_site(
        (c.article for c in cache.values()),
        config,
        drafts=drafts,
        previous=previous.site if previous is not None else None,
    )
    if previous is None or _slugs_moved(previous.site, site):
        # A fresh renderer: term links move, and the theme's static files may have changed
        # since (serve refreshes them without a render).
        renderer = _renderer(config)
        files, rendered, search = _render_all(site, renderer, progress, previous, config)
    else:
        renderer = previous.renderer
        files, rendered = _render_changed(site, previous, cache, changed, renderer)
        search = build_search(_search_pages(site, files), *_previous_search(previous, {}, config))
    files.update(search.files)
    search_note = search.note
    if search_note and (previous is None or previous.search_note != search_note):
        log.warning("%s", search_note)
    output = Output(files=types.MappingProxyType(dict(sorted(files.items()))))
    return SiteState(
        output=output,
        site=site,
        articles=types.MappingProxyType(cache),
        renderer=renderer,
        drafts=drafts,
        rendered=rendered,
        search_note=search_note,
    )


def refresh_static(config: Config, state: SiteState) -> SiteState:
    """STATE with the theme's static files read afresh: a CSS edit skips every page render.

    Only valid when no template or setting changed (the batch held static files only);
    a new or removed file under static/ is found because the theme chain is resolved anew.
    """
    theme = load_theme(config.theme, config.themes_dir)
    files = {
        path: data
        for path, data in state.output.files.items()
        if not path.startswith("static/") or path in state.site.pages
    }
    files.update(render_static(theme))
    output = Output(files=types.MappingProxyType(dict(sorted(files.items()))))
    return dataclasses.replace(state, output=output)


def _search_pages(site: Site, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pages the search index is made from: briefing pages only.

    They alone carry `data-pagefind-body`; the lists repeat their text.
    """
    return {p: files[p] for p, page in site.pages.items() if isinstance(page, ArticlePage)}


def _previous_search(
    previous: SiteState | None, pages: Mapping[str, bytes], config: Config
) -> tuple[dict[str, bytes] | None, dict[str, bytes] | None]:
    """A search bundle `start_index` may reuse, with the pages it was made from.

    From PREVIOUS when there is one, else from what the last build published in the
    output folder (compared with PAGES, the briefing pages just rendered).
    """
    if previous is None:
        return read_published(config.output_dir, pages)
    old_files = previous.output.files
    old_pages = _search_pages(previous.site, old_files)
    bundle = {p: b for p, b in old_files.items() if p.startswith(SEARCH_DIR)}
    return old_pages, bundle


def _slugs_moved(old: Site, new: Site) -> bool:
    """True when a term kept its name but changed its slug: links on every page change."""
    new_slugs = new.slugs
    return any(new_slugs.get(key, slug) != slug for key, slug in old.slugs.items())


def _renderer(config: Config) -> Renderer:
    return make_renderer(config, load_theme(config.theme, config.themes_dir))


def _read_content(
    config: Config, previous: SiteState | None, changed: frozenset[Path], jobs: int = 1
) -> dict[Path, CachedArticle]:
    """Read every content file, or with PREVIOUS only the CHANGED ones; collect all errors."""
    if previous is None:
        paths = find_content(config.content_dir)
        old: Mapping[Path, CachedArticle] = {}
    else:
        wanted = {p.resolve() for p in changed if _is_article(p, config.content_dir)}
        # assemble_site sorts; keeping the cache's order avoids sorting 10,000 Paths per edit.
        added = sorted(p for p in wanted if p not in previous.articles and p.is_file())
        paths = (*previous.articles, *added)
        old = {p: c for p, c in previous.articles.items() if p not in wanted}
    fresh = [path for path in paths if path not in old]
    # h11-pool: parsed on JOBS processes when JOBS > 1 (briefgen/pool.py).
    read_all = read_many(fresh, config.content_dir, config.taxonomies, jobs)
    reads = dict(zip(fresh, read_all, strict=True))
    cache: dict[Path, CachedArticle] = {}
    errors: list[BriefgenError] = []
    for path in paths:
        if path in old:
            cache[path] = old[path]
            continue
        read = reads[path]
        if read is None:
            continue  # deleted since it was listed
        if read.article is None:
            errors.extend(read.errors)
            continue
        cache[path] = CachedArticle(read.stamp, read.article)
    if errors:
        raise ErrorList(errors)
    return cache


def _is_article(path: Path, content_dir: Path) -> bool:
    try:
        relative = path.resolve().relative_to(content_dir.resolve())
    except ValueError:
        return False
    return (
        path.suffix == ".md"
        and not path.name.startswith("_")
        and not any(part.startswith(".") for part in relative.parts)
    )


def _render_all(
    site: Site,
    renderer: Renderer,
    progress: Progress | None,
    previous: SiteState | None,
    config: Config,
) -> tuple[dict[str, bytes], int, SearchIndex]:
    """Render every page; the search index is made in the background meanwhile.

    Pages render in site order, where the briefing pages come early (after the home
    pages): once the last of them is rendered, Pagefind indexes them on another core while
    the term, date and list pages render.
    """
    files = render_static(renderer.theme)
    total = len(site.pages)
    articles = sum(1 for page in site.pages.values() if isinstance(page, ArticlePage))
    seen = 0
    pending = None
    try:
        for index, (path, page) in enumerate(site.pages.items(), start=1):
            files[path] = render_page(page, site, renderer)
            if progress is not None and (index % 500 == 0 or index == total):
                progress(index, total)
            if isinstance(page, ArticlePage):
                seen += 1
                if seen == articles:
                    pages = _search_pages(site, files)
                    pending = start_index(pages, *_previous_search(previous, pages, config))
        if pending is None:  # no briefings at all
            pending = start_index({})
        return files, total, finish_index(pending)
    except BaseException:
        if pending is not None:
            cancel_index(pending)
        raise


def _render_changed(
    site: Site,
    previous: SiteState,
    cache: Mapping[Path, CachedArticle],
    changed: frozenset[Path],
    renderer: Renderer,
) -> tuple[dict[str, bytes], int]:
    """Reuse every page that does not depend on a changed article, or whose data is equal."""
    dirty: set[str] = set()
    for changed_path in changed:
        resolved = changed_path.resolve()
        old = previous.articles.get(resolved)
        if old is not None:
            dirty |= previous.site.dependents(old.article)
        new = cache.get(resolved)
        if new is not None:
            dirty |= site.dependents(new.article)
    old_pages = previous.site.pages
    old_files = previous.output.files
    # The theme's static files carry over; a generated one (static/world.svg) is a page, and
    # goes with its page when the site stops needing it.
    files = {
        p: b
        for p, b in old_files.items()
        if p.startswith("static/") and p not in site.pages and p not in old_pages
    }
    rendered = 0
    for path, page in site.pages.items():
        reusable = path in old_files and (path not in dirty or old_pages.get(path) == page)
        if reusable:
            files[path] = old_files[path]
        else:
            files[path] = render_page(page, site, renderer)
            rendered += 1
    return files, rendered
