"""Output → site/: write only changed files atomically, then delete what no page produced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefgen.errors import OutputError
from briefgen.model import Output


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
    """Make OUTPUT_DIR hold exactly OUTPUT: unchanged files are not touched.

    Names starting with '.' in OUTPUT_DIR (a .git folder, .nojekyll) are never deleted.
    """
    written: list[str] = []
    unchanged = 0
    for relative, data in output.files.items():
        target = safe_target(output_dir, relative)
        try:
            if (
                target.is_file()
                and target.stat().st_size == len(data)
                and target.read_bytes() == data
            ):
                unchanged += 1
                continue
            if target.is_dir():
                raise OutputError(
                    f"{target} is a folder but the site needs a file there (delete it)"
                )
            _replace_file(target, data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror} (check permissions)", target) from exc
        written.append(relative)
    removed = _remove_stale(output_dir, set(output.files))
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _replace_file(path: Path, data: bytes) -> None:
    """Temporary file, then rename: a reader sees the old or the new file, never half of one.

    Unlike fsutil.atomic_write there is no fsync per file: the site can always be built
    again, and 10,000 fsyncs would cost more than rendering the pages.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _remove_stale(output_dir: Path, keep: set[str]) -> list[str]:
    removed: list[str] = []
    if not output_dir.is_dir():
        return removed
    for dirpath, _dirnames, filenames in os.walk(output_dir, topdown=False):
        folder = Path(dirpath)
        rel_dir = folder.relative_to(output_dir)
        if any(part.startswith(".") for part in rel_dir.parts):
            continue
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            relative = (rel_dir / name).as_posix()
            if relative not in keep:
                (folder / name).unlink()
                removed.append(relative)
        if folder != output_dir and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(removed)
