"""Atomic writes and the few file helpers that ingest and output share.

A build that finds nothing to do imports this module: ctypes, tempfile and hashlib are
imported where they are used.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import OutputError, describe_os_error

if TYPE_CHECKING:
    import ctypes


@functools.cache
def libc() -> ctypes.CDLL | None:
    """The C library (syncfs, renameat2, prctl), or None where it cannot be loaded.

    On POSIX the process's own symbols include it (dlopen(NULL)): no search, where
    `ctypes.util.find_library` runs `ldconfig -p` in a child process at every start.
    """
    import ctypes

    if os.name == "posix":
        with contextlib.suppress(OSError):  # a static or odd build: searched for below
            return ctypes.CDLL(None, use_errno=True)
    from ctypes.util import find_library

    name = find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def user_cache_dir() -> Path | None:
    """briefgen's folder in this user's cache, shared by every project; None: no cache.

    `$XDG_CACHE_HOME/briefgen`, else `~/.cache/briefgen` (a relative XDG_CACHE_HOME is
    ignored, as the XDG spec says); None with `BRIEFGEN_NO_CACHE` set or no home folder.
    """
    if os.environ.get("BRIEFGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = os.fspath(Path.home() / ".cache")
        except RuntimeError:  # no home folder: nowhere to keep it
            return None
    return Path(base) / "briefgen"


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return sha256_bytes(path.read_bytes())


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write a file so that readers see either the old or the new content, never a mix.

    The bytes go to a temporary file in the same folder, are flushed to disk, and are
    then renamed over the target: rename is atomic on POSIX and Windows file systems.
    A failure (a full disk, say) is an OutputError naming PATH and the real cause.
    """
    import tempfile

    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {describe_os_error(exc)}", path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {describe_os_error(exc)}", path) from exc
        raise


def check_output_dir(output_dir: Path, protected: tuple[Path, ...]) -> None:
    """Refuse an output folder that holds, or is, a folder that stale-file removal would eat."""
    out = output_dir.resolve()
    for folder in protected:
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise OutputError(
                f"the output folder {output_dir} contains {folder}, and building would delete "
                "files in it (set paths.output to a folder of its own, e.g. site)"
            )


def is_within(path: Path, folder: Path) -> bool:
    """True when PATH, with every symlink followed, lies inside FOLDER (also resolved).

    briefgen reads seeds, content and theme files only from inside their folders: a
    symlink out of them (to /etc/passwd, say) would otherwise be published.
    """
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def project_relative(path: Path, root: Path) -> str:
    """PATH relative to ROOT in POSIX form (as front matter and the ingest record hold it).

    A path outside ROOT stays as it is, so a seed given from elsewhere is still named.
    """
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def sorted_files(folder: Path, pattern: str) -> list[Path]:
    """Every file under FOLDER matching PATTERN (recursively), in a stable order.

    Hidden files and folders (a name starting with ".") are left out, and linked folders
    are not entered (as `Path.rglob` does); a link to a file counts as the file.
    """
    return [Path(full) for full in sorted_names(folder, pattern)]


def sorted_names(folder: Path, pattern: str) -> list[str]:
    """`sorted_files` as strings: a no-change build lists 10,000 content files with it,
    and making a Path of each took a third of that build's time (as `Path.rglob` with
    `relative_to` once took most of it)."""
    if not folder.is_dir():
        return []
    matches = re.compile(fnmatch.translate(pattern)).match
    found = [
        (relative, entry.path)
        for relative, entry in tree_entries(folder)
        if matches(entry.name) and _is_file(entry)
    ]
    found.sort()
    return [full for _, full in found]


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether ENTRY is a file or a link to one; False when that cannot be told."""
    try:
        return entry.is_file()  # a link is stat'ed here
    except OSError:
        return False


def tree_entries(folder: Path, strict: bool = False) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under FOLDER that is not a folder, with its '/'-joined path below it.

    Names starting with '.' (a .git folder) are left out, and folders are not followed
    through links. The kind comes with the listing, so nothing is stat'ed here. An
    unreadable folder is left out, as os.walk does, or raises OSError when STRICT.
    """
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((f"{prefix}{name}/", entry.path))
                    else:
                        yield prefix + name, entry
        except OSError:
            if strict:
                raise


def content_names(content_dir: Path) -> list[str]:
    """Every article file under CONTENT_DIR, sorted, as strings: `*.md`, not starting
    with `_` or `.` (content.find_content gives them as Paths)."""
    return [
        full
        for full in sorted_names(content_dir, "*.md")
        if not os.path.basename(full).startswith("_")
    ]


def distribution_name(name: str) -> str:
    """NAME normalized as PEP 503 does (`markdown_it.py` → `markdown-it-py`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def installed_versions() -> Mapping[str, str]:
    """Normalized distribution name → version, by the `NAME-VERSION.dist-info` folders of
    sys.path (the first folder of sys.path that has a name wins, as for importlib.metadata).

    A listing of a few folders: importing importlib.metadata and asking it cost ~30 ms.
    Listed once per process: the cache key and every YAML parse ask for it.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            name, _, version = folder.removesuffix(".dist-info").partition("-")
            if version:
                found.setdefault(distribution_name(name), version)
    return found
