"""The Pagefind search step: what it indexes, that it repeats byte for byte, and life without it."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from search_support import require_pagefind
from site_support import FIXTURE_PROJECT, build_fixture, fixture_config, site_files

from briefgen import search
from briefgen.build import BuildReport, build_site, render_site
from briefgen.errors import ThemeError
from briefgen.search import (
    BINARY_VARIABLE,
    SearchIndex,
    _decode,
    _encode,
    _pack,
    canonical_bundle,
    find_pagefind,
)
from briefgen.urls import SEARCH_DIR


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


def build_pagefind(out: Path, project: Path = FIXTURE_PROJECT) -> BuildReport:
    """Build PROJECT into OUT with `search: pagefind`."""
    return build_site(fixture_config(out, project, search="pagefind"))


def _filters(files: dict[str, bytes]) -> dict[str, dict[str, list[int]]]:
    """Filter name → value → page numbers, decoded from the bundle's filter files."""
    result = {}
    for path, data in files.items():
        if path.startswith(f"{SEARCH_DIR}filter/"):
            name, values = _decode(data)  # type: ignore[misc]
            result[name] = {value: pages for value, pages in values}
    return result


# --- What is indexed ------------------------------------------------------------------


def test_bundle_indexes_briefing_pages_only_with_their_filters(tmp_path: Path) -> None:
    require_pagefind()
    build_pagefind(tmp_path / "site")
    files = site_files(tmp_path / "site")
    entry = json.loads(files[f"{SEARCH_DIR}pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 6  # the fixture's published briefings
    assert f"{SEARCH_DIR}pagefind.js" in files
    assert not any("pagefind-ui" in path for path in files)  # the theme has its own UI
    filters = _filters(files)
    assert set(filters) == {"actors", "locations", "tags", "year"}
    assert set(filters["year"]) == {"2020", "2021"}
    assert "Éamon Ó Briain" in filters["actors"] and "Riverton" in filters["locations"]
    for name, values in filters.items():  # the canonical order: sorted by value
        assert list(values) == sorted(values, key=lambda v: v.encode()), name
    page = files["2020/09/14/harbour-bridge-reopens/index.html"].decode()
    assert page.count("data-pagefind-body") == 1
    assert "search.json" not in files


def test_pagefind_itself_orders_filters_at_random_and_the_bundle_does_not(tmp_path: Path) -> None:
    """Why canonical_bundle exists: several raw runs differ, the canonical ones never do."""
    require_pagefind()
    binary, _ = find_pagefind()
    assert binary is not None
    build_fixture(tmp_path / "site")
    pages = {
        path: data
        for path, data in site_files(tmp_path / "site").items()
        if path.endswith(".html") and b"data-pagefind-body" in data
    }
    raw_runs, canonical_runs = set(), set()
    for _ in range(4):
        result = search.index_pages(pages, binary)
        assert result.note == ""
        canonical_runs.add(tuple(sorted(result.files.items())))
    assert len(canonical_runs) == 1
    original = search.canonical_bundle
    try:
        search.canonical_bundle = lambda bundle: dict(bundle)  # type: ignore[assignment]
        for _ in range(4):
            raw_runs.add(tuple(sorted(search.index_pages(pages, binary).files.items())))
    finally:
        search.canonical_bundle = original  # type: ignore[assignment]
    if len(raw_runs) == 1:
        pytest.skip("pagefind happened to write the same order four times (or no longer varies)")


def test_canonical_bundle_sorts_filter_values_and_renames_what_depends_on_them() -> None:
    def bundle(values: list[list[object]]) -> dict[str, bytes]:
        filter_file = _pack(_encode(["actors", values]))
        meta = _pack(_encode(["1.5.2", [["en_page001", 10]], [], [["actors", "en_aaaaaaa"]], []]))
        entry = {
            "version": "1.5.2",
            "languages": {"en": {"hash": "en_0000000000", "page_count": 1}},
        }
        return {
            f"{SEARCH_DIR}filter/en_aaaaaaa.pf_filter": filter_file,
            f"{SEARCH_DIR}pagefind.en_0000000000.pf_meta": meta,
            f"{SEARCH_DIR}pagefind-entry.json": json.dumps(entry).encode(),
            f"{SEARCH_DIR}fragment/en_page001.pf_fragment": b"kept as is",
        }

    first = canonical_bundle(bundle([["Zoe", [0]], ["Ana", [0, 1]]]))
    second = canonical_bundle(bundle([["Ana", [0, 1]], ["Zoe", [0]]]))
    assert first == second
    assert first[f"{SEARCH_DIR}fragment/en_page001.pf_fragment"] == b"kept as is"
    entry = json.loads(first[f"{SEARCH_DIR}pagefind-entry.json"])
    meta_hash = entry["languages"]["en"]["hash"]
    assert meta_hash != "en_0000000000" and len(meta_hash) == len("en_0000000000")
    meta = _decode(first[f"{SEARCH_DIR}pagefind.{meta_hash}.pf_meta"])
    assert isinstance(meta, list)
    ((name, filter_hash),) = meta[3]
    assert name == "actors"
    assert _decode(first[f"{SEARCH_DIR}filter/{filter_hash}.pf_filter"]) == [
        "actors",
        [["Ana", [0, 1]], ["Zoe", [0]]],
    ]


def test_canonical_bundle_refuses_what_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="entry"):
        canonical_bundle({})
    entry = {"languages": {"en": {"hash": "en_1"}}}
    broken = {
        f"{SEARCH_DIR}pagefind-entry.json": json.dumps(entry).encode(),
        f"{SEARCH_DIR}pagefind.en_1.pf_meta": b"not gzip",
    }
    with pytest.raises(ValueError, match="gzip"):
        canonical_bundle(broken)


# --- Without the binary -----------------------------------------------------------------


def test_a_missing_binary_named_by_the_variable_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(BINARY_VARIABLE, "/nowhere/pagefind")
    binary, reason = find_pagefind()
    assert binary is None and "/nowhere/pagefind" in reason


def test_build_without_the_binary_works_and_says_once_that_search_is_off(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(BINARY_VARIABLE, str(tmp_path / "no-pagefind"))
    config = fixture_config(tmp_path / "site", project, search="pagefind")
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        state = render_site(config)
        again = render_site(config, previous=state, changed=frozenset())
    notes = [r.getMessage() for r in caplog.records if "search is off" in r.getMessage()]
    assert len(notes) == 1 and "no-pagefind" in notes[0]
    assert state.search_note and again.search_note == state.search_note
    assert not any(path.startswith(SEARCH_DIR) for path in state.output.files)
    assert "search/index.html" in state.output.files


def test_cli_build_without_the_binary(project: Path, tmp_path: Path) -> None:
    with (project / "briefgen.yaml").open("a") as config:
        config.write("search: pagefind\n")
    out = tmp_path / "site"
    env = {**os.environ, BINARY_VARIABLE: str(tmp_path / "missing")}
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(project), "build", "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("search is off") == 1, done.stderr
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()


def test_a_failing_binary_is_reported_not_raised(tmp_path: Path) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: cannot index' >&2\nexit 3\n")
    fake.chmod(0o755)
    result = search.index_pages({"a/index.html": b"<html data-pagefind-body></html>"}, fake)
    assert result == SearchIndex({}, "search is off: pagefind failed: Error: cannot index")


def test_a_failed_render_stops_the_background_run(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pagefind()
    started: list[search.PendingIndex] = []
    real = search._launch

    def keep(pages: dict[str, bytes], binary: Path) -> search.PendingIndex:
        started.append(real(pages, binary))
        return started[-1]

    monkeypatch.setattr(search, "_launch", keep)
    bad = project / "themes" / "broken" / "templates"
    bad.mkdir(parents=True)
    (project / "themes" / "broken" / "theme.yaml").write_text("extends: default\n")
    (bad / "month.html").write_text("{{ page.no_such_field }}")  # fails after the briefings
    with pytest.raises(ThemeError):
        render_site(fixture_config(tmp_path / "site", project, theme="broken", search="pagefind"))
    assert len(started) == 1
    process = started[0].process
    assert process is not None and process.poll() is not None  # stopped, not left running


def test_no_briefings_no_index(tmp_path: Path) -> None:
    result = search.index_pages({}, tmp_path / "never-run")
    assert result.files == {} and "no briefings" in result.note


# --- Incremental renders (serve) ----------------------------------------------------------


def test_unchanged_briefing_pages_reuse_the_bundle_and_an_edit_rebuilds_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pagefind()
    calls: list[int] = []
    real = search._launch

    def counting(pages: dict[str, bytes], binary: Path) -> search.PendingIndex:
        calls.append(len(pages))
        return real(pages, binary)

    monkeypatch.setattr(search, "_launch", counting)
    config = fixture_config(tmp_path / "site", project, search="pagefind")
    state = render_site(config)
    assert calls == [6]
    same = render_site(config, previous=state, changed=frozenset())
    assert calls == [6]  # nothing changed: the bundle is reused
    assert {p: b for p, b in same.output.files.items() if p.startswith(SEARCH_DIR)} == {
        p: b for p, b in state.output.files.items() if p.startswith(SEARCH_DIR)
    }
    path = project / "content" / "2020" / "storm-warning.md"
    path.write_text(path.read_text().replace("Storm warning", "Gale warning"))
    edited = render_site(config, previous=state, changed=frozenset({path}))
    assert calls == [6, 6]
    fresh = render_site(config)
    assert {p: b for p, b in edited.output.files.items() if p.startswith(SEARCH_DIR)} == {
        p: b for p, b in fresh.output.files.items() if p.startswith(SEARCH_DIR)
    }


def test_a_build_reuses_the_published_bundle_while_briefing_pages_are_unchanged(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pagefind()
    calls: list[int] = []
    real = search._launch

    def counting(pages: dict[str, bytes], binary: Path) -> search.PendingIndex:
        calls.append(len(pages))
        return real(pages, binary)

    monkeypatch.setattr(search, "_launch", counting)
    out = tmp_path / "site"
    build_pagefind(out, project)
    first = site_files(out)
    assert calls == [6]
    again = build_pagefind(out, project)
    assert calls == [6] and again.written == 0  # nothing re-indexed, nothing rewritten
    # A bundle that lost a file is not trusted.
    fragment = next((out / "pagefind" / "fragment").iterdir())
    fragment.unlink()
    build_pagefind(out, project)
    assert calls == [6, 6] and site_files(out) == first
    # A changed briefing page means a new index.
    path = project / "content" / "2020" / "storm-warning.md"
    path.write_text(path.read_text().replace("Storm warning", "Gale warning"))
    build_pagefind(out, project)
    assert calls == [6, 6, 6]
    assert site_files(out) != first


# --- Nothing left behind ----------------------------------------------------------------


def _ended(pid: int, seconds: float) -> bool:
    """Whether process PID has ended (or is a zombie waiting for its reaper) within SECONDS."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return True
        if "\nState:\tZ" in state:
            return True
        time.sleep(0.05)
    return False


def test_a_killed_build_leaves_no_temporary_folder_and_no_pagefind_running(
    project: Path, tmp_path: Path
) -> None:
    """A build killed while Pagefind runs (a test's timeout, Ctrl-C twice, `kill -9` of a
    serve) used to leave `briefgen-search-*` in the temporary folder: Pagefind went on,
    wrote its bundle there, and no one removed it. Now nothing is written there at all,
    and Pagefind stops when the pipe from the dead build closes."""
    require_pagefind()
    binary, _ = find_pagefind()
    temp = tmp_path / "tmp"
    temp.mkdir()
    marker = tmp_path / "pagefind.pid"
    wrapper = tmp_path / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho $$ > "{marker}"\nsleep 1\nexec "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    with (project / "briefgen.yaml").open("a") as config:
        config.write("search: pagefind\n")
    env = {**os.environ, BINARY_VARIABLE: str(wrapper), "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "briefgen", "-C", str(project), "build"]
    build = subprocess.Popen(
        [*command, "--output", str(tmp_path / "site")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.is_file() or not marker.read_text().strip():
            assert build.poll() is None, "the build ended before Pagefind started"
            assert time.monotonic() < deadline, "Pagefind never started"
            time.sleep(0.02)
    finally:
        build.kill()
        build.wait()
    assert _ended(int(marker.read_text()), 30), "Pagefind still runs after its build died"
    assert [p.name for p in temp.iterdir() if p.name.startswith("briefgen")] == []


def test_a_failed_render_stops_the_builtin_worker(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[search.PendingIndex] = []
    real = search.start_builtin

    def keep(*args: object) -> search.PendingIndex:
        started.append(real(*args))  # type: ignore[arg-type]
        return started[-1]

    monkeypatch.setattr(search, "_FORK_FROM", 0)  # fork even for the six briefings
    monkeypatch.setattr(search, "start_builtin", keep)  # build.py imports it when run
    bad = project / "themes" / "broken" / "templates"
    bad.mkdir(parents=True)
    (project / "themes" / "broken" / "theme.yaml").write_text("extends: default\n")
    (bad / "month.html").write_text("{{ page.no_such_field }}")
    with pytest.raises(ThemeError):
        render_site(fixture_config(tmp_path / "site", project, theme="broken"))
    assert len(started) == 1 and started[0].worker is not None
    assert not started[0].worker.is_alive() and started[0].worker.exitcode is not None


def test_the_builtin_worker_ends_when_its_build_dies_before_reading_it(tmp_path: Path) -> None:
    """`serve` stopped by SIGTERM (or a build killed) while the builtin index is made in the
    background used to leave the forked worker blocked for ever in its pipe write: it held
    the pipe's read end itself, so the write never failed. It now ends with its parent."""
    script = tmp_path / "die.py"
    script.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from searchindex_support import large_site\n"
        "from briefgen import search\n"
        "pending = search.start_builtin(large_site(), ('actors', 'locations', 'tags'))\n"
        "print(pending.worker.pid, flush=True)\n"
        "os._exit(0)  # as SIGTERM does: no atexit, no join\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip(), f"no worker was forked: {done.stderr}"
    assert _ended(int(done.stdout.split()[0]), 120), "the index worker outlived its build"
