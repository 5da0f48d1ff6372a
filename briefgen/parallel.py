"""Run one function over many items on all cores or on a Dask cluster, results in order.

Ingest's per-seed extraction is independent from seed to seed, so it is cut into chunks and
handed to a `concurrent.futures` executor: a local process pool by default (forked on Linux,
so the workers share the gazetteer the parent already loaded), or, with the optional `dask`
extra, a Dask cluster through `distributed.Client(...).get_executor()`. Results come back in
the order of the items whatever the executor, so the output never depends on it.
"""

from __future__ import annotations

import concurrent.futures
import functools
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from briefgen.errors import BriefgenError
from briefgen.fsutil import libc

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

MIN_PARALLEL = 32
"""Fewer items than this run in this process: starting a pool costs more than it saves."""
CHUNKS_PER_WORKER = 8
"""Chunks per worker: enough to even out slow items, few enough to keep pickling cheap."""
MAX_CHUNK = 200
"""The largest chunk, so that a big run still reports errors and spreads work early."""
DASK_PREFIX = "dask://"
DASK_CONNECT_TIMEOUT = 10
"""Seconds to wait for a Dask scheduler to answer."""
DASK_HINT = "pip install 'briefgen[dask]'"


@dataclass(frozen=True, slots=True)
class Workers:
    """Where per-item work runs: this process, a local process pool, or a Dask cluster."""

    jobs: int = 1
    """Local worker processes; 1 runs everything in this process, with no pool."""
    dask_address: str = ""
    """A Dask scheduler's address (`tcp://HOST:PORT`) for `map_chunks`; empty for local
    processes. Work that shares large state (`map_shared`) stays local whatever it says."""


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_workers(jobs: int | None, executor: str | None) -> Workers:
    """The Workers for `--jobs N` and `--executor local|dask://HOST:PORT` (None: defaults)."""
    if jobs is not None and jobs < 1:
        raise BriefgenError(f"--jobs {jobs}: needs 1 or more (1 runs in this process)")
    value = (executor or "local").strip()
    if value == "local":
        return Workers(jobs=default_jobs() if jobs is None else jobs)
    if value.startswith(DASK_PREFIX):
        address = value[len(DASK_PREFIX) :]
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise BriefgenError(
                f"--executor {value}: a Dask scheduler is named dask://HOST:PORT "
                "(e.g. dask://10.0.0.5:8786)"
            )
        return Workers(
            jobs=default_jobs() if jobs is None else jobs, dask_address=f"tcp://{address}"
        )
    raise BriefgenError(f"--executor {value}: unknown executor (use 'local' or 'dask://HOST:PORT')")


def chunked(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """Cut ITEMS into consecutive chunks, about CHUNKS_PER_WORKER per worker."""
    size = max(1, min(MAX_CHUNK, -(-len(items) // (max(1, workers) * CHUNKS_PER_WORKER))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def map_chunks(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: Workers
) -> list[R]:
    """WORK over ITEMS in chunks, on WORKERS; the results in the order of the items.

    WORK must be picklable (a module-level function, or a `functools.partial` of one) and
    return one result per item of its chunk. An exception raised by WORK is raised here, as
    it would be in this process (a pool adds the worker's traceback as its cause).
    """
    if not items:
        return []
    if workers.dask_address:
        with _dask_executor(workers.dask_address) as (executor, threads):
            return _run(executor, work, chunked(items, threads))
    if workers.jobs <= 1 or len(items) < MIN_PARALLEL:
        return list(work(items))
    with _local_pool(workers.jobs) as executor:
        return _run(executor, work, chunked(items, workers.jobs))


def map_shared(
    work: Callable[[S, Sequence[T]], list[R]],
    shared: S,
    items: Sequence[T],
    jobs: int,
    meanwhile: Callable[[], None] | None = None,
) -> list[R]:
    """WORK(SHARED, chunk) over ITEMS in local processes; the results in the order of the items.

    SHARED is handed to each worker once, when it starts (forked on Linux, it is not even
    copied until written), instead of being pickled with every chunk: for large read-only
    state such as the site's name index. MEANWHILE, when given, is called once in this
    process while the workers work (after they are forked, so nothing it makes is copied
    into them), or after WORK when there is no pool.
    """
    if jobs <= 1 or len(items) < MIN_PARALLEL:
        results = list(work(shared, items))
        if meanwhile is not None:
            meanwhile()
        return results
    with shared_pool(shared, jobs) as pool:
        return pool.map(work, items, meanwhile)


class SharedPool(Generic[S]):
    """Local worker processes that all started with one SHARED value, for several maps.

    The workers live as long as the pool, so what they build up while working (caches
    filled by a first map) serves the next map too.
    """

    def __init__(self, shared: S, jobs: int, executor: concurrent.futures.Executor | None) -> None:
        self._shared = shared
        self._jobs = jobs
        self._executor = executor

    def map(
        self,
        work: Callable[[S, Sequence[T]], list[R]],
        items: Sequence[T],
        meanwhile: Callable[[], None] | None = None,
    ) -> list[R]:
        """WORK(SHARED, chunk) over ITEMS; the results in the order of the items.

        Few items (or a pool of one) run in this process. MEANWHILE: see `map_shared`.
        """
        if self._executor is None or len(items) < MIN_PARALLEL:
            results = list(work(self._shared, items))
            if meanwhile is not None:
                meanwhile()
            return results
        bound = functools.partial(_with_shared, work)
        return _run(self._executor, bound, chunked(items, self._jobs), meanwhile)

    def imap(
        self, work: Callable[[S, Sequence[T]], list[R]], items: Sequence[T]
    ) -> Generator[R, None, None]:
        """`map`, giving each result as soon as its chunk and every chunk before it are done.

        The caller can use the first results (write them, say) while the workers still
        compute the rest. Few items (or a pool of one) run in this process, all at once.
        """
        if self._executor is None or len(items) < MIN_PARALLEL:
            yield from work(self._shared, items)
            return
        bound = functools.partial(_with_shared, work)
        yield from _run_in_order(self._executor, bound, chunked(items, self._jobs))


@contextmanager
def shared_pool(shared: S, jobs: int) -> Iterator[SharedPool[S]]:
    """A SharedPool of JOBS processes started with SHARED (none when JOBS is 1).

    The workers are forked when the first map needs them, with SHARED as it is then.
    """
    if jobs <= 1:
        # The work runs here, and the objects that exist now (the site) live through it:
        # frozen, the collections it makes do not go over them again and again.
        with _frozen():
            yield SharedPool(shared, 1, None)
        return
    with _local_pool(jobs, shared) as executor:
        yield SharedPool(shared, jobs, executor)


_worker_shared: Any = None
"""In a worker process of `map_shared`: the SHARED value it was started with (set once)."""


def _start_worker(shared: object, parent: int) -> None:
    global _worker_shared
    _worker_shared = shared
    _die_with(parent)


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when PARENT dies (Linux), even by SIGKILL.

    Orphaned workers would go on writing into a site's reserve, and would hold its lock
    (inherited with the parent's open files) so that the next build waited for ever.
    """
    if sys.platform != "linux":
        return
    c_library = libc()
    if c_library is None:
        return
    c_library.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def _with_shared(work: Callable[[Any, Sequence[T]], list[R]], chunk: Sequence[T]) -> list[R]:
    return work(_worker_shared, chunk)


def _run(
    executor: concurrent.futures.Executor,
    work: Callable[[Sequence[T]], list[R]],
    chunks: list[Sequence[T]],
    meanwhile: Callable[[], None] | None = None,
) -> list[R]:
    return list(_run_in_order(executor, work, chunks, meanwhile))


def _run_in_order(
    executor: concurrent.futures.Executor,
    work: Callable[[Sequence[T]], list[R]],
    chunks: list[Sequence[T]],
    meanwhile: Callable[[], None] | None = None,
) -> Generator[R, None, None]:
    """Every chunk submitted at once; the results given chunk by chunk, in order.
    MEANWHILE (see `map_shared`) runs here once the workers have their chunks.

    A failure, or a caller that stops early, cancels the chunks not yet started.
    """
    futures = [executor.submit(work, chunk) for chunk in chunks]
    try:
        if meanwhile is not None:  # the workers are forked by the first submit
            meanwhile()
        for future, chunk in zip(futures, chunks, strict=True):
            done = future.result()
            if len(done) != len(chunk):
                raise RuntimeError(f"a worker returned {len(done)} results for {len(chunk)} items")
            yield from done
    except BaseException:
        for future in futures:
            future.cancel()
        raise


BUILD_GC_THRESHOLD = 10_000
"""The cyclic collector's first threshold during a build (Python's default is 700)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run a build with the cyclic collector started less often (processes forked meanwhile
    inherit it); the thresholds are as before afterwards.

    A build makes millions of objects that live until it ends (the articles, the site), and
    at the default threshold the collector went over them again and again: at 10,000
    briefings 0.8 s of the parent's CPU, spent on one core before the pages render, and
    1.5 s across all processes; 0.9 s with this threshold (0.3 s in the parent). Cycles are
    still collected, after 10,000 new objects instead of 700.
    """
    before = gc.get_threshold()
    gc.set_threshold(BUILD_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _local_pool(jobs: int, shared: object = None) -> Iterator[concurrent.futures.Executor]:
    """A process pool; on Linux its workers are forked, sharing what the parent loaded.

    `gc.freeze()` keeps the parent's objects out of the collector's reach while the workers
    live, so a collection in a worker does not touch (and copy) every page it inherited.
    """
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with (
        _frozen(),
        concurrent.futures.ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(shared, os.getpid())
        ) as executor,
    ):
        yield executor


@contextmanager
def _frozen() -> Iterator[None]:
    """The objects that exist now kept out of the cyclic collector's reach meanwhile
    (`gc.freeze`): they are not gone over by each collection, nor, in a forked worker,
    touched (and copied)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _dask_executor(address: str) -> Iterator[tuple[concurrent.futures.Executor, int]]:
    """A Dask cluster's executor and its number of worker threads."""
    try:
        import distributed
    except ImportError as exc:
        raise BriefgenError(
            f"--executor dask://{address.removeprefix('tcp://')}: Dask is not installed "
            f"({DASK_HINT})"
        ) from exc
    try:
        client: Any = distributed.Client(
            address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False
        )
    except (OSError, TimeoutError) as exc:
        raise BriefgenError(
            f"--executor dask://{address.removeprefix('tcp://')}: no Dask scheduler answered "
            f"({exc}; start one with `dask scheduler` and workers with `dask worker ADDRESS`)"
        ) from exc
    try:
        threads = sum(client.nthreads().values()) or 1
        yield client.get_executor(), threads
    finally:
        client.close()
