"""Rebuild by kind of change, and recovery after a failed build, with a recording Builder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.build import Builder, UpdateReport
from briefgen.config import Config, load_config
from briefgen.errors import ConfigError, ContentError, ErrorList, SeedError, ThemeError, shown
from briefgen.ingest import IngestReport
from briefgen.model import Output
from briefgen.parallel import Workers
from briefgen.serve.rebuild import Rebuilder
from briefgen.serve.watch import Change, ChangeKind


@dataclass
class Stages:
    """Records every call the Rebuilder makes; `fail` makes the next renders raise."""

    root: Path
    renders: list[tuple[bool, frozenset[Path]]] = field(default_factory=list)
    ingests: list[tuple[Path, ...] | None] = field(default_factory=list)
    statics: int = 0
    fail: Exception | None = None
    seed_errors: tuple[Any, ...] = ()
    counter: int = 0
    files: dict[str, bytes] = field(default_factory=dict)


class RecordingBuilder(Builder):
    """A Builder whose steps only record what they were asked (the real ones are tested
    end to end in test_serve_e2e.py and test_site_build.py)."""

    def __init__(self, config: Config, stages: Stages) -> None:
        super().__init__(config)
        self.stages = stages

    def reconfigured(self, config: Config) -> Builder:
        return RecordingBuilder(config, self.stages)

    def ingest(
        self,
        only: Any = None,
        *,
        force: bool = False,
        workers: Workers | None = None,
        progress: Any = None,
    ) -> IngestReport:
        self.stages.ingests.append(None if only is None else tuple(only))
        written = tuple(self.stages.root / "content" / (p.stem + ".md") for p in only or ())
        return IngestReport(written, 0, (), (), self.stages.seed_errors, ())

    def _render(self, full: bool, changed: frozenset[Path]) -> UpdateReport:
        stages = self.stages
        stages.renders.append((full, changed))
        if stages.fail is not None:
            raise stages.fail
        stages.counter += 1
        stages.files = {**stages.files, "index.html": f"<body>{stages.counter}</body>".encode()}
        return UpdateReport(Output(dict(stages.files)), full, 1)

    def render(self) -> UpdateReport:
        return self._render(True, frozenset())

    def update(self, changed_paths: frozenset[Path]) -> UpdateReport:
        return self._render(False, changed_paths)

    def refresh_static(self) -> UpdateReport:
        self.stages.statics += 1
        self.stages.files = {**self.stages.files, "static/style.css": b"new"}
        return UpdateReport(Output(dict(self.stages.files)), False, 0)


def make(tmp_path: Path) -> tuple[Rebuilder, Stages]:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "content").mkdir()
    config = load_config(tmp_path)
    stages = Stages(tmp_path)
    return Rebuilder(RecordingBuilder(config, stages)), stages


def content(tmp_path: Path, name: str) -> Change:
    return Change(tmp_path / "content" / name, ChangeKind.CONTENT)


def test_start_ingests_everything_and_renders_fully(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    outcome = rebuilder.build_all()
    assert stages.ingests == [None]
    assert stages.renders == [(True, frozenset())]
    assert outcome.error is None
    assert outcome.files == {"index.html": b"<body>1</body>"}


def test_content_edit_renders_incrementally(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    rebuilder.apply(frozenset({content(tmp_path, "a.md")}))
    assert stages.renders[-1] == (False, frozenset({tmp_path / "content" / "a.md"}))
    assert stages.ingests == [None]


def test_seed_edit_ingests_that_seed_then_renders_its_content(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    seed = tmp_path / "seeds" / "new.txt"
    seed.write_text("date 2020-01-01 Something happened.")
    rebuilder.apply(frozenset({Change(seed, ChangeKind.SEED)}))
    assert stages.ingests[-1] == (seed,)
    assert stages.renders[-1] == (False, frozenset({tmp_path / "content" / "new.md"}))


def test_deleted_seed_is_not_ingested(tmp_path: Path) -> None:
    """An empty `only` would mean every seed to ingest: it must never be passed."""
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    rebuilder.apply(frozenset({Change(tmp_path / "seeds" / "gone.txt", ChangeKind.SEED)}))
    assert stages.ingests == [None]


def test_templates_and_folders_render_fully(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    for change in (
        Change(tmp_path / "themes" / "t" / "templates" / "base.html", ChangeKind.TEMPLATE),
        Change(tmp_path / "content" / "2020", ChangeKind.CONTENT, is_dir=True),
    ):
        rebuilder.apply(frozenset({change}))
        assert stages.renders[-1][0] is True


def test_static_file_is_copied_without_rendering_pages(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    renders = len(stages.renders)
    css = Change(tmp_path / "themes" / "t" / "static" / "style.css", ChangeKind.STATIC)
    outcome = rebuilder.apply(frozenset({css}))
    assert len(stages.renders) == renders
    assert outcome.files["static/style.css"] == b"new"
    # A content edit in the same batch renders its pages, then copies the static file.
    outcome = rebuilder.apply(frozenset({css, content(tmp_path, "a.md")}))
    assert stages.renders[-1] == (False, frozenset({tmp_path / "content" / "a.md"}))
    assert stages.statics == 2
    assert outcome.files["static/style.css"] == b"new"


def test_content_written_by_ingest_is_not_rendered_twice(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    seed = tmp_path / "seeds" / "new.txt"
    seed.write_text("date 2020-01-01 Something happened.")
    written = tmp_path / "content" / "new.md"
    written.write_text("as ingest wrote it")  # the fake ingest names this file
    rebuilder.apply(frozenset({Change(seed, ChangeKind.SEED)}))
    renders = len(stages.renders)
    rebuilder.apply(frozenset({Change(written, ChangeKind.CONTENT)}))  # the watcher's echo
    assert len(stages.renders) == renders
    written.write_text("edited by a person afterwards")
    rebuilder.apply(frozenset({Change(written, ChangeKind.CONTENT)}))
    assert stages.renders[-1] == (False, frozenset({written}))


def test_config_change_reloads_and_rebuilds_everything(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    (tmp_path / "briefgen.yaml").write_text("title: Changed\n")
    outcome = rebuilder.apply(frozenset({Change(tmp_path / "briefgen.yaml", ChangeKind.CONFIG)}))
    assert outcome.config.title == "Changed"
    assert stages.ingests[-1] is None
    assert stages.renders[-1] == (True, frozenset())


def test_bad_config_keeps_the_site_and_names_the_line(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    good = rebuilder.build_all()
    (tmp_path / "briefgen.yaml").write_text("title: x\ntitel: y\n")
    outcome = rebuilder.apply(frozenset({Change(tmp_path / "briefgen.yaml", ChangeKind.CONFIG)}))
    assert outcome.files == good.files
    assert outcome.error is not None
    assert outcome.error.startswith("briefgen.yaml:2: unknown key 'titel'")
    renders = len(stages.renders)
    # Edits while the config is broken wait for it to be fixed.
    outcome = rebuilder.apply(frozenset({content(tmp_path, "a.md")}))
    assert len(stages.renders) == renders
    (tmp_path / "briefgen.yaml").write_text("title: x\n")
    outcome = rebuilder.apply(frozenset({Change(tmp_path / "briefgen.yaml", ChangeKind.CONFIG)}))
    assert outcome.error is None
    assert stages.renders[-1][0] is True


def test_failed_render_keeps_the_last_good_site_and_owes_the_file(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    good = rebuilder.build_all()
    stages.fail = ErrorList(
        [ContentError("invalid YAML (fix it)", tmp_path / "content" / "a.md", 3)]
    )
    outcome = rebuilder.apply(frozenset({content(tmp_path, "a.md")}))
    assert outcome.files == good.files
    assert outcome.error == "content/a.md:3: invalid YAML (fix it)"
    # Another file is edited while a.md is still broken: a.md must be read again too.
    outcome = rebuilder.apply(frozenset({content(tmp_path, "b.md")}))
    assert stages.renders[-1] == (
        False,
        frozenset({tmp_path / "content" / "a.md", tmp_path / "content" / "b.md"}),
    )
    stages.fail = None
    outcome = rebuilder.apply(frozenset({content(tmp_path, "a.md")}))
    assert outcome.error is None
    assert outcome.files != good.files
    rebuilder.apply(frozenset({content(tmp_path, "c.md")}))
    assert stages.renders[-1] == (False, frozenset({tmp_path / "content" / "c.md"}))


def test_failed_template_render_stays_owed_as_a_full_render(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    stages.fail = ThemeError(
        "unexpected '}' (close the tag)", tmp_path / "themes" / "t" / "templates" / "base.html", 7
    )
    outcome = rebuilder.apply(
        frozenset(
            {Change(tmp_path / "themes" / "t" / "templates" / "base.html", ChangeKind.TEMPLATE)}
        )
    )
    assert outcome.error == "themes/t/templates/base.html:7: unexpected '}' (close the tag)"
    stages.fail = None
    outcome = rebuilder.apply(frozenset({content(tmp_path, "a.md")}))
    assert stages.renders[-1][0] is True
    assert outcome.error is None


def test_bad_seed_shows_until_fixed_while_the_rest_renders(tmp_path: Path) -> None:
    rebuilder, stages = make(tmp_path)
    rebuilder.build_all()
    seed = tmp_path / "seeds" / "bad.txt"
    seed.write_text("no date")
    stages.seed_errors = (SeedError("missing date line (start with 'date YYYY-MM-DD')", seed, 1),)
    outcome = rebuilder.apply(frozenset({Change(seed, ChangeKind.SEED)}))
    assert outcome.error == "seeds/bad.txt:1: missing date line (start with 'date YYYY-MM-DD')"
    stages.seed_errors = ()
    outcome = rebuilder.apply(frozenset({content(tmp_path, "x.md")}))
    assert outcome.error is not None  # still broken: the seed was not touched
    outcome = rebuilder.apply(frozenset({Change(seed, ChangeKind.SEED)}))
    assert outcome.error is None


def test_shown_lists_every_error_relative_to_the_project(tmp_path: Path) -> None:
    error = ErrorList(
        [
            ContentError("title is missing (add title:)", tmp_path / "content" / "a.md", 1),
            ConfigError("bad", Path("/elsewhere/x.yaml"), None),
            ContentError("no path"),
        ]
    )
    assert shown(error, tmp_path) == (
        "content/a.md:1: title is missing (add title:)\n/elsewhere/x.yaml: bad\nno path"
    )
