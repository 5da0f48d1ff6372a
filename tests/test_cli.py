"""The CLI through CliRunner and as a real subprocess: exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import cli

GOOD_SEED = (
    "date 2022-02-24 Russian forces launched a full-scale invasion of Ukraine on Thursday, "
    "as President Vladimir Putin announced a military operation.\n\n"
    "Explosions were heard in Kyiv and Kharkiv, Ukrainian officials said.\n"
)


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version_and_help() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--version"], obj={})
    assert result.exit_code == 0 and __version__ in result.output
    result = runner.invoke(cli, ["--help"], obj={})
    assert result.exit_code == 0
    for command in ("ingest", "build", "serve", "extract", "new"):
        assert command in result.output
        sub = runner.invoke(cli, [command, "--help"], obj={})
        assert sub.exit_code == 0, sub.output
        assert "Example:" in sub.output and f"briefgen {command}" in sub.output


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["build", "--no-such-flag"], obj={})
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["frobnicate"], obj={})
    assert result.exit_code == 2


def test_unknown_config_key_names_key_line_and_closest(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("title: X\npage_sise: 5\n")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "ingest"], obj={})
    assert result.exit_code == 1
    assert (
        f"Error: {tmp_path / 'briefgen.yaml'}:2: unknown key 'page_sise' (did you mean 'page_size'?)"
        in result.output
    )
    assert "Traceback" not in result.output


def test_bad_seed_exits_1_with_path_line_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("title: T\n")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "good.txt").write_text(GOOD_SEED)
    (tmp_path / "seeds" / "bad.txt").write_text("date 2021-02-30 Nope.\n")
    result = run("ingest", cwd=tmp_path)
    assert result.returncode == 1
    assert "Error: seeds/bad.txt:1: impossible date 2021-02-30" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1, "good seed still ingested"


def test_debug_shows_traceback(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("bogus: 1\n")
    result = run("--debug", "ingest", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_extract_files_prints_yaml(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(GOOD_SEED)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "extract", str(seed)], obj={})
    assert result.exit_code == 0, result.output
    (doc,) = list(yaml.safe_load_all(result.output))
    assert doc["date"].isoformat() == "2022-02-24"
    assert "Vladimir Putin" in doc["actors"]
    assert {"Ukraine", "Kyiv"} <= set(doc["locations"])


def test_extract_jsonl_keeps_order_and_ids(tmp_path: Path) -> None:
    docs = [
        {"id": "b", "text": "Chancellor Olaf Scholz met Emmanuel Macron in Paris."},
        {"id": "a", "title": "Talks in Tokyo", "text": "Japan hosted the talks."},
    ]
    stdin = "".join(json.dumps(d) + "\n" for d in docs)
    result = run("extract", "--jsonl", cwd=tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a"]
    assert "Olaf Scholz" in lines[0]["actors"] and "Paris" in lines[0]["locations"]
    assert set(lines[0]) == {"id", "actors", "locations", "sources"}


def test_extract_jsonl_bad_line_names_stdin_line(tmp_path: Path) -> None:
    result = run("extract", "--jsonl", cwd=tmp_path, stdin='{"id": 1, "text": "x"}\nnot json\n')
    assert result.returncode == 1
    assert "Error: <stdin>:2:" in result.stderr


@pytest.mark.slow
def test_new_project_builds_at_once_and_twice_identically(tmp_path: Path) -> None:
    project = tmp_path / "briefs"
    result = run("new", str(project), "--title", 'Watch "East"')
    assert result.returncode == 0, result.stderr
    assert (project / "briefgen.yaml").is_file() and (project / "seeds").is_dir()
    first = run("build", cwd=project)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    assert (site / "index.html").is_file()
    snapshot = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    content = {p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}
    second = run("build", cwd=project)
    assert second.returncode == 0, second.stderr
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == snapshot
    assert {
        p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()
    } == content
    assert 'Watch "East"' in (site / "index.html").read_text().replace("&#34;", '"').replace(
        "&quot;", '"'
    )


def test_new_refuses_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "x")], obj={})
    assert result.exit_code == 1 and "not empty" in result.output
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_ingest_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Extraction walks sets and dicts; the content it writes must not depend on hashing."""
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))[:8]
    outputs = []
    for hash_seed in ("1", "2"):
        project = tmp_path / hash_seed
        (project / "seeds").mkdir(parents=True)
        (project / "briefgen.yaml").write_text("title: T\n")
        for seed in seeds:
            (project / "seeds" / seed.name).write_bytes(seed.read_bytes())
        result = subprocess.run(
            [sys.executable, "-m", "briefgen", "-q", "ingest"],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(
            {
                p.relative_to(project).as_posix(): p.read_bytes()
                for p in sorted(project.rglob("*"))
                if p.is_file() and "seeds" not in p.parts
            }
        )
    assert len(outputs[0]) == len(seeds) + 2  # content files, the record, briefgen.yaml
    assert outputs[0] == outputs[1]


def test_project_folder_must_exist_and_is_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = CliRunner().invoke(cli, ["-C", str(missing), "build"], obj={})
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not missing.exists()


@pytest.mark.parametrize("command", ["build", "ingest", "serve"])
def test_commands_outside_a_project_suggest_briefgen_new(tmp_path: Path, command: str) -> None:
    (tmp_path / "seeds").mkdir()
    result = run("-C", str(tmp_path), command, cwd=tmp_path)
    assert result.returncode == 1
    assert "is not a briefgen project: there is no briefgen.yaml" in result.stderr
    assert "briefgen new" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"], "nothing was written"


def test_base_url_option_is_validated_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("title: T\n")
    result = run("build", "--base-url", "not a url", cwd=tmp_path)
    assert result.returncode == 1
    assert "Error: --base-url 'not a url' is not usable" in result.stderr
    assert not (tmp_path / "site").exists()


def test_build_collects_cycles_less_often_and_restores_the_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`briefgen build` runs with the collector's first threshold raised (the articles and
    the site live until the end: collecting them again and again cost 0.5 s of a 10,000-
    briefing build's parent), and leaves the thresholds as they were."""
    import gc
    import shutil

    from site_support import FIXTURE_PROJECT

    from briefgen import build as build_module
    from briefgen.parallel import BUILD_GC_THRESHOLD

    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root, ignore=shutil.ignore_patterns(".briefgen", "site"))
    seen: list[int] = []
    real_build = build_module.Builder.build

    def build(self: build_module.Builder, **options: object) -> build_module.BuildReport:
        seen.append(gc.get_threshold()[0])
        return real_build(self, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module.Builder, "build", build)
    before = gc.get_threshold()
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--no-ingest", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert seen == [BUILD_GC_THRESHOLD] != [before[0]]
    assert gc.get_threshold() == before
