"""Tests that need ../shared (or Java, chromium) fail in CI instead of skipping silently."""

from __future__ import annotations

import pytest

from tests.conftest import require


def test_missing_dependency_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="missing, and CI is set"):
        require(False, "../shared/eval")


def test_missing_dependency_skips_with_reason_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/eval is missing"):
        require(False, "../shared/eval")


def test_present_dependency_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    require(True, "anything")
