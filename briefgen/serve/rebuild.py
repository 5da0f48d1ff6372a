"""Turn a batch of changes into the smallest rebuild that is still correct."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.config import Config
from briefgen.errors import BriefgenError, ErrorList
from briefgen.serve.watch import Change, ChangeKind

logger = logging.getLogger(__name__)


RenderFn = Callable[..., Any]
"""`render_site(config, *, drafts, previous, changed) -> SiteState` (briefgen.build)."""
IngestFn = Callable[..., Any]
"""`ingest_seeds(config, *, only=None) -> IngestReport` (briefgen.ingest)."""
LoadFn = Callable[[Path], Config]
"""`load_config(root) -> Config` (briefgen.config)."""
StaticFn = Callable[[Config, Any], Any]
"""`(config, state) -> state` with the theme's static files read afresh (refresh_static)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the server should show after one rebuild attempt."""

    files: Mapping[str, bytes]
    """The newest good pages (the previous ones when this attempt failed)."""
    error: str | None
    """Every current problem, one `file:line: message` per line; None when all is well."""
    config: Config
    """The config in force (a new one after briefgen.yaml changed and loaded)."""
    summary: str
    """One line for the terminal saying what was rebuilt."""


def format_error(exc: BriefgenError, root: Path) -> str:
    """`file:line: message` lines with paths relative to the project, as a person reads them."""
    if isinstance(exc, ErrorList):
        return "\n".join(format_error(error, root) for error in exc.errors)
    if exc.path is None:
        return exc.message
    path = exc.path
    if path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    line = f":{exc.line}" if exc.line is not None else ""
    return f"{path.as_posix()}{line}: {exc.message}"


class Rebuilder:
    """Hold the last good site and re-ingest / re-render what a batch of changes touches.

    A failed attempt keeps the last good site and remembers what it still owes: the
    content paths and whether a full render is due, so a later unrelated edit can never
    hide a file that is still broken behind a cached copy.
    """

    def __init__(
        self,
        config: Config,
        *,
        drafts: bool,
        render: RenderFn,
        ingest: IngestFn,
        load: LoadFn,
        static: StaticFn | None = None,
    ) -> None:
        self.config = config
        self._drafts = drafts
        self._render = render
        self._ingest = ingest
        self._load = load
        self._static = static
        self._owed_static = False
        self._ingested: dict[Path, tuple[int, int]] = {}
        self._state: Any = None
        self._files: Mapping[str, bytes] = {}
        self._owed_content: set[Path] = set()
        self._owed_full = True
        self._config_error: str | None = None
        self._render_error: str | None = None
        self._seed_errors: dict[Path, str] = {}

    # -- the two entry points ------------------------------------------------------------

    def build_all(self) -> Outcome:
        """Ingest every seed and render the whole site (start-up, or a config change)."""
        self._ingest_seeds(None)
        self._owed_full = True
        return self._render_owed("full build")

    def apply(self, changes: frozenset[Change]) -> Outcome:
        """Rebuild for one debounced batch of changes."""
        kinds = {change.kind for change in changes}
        if ChangeKind.CONFIG in kinds:
            try:
                config = self._load(self.config.root)
            except BriefgenError as exc:
                self._config_error = format_error(exc, self.config.root)
                self._remember(changes)
                return self._outcome("config error")
            self._config_error = None
            self.config = config
            self._owed_content.clear()
            return self.build_all()
        if self._config_error is not None:
            # Nothing builds against a broken config; remember the edits for later.
            self._remember(changes)
            return self._outcome("config still broken")

        seeds = [c for c in changes if c.kind is ChangeKind.SEED]
        if any(c.is_dir for c in seeds):
            self._ingest_seeds(None)
        elif seeds:
            self._ingest_seeds(sorted(c.path for c in seeds))
        self._remember(self._drop_ingest_echoes(changes))
        return self._render_owed(_describe(changes, self.config.root))

    def current(self) -> Outcome:
        """The last good pages and the current problems, without building anything."""
        return self._outcome("unchanged")

    # -- steps -----------------------------------------------------------------------------

    def _remember(self, changes: frozenset[Change]) -> None:
        for change in changes:
            if change.kind is ChangeKind.CONTENT and not change.is_dir:
                self._owed_content.add(change.path)
            elif change.kind is ChangeKind.STATIC and self._static is not None:
                self._owed_static = True
            elif change.kind is not ChangeKind.SEED:
                self._owed_full = True  # templates, whole folders, config

    def _drop_ingest_echoes(self, changes: frozenset[Change]) -> frozenset[Change]:
        """Skip content files that still hold exactly what our own ingest just wrote.

        Ingest writes into content/, which the watcher sees a moment later; those files
        were already rendered in the same rebuild as the seed change.
        """
        kept = set()
        for change in changes:
            stamp = self._ingested.pop(change.path, None)
            if (
                stamp is not None
                and change.kind is ChangeKind.CONTENT
                and _stamp(change.path) == stamp
            ):
                continue
            kept.add(change)
        return frozenset(kept)

    def _ingest_seeds(self, only: Sequence[Path] | None) -> None:
        root = self.config.root
        if only is not None:
            for path in (root, *only):  # root: where a failure of ingest itself is filed
                self._seed_errors.pop(path, None)
            only = [path for path in only if path.is_file()]  # a deleted seed: nothing to do
            if not only:
                return  # never pass an empty list: ingest reads that as "every seed"
        else:
            self._seed_errors.clear()
        try:
            report = self._ingest(self.config, only=only)
        except BriefgenError as exc:
            self._seed_errors[root] = format_error(exc, root)
            return
        for warning in report.warnings:
            logger.warning("%s", warning)
        for error in report.errors:
            key = error.path if error.path is not None else root
            if not key.is_absolute():
                key = root / key
            self._seed_errors[key] = format_error(error, root)
        self._owed_content.update(report.written)
        for path in report.written:
            stamp = _stamp(path)
            if stamp is not None:
                self._ingested[path] = stamp

    def _render_owed(self, what: str) -> Outcome:
        full = self._owed_full or self._state is None
        changed = frozenset(self._owed_content)
        try:
            if full:
                state = self._render(self.config, drafts=self._drafts, previous=None)
            elif changed:
                state = self._render(
                    self.config, drafts=self._drafts, previous=self._state, changed=changed
                )
            else:
                state = self._state
            if self._owed_static and not full and self._static is not None:
                state = self._static(self.config, state)  # copy the theme's static files
        except BriefgenError as exc:
            self._render_error = format_error(exc, self.config.root)
            return self._outcome(what)
        self._state = state
        self._files = state.output.files
        self._owed_content.clear()
        self._owed_full = False
        self._owed_static = False
        self._render_error = None
        return self._outcome(what)

    def _outcome(self, what: str) -> Outcome:
        problems = [self._config_error, *sorted(self._seed_errors.values()), self._render_error]
        text = "\n".join(p for p in problems if p)
        return Outcome(files=self._files, error=text or None, config=self.config, summary=what)


def _stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, or None when it is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _describe(changes: frozenset[Change], root: Path) -> str:
    """A short list of what changed, for the log line."""
    names = []
    for change in sorted(changes, key=lambda c: str(c.path)):
        try:
            names.append(change.path.relative_to(root).as_posix())
        except ValueError:
            names.append(str(change.path))
    if len(names) > 3:
        return ", ".join(names[:3]) + f" and {len(names) - 3} more"
    return ", ".join(names)
