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

import gzip
import hashlib
import json
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


@dataclass(frozen=True, slots=True)
class PendingIndex:
    """A search index being made: a Pagefind run in the background, or a result at once."""

    process: subprocess.Popen[bytes] | None
    """The running binary, or None when no run was needed."""
    work_dir: Path | None
    """The temporary folder holding its input pages and output bundle, removed when done."""
    ready: SearchIndex | None
    """The result when no run was needed (a reused bundle, or search off)."""


def start_index(
    pages: Mapping[str, bytes],
    previous_pages: Mapping[str, bytes] | None = None,
    previous_bundle: Mapping[str, bytes] | None = None,
) -> PendingIndex:
    """Start indexing PAGES (site-relative path → HTML) and return at once.

    The build renders its other pages while Pagefind runs on another core; `finish_index`
    collects the bundle. When PREVIOUS_PAGES (the pages PREVIOUS_BUNDLE was made from) are
    the same paths with the same bytes, that bundle is still right and nothing runs (an
    edit in `serve` that changes no briefing page costs nothing here).
    """
    if previous_pages is not None and previous_bundle and _same_pages(pages, previous_pages):
        return PendingIndex(None, None, SearchIndex(previous_bundle, ""))
    binary, reason = find_pagefind()
    if binary is None:
        return PendingIndex(None, None, SearchIndex({}, f"search is off: {reason}"))
    return _launch(pages, binary)


def finish_index(pending: PendingIndex) -> SearchIndex:
    """Wait for PENDING and return the canonical bundle, or why search is off.

    A failure of the binary is reported in the note, not raised: the rest of the site is
    still worth publishing, and the build says once that search is off.
    """
    if pending.ready is not None:
        return pending.ready
    assert pending.process is not None and pending.work_dir is not None
    try:
        try:
            out, err = pending.process.communicate(timeout=_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            pending.process.kill()
            pending.process.communicate()
            return SearchIndex({}, f"search is off: pagefind took over {_TIMEOUT_SECONDS} s")
        if pending.process.returncode != 0:
            detail = (err or out).decode("utf-8", "replace").strip()
            last = (
                detail.splitlines()[-1] if detail else f"exit status {pending.process.returncode}"
            )
            return SearchIndex({}, f"search is off: pagefind failed: {last}")
        bundle = _read_bundle(pending.work_dir / "bundle")
    finally:
        shutil.rmtree(pending.work_dir, ignore_errors=True)
    try:
        return SearchIndex(canonical_bundle(bundle), "")
    except ValueError as exc:
        return SearchIndex({}, f"search is off: cannot make the pagefind bundle repeatable: {exc}")


def cancel_index(pending: PendingIndex) -> None:
    """Stop PENDING and remove its files (the build failed while it ran)."""
    if pending.process is not None and pending.process.poll() is None:
        pending.process.kill()
        pending.process.communicate()
    if pending.work_dir is not None:
        shutil.rmtree(pending.work_dir, ignore_errors=True)


def index_pages(pages: Mapping[str, bytes], binary: Path) -> SearchIndex:
    """Run BINARY over PAGES and wait for its bundle."""
    return finish_index(_launch(pages, binary))


def build_search(
    pages: Mapping[str, bytes],
    previous_pages: Mapping[str, bytes] | None = None,
    previous_bundle: Mapping[str, bytes] | None = None,
) -> SearchIndex:
    """The search bundle for PAGES, made now (see `start_index` for the reuse rule)."""
    return finish_index(start_index(pages, previous_pages, previous_bundle))


def _launch(pages: Mapping[str, bytes], binary: Path) -> PendingIndex:
    if not pages:
        return PendingIndex(
            None, None, SearchIndex({}, "search is off: there are no briefings to index")
        )
    work_dir = Path(tempfile.mkdtemp(prefix="briefgen-search-"))
    site_dir = work_dir / "site"
    try:
        for path in sorted(pages):
            target = site_dir.joinpath(*PurePosixPath(path).parts)  # paths of the site's pages
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pages[path])
        command = [str(binary), "--site", str(site_dir), "--output-path", "bundle", "--silent"]
        process = subprocess.Popen(
            command, cwd=work_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        shutil.rmtree(work_dir, ignore_errors=True)
        return PendingIndex(None, None, SearchIndex({}, f"search is off: running {binary}: {exc}"))
    return PendingIndex(process, work_dir, None)


def read_published(
    output_dir: Path, pages: Mapping[str, bytes]
) -> tuple[dict[str, bytes] | None, dict[str, bytes] | None]:
    """The bundle a previous build published in OUTPUT_DIR, with the pages it was made from.

    Returned only when the published copies of PAGES have the same bytes, the bundle counts
    as many pages and every file its metadata names is there: then `start_index` reuses
    it, and a build that changed no briefing page (a no-change build, a new stylesheet)
    does not run Pagefind. Anything else gives (None, None). The output folder holds one
    build's pages and bundle together (a build without search removes the bundle).
    """
    bundle_dir = output_dir / SEARCH_DIR
    if not pages or not (bundle_dir / "pagefind-entry.json").is_file():
        return None, None
    try:
        entry = json.loads((bundle_dir / "pagefind-entry.json").read_bytes())
        counts = [lang.get("page_count") for lang in entry.get("languages", {}).values()]
        if sum(c for c in counts if isinstance(c, int)) != len(pages):
            return None, None
        for path in sorted(pages):
            target = output_dir.joinpath(*PurePosixPath(path).parts)
            if target.stat().st_size != len(pages[path]) or target.read_bytes() != pages[path]:
                return None, None
        bundle = _read_bundle(bundle_dir)
        if not _complete(bundle):
            return None, None
    except (OSError, ValueError, AttributeError):
        return None, None
    return dict(pages), bundle


def _complete(bundle: Mapping[str, bytes]) -> bool:
    """True when every file the bundle's metadata names is in BUNDLE."""
    entry = json.loads(bundle[SEARCH_DIR + "pagefind-entry.json"])
    for language in entry.get("languages", {}).values():
        meta_path = f"{SEARCH_DIR}pagefind.{language['hash']}.pf_meta"
        if meta_path not in bundle:
            return False
        meta = _decode(bundle[meta_path])
        if not isinstance(meta, list) or len(meta) < 4:
            return False
        wanted = [f"fragment/{page[0]}.pf_fragment" for page in meta[1]]
        wanted += [f"index/{chunk[-1]}.pf_index" for chunk in meta[2]]
        wanted += [f"filter/{pair[-1]}.pf_filter" for pair in meta[3]]
        if any(SEARCH_DIR + name not in bundle for name in wanted):
            return False
    return True


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


# --- Determinism ---------------------------------------------------------------------
#
# Pagefind writes each filter's values in hash-map order, which changes from run to run;
# the filter files' names (content hashes), the metadata file that lists them and the
# entry file that names the metadata change with it. Everything else is already stable.
# So each filter file is decoded, its values sorted, and the files re-encoded and renamed
# by the hash of their new bytes, the metadata and entry file following. The files are
# gzip-compressed CBOR behind a `pagefind_dcd` signature; the small codec below reads and
# writes only what they use (integers, strings, arrays, maps).

_SIGNATURE = b"pagefind_dcd"


def canonical_bundle(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """BUNDLE with its filter files in sorted order and every name that depends on them redone.

    Raises ValueError when the bundle is not laid out as Pagefind 1.x writes it.
    """
    result = dict(bundle)
    entry_path = SEARCH_DIR + "pagefind-entry.json"
    if entry_path not in result:
        raise ValueError("pagefind-entry.json is missing")
    entry = json.loads(result[entry_path])
    for language in entry.get("languages", {}).values():
        old_hash = language["hash"]
        meta_path = f"{SEARCH_DIR}pagefind.{old_hash}.pf_meta"
        meta = _decode(result.pop(meta_path))
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
            raise ValueError(f"unexpected layout of {meta_path}")
        filters = []
        for name, filter_hash in sorted(meta[3]):
            filter_path = f"{SEARCH_DIR}filter/{filter_hash}.pf_filter"
            data = _decode(result.pop(filter_path))
            if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
                raise ValueError(f"unexpected layout of {filter_path}")
            data = [data[0], sorted(data[1], key=lambda pair: str(pair[0]).encode("utf-8"))]
            encoded = _encode(data)
            new_hash = _hash_name(filter_hash, encoded)
            result[f"{SEARCH_DIR}filter/{new_hash}.pf_filter"] = _pack(encoded)
            filters.append([name, new_hash])
        meta[3] = filters
        encoded = _encode(meta)
        new_hash = _hash_name(old_hash, encoded)
        result[f"{SEARCH_DIR}pagefind.{new_hash}.pf_meta"] = _pack(encoded)
        language["hash"] = new_hash
    result[entry_path] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return dict(sorted(result.items()))


def _hash_name(old: str, data: bytes) -> str:
    """A name like OLD (`en_1a2b3c4`: language, underscore, hex of the same length)."""
    language, _, digits = old.rpartition("_")
    return f"{language}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"


def _pack(encoded: bytes) -> bytes:
    return gzip.compress(encoded, compresslevel=9, mtime=0)


def _decode(data: bytes) -> object:
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise ValueError(f"not gzip data: {exc}") from exc
    if not raw.startswith(_SIGNATURE):
        raise ValueError("no pagefind signature")
    value, end = _cbor_item(raw, len(_SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes after the CBOR value")
    return value


def _cbor_item(data: bytes, at: int) -> tuple[object, int]:
    try:
        head = data[at]
    except IndexError as exc:
        raise ValueError("truncated CBOR") from exc
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        arg = info
    elif info <= 27:
        width = 1 << (info - 24)
        arg = int.from_bytes(data[at : at + width], "big")
        at += width
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        chunk = data[at : at + arg]
        if len(chunk) != arg:
            raise ValueError("truncated CBOR string")
        return (chunk if major == 2 else chunk.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _cbor_item(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, at = _cbor_item(data, at)
            mapping[key], at = _cbor_item(data, at)
        return mapping, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * width):
            return bytes([major << 5 | info]) + arg.to_bytes(width, "big")
    raise ValueError("integer too large for CBOR")


def _encode(value: object) -> bytes:
    return _SIGNATURE + _cbor(value)


def _cbor(value: object) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor(item) for item in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise ValueError(f"unsupported value {value!r}")
