"""Helpers shared by the site tests: build the fixture project, walk and link-check a site."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen.build import BuildReport, build_site
from briefgen.config import Config, load_config

FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "site" / "project"
GOLDEN_SITE = Path(__file__).parent / "golden" / "site"
BASE_PATH = "/briefings/"  # the path part of the fixture's base_url


def fixture_config(output_dir: Path, project: Path = FIXTURE_PROJECT, **overrides: Any) -> Config:
    """The fixture project's config, writing into OUTPUT_DIR."""
    return load_config(project, {"output_dir": output_dir.resolve(), **overrides})


def child_theme(project: Path, files: dict[str, str]) -> None:
    """Theme `mine` of PROJECT over the default, with FILES under its templates/."""
    folder = project / "themes" / "mine"
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\n")
    for name, text in files.items():
        (folder / "templates" / name).write_text(text)


def build_fixture(output_dir: Path, project: Path = FIXTURE_PROJECT, **kw: Any) -> BuildReport:
    """Build the fixture project into OUTPUT_DIR."""
    return build_site(fixture_config(output_dir, project), **kw)


def site_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site, relative POSIX path → bytes."""
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))
            if name == "data-index" and value is not None:
                self.links.append((tag, value))


def page_links(html: str) -> list[tuple[str, str]]:
    """(tag, url) of every href, src and data-index attribute."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def broken_links(site_dir: Path, base_path: str = BASE_PATH) -> list[str]:
    """Every internal link in every HTML page that does not resolve to a file."""
    problems: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        for _tag, url in page_links(page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external: test_no_external_requests checks resources
            path = unquote(parts.path)
            if not path:
                continue  # a fragment on the same page
            if path.startswith("/"):
                if not path.startswith(base_path):
                    problems.append(f"{page}: root link outside the site {url}")
                    continue
                target = site_dir / path[len(base_path) :]
            else:
                target = page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            resolved = target.resolve()
            if not resolved.is_file() or site_dir.resolve() not in resolved.parents:
                problems.append(f"{page.relative_to(site_dir)}: {url} does not resolve")
    return problems


def text_of(html: str) -> str:
    """Visible-ish text of a page, tags removed and whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cli_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`briefgen -v build --no-ingest ARGS` in ROOT as a real process; it must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-v", "-C", str(root), "build", "--no-ingest", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def load_bench(name: str) -> ModuleType:
    """bench/NAME.py as a module (bench/ is no package; its scripts import each other)."""
    bench = Path(__file__).resolve().parent.parent / "bench"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", bench / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(bench))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(bench))
    return module


def record_reads(monkeypatch: Any, *, read_bytes: bool = False) -> list[str]:
    """The paths opened for reading from now on (by `open`, and by `Path.read_bytes` too
    when READ_BYTES), recorded in the list returned; MONKEYPATCH undoes the spying."""
    import builtins

    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if "r" in mode and not isinstance(file, int):
            opened.append(os.fspath(file))
        return real_open(file, mode, *args, **kw)

    monkeypatch.setattr(builtins, "open", spy)
    if read_bytes:
        real_read_bytes = Path.read_bytes

        def spy_read(path: Path) -> bytes:
            opened.append(os.fspath(path))
            return real_read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", spy_read)
    return opened
