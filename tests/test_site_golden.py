"""The fixture project builds to exactly the stored golden site (`pytest --update-golden`)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from site_support import GOLDEN_SITE, build_fixture, site_files

from briefgen.urls import SEARCH_DIR


def test_site_matches_golden(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "site"
    build_fixture(out)
    # The search bundle is Pagefind's binary output, whose bytes follow its version; the
    # pages that feed it are compared here, the bundle by the determinism and browser tests.
    built = {p: b for p, b in site_files(out).items() if not p.startswith(SEARCH_DIR)}
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
        shutil.copytree(out, GOLDEN_SITE, ignore=shutil.ignore_patterns(SEARCH_DIR.strip("/")))
        pytest.skip("golden site rewritten; review it with git diff")
    if not GOLDEN_SITE.is_dir():
        pytest.fail("tests/golden/site is missing: run pytest --update-golden and commit it")
    golden = site_files(GOLDEN_SITE)
    assert sorted(built) == sorted(golden), "the set of files differs from tests/golden/site"
    for path, data in built.items():
        if data != golden[path]:
            diff = "\n".join(
                difflib.unified_diff(
                    golden[path].decode("utf-8", "replace").splitlines(),
                    data.decode("utf-8", "replace").splitlines(),
                    f"golden/{path}",
                    f"built/{path}",
                    lineterm="",
                )
            )
            pytest.fail(f"{path} differs from the golden copy:\n{diff[:4000]}")
