"""`build --jobs N`: the same bytes as one process, errors named, the old site kept on failure,
and the pages rendered and written by the workers (only small records come back)."""

from __future__ import annotations

import datetime
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import require
from site_support import FIXTURE_PROJECT, site_files

from briefgen import pool, render
from briefgen.build import build_site
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import BriefgenError, ContentError, ErrorList, ThemeError
from briefgen.frontmatter import dump
from briefgen.output import Written
from briefgen.searchindex import INDEX_DIR
from briefgen.theme import PACKAGE_THEMES_DIR

REPO_ROOT = Path(__file__).resolve().parent.parent
WORDS = "harbour council vote storm bridge ferry budget summit talks court market".split()


def write_project(root: Path, count: int, seed: int = 3) -> None:
    """A project of COUNT briefings with shared actors, places and tags (many list pages)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "briefgen.yaml").write_text('title: P\nbase_url: "https://example.org/p/"\n')
    for index in range(count):
        date = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(900))
        data = {
            "title": f"{' '.join(rng.choices(WORDS, k=6)).capitalize()} {index}",
            "date": date,
            "summary": " ".join(rng.choices(WORDS, k=20)) + ".",
            "actors": sorted({f"Person {rng.randrange(60)}" for _ in range(3)}),
            "locations": sorted({f"Town {rng.randrange(25)}" for _ in range(2)}),
            "tags": sorted({rng.choice(WORDS) for _ in range(2)}),
        }
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=50)) + "." for _ in range(4))
        path = root / "content" / str(date.year) / f"brief-{index:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data, body), encoding="utf-8")


def build_tree(root: Path, out: Path, jobs: int) -> dict[str, bytes]:
    build_site(load_config(root, {"output_dir": out}), jobs=jobs)
    return site_files(out)


def debris(site: Path) -> list[str]:
    """Hidden entries next to the site besides its reserve copy (backups, staging folders)."""
    return sorted(
        p.name
        for p in site.parent.iterdir()
        if p.name.startswith(".") and p.name not in (f".{site.name}.reserve", ".briefgen")
    )


def test_the_example_project_is_the_same_bytes_on_1_2_and_3_processes(tmp_path: Path) -> None:
    require(any((REPO_ROOT / "content").rglob("*.md")), "the example project's content/")
    trees = {jobs: build_tree(REPO_ROOT, tmp_path / f"site{jobs}", jobs) for jobs in (1, 2, 3)}
    assert len(trees[1]) > 100
    assert any(path.startswith(INDEX_DIR) for path in trees[1])  # the search index too
    assert trees[2] == trees[1]
    assert trees[3] == trees[1]


def test_a_300_briefing_project_is_the_same_bytes_on_1_2_and_3_processes(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root, 300)
    one = build_tree(root, tmp_path / "site1", 1)
    assert sum(path.endswith(".html") for path in one) > 600
    for jobs in (2, 3):
        assert build_tree(root, tmp_path / f"site{jobs}", jobs) == one, f"--jobs {jobs} differs"


def test_a_pool_build_over_an_old_site_writes_only_what_changed(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root, 120)
    config = load_config(root)
    first = build_site(config, jobs=1)
    again = build_site(config, jobs=2)
    assert (again.written, again.removed) == (0, 0)
    # One briefing retitled and one deleted: the same changes as a one-process build finds.
    edited = sorted((root / "content").rglob("*.md"))
    edited[5].write_text(edited[5].read_text().replace("title: ", "title: Renamed ", 1))
    edited[9].unlink()
    reference = tmp_path / "ref"
    shutil.copytree(root / "site", reference)
    one = build_site(load_config(root, {"output_dir": reference}), jobs=1)
    two = build_site(config, jobs=2)
    assert (two.written, two.removed, two.pages) == (one.written, one.removed, one.pages)
    assert site_files(root / "site") == site_files(reference)
    assert first.pages == again.pages


def test_workers_render_and_write_and_send_back_only_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    write_project(root, 150)
    log = tmp_path / "renders.log"
    real_render = render.render_page

    def logged_render(*args: Any) -> bytes:
        with open(log, "a") as handle:  # one short line per page: appends do not interleave
            handle.write(f"{os.getpid()}\n")
        return real_render(*args)

    returned: list[object] = []
    real_render_and_write = pool.render_and_write

    def kept(*args: Any, **kwargs: Any) -> list[Written]:
        records = real_render_and_write(*args, **kwargs)
        returned.extend(records)
        return records

    monkeypatch.setattr(render, "render_page", logged_render)
    monkeypatch.setattr(pool, "render_and_write", kept)  # build.py imports it when run
    report = build_site(load_config(root), jobs=2)
    pids = log.read_text().split()
    assert len(pids) == len(returned) > 300
    assert str(os.getpid()) not in pids, "pages were rendered in the parent process"
    site_bytes = sum(len(data) for data in site_files(root / "site").values())
    assert all(type(record) is Written for record in returned)
    # What came back through the pool is a small fraction of the pages it stands for.
    assert len(pickle.dumps(returned)) < site_bytes / 20
    assert report.written == len(site_files(root / "site"))


def _broken_theme(root: Path) -> int:
    """A theme whose briefing template fails on one briefing only; the failing line."""
    folder = root / "themes" / "broken"
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\n")
    lines = (PACKAGE_THEMES_DIR / "default" / "templates" / "article.html").read_text()
    lines_list = lines.split("\n")
    at = lines_list.index("{% block main %}") + 1
    check = '{% if page.article.title.endswith(" 77") %}{{ page.article.nope() }}{% endif %}'
    lines_list.insert(at, check)
    (folder / "templates" / "article.html").write_text("\n".join(lines_list))
    return at + 1


def test_each_card_is_rendered_once_in_a_pool_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefing's card is made by the worker of its briefing page and shared with the
    workers of the list pages, not rendered again in each of them; the bytes stay the same."""
    root = tmp_path / "p"
    write_project(root, 150)
    one = build_tree(root, tmp_path / "site1", 1)
    log = tmp_path / "cards.log"
    real_render_card = render._render_card

    def logged_render_card(template_name: str, article: Any, *args: Any) -> Any:
        if template_name == render.CARD:
            with open(log, "a") as handle:  # one short line per card: appends do not interleave
                handle.write(f"{os.getpid()} {article.url_path}\n")
        return real_render_card(template_name, article, *args)

    monkeypatch.setattr(render, "_render_card", logged_render_card)
    assert build_tree(root, tmp_path / "site2", 2) == one
    renders = log.read_text().splitlines()
    cards = {line.split()[1] for line in renders}
    assert len(cards) == 150
    assert len({line.split()[0] for line in renders}) == 2, "both workers made cards"
    assert len(renders) == len(cards), "a card was rendered more than once"


STAGES_AT_FIRST_FORK = """
import contextlib, sys
from briefgen import parallel
real_pool = parallel._local_pool
seen = []

@contextlib.contextmanager
def first_pool(*args, **kwargs):
    if not seen:
        seen.append(sorted(m for m in ("briefgen.assemble", "briefgen.render") if m in sys.modules))
        print("stages imported at the first fork:", seen[0])
    with real_pool(*args, **kwargs) as executor:
        yield executor

parallel._local_pool = first_pool
sys.argv[1:] = ["-C", sys.argv[1], "build", "--no-ingest", "--jobs", "2"]
from briefgen.cli import main
main()
"""


def test_the_readers_are_forked_before_the_later_stages_are_imported(tmp_path: Path) -> None:
    """Assembly and rendering (Jinja, the lead's rules) are imported while the content is
    read, not before the readers start: a cold build's workers start sooner."""
    root = tmp_path / "p"
    write_project(root, 60)
    result = subprocess.run(
        [sys.executable, "-c", STAGES_AT_FIRST_FORK, str(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "stages imported at the first fork: []" in result.stdout
    assert (root / "site" / "index.html").is_file()


def test_a_render_error_in_a_worker_names_the_template_and_keeps_the_old_site(
    tmp_path: Path,
) -> None:
    root = tmp_path / "p"
    write_project(root, 100)
    build_site(load_config(root), jobs=2)
    before = site_files(root / "site")
    line = _broken_theme(root)
    with pytest.raises(ThemeError) as caught:
        build_site(load_config(root, {"theme": "broken"}), jobs=2)
    error = caught.value
    assert error.path is not None and error.path.name == "article.html"
    assert error.line == line
    assert "nope" in str(error)
    assert site_files(root / "site") == before
    assert debris(root / "site") == []
    assert list(tmp_path.rglob("*.tmp")) == []


def test_the_cli_reports_a_worker_error_as_path_line_and_exits_non_zero(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root, 100)
    build_site(load_config(root), jobs=2)
    before = site_files(root / "site")
    line = _broken_theme(root)
    text = (root / "briefgen.yaml").read_text()
    (root / "briefgen.yaml").write_text(text + "theme: broken\n")
    result = CliRunner().invoke(
        cli, ["--project", str(root), "build", "--no-ingest", "--jobs", "2"], obj={}
    )
    assert result.exit_code != 0
    assert f"article.html:{line}: " in result.output
    assert site_files(root / "site") == before


def test_content_errors_read_in_workers_name_each_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root, 100)
    build_site(load_config(root), jobs=2)
    before = site_files(root / "site")
    files = sorted((root / "content").rglob("*.md"))
    for bad in (files[10], files[70]):
        bad.write_text(bad.read_text().replace("date: ", "date: not-a-date ", 1))
    with pytest.raises(ErrorList) as caught:
        build_site(load_config(root), jobs=2)
    errors = caught.value.errors
    # Errors carry the file's own path; errors.shown() makes it relative for people.
    assert [e.path for e in errors] == [files[10], files[70]]
    assert all(isinstance(e, ContentError) and e.line is not None for e in errors)
    with pytest.raises(ErrorList) as in_one:
        build_site(load_config(root), jobs=1)
    assert str(in_one.value) == str(caught.value)
    assert site_files(root / "site") == before


def test_errors_keep_their_kind_path_and_line_through_pickle() -> None:
    error = ContentError("bad date (write YYYY-MM-DD)", Path("content/a.md"), 3)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.path, copy.line, str(copy)) == (
        ContentError,
        error.path,
        3,
        str(error),
    )
    many = pickle.loads(pickle.dumps(ErrorList([error, BriefgenError("other")])))
    assert [str(e) for e in many.errors] == [str(error), "other"]
    assert str(many) == f"{error}\nother"


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie no one reaps (no init in a container) is gone


def test_workers_die_with_a_killed_build_and_free_the_site_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require(Path("/proc/self/stat").exists(), "Linux /proc (to see the workers' state)")
    root = tmp_path / "p"
    write_project(root, 80)
    build_site(load_config(root), jobs=1)
    log = tmp_path / "workers.log"
    real_render = render.render_page

    def slow_render(*args: Any) -> bytes:
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(0.05)
        return real_render(*args)

    monkeypatch.setattr(render, "render_page", slow_render)
    pid = os.fork()
    if pid == 0:
        try:
            build_site(load_config(root), jobs=2, fresh=True)  # not the no-change shortcut
        finally:
            os._exit(0)
    try:
        assert _wait_for(lambda: log.is_file() and len(set(log.read_text().split())) >= 2, 60)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    workers = {int(p) for p in log.read_text().split()}
    assert pid not in workers
    assert _wait_for(lambda: not any(_alive(w) for w in workers), 10), "orphaned workers"
    monkeypatch.setattr(render, "render_page", real_render)
    report = build_site(load_config(root), jobs=2)  # the lock is free: no wait for ever
    assert report.articles == 80


def test_jobs_on_the_command_line_must_be_positive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--project", str(FIXTURE_PROJECT), "build", "--no-ingest", "--jobs", "0"], obj={}
    )
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_records_of_a_mapping_read_back_from_the_reserve(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"<p>a</p>")
    pages: Mapping[str, bytes] = pool.ReservePages(tmp_path, ["a/index.html"])
    assert dict(pages) == {"a/index.html": b"<p>a</p>"}
    assert len(pages) == 1
    with pytest.raises(KeyError):
        pages["b/index.html"]


_MARK: list[str] = []


def _marks(_shared: object, items: list[int]) -> list[tuple[int, tuple[str, ...], int]]:
    return [(item, tuple(_MARK), os.getpid()) for item in items]


@pytest.mark.parametrize("jobs", [1, 2])
def test_meanwhile_runs_once_here_while_the_workers_work(jobs: int) -> None:
    from briefgen.parallel import map_shared

    calls: list[int] = []

    def meanwhile() -> None:
        calls.append(os.getpid())
        _MARK.append("set by meanwhile")

    _MARK.clear()
    try:
        results = map_shared(_marks, None, list(range(100)), jobs, meanwhile)
    finally:
        marks = list(_MARK)
        _MARK.clear()
    assert [item for item, _, _ in results] == list(range(100))
    assert calls == [os.getpid()] and marks == ["set by meanwhile"]
    if jobs > 1:
        # Forked before it ran: no worker saw what it did, and none ran here.
        assert all(mark == () and pid != os.getpid() for _, mark, pid in results)


def test_a_theme_error_waits_for_the_content_errors_on_all_cores(tmp_path: Path) -> None:
    # The pool build prepares the theme while workers read content: a broken file is
    # still what the build reports first, as with --jobs 1.
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    config_path = project / "briefgen.yaml"
    config_path.write_text(
        config_path.read_text(encoding="utf-8") + "theme: no-such-theme\n", encoding="utf-8"
    )
    broken = sorted((project / "content").rglob("*.md"))[0]
    broken.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    for jobs in (1, 2):
        with pytest.raises(ErrorList):
            build_site(load_config(project), jobs=jobs)
    broken.unlink()
    for jobs in (1, 2):
        with pytest.raises(ThemeError, match="no-such-theme"):
            build_site(load_config(project), jobs=jobs)
