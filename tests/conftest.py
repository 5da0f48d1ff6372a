"""Shared fixtures: temporary projects, free ports and a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
SHARED_SEED = SHARED_DIR / "seeds" / "000_854cd6e9c4ecd428.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require(present: bool, what: str) -> None:
    """Skip when WHAT is missing on a plain clone, but fail loudly in CI (env CI set).

    A test that needs ../shared (or Java, or the example content) must never pass
    silently in CI by skipping: the check it makes would simply stop being made.
    """
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI is set: this test must run in CI")
    pytest.skip(f"{what} is missing (set CI=1 to make this a failure)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder of compiled templates for the whole run, never the user's own
    (briefgen/theme.py keeps them per user; subprocesses inherit the variable)."""
    folder = tmp_path_factory.mktemp("template-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFGEN_TEMPLATE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright; skipped only outside CI."""
    require(Path(CHROMIUM).exists(), "chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page with its own context."""
    context = browser.new_context()
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def shared_seed() -> Path:
    """The seed article from ../shared/seeds/."""
    require(SHARED_SEED.exists(), f"{SHARED_SEED} (../shared/seeds)")
    return SHARED_SEED


# --- Site tests (tests/test_site_*.py): `pytest --update-golden` rewrites tests/golden/ ---


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the explicit option that refreshes the stored golden site."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rebuild tests/golden/ from the fixture project instead of comparing with it",
    )
