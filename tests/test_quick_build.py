"""`briefgen build` with nothing to do, answered before click (briefgen/cli/__init__.py).

The quick path must say exactly what the click command says, for every command line it
reads, and leave every other one to click; it must import neither click nor PyYAML nor
a stage, open no content file and write nothing; and every input that breaks "nothing
changed" must still be noticed through it (the inputs tests/test_build_cache.py and
tests/test_seed_stamps.py cover through `-v`, which the quick path reads too, are not
repeated here). Every build runs as a real process, with its own user cache folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from site_support import FIXTURE_PROJECT

from briefgen import cache as build_cache
from briefgen.cli import quick_build
from briefgen.config import parse_yaml

HOUR_AGO = time.time() - 3600

# Runs the CLI as the console script does (QUICK) or straight through click (CLICK), then
# prints which modules it imported and every file it opened, as JSON on stdout's last line.
_RUNNER = """
import builtins, io, json, os, sys
opened = []
real_open, real_os_open = io.open, os.open
def spy(file, mode="r", *args, **kw):
    opened.append([os.fspath(file) if not isinstance(file, int) else "", mode])
    return real_open(file, mode, *args, **kw)
def os_spy(path, flags, *args, **kw):
    opened.append([os.fspath(path), "w" if flags & (os.O_WRONLY | os.O_RDWR) else "r"])
    return real_os_open(path, flags, *args, **kw)
builtins.open = io.open = spy
os.open = os_spy
sys.argv = ["briefgen", *sys.argv[1:]]
code = 0
try:
    if QUICK:
        from briefgen.cli import main
        main()
    else:
        from briefgen.cli.commands import cli
        cli(obj={})
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
print(json.dumps({"code": code, "modules": sorted(sys.modules), "opened": opened}))
"""


def cli(root: Path, *argv: str, quick: bool = True, cwd: Path | None = None) -> dict:
    """Run ARGV as a real process; its exit code, stderr, modules and opened files."""
    env = {**os.environ, "XDG_CACHE_HOME": str(root.parent / "user-cache")}
    env.pop("BRIEFGEN_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER.replace("QUICK", str(quick)), *argv],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=cwd or root.parent,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    report["stdout"] = "\n".join(result.stdout.splitlines()[:-1])
    report["stderr"] = re.sub(r" in \d+\.\d\d s$", " in T s", result.stderr, flags=re.M)
    return report


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root, ignore=shutil.ignore_patterns(".briefgen"))
    for path in root.rglob("*"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    return root


def built(root: Path, *argv: str) -> dict:
    """Build ROOT through click (so that the next build has nothing to do)."""
    report = cli(root, "-C", str(root), "build", *argv, quick=False)
    assert report["code"] == 0, report["stderr"]
    return report


def answered_quickly(report: dict) -> bool:
    """True when the quick path answered: click was never imported."""
    return "click" not in report["modules"]


# --- the same words as click, or click itself -----------------------------------------

QUICK_LINES = [
    ("-C", "{root}", "build"),
    ("--project", "{root}", "build", "--no-ingest"),
    ("--project={root}", "-q", "build"),
    ("-v", "-C", "{root}", "build", "-j", "2"),
    ("-q", "-v", "--project", "{root}", "build", "--jobs=1", "--no-ingest", "--jobs", "3"),
    ("build",),  # the project is the working folder
]


@pytest.mark.parametrize("argv", QUICK_LINES)
def test_the_quick_path_says_what_click_says(project: Path, argv: tuple[str, ...]) -> None:
    words = [word.format(root=project) for word in argv]
    built(project, *(w for w in words[words.index("build") + 1 :] if w == "--no-ingest"))
    slow = cli(project, *words, quick=False, cwd=project)
    fast = cli(project, *words, cwd=project)
    assert answered_quickly(fast) and not answered_quickly(slow)
    assert (fast["code"], fast["stdout"], fast["stderr"]) == (
        slow["code"],
        slow["stdout"],
        slow["stderr"],
    )
    assert "0 files written, 0 removed" in fast["stderr"] or "-q" in words


CLICK_LINES = [
    ("-C", "{root}/missing", "build"),
    ("-C", "{root}", "build", "-j", "0"),
    ("-C", "{root}", "build", "--jobs=x"),
    ("-C", "{root}", "build", "--bogus"),
    ("-C", "{root}", "build", "--help"),
    ("-C", "{root}", "build", "--drafts"),  # another build than the last one
    ("-C", "{root}", "build", "--force"),
    ("-C", "{root}", "build", "--base-url", "https://example.com/"),
    (
        "-C",
        "{root}",
    ),
    ("-C",),
    ("build", "-C", "{root}"),
    ("-Cx", "build"),
    ("--debug", "-C", "{root}", "build"),
    ("-C", "{root}/content", "build"),  # no briefgen.yaml there
]


@pytest.mark.parametrize("argv", CLICK_LINES)
def test_every_other_command_line_is_clicks(project: Path, argv: tuple[str, ...]) -> None:
    built(project)
    words = [word.format(root=project) for word in argv]
    fast = cli(project, *words)
    assert not answered_quickly(fast)
    if "--drafts" in words or "--force" in words or "--base-url" in words:
        assert fast["code"] == 0, fast["stderr"]  # built by click
        return
    slow = cli(project, *words, quick=False)
    assert (fast["code"], fast["stdout"], fast["stderr"]) == (
        slow["code"],
        slow["stdout"],
        slow["stderr"],
    )


def test_an_error_in_the_config_is_said_by_click(project: Path) -> None:
    built(project)
    (project / "briefgen.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    fast = cli(project, "-C", str(project), "build")
    slow = cli(project, "-C", str(project), "build", quick=False)
    assert not answered_quickly(fast)
    assert fast["code"] == slow["code"] == 1
    assert fast["stderr"] == slow["stderr"]
    assert "invalid YAML" in fast["stderr"]


def test_quick_build_reads_only_the_plain_spellings() -> None:
    here = Path.cwd()
    assert quick_build(["build"]) is not None
    assert quick_build(["-C", str(here), "build", "--drafts"]).drafts  # type: ignore[union-attr]
    for argv in (
        [],
        ["-C", str(here)],
        ["-qC", str(here), "build"],
        ["build", "--jobs", "-1"],
        ["build", "-j", "٣"],
        ["build", "--drafts=1"],
        ["build", "extra"],
        ["--project", str(here / "no such folder"), "build"],
    ):
        assert quick_build(argv) is None, argv


# --- what a quick answer does not do --------------------------------------------------


def test_a_quick_answer_imports_no_click_yaml_or_stage_and_opens_no_content(
    project: Path,
) -> None:
    built(project)
    report = cli(project, "-C", str(project), "build")
    assert report["code"] == 0 and answered_quickly(report)
    heavy = {"click", "yaml", "jinja2", "markdown_it", "multiprocessing", "briefgen.output"}
    assert heavy.isdisjoint(report["modules"])
    assert not any(m.startswith(("briefgen.ingest", "briefgen.render")) for m in report["modules"])
    content = str(project / "content")
    assert [path for path, _ in report["opened"] if path.startswith(content)] == []
    assert [path for path, mode in report["opened"] if set(mode) & set("wax+")] == []


def test_the_settings_are_parsed_once_per_user(project: Path, tmp_path: Path) -> None:
    """briefgen.yaml and theme.yaml are parsed by PyYAML only while their bytes are new."""
    first = built(project)
    assert "yaml" in first["modules"]
    memo = tmp_path / "user-cache" / "briefgen" / "yaml"
    assert len(list(memo.glob("*.json"))) == 2  # briefgen.yaml and the theme's theme.yaml
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8") + "# a comment\n",
        encoding="utf-8",
    )
    edited = cli(project, "-C", str(project), "build")
    assert "yaml" in edited["modules"] and len(list(memo.glob("*.json"))) == 3
    again = cli(project, "-C", str(project), "build")
    assert answered_quickly(again) and "yaml" not in again["modules"]


def test_parse_yaml_gives_what_pyyaml_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BRIEFGEN_NO_CACHE", raising=False)
    texts = [
        "title: A\npaths:\n  content: c\nsizes: [1, 2.5, true, null]\n",
        "when: 2020-01-02\n",  # a date: JSON cannot hold it, so it is never remembered
        "1: one\n",  # nor a key that is not text
        "",
    ]
    for text in texts:
        for _ in range(2):  # parsed, then (when it can be) remembered
            data, _lines = parse_yaml(text)
            assert data == yaml.safe_load(text)
            assert type(data) is type(yaml.safe_load(text))
    assert parse_yaml(texts[0])[1] == {"title": 1, "paths": 2, "paths.content": 3, "sizes": 4}
    assert len(list((tmp_path / "briefgen" / "yaml").glob("*.json"))) == 2  # the first, ""
    for memo in (tmp_path / "briefgen" / "yaml").glob("*.json"):
        memo.write_text("{damaged", encoding="utf-8")
    assert parse_yaml(texts[0])[0] == yaml.safe_load(texts[0])


# --- the site's folders ----------------------------------------------------------------


def test_a_name_added_in_a_site_folder_is_noticed(project: Path) -> None:
    """A trusted folder stamp stands for its names: adding one changes its mtime."""
    built(project)
    index = json.loads((project / ".briefgen" / "cache" / "index.json").read_bytes())
    folders = index["manifest"]["folders"]
    assert folders and all(trusted for _mtime, _inode, trusted in folders.values())
    stray = project / "site" / "2020" / "stray.html"
    stray.write_text("stray", encoding="utf-8")
    report = cli(project, "-C", str(project), "build")
    assert not answered_quickly(report) and "1 removed" in report["stderr"]
    assert not stray.exists()


def test_a_name_added_in_the_same_clock_tick_is_noticed(project: Path) -> None:
    """The racy folder: a name added, and the folder's mtime put back as it was recorded
    (a coarse clock would have kept it). An untrusted folder is listed, so it is seen."""
    built(project)
    index_path = project / ".briefgen" / "cache" / "index.json"
    index = json.loads(index_path.read_bytes())
    index["manifest"]["folders"]["2020"][2] = False  # as make_manifest leaves a racy one
    index_path.write_text(json.dumps(index), encoding="utf-8")
    folder = project / "site" / "2020"
    before = folder.stat()
    (folder / "stray.html").write_text("stray", encoding="utf-8")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = cli(project, "-C", str(project), "build")
    assert not answered_quickly(report) and "1 removed" in report["stderr"]
    # A dot name or an empty folder is not the site's, as for a walk of it.
    built(project)
    index = json.loads(index_path.read_bytes())
    index["manifest"]["folders"]["2020"][2] = False
    index_path.write_text(json.dumps(index), encoding="utf-8")
    before = folder.stat()
    (folder / ".hidden").write_text("x", encoding="utf-8")
    (folder / "empty").mkdir()
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert answered_quickly(cli(project, "-C", str(project), "build"))


def test_make_manifest_trusts_the_folders_it_just_wrote(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    (site / "index.html").write_text("y", encoding="utf-8")
    (site / ".git").mkdir()
    manifest = build_cache.make_manifest(site, {"a/b/index.html": "d1", "index.html": "d2"})
    assert manifest is not None
    assert set(manifest.folders) == {"", "a", "a/b"}
    assert all(trusted for _m, _i, trusted in manifest.folders.values())
    assert build_cache.site_matches(site, manifest)
    (site / "a" / "new.html").write_text("z", encoding="utf-8")
    assert not build_cache.site_matches(site, manifest)
    # A stray name the listing finds keeps the folder untrusted: it is listed each time.
    stray = build_cache.make_manifest(site, {"a/b/index.html": "d1", "index.html": "d2"})
    assert stray is not None and stray.folders["a"][2] is False
    assert not build_cache.site_matches(site, stray)
