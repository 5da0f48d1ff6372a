"""The one orchestrator: ingest → read → assemble → render → write, full or incremental.

This is the only module that calls more than one stage (tests/test_imports.py checks it).
`Builder` is the API the CLI and serve call: `build()` runs a whole build onto disk,
`render()` and `update(changed_paths)` keep the site in memory for serve, re-reading and
re-rendering only what an edit touches (the state kept between them is briefgen/state.py).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.config import Config
from briefgen.errors import BriefgenError, ErrorList

if TYPE_CHECKING:
    # The stages are imported where they run: a build the cache finds to have nothing to
    # do needs none of them, and importing them (with Markdown, Jinja, the gazetteers)
    # took longer than the rest of that build. tests/test_imports.py checks the laziness.
    from briefgen.assemble import Reassembly
    from briefgen.cache import BuildCache, SeedStamps, Summary
    from briefgen.ingest import IngestReport
    from briefgen.model import Article, Output, Page, Site
    from briefgen.output import KnownFile, Publication, WriteReport
    from briefgen.parallel import Workers
    from briefgen.pool import Read
    from briefgen.render import Renderer
    from briefgen.search import PendingIndex, SearchIndex
    from briefgen.state import CachedArticle, SiteState

__all__ = [
    "BuildReport",
    "Builder",
    "CachedArticle",
    "IngestReport",
    "SiteState",
    "UpdateReport",
    "build_site",
    "refresh_static",
    "render_site",
    "unchanged_site",
]

log = logging.getLogger(__name__)

_REEXPORTED = {
    "CachedArticle": "briefgen.state",
    "IngestReport": "briefgen.ingest",
    "SiteState": "briefgen.state",
}


def __getattr__(name: str) -> Any:
    """The types this module re-exports, imported on first use (PEP 562)."""
    module = _REEXPORTED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


Progress = Callable[[int, int], None]

# From this many briefings an edit leaves the builtin search index due rather than start
# it: forking the process that makes it costs a large share of the edit (the process is
# big), so `Builder.refresh_search` starts it once the edit's pages are served.
_DEFER_SEARCH_FROM = 1000

# ... and starts it only once edits have paused this long. While the forked process lives,
# every page of the server's memory it writes costs a copy-on-write fault, and an edit
# that comes before the index is made must stop it: at 10,000 briefings an edit took four
# times as long with the index being made as without (the edits of one writing session
# come seconds apart; the index is wanted when the writer turns to the site).
_SEARCH_QUIET_SECONDS = 1.0


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
    seed_errors: tuple[BriefgenError, ...] = ()
    """Seeds the ingest step could not read, each naming its file and line; the site was
    built from the others (empty when ingest was skipped)."""

    def summary(self) -> str:
        """`42 pages, 17 terms, 18 feeds (12 files written, 0 removed) in 0.31 s`."""
        return (
            f"{_count(self.articles, 'briefing')}, {_count(self.pages, 'page')}, "
            f"{_count(self.terms, 'term')}, {_count(self.feeds, 'feed')} "
            f"({_count(self.written, 'file')} written, {self.removed} removed) "
            f"in {self.seconds:.2f} s"
        )


def _count(number: int, noun: str) -> str:
    """`1 page`, `2 pages`: a count for the summary line, its noun in the right number."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What one in-memory render produced: the whole site, and how much of it was new."""

    output: Output
    """Every file of the site, path → bytes (what serve swaps in)."""
    full: bool
    """True when every page was rendered (first render, or nothing could be reused)."""
    rendered: int
    """Pages rendered afresh; the rest were carried over from the previous render."""


class Builder:
    """Run one project's stages in order, for a build on disk or a site kept in memory.

    A Builder is tied to one config (make a new one after briefgen.yaml changes). It keeps
    the last rendered site, so `update` re-reads only the changed content files and
    re-renders only the pages they touch. A failed step raises BriefgenError and leaves
    the last good site in place.
    """

    def __init__(self, config: Config, *, drafts: bool = False) -> None:
        self.config = config
        """The project's settings."""
        self.drafts = drafts
        """Whether briefings marked `draft: true` are published."""
        self._state: SiteState | None = None
        self._updated_at = 0.0  # time.monotonic() of the last update

    def reconfigured(self, config: Config) -> Builder:
        """A Builder for CONFIG (briefgen.yaml changed): same drafts, nothing kept."""
        return Builder(config, drafts=self.drafts)

    @property
    def state(self) -> SiteState | None:
        """The site of the last successful render or update, or None before the first."""
        return self._state

    def ingest(
        self,
        only: Sequence[Path] | None = None,
        *,
        force: bool = False,
        workers: Workers | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest every seed (or ONLY those) into content/; bad seeds are in the report."""
        from briefgen.ingest import ingest_seeds

        return ingest_seeds(self.config, force=force, only=only, progress=progress, workers=workers)

    def build(
        self,
        *,
        ingest: bool = True,
        force: bool = False,
        workers: Workers | None = None,
        ingest_progress: Progress | None = None,
        render_progress: Progress | None = None,
        on_ingest: Callable[[IngestReport], None] | None = None,
    ) -> BuildReport:
        """Ingest the seeds (unless INGEST is False), then render and write the site.

        Bad seeds do not stop the build: they are listed in the report's `seed_errors`,
        and handed to ON_INGEST as soon as ingest is done, so the user hears of them
        before a long render, and even when the render then fails.
        """
        seeds = None
        if ingest:
            seeds = self._ingest_changed(force, workers, ingest_progress)
            if seeds is not None and on_ingest is not None:
                on_ingest(seeds)
        jobs = workers.jobs if workers is not None else 1
        report = build_site(
            self.config, drafts=self.drafts, progress=render_progress, jobs=jobs, fresh=force
        )
        if seeds is None:
            return report
        return dataclasses.replace(report, seed_errors=seeds.errors)

    def _ingest_changed(
        self, force: bool, workers: Workers | None, progress: Progress | None
    ) -> IngestReport | None:
        """Ingest for a build; None when the seeds are as the last clean ingest left them.

        The seeds are stat'ed against the cache's record of them (cache.seeds_unchanged):
        when nothing changed, no seed is read and briefgen.ingest is not even imported.
        After an ingest that reported nothing, the stamps taken before it are recorded.
        """
        from briefgen.cache import save_seed_stamps, stamp_seeds

        stamps = stamp_seeds(self.config)
        if not force and self._seeds_unchanged(stamps):
            return None
        report = self.ingest(force=force, workers=workers, progress=progress)
        clean = not (report.errors or report.warnings or report.kept)
        save_seed_stamps(self.config, stamps, clean=clean)
        return report

    def _seeds_unchanged(self, stamps: SeedStamps) -> bool:
        """True (said in ingest's summary line) when STAMPS are as the last clean ingest's."""
        from briefgen.cache import seeds_unchanged

        if not seeds_unchanged(self.config, stamps):
            return False
        log.info("ingest: 0 written, %d unchanged, 0 kept, 0 bad seeds", len(stamps.seeds))
        log.debug("ingest: every seed has the stamp it had at the last ingest: none read")
        return True

    def unchanged(self, *, ingest: bool = True) -> BuildReport | None:
        """The report `build` would give when it finds nothing to do; None when it has work.

        The same checks as `build` (the seeds' stamps unless not INGEST, then the build
        cache's), logging the same lines, and nothing else: nothing is ingested, read or
        written, and no stage is imported. The CLI answers `briefgen build` with it before
        importing click (briefgen/cli/__init__.py).
        """
        from briefgen.cache import stamp_seeds

        if ingest and not self._seeds_unchanged(stamp_seeds(self.config)):
            return None
        return unchanged_site(self.config, drafts=self.drafts)

    def render(self) -> UpdateReport:
        """Read, assemble and render the whole site in memory, forgetting the previous one."""
        from briefgen.reads import read_templates

        state = render_site(self.config, drafts=self.drafts)
        # What each template shows of a briefing, read now so the first edit waits not.
        env = state.renderer.env
        state.template_reads.update(read_templates(env, env.list_templates(extensions=["html"])))
        if state.titles is None and state.site.relations.threads:
            # Likewise the title counts thread titles weigh (state.kept_titles would make
            # them at the first edit of names or dates: 0.1 s at 10,000 briefings).
            from briefgen.relate import TitleCounts

            state = dataclasses.replace(state, titles=TitleCounts(state.site.articles))
        self._state = state
        return UpdateReport(output=state.output, full=True, rendered=state.rendered)

    def update(self, changed_paths: frozenset[Path]) -> UpdateReport:
        """Re-read CHANGED_PATHS (content files) and re-render the pages they touch.

        Before the first render this renders everything; paths that are not content
        files are ignored (a template or setting change needs `render`).
        """
        previous = self._state
        if previous is None:
            return self.render()
        state = render_site(
            self.config, drafts=self.drafts, previous=previous, changed=changed_paths
        )
        self._state = state
        self._updated_at = time.monotonic()
        full = state.renderer is not previous.renderer
        return UpdateReport(output=state.output, full=full, rendered=state.rendered)

    def refresh_search(self) -> UpdateReport | None:
        """Swap in the search index an `update` left to make in the background, once made.

        None while it is still being made, or when none is. Only the index's files change:
        no page is rendered. An index an edit left due is started once edits have paused
        for `_SEARCH_QUIET_SECONDS` (serve asks on every idle tick).
        """
        if self._state is None:
            return None
        if self._state.search_due and (time.monotonic() - self._updated_at < _SEARCH_QUIET_SECONDS):
            return None
        self._state = start_search(self._state, self.config)
        state = refresh_search(self._state)
        if state is None:
            return None
        self._state = state
        return UpdateReport(output=state.output, full=False, rendered=0)

    def refresh_static(self) -> UpdateReport:
        """Read the theme's static files afresh without rendering a page (a CSS edit)."""
        if self._state is None:
            return self.render()
        state = refresh_static(self.config, self._state)
        self._state = state
        return UpdateReport(output=state.output, full=False, rendered=0)


def build_site(
    config: Config,
    *,
    drafts: bool = False,
    progress: Progress | None = None,
    jobs: int = 1,
    fresh: bool = False,
) -> BuildReport:
    """Render the site, then write only changed files and remove stale ones.

    With JOBS 1 everything renders in memory first; with more, worker processes render
    and write their share of the pages (see briefgen/pool.py), with the same bytes.
    Either way the site is published in one step at the end, so a failing build leaves
    the previous site as it was. The build cache (.briefgen/cache/) spares what has not
    changed; FRESH ignores it (and then makes it anew).
    """
    # Only what the no-change check needs is imported before it; the stages after it.
    from briefgen.cache import Summary

    started = time.perf_counter()
    # Nothing changed since the last build (by the cache): nothing is read, rendered or written.
    cache, unchanged = _check_cache(config, drafts=drafts, fresh=fresh)
    if unchanged is not None:
        return _unchanged_report(unchanged, started)
    from briefgen.model import Feed
    from briefgen.output import write_output
    from briefgen.pool import can_fork

    # The writer trusts the cache's manifest of the live files instead of reading them back.
    known = cache.known_output(config.output_dir)
    edited = None if fresh else _build_edited(config, drafts=drafts, cache=cache, known=known)
    linked: dict[str, KnownFile] = {}
    reads = None
    if edited is not None:  # only what the edited content files touch is rendered
        site, paths, report, search_note, reads = edited
        written = set(report.written)
        linked = {p: known[p] for p in paths if p not in written and p in known}
    elif jobs > 1 and can_fork():  # the build on JOBS processes (briefgen/pool.py)
        site, paths, report, search_note = _build_in_pool(
            config, drafts=drafts, progress=progress, jobs=jobs, cache=cache, known=known
        )
    else:
        state = render_site(config, drafts=drafts, progress=progress, build_cache=cache)
        site, paths, search_note = state.site, list(state.output.files), state.search_note
        report = write_output(state.output, config.output_dir, known)
    for warning in site.warnings:
        log.warning("%s", warning)
    result = BuildReport(
        pages=sum(1 for p in paths if p.endswith(".html")),
        terms=sum(len(t.terms) for t in site.taxonomies),
        feeds=sum(1 for p in site.pages.values() if isinstance(p, Feed)),
        articles=len(site.articles),
        written=len(report.written),
        removed=len(report.removed),
        seconds=time.perf_counter() - started,
        warnings=site.warnings,
    )
    summary = Summary(
        result.pages, result.terms, result.feeds, result.articles, result.warnings, search_note
    )
    cache.save(config.output_dir, report.digests, summary, linked, reads)
    log.debug("%s", result.summary())  # cli.py prints the summary line
    return result


class _Published(bytes):
    """The bytes of a file the last build published, not read: the build cache's manifest
    has their digest, and an incremental build links the live file into the new site."""


_PUBLISHED = _Published()

# An edit of more content files than this (or than this share of the site) is built in
# full: rebuilding the last build's site from the cache costs a fixed share of a full
# build, and the incremental path renders on one process. Measured at 10,000 briefings
# (bench/edit_build.py --files, alternated with main): 100 files' dates moved took 0.57x
# the CPU but 0.93x the wall time of the full build on two processes; at 1,000, 50 body
# edits 0.51x the CPU (see _edit_limit).
_EDIT_FILES = 100
_EDIT_SHARE = 0.05


def _edit_limit(files: int) -> int:
    """How many changed content files an incremental build takes on, of FILES in all."""
    return max(min(_EDIT_FILES, int(files * _EDIT_SHARE)), 20)


class _SiteMoved(Exception):
    """A published file changed while an incremental build ran: build in full instead."""


def _build_edited(
    config: Config, *, drafts: bool, cache: BuildCache, known: Mapping[str, KnownFile]
) -> tuple[Site, list[str], WriteReport, str, dict[str, frozenset[str] | None]] | None:
    """Build after an edit of a few content files, as serve does; None when a full build is due.

    The last build's site is assembled again from the articles the cache kept of it (JSON,
    never pickle: see briefgen/cache.py), with the bytes of every file it published left
    unread (`_PUBLISHED`); `render_site` then re-reads the changed files and re-renders
    only the pages they touch (`_render_reassembled`, `plan_rerender`), and the writer
    links every other file from the live site. The sitemap, re-rendered from its old
    bytes, is read back only when the manifest's digest vouches for it. The builtin
    search index is made again in full. Byte-identical to a full build
    (tests/test_build_edits.py).
    """
    from briefgen.fsutil import content_names

    if config.search == "pagefind" or not known:
        # Pagefind indexes every briefing page's bytes; without a manifest nothing is known.
        log.debug("build: full (%s)", "pagefind" if known else "no manifest of the site")
        return None
    names = content_names(config.content_dir)
    edits = cache.edits(names, config.output_dir, _edit_limit(len(names)))
    if edits is None:
        log.debug("build: full (the last build cannot be rebuilt from the build cache)")
        return None
    from briefgen.assemble import assemble_site
    from briefgen.model import Output, Sitemap
    from briefgen.state import CachedArticle, SiteState

    articles = {
        path: CachedArticle((stamp.mtime_ns, stamp.size), article)
        for path, (stamp, article) in edits.previous.items()
    }
    site = assemble_site((c.article for c in articles.values()), config, drafts=drafts)
    files: dict[str, bytes] = dict.fromkeys(sorted(known), _PUBLISHED)
    for path, page in site.pages.items():
        if path not in files:
            log.debug("build: full (%s is not in the manifest of the last build)", path)
            return None
        if isinstance(page, Sitemap):  # re-rendered from its old bytes (rerender_sitemap)
            data = _read_published(config.output_dir, path, known[path])
            if data is None:
                log.debug("build: full (%s is not as the last build wrote it)", path)
                return None
            files[path] = data
    previous = SiteState(
        output=Output(files=types.MappingProxyType(files)),
        site=site,
        articles=types.MappingProxyType(articles),
        renderer=_renderer(config),
        drafts=drafts,
        rendered=0,
        search_note="",
        # What the templates show, as the last build worked it out (parsing them again
        # costs 0.3 s): the cache's key covers the theme and the code that reads them.
        template_reads=cache.template_reads(),
    )
    state = render_site(
        config, drafts=drafts, previous=previous, changed=edits.changed, build_cache=cache
    )
    state = _search_complete(state, config)
    try:
        report = _write_edited(state.output.files, config.output_dir, known)
    except _SiteMoved as exc:
        log.debug("build: full (%s changed during the build)", exc)
        return None
    log.debug(
        "build: incremental, %d content files changed, %d pages rendered",
        len(edits.changed),
        state.rendered,
    )
    return state.site, list(state.output.files), report, state.search_note, state.template_reads


def _read_published(output_dir: Path, path: str, known: KnownFile) -> bytes | None:
    """The bytes of the published file PATH, if its digest is KNOWN's; else None."""
    from briefgen.output import output_digest, safe_target

    try:
        data = safe_target(output_dir.resolve(), path).read_bytes()
    except OSError:
        return None
    return data if output_digest(data) == known.digest else None


def _search_complete(state: SiteState, config: Config) -> SiteState:
    """STATE with the builtin index of its site made, where an edit left it due or pending.

    Serve swaps the index in later; a build returns with it complete (made in full:
    `_search_again` keeps the previous index only when no briefing changed).
    """
    from briefgen.model import Output
    from briefgen.search import finish_index, start_builtin
    from briefgen.searchindex import INDEX_DIR

    if config.search != "builtin" or (state.search_pending is None and not state.search_due):
        return state
    pending = state.search_pending
    if pending is None:
        pending = start_builtin(state.site.articles, config.taxonomies)
    search = finish_index(pending)
    files = {p: b for p, b in state.output.files.items() if not p.startswith(INDEX_DIR)}
    files.update(search.files)
    output = Output(files=types.MappingProxyType(dict(sorted(files.items()))))
    return dataclasses.replace(state, output=output, search_pending=None, search_due=False)


def _write_edited(
    files: Mapping[str, bytes], output_dir: Path, known: Mapping[str, KnownFile]
) -> WriteReport:
    """Publish FILES as `write_output` does, linking the `_PUBLISHED` ones unread.

    _SiteMoved when one of them is not as the manifest says any more (the site is then
    left as it was).
    """
    from briefgen.output import publishing

    with publishing(output_dir, known) as publication:
        publication.make_room(files)
        records = []
        for path, data in files.items():
            if isinstance(data, _Published):
                record = publication.keep(path, known[path])
                if record is None:
                    raise _SiteMoved(path)
            else:
                record = publication.put(path, data)
            records.append(record)
        return publication.finish(files, records)


def unchanged_site(config: Config, *, drafts: bool = False) -> BuildReport | None:
    """`build_site`'s report when the build cache finds nothing to do, else None (no work)."""
    started = time.perf_counter()
    _cache, unchanged = _check_cache(config, drafts=drafts, fresh=False)
    return None if unchanged is None else _unchanged_report(unchanged, started)


def _check_cache(config: Config, *, drafts: bool, fresh: bool) -> tuple[BuildCache, Summary | None]:
    """The build cache, and the last build's Summary when nothing changed since it."""
    from briefgen.cache import open_cache
    from briefgen.fsutil import check_output_dir, content_names

    check_output_dir(
        config.output_dir,
        (config.root, config.content_dir, config.seeds_dir, config.themes_dir),
    )
    binary, note = _search_tool(config)
    cache = open_cache(config, drafts=drafts, fresh=fresh, tool=binary, tool_note=note)
    return cache, cache.unchanged(content_names(config.content_dir), config.output_dir)


def _search_tool(config: Config) -> tuple[Path | None, str]:
    """The Pagefind binary when the site uses it, or None and why not (for the cache key)."""
    if config.search != "pagefind":
        return None, config.search
    from briefgen.search import find_pagefind

    return find_pagefind()


def _unchanged_report(summary: Summary, started: float) -> BuildReport:
    """The report of a build the cache found to have nothing to do."""
    if summary.search_note:
        log.warning("%s", summary.search_note)
    for warning in summary.warnings:
        log.warning("%s", warning)
    result = BuildReport(
        pages=summary.pages,
        terms=summary.terms,
        feeds=summary.feeds,
        articles=summary.articles,
        written=0,
        removed=0,
        seconds=time.perf_counter() - started,
        warnings=summary.warnings,
    )
    log.debug("nothing changed since the last build: %s", result.summary())
    return result


def _build_in_pool(
    config: Config,
    *,
    drafts: bool,
    progress: Progress | None,
    jobs: int,
    cache: BuildCache,
    known: Mapping[str, KnownFile],
) -> tuple[Site, list[str], WriteReport, str]:
    """A build on JOBS processes: the site, the paths of its files, the write, the search note.

    Content is parsed in a pool; after assembly, forked workers render the pages and
    put them straight into the reserve (see briefgen/pool.py); this process adds the
    theme's static files and the search bundle, then publishes as `write_output` does.
    """
    # What only comes after the content is read (assembly, rendering, search, with Jinja
    # and the lead's rules) is imported then, by prepare() while the workers read: the
    # readers start sooner, and are forked from a smaller process.
    prepared: list[Renderer | BriefgenError] = []

    def prepare() -> None:
        # While the workers parse content: the theme, and its templates compiled once here,
        # not once in each forked render worker. A theme error waits for its turn (below).
        import briefgen.assemble
        import briefgen.search  # noqa: F401 - imported now, used below
        from briefgen.render import compile_templates

        try:
            renderer = _renderer(config)
        except BriefgenError as exc:
            prepared.append(exc)
            return
        compile_templates(renderer)
        prepared.append(renderer)

    read = _read_content(config, None, frozenset(), jobs, cache, meanwhile=prepare)
    from briefgen.assemble import assemble_site
    from briefgen.output import publishing
    from briefgen.pool import ReservePages, render_and_write
    from briefgen.render import adopt_cards, card_of, render_page, render_static
    from briefgen.search import cancel_index, finish_index, start_index

    # The site's briefings, as assemble_site picks them (it only sorts them further).
    articles = [c.article for c in read.values() if drafts or not c.article.draft]
    del read
    pending: PendingIndex | None = None

    def start_search(pages: Mapping[str, bytes]) -> None:
        nonlocal pending
        if config.search == "pagefind":  # it reads the briefing pages, once they are written
            pending = start_index(pages, *_previous_search(None, pages, config))

    def meanwhile(publication: Publication) -> None:
        # While the workers render the list pages, this process only waits: it stores the
        # articles in the build cache and flushes the pages written so far to disk.
        cache.start_storing()
        publication.flush_ahead()

    try:
        # The builtin index reads only the articles (and sorts them itself): started before
        # assembly, it overlaps it, and its process is forked from a smaller one (the
        # largest process of a 10k build: the index grows ~100 MB over what it inherits).
        pending = _start_search(articles, config)
        site = assemble_site(articles, config, drafts=drafts)
        del articles
        renderer = prepared[0] if prepared else _renderer(config)
        if isinstance(renderer, BriefgenError):
            raise renderer
        # A generated static file (static/world.svg) is a page, rendered with the others.
        static = {p: b for p, b in render_static(renderer.theme).items() if p not in site.pages}
        with publishing(config.output_dir, known) as publication:
            publication.make_room([*static, *site.pages])
            records = render_and_write(
                site,
                lambda path: render_page(site.pages[path], site, renderer),
                publication.put,
                jobs,
                after_briefings=lambda paths: start_search(
                    ReservePages(publication.reserve, paths)
                ),
                progress=progress,
                # Each card rendered once, by the worker of its briefing (see pool.py).
                share=lambda path: card_of(site.pages[path], site, renderer),
                adopt=lambda cards: adopt_cards(renderer, site, cards),
                meanwhile=lambda: meanwhile(publication),
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
    return site, paths, report, search.note


def render_site(
    config: Config,
    *,
    drafts: bool = False,
    previous: SiteState | None = None,
    changed: frozenset[Path] = frozenset(),
    progress: Progress | None = None,
    build_cache: BuildCache | None = None,
) -> SiteState:
    """Render the site in memory; with PREVIOUS, re-read CHANGED and re-render their dependents.

    PREVIOUS must come from the same config and theme (pass None after either changes).
    BUILD_CACHE, when given, spares parsing the content files it knows unchanged.
    """
    from briefgen.assemble import assemble_site
    from briefgen.model import Output
    from briefgen.state import SiteState, kept_titles

    if previous is not None and previous.drafts != drafts:
        previous = None
    cache = _read_content(config, previous, changed, build_cache=build_cache)
    if previous is not None:
        reassembly = _reassemble(config, previous, cache, changed)
        if reassembly is not None:
            return _render_reassembled(config, previous, cache, reassembly)
    # Title counts still valid after an edit of names or dates: thread titles read them.
    titles = kept_titles(previous, cache, changed) if previous is not None else None
    site = assemble_site(
        (c.article for c in cache.values()),
        config,
        drafts=drafts,
        previous=previous.site if previous is not None else None,
        titles=titles,
    )
    search_due = False
    search_pending = None
    if previous is None or _slugs_moved(previous.site, site):
        # A fresh renderer: term links move, and the theme's static files may have changed
        # since (serve refreshes them without a render).
        renderer = _renderer(config)
        files, rendered, search = _render_all(site, renderer, progress, previous, config)
    else:
        renderer = previous.renderer
        files, rendered = _render_changed(site, previous, cache, changed, renderer)
        search, search_pending, search_due = _search_again(site, files, previous, config)
    files.update(search.files)
    search_note = search.note
    if search_note and (previous is None or previous.search_note != search_note):
        log.warning("%s", search_note)
    if previous is not None and files.keys() == previous.output.files.keys():
        files = {path: files[path] for path in previous.output.files}  # already sorted
    else:
        files = dict(sorted(files.items()))
    output = Output(files=types.MappingProxyType(files))
    return SiteState(
        output=output,
        site=site,
        articles=types.MappingProxyType(cache),
        renderer=renderer,
        drafts=drafts,
        rendered=rendered,
        search_note=search_note,
        search_pending=search_pending,
        search_due=search_due,
        titles=titles,
        # The same config and theme as PREVIOUS (see above): its templates read the same.
        template_reads=previous.template_reads if previous is not None else {},
    )


def _render_reassembled(
    config: Config,
    previous: SiteState,
    cache: dict[Path, CachedArticle],
    reassembly: Reassembly,
) -> SiteState:
    """The state after an edit that moved nothing: only the pages it replaced are rendered.

    Every other page is the very object the previous site held, so its bytes carry over;
    the site has the same paths in the same order, so the output keeps its order too. The
    cost follows the pages that show the edited briefings, not the size of the site.
    """
    from briefgen.assemble import dict_of
    from briefgen.model import Output, Sitemap
    from briefgen.reads import template_reads
    from briefgen.render import render_page, rerender_sitemap
    from briefgen.searchindex import INDEX_DIR
    from briefgen.state import SiteState, country_link_pages, edited_fields, unseen_edit
    from briefgen.urls import SEARCH_DIR

    site = reassembly.site
    old_pages = previous.site.pages
    files = dict_of(previous.output.files)
    rendered = 0
    # A page that shows none of the fields the edit changed keeps its bytes (a body edit
    # leaves the year page as it was): briefgen/reads.py reads that from the templates.
    fields = edited_fields(reassembly.articles, reassembly.threads)
    known = previous.template_reads
    env = previous.renderer.env

    def reads(name: str) -> frozenset[str] | None:
        if name not in known:
            known[name] = template_reads(env, name)
        return known[name]

    rebuilt = reassembly.rebuilt
    # A country's page that came or went changes the links of the pages naming its places.
    relinked = country_link_pages(previous.site, site)
    for path in (*reassembly.changed, *sorted(relinked.difference(reassembly.changed))):
        page = site.pages[path]
        old = old_pages.get(path)
        if (
            old is not None
            and path in files
            and path not in relinked
            and (
                page == old
                or (
                    fields is not None
                    and path not in rebuilt  # regrouped, not only swapped into
                    and unseen_edit(old, page, fields, reads)
                )
            )
        ):
            continue
        if isinstance(page, Sitemap) and isinstance(old, Sitemap) and path in files:
            moves = _html_moves(reassembly, old_pages)
            files[path] = rerender_sitemap(old, files[path], page, previous.renderer.config, moves)
        else:
            files[path] = render_page(page, site, previous.renderer)
        rendered += 1
    for path in reassembly.gone:  # a term or a day that went
        files.pop(path, None)
    if any(path not in old_pages for path in reassembly.changed):  # ... or came: in order
        files = _in_order(files)
    search, search_pending, search_due = _search_again(site, files, previous, config, carried=True)
    if search.files or config.search == "pagefind":  # a new index replaces the previous one
        files = {p: b for p, b in files.items() if not p.startswith((SEARCH_DIR, INDEX_DIR))}
        files.update(search.files)
        files = dict(sorted(files.items()))
    if search.note and previous.search_note != search.note:
        log.warning("%s", search.note)
    return SiteState(
        output=Output(files=types.MappingProxyType(files)),
        site=site,
        articles=types.MappingProxyType(cache),
        renderer=previous.renderer,
        drafts=previous.drafts,
        rendered=rendered,
        search_note=search.note,
        titles=reassembly.titles,
        search_pending=search_pending,
        search_due=search_due,
        template_reads=known,
    )


def refresh_search(state: SiteState) -> SiteState | None:
    """STATE with the search index made in the background swapped in; None if not ready yet.

    After an edit, serve answers with the previous index at once (a page's words are
    searched again a moment later) rather than making the reload wait for the index.
    """
    from briefgen.model import Output
    from briefgen.search import finish_index, index_ready
    from briefgen.searchindex import INDEX_DIR

    pending = state.search_pending
    if pending is None or not index_ready(pending):
        return None
    search = finish_index(pending)
    files = {p: b for p, b in state.output.files.items() if not p.startswith(INDEX_DIR)}
    files.update(search.files)
    output = Output(files=types.MappingProxyType(dict(sorted(files.items()))))
    return dataclasses.replace(state, output=output, search_pending=None)


def start_search(state: SiteState, config: Config) -> SiteState:
    """STATE with the builtin index it is due for started in the background.

    An edit only marks the index due (`SiteState.search_due`): forking the process that
    makes it costs more at 10,000 briefings than the rest of the edit, so it is started
    here, after the edit's pages are served, and swapped in by `refresh_search`.
    """
    from briefgen.search import cancel_index, start_builtin

    if not state.search_due:
        return state
    if state.search_pending is not None:
        cancel_index(state.search_pending)
    pending = start_builtin(state.site.articles, config.taxonomies)
    return dataclasses.replace(state, search_due=False, search_pending=pending)


def refresh_static(config: Config, state: SiteState) -> SiteState:
    """STATE with the theme's static files read afresh: a CSS edit skips every page render.

    Only valid when no template or setting changed (the batch held static files only);
    a new or removed file under static/ is found because the theme chain is resolved anew.
    """
    from briefgen.model import Output
    from briefgen.render import render_static
    from briefgen.theme import load_theme

    theme = load_theme(config.theme, config.themes_dir)
    files = {
        path: data
        for path, data in state.output.files.items()
        if not path.startswith("static/") or path in state.site.pages
    }
    files.update(render_static(theme))
    output = Output(files=types.MappingProxyType(dict(sorted(files.items()))))
    return dataclasses.replace(state, output=output)


def _start_search(articles: Sequence[Article], config: Config) -> PendingIndex | None:
    """Start the builtin index of ARTICLES (in any order); None for the other engines."""
    from briefgen.search import PendingIndex, SearchIndex, start_builtin

    if config.search == "off":
        return PendingIndex(None, None, None, SearchIndex({}, ""))
    if config.search == "builtin":
        return start_builtin(articles, config.taxonomies)
    return None  # Pagefind reads the rendered briefing pages: started once they are


def _search_again(
    site: Site,
    files: Mapping[str, bytes],
    previous: SiteState,
    config: Config,
    *,
    carried: bool = False,
) -> tuple[SearchIndex, PendingIndex | None, bool]:
    """The index after an incremental render, the one being made, and whether one is due.

    The previous index is kept while its input is the same. When a briefing changed, the
    builtin index is made again in the background and the previous one is served until
    `refresh_search` swaps it in: an edit's reload does not wait for it. From
    `_DEFER_SEARCH_FROM` briefings the edit does not even start it (forking costs more
    than the rest of the edit): it is due, and `start_search` starts it afterwards.
    CARRIED says FILES already holds every file of PREVIOUS: a kept index is not returned.
    """
    from briefgen.search import SearchIndex, build_search, finish_index, start_builtin
    from briefgen.searchindex import INDEX_DIR
    from briefgen.state import search_pages

    if previous.search_pending is not None:
        _cancel_later(previous.search_pending)  # superseded by this edit
    if config.search == "off":
        return SearchIndex({}, ""), None, False
    if config.search == "pagefind":
        pages = search_pages(site, files)
        return build_search(pages, *_previous_search(previous, {}, config)), None, False
    old = previous.output.files
    kept = SearchIndex(
        {} if carried else {p: b for p, b in old.items() if p.startswith(INDEX_DIR)}, ""
    )
    stale = (
        previous.search_due
        or previous.search_pending is not None
        or site.articles != previous.site.articles
    )
    has_old = f"{INDEX_DIR}meta.json" in old
    if not stale:
        return kept, None, False
    if has_old and len(site.articles) >= _DEFER_SEARCH_FROM:
        return kept, None, True
    pending = start_builtin(site.articles, config.taxonomies)
    if pending.ready is not None or not has_old:
        return finish_index(pending), None, False
    return kept, pending, False


def _cancel_later(pending: PendingIndex) -> None:
    """Stop PENDING on a thread: the edit does not wait for its process to exit.

    A forked process as large as the server takes 20-30 ms to be killed and reaped at
    10,000 briefings; nothing reads from it any more.
    """
    from briefgen.search import cancel_index

    threading.Thread(
        target=cancel_index, args=(pending,), name="briefgen-cancel-index", daemon=True
    ).start()


def _previous_search(
    previous: SiteState | None, pages: Mapping[str, bytes], config: Config
) -> tuple[dict[str, bytes] | None, dict[str, bytes] | None]:
    """A search bundle `start_index` may reuse, with the pages it was made from.

    From PREVIOUS when there is one, else from what the last build published in the
    output folder (compared with PAGES, the briefing pages just rendered).
    """
    from briefgen.search import read_published
    from briefgen.state import previous_search

    if previous is None:
        return read_published(config.output_dir, pages)
    return previous_search(previous)


def _html_moves(
    reassembly: Reassembly, old_pages: Mapping[str, Page]
) -> tuple[list[str], list[str]]:
    """The URL paths of the HTML pages (the sitemap's: all but 404.html) that came with
    REASSEMBLY (not in OLD_PAGES) and went."""
    from briefgen.urls import page_url_path

    def urls(paths: Iterable[str]) -> list[str]:
        return [page_url_path(p) for p in paths if p.endswith(".html") and p != "404.html"]

    return urls(p for p in reassembly.changed if p not in old_pages), urls(reassembly.gone)


def _reassemble(
    config: Config,
    previous: SiteState,
    cache: Mapping[Path, CachedArticle],
    changed: frozenset[Path],
) -> Reassembly | None:
    """The site after an edit of the briefings already on it, else None.

    An edit that moves no briefing is swapped in (assemble.reassemble_changes); one that
    moves briefings between terms and dates, or adds or deletes one, regroups what it
    touches (assemble.reassemble_moved). None when the full assembly is due.
    """
    from briefgen.assemble import reassemble_changes, reassemble_moved
    from briefgen.state import kept_titles, replaced_articles, site_changes

    replaced = replaced_articles(previous, cache, changed)
    shown = site_changes(previous, cache, changed)
    if (
        replaced is None
        or len(shown) != len(replaced)
        or any(old is None or new is None for old, new in shown)
    ):
        # A briefing came or went (a file, or a draft flag), moved in from nowhere or out
        # to nowhere; or a draft the site does not show was edited.
        return reassemble_moved(previous.site, shown, config, previous.titles)
    result = reassemble_changes(previous.site, replaced, config, previous.titles)
    if result is not None:
        return result
    titles = kept_titles(previous, cache, changed)
    return reassemble_moved(previous.site, replaced, config, titles)


def _in_order(files: dict[str, bytes]) -> dict[str, bytes]:
    """FILES sorted by path: the previous files were, so the sort finds that run and puts
    the few paths that came (at the end) in their places."""
    return {path: files[path] for path in sorted(files)}


def _slugs_moved(old: Site, new: Site) -> bool:
    """True when a term kept its name but changed its slug: links on every page change."""
    if old.slugs is new.slugs:
        return False  # carried over by an edit that moved nothing
    new_slugs = new.slugs
    return any(new_slugs.get(key, slug) != slug for key, slug in old.slugs.items())


def _renderer(config: Config) -> Renderer:
    from briefgen.render import make_renderer
    from briefgen.theme import load_theme

    return make_renderer(config, load_theme(config.theme, config.themes_dir))


def _read_content(
    config: Config,
    previous: SiteState | None,
    changed: frozenset[Path],
    jobs: int = 1,
    build_cache: BuildCache | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[Path, CachedArticle]:
    """Read every content file, or with PREVIOUS only the CHANGED ones; collect all errors.

    BUILD_CACHE spares parsing the files it knows unchanged. When it knows none of them
    (a first or fresh build), they are parsed on JOBS processes (briefgen/pool.py) and
    handed to the cache as parsed. MEANWHILE is called once, while they are (or after).
    """
    from briefgen.content import find_content, read_article
    from briefgen.pool import read_many, read_one
    from briefgen.state import CachedArticle, is_article_path

    def read(path: Path, data: bytes | None = None) -> Article:
        return read_article(
            path, content_dir=config.content_dir, taxonomies=config.taxonomies, raw=data
        )

    if previous is None:
        paths = find_content(config.content_dir)
        old: Mapping[Path, CachedArticle] = {}
    elif jobs == 1 and build_cache is None and meanwhile is None:
        return _read_changed(config, previous, changed, read)
    else:
        wanted = {p.resolve() for p in changed if is_article_path(p, config.content_dir)}
        # assemble_site sorts; keeping the cache's order avoids sorting 10,000 Paths per edit.
        added = sorted(p for p in wanted if p not in previous.articles and p.is_file())
        paths = (*previous.articles, *added)
        old = {p: c for p, c in previous.articles.items() if p not in wanted}
    fresh = [path for path in paths if path not in old]
    pooled: dict[Path, Read | None] = {}
    if jobs > 1 and (build_cache is None or build_cache.cold):
        # The workers hash what they parse for the cache (BuildCache.parse), so that this
        # process need not read every file again.
        parse = (
            (lambda path: build_cache.parse(path, read))
            if build_cache is not None
            else (lambda path: (read(path), None))
        )
        pooled = dict(zip(fresh, read_many(fresh, parse, jobs, meanwhile), strict=True))
    elif meanwhile is not None:
        meanwhile()
    cache: dict[Path, CachedArticle] = {}
    errors: list[BriefgenError] = []
    for path in paths:
        if path in old:
            cache[path] = old[path]
            continue
        got = pooled.get(path)
        if build_cache is not None and got is not None and got.source is not None:
            assert got.article is not None  # an entry comes only with an article
            build_cache.record(path, got.article, got.source)
        elif build_cache is not None and (got is None or got.article is not None):
            got = read_one(path, _through_cache(build_cache, read, got))
        elif path not in pooled:
            got = read_one(path, read)
        if got is None:
            continue  # deleted since it was listed
        if got.article is None:
            errors.extend(got.errors)
            continue
        cache[path] = CachedArticle(got.stamp, got.article)
    if errors:
        raise ErrorList(errors)
    if build_cache is not None:
        log.debug(
            "build cache: %d content files parsed, %d hashed and reused, %d reused unread",
            build_cache.parsed,
            build_cache.hashed,
            build_cache.reused,
        )
    return cache


def _read_changed(
    config: Config,
    previous: SiteState,
    changed: frozenset[Path],
    read: Callable[[Path], Article],
) -> dict[Path, CachedArticle]:
    """PREVIOUS's articles with only the CHANGED content files read again (serve's edit).

    The previous map is copied whole (in C) and only the changed entries are touched, so
    the cost follows the edit, not the site; files that came are added at the end, in
    order, as `_read_content` adds them.
    """
    from briefgen.assemble import dict_of
    from briefgen.pool import read_one
    from briefgen.state import CachedArticle, is_article_path

    wanted = {p.resolve() for p in changed if is_article_path(p, config.content_dir)}
    cache = dict_of(previous.articles)
    errors: list[BriefgenError] = []
    added = sorted(p for p in wanted if p not in previous.articles and p.is_file())
    for path in [*sorted(p for p in wanted if p in previous.articles), *added]:
        got = read_one(path, read)
        if got is None:
            cache.pop(path, None)  # deleted
            continue
        if got.article is None:
            errors.extend(got.errors)
            cache.pop(path, None)
            continue
        cache[path] = CachedArticle(got.stamp, got.article)
    if errors:
        raise ErrorList(errors)
    return cache


def _through_cache(
    build_cache: BuildCache, read: Callable[[Path, bytes | None], Article], pooled: Read | None
) -> Callable[[Path], Article]:
    """Read a file through BUILD_CACHE; POOLED, what a worker parsed, is used when still current."""

    def reader(path: Path, data: bytes | None) -> Article:
        if pooled is not None and pooled.article is not None:
            info = path.stat()
            if (info.st_mtime_ns, info.st_size) == pooled.stamp:
                return pooled.article
        return read(path, data)

    return lambda path: build_cache.read(path, reader)


def _render_all(
    site: Site,
    renderer: Renderer,
    progress: Progress | None,
    previous: SiteState | None,
    config: Config,
) -> tuple[dict[str, bytes], int, SearchIndex]:
    """Render every page; the search index is made in the background meanwhile.

    The builtin index starts before the first page (it reads the articles). Pages render
    in site order, where the briefing pages come early (after the home pages): once the
    last of them is rendered, Pagefind indexes them on another core while the term, date
    and list pages render.
    """
    from briefgen.model import ArticlePage
    from briefgen.render import render_page, render_static
    from briefgen.search import cancel_index, finish_index, start_index
    from briefgen.state import search_pages

    files = render_static(renderer.theme)
    total = len(site.pages)
    articles = sum(1 for page in site.pages.values() if isinstance(page, ArticlePage))
    seen = 0
    pending = _start_search(site.articles, config)
    try:
        for index, (path, page) in enumerate(site.pages.items(), start=1):
            files[path] = render_page(page, site, renderer)
            if progress is not None and (index % 500 == 0 or index == total):
                progress(index, total)
            if isinstance(page, ArticlePage) and config.search == "pagefind":
                seen += 1
                if seen == articles:
                    pages = search_pages(site, files)
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
    """Render the pages an edit made stale (state.plan_rerender); carry the rest over."""
    from briefgen.render import render_page
    from briefgen.state import plan_rerender

    plan = plan_rerender(previous, site, cache, changed)
    files = dict(plan.kept)
    for path in plan.stale:
        files[path] = render_page(site.pages[path], site, renderer)
    return files, len(plan.stale)  # render_site sorts the files by path
