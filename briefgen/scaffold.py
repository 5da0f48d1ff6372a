"""`briefgen new`: a project that `briefgen build` builds at once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.fsutil import atomic_write

GITIGNORE = (
    "/site/\n/.site.reserve/\n/.briefgen/backups/\n/.briefgen/ingest.journal\n/.briefgen/cache/\n"
)


def create_project(directory: Path, *, title: str) -> tuple[Path, ...]:
    """Write config, an example seed and a .gitignore into a new or empty DIRECTORY."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BriefgenError(
            "the folder exists and is not empty (choose a new folder name)", directory
        )
    files = resources.files("briefgen") / "scaffold_files"
    config_text = (files / "briefgen.yaml").read_text(encoding="utf-8")
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    created = {
        directory / "briefgen.yaml": config_text.replace("{title}", safe_title),
        directory / "seeds" / "example.txt": (files / "example-seed.txt").read_text(
            encoding="utf-8"
        ),
        directory / ".gitignore": GITIGNORE,
    }
    for path, text in created.items():
        atomic_write(path, text)
    (directory / "content").mkdir(exist_ok=True)
    (directory / "themes").mkdir(exist_ok=True)
    return tuple(created)
