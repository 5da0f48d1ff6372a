"""Rendered briefing pages → a Pagefind search bundle under `pagefind/`, all in memory.

Pagefind (https://pagefind.app) indexes whole words with stemming, ranks by relevance and
returns highlighted excerpts; its bundle is static files fetched in small chunks, so search
works on any static host. Only briefing pages are handed to it (they carry
`data-pagefind-body` and the filter attributes), which keeps the index small and the step
short. The pages are written to a temporary folder, the binary indexes it, and the bundle
is read back into the site's files, so `output.py` publishes it like any page and `serve`
holds it in memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefgen.urls import SEARCH_DIR

BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
"""The environment variable (the one Pagefind's own Python package reads) naming a binary."""
# Parts of the bundle the default theme does not use: Pagefind's own UI kits.
_UNUSED_PREFIXES = (
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
)
_TIMEOUT_SECONDS = 600


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The outcome of the search step: the bundle's files, or why there are none."""

    files: Mapping[str, bytes]
    """Site-relative path (under `pagefind/`) → bytes; empty when search is off."""
    note: str
    """Empty when search works; else one sentence saying search is off and why."""


def find_pagefind() -> tuple[Path | None, str]:
    """The Pagefind binary to run, or None with the reason none is usable.

    Looked for in order: $PAGEFIND_BINARY_PATH, the `pagefind_bin` package that
    `pip install 'pagefind[bin]'` brings, then `pagefind` on PATH.
    """
    named = os.environ.get(BINARY_VARIABLE)
    if named:
        path = Path(named)
        if path.is_file() and os.access(path, os.X_OK):
            return path, ""
        return None, f"${BINARY_VARIABLE} names {named}, which is not an executable file"
    try:
        import pagefind_bin  # type: ignore[import-untyped]

        return Path(pagefind_bin.get_executable()), ""
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("pagefind")
    if found:
        return Path(found), ""
    return None, "the pagefind binary is not installed (pip install 'pagefind[bin]')"


def index_pages(pages: Mapping[str, bytes], binary: Path) -> SearchIndex:
    """Run Pagefind over PAGES (site-relative path → HTML) and return its bundle.

    A failure of the binary is reported in the note, not raised: the rest of the site is
    still worth publishing, and the build says once that search is off.
    """
    if not pages:
        return SearchIndex({}, "search is off: there are no briefings to index")
    with tempfile.TemporaryDirectory(prefix="briefgen-search-") as tmp:
        site_dir = Path(tmp) / "site"
        out_dir = Path(tmp) / "bundle"
        for path in sorted(pages):
            target = site_dir.joinpath(*PurePosixPath(path).parts)  # paths from the site's pages
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pages[path])
        command = [
            str(binary),
            "--site",
            str(site_dir),
            "--output-path",
            str(out_dir),
            "--silent",
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=False, cwd=tmp
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SearchIndex({}, f"search is off: running {binary} failed: {exc}")
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            last = detail.splitlines()[-1] if detail else f"exit status {done.returncode}"
            return SearchIndex({}, f"search is off: pagefind failed: {last}")
        return SearchIndex(_read_bundle(out_dir), "")


def build_search(
    pages: Mapping[str, bytes],
    previous_pages: Mapping[str, bytes] | None = None,
    previous_bundle: Mapping[str, bytes] | None = None,
) -> SearchIndex:
    """The search bundle for PAGES, reusing PREVIOUS_BUNDLE when the pages are unchanged.

    PREVIOUS_PAGES are the pages the previous bundle was made from: when they are the same
    paths with the same bytes, that bundle is still right and Pagefind is not run (an edit
    in `serve` that changes no briefing page costs nothing here).
    """
    if previous_pages is not None and previous_bundle and _same_pages(pages, previous_pages):
        return SearchIndex(previous_bundle, "")
    binary, reason = find_pagefind()
    if binary is None:
        return SearchIndex({}, f"search is off: {reason}")
    return index_pages(pages, binary)


def _same_pages(pages: Mapping[str, bytes], previous: Mapping[str, bytes]) -> bool:
    if len(pages) != len(previous):
        return False
    return all(previous.get(path) == data for path, data in pages.items())


def _read_bundle(out_dir: Path) -> dict[str, bytes]:
    bundle: dict[str, bytes] = {}
    for path in sorted(out_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = PurePosixPath(path.relative_to(out_dir).as_posix())
        if relative.name.startswith(_UNUSED_PREFIXES):
            continue
        bundle[SEARCH_DIR + str(relative)] = path.read_bytes()
    return bundle
