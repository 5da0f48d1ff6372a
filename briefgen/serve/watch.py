"""Watch the project, drop editor noise, sort changes by kind and debounce bursts."""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from briefgen.config import CONFIG_NAME, Config

logger = logging.getLogger(__name__)

QUIET_SECONDS = 0.1
"""How long the file system must stay quiet before a rebuild starts."""
SETTLED_QUIET_SECONDS = 0.005
"""The shorter window after an event that says a save is complete (closed after
writing, or renamed into place): nothing more is coming for that file, but a burst of
other files written back to back (a git checkout, a script) still lands in the same
batch; a burst with longer gaps costs at most an extra, cheap incremental rebuild."""
MAX_WAIT_SECONDS = 1.0
"""A rebuild starts at the latest this long after the first change of a burst."""
POLL_SECONDS = 0.5
"""Scan interval of the polling observer (--poll)."""

_EDITOR_SUFFIXES = (
    ".swp",
    ".swo",
    ".swx",
    ".swpx",
    ".tmp",
    ".temp",
    ".bak",
    ".orig",
    ".part",
    ".crdownload",
    ".kate-swp",
)
# Only these event types can change a file's bytes; opened/closed-without-write and
# attribute changes are noise.
_CHANGE_EVENTS = frozenset(
    {
        EVENT_TYPE_CREATED,
        EVENT_TYPE_MODIFIED,
        EVENT_TYPE_MOVED,
        EVENT_TYPE_DELETED,
        EVENT_TYPE_CLOSED,
    }
)


class ChangeKind(enum.Enum):
    """What a changed file is, which decides how much to rebuild."""

    CONFIG = "config"
    SEED = "seed"
    CONTENT = "content"
    TEMPLATE = "template"
    STATIC = "static"


@dataclass(frozen=True, slots=True)
class Change:
    """One relevant path that changed (or vanished) on disk."""

    path: Path
    """The absolute path of the file or folder."""
    kind: ChangeKind
    """Its role in the project."""
    is_dir: bool = False
    """True when a whole folder appeared, moved or vanished: rescan that area."""


@dataclass(frozen=True, slots=True)
class WatchRoots:
    """The places whose changes matter to `serve`."""

    project_dir: Path
    """The project root, watched without recursion for briefgen.yaml."""
    config_path: Path
    """briefgen.yaml, whether or not it exists yet."""
    registry_path: Path
    """The extractor's entity registry: a change re-ingests like a config change."""
    seeds_dir: Path
    """Seed .txt files."""
    content_dir: Path
    """Content .md files."""
    theme_dirs: tuple[Path, ...]
    """Folders holding themes: the project's themes/ and the package's."""

    def existing_dirs(self) -> tuple[tuple[Path, bool], ...]:
        """Every folder to watch now, with its recursion flag, without duplicates."""
        wanted = [
            (self.project_dir, False),
            (self.registry_path.parent, False),
            (self.seeds_dir, True),
            (self.content_dir, True),
        ]
        wanted += [(folder, True) for folder in self.theme_dirs]
        seen: dict[Path, bool] = {}
        for folder, recursive in wanted:
            if folder.is_dir():
                seen[folder] = seen.get(folder, False) or recursive
        return tuple(sorted(seen.items()))


def package_themes_dir() -> Path:
    """The themes shipped inside briefgen (watched so a theme author sees edits live)."""
    return Path(__file__).resolve().parent.parent / "themes"


def watch_roots(config: Config) -> WatchRoots:
    """The watch list for one config; recomputed when briefgen.yaml changes."""
    return WatchRoots(
        project_dir=config.root,
        config_path=config.config_path or config.root / CONFIG_NAME,
        registry_path=config.extraction.registry_path,
        seeds_dir=config.seeds_dir,
        content_dir=config.content_dir,
        theme_dirs=(config.themes_dir, package_themes_dir()),
    )


def is_editor_noise(name: str) -> bool:
    """True for the temporary, swap and backup files editors leave beside a real file."""
    return (
        name.startswith(".")  # .file.swp, .#lock, .goutputstream-*, .DS_Store
        or name.endswith("~")  # vim and emacs backups
        or (name.startswith("#") and name.endswith("#"))  # emacs auto-save
        or name == "4913"  # vim's probe for a writable folder
        or "___jb_" in name  # JetBrains safe write: x___jb_tmp___, x___jb_old___
        or name.lower().endswith(_EDITOR_SUFFIXES)
    )


def _inside(path: Path, folder: Path) -> tuple[str, ...] | None:
    """PATH's parts below FOLDER, or None when it is not inside."""
    try:
        return path.relative_to(folder).parts
    except ValueError:
        return None


def classify_path(path: Path, roots: WatchRoots, *, is_dir: bool = False) -> Change | None:
    """Name the kind of one changed path, or None when it cannot affect the site."""
    if path == roots.config_path or path == roots.registry_path:
        return Change(path, ChangeKind.CONFIG)
    # The order matters when folders nest (content inside seeds, say): the most
    # specific area wins.
    areas = sorted(
        [(roots.content_dir, "content"), (roots.seeds_dir, "seeds")]
        + [(folder, "theme") for folder in roots.theme_dirs],
        key=lambda area: len(area[0].parts),
        reverse=True,
    )
    for folder, area in areas:
        parts = _inside(path, folder)
        if parts is None:
            continue
        if any(is_editor_noise(part) for part in parts):
            return None
        if area == "theme":
            # themes/<name>/static/... is copied as is; anything else is a template
            # or the theme's own settings.
            static = len(parts) >= 3 and parts[1] == "static" and not is_dir
            return Change(path, ChangeKind.STATIC if static else ChangeKind.TEMPLATE, is_dir)
        if not parts:
            return Change(path, ChangeKind.CONTENT if area == "content" else ChangeKind.SEED, True)
        if is_dir:
            kind = ChangeKind.CONTENT if area == "content" else ChangeKind.SEED
            return Change(path, kind, True)
        if area == "content" and path.suffix == ".md":
            return Change(path, ChangeKind.CONTENT)
        if area == "seeds" and path.suffix == ".txt":
            return Change(path, ChangeKind.SEED)
        return None
    return None


def classify_event(event: FileSystemEvent, roots: WatchRoots) -> tuple[Change, ...]:
    """Turn one watchdog event into the relevant changes it stands for.

    A move counts for both ends: an editor that saves by writing `x.md.tmp` and renaming
    it over `x.md` (or vim, which renames `x.md` to `x.md~` and writes a new `x.md`)
    shows up as a change of `x.md`, and the temporary name is dropped as noise.
    """
    if event.event_type not in _CHANGE_EVENTS:
        return ()
    if event.is_directory and event.event_type in (EVENT_TYPE_MODIFIED, EVENT_TYPE_CLOSED):
        return ()  # a folder's mtime moves whenever a child changes; the child reports
    raw = [event.src_path]
    if event.event_type == EVENT_TYPE_MOVED and event.dest_path:
        raw.append(event.dest_path)
    changes = []
    for item in raw:
        text = item.decode() if isinstance(item, bytes) else item
        change = classify_path(Path(text), roots, is_dir=event.is_directory)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def settles(event: FileSystemEvent, changes: tuple[Change, ...]) -> bool:
    """True when EVENT ends a save: the file was closed after writing or renamed into place.

    A plain create or modify may be followed by more writes, and a file renamed away or
    deleted is often about to be written anew (vim's backup dance), so those keep the
    full quiet window.
    """
    if event.event_type == EVENT_TYPE_CLOSED:
        return True
    if event.event_type == EVENT_TYPE_MOVED and event.dest_path:
        dest = event.dest_path
        dest_path = Path(dest.decode() if isinstance(dest, bytes) else dest)
        return any(change.path == dest_path for change in changes)
    return False


@dataclass(frozen=True, slots=True)
class BatchTimes:
    """When one debounced batch came together, on the Debounce's clock (for timing logs)."""

    first: float
    """The first change of the batch was recorded."""
    last: float
    """The last change of the batch was recorded."""
    taken: float
    """The batch was handed to the rebuild loop."""


class Debounce:
    """Collect changes until the file system has been quiet, then hand them over at once.

    Thread-safe: the observer thread calls `add`, the rebuild loop calls `wait`. The
    clock is injectable so the timing rules can be tested without sleeping.
    """

    def __init__(
        self,
        quiet: float = QUIET_SECONDS,
        settled_quiet: float = SETTLED_QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet
        self._settled_quiet = settled_quiet
        self._window = quiet
        self._max_wait = max_wait
        self._clock = clock
        self._changes: set[Change] = set()
        self._first = 0.0
        self._last = 0.0
        self._cond = threading.Condition()
        self.last_batch = BatchTimes(0.0, 0.0, 0.0)
        """When the last batch handed over began, ended and was taken (clock time)."""

    def add(self, changes: Iterable[Change], *, settled: bool = False) -> None:
        """Record changes and restart the quiet window (the short one when SETTLED)."""
        changes = tuple(changes)
        if not changes:
            return
        with self._cond:
            now = self._clock()
            if not self._changes:
                self._first = now
            self._last = now
            self._window = self._settled_quiet if settled else self._quiet
            self._changes.update(changes)
            self._cond.notify_all()

    def _deadline(self) -> float:
        return min(self._last + self._window, self._first + self._max_wait)

    def take_due(self) -> frozenset[Change]:
        """The collected changes if the quiet window has passed, else nothing."""
        with self._cond:
            return self._take_due_locked()

    def _take_due_locked(self) -> frozenset[Change]:
        now = self._clock()
        if self._changes and now >= self._deadline():
            batch = frozenset(self._changes)
            self._changes.clear()
            self.last_batch = BatchTimes(self._first, self._last, now)
            return batch
        return frozenset()

    def wait(self, timeout: float) -> frozenset[Change]:
        """Block up to TIMEOUT for a due batch; an empty set means none came."""
        end = self._clock() + timeout
        with self._cond:
            while True:
                batch = self._take_due_locked()
                if batch:
                    return batch
                now = self._clock()
                if now >= end:
                    return frozenset()
                until = min(self._deadline(), end) if self._changes else end
                self._cond.wait(max(until - now, 0.001))


class _Handler(FileSystemEventHandler):
    """Feed watchdog events, filtered and sorted, into a Debounce."""

    def __init__(self, roots: WatchRoots, debounce: Debounce) -> None:
        super().__init__()
        self._roots = roots
        self._debounce = debounce

    def on_any_event(self, event: FileSystemEvent) -> None:
        changes = classify_event(event, self._roots)
        if changes:
            logger.debug("change: %s", ", ".join(f"{c.kind.value} {c.path}" for c in changes))
            self._debounce.add(changes, settled=settles(event, changes))


def start_observer(roots: WatchRoots, debounce: Debounce, *, poll: bool = False) -> BaseObserver:
    """Watch every existing folder of ROOTS; polling for network drives, containers, WSL."""
    observer: BaseObserver = PollingObserver(timeout=POLL_SECONDS) if poll else Observer()
    handler = _Handler(roots, debounce)
    for folder, recursive in roots.existing_dirs():
        observer.schedule(handler, str(folder), recursive=recursive)
        logger.debug("watching %s%s", folder, " (recursive)" if recursive else "")
    observer.daemon = True
    observer.start()
    return observer


def stop_observer(observer: BaseObserver) -> None:
    """Stop watching and wait briefly for the watcher threads to end."""
    observer.stop()
    observer.join(timeout=1.0)
