"""The search step: briefgen's own index (the default) or a Pagefind bundle, all in memory.

`search:` in briefgen.yaml picks the engine:

- `builtin` (default): `searchindex.py` indexes the briefings' text and names in a forked
  worker while the pages render, so on two cores it costs the build little wall time;
- `pagefind` (https://pagefind.app): the rendered briefing pages (they carry
  `data-pagefind-body` and the filter attributes) are handed to the binary in its service
  mode, over a pipe, and its bundle comes back the same way: nothing is written to a
  temporary folder, so a build killed at any moment leaves nothing behind, and the binary
  ends when the pipe closes. The bundle is made repeatable (`canonical_bundle`);
- `off`: no index; the search page says search is not available.

Either way the files join the site's output, so `output.py` publishes them like any page
and `serve` holds them in memory.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import gzip
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import subprocess
import threading
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path, PurePosixPath
from typing import Any

from briefgen.model import Article
from briefgen.searchindex import build_index
from briefgen.urls import SEARCH_DIR

ENGINES = ("builtin", "pagefind", "off")
"""The values of `search:` in briefgen.yaml, the default first."""
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
"""The environment variable (the one Pagefind's own Python package reads) naming a binary."""
# Parts of the bundle the default theme does not use: Pagefind's own UI kits.
_UNUSED_PREFIXES = (
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "pagefind-playground",
)
_TIMEOUT_SECONDS = 600
# Below this many briefings the builtin index is made in-process: a fork costs more.
_FORK_FROM = 200


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The outcome of the search step: the index files, or why there are none."""

    files: Mapping[str, bytes]
    """Site-relative path (under `search/index/` or `pagefind/`) → bytes; empty when off."""
    note: str
    """Empty when search works or was turned off; else one sentence saying why it is off."""


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


@dataclass(slots=True)
class _Service:
    """A Pagefind process in service mode and the threads talking to it over its pipes."""

    process: subprocess.Popen[bytes]
    """The binary, run with `--service`."""
    done: threading.Event = field(default_factory=threading.Event)
    """Set when the bundle (or an error, or the end of its output) has arrived."""
    files: dict[str, bytes] | None = None
    """The bundle, once it has arrived."""
    error: str = ""
    """Why there is no bundle: Pagefind's error message, or the last line it printed."""
    stderr: list[bytes] = field(default_factory=list)
    """What the binary printed on its error output."""
    threads: list[threading.Thread] = field(default_factory=list)
    """The writer, reader and error-output threads."""


@dataclass(frozen=True, slots=True)
class PendingIndex:
    """A search index being made in the background, or a result at once."""

    service: _Service | None
    """A running Pagefind, or None."""
    worker: BaseProcess | None
    """A forked process making the builtin index, or None."""
    reader: Connection | None
    """The worker's end of the pipe its result comes back on, or None."""
    ready: SearchIndex | None
    """The result when nothing runs in the background (a reused bundle, search off …)."""

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The Pagefind process, if one runs."""
        return self.service.process if self.service is not None else None


def start_builtin(articles: Sequence[Article], taxonomies: Sequence[str]) -> PendingIndex:
    """Start making the builtin index of ARTICLES and return at once.

    On a system with fork and more than one core the index is made in a forked process
    (it inherits the articles: nothing is copied to it) while the caller renders pages;
    `finish_index` collects the files. Otherwise, or for a small site, it is made now.
    """
    context = _fork_context()
    if len(articles) < _FORK_FROM or context is None:
        return PendingIndex(None, None, None, SearchIndex(build_index(articles, taxonomies), ""))
    reader, writer = context.Pipe(duplex=False)
    worker = context.Process(
        target=_builtin_worker, args=(writer, reader, articles, taxonomies), daemon=True
    )
    worker.start()
    writer.close()
    return PendingIndex(None, worker, reader, None)


def _fork_context() -> Any:
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _builtin_worker(
    writer: Connection, reader: Connection, articles: Sequence[Article], taxonomies: Sequence[str]
) -> None:
    """In the forked process: make the index and send it back, or the error's traceback.

    The inherited read end is closed first: were it kept, a parent that died without
    reading (serve stopped by SIGTERM) would leave this process blocked in its write.
    The cycle collector is off: the index makes no cycles, and this process ends when it
    is sent (its ~36 collections took 6-8 ms of a 1k build's 0.5-0.75 s index here).
    """
    reader.close()
    gc.disable()
    try:
        result: tuple[str, object] = ("ok", build_index(articles, taxonomies))
    except BaseException:  # reported by the parent, which raises it
        result = ("error", traceback.format_exc())
    try:
        writer.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except BrokenPipeError:  # the build died or gave up on the index: nobody to tell
        pass
    finally:
        writer.close()


def start_index(
    pages: Mapping[str, bytes],
    previous_pages: Mapping[str, bytes] | None = None,
    previous_bundle: Mapping[str, bytes] | None = None,
) -> PendingIndex:
    """Start a Pagefind index of PAGES (site-relative path → HTML) and return at once.

    The build renders its other pages while Pagefind runs on another core; `finish_index`
    collects the bundle. When PREVIOUS_PAGES (the pages PREVIOUS_BUNDLE was made from) are
    the same paths with the same bytes, that bundle is still right and nothing runs (an
    edit in `serve` that changes no briefing page costs nothing here).
    """
    if previous_pages is not None and previous_bundle and _same_pages(pages, previous_pages):
        return PendingIndex(None, None, None, SearchIndex(previous_bundle, ""))
    binary, reason = find_pagefind()
    if binary is None:
        return PendingIndex(None, None, None, SearchIndex({}, f"search is off: {reason}"))
    return _launch(pages, binary)


def finish_index(pending: PendingIndex) -> SearchIndex:
    """Wait for PENDING and return the index files, or why search is off.

    A failure of the Pagefind binary is reported in the note, not raised: the rest of the
    site is still worth publishing, and the build says once that search is off. A failure
    of the builtin index is a bug, and raised.
    """
    if pending.ready is not None:
        return pending.ready
    if pending.worker is not None and pending.reader is not None:
        return _finish_builtin(pending)
    assert pending.service is not None
    service = pending.service
    try:
        if not service.done.wait(_TIMEOUT_SECONDS):
            return SearchIndex({}, f"search is off: pagefind took over {_TIMEOUT_SECONDS} s")
        if service.files is None:
            return SearchIndex({}, f"search is off: pagefind failed: {_failure(service)}")
        bundle = service.files
    finally:
        _stop(service)
    try:
        return SearchIndex(canonical_bundle(bundle), "")
    except ValueError as exc:
        return SearchIndex({}, f"search is off: cannot make the pagefind bundle repeatable: {exc}")


def _finish_builtin(pending: PendingIndex) -> SearchIndex:
    assert pending.reader is not None and pending.worker is not None
    try:
        try:
            status, value = pickle.loads(pending.reader.recv_bytes())
        except EOFError:
            raise RuntimeError(
                f"the search index worker ended without a result "
                f"(exit status {pending.worker.exitcode})"
            ) from None
    finally:
        pending.reader.close()
        pending.worker.join()
    if status != "ok":
        raise RuntimeError(f"the search index worker failed:\n{value}")
    return SearchIndex(value, "")


def index_ready(pending: PendingIndex) -> bool:
    """True when `finish_index(PENDING)` would return without waiting."""
    if pending.ready is not None:
        return True
    if pending.reader is not None:
        return pending.reader.poll()
    return pending.service is None or pending.service.done.is_set()


def cancel_index(pending: PendingIndex) -> None:
    """Stop PENDING (the build failed while it ran); it leaves nothing behind."""
    if pending.service is not None:
        _stop(pending.service, kill=True)
    if pending.worker is not None:
        if pending.worker.is_alive():
            pending.worker.kill()
        pending.worker.join()
    if pending.reader is not None:
        pending.reader.close()


def index_pages(pages: Mapping[str, bytes], binary: Path) -> SearchIndex:
    """Run BINARY over PAGES and wait for its bundle."""
    return finish_index(_launch(pages, binary))


def build_search(
    pages: Mapping[str, bytes],
    previous_pages: Mapping[str, bytes] | None = None,
    previous_bundle: Mapping[str, bytes] | None = None,
) -> SearchIndex:
    """The Pagefind bundle for PAGES, made now (see `start_index` for the reuse rule)."""
    return finish_index(start_index(pages, previous_pages, previous_bundle))


def _launch(pages: Mapping[str, bytes], binary: Path) -> PendingIndex:
    if not pages:
        return PendingIndex(
            None, None, None, SearchIndex({}, "search is off: there are no briefings to index")
        )
    try:
        process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        return PendingIndex(
            None, None, None, SearchIndex({}, f"search is off: running {binary}: {exc}")
        )
    service = _Service(process)
    index_id: list[int] = []
    created = threading.Event()
    service.threads = [
        threading.Thread(target=_write, args=(service, pages, created, index_id), daemon=True),
        threading.Thread(target=_read, args=(service, created, index_id), daemon=True),
        threading.Thread(target=_read_errors, args=(service,), daemon=True),
    ]
    for thread in service.threads:
        thread.start()
    return PendingIndex(service, None, None, None)


# --- Pagefind's service protocol -------------------------------------------------------
#
# Each message is base64 of a JSON object, followed by a comma, both ways. We send
# NewIndex, wait for its index id, then send one AddFile per page and GetFiles; the
# answer to GetFiles (message id 0 is never used, so ids are 1, 2, …) holds the bundle.


def _message(number: int, payload: dict[str, object]) -> bytes:
    data = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(data.encode("utf-8")) + b","


def _write(
    service: _Service, pages: Mapping[str, bytes], created: threading.Event, index_id: list[int]
) -> None:
    stdin = service.process.stdin
    assert stdin is not None
    try:
        stdin.write(_message(1, {"type": "NewIndex", "config": None}))
        stdin.flush()
        created.wait()
        if not index_id:
            return
        number = 1
        for path in sorted(pages):
            number += 1
            url = "/" + path.removesuffix("index.html")
            request = {
                "type": "AddFile",
                "index_id": index_id[0],
                "file_path": None,
                "url": url,
                "file_contents": pages[path].decode("utf-8", "replace"),
            }
            stdin.write(_message(number, request))
        stdin.write(_message(number + 1, {"type": "GetFiles", "index_id": index_id[0]}))
        stdin.flush()
    except (OSError, ValueError):
        pass  # the process ended: the reader reports why


def _read(service: _Service, created: threading.Event, index_id: list[int]) -> None:
    stdout = service.process.stdout
    assert stdout is not None
    # The answer to GetFiles is one message of tens of megabytes on a large site, read in
    # pipe-sized chunks: the buffer grows in place and only new bytes are searched.
    pending = bytearray()
    scanned = 0
    try:
        while True:
            chunk = stdout.read1(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                break
            pending += chunk
            messages = []
            while (end := pending.find(b",", scanned)) != -1:
                messages.append(bytes(pending[:end]))
                del pending[: end + 1]
                scanned = 0
            scanned = len(pending)
            for raw in messages:
                payload = json.loads(base64.b64decode(raw)).get("payload", {})
                kind = payload.get("type")
                if kind == "NewIndex":
                    index_id.append(int(payload["index_id"]))
                    created.set()
                elif kind == "GetFiles":
                    service.files = _bundle_of(payload["files"])
                    return
                elif kind == "Error":
                    service.error = str(payload.get("message", "an error"))
                    return
    except (OSError, ValueError, KeyError) as exc:
        service.error = f"unreadable answer: {exc}"
    finally:
        created.set()
        service.done.set()


def _read_errors(service: _Service) -> None:
    stderr = service.process.stderr
    assert stderr is not None
    try:
        for line in stderr:
            service.stderr.append(line)
    except (OSError, ValueError):
        pass


def _bundle_of(files: list[dict[str, str]]) -> dict[str, bytes]:
    bundle = {}
    for item in files:
        relative = PurePosixPath(item["path"].lstrip("/"))
        if relative.name.startswith(_UNUSED_PREFIXES):
            continue
        bundle[SEARCH_DIR + str(relative)] = base64.b64decode(item["content"])
    return dict(sorted(bundle.items()))


def _failure(service: _Service) -> str:
    if service.error:
        return service.error
    with contextlib.suppress(subprocess.TimeoutExpired):
        service.process.wait(5)
    for thread in service.threads[2:]:
        thread.join(5)
    detail = b"".join(service.stderr).decode("utf-8", "replace").strip()
    return detail.splitlines()[-1] if detail else f"exit status {service.process.returncode}"


def _stop(service: _Service, kill: bool = False) -> None:
    """End the process and the threads; KILL when the build gave up on it.

    Closing its input ends Pagefind's service mode. A killed process breaks the pipe
    under the writer, which then stops.
    """
    process = service.process
    if kill and process.poll() is None:
        process.kill()
    try:
        if process.stdin is not None:
            process.stdin.close()
    except (OSError, ValueError):
        pass  # a write was cut short by the kill
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for thread in service.threads:
        thread.join(5)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


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
