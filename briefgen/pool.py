"""The site build on all cores: content read, then pages rendered and written, in workers.

`build.py` runs this instead of its one-process path when `--jobs` is above 1. Content
files are parsed in a process pool (parsing is independent from file to file). After
assembly, workers are forked (`parallel.shared_pool`): they inherit the assembled site,
the renderer and the open `output.Publication` instead of receiving copies, render their
share of the pages and write each one into the site's reserve themselves, sending back
only a small `output.Written` record per page. No process ever holds the whole site's
bytes, so memory follows the site model and not the output; the parent then writes what
is left (the theme's static files, the search bundle) and publishes as a one-process build
does. The files are the same bytes whichever process wrote them and in whatever order,
so the site is byte-identical to `--jobs 1`'s.
"""

from __future__ import annotations

import functools
import os
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path, PurePosixPath
from typing import Any

from briefgen.content import read_article
from briefgen.errors import BriefgenError, ErrorList
from briefgen.model import Article, ArticlePage, Site
from briefgen.output import Publication, Written
from briefgen.parallel import Workers, map_chunks, shared_pool
from briefgen.render import Renderer, render_page

Progress = Callable[[int, int], None]


def can_fork() -> bool:
    """Whether workers can be forked here (Linux; see `parallel._local_pool`).

    Elsewhere they would be spawned and would need the site, the renderer and the
    reserve pickled, which is what this module avoids: there the build runs in one process.
    """
    return sys.platform == "linux"


@dataclass(frozen=True, slots=True)
class Read:
    """What reading one content file gave: the article, or why it could not be read."""

    stamp: tuple[int, int]
    """(st_mtime_ns, st_size) of the file when it was read."""
    article: Article | None
    """The article; None when the file is invalid."""
    errors: tuple[BriefgenError, ...]
    """Everything wrong with the file (empty when ARTICLE is there)."""


def read_one(path: Path, content_dir: Path, taxonomies: Sequence[str]) -> Read | None:
    """Read the content file PATH, with the file stamp it was read at; errors as values.

    None when the file was deleted since it was listed.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    try:
        article = read_article(path, content_dir=content_dir, taxonomies=taxonomies)
    except ErrorList as exc:
        return Read(stamp, None, tuple(exc.errors))
    except BriefgenError as exc:
        return Read(stamp, None, (exc,))
    return Read(stamp, article, ())


def _reduce_proxy(
    proxy: types.MappingProxyType[Any, Any],
) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    return _proxy, (dict(proxy),)


def _proxy(data: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(data)


# An Article's `extra` (unknown front-matter keys) is a read-only mapping, which pickle
# refuses; articles read in workers cross to the parent through multiprocessing's pickler.
ForkingPickler.register(types.MappingProxyType, _reduce_proxy)


def read_many(
    paths: Sequence[Path], content_dir: Path, taxonomies: Sequence[str], jobs: int
) -> list[Read | None]:
    """`read_one` over PATHS on JOBS processes (1: this one); results in the order of PATHS."""
    work = functools.partial(_read_chunk, content_dir=content_dir, taxonomies=tuple(taxonomies))
    return map_chunks(work, paths, Workers(jobs=jobs))


def _read_chunk(
    paths: Sequence[Path], *, content_dir: Path, taxonomies: Sequence[str]
) -> list[Read | None]:
    return [read_one(path, content_dir, taxonomies) for path in paths]


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every worker inherits when it is forked (never pickled)."""

    site: Site
    """The assembled site."""
    renderer: Renderer
    """Theme and Jinja environment."""
    publication: Publication
    """The reserve being filled, with the walks of both copies of the site."""


def render_and_write(
    site: Site,
    renderer: Renderer,
    publication: Publication,
    jobs: int,
    *,
    after_briefings: Callable[[Mapping[str, bytes]], None] | None = None,
    progress: Progress | None = None,
) -> list[Written]:
    """Render every page of SITE and put it into PUBLICATION, on JOBS worker processes.

    Briefing pages go first: AFTER_BRIEFINGS is then called here with them (a mapping that
    reads each page back from the reserve when asked, for the search index, which can run
    on its own core while the other pages render). Returns one record per page, in site
    order. An error in a worker is raised here as it was raised there.
    """
    shared = _Shared(site, renderer, publication)
    briefings = [p for p, page in site.pages.items() if isinstance(page, ArticlePage)]
    others = [p for p, page in site.pages.items() if not isinstance(page, ArticlePage)]
    total = len(briefings) + len(others)
    # One pool for both: a worker's cache of rendered cards and related entries (see
    # render._helpers) fills on the briefing pages and serves the list pages.
    with shared_pool(shared, jobs) as pool:
        records = {r.path: r for r in pool.map(_render_chunk, briefings)}
        if progress is not None and total:
            progress(len(briefings), total)
        if after_briefings is not None:
            after_briefings(ReservePages(publication.reserve, briefings))
        records.update((r.path, r) for r in pool.map(_render_chunk, others))
    if progress is not None and total:
        progress(total, total)
    return [records[path] for path in site.pages]


def _render_chunk(shared: _Shared, paths: Sequence[str]) -> list[Written]:
    """In a worker: render PATHS and write each into the reserve; records only go back."""
    site, renderer, publication = shared.site, shared.renderer, shared.publication
    return [publication.put(path, render_page(site.pages[path], site, renderer)) for path in paths]


class ReservePages(Mapping[str, bytes]):
    """Pages written into the reserve, read from disk one at a time when asked for."""

    def __init__(self, reserve: Path, paths: Sequence[str]) -> None:
        self._reserve = reserve
        self._paths = dict.fromkeys(paths)

    def __getitem__(self, path: str) -> bytes:
        if path not in self._paths:
            raise KeyError(path)
        with open(os.path.join(self._reserve, *PurePosixPath(path).parts), "rb") as handle:
            return handle.read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
