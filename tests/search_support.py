"""Shared by the search tests: Pagefind must be there in CI, and may be missing elsewhere."""

from __future__ import annotations

import os

import pytest

from briefgen.search import find_pagefind


def require_pagefind() -> None:
    """Skip without the Pagefind binary, except in CI, where its absence is a failure."""
    binary, reason = find_pagefind()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: pagefind[bin] is a dependency and must be installed")
        pytest.skip(reason)
