"""build.Builder, the one orchestrator: a build on disk, and a site kept in memory for serve."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_support import FIXTURE_PROJECT

from briefgen.build import Builder, BuildReport, IngestReport
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import ContentError, ErrorList, shown
from briefgen.searchindex import INDEX_DIR

SEED = (
    "date 2021-03-02 The harbour authority of Port Elwin reopened the northern quay on "
    "Tuesday after repairs that took four months, officials said.\n\n"
    "Ships had been diverted to the southern quay since November.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The site fixture's content, with a seeds folder holding one good and one bad seed."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    (root / "seeds").mkdir()
    (root / "seeds" / "quay.txt").write_text(SEED, encoding="utf-8")
    (root / "seeds" / "bad.txt").write_text("no date line at all\n", encoding="utf-8")
    return root


def test_build_ingests_then_writes_and_reports_bad_seeds_first(project: Path) -> None:
    config = load_config(project)
    told: list[IngestReport] = []

    def on_ingest(report: IngestReport) -> None:
        assert not config.output_dir.exists(), "bad seeds are told before the site is written"
        told.append(report)

    report = Builder(config).build(on_ingest=on_ingest)
    assert len(told) == 1
    assert report.seed_errors == told[0].errors
    assert len(report.seed_errors) == 1
    assert shown(report.seed_errors[0], project).startswith("seeds/bad.txt:1: ")
    assert len(told[0].written) == 1  # the good seed
    assert report.articles > 0 and (config.output_dir / "index.html").is_file()


def test_build_without_ingest_reads_content_only(project: Path) -> None:
    config = load_config(project)
    before = sorted(config.content_dir.rglob("*.md"))
    report = Builder(config).build(ingest=False)
    assert report.seed_errors == ()  # the bad seed was never read
    assert sorted(config.content_dir.rglob("*.md")) == before
    assert (config.output_dir / "index.html").is_file()


def test_update_rerenders_only_what_an_edit_touches_and_matches_a_full_render(
    project: Path,
) -> None:
    config = load_config(project)
    builder = Builder(config)
    first = builder.render()
    assert first.full and first.rendered > 0
    article = sorted((project / "content").rglob("*.md"))[-1]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    update = builder.update(frozenset({article}))
    assert not update.full
    assert 0 < update.rendered < first.rendered
    assert update.output.files != first.output.files
    fresh = Builder(config).render()
    assert update.output.files == fresh.output.files  # byte for byte, path for path


def test_update_before_any_render_renders_everything(project: Path) -> None:
    update = Builder(load_config(project)).update(frozenset())
    assert update.full and update.rendered > 0


def test_a_failed_update_keeps_the_last_good_site(project: Path) -> None:
    builder = Builder(load_config(project))
    first = builder.render()
    article = sorted((project / "content").rglob("*.md"))[0]
    article.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    with pytest.raises(ErrorList) as info:
        builder.update(frozenset({article}))
    assert isinstance(info.value.errors[0], ContentError)
    assert info.value.errors[0].path == article  # the real path; shown() makes it relative
    assert builder.state is not None and builder.state.output.files == first.output.files


def test_cli_build_shows_bad_seeds_before_the_content_errors_that_fail_it(project: Path) -> None:
    broken = sorted((project / "content").rglob("*.md"))[0]
    broken.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "build"], obj={})
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    seed_line = next(i for i, line in enumerate(lines) if "bad.txt:1:" in line)
    content_line = next(i for i, line in enumerate(lines) if broken.name in line)
    assert seed_line < content_line, lines


def test_an_edit_does_not_wait_for_the_search_index_and_swaps_it_in_when_made(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's reload is not held up by the builtin index (seconds at 10,000 briefings)."""
    monkeypatch.setattr("briefgen.search._FORK_FROM", 0)  # made in a forked process, as at scale
    config = load_config(project)
    builder = Builder(config)
    first = builder.render()
    index = {p: b for p, b in first.output.files.items() if p.startswith(INDEX_DIR)}
    assert index, "the fixture site has a builtin search index"
    article = sorted((project / "content").rglob("*.md"))[-1]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nThe quokkaberry harvest was late.\n", encoding="utf-8")
    update = builder.update(frozenset({article}))
    assert {p: b for p, b in update.output.files.items() if p.startswith(INDEX_DIR)} == index
    deadline = time.monotonic() + 60
    while (refreshed := builder.refresh_search()) is None:
        assert time.monotonic() < deadline, "the background index never came"
        time.sleep(0.02)
    assert builder.refresh_search() is None  # swapped in once
    fresh = Builder(config).render()
    assert refreshed.output.files == fresh.output.files  # the new word is searchable now
    words = b"".join(b for p, b in refreshed.output.files.items() if "/words/" in p)
    assert b"quokkaberri" in words or b"quokkaberry" in words


def test_a_second_edit_while_the_index_is_made_supersedes_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefgen.search._FORK_FROM", 0)
    config = load_config(project)
    builder = Builder(config)
    builder.render()
    first, second = sorted((project / "content").rglob("*.md"))[-2:]
    for path, word in ((first, "Wombatfield"), (second, "Zebracove")):
        path.write_text(path.read_text(encoding="utf-8") + f"\n{word} wins.\n", encoding="utf-8")
        builder.update(frozenset({path}))
    deadline = time.monotonic() + 60
    while (refreshed := builder.refresh_search()) is None:
        assert time.monotonic() < deadline, "the background index never came"
        time.sleep(0.02)
    assert refreshed.output.files == Builder(config).render().output.files


@pytest.mark.parametrize("forked", [False, True])
def test_on_a_large_site_an_edit_leaves_the_search_index_due_and_refresh_makes_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """From _DEFER_SEARCH_FROM briefings the edit does not even start the index (a fork)."""
    monkeypatch.setattr("briefgen.build._DEFER_SEARCH_FROM", 0)
    if forked:
        monkeypatch.setattr("briefgen.search._FORK_FROM", 0)
    config = load_config(project)
    builder = Builder(config)
    first = builder.render()
    index = {p: b for p, b in first.output.files.items() if p.startswith(INDEX_DIR)}
    article = sorted((project / "content").rglob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nThe quokkaberry harvest was late.\n", encoding="utf-8")
    update = builder.update(frozenset({article}))
    assert builder.state is not None
    assert builder.state.search_due and builder.state.search_pending is None
    assert {p: b for p, b in update.output.files.items() if p.startswith(INDEX_DIR)} == index
    deadline = time.monotonic() + 60
    while (refreshed := builder.refresh_search()) is None:
        assert time.monotonic() < deadline, "the due index was never made"
        time.sleep(0.02)
    assert not builder.state.search_due
    assert builder.refresh_search() is None  # swapped in once
    assert refreshed.output.files == Builder(config).render().output.files


def test_a_due_index_is_started_only_once_edits_pause(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forking the index while edits come makes each of them slower (copy-on-write)."""
    monkeypatch.setattr("briefgen.build._DEFER_SEARCH_FROM", 0)
    monkeypatch.setattr("briefgen.build._SEARCH_QUIET_SECONDS", 3600.0)
    config = load_config(project)
    builder = Builder(config)
    builder.render()
    article = sorted((project / "content").rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nLate words.\n", encoding="utf-8")
    builder.update(frozenset({article}))
    assert builder.refresh_search() is None
    assert builder.state is not None
    assert builder.state.search_due and builder.state.search_pending is None  # not started
    monkeypatch.setattr("briefgen.build._SEARCH_QUIET_SECONDS", 0.0)  # the pause came
    deadline = time.monotonic() + 60
    while (refreshed := builder.refresh_search()) is None:
        assert time.monotonic() < deadline, "the due index was never made"
        time.sleep(0.02)
    assert refreshed.output.files == Builder(config).render().output.files


def test_summary_line_puts_each_noun_in_the_number_of_its_count() -> None:
    """A one-file rebuild once said `(1 files written, …)`."""
    one = BuildReport(1, 1, 1, 1, written=1, removed=0, seconds=0.5, warnings=())
    assert one.summary() == (
        "1 briefing, 1 page, 1 term, 1 feed (1 file written, 0 removed) in 0.50 s"
    )
    many = BuildReport(3, 0, 2, 5, written=0, removed=2, seconds=1.0, warnings=())
    assert many.summary() == (
        "5 briefings, 3 pages, 0 terms, 2 feeds (0 files written, 2 removed) in 1.00 s"
    )
