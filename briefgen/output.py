"""Output → site/: publish the whole site in one step, keeping unchanged files as they were.

A build never writes into the live site. It fills a sibling staging folder
(`.site.staging-…` next to `site/`): files whose bytes did not change are hard links to
the old ones (cheap, and their mtimes stay), the rest are written afresh. The staging
folder is flushed to disk and then exchanged with `site/` in one rename, so a build that
dies at any moment (an exception, SIGKILL, a full disk, a power cut) leaves the previous
site complete. Debris of an interrupted build is removed, or recovered, at the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefgen.errors import OutputError, describe_os_error
from briefgen.model import Output

STAGING_MARK = ".staging-"
"""`.NAME.staging-<token>`: a site being built next to NAME (removed when found later)."""
BACKUP_MARK = ".previous-"
"""`.NAME.previous-<token>`: the old site while it is swapped out (restored when found)."""
# mkstemp names of the atomic writes: `.index.html.k2j3h4.tmp`; debris if found later.
_TEMP_NAME = re.compile(r"^\..+\.tmp$")


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed on disk."""

    written: tuple[str, ...]
    """Site-relative paths whose bytes were new or different."""
    removed: tuple[str, ...]
    """Site-relative paths deleted because no page produces them any more."""
    unchanged: int
    """Files left alone because their bytes were already right."""


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


def safe_target(output_dir: Path, relative: str) -> Path:
    """The file for RELATIVE inside OUTPUT_DIR; a path that could leave it is a bug, refused."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    if any("\\" in p for p in parts):
        raise OutputError(f"refusing a path with a backslash: {relative!r}")
    return output_dir.joinpath(*parts)


def write_output(output: Output, output_dir: Path) -> WriteReport:
    """Make OUTPUT_DIR hold exactly OUTPUT, published in one step; unchanged files keep theirs.

    Names starting with '.' in OUTPUT_DIR (a .git folder, .nojekyll) are carried over
    into the new site, except temporary files left by an interrupted write.
    """
    site = _real_site_path(output_dir)
    staging = site.parent / f".{site.name}{STAGING_MARK}{secrets.token_hex(6)}"
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        recover_output(site)
        report = _stage(output, site, staging)
        _flush(staging)
        _swap(staging, site)
    except OSError as exc:
        _clean_up(staging, site)
        where = Path(exc.filename) if exc.filename else staging
        raise OutputError(f"cannot write the site: {describe_os_error(exc)}", where) from exc
    except BaseException:
        _clean_up(staging, site)
        raise
    _remove_tree(staging)  # after the exchange it holds the previous site
    return report


def recover_output(output_dir: Path) -> None:
    """Undo what an interrupted publication left next to OUTPUT_DIR.

    A swapped-out old site with no site in its place is put back; staging folders and
    other backups are deleted (the site in place is complete, old or new).
    """
    site = _real_site_path(output_dir)
    parent = site.parent
    if not parent.is_dir():
        return
    prefix = f".{site.name}"
    backups = sorted(parent.glob(f"{glob_escape(prefix)}{BACKUP_MARK}*"))
    if backups and not site.exists() and not site.is_symlink():
        os.rename(backups.pop(), site)
    for debris in (*parent.glob(f"{glob_escape(prefix)}{STAGING_MARK}*"), *backups):
        _remove_tree(debris)


def glob_escape(text: str) -> str:
    """TEXT with glob wildcards made literal."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _real_site_path(output_dir: Path) -> Path:
    """The output folder with symlinks resolved: the swap replaces a folder, not a link."""
    return output_dir.resolve()


def _stage(output: Output, site: Path, staging: Path) -> WriteReport:
    """Fill STAGING with OUTPUT: links to SITE's unchanged files, new bytes for the rest."""
    staging.mkdir()
    old_files = dict(_regular_files(site)) if site.is_dir() else {}
    written: list[str] = []
    unchanged = 0
    made: set[Path] = {staging}
    for relative, data in output.files.items():
        target = safe_target(staging, relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.update(target.parents)
        old = old_files.get(relative)
        if old is not None and old[1] == len(data) and _same_bytes(old[0], data):
            try:
                os.link(old[0], target, follow_symlinks=False)
                unchanged += 1
                continue
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
            _write_new(target, data)  # no hard links here: an equal copy, counted unchanged
            unchanged += 1
            continue
        _write_new(target, data)
        written.append(relative)
    _carry_dot_entries(site, staging, made)
    removed = sorted(set(old_files) - set(output.files))
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _write_new(path: Path, data: bytes) -> None:
    """Create PATH (it is new in the staging folder) holding DATA, readable by a web server."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _regular_files(site: Path) -> Iterator[tuple[str, tuple[Path, int]]]:
    """Every regular file of SITE that a page may have produced: (relative, (path, size)).

    Symlinks are never followed (a symlinked folder inside site/ cannot lead a build
    outside it), and names starting with '.' are not pages.
    """
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)
        rel_dir = folder.relative_to(site)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = folder / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                yield (rel_dir / name).as_posix(), (path, info.st_size)


def _carry_dot_entries(site: Path, staging: Path, made: set[Path]) -> None:
    """Link every '.name' entry of the old site (.git, .nojekyll) into STAGING.

    Only where no page takes the place; leftover temporary files are dropped.
    """
    if not site.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(site):
        folder = Path(dirpath)
        rel_dir = folder.relative_to(site)
        hidden = any(part.startswith(".") for part in rel_dir.parts)
        for name in (*dirnames, *filenames):
            if not (hidden or name.startswith(".")) or _TEMP_NAME.match(name):
                continue
            source = folder / name
            target = staging / rel_dir / name
            if target.exists() or target.is_symlink():
                continue
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.update(target.parents)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif source.is_dir():
                target.mkdir()
                made.add(target)
            else:
                try:
                    os.link(source, target, follow_symlinks=False)
                except OSError:
                    shutil.copy2(source, target, follow_symlinks=False)
        # Visible folders are walked for their own dot entries; symlinks are not followed.
        dirnames[:] = sorted(d for d in dirnames if not (folder / d).is_symlink())


def _flush(staging: Path) -> None:
    """Put the staged files on disk before the swap, so a power cut cannot publish holes.

    One syncfs() of the file system costs far less than an fsync per file.
    """
    fd = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _LIBC is not None and hasattr(_LIBC, "syncfs"):
            if _LIBC.syncfs(fd) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error), str(staging))
        else:
            os.sync()
    finally:
        os.close(fd)


def _load_libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where it is not available."""
    if _LIBC is None or not hasattr(_LIBC, "renameat2"):
        return False
    result = _LIBC.renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a file system without RENAME_EXCHANGE
    raise OSError(error, os.strerror(error), str(second))


def _swap(staging: Path, site: Path) -> None:
    """Make STAGING the site. Afterwards STAGING holds the previous site, if there was one."""
    if not site.exists():
        os.rename(staging, site)
    elif not _exchange(staging, site):
        # Two renames; between them the site is missing, and recover_output() puts the
        # backup back if the process dies there.
        backup = site.parent / f".{site.name}{BACKUP_MARK}{secrets.token_hex(6)}"
        os.rename(site, backup)
        os.rename(staging, site)
        os.rename(backup, staging)
    _fsync_dir(site.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clean_up(staging: Path, site: Path) -> None:
    """After a failure: drop the staging folder and put a swapped-out site back."""
    with contextlib.suppress(OSError):
        _remove_tree(staging)
        recover_output(site)


def _remove_tree(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)
