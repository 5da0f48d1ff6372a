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

import os
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen.errors import BriefgenError, ErrorList
from briefgen.model import Article, ArticlePage, Site
from briefgen.parallel import map_shared, shared_pool

if TYPE_CHECKING:
    from briefgen.cache import SourceEntry

Progress = Callable[[int, int], None]
W = TypeVar("W")
"""What putting one page into the output gives back (`output.Written`, passed in by build.py)."""
S = TypeVar("S")
"""What a worker shares after a briefing page (a card, passed in by build.py)."""


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
    source: SourceEntry | None = None
    """The build cache's entry for the bytes ARTICLE was parsed from (`BuildCache.parse`),
    when the reader made one: the parent records it without reading the file again."""


Parse = Callable[[Path], tuple[Article, "SourceEntry | None"]]
"""Reads one content file and gives the build cache's entry for it (`BuildCache.parse`)."""


def read_one(path: Path, read: Callable[[Path], Article]) -> Read | None:
    """READ the content file PATH, with the file stamp it was read at; errors as values.

    None when the file was deleted since it was listed.
    """
    return read_sourced(path, lambda where: (read(where), None))


def read_sourced(path: Path, parse: Parse) -> Read | None:
    """`read_one` with PARSE, which also gives the cache's entry for the bytes it parsed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    try:
        article, source = parse(path)
    except ErrorList as exc:
        return Read(stamp, None, tuple(exc.errors))
    except BriefgenError as exc:
        return Read(stamp, None, (exc,))
    return Read(stamp, article, (), source)


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
    paths: Sequence[Path],
    parse: Parse,
    jobs: int,
    meanwhile: Callable[[], None] | None = None,
) -> list[Read | None]:
    """`read_sourced` over PATHS on JOBS forked processes (1: this one), in the order of PATHS.

    PARSE (build.py passes the read stage's function, through the build cache's `parse`)
    is inherited by the forked workers, not pickled; only the articles and their cache
    entries come back. MEANWHILE runs here while they read.
    """
    return map_shared(_read_chunk, parse, paths, jobs, meanwhile)


def _read_chunk(parse: Parse, paths: Sequence[Path]) -> list[Read | None]:
    return [read_sourced(path, parse) for path in paths]


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every worker inherits when it is forked (never pickled)."""

    render: Callable[[str], bytes]
    """Site path → the page's bytes (the render stage, bound to the assembled site)."""
    put: Callable[[str, bytes], Any]
    """Put one page's bytes into the reserve being filled; returns a small record."""
    share: Callable[[str], Any] | None = None
    """After a briefing page: what its worker made that the list pages need too (its
    card), sent back so that no other worker makes it again; None to send nothing."""


def render_and_write(
    site: Site,
    render: Callable[[str], bytes],
    put: Callable[[str, bytes], W],
    jobs: int,
    *,
    after_briefings: Callable[[Sequence[str]], None] | None = None,
    progress: Progress | None = None,
    share: Callable[[str], S] | None = None,
    adopt: Callable[[Sequence[tuple[str, S]]], object] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[W]:
    """RENDER every page of SITE and PUT it into the output, on JOBS worker processes.

    Briefing pages go first: AFTER_BRIEFINGS is then called here with their paths (for
    the search index, which can run on its own core while the other pages render).
    Returns PUT's record for each page, in site order. An error in a worker is raised
    here as it was raised there. This module knows no stage: build.py hands it the
    render and write functions, so workers share them by being forked.

    With SHARE and ADOPT, each worker calls SHARE(path) after a briefing page and sends
    what it gives back; ADOPT gets them all here, (path, shared) in site order, and the
    list pages are rendered by workers forked after it, which inherit what it adopted
    (each briefing's card, made once instead of once in every worker that lists it).
    MEANWHILE runs here once the list pages' workers are forked (threads it starts are
    not forked with them), while they work.
    """
    briefings = [p for p, page in site.pages.items() if isinstance(page, ArticlePage)]
    others = [p for p, page in site.pages.items() if not isinstance(page, ArticlePage)]
    total = len(briefings) + len(others)
    sharing = share is not None and adopt is not None and jobs > 1
    first = _Shared(render, put, share if sharing else None)
    with shared_pool(first, jobs) as pool:
        done = pool.map(_render_chunk, briefings)
        if first.share is not None and adopt is not None:
            adopt([(path, item[1]) for path, item in zip(briefings, done, strict=True)])
            records = {path: item[0] for path, item in zip(briefings, done, strict=True)}
        else:
            records = dict(zip(briefings, done, strict=True))
        del done
        if progress is not None and total:
            progress(len(briefings), total)
        if after_briefings is not None:
            after_briefings(briefings)
        if not sharing:
            # One pool for both: a worker's cache of rendered cards and related entries (see
            # render._helpers) fills on the briefing pages and serves the list pages.
            records.update(zip(others, pool.map(_render_chunk, others, meanwhile), strict=True))
    if sharing:
        # Forked now, the list pages' workers start with every card the first ones made.
        with shared_pool(_Shared(render, put), jobs) as pool:
            records.update(zip(others, pool.map(_render_chunk, others, meanwhile), strict=True))
    if progress is not None and total:
        progress(total, total)
    return [records[path] for path in site.pages]


def _render_chunk(shared: _Shared, paths: Sequence[str]) -> list[Any]:
    """In a worker: render PATHS and write each into the reserve; records only go back
    (with what SHARE gives for each, when the pool shares)."""
    if shared.share is None:
        return [shared.put(path, shared.render(path)) for path in paths]
    return [(shared.put(path, shared.render(path)), shared.share(path)) for path in paths]


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
