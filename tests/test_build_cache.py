"""The persistent build cache through the real CLI and build_site: nothing redone, never wrong.

Every test works on a copy of the fixture project whose files are dated an hour back,
as files edited before a build are (a file changed within RACY_NS of a build is hashed
again, which a test of its own covers).
"""

from __future__ import annotations

import builtins
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_support import FIXTURE_PROJECT, record_reads, site_files
from site_support import cli_build as run

from briefgen import cache as build_cache
from briefgen.build import build_site
from briefgen.config import load_config

HOUR_AGO = time.time() - 3600
BRIEFING_OR_SEARCH = re.compile(r"^(\d{4}/\d\d/\d\d/[^/]+/index\.html|pagefind/.*)$")
PARSED = re.compile(r"build cache: (\d+) content files parsed, (\d+) hashed and reused, (\d+)")


def backdate(folder: Path) -> None:
    """Date every file under FOLDER an hour back, like files edited before a build."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (HOUR_AGO, HOUR_AGO))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root, ignore=shutil.ignore_patterns(".briefgen"))
    theme = root / "themes" / "plain"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "templates").mkdir()
    with (root / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write("theme: plain\n")
    backdate(root)
    return root


def parses(result: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    """(parsed, hashed, reused unread) from a build's debug log."""
    match = PARSED.search(result.stderr)
    assert match, result.stderr
    parsed, hashed, reused = match.groups()
    return int(parsed), int(hashed), int(reused)


def summary(result: subprocess.CompletedProcess[str]) -> str:
    """The summary line without its time."""
    line = [x for x in result.stderr.splitlines() if " briefings, " in x][-1]
    return re.sub(r" in [\d.]+ s$", "", line.removeprefix("debug: briefgen.build: "))


def snapshot(*folders: Path) -> dict[str, tuple[int, int, int]]:
    """Path → (inode, mtime_ns, size) of every file and folder under FOLDERS."""
    found: dict[str, tuple[int, int, int]] = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            info = path.lstat()
            found[str(path)] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return found


def fresh_site(root: Path, tmp_path: Path, *args: str) -> dict[str, bytes]:
    """The site a build without any cache makes of a copy of ROOT."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".briefgen", "site", ".site*"))
    run(copy, *args)
    return site_files(copy / "site")


# --- a build with nothing to do ------------------------------------------------------


def test_a_no_change_build_writes_no_file_and_says_the_same(project: Path) -> None:
    first = run(project)
    assert parses(first) == (7, 0, 0)
    before = snapshot(project)  # the site, its reserve, the cache, the content
    second = run(project)
    assert "nothing changed since the last build" in second.stderr
    assert snapshot(project) == before
    assert summary(second).split("(")[0] == summary(first).split("(")[0]
    assert "(0 files written, 0 removed)" in summary(second)


def test_a_no_change_build_opens_no_content_file_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every open() of the second build is recorded: none is of content, none writes."""
    config = load_config(project)
    first = build_site(config)
    opened: list[tuple[str, str]] = []
    real_open = io.open

    def spy(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        opened.append((os.fspath(file) if not isinstance(file, int) else "", mode))
        return real_open(file, mode, *args, **kw)

    real_os_open = os.open

    def os_spy(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        opened.append((os.fspath(path), "w" if flags & (os.O_WRONLY | os.O_RDWR) else "r"))
        return real_os_open(path, flags, *args, **kw)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    second = build_site(config)
    monkeypatch.undo()
    content = str(project / "content")
    assert not [p for p, _ in opened if p.startswith(content)]
    assert not [p for p, mode in opened if set(mode) & set("wax+")]
    assert (second.pages, second.articles, second.written) == (first.pages, first.articles, 0)


def test_an_unreadable_unchanged_content_file_still_builds(project: Path) -> None:
    """(Run as root, chmod cannot stop a read: the open() spy above is the proof there.)"""
    run(project)
    victim = project / "content" / "2020" / "storm-warning.md"
    victim.chmod(0)
    try:
        result = run(project)
    finally:
        victim.chmod(0o644)
    assert "nothing changed since the last build" in result.stderr


# --- what changes is read again -------------------------------------------------------


def test_an_edit_re_reads_only_the_edited_file(project: Path, tmp_path: Path) -> None:
    run(project)
    edited = project / "content" / "2020" / "budget-vote.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nA new opening.\n", 1),
        encoding="utf-8",
    )
    result = run(project)
    assert parses(result) == (1, 0, 6)
    page = next((project / "site").rglob("budget-vote/index.html"))
    assert "A new opening." in page.read_text(encoding="utf-8")
    assert site_files(project / "site") == fresh_site(project, tmp_path)


def test_a_touched_file_is_hashed_not_parsed(project: Path) -> None:
    run(project)
    touched = project / "content" / "2021" / "new-year-fireworks.md"
    os.utime(touched, (HOUR_AGO + 60, HOUR_AGO + 60))
    result = run(project)
    assert "nothing changed (1 content files hashed, 6 unread)" in result.stderr
    # The new stamp was recorded: the next build neither reads nor writes.
    folders = (project / "site", project / ".briefgen")
    before = snapshot(*folders)
    assert "nothing changed (0 content files hashed, 7 unread)" in run(project).stderr
    assert snapshot(*folders) == before
    # A touch of a file that other content changed: hashed, and only it is parsed.
    (project / "content" / "2020" / "storm-warning.md").write_text(
        (project / "content" / "2020" / "storm-warning.md").read_text(encoding="utf-8") + "\nx\n",
        encoding="utf-8",
    )
    os.utime(touched, (HOUR_AGO + 120, HOUR_AGO + 120))
    assert parses(run(project)) == (1, 1, 5)


def test_a_file_changed_in_the_same_clock_tick_is_not_missed(project: Path) -> None:
    """A racy stamp: the file changes after it was read, keeping its size and mtime.

    On a coarse clock every write within one tick gets the same mtime. The tick is
    simulated by an mtime a minute ahead, which the second write keeps.
    """
    path = project / "content" / "2020" / "summit-opens.md"
    tick = time.time() + 60
    os.utime(path, (tick, tick))
    run(project)
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Delegations", "Delegationz", 1)
    assert changed != text and len(changed) == len(text)
    info = path.stat()
    with path.open("r+", encoding="utf-8") as handle:  # in place: the inode stays
        handle.write(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    run(project)
    assert "Delegationz" in "".join(
        p.read_text(encoding="utf-8") for p in (project / "site" / "2020").rglob("index.html")
    )


def test_added_and_removed_files_are_seen(project: Path, tmp_path: Path) -> None:
    run(project)
    shutil.copy(
        project / "content" / "2020" / "storm-warning.md",
        project / "content" / "2020" / "storm-warning-again.md",
    )
    (project / "content" / "2021" / "ferry-service-resumes.md").unlink()
    result = run(project)
    assert parses(result) == (1, 0, 6)
    assert site_files(project / "site") == fresh_site(project, tmp_path)


def test_a_theme_edit_invalidates(project: Path, tmp_path: Path) -> None:
    run(project)
    templates = project / "themes" / "plain" / "templates"
    default = build_cache.PACKAGE_DIR / "themes" / "default" / "templates"
    base = (default / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(
        base.replace("</body>", "<p>theme edit</p></body>"), encoding="utf-8"
    )
    result = run(project)
    assert "nothing changed" not in result.stderr
    assert parses(result) == (0, 0, 7)  # the articles are still reused
    assert "theme edit" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert site_files(project / "site") == fresh_site(project, tmp_path)


def test_a_config_edit_invalidates(project: Path, tmp_path: Path) -> None:
    run(project)
    config = project / "briefgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Test Briefings", "Other Briefings"),
        encoding="utf-8",
    )
    result = run(project)
    assert "nothing changed" not in result.stderr
    assert "Other Briefings" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert site_files(project / "site") == fresh_site(project, tmp_path)
    # A setting given on the command line is part of the key too.
    result = run(project, "--base-url", "https://example.com/")
    assert "nothing changed" not in result.stderr
    assert "https://example.com/" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_drafts_are_a_different_build(project: Path) -> None:
    plain = run(project)
    drafts = run(project, "--drafts")
    assert "nothing changed" not in drafts.stderr
    assert summary(drafts) != summary(plain)
    assert "nothing changed" in run(project, "--drafts").stderr


def test_an_edited_or_missing_site_file_is_rebuilt(project: Path, tmp_path: Path) -> None:
    run(project)
    site = project / "site"
    (site / "index.html").write_text("vandalised", encoding="utf-8")
    (site / "sitemap.xml").unlink()
    (site / "extra.html").write_text("stray", encoding="utf-8")
    result = run(project)
    assert "nothing changed" not in result.stderr
    assert site_files(site) == fresh_site(project, tmp_path)
    shutil.rmtree(site)
    result = run(project)
    assert "nothing changed" not in result.stderr
    assert site_files(site) == fresh_site(project, tmp_path)


def test_a_changed_build_reads_no_unchanged_page_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(project)
    build_site(config)
    build_site(config)  # the reserve now shares every file with the site
    (project / "content" / "2020" / "storm-warning.md").write_text(
        (project / "content" / "2020" / "storm-warning.md")
        .read_text(encoding="utf-8")
        .replace("\n---\n", "\n---\n\nAn update.\n", 1),
        encoding="utf-8",
    )
    opened = record_reads(monkeypatch)
    report = build_site(config)
    monkeypatch.undo()
    site = str((project / "site").resolve()) + os.sep
    assert report.written > 0
    read_back = [p.removeprefix(site) for p in opened if p.startswith(site)]
    # The search step (search.read_published) compares briefing pages and reads its own
    # bundle; no other page is read back.
    assert not [p for p in read_back if not BRIEFING_OR_SEARCH.match(p)]


# --- a broken cache only costs time --------------------------------------------------


def _garble_index(folder: Path) -> None:
    (folder / "index.json").write_bytes(b"\x00garbage{")


def _truncate_index(folder: Path) -> None:
    data = (folder / "index.json").read_bytes()
    (folder / "index.json").write_bytes(data[: len(data) // 2])


def _shards(folder: Path) -> list[Path]:
    """The article shards the build wrote (there must be some, or the damage is none)."""
    shards = sorted((folder / build_cache.ARTICLES_DIR).glob("*.json"))
    assert len(shards) > 1, "seven briefings spread over several shards"
    return shards


def _truncate_articles(folder: Path) -> None:
    for shard in _shards(folder):
        data = shard.read_bytes()
        shard.write_bytes(data[: len(data) // 3])


def _other_format(folder: Path) -> None:
    for path in [folder / "index.json", *_shards(folder)]:
        data = json.loads(path.read_bytes())
        data["format"] = build_cache.FORMAT + 1
        path.write_text(json.dumps(data), encoding="utf-8")


def _bad_entry(folder: Path) -> None:
    entries = []
    for shard in _shards(folder):
        data = json.loads(shard.read_bytes())
        entries += [(shard, key) for key in sorted(data["articles"])]
    for number, (shard, key) in enumerate(entries[:2]):
        data = json.loads(shard.read_bytes())
        if number == 0:
            data["articles"][key]["date"] = {"$": "nonsense", "v": 1}
        else:
            data["articles"][key] = "not an article"
        shard.write_text(json.dumps(data), encoding="utf-8")


def _other_generation(folder: Path) -> None:
    for shard in _shards(folder):
        data = json.loads(shard.read_bytes())
        data["generation"] = "0" * 16
        shard.write_text(json.dumps(data), encoding="utf-8")


def _bad_types(folder: Path) -> None:
    data = json.loads((folder / "index.json").read_bytes())
    for entry in data["sources"].values():
        entry[0] = "yesterday"
    (folder / "index.json").write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        _garble_index,
        _truncate_index,
        _truncate_articles,
        _other_format,
        _bad_entry,
        _other_generation,
        _bad_types,
    ],
)
def test_a_damaged_cache_builds_the_same_site(project: Path, tmp_path: Path, damage: Any) -> None:
    run(project)
    edited = project / "content" / "2021" / "ferry-service-resumes.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    damage(project / ".briefgen" / build_cache.CACHE_DIR)
    result = run(project)
    assert "Traceback" not in result.stderr
    assert site_files(project / "site") == fresh_site(project, tmp_path)
    # ... and the cache is whole again afterwards.
    backdate(project / "content")
    run(project)
    assert "nothing changed" in run(project).stderr


def _doctor_titles(project: Path) -> None:
    """Change every cached title: only a build that trusts the cache would publish it."""
    folder = project / ".briefgen" / build_cache.CACHE_DIR
    for shard in _shards(folder):
        data = json.loads(shard.read_bytes())
        for article in data["articles"].values():
            article["title"] = "Doctored"
        shard.write_text(json.dumps(data), encoding="utf-8")
    (project / "site" / "index.html").unlink()  # so the build does not stop at once


def test_force_builds_without_the_cache(project: Path, tmp_path: Path) -> None:
    run(project)
    _doctor_titles(project)
    run(project, "--force")
    assert site_files(project / "site") == fresh_site(project, tmp_path)
    assert "Doctored" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "nothing changed" in run(project).stderr  # --force made the cache anew


def test_deleting_the_cache_folder_builds_afresh(project: Path, tmp_path: Path) -> None:
    run(project)
    _doctor_titles(project)
    shutil.rmtree(project / ".briefgen" / build_cache.CACHE_DIR)
    result = run(project)
    assert parses(result) == (7, 0, 0)
    assert site_files(project / "site") == fresh_site(project, tmp_path)


def test_the_cache_trusts_its_own_entries(project: Path) -> None:
    """The counterpart of the two tests above: without --force, the cache is used."""
    run(project)
    _doctor_titles(project)
    run(project)
    assert "Doctored" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_output_is_identical_with_and_without_the_cache(project: Path, tmp_path: Path) -> None:
    for step in _edits(project):
        step()
        run(project)
        assert site_files(project / "site") == fresh_site(project, tmp_path), step.__name__


def test_the_cache_folder_ignores_itself_in_git(project: Path) -> None:
    run(project)
    ignore = project / ".briefgen" / build_cache.CACHE_DIR / ".gitignore"
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_cache_that_cannot_be_saved_only_warns(project: Path, tmp_path: Path) -> None:
    """A file where the cache folder should be (root can write anywhere else)."""
    (project / ".briefgen").mkdir(exist_ok=True)
    (project / ".briefgen" / build_cache.CACHE_DIR).write_text("in the way", encoding="utf-8")
    result = run(project)
    assert "could not save the build cache" in result.stderr
    assert site_files(project / "site") == fresh_site(project, tmp_path)
    assert "nothing changed" not in run(project).stderr


def _edits(project: Path) -> Iterator[Any]:
    content = project / "content"

    def nothing() -> None:
        pass

    def edit_body() -> None:
        path = content / "2020" / "harbour-bridge-reopens.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nLater.\n", encoding="utf-8")

    def retitle() -> None:
        path = content / "2021" / "new-year-fireworks.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", "title: Fireworks", text), encoding="utf-8")

    def remove() -> None:
        (content / "2020" / "summit-opens.md").unlink()

    def add_back() -> None:
        (content / "2020" / "summit-opens.md").write_bytes(
            (FIXTURE_PROJECT / "content" / "2020" / "summit-opens.md").read_bytes()
        )

    yield from (nothing, edit_body, retitle, remove, add_back, nothing)


def test_build_with_ingest_changes_nothing_the_second_time(tmp_path: Path) -> None:
    """`briefgen build` as a user runs it: ingest's record knows the seed is unchanged."""
    root = tmp_path / "new"
    made = subprocess.run(
        [sys.executable, "-m", "briefgen", "new", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    command = [sys.executable, "-m", "briefgen", "-v", "-C", str(root), "build"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    # As if the build ran a while after the seeds were written and ingested: a stamp taken
    # within two seconds of a change is not trusted (the second build records the seeds').
    backdate(root / "content")
    backdate(root / "seeds")
    subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    before = snapshot(root)
    third = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr
    assert "nothing changed since the last build" in third.stderr
    assert snapshot(root) == before


# --- the articles' shards ------------------------------------------------------------


def test_an_edit_rewrites_only_the_shard_that_holds_it(project: Path) -> None:
    run(project)
    folder = project / ".briefgen" / build_cache.CACHE_DIR
    before = {p.name: p.stat().st_ino for p in _shards(folder)}
    edited = project / "content" / "2020" / "budget-vote.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert parses(run(project)) == (1, 0, 6)
    after = {p.name: p.stat().st_ino for p in _shards(folder)}
    ours = f"{build_cache.shard_of('2020/budget-vote.md'):02d}.json"
    assert after.keys() == before.keys()
    assert [name for name in after if after[name] != before[name]] == [ours]
    # The untouched shards still serve under their old generation.
    backdate(project / "content")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
    assert parses(run(project)) == (1, 0, 6)


def test_a_removed_briefing_leaves_its_shard(project: Path) -> None:
    run(project)
    folder = project / ".briefgen" / build_cache.CACHE_DIR
    removed = "2020/summit-opens.md"
    (project / "content" / removed).unlink()
    run(project)
    shard = folder / build_cache.ARTICLES_DIR / f"{build_cache.shard_of(removed):02d}.json"
    if shard.exists():
        assert removed not in json.loads(shard.read_bytes())["articles"]
    assert removed not in json.loads((folder / "index.json").read_bytes())["sources"]


def test_the_single_file_of_format_1_is_removed(project: Path) -> None:
    (project / ".briefgen" / build_cache.CACHE_DIR).mkdir(parents=True)
    old = project / ".briefgen" / build_cache.CACHE_DIR / build_cache.OLD_ARTICLES_NAME
    old.write_text('{"format": 1, "generation": "x", "articles": {}}', encoding="utf-8")
    assert parses(run(project)) == (7, 0, 0)
    assert not old.exists()


def test_shards_are_chosen_by_a_stable_hash() -> None:
    """The same key lands in the same shard in every process (no per-run string hash)."""
    keys = [f"2020/briefing-{n}.md" for n in range(500)]
    shards = [build_cache.shard_of(k) for k in keys]
    assert shards == [build_cache.shard_of(k) for k in keys]
    assert len(set(shards)) == build_cache.SHARDS  # spread over all of them
    assert build_cache.shard_of("2020/budget-vote.md") == 2529844572 % 64  # its CRC-32


# --- a no-change build loads no stage ------------------------------------------------

_MODULES_AFTER = """
import json, sys
from briefgen.cli import main
sys.argv = ["briefgen", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(sys.modules)))
"""

# What a build that finds nothing to do must not import: each costs tens of milliseconds,
# and together they once took longer than the rest of a no-change build of 10,000.
HEAVY = (
    "markdown_it",
    "jinja2",
    "pycountry",
    "briefgen.assemble",
    "briefgen.content",
    "briefgen.render",
    "briefgen.search",
    "briefgen.searchindex",
    "briefgen.state",
    "briefgen.model",
    "briefgen.pool",
)


def _modules_after(*argv: str) -> tuple[set[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, *argv], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1])), result.stderr


def test_a_no_change_build_imports_no_stage(project: Path) -> None:
    argv = ("-v", "-C", str(project), "build", "--no-ingest")
    first, _ = _modules_after(*argv)
    assert {"markdown_it", "jinja2", "briefgen.render"} <= first  # the check sees them
    second, log = _modules_after(*argv)
    assert "nothing changed since the last build" in log
    assert (
        sorted(
            m
            for m in second
            if m.split(".")[0] in ("markdown_it", "jinja2", "pycountry") or m in HEAVY
        )
        == []
    )


def test_a_pool_build_stores_the_articles_while_the_pages_render(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shards are written on a thread started once the list pages' workers run (the
    parent only waits for them), and the next build still reuses every article."""
    stored_on: list[str] = []
    real_save_shards = build_cache.BuildCache._save_shards

    def save_shards(self: build_cache.BuildCache, sources: Any) -> Any:
        stored_on.append(threading.current_thread().name)
        return real_save_shards(self, sources)

    monkeypatch.setattr(build_cache.BuildCache, "_save_shards", save_shards)
    build_site(load_config(project), jobs=2)
    assert stored_on == ["briefgen-cache"]
    assert not [t for t in threading.enumerate() if t.name == "briefgen-cache"]
    assert "nothing changed" in run(project).stderr


def test_a_cold_pool_build_reads_each_content_file_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read workers hash the bytes they parse (BuildCache.parse): the parent records
    their entries instead of opening every content file again, and the next build still
    finds nothing changed."""
    opened: list[str] = []
    real_open = io.open

    def spy(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if not isinstance(file, int):
            opened.append(os.fspath(file))
        return real_open(file, mode, *args, **kw)

    real_os_open = os.open

    def os_spy(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        opened.append(os.fspath(path))
        return real_os_open(path, flags, *args, **kw)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    build_site(load_config(project), jobs=2)
    monkeypatch.undo()
    content = [p for p in opened if p.startswith(str(project / "content")) and p.endswith(".md")]
    assert len(content) == 7
    assert sorted(set(content)) == sorted(content)
    assert "nothing changed since the last build" in run(project).stderr


def test_parse_gives_the_entry_read_records(project: Path) -> None:
    """`BuildCache.parse` (in a read worker) and `record` keep what `read` keeps."""
    from briefgen.content import read_article

    config = load_config(project)
    path = sorted((project / "content").rglob("*.md"))[0]

    def reader(where: Path, data: bytes | None) -> Any:
        return read_article(
            where, content_dir=config.content_dir, taxonomies=config.taxonomies, raw=data
        )

    one = build_cache.open_cache(config, drafts=False, fresh=True, tool=None, tool_note="")
    read = one.read(path, reader)
    other = build_cache.open_cache(config, drafts=False, fresh=True, tool=None, tool_note="")
    parsed, entry = other.parse(path, reader)
    assert entry is not None and not other.parsed
    other.record(path, parsed, entry)
    assert parsed == read
    assert other._sources == one._sources and other._new == one._new
    assert (other.parsed, other.hashed, other.reused) == (one.parsed, one.hashed, one.reused)


def test_the_key_reads_library_versions_without_importlib_metadata(project: Path) -> None:
    """The cache key's library versions come from the dist-info folders' names (importing
    importlib.metadata and asking it cost ~30 ms of every build), and say the same.

    A cold build imports it anyway, through pycountry; a no-change build does not."""
    import importlib.metadata

    argv = ("-v", "-C", str(project), "build", "--no-ingest")
    _modules_after(*argv)
    modules, log = _modules_after(*argv)
    assert "nothing changed since the last build" in log
    assert "importlib.metadata" not in modules
    assert build_cache._library_versions() == [
        f"{name} {importlib.metadata.version(name)}" for name in build_cache.LIBRARIES
    ]
