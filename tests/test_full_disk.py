"""A full disk (a small tmpfs): the error says so and names the file, and nothing is half-done.

Needs `mount -t tmpfs` (root); skipped, with the reason, only where mounting is refused.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.ingest import state_path
from tests.test_kill import debris, tree, write_content

REPO_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip() or result.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill DISK until only about LEAVE bytes are free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def briefgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_build_on_a_full_disk_keeps_the_old_site_and_says_why(disk: Path) -> None:
    root = disk / "p"
    root.mkdir()
    (root / "briefgen.yaml").write_text('title: D\nbase_url: "https://example.org/"\n')
    write_content(root / "content", "A", count=20)
    assert briefgen(root, "build").returncode == 0
    old = tree(root / "site")
    write_content(root / "content", "B", count=20)
    filler = fill(disk, leave=64 * 1024)
    result = briefgen(root, "build")
    assert result.returncode == 1, result.stderr
    assert "no space left on device" in result.stderr
    assert "check permissions" not in result.stderr and "Traceback" not in result.stderr
    assert f"Error: {disk}" in result.stderr  # names the file that could not be written
    assert tree(root / "site") == old
    assert debris(root) == []
    filler.unlink()
    assert briefgen(root, "build").returncode == 0
    expected = disk / "expected"
    assert briefgen(root, "build", "--output", str(expected)).returncode == 0
    assert tree(root / "site") == tree(expected)


def test_ingest_on_a_full_disk_says_why_and_reruns_cleanly(disk: Path, tmp_path: Path) -> None:
    def project(root: Path) -> Path:
        (root / "seeds").mkdir(parents=True)
        (root / "briefgen.yaml").write_text("title: D\n")
        for seed in sorted(REPO_SEEDS.glob("*.txt"))[:12]:
            shutil.copy(seed, root / "seeds" / seed.name)
        return root

    reference = project(tmp_path / "ref")
    assert briefgen(reference, "ingest").returncode == 0
    root = project(disk / "p")
    filler = fill(disk, leave=24 * 1024)
    result = briefgen(root, "ingest")
    assert result.returncode == 1
    assert "no space left on device" in result.stderr and "Traceback" not in result.stderr
    filler.unlink()
    rerun = briefgen(root, "ingest")
    assert rerun.returncode == 0 and "edited by hand" not in rerun.stderr
    assert tree(root / "content") == tree(reference / "content")
    assert (
        state_path(load_config(root)).read_bytes()
        == state_path(load_config(reference)).read_bytes()
    )
    assert debris(root) == []
