"""Nothing is read from outside the project (or theme) through a symlink, nothing written there."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import briefgen
from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.content import stays_within
from briefgen.errors import ConfigError, ErrorList, ThemeError
from briefgen.fsutil import is_within
from briefgen.ingest import ingest_seeds

SEED = "date 2021-03-02 Officials in Geneva opened talks on Tuesday about a new trade deal.\n"
ARTICLE = '---\ntitle: "Outside"\ndate: 2020-01-01\n---\n\nSecret text.\n'


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "project", tmp_path / "outside"
    (root / "seeds").mkdir(parents=True)
    (root / "content" / "2020").mkdir(parents=True)
    outside.mkdir()
    (root / "briefgen.yaml").write_text('title: T\nbase_url: "https://example.org/"\n')
    return root, outside


def test_a_content_file_linked_from_outside_is_refused(layout: tuple[Path, Path]) -> None:
    root, outside = layout
    (outside / "secret.md").write_text(ARTICLE)
    (root / "content" / "2020" / "secret.md").symlink_to(outside / "secret.md")
    with pytest.raises(ErrorList) as info:
        build_site(load_config(root))
    assert "content/2020/secret.md: a symlink to" in str(info.value)
    assert "outside content/" in str(info.value)
    assert not (root / "site").exists()


def test_a_seed_linked_from_outside_is_refused_and_the_others_ingested(
    layout: tuple[Path, Path],
) -> None:
    root, outside = layout
    (outside / "foreign.txt").write_text(SEED)
    (root / "seeds" / "foreign.txt").symlink_to(outside / "foreign.txt")
    (root / "seeds" / "own.txt").write_text(SEED.replace("Geneva", "Vienna"))
    report = ingest_seeds(load_config(root))
    assert [str(e).split(": ")[0] for e in report.errors] == [str(root / "seeds/foreign.txt")]
    assert "outside seeds/" in str(report.errors[0])
    assert len(report.written) == 1


def test_theme_static_symlink_to_etc_passwd_is_refused(layout: tuple[Path, Path]) -> None:
    root, _outside = layout
    static = root / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    (root / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    (static / "passwd.txt").symlink_to("/etc/passwd")
    (root / "briefgen.yaml").write_text("title: T\ntheme: mine\n")
    (root / "content" / "2020" / "a.md").write_text(ARTICLE)
    with pytest.raises(ThemeError, match="outside the theme folder"):
        build_site(load_config(root))
    assert not (root / "site").exists()


def test_theme_template_symlink_out_of_the_theme_is_refused(layout: tuple[Path, Path]) -> None:
    root, outside = layout
    templates = root / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (root / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    (outside / "home.html").write_text("{{ page.title }} stolen")
    (templates / "home.html").symlink_to(outside / "home.html")
    (root / "briefgen.yaml").write_text("title: T\ntheme: mine\n")
    (root / "content" / "2020" / "a.md").write_text(ARTICLE)
    with pytest.raises(ThemeError, match="outside the theme folders"):
        build_site(load_config(root))


def test_cli_refuses_paths_content_etc_and_writes_nothing(layout: tuple[Path, Path]) -> None:
    root, outside = layout
    (root / "seeds" / "a.txt").write_text(SEED)
    (root / "briefgen.yaml").write_text(f"title: T\npaths:\n  content: {outside}\n")
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(root), "build"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"briefgen.yaml:3: 'paths.content: {outside}' leaves the project" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_theme_folder_linked_from_outside_is_refused(layout: tuple[Path, Path]) -> None:
    root, outside = layout
    shutil.copytree(Path(briefgen.__file__).parent / "themes" / "default", outside / "t")
    (root / "themes").mkdir()
    (root / "themes" / "mine").symlink_to(outside / "t", target_is_directory=True)
    (root / "briefgen.yaml").write_text("title: T\ntheme: mine\n")
    (root / "content" / "2020" / "a.md").write_text(ARTICLE)
    with pytest.raises(ThemeError, match="is a symlink to"):
        build_site(load_config(root))


@pytest.mark.parametrize("name", ["../../outside/t", "/etc", "..", "a/b"])
def test_a_theme_name_cannot_be_a_path(layout: tuple[Path, Path], name: str) -> None:
    root, _outside = layout
    (root / "briefgen.yaml").write_text(f"title: T\ntheme: '{name}'\n")
    with pytest.raises(ConfigError, match="must be a folder name") as info:
        load_config(root)
    assert str(info.value).startswith(f"{root / 'briefgen.yaml'}:2: ")


@pytest.mark.parametrize(
    ("make", "target", "inside"),
    [
        (lambda content, outside: (content / "2020" / "a.md").write_text("x"), "2020/a.md", True),
        (
            lambda content, outside: (content / "2020" / "b.md").symlink_to(outside / "o.md"),
            "2020/b.md",
            False,
        ),
        (lambda content, outside: (content / "2021").symlink_to(outside), "2021/d.md", False),
        (
            lambda content, outside: (content / "2020" / "c.md").symlink_to(content / "x.md"),
            "2020/c.md",
            True,
        ),
        (lambda content, outside: None, "x.md", True),
        (lambda content, outside: None, "2020/../x.md", True),
        (lambda content, outside: None, "missing.md", True),
    ],
    ids=["real-file", "file-link-out", "folder-link-out", "link-inside", "top", "dots", "missing"],
)
def test_stays_within_agrees_with_is_within(
    layout: tuple[Path, Path], make: Callable[[Path, Path], object], target: str, inside: bool
) -> None:
    root, outside = layout
    content = root / "content"
    (outside / "o.md").write_text("x")
    (outside / "d.md").write_text("x")
    (content / "x.md").write_text("x")
    make(content, outside)
    path = content / target
    assert stays_within(path, content) is inside
    assert is_within(path, content) is inside
    assert stays_within(outside / "o.md", content) is False
