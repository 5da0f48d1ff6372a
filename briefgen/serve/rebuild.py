"""Turn a batch of changes into the smallest rebuild that is still correct.

The stages themselves run in briefgen/build.py's Builder; this module decides, per batch
of watched changes, which of its steps are due, and keeps what a failed attempt still
owes so that a later edit cannot hide a file that is still broken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.build import Builder, UpdateReport
from briefgen.config import Config, load_config
from briefgen.errors import BriefgenError, shown
from briefgen.serve.watch import Change, ChangeKind

logger = logging.getLogger(__name__)


LoadFn = Callable[[Path], Config]
"""`load_config(root) -> Config` (briefgen.config)."""


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


class Rebuilder:
    """Ask the Builder to re-ingest / re-render what a batch of changes touches.

    A failed attempt keeps the last good site and remembers what it still owes: the
    content paths and whether a full render is due, so a later unrelated edit can never
    hide a file that is still broken behind a cached copy.
    """

    def __init__(self, builder: Builder, *, load: LoadFn = load_config) -> None:
        self._builder = builder
        self._load = load
        self._owed_static = False
        self._ingested: dict[Path, tuple[int, int]] = {}
        self._rendered = False
        self._files: Mapping[str, bytes] = {}
        self._owed_content: set[Path] = set()
        self._owed_full = True
        self._config_error: str | None = None
        self._render_error: str | None = None
        self._seed_errors: dict[Path, str] = {}

    @property
    def config(self) -> Config:
        """The config in force (the Builder's)."""
        return self._builder.config

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
                self._config_error = shown(exc, self.config.root)
                self._remember(changes)
                return self._outcome("config error")
            self._config_error = None
            self._builder = self._builder.reconfigured(config)
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

    def refresh_search(self) -> Outcome | None:
        """The site with the search index an edit left to make in the background, once made."""
        report = self._builder.refresh_search()
        if report is None:
            return None
        self._files = report.output.files
        return self._outcome("search index")

    def current(self) -> Outcome:
        """The last good pages and the current problems, without building anything."""
        return self._outcome("unchanged")

    # -- steps -----------------------------------------------------------------------------

    def _remember(self, changes: frozenset[Change]) -> None:
        for change in changes:
            if change.kind is ChangeKind.CONTENT and not change.is_dir:
                self._owed_content.add(change.path)
            elif change.kind is ChangeKind.STATIC:
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
            report = self._builder.ingest(only)
        except BriefgenError as exc:
            self._seed_errors[root] = shown(exc, root)
            return
        for warning in report.warnings:
            logger.warning("%s", warning)
        for error in report.errors:
            key = error.path if error.path is not None else root
            if not key.is_absolute():
                key = root / key
            self._seed_errors[key] = shown(error, root)
        self._owed_content.update(report.written)
        for path in report.written:
            stamp = _stamp(path)
            if stamp is not None:
                self._ingested[path] = stamp

    def _render_owed(self, what: str) -> Outcome:
        full = self._owed_full or not self._rendered
        changed = frozenset(self._owed_content)
        try:
            report: UpdateReport | None = None
            if full:
                report = self._builder.render()
            elif changed:
                report = self._builder.update(changed)
            if self._owed_static and not full:
                report = self._builder.refresh_static()  # copy the theme's static files
        except BriefgenError as exc:
            self._render_error = shown(exc, self.config.root)
            return self._outcome(what)
        if report is not None:
            self._files = report.output.files
        self._rendered = True
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
