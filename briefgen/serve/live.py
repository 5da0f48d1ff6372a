"""The site the server shows right now, swapped in one step, and a bell for the browsers."""

from __future__ import annotations

import dataclasses
import json
import threading
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
    """When the step from version-1 changed only stylesheets: their URL paths."""
    seq: int
    """Grows with every publication, including a new error over the same pages."""

    def state_json(self) -> str:
        """What a browser needs to decide between nothing, a style swap and a reload."""
        return json.dumps(
            {
                "id": self.instance,
                "version": self.version,
                "error": self.error,
                "css": list(self.css_urls),
            },
            ensure_ascii=True,
        )


def diff_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> tuple[str, ...]:
    """Every path added, removed or changed between two outputs, sorted."""
    changed = {key for key, data in new.items() if old.get(key) != data}
    changed.update(key for key in old if key not in new)
    return tuple(sorted(changed))


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
            css_only = (
                bool(changed)
                and not cleared
                and all(key.endswith(".css") and key in files for key in changed)
            )
            css_urls = tuple(self._prefix + key for key in changed) if css_only else ()
            self._snapshot = Snapshot(
                files=dict(files),
                error=error,
                instance=old.instance,
                version=version,
                css_urls=css_urls if version != old.version else old.css_urls,
                seq=old.seq + 1,
            )
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
