"""The persistent build cache in `.briefgen/cache/`: what the last build read and wrote.

A build that changes nothing should cost a walk of two folders. The cache remembers:

- a key: briefgen's code, the libraries that shape output, the theme chain's files, the
  settings, the drafts flag and the Pagefind binary. Articles are reused only under the
  same *read key* (code, taxonomies, content folder); the rest only under the same
  *site key*;
- per content file: its stamp (mtime_ns, size, inode), its SHA-256 and the Article read
  from it. A file whose stamp is unchanged is not read at all; one whose stamp changed
  is hashed, and the cached Article serves when the bytes are the same;
- an output manifest: every file of the last published site with its digest and stamp,
  and the identity of the site folder, so the writer need not read old files back, and a
  build whose inputs all match and whose site is untouched does nothing at all (and
  writes nothing, not even the cache).

Storage is JSON files written atomically (temp file, fsync, rename): `index.json` (key,
stamps, manifest, counts: all a no-change build reads) and the parsed articles in SHARDS
files, `articles/NN.json`, each content file in the one a hash of its key picks (read
only when something must be built). The index names each shard's generation, so files
from two different builds are never mixed. Shards keep memory flat: a build encodes and
writes one at a time (one 55 MB document for 10,000 articles, with its dicts, string and
bytes, once doubled a cold build's peak memory), a build reads one at a time and lets
go of each entry as it decodes it, and an edit rewrites only the shard that holds it.
JSON rather than pickle: `.briefgen/` travels with a project (ingest.json is committed),
and unpickling a file from someone else's repository would run their code. Measured at
10,000 bench articles in one process: JSON loads and decodes in 0.12x the time parsing
the Markdown takes, pickle in 0.04x (55 and 52 MB), and only builds that render anyway
load it.
Anything unreadable, truncated, of another format or with another key is ignored
(logged at debug level): a broken cache only makes a slower build.

Stamps are not trusted when a file changed less than RACY_NS before it was read (its
next edit could keep the same mtime on a coarse clock): such a file is hashed again when
the cache is saved, or on the next build.

The seeds have their own small record, `seeds.json`: the stamp of every seed as it was
before the last ingest that found nothing wrong, with the content file ingest's record
names for it, the stamp of `.briefgen/ingest.json`, and a key (code, extraction settings,
folders, the entity registry's stamp). A build whose seeds all still have those stamps,
whose content files are all there and whose ingest record is untouched skips ingest
without reading a seed or importing it (ingest would hash every seed to find the same).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import os
import stat
import sys
import threading
import time
import types
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from briefgen import __version__
from briefgen.config import Config
from briefgen.errors import BriefgenError
from briefgen.fsutil import atomic_write, distribution_name, installed_versions, tree_entries

if TYPE_CHECKING:  # imported where used: a no-change build never needs them (nor model's cost)
    from briefgen.model import Article
    from briefgen.output import KnownFile

log = logging.getLogger(__name__)

FORMAT = 4
"""Version of the files' layout; a cache of another format is ignored (3: an Article's
body is stored under `body`, as the text of its UTF-8; 4: the manifest has the stamps of
the site's folders)."""
CACHE_DIR = "cache"
"""The cache's folder inside `.briefgen/`."""
INDEX_NAME = "index.json"
ARTICLES_DIR = "articles"
"""The folder of the article shards inside the cache's."""
OLD_ARTICLES_NAME = "articles.json"
"""Format 1's single file of articles, removed when a build saves the cache."""
SHARDS = 64
"""Files the parsed articles are spread over (about 1 MB each for 10,000 articles)."""
SEEDS_NAME = "seeds.json"
"""The seeds' stamps as the last clean ingest saw them, inside the cache's folder."""
RACY_NS = 2_000_000_000
"""A stamp is trusted only if the file's mtime is this much older than when it was read:
two seconds cover the coarsest common clocks (FAT); finer ones make no difference here."""
PACKAGE_DIR = Path(__file__).resolve().parent

ArticleReader = Callable[[Path, bytes | None], "Article"]
"""Reads one content file from its bytes, or from disk when given None
(content.read_article with the settings bound)."""


# The cache's own records are NamedTuples, the types other modules take from it (Summary,
# SeedStamps) frozen dataclasses: a frozen slotted dataclass took ~1 ms to define, and a
# build that finds nothing to do imports this module (five of them were 5 ms of it); a
# NamedTuple takes a tenth of that, and its instances are made faster too (one per
# content file read from the index).


class CacheKey(NamedTuple):
    """What must be equal for the cache's contents to be valid."""

    read: str
    """Digest of what shapes a parsed Article: code, library versions, taxonomies, folder."""
    site: str
    """Digest of the above plus theme files, settings, drafts and Pagefind: the whole site."""


class Stamp(NamedTuple):
    """What a stat of a file says, compared instead of reading it."""

    mtime_ns: int
    """Modification time in nanoseconds."""
    size: int
    """Size in bytes."""
    inode: int
    """Inode number: an editor's save by rename gives a new one."""


class SourceEntry(NamedTuple):
    """One content file as the last build read it."""

    stamp: Stamp
    """Its stamp when read."""
    sha256: str
    """Hex SHA-256 of the bytes the cached Article was parsed from."""
    trusted: bool
    """False when the stamp was taken too close to a change: hash the file before use."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts of the last build, to print the summary line without building."""

    pages: int
    """HTML pages."""
    terms: int
    """Taxonomy terms."""
    feeds: int
    """Atom feeds."""
    articles: int
    """Briefings published."""
    warnings: tuple[str, ...]
    """Warnings the build logged (said again on a no-change build)."""
    search_note: str
    """Why search is off, or "" (said again on a no-change build)."""


FileStamp = tuple[str, int, int, int]
"""(digest, size, mtime_ns, inode) of a published file, as output.KnownFile holds them: a
plain sequence, as JSON gives it (a no-change build of 10,000 briefings reads 30,000)."""
FolderStamp = tuple[int, int, bool]
"""(mtime_ns, inode, trusted) of a site folder. Any name added to a folder, removed or
renamed in it changes its mtime; not trusted when it changed less than RACY_NS before it
was stat'ed (a name added in the same clock tick would leave the mtime as it was)."""


class Manifest(NamedTuple):
    """The published site as the last build left it."""

    folder: tuple[int, int]
    """(st_dev, st_ino) of the site folder: a replaced folder is another site."""
    files: Mapping[str, FileStamp]
    """Site-relative path → digest and stamp of every file a page produced."""
    folders: Mapping[str, FolderStamp]
    """Site-relative path ("" for the top) → stamp of every folder holding those files: a
    folder whose stamp is unchanged and trusted holds the same names, unlisted."""


class Index(NamedTuple):
    """Everything in `index.json`."""

    key: CacheKey
    """The key the contents were made under."""
    generations: tuple[str, ...]
    """Per shard, the token it was written with ("" for none): a shard file whose token
    differs is from another build and is not used."""
    sources: Mapping[str, SourceEntry]
    """Content key (path relative to the content folder) → entry."""
    manifest: Manifest | None
    """The published site; None before the first successful write."""
    summary: Summary | None
    """Counts of the build that made the manifest."""
    built: str = ""
    """`built_digest` of the sources the manifest's site was built from ("" when unknown):
    the next build rebuilds that site from the shards only when SOURCES are those."""
    reads: Mapping[str, frozenset[str] | None] = types.MappingProxyType({})
    """Template name → the Article fields it may show (briefgen/reads.py), as the last
    incremental build worked them out: valid under the same site key (theme and code)."""


class Edits(NamedTuple):
    """What changed in the content folder since the last build, with that build's articles."""

    changed: frozenset[Path]
    """Content files that came, went, or hold other bytes."""
    previous: dict[Path, tuple[Stamp, Article]]
    """Content path → stamp and Article, of every file the last build's site was built
    from (drafts included), in path order."""


def built_digest(sources: Mapping[str, SourceEntry]) -> str:
    """A digest of which content bytes a site was built from (keys and SHA-256s)."""
    return _digest(f"{key}\0{sources[key].sha256}" for key in sorted(sources))


def cache_dir(config: Config) -> Path:
    """`.briefgen/cache/` of the project."""
    return config.root / ".briefgen" / CACHE_DIR


def shard_of(key: str) -> int:
    """The shard that holds the article of content key KEY (the same on every machine)."""
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


def shard_path(config: Config, shard: int) -> Path:
    """`.briefgen/cache/articles/NN.json`."""
    return cache_dir(config) / ARTICLES_DIR / f"{shard:02d}.json"


# --- the key ---------------------------------------------------------------------------


def make_key(
    config: Config, *, drafts: bool, tool: Path | None = None, tool_note: str = ""
) -> CacheKey:
    """The key of a build of CONFIG now; reads theme files, stats package files.

    TOOL is an outside program whose output the site holds (the search indexer, found by
    build.py), or None with TOOL_NOTE saying why there is none.
    """
    from briefgen.theme import load_theme

    read = _digest(
        (
            f"format {FORMAT}",
            f"briefgen {__version__}",
            f"python {sys.version}",
            *_library_versions(),
            *_package_stamps(),
            f"taxonomies {config.taxonomies!r}",
            f"content {config.content_dir}",
        )
    )
    theme = load_theme(config.theme, config.themes_dir)
    search = f"tool {tool} {_stamp_text(tool)}" if tool is not None else f"no tool {tool_note}"
    site = _digest(
        (
            read,
            *_theme_files(theme.theme_dirs),
            f"config {config!r}",
            f"drafts {drafts}",
            search,
        )
    )
    return CacheKey(read=read, site=site)


def _digest(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


LIBRARIES = ("markdown-it-py", "Jinja2", "PyYAML", "MarkupSafe", "anyascii")
"""The libraries whose versions shape the output (part of the cache key)."""


def _library_versions() -> list[str]:
    """`name version` of each of LIBRARIES, as importlib.metadata.version gives it.

    Read from the names of the `*.dist-info` folders on sys.path (`PyYAML-6.0.1.dist-info`),
    where pip installs wheels: importing importlib.metadata and asking it cost ~30 ms of CPU
    on every build, a no-change one too. A library not found that way is asked for.
    """
    found = installed_versions()
    versions = []
    for name in LIBRARIES:
        version = found.get(distribution_name(name))
        if version is None:
            version = _metadata_version(name)
        versions.append(f"{name} {version}")
    return versions


def _metadata_version(name: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _package_stamps() -> list[str]:
    """Stamp of every file of the briefgen package: an edited checkout is new code.

    The version alone says nothing in an editable install, where the code changes under
    one version number; stats of ~100 files cost well under a millisecond (as strings:
    a Path per file cost more than its stat).
    """
    lines = []
    top = os.fspath(PACKAGE_DIR)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        prefix = folder[len(top) + 1 :].replace(os.sep, "/")
        prefix = f"{prefix}/" if prefix else ""
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            try:
                info = os.stat(os.path.join(folder, name))
                lines.append(f"{prefix}{name} {info.st_mtime_ns} {info.st_size}")
            except OSError:
                lines.append(f"{prefix}{name} missing")
    return lines


def _stamp_text(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_mtime_ns} {info.st_size}"


def _theme_files(theme_dirs: Iterable[Path]) -> list[bytes]:
    """Path and bytes of every file in the theme chain (small: read each time)."""
    parts: list[bytes] = []
    for theme_dir in theme_dirs:
        parts.append(os.fsencode(theme_dir))
        for folder, dirs, files in os.walk(theme_dir):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder, name)
                parts.append(os.fsencode(path.relative_to(theme_dir)))
                try:
                    parts.append(path.read_bytes())
                except OSError as exc:
                    parts.append(f"unreadable {exc.errno}".encode())
    return parts


# --- stamps of the content and of the site ---------------------------------------------


def stamp_of(info: os.stat_result) -> Stamp:
    """The Stamp of a stat result."""
    return Stamp(info.st_mtime_ns, info.st_size, info.st_ino)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """(st_dev, st_ino) of FOLDER (symlinks followed), or None when it is missing."""
    try:
        info = folder.resolve().stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def site_matches(output_dir: Path, manifest: Manifest) -> bool:
    """True when OUTPUT_DIR holds exactly the manifest's files, all with their stamps.

    Only stats, one per file and one per folder: a folder whose stamp is as recorded and
    trusted holds the same names, so it is not listed (an untrusted one is; names
    starting with '.', a .git folder, are not the site's, as in output).
    """
    site = os.fspath(output_dir.resolve())
    if folder_identity(output_dir) != manifest.folder:
        return False
    top = site + os.sep
    lstat, is_dir, is_file = os.lstat, stat.S_ISDIR, stat.S_ISREG
    racy: list[str] = []
    try:
        for relative, (mtime_ns, inode, trusted) in manifest.folders.items():
            info = lstat(top + relative if relative else site)
            if info.st_mtime_ns != mtime_ns or info.st_ino != inode or not is_dir(info.st_mode):
                return False
            if not trusted:
                racy.append(relative)
        for relative, (_digest, size, mtime_ns, inode) in manifest.files.items():
            info = lstat(top + relative)
            if (
                info.st_ino != inode
                or info.st_mtime_ns != mtime_ns
                or info.st_size != size
                or not is_file(info.st_mode)
            ):
                return False
        if racy:
            names = _site_names(manifest.files, manifest.folders)
            return all(_holds_only(site, relative, names.get(relative, set())) for relative in racy)
    except (OSError, ValueError, TypeError):  # ValueError, TypeError: a damaged entry
        return False
    return True


def _site_names(files: Iterable[str], folders: Iterable[str]) -> dict[str, set[str]]:
    """Folder → the names FILES and FOLDERS (site-relative) put in it."""
    names: dict[str, set[str]] = {}
    for relative in (*files, *folders):
        if relative:
            parent, _, name = relative.rpartition("/")
            names.setdefault(parent, set()).add(name)
    return names


def _holds_only(site: str, relative: str, names: set[str]) -> bool:
    """True when the site's folder RELATIVE holds no file but NAMES, as a walk of the site
    would find: names starting with '.' are not the site's, and a folder not in NAMES
    counts only if a file lies somewhere below it."""
    with os.scandir(os.path.join(site, relative) if relative else site) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name in names:
                continue
            if not entry.is_dir(follow_symlinks=False):
                return False
            if next(tree_entries(Path(entry.path), strict=True), None) is not None:
                return False
    return True


def site_folders(relatives: Iterable[str]) -> set[str]:
    """Every folder holding the site paths RELATIVES, up to the top ("")."""
    folders = {""}
    for relative in relatives:
        parent = relative.rpartition("/")[0]
        while parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def make_manifest(
    output_dir: Path, digests: Mapping[str, str], linked: Mapping[str, FileStamp] | None = None
) -> Manifest | None:
    """The manifest of a site just published with DIGESTS (None if it cannot be stat'ed).

    DIGESTS (site path → output_digest of its bytes) come from the writer, which worked
    them out while comparing; only the files' and folders' stamps are taken here. LINKED
    are the previous manifest's records of files published again as hard links to the
    same inodes (an incremental build's unread files): their stamps are the same, so they
    are not stat'ed (were one copied instead, the next build finds its stamp changed).

    The build has just written into most folders: their mtimes are too recent to trust
    (a name added in the same clock tick would not change them), and a no-change build
    would have to list them all. So each such folder's mtime is set back by RACY_NS and
    only then listed: a name added before the listing is seen in it (the folder is then
    not trusted), and any added after changes the mtime to now, which the stamp is not.
    """
    site = output_dir.resolve()
    identity = folder_identity(site)
    if identity is None:
        return None
    now_ns = time.time_ns()
    back_ns = now_ns - 2 * RACY_NS
    known: dict[str, FileStamp] = {}
    folders: dict[str, FolderStamp] = {}
    try:
        for relative, digest in digests.items():
            record = linked.get(relative) if linked else None
            if record is not None and record[0] == digest:
                known[relative] = record
                continue
            info = os.lstat(os.path.join(site, relative))
            known[relative] = (digest, info.st_size, info.st_mtime_ns, info.st_ino)
        relatives = site_folders(digests)
        names = _site_names(digests, relatives)
        for relative in sorted(relatives):
            path = os.path.join(site, relative) if relative else os.fspath(site)
            info = os.lstat(path)
            if info.st_mtime_ns >= now_ns - RACY_NS:
                # Not ours, or no lutimes (the folder is then left untrusted: listed each time).
                with contextlib.suppress(PermissionError, NotImplementedError):
                    os.utime(path, ns=(info.st_atime_ns, back_ns), follow_symlinks=False)
                only = _holds_only(os.fspath(site), relative, names.get(relative, set()))
                info = os.lstat(path)
                trusted = only and info.st_mtime_ns < now_ns - RACY_NS
            else:
                trusted = True
            folders[relative] = (info.st_mtime_ns, info.st_ino, trusted)
    except OSError:
        return None
    if folder_identity(site) != identity:
        return None  # another build published meanwhile: these stamps are not of DIGESTS
    return Manifest(identity, types.MappingProxyType(known), types.MappingProxyType(folders))


# --- the cache of one build ------------------------------------------------------------


class BuildCache:
    """The cache as one build uses it: look up, record, and save at the end.

    Created by open_cache(); its methods are the build's three hooks: unchanged()
    before anything is read, read() for each content file, known_output() for the
    writer, then save() after the site is published.
    """

    def __init__(self, config: Config, key: CacheKey | None, index: Index | None) -> None:
        self._config = config
        self._key = key
        self._index = index if index is not None and key is not None else None
        self._shards: dict[int, dict[str, Article | None]] = {}
        self._started_ns = time.time_ns()
        self._sources: dict[str, SourceEntry] = {}
        self._new: dict[str, Article] = {}
        self._peeked: tuple[str, Stamp, bytes] | None = None
        self._storing: threading.Thread | None = None
        self._stored: tuple[tuple[str, ...], dict[str, SourceEntry]] | None = None
        self.parsed = 0
        """Content files read and parsed by this build."""
        self.hashed = 0
        """Content files read only to compare their hash with the cache's."""
        self.reused = 0
        """Content files whose cached Article was used."""

    @property
    def enabled(self) -> bool:
        """False when the key could not be made (the build reports why itself)."""
        return self._key is not None

    def unchanged(self, paths: Iterable[str | Path], output_dir: Path) -> Summary | None:
        """The last build's Summary when nothing changed since it; else None.

        PATHS are the content files found now (strings will do: no Path is made here).
        Stamps are stat'ed; a file whose stamp was not trusted is hashed (then the index
        is saved again with the stamp trusted).
        """
        last = self._last_build()
        if last is None:
            return None
        index, manifest = last
        keys: list[tuple[str | Path, str]] = []
        for path in paths:
            key = self._source_key(path)
            if key is None or key not in index.sources:
                return None
            keys.append((path, key))
        if len(keys) != len(index.sources):
            return None
        racy: list[tuple[str, SourceEntry]] = []
        for path, key in keys:
            entry = index.sources[key]
            try:
                info = os.lstat(path)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode):
                return None
            known = entry.stamp  # compared field by field: no Stamp made per file
            if (
                entry.trusted
                and info.st_mtime_ns == known.mtime_ns
                and info.st_size == known.size
                and info.st_ino == known.inode
            ):
                continue
            now = stamp_of(info)
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                # read() parses these bytes, not new ones
                self._peeked = (os.fspath(path), now, data)
                return None
            racy.append((key, self._entry(info, data, entry.sha256)))
        if not site_matches(output_dir, manifest):
            return None
        if any(entry != index.sources[key] for key, entry in racy):
            sources = dict(index.sources)
            sources.update(racy)
            self._write_index(index._replace(sources=sources))
        self.hashed = len(racy)
        self.reused = len(keys) - self.hashed
        log.debug(
            "build cache: nothing changed (%d content files hashed, %d unread)",
            self.hashed,
            self.reused,
        )
        return index.summary

    def _last_build(self) -> tuple[Index, Manifest] | None:
        """The index and its manifest, when it holds a finished build under this build's
        key (its manifest and counts); else None."""
        index = self._index
        if (
            index is None
            or self._key is None
            or index.key != self._key
            or index.manifest is None
            or index.summary is None
        ):
            return None
        return index, index.manifest

    def edits(self, paths: Iterable[str | Path], output_dir: Path, limit: int) -> Edits | None:
        """The content files changed since the last build, and the articles it used.

        None when the last build's site cannot be rebuilt from the cache: another key, no
        manifest, shards not holding exactly what the site was built from, a site folder
        that does not match the manifest, a record that cannot be decoded, or more than
        LIMIT changed files. PATHS are the content files found now. The unchanged files'
        entries are kept for `save` (their Articles are the ones returned).
        """
        last = self._last_build()
        if last is None or not last[0].built or built_digest(last[0].sources) != last[0].built:
            return None
        index, manifest = last
        content_dir = self._config.content_dir
        changed: set[Path] = set()
        kept: dict[str, SourceEntry] = {}
        found: set[str] = set()
        hashed = 0
        for path in paths:
            key = self._source_key(path)
            if key is None:
                return None
            found.add(key)
            entry = index.sources.get(key)
            if entry is None:
                changed.add(content_dir / key)
                continue
            try:
                info = os.lstat(path)
            except OSError:
                changed.add(content_dir / key)
                continue
            if not stat.S_ISREG(info.st_mode):
                return None
            if entry.trusted and stamp_of(info) == entry.stamp:
                kept[key] = entry
                continue
            try:
                data = Path(path).read_bytes()
            except OSError:
                return None
            sha = hashlib.sha256(data).hexdigest()
            if sha == entry.sha256:
                kept[key] = self._entry(info, data, sha)
                hashed += 1
            else:
                changed.add(content_dir / key)
        changed.update(content_dir / key for key in index.sources if key not in found)
        if len(changed) > limit or not site_matches(output_dir, manifest):
            return None
        previous: dict[Path, tuple[Stamp, Article]] = {}
        for key in sorted(index.sources):
            path = content_dir / key
            article = self._cached_article(key, path)
            if article is None:
                log.debug("build cache: the last build's record of %s is missing", key)
                return None
            previous[path] = (index.sources[key].stamp, article)
        self._sources.update(kept)
        self.hashed += hashed
        self.reused += len(kept) - hashed
        return Edits(frozenset(changed), previous)

    def template_reads(self) -> dict[str, frozenset[str] | None]:
        """What the last build worked out that each template shows (valid: same key)."""
        index = self._index
        if index is None or self._key is None or index.key != self._key:
            return {}
        return dict(index.reads)

    @property
    def cold(self) -> bool:
        """True when the cache knows no content file (first build, fresh, or unusable)."""
        return self._index is None or not self._index.sources

    def read(self, path: Path, reader: ArticleReader) -> Article:
        """The Article of PATH: from the cache when its stamp or bytes match, else READER's."""
        key = self._source_key(path)
        try:
            info = os.lstat(path) if key is not None else None
        except OSError:
            info = None
        if key is None or info is None or not stat.S_ISREG(info.st_mode):
            # Outside the folder or a symlink: not cached (the reader checks containment).
            self.parsed += 1
            return reader(path, None)
        index = self._index
        entry = index.sources.get(key) if index is not None else None
        now = stamp_of(info)
        if entry is not None and entry.trusted and entry.stamp == now:
            article = self._cached_article(key, path)
            if article is not None:
                self.reused += 1
                self._sources[key] = entry
                return article
        peeked = self._peeked
        try:
            if peeked is not None and peeked[:2] == (os.fspath(path), now):
                data, self._peeked = peeked[2], None
            else:
                data = path.read_bytes()
        except OSError:
            self.parsed += 1
            return reader(path, None)  # says why it cannot be read
        sha = hashlib.sha256(data).hexdigest()
        if entry is not None and entry.sha256 == sha:
            article = self._cached_article(key, path)
            if article is not None:
                self.hashed += 1
                self._sources[key] = self._entry(info, data, sha)
                return article
        article = reader(path, data)
        self.record(path, article, self._entry(info, data, sha))
        return article

    def parse(self, path: Path, reader: ArticleReader) -> tuple[Article, SourceEntry | None]:
        """PATH parsed by READER, with the entry `record` keeps for it; nothing is recorded.

        For a cold build's read workers: each hashes the bytes it parses, so the parent
        need not read and hash every file again (0.9 s of a 10,000-briefing build's
        parent, after the workers were done). The entry is None for a file the cache
        does not keep (outside the content folder, a symlink, unreadable).
        """
        if self._source_key(path) is None:
            return reader(path, None), None  # the reader checks containment
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return reader(path, None), None
            data = path.read_bytes()
        except OSError:
            return reader(path, None), None  # says why it cannot be read
        return reader(path, data), self._entry(info, data, hashlib.sha256(data).hexdigest())

    def record(self, path: Path, article: Article, entry: SourceEntry | None) -> None:
        """Keep ARTICLE, parsed from PATH's bytes as ENTRY says (from `parse`), for `save`."""
        self.parsed += 1
        key = self._source_key(path)
        if entry is None or key is None:
            return
        self._sources[key] = entry
        self._new[key] = article

    def known_output(self, output_dir: Path) -> Mapping[str, KnownFile]:
        """What the published site's files hold, for the writer (empty if the site moved)."""
        index = self._index
        if index is None or index.manifest is None:
            return {}
        if folder_identity(output_dir) != index.manifest.folder:
            return {}
        from briefgen.output import KnownFile

        try:
            return {
                path: KnownFile(_str(digest), _int(size), _int(mtime_ns), _int(inode))
                for path, (digest, size, mtime_ns, inode) in index.manifest.files.items()
            }
        except (ValueError, TypeError) as exc:
            log.debug("build cache: the manifest is damaged (%s); files are read back", exc)
            return {}

    def save(
        self,
        output_dir: Path,
        digests: Mapping[str, str],
        summary: Summary,
        linked: Mapping[str, KnownFile] | None = None,
        reads: Mapping[str, frozenset[str] | None] | None = None,
    ) -> None:
        """Record this build (after the site was published); a failure only logs.

        DIGESTS are the published files' digests, from the writer's report; LINKED the
        files published as links to the last build's, unread, with what `known_output`
        read of them in the manifest (see `make_manifest`); READS
        what the templates show, when this build worked it out. The articles are stored
        by `start_storing`'s thread when the build started one, else here.
        """
        if self._key is None:
            return
        records: dict[str, FileStamp] = {
            path: (known.digest, known.size, known.mtime_ns, known.inode)
            for path, known in (linked or {}).items()
        }
        manifest = make_manifest(output_dir, digests, records)
        storing = self._storing
        if storing is None:
            stored = self._store_articles()
        else:
            storing.join()
            stored = self._stored
        if stored is None:
            return
        generations, sources = stored
        try:
            # The site was built from what was read; the next build rebuilds it from the
            # shards only if they still hold exactly that (an entry dropped as changed
            # during the build, or not storable, leaves them short).
            built = built_digest(self._sources)
            if reads is None:
                same = self._index is not None and self._index.key.site == self._key.site
                reads = self._index.reads if same and self._index is not None else {}
            index = Index(self._key, generations, sources, manifest, summary, built, dict(reads))
            self._write_index(index)
            with contextlib.suppress(FileNotFoundError):
                (cache_dir(self._config) / OLD_ARTICLES_NAME).unlink()
        except (BriefgenError, OSError) as exc:
            log.warning("could not save the build cache (the next build is a full one): %s", exc)

    def start_storing(self) -> None:
        """Store the articles read (the shards of `save`) now, on a thread, and return.

        For a build whose pages render in other processes: this one only waits for them
        meanwhile, and the shards' encoding and fsyncs (0.7 s of a 1,000-briefing cold
        build, most of it waiting for the disk) then cost no wall time at the end. Call
        it once every content file is read; `save` waits for the thread. A build that
        fails after it leaves shards that its cache's index does not name: the next build
        reads those articles again, as after an interrupted save.
        """
        if self._key is None or self._storing is not None:
            return
        self._storing = threading.Thread(
            target=self._store_in_thread, name="briefgen-cache", daemon=False
        )
        self._storing.start()

    def _store_in_thread(self) -> None:
        self._stored = self._store_articles()

    def _store_articles(self) -> tuple[tuple[str, ...], dict[str, SourceEntry]] | None:
        """Write the shards: their generations and the sources they hold; None (logged)
        when they could not be written."""
        now_ns = time.time_ns()
        sources: dict[str, SourceEntry] = {}
        for key, entry in self._sources.items():
            settled = self._settle(key, entry, now_ns)
            if settled is not None:
                sources[key] = settled
        try:
            return self._save_shards(sources), sources
        except (BriefgenError, OSError) as exc:
            log.warning("could not save the build cache (the next build is a full one): %s", exc)
            return None

    # --- internals ---

    def _source_key(self, path: str | Path) -> str | None:
        """PATH relative to the content folder, in POSIX form; None outside it."""
        text, top = os.fspath(path), os.fspath(self._config.content_dir) + os.sep
        if (
            text.startswith(top) and ".." not in text
        ):  # the common case, as strings (10,000 a build)
            return text[len(top) :].replace(os.sep, "/")
        try:
            return Path(path).relative_to(self._config.content_dir).as_posix()
        except ValueError:
            return None

    def _entry(self, info: os.stat_result, data: bytes, sha: str) -> SourceEntry:
        trusted = info.st_mtime_ns < self._started_ns - RACY_NS and info.st_size == len(data)
        return SourceEntry(stamp_of(info), sha, trusted)

    def _settle(self, key: str, entry: SourceEntry, now_ns: int) -> SourceEntry | None:
        """ENTRY made trusted if possible: the clock has moved on, and the bytes are the same."""
        if entry.trusted or entry.stamp.mtime_ns >= now_ns - RACY_NS:
            return entry
        path = self._config.content_dir / key
        try:
            info = os.lstat(path)
            data = path.read_bytes()
        except OSError:
            return None
        if stamp_of(info) != entry.stamp or hashlib.sha256(data).hexdigest() != entry.sha256:
            return None  # changed while the build ran: read it next time
        return entry._replace(trusted=True)

    def _save_shards(self, sources: dict[str, SourceEntry]) -> tuple[str, ...]:
        """Write the shards whose articles changed; the generations for the new index.

        SOURCES loses the keys whose article could not be stored. A shard is rewritten
        when one of its articles is new or its set of keys changed; the others are left
        as they are, under their old generation. One shard's data is held at a time.
        """
        from secrets import token_hex

        assert self._key is not None
        old = self._index
        reusable = old is not None and old.key.read == self._key.read
        generations = list(old.generations) if old is not None and reusable else [""] * SHARDS
        before: dict[int, set[str]] = {}
        for key in old.sources if old is not None and reusable else ():
            before.setdefault(shard_of(key), set()).add(key)
        after: dict[int, list[str]] = {}
        for key in sources:
            after.setdefault(shard_of(key), []).append(key)
        for shard in range(SHARDS):
            keys = sorted(after.get(shard, ()))
            if set(keys) == before.get(shard, set()) and not any(k in self._new for k in keys):
                continue  # as the last build left it
            stored = {}
            if any(k not in self._new for k in keys):
                stored = self._read_shard(shard, generations[shard])
            articles: dict[str, Any] = {}
            for key in keys:
                new = self._new.get(key)
                encoded = encode_article(new) if new is not None else stored.get(key)
                if encoded is None:
                    del sources[key]  # cannot be stored, or lost: read it next time
                    continue
                articles[key] = encoded
            path = shard_path(self._config, shard)
            if not articles:
                generations[shard] = ""
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            generations[shard] = token_hex(8)
            payload = {"format": FORMAT, "generation": generations[shard], "articles": articles}
            atomic_write(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        return tuple(generations)

    def _read_shard(self, shard: int, generation: str) -> dict[str, Any]:
        """The encoded articles in SHARD's file if it is of GENERATION, else {}."""
        if not generation:
            return {}
        path = shard_path(self._config, shard)
        try:
            payload = json.loads(path.read_bytes())
            if (
                payload.get("format") == FORMAT
                and payload.get("generation") == generation
                and isinstance(payload.get("articles"), dict)
            ):
                articles: dict[str, Any] = payload["articles"]
                return articles
            log.debug("build cache: %s is from another build; not used", path)
        except (OSError, ValueError, AttributeError) as exc:
            log.debug("build cache: %s unreadable (%s); not used", path, exc)
        return {}

    def _cached_article(self, key: str, path: Path) -> Article | None:
        index = self._index
        if index is None or self._key is None or index.key.read != self._key.read:
            return None
        shard = shard_of(key)
        articles = self._shards.get(shard)
        if articles is None:
            articles = self._shards[shard] = self._decode_shard(shard, index.generations[shard])
        article = articles.pop(key, None)
        if article is not None and article.content_path != path:
            article = dataclasses.replace(article, content_path=path)
        return article

    def _decode_shard(self, shard: int, generation: str) -> dict[str, Article | None]:
        """SHARD's articles decoded at once, so that only one shard's JSON is ever held
        (the build needs the Articles anyway; a broken entry is None: read again)."""
        decoded: dict[str, Article | None] = {}
        content_dir = self._config.content_dir
        for key, encoded in self._read_shard(shard, generation).items():
            try:
                decoded[key] = decode_article(encoded, content_dir / key, key)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                log.debug("build cache: entry %s unreadable (%s); read again", key, exc)
                decoded[key] = None
        return decoded

    def _write_index(self, index: Index) -> None:
        try:
            atomic_write(
                cache_dir(self._config) / INDEX_NAME,
                json.dumps(encode_index(index), ensure_ascii=False, separators=(",", ":")),
            )
            _ignore_in_git(self._config)
        except (BriefgenError, OSError) as exc:
            log.warning("could not save the build cache (the next build is a full one): %s", exc)


# --- the seeds: a build whose seeds are unchanged skips ingest --------------------------


@dataclass(frozen=True, slots=True)
class SeedStamps:
    """The seed files as a stat of each saw them, taken before ingest reads them."""

    key: str
    """Digest of what shapes ingest's output besides the seeds (code, extraction
    settings, folders, the entity registry's stamp)."""
    seeds: Mapping[str, Stamp]
    """Seed source (project-relative POSIX path, as ingest's record names it) → stamp."""
    trusted: bool
    """False when a seed changed within RACY_NS of the stat, or is a link or lies outside
    the project: then the stamps are not worth recording, and ingest reads every seed."""


def stamp_seeds(config: Config) -> SeedStamps:
    """Stat every seed ingest would read (`seeds/**/*.txt`), reading none of them."""
    from briefgen.fsutil import project_relative, sorted_names

    now_ns = time.time_ns()
    key = _digest(
        (
            f"format {FORMAT}",
            f"briefgen {__version__}",
            f"python {sys.version}",
            *_package_stamps(),
            f"extraction {config.extraction!r}",
            f"folders {config.root} {config.seeds_dir} {config.content_dir}",
            f"registry {_stamp_text(config.extraction.registry_path)}",
        )
    )
    seeds_dir = os.fspath(config.seeds_dir)
    top = seeds_dir + os.sep
    prefix = project_relative(config.seeds_dir, config.root)
    trusted = not os.path.isabs(prefix) and ".." not in prefix.split("/")
    seeds: dict[str, Stamp] = {}
    for full in sorted_names(config.seeds_dir, "*.txt"):
        try:
            info = os.lstat(full)
        except OSError:
            trusted = False
            continue
        # A link is read through (ingest resolves and checks it): not worth a stamp.
        if not stat.S_ISREG(info.st_mode) or not full.startswith(top):
            trusted = False
            continue
        if info.st_mtime_ns >= now_ns - RACY_NS:
            trusted = False  # its next edit could keep this mtime
        relative = full[len(top) :].replace(os.sep, "/")
        seeds[f"{prefix}/{relative}"] = stamp_of(info)
    return SeedStamps(key, types.MappingProxyType(seeds), trusted)


def seeds_unchanged(config: Config, stamps: SeedStamps) -> bool:
    """True when an ingest now would find what the last clean one found: nothing to do.

    Every seed has the stamp recorded before that ingest, no seed came or went, the
    ingest record and the settings are the same, no interrupted run left a journal, and
    every content file the record names for these seeds is still there (ingest warns
    about one deleted by hand, so a build without it runs ingest to say so again).
    """
    if not stamps.trusted:
        return False
    path = cache_dir(config) / SEEDS_NAME
    try:
        data = json.loads(path.read_bytes())
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("key") != stamps.key
        ):
            return False
        record = _ingest_record(config)
        if record is None or list(record) != data["record"]:
            return False
        if os.path.lexists(config.root / ".briefgen" / INGEST_JOURNAL):
            return False
        recorded = data["seeds"]
        if not isinstance(recorded, dict) or len(recorded) != len(stamps.seeds):
            return False
        root = os.fspath(config.root)
        for source, stamp in stamps.seeds.items():
            mtime_ns, size, inode, content = recorded[source]
            if (mtime_ns, size, inode) != (stamp.mtime_ns, stamp.size, stamp.inode):
                return False
            if not os.path.exists(os.path.join(root, content)):
                return False
    except FileNotFoundError:
        return False
    except (OSError, ValueError, TypeError, KeyError) as exc:
        log.debug("build cache: %s is not usable (%s); ingest reads the seeds", path, exc)
        return False
    return True


def save_seed_stamps(config: Config, stamps: SeedStamps, *, clean: bool) -> None:
    """Record STAMPS after an ingest; CLEAN says it had nothing to report. Failures only log.

    STAMPS must have been taken before that ingest read the seeds, so a seed edited while
    it ran has another stamp now and is read next time. Nothing is recorded (and an older
    record is removed) when the ingest was not CLEAN (its errors and warnings are said
    again by the next one), a stamp is not trusted, or the ingest record names no
    content file for a seed.
    """
    path = cache_dir(config) / SEEDS_NAME
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # whatever happens below, an older record no longer holds
    if not clean or not stamps.trusted:
        return
    record = _ingest_record(config)
    try:
        state = json.loads((config.root / ".briefgen" / INGEST_RECORD).read_bytes())["seeds"]
        seeds = {
            source: [stamp.mtime_ns, stamp.size, stamp.inode, _str(state[source]["content"])]
            for source, stamp in stamps.seeds.items()
        }
    except (OSError, ValueError, TypeError, KeyError) as exc:
        log.debug("build cache: the seeds' stamps are not recorded (%s)", exc)
        return
    if record is None or os.path.lexists(config.root / ".briefgen" / INGEST_JOURNAL):
        return
    payload = {"format": FORMAT, "key": stamps.key, "record": list(record), "seeds": seeds}
    try:
        atomic_write(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        _ignore_in_git(config)
    except (BriefgenError, OSError) as exc:
        log.warning("could not save the build cache (the next build reads every seed): %s", exc)


def _ignore_in_git(config: Config) -> None:
    """A `.gitignore` in the cache's folder: `.briefgen/` is committed, the cache never."""
    ignore = cache_dir(config) / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, "# briefgen's build cache: never commit it\n*\n")


INGEST_RECORD = "ingest.json"
"""Ingest's record in `.briefgen/` (briefgen.ingest.STATE_NAME, not imported: see above)."""
INGEST_JOURNAL = "ingest.journal"
"""The journal an interrupted ingest leaves in `.briefgen/` (briefgen.ingest.JOURNAL_NAME)."""


def _ingest_record(config: Config) -> tuple[int, int, int] | None:
    """(mtime_ns, size, inode) of `.briefgen/ingest.json`, or None when it is missing."""
    try:
        info = os.stat(config.root / ".briefgen" / INGEST_RECORD)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def open_cache(
    config: Config,
    *,
    drafts: bool,
    fresh: bool = False,
    tool: Path | None = None,
    tool_note: str = "",
) -> BuildCache:
    """The cache for a build of CONFIG; with FRESH (or when unusable) an empty one.

    TOOL and TOOL_NOTE are as for `make_key`.
    """
    try:
        key = make_key(config, drafts=drafts, tool=tool, tool_note=tool_note)
    except (BriefgenError, OSError) as exc:
        log.debug("build cache off: %s", exc)
        return BuildCache(config, None, None)
    index = None if fresh else load_index(cache_dir(config) / INDEX_NAME)
    return BuildCache(config, key, index)


def load_index(path: Path) -> Index | None:
    """The index at PATH, or None when it is missing, broken or of another format."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug("build cache: cannot read %s (%s); building without it", path, exc)
        return None
    try:
        return decode_index(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.debug("build cache: %s is not a usable index (%s); building without it", path, exc)
        return None


# --- JSON forms ------------------------------------------------------------------------


def encode_index(index: Index) -> dict[str, Any]:
    """INDEX as JSON-ready data."""
    manifest = index.manifest
    summary = index.summary
    return {
        "format": FORMAT,
        "key": [index.key.read, index.key.site],
        "generations": list(index.generations),
        "sources": {
            key: [e.stamp.mtime_ns, e.stamp.size, e.stamp.inode, e.sha256, e.trusted]
            for key, e in sorted(index.sources.items())
        },
        "manifest": None
        if manifest is None
        else {
            "folder": list(manifest.folder),
            "files": {path: list(known) for path, known in sorted(manifest.files.items())},
            "folders": {path: list(stamp) for path, stamp in sorted(manifest.folders.items())},
        },
        "summary": None if summary is None else dataclasses.asdict(summary),
        "built": index.built,
        "reads": {
            name: None if fields is None else sorted(fields)
            for name, fields in sorted(index.reads.items())
        },
    }


def decode_index(data: Any) -> Index:
    """The Index in DATA; ValueError (or TypeError, KeyError) when it is not one."""

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format') if isinstance(data, dict) else data!r}")
    read, site = data["key"]
    # Checked inline, not through _int and _str: 30,000 entries at 10,000 briefings.
    sources = {}
    for key, (m, s, i, sha, trusted) in data["sources"].items():
        if type(m) is not int or type(s) is not int or type(i) is not int or type(sha) is not str:
            raise TypeError(f"source entry {key!r} is not (mtime, size, inode, sha256, trusted)")
        sources[key] = SourceEntry(Stamp(m, s, i), sha, trusted is True)
    manifest = None
    if data["manifest"] is not None:
        # Taken as they are: thousands of entries, each checked where it is used (a
        # damaged one fails site_matches and is dropped by known_output).
        dev, ino = data["manifest"]["folder"]
        files, folders = data["manifest"]["files"], data["manifest"]["folders"]
        if not isinstance(files, dict) or not isinstance(folders, dict) or "" not in folders:
            raise TypeError("the manifest has no files or folders")
        manifest = Manifest(
            (_int(dev), _int(ino)),
            types.MappingProxyType(files),
            types.MappingProxyType(folders),
        )
    summary = None
    if data["summary"] is not None:
        raw = data["summary"]
        summary = Summary(
            pages=_int(raw["pages"]),
            terms=_int(raw["terms"]),
            feeds=_int(raw["feeds"]),
            articles=_int(raw["articles"]),
            warnings=tuple(_str(w) for w in raw["warnings"]),
            search_note=_str(raw["search_note"]),
        )
    return Index(
        CacheKey(_str(read), _str(site)),
        _generations(data["generations"]),
        types.MappingProxyType(sources),
        manifest,
        summary,
        _str(data.get("built", "")),
        types.MappingProxyType(_reads(data.get("reads", {}))),
    )


def _reads(value: Any) -> dict[str, frozenset[str] | None]:
    """The `reads` of an index: template name → field names, or None for "any field"."""
    if not isinstance(value, dict):
        raise TypeError("reads is not a mapping")
    return {
        _str(name): None if fields is None else frozenset(_str(f) for f in fields)
        for name, fields in value.items()
    }


def _generations(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) != SHARDS:
        raise ValueError(f"not {SHARDS} shard generations")
    return tuple(_str(v) for v in value)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is not an integer")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


_SKIPPED_FIELDS = ("content_path", "key")  # set from where the file is now


def encode_article(article: Article) -> dict[str, Any] | None:
    """ARTICLE as JSON-ready data, or None when a value would not come back equal.

    Only `extra` (front-matter keys briefgen does not know, of any YAML type) is decoded
    again to check it: every other field has a type the encoding keeps exactly, and
    checking the whole article doubled the cost of saving the cache of a cold build.
    """
    try:
        encoded = {name: _encode(getattr(article, name)) for name in _encoded_fields()}
        encoded["body"] = article.body.decode("utf-8")  # stored as the text it is
        if article.extra and _decode(encoded["extra"]) != article.extra:
            return None
    except (TypeError, ValueError, KeyError):
        return None
    return encoded


def decode_article(data: Mapping[str, Any], path: Path, key: str) -> Article:
    """The Article encoded in DATA, read from PATH (content key KEY)."""
    from briefgen.model import Article

    values = {name: _decode(value) for name, value in data.items()}
    names = {f.name for f in dataclasses.fields(Article)} - set(_SKIPPED_FIELDS)
    if set(values) != names:
        raise KeyError(f"fields {sorted(set(values) ^ names)}")
    values["body"] = _str(values["body"]).encode("utf-8")
    return Article(content_path=path, key=key, **values)


@functools.cache
def _encoded_fields() -> tuple[str, ...]:
    """The Article fields encode_article writes through _encode, in their order."""
    from briefgen.model import Article

    skipped = (*_SKIPPED_FIELDS, "body")
    return tuple(f.name for f in dataclasses.fields(Article) if f.name not in skipped)


# Tagged values: JSON has no dates, tuples, or maps with other keys than text. Every
# dict is written as {"$": tag, "v": ...}, so a map in front matter cannot pass for a tag.
@functools.cache
def _classes() -> dict[str, type[Any]]:
    from briefgen.model import Place

    return {"Place": Place}


@functools.cache
def _field_names(name: str) -> tuple[str, ...]:
    """The field names of the cached dataclass NAME, in order (asked once per class)."""
    return tuple(f.name for f in dataclasses.fields(_classes()[name]))


_AS_IS = frozenset({str, int, bool, type(None)})


def _encode(value: Any) -> Any:
    kind = type(value)
    # The exact types an Article is mostly made of first (a cold build encodes every
    # article); the same values as the general rules below give.
    if kind in _AS_IS:
        return value
    if kind is tuple:
        return {"$": "tuple", "v": [v if type(v) is str else _encode(v) for v in value]}
    return _encode_other(value)


def _datetime() -> types.ModuleType:
    """The datetime module, imported by the first article encoded or decoded (a no-change
    build has none)."""
    import datetime

    return datetime


def _encode_other(value: Any) -> Any:
    datetime = _datetime()

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("a float JSON cannot hold")
        return value
    if isinstance(value, datetime.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [_encode(v) for v in value]}
    if isinstance(value, types.MappingProxyType):
        return {"$": "proxy", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, dict):
        return {"$": "dict", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if _classes().get(name) is type(value):
        return {
            "$": name,
            "v": [_encode(getattr(value, field)) for field in _field_names(name)],
        }
    raise TypeError(f"cannot cache a {name}")


def _decode(value: Any) -> Any:

    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag, inner = value["$"], value["v"]
    if tag == "date":
        return _datetime().date.fromisoformat(inner)
    if tag == "datetime":
        return _datetime().datetime.fromisoformat(inner)
    if tag == "tuple":
        return tuple(_decode(v) for v in inner)
    if tag in ("dict", "proxy"):
        mapping = {_decode(k): _decode(v) for k, v in inner}
        return types.MappingProxyType(mapping) if tag == "proxy" else mapping
    cls = _classes().get(tag)
    if cls is None:
        raise ValueError(f"unknown tag {tag!r}")
    return cls(*(_decode(v) for v in inner))
