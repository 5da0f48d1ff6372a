"""Output → site/: publish the whole site in one step, keeping unchanged files as they were.

A build never writes into the live site. It brings a second copy, the reserve
(`.site.reserve` next to `site/`), up to date: files whose bytes did not change become
hard links to the live ones (so their mtimes stay), changed files are written afresh,
stale ones removed. Files are written straight under their own names: the reserve is
private until the swap, which is the one commit point, so no per-file temporary name and
rename is needed (a reserve file that may be a hard link to the live site is unlinked
first, never written through). The reserve is flushed to disk and then exchanged with
`site/` in one rename, and the old site becomes the next build's reserve. A build that
dies at any moment (an exception, SIGKILL, a full disk, a power cut) leaves the previous
site complete, and a build that changes little costs little: after the first two builds
the two copies share every unchanged file, and only what changed is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import logging
import os
import re
import secrets
import shutil
import stat
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from briefgen.errors import OutputError, describe_os_error
from briefgen.fsutil import libc

if TYPE_CHECKING:  # a no-change build imports this module, and never model
    from briefgen.model import Output

try:
    import fcntl
except ImportError:  # not POSIX: no lock (and no renameat2 either)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

FLUSH_PAUSE = 0.2
"""Seconds between two flushes of `Publication.flush_ahead` (each waits for the disk)."""
RESERVE_MARK = ".reserve"
"""`.NAME.reserve`: the second copy of the site NAME, brought up to date and swapped in."""
BACKUP_MARK = ".previous-"
"""`.NAME.previous-<token>`: the old site while it is swapped out (restored when found)."""
STAGING_MARK = ".staging-"
"""`.NAME.staging-<token>`: a folder of an older briefgen's publication, removed when found."""
# Temporary names of an older briefgen's per-file writes: `.index.html.k2j3h4x9.tmp`; debris.
_TEMP_NAME = re.compile(r"^\..+\.tmp$")


@dataclass(frozen=True, slots=True)
class _Tree:
    """What a walk of one copy of the site found (symlinks are never followed)."""

    files: dict[str, int]
    """Site-relative path of every regular file a page may have produced → its inode."""
    folders: set[str]
    """Site-relative paths of the real folders holding them ("" for the top)."""
    dots: list[str]
    """Site-relative paths of entries whose name starts with '.' (.git, .nojekyll)."""
    odd: list[str]
    """Symlinks and other non-regular entries under page names (never kept)."""


@dataclass(frozen=True, slots=True)
class KnownFile:
    """What a published file holds, as the last build recorded it (the build cache)."""

    digest: str
    """output_digest() of its bytes."""
    size: int
    """Its size then."""
    mtime_ns: int
    """Its mtime then: a file edited since has another."""
    inode: int
    """Its inode then: a file replaced since has another."""


def output_digest(data: bytes) -> str:
    """A digest of a page's bytes: SHA-256, cut to 160 bits.

    Every byte of the site is hashed (340 MB at 10,000 briefings). CPUs with SHA
    instructions (x86 since about 2017, ARMv8) hash SHA-256 about twice as fast as
    BLAKE2b, which was used before: 0.2 CPU seconds of a 10,000-briefing cold build.
    """
    return hashlib.sha256(data).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed on disk."""

    written: tuple[str, ...]
    """Site-relative paths whose bytes were new or different."""
    removed: tuple[str, ...]
    """Site-relative paths deleted because no page produces them any more."""
    unchanged: int
    """Files left alone because their bytes were already right."""
    digests: Mapping[str, str]
    """Site-relative path → output_digest() of every file published (for the build cache)."""


def safe_target(output_dir: Path, relative: str) -> Path:
    """The file for RELATIVE inside OUTPUT_DIR; a path that could leave it is a bug, refused."""
    check_relative(relative)
    return output_dir.joinpath(*relative.split("/"))


def check_relative(relative: str) -> None:
    """Refuse a site-relative path that could leave the site (absolute, '..', '\\', '//')."""
    if "\\" in relative:
        raise OutputError(f"refusing a path with a backslash: {relative!r}")
    if not relative or any(p in ("", ".", "..") for p in relative.split("/")):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")


def _parents(relative: str) -> Iterator[str]:
    """The folders holding RELATIVE, innermost first ("a/b/c.html" → "a/b", "a"; no "")."""
    folder = relative.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def write_output(
    output: Output, output_dir: Path, known: Mapping[str, KnownFile] | None = None
) -> WriteReport:
    """Make OUTPUT_DIR hold exactly OUTPUT, published in one step; unchanged files keep theirs.

    Names starting with '.' in OUTPUT_DIR (a .git folder, .nojekyll) are carried over
    into the new site, except temporary files left by an interrupted write. KNOWN (from
    the build cache) says what the live files hold, so they need not be read back.
    """
    with publishing(output_dir, known) as publication:
        publication.make_room(output.files)
        records = [publication.put(relative, data) for relative, data in output.files.items()]
        return publication.finish(output.files, records)


@contextlib.contextmanager
def publishing(
    output_dir: Path, known: Mapping[str, KnownFile] | None = None
) -> Iterator[Publication]:
    """Publish the site at OUTPUT_DIR: fill the Publication yielded, then it is swapped in.

    The reserve is brought up to date under a lock, by this process or by processes it
    forks meanwhile (they inherit the Publication and the lock, see `Publication.put`).
    When the body has called `Publication.finish`, the reserve is flushed and swapped with
    the site; when it raises, the reserve is dropped and the site stays as it was.
    """
    site = output_dir.resolve()  # a symlinked output folder: publish where it points
    reserve = reserve_path(site)
    publication: Publication | None = None
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        with _locked(site.parent):  # two builds at once would share one reserve
            recover_output(site)
            publication = Publication(site, reserve, known or {})
            yield publication
            if publication.report is None:
                raise RuntimeError("a publication ended without finish(); the site is unchanged")
            publication.stop_flushing()
            _flush(reserve)
            _swap(reserve, site)
    except BaseException as exc:
        if publication is not None:
            publication.stop_flushing()
        # The reserve may be half-written; drop it, so a full disk gets its space back.
        with contextlib.suppress(OSError):
            _remove_tree(reserve)
            recover_output(site)
        if isinstance(exc, OSError):
            where = Path(exc.filename) if exc.filename else reserve
            raise OutputError(f"cannot write the site: {describe_os_error(exc)}", where) from exc
        raise


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive flock on FOLDER (where the site and its reserve live) meanwhile."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def reserve_path(output_dir: Path) -> Path:
    """The reserve copy of the site at OUTPUT_DIR: `.NAME.reserve` beside it."""
    site = output_dir.resolve()
    return site.parent / f".{site.name}{RESERVE_MARK}"


def recover_output(output_dir: Path) -> None:
    """Undo what an interrupted publication left next to OUTPUT_DIR.

    Killed between the two renames of the fallback swap: with no site in place the
    swapped-out site is put back; with the new site in place it becomes the reserve.
    Folders of an older briefgen's staging are deleted.
    """
    site = output_dir.resolve()
    parent = site.parent
    if not parent.is_dir():
        return
    prefix = glob_escape(f".{site.name}")
    backups = sorted(parent.glob(f"{prefix}{BACKUP_MARK}*"))
    if backups and not os.path.lexists(site):
        os.rename(backups.pop(), site)
    reserve = reserve_path(site)
    if backups and not os.path.lexists(reserve):
        os.rename(backups.pop(), reserve)
    for debris in (*parent.glob(f"{prefix}{STAGING_MARK}*"), *backups):
        _remove_tree(debris)


def glob_escape(text: str) -> str:
    """TEXT with glob wildcards made literal."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _walk(top: Path) -> _Tree:
    """Walk one copy of the site without following symlinks (no stat calls: dirents only)."""
    tree = _Tree({}, set(), [], [])
    if not top.is_dir() or top.is_symlink():
        return tree
    stack = [("", os.fspath(top))]
    while stack:
        rel_dir, folder = stack.pop()
        tree.folders.add(rel_dir[:-1])
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = rel_dir + entry.name
                if entry.name.startswith("."):
                    tree.dots.append(relative)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((relative + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    tree.files[relative] = entry.inode()
                else:
                    tree.odd.append(relative)  # a symlink (never followed), a fifo, …
    tree.dots.sort()
    tree.odd.sort()
    return tree


@dataclass(frozen=True, slots=True)
class Written:
    """What putting one file into the reserve did: small enough to send between processes."""

    path: str
    """Site-relative path of the file."""
    size: int
    """Its length in bytes."""
    changed: bool
    """True when its bytes were new or different from the live site's (so it was written);
    False when the reserve now holds the live file itself (a hard link)."""
    digest: str
    """output_digest() of its bytes (the build cache's manifest records it)."""


class Publication:
    """The reserve of one site being brought up to date, one file at a time.

    `make_room` first clears the way for the paths to come, `put` then places each file
    (links to the live site's unchanged files, new bytes for the rest), making the
    folders it needs (once in each process), and `finish` removes what no page produces
    any more.
    `put` may run in processes forked after `make_room`: each writes its files straight
    under their names (no two processes put the same path) and reads only what the walks
    found before the fork.
    """

    __slots__ = (
        "_flusher",
        "_folders",
        "_known",
        "_live",
        "_mine",
        "_reserve_dir",
        "_shared_fs",
        "_site_dir",
        "_stop_flushing",
        "report",
        "reserve",
        "site",
    )

    def __init__(
        self, site: Path, reserve: Path, known: Mapping[str, KnownFile] | None = None
    ) -> None:
        self.site = site
        """The live site's folder (resolved)."""
        self.reserve = reserve
        """The reserve's folder beside it, swapped in at the end."""
        self.report: WriteReport | None = None
        """What the publication changed, set by `finish`."""
        if os.path.lexists(reserve) and (reserve.is_symlink() or not reserve.is_dir()):
            reserve.unlink()
        reserve.mkdir(exist_ok=True)
        self._live, self._mine = _walk(site), _walk(reserve)
        # Equal inodes mean one file only on one file system (they normally are: siblings).
        self._shared_fs = site.is_dir() and os.stat(site).st_dev == os.stat(reserve).st_dev
        for relative in self._mine.odd:  # a symlink (a user's, from when this copy was live)
            os.unlink(reserve / relative)
        self._folders = set(self._mine.folders)
        """Folders known to exist in the reserve (grown by `put`, in each process apart)."""
        self._known = known or {}
        """What the live files hold, by the build cache's manifest (no read-back needed)."""
        self._site_dir = os.fspath(site)
        self._reserve_dir = os.fspath(reserve)
        self._flusher: threading.Thread | None = None
        self._stop_flushing = threading.Event()

    def flush_ahead(self) -> None:
        """Put the reserve's files on disk from now on, on a thread, while others are put.

        For a build whose pages are written by other processes: the flush before the
        swap then only waits for the files written last, instead of for the whole site
        (0.1 to 1 s of a 1,000-briefing cold build on a virtual disk). It goes on until
        the publication is swapped in or dropped; only the last flush's failure counts.
        """
        if self._flusher is None:
            self._flusher = threading.Thread(
                target=self._flush_meanwhile, name="briefgen-flush", daemon=True
            )
            self._flusher.start()

    def _flush_meanwhile(self) -> None:
        while not self._stop_flushing.is_set():
            try:
                _flush(self.reserve)
            except OSError as exc:  # the flush before the swap raises it, if it lasts
                log.debug("flushing the reserve ahead: %s", exc)
                return
            self._stop_flushing.wait(FLUSH_PAUSE)

    def stop_flushing(self) -> None:
        """Stop `flush_ahead`'s thread, and wait for it."""
        self._stop_flushing.set()
        if self._flusher is not None:
            self._flusher.join()

    def make_room(self, paths: Iterable[str]) -> None:
        """Remove files where PATHS need folders, and folders where they need files (`put`
        then makes the folders they need that the reserve lacks)."""
        paths = set(paths)
        for relative in paths:
            check_relative(relative)
        wanted_folders = {parent for relative in paths for parent in _parents(relative)}
        for relative in [r for r in self._mine.files if r in wanted_folders]:
            os.unlink(self.reserve / relative)  # a file where a folder is needed now
            del self._mine.files[relative]
        for relative in sorted(self._folders & paths):
            _remove_tree(self.reserve / relative)  # a folder where a file is needed now
            inside = relative + "/"
            self._folders = {f for f in self._folders if f != relative and not f.startswith(inside)}
            for gone in [r for r in self._mine.files if r.startswith(inside)]:
                del self._mine.files[gone]  # went with the folder: not stale, not linked
            self._mine.dots[:] = [d for d in self._mine.dots if not d.startswith(inside)]
        # Every folder is left to `put`, which makes it (and the folders holding it) with
        # its first file: on several processes, in whichever process puts that, instead
        # of in this one alone before they start (955 folders hold folders at 1,000
        # briefings: 0.1 to 0.2 s of mkdir before the first worker, now shared by all).

    def put(self, relative: str, data: bytes) -> Written:
        """Place DATA at RELATIVE in the reserve: a link to the live file when it is equal."""
        check_relative(relative)
        target = os.path.join(self._reserve_dir, relative)
        parent = relative.rpartition("/")[0]
        if parent and parent not in self._folders:  # a page's own folder (see make_room)
            self._make_folder(parent)
        old = self._live.files.get(relative)
        mine = self._mine.files.get(relative)
        digest = output_digest(data)
        if old is not None:
            live = os.path.join(self._site_dir, relative)
            if _same_bytes(live, data, digest, self._known.get(relative)):
                if not (self._shared_fs and mine == old):
                    _link_over(live, target, data, mine is not None)
                return Written(relative, len(data), changed=False, digest=digest)
        if mine is not None:  # maybe a hard link to the live file: never written through
            _unlink_if_there(target)
        _write_over(target, data)
        return Written(relative, len(data), changed=True, digest=digest)

    def keep(self, relative: str, known: KnownFile) -> Written | None:
        """Place the live file at RELATIVE in the reserve unread, as KNOWN says it is.

        For a page an incremental build did not render: the build cache's manifest says
        what the live file holds. None (nothing placed) when its stamp is not KNOWN's any
        more: the caller must then put its bytes. RELATIVE must have been given to
        `make_room` (which checks it).
        """
        old = self._live.files.get(relative)
        live = os.path.join(self._site_dir, relative)
        try:
            info = os.lstat(live)
        except OSError:
            return None
        if old is None or (info.st_size, info.st_mtime_ns, info.st_ino) != (
            known.size,
            known.mtime_ns,
            known.inode,
        ):
            return None
        mine = self._mine.files.get(relative)
        if not (self._shared_fs and mine == old):
            parent = relative.rpartition("/")[0]
            if parent and parent not in self._folders:
                self._make_folder(parent)
            target = os.path.join(self._reserve_dir, relative)
            try:
                _link_over(live, target, b"", mine is not None)
            except OSError:
                return None
            if os.lstat(target).st_ino != info.st_ino:  # copied, not linked (another disk)
                with open(live, "rb") as handle:
                    _write_over(target, handle.read())
        return Written(relative, known.size, changed=False, digest=known.digest)

    def _make_folder(self, folder: str) -> None:
        """Make FOLDER in the reserve (and the folders holding it, when they are missing).

        Another process may make it at the same moment: a folder found there is fine, a
        file or a symlink is an error (a '.name' entry: never followed).
        """
        holder = folder.rpartition("/")[0]
        if holder and holder not in self._folders:
            self._make_folder(holder)  # top down: no mkdir fails for want of its parent
        path = os.path.join(self._reserve_dir, folder)
        try:
            os.mkdir(path)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise
        except FileNotFoundError:  # a holder this process saw is gone: made again
            if not holder:
                raise
            self._make_folder(holder)
            self._make_folder(folder)
        self._folders.add(folder)

    def finish(self, paths: Iterable[str], records: Iterable[Written]) -> WriteReport:
        """Remove what is not in PATHS (every file of the new site), once all are put.

        RECORDS are what `put` returned for them, in whatever process it ran.
        """
        paths = set(paths)
        stale = sorted(set(self._mine.files) - paths)
        for relative in stale:
            os.unlink(self.reserve / relative)
        _mirror_dots(self.site, self.reserve, self._live.dots, self._mine.dots)
        _prune_folders(self.reserve, (*stale, *self._mine.dots, *self._mine.odd))
        removed = sorted(set(self._live.files) - paths)
        written: list[str] = []
        unchanged = 0
        digests: dict[str, str] = {}
        for record in records:
            digests[record.path] = record.digest
            if record.changed:
                written.append(record.path)
            else:
                unchanged += 1
        self.report = WriteReport(tuple(sorted(written)), tuple(removed), unchanged, digests)
        return self.report


def _same_bytes(path: str, data: bytes, digest: str, known: KnownFile | None = None) -> bool:
    """True when the file at PATH holds DATA (whose digest is DIGEST).

    When KNOWN (the build cache's record of the file) still matches the file's stamp, the
    digests are compared and the file is not read back.
    """
    if known is not None:
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns, info.st_ino) == (
            known.size,
            known.mtime_ns,
            known.inode,
        ):
            return len(data) == known.size and digest == known.digest
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _write_over(path: str, data: bytes) -> None:
    """Put DATA at PATH (in the reserve) as a new file, never into an existing inode.

    A file already at PATH is unlinked first (it may be a hard link to the live site);
    the caller does that for the files the walk found, so this is one open, write, close.
    A file half-written when the build dies is in the reserve only, which the next build
    rewrites or removes.
    """
    try:
        fd = os.open(path, _NEW_FILE, 0o644)
    except FileExistsError:
        _unlink_if_there(path)
        fd = os.open(path, _NEW_FILE, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _unlink_if_there(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _link_over(source: str | Path, path: str | Path, data: bytes, exists: bool = True) -> None:
    """Make PATH a hard link to SOURCE (same inode, same mtime); a copy where links fail.

    EXISTS says that PATH may hold a file already, which is unlinked first.
    """
    if exists:
        _unlink_if_there(path)
    try:
        os.link(source, path, follow_symlinks=False)
    except FileExistsError:
        _unlink_if_there(path)
        os.link(source, path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        _write_over(os.fspath(path), data)


def _mirror_dots(site: Path, reserve: Path, live: list[str], mine: list[str]) -> None:
    """Give RESERVE the '.name' entries of SITE (.git, .nojekyll), and no others.

    Temporary files of interrupted writes are never carried over, so they disappear.
    """
    wanted = {r for r in live if not _TEMP_NAME.match(r.rpartition("/")[2])}
    for relative in mine:
        if relative not in wanted:
            _remove_any(reserve / relative)
    for relative in sorted(wanted):
        target = reserve / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _mirror_entry(site / relative, target)


def _mirror_entry(source: Path, target: Path) -> None:
    """Make TARGET a copy of SOURCE made of hard links: files share inodes, links stay links."""
    info = os.lstat(source)
    if stat.S_ISLNK(info.st_mode):
        link = os.readlink(source)
        if not (target.is_symlink() and os.readlink(target) == link):
            _remove_any(target)
            os.symlink(link, target)
    elif stat.S_ISDIR(info.st_mode):
        if target.is_symlink() or (os.path.lexists(target) and not target.is_dir()):
            _remove_any(target)
        target.mkdir(exist_ok=True)
        names = set(os.listdir(source))
        for name in os.listdir(target):
            if name not in names:
                _remove_any(target / name)
        for name in sorted(names):
            _mirror_entry(source / name, target / name)
    elif stat.S_ISREG(info.st_mode):
        try:
            have = os.lstat(target)
        except FileNotFoundError:
            have = None
        if have is None or (have.st_ino, have.st_dev) != (info.st_ino, info.st_dev):
            if have is not None and stat.S_ISDIR(have.st_mode):
                _remove_any(target)
            _link_over(source, target, source.read_bytes())


def _remove_any(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        _remove_tree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _prune_folders(top: Path, removed: Iterable[str]) -> None:
    """Remove the folders under TOP that REMOVED (relative paths) left empty, deepest first."""
    candidates = {
        parent.as_posix()
        for relative in removed
        for parent in PurePosixPath(relative).parents
        if parent.as_posix() != "."
    }
    for relative in sorted(candidates, key=lambda r: (-r.count("/"), r)):
        with contextlib.suppress(OSError):  # not empty: a page or a dot entry is left
            (top / relative).rmdir()


def _flush(folder: Path) -> None:
    """Put the reserve on disk before the swap, so a power cut cannot publish holes.

    One syncfs() of the file system costs far less than an fsync per file.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _LIBC is not None and hasattr(_LIBC, "syncfs"):
            if _LIBC.syncfs(fd) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error), str(folder))
        else:
            os.sync()
    finally:
        os.close(fd)


_LIBC = libc()
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


def _swap(reserve: Path, site: Path) -> None:
    """Make RESERVE the site. Afterwards RESERVE holds the previous site, if there was one."""
    if not os.path.lexists(site):
        os.rename(reserve, site)
    elif not _exchange(reserve, site):
        # Two renames; between them the site is missing, and recover_output() puts the
        # backup back if the process dies there.
        backup = site.parent / f".{site.name}{BACKUP_MARK}{secrets.token_hex(6)}"
        os.rename(site, backup)
        os.rename(reserve, site)
        os.rename(backup, reserve)
    _fsync_dir(site.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)
