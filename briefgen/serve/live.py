"""The site the server shows right now, swapped in one step, and a bell for the browsers."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One consistent state of the served site; a request reads exactly one."""

    files: Mapping[str, bytes]
    """Site-relative POSIX path → bytes, never changed after the snapshot is made."""
    error: str | None
    """The current build error (`file:line: message` lines), shown as an overlay."""
    instance: str
    """Tells this server run apart from a restarted one, so pages reload after a restart."""
    version: int
    """Grows whenever the pages change; a page built at another version reloads."""
    css_urls: tuple[str, ...]
    """The URL paths of the stylesheets the step from version-1 changed (swapped in place)."""
    seq: int
    """Grows with every publication, including a new error over the same pages."""
    page_urls: tuple[str, ...] | None = ()
    """The URL paths of the HTML pages the step from version-1 changed (an open page among
    them patches itself); None when too many changed to list, so every page checks."""
    reload: bool = True
    """True when the step from version-1 needs every open page to reload: a script, image
    or font changed, or an error cleared (or this is the first version)."""

    def state_json(self, *, html: str | None = None) -> str:
        """What a browser needs to decide between nothing, a style swap, a patch and a reload.

        HTML, when given, is the new text of the page the receiving tab shows (non-ASCII
        escaped, like the rest, so the message is plain ASCII).
        """
        state: dict[str, object] = {
            "id": self.instance,
            "version": self.version,
            "error": self.error,
            "css": list(self.css_urls),
            "pages": None if self.page_urls is None else list(self.page_urls),
            "reload": self.reload,
        }
        if html is not None:
            state["html"] = html
        return json.dumps(state, ensure_ascii=True)


def diff_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> tuple[str, ...]:
    """Every path added, removed or changed between two outputs, sorted."""
    changed = {key for key, data in new.items() if old.get(key) != data}
    changed.update(key for key in old if key not in new)
    return tuple(sorted(changed))


MAX_LISTED_PAGES = 200
"""More changed pages than this are sent as "every page" (None): a template edit changes
them all, and a list of thousands of URLs in every event would cost more than it saves."""

_DATA_SUFFIXES = (".xml", ".json", ".txt", ".webmanifest")
"""Files no open page displays (feeds, sitemap, search data): changing them reloads nothing."""


@dataclass(frozen=True, slots=True)
class Step:
    """How the files of one version differ from the previous one, as an open page sees it."""

    css_urls: tuple[str, ...]
    """Changed stylesheets that still exist, swapped in place."""
    page_urls: tuple[str, ...] | None
    """Changed HTML pages (added and removed ones too); None when over MAX_LISTED_PAGES."""
    reload: bool
    """True when something a page loads besides HTML and CSS changed (scripts, images,
    fonts), or a stylesheet vanished: only a full reload is sure to show it."""


def classify_step(changed: tuple[str, ...], files: Mapping[str, bytes], prefix: str) -> Step:
    """Sort the changed site keys into stylesheets, pages and everything else."""
    css: list[str] = []
    pages: list[str] = []
    reload = False
    for key in changed:
        lower = key.lower()
        if lower.endswith((".html", ".htm")):
            pages.append(prefix + key)
        elif lower.endswith(".css") and key in files:
            css.append(prefix + key)
        elif not lower.endswith(_DATA_SUFFIXES):
            reload = True
    listed = tuple(pages) if len(pages) <= MAX_LISTED_PAGES else None
    return Step(css_urls=tuple(css), page_urls=listed, reload=reload)


Listener = Callable[[Snapshot | None], None]
"""Told every new Snapshot in publication order, and None once the site closes."""


class LiveSite:
    """Holds the current Snapshot; `publish` swaps it and tells every listener."""

    def __init__(self, instance: str, prefix: str = "/") -> None:
        self._prefix = prefix
        self._lock = threading.Lock()
        self._closed = False
        self._listeners: list[Listener] = []
        self._snapshot = Snapshot(
            files={}, error=None, instance=instance, version=0, css_urls=(), seq=0
        )
        self.published_at = 0.0
        """time.monotonic() when the last publication was handed to the listeners."""

    @property
    def snapshot(self) -> Snapshot:
        """The current state; reading the attribute is the one atomic step."""
        return self._snapshot

    @property
    def closed(self) -> bool:
        """True once the server is shutting down."""
        return self._closed

    def subscribe(self, listener: Listener) -> None:
        """Call LISTENER with each later publication (it must return at once: it runs
        under the lock on the publisher's thread, which keeps the order of publications)."""
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling LISTENER."""
        with self._lock:
            self._listeners.remove(listener)

    def publish(self, files: Mapping[str, bytes], error: str | None) -> tuple[str, ...] | None:
        """Swap in new pages and/or error; return the changed paths, None if nothing moved.

        The version grows when pages change and also when an error clears, so that every
        open page reloads by itself once the mistake is fixed.
        """
        with self._lock:
            old = self._snapshot
            changed = diff_files(old.files, files)
            cleared = old.error is not None and error is None
            if not changed and error == old.error:
                return None
            version = old.version + 1 if changed or cleared else old.version
            if version == old.version:  # only the error moved: the last step still holds
                step = Step(old.css_urls, old.page_urls, old.reload)
            else:
                step = classify_step(changed, files, self._prefix)
                if cleared:  # the fix may touch anything the error hid: reload
                    step = Step(css_urls=(), page_urls=None, reload=True)
            self._snapshot = Snapshot(
                files=dict(files),
                error=error,
                instance=old.instance,
                version=version,
                css_urls=step.css_urls,
                seq=old.seq + 1,
                page_urls=step.page_urls,
                reload=step.reload,
            )
            self.published_at = time.monotonic()
            for listener in self._listeners:
                listener(self._snapshot)
            return changed

    def replace_files(self, files: Mapping[str, bytes]) -> None:
        """Serve FILES from now on without a new version: no open page needs reloading.

        For files only scripts fetch (the search index made after an edit), never pages.
        """
        with self._lock:
            self._snapshot = dataclasses.replace(self._snapshot, files=dict(files))

    def close(self) -> None:
        """Tell every listener that the site is gone (the server then ends its streams)."""
        with self._lock:
            self._closed = True
            for listener in self._listeners:
                listener(None)
