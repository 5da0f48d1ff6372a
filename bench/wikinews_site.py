#!/usr/bin/env python3
"""Build the Wikinews site (all 293 seeds ingested together) and read its front matter back.

Shared by the site-level benchmarks (`site_entities.py`, `coordinates.py`, `merge_audit.py`):

    python bench/wikinews_site.py /tmp/h9m     # make the project (new + seeds + build)

A benchmark given `--project DIR` reuses a project that is already built; without it, one is
made in a temporary folder. The seeds come from ../shared/corpora/wikinews/articles.jsonl
through ../shared/tools/wikinews_to_seeds.py, exactly as a user would make them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

ARTICLES = SHARED / "corpora" / "wikinews" / "articles.jsonl"
TO_SEEDS = SHARED / "tools" / "wikinews_to_seeds.py"
BRIEFGEN = [sys.executable, "-m", "briefgen"]


def make_project(project: Path) -> Path:
    """Create PROJECT from scratch with every Wikinews seed and build it (ingest included)."""
    if project.exists():
        subprocess.run(["rm", "-rf", str(project)], check=True)
    subprocess.run([*BRIEFGEN, "new", str(project)], check=True, stdout=subprocess.DEVNULL)
    for seed in (project / "seeds").glob("*.txt"):
        seed.unlink()
    subprocess.run(
        [sys.executable, str(TO_SEEDS), str(ARTICLES), str(project / "seeds")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*BRIEFGEN, "-q", "-C", str(project), "build"], check=True)
    return project


def project_from(arg: str | None) -> Path:
    """The project named on the command line, or a fresh one in a temporary folder."""
    if arg:
        path = Path(arg)
        if not (path / "content").is_dir():
            make_project(path)
        return path
    return make_project(Path(tempfile.mkdtemp(prefix="briefgen-wikinews-")) / "site")


def front_matters(project: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(content file, front matter) of every briefing, in path order."""
    from briefgen.frontmatter import split

    for path in sorted((project / "content").rglob("*.md")):
        yield path, split(path.read_text(encoding="utf-8"), path).data


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python bench/wikinews_site.py PROJECT_DIR")
    print(make_project(Path(sys.argv[1])))
