"""Compiled templates are kept per user and reused; anything wrong with them means compiling.

briefgen/theme.py's `_TemplateCache`: a file is used only for the same source, template
file and compile settings; stale, garbled, truncated, unwritable or shared folders only
cost a compile, and the pages are the same bytes either way.
"""

from __future__ import annotations

import marshal
import os
import types
from pathlib import Path

import jinja2
import pytest

from briefgen.theme import (
    TEMPLATE_CACHE_ENV,
    Theme,
    make_environment,
    template_cache_dir,
)


def _theme(folder: Path, source: str = "Hello {{ name }}!") -> Theme:
    templates = folder / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "page.html").write_text(source, encoding="utf-8")
    return Theme("t", (folder,), (templates,), types.MappingProxyType({}))


def _render(theme: Theme, env: jinja2.Environment | None = None) -> str:
    env = env or make_environment(theme)
    return env.get_template("page.html").render(name="you")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "templates"
    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(folder))
    return folder


def _plant(cache: Path, theme: Theme, source: str) -> None:
    """Replace the code kept for page.html by SOURCE's, under page.html's own header."""
    (kept,) = cache.glob("*.jinja")
    data = kept.read_bytes()
    header = data[: data.index(b"\n", data.index(b"\n") + 1) + 1]
    env = make_environment(theme)
    code = env.compile(source, "page.html", str(theme.template_dirs[0] / "page.html"))
    kept.write_bytes(header + marshal.dumps(code))


def test_a_kept_template_is_loaded_instead_of_compiled(tmp_path: Path, cache: Path) -> None:
    theme = _theme(tmp_path / "theme")
    assert _render(theme) == "Hello you!"
    assert len(list(cache.glob("*.jinja"))) == 1
    # The kept code, not the source, is what runs: plant other code under the same header.
    _plant(cache, theme, "Planted {{ name }}.")
    assert _render(theme) == "Planted you."


def test_an_edited_template_is_compiled_again_and_kept_anew(tmp_path: Path, cache: Path) -> None:
    theme = _theme(tmp_path / "theme")
    _render(theme)
    _plant(cache, theme, "Planted {{ name }}.")
    theme = _theme(tmp_path / "theme", "Bye {{ name }}.")
    assert _render(theme) == "Bye you."
    assert _render(theme) == "Bye you."  # now from the cache
    assert len(list(cache.glob("*.jinja"))) == 1  # the same file, overwritten


@pytest.mark.parametrize(
    "garble",
    [
        lambda data: b"",
        lambda data: os.urandom(len(data)),
        lambda data: data[: len(data) // 2],  # truncated code
        lambda data: data[: data.rindex(b"\n", 0, 80) + 1] + marshal.dumps(42),  # not code
        lambda data: b"briefgen-template-1\n" + b"\x80\x04garbage" * 20,
    ],
)
def test_a_garbled_file_means_compiling_again(tmp_path: Path, cache: Path, garble: object) -> None:
    theme = _theme(tmp_path / "theme")
    _render(theme)
    (kept,) = cache.glob("*.jinja")
    kept.write_bytes(garble(kept.read_bytes()))  # type: ignore[operator]
    assert _render(theme) == "Hello you!"
    assert _render(theme) == "Hello you!"  # kept again, whole


def test_a_folder_that_cannot_be_made_means_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(blocker / "templates"))
    assert _render(_theme(tmp_path / "theme")) == "Hello you!"


def test_a_folder_others_may_write_is_not_used(tmp_path: Path, cache: Path) -> None:
    theme = _theme(tmp_path / "theme")
    _render(theme)
    _plant(cache, theme, "Planted {{ name }}.")
    cache.chmod(0o777)  # another user could have planted it: never run it
    assert _render(theme) == "Hello you!"


def test_other_compile_settings_do_not_share_code(tmp_path: Path, cache: Path) -> None:
    theme = _theme(tmp_path / "theme", "{% if true %}\n  x\n{% endif %}\n")
    assert _render(theme) == "  x\n"  # trim_blocks, lstrip_blocks
    plain = make_environment(theme)
    plain.trim_blocks = plain.lstrip_blocks = False
    assert _render(theme, plain) == "\n  x\n\n"
    assert len(list(cache.glob("*.jinja"))) == 2


def test_the_default_folder_follows_xdg_and_no_cache_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TEMPLATE_CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert template_cache_dir() == tmp_path / "xdg" / "briefgen" / "templates"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert template_cache_dir() == tmp_path / "home" / ".cache" / "briefgen" / "templates"
    monkeypatch.setenv("BRIEFGEN_NO_CACHE", "1")
    assert template_cache_dir() is None
    theme = _theme(tmp_path / "theme")
    assert _render(theme) == "Hello you!"
    assert not (tmp_path / "home" / ".cache").exists()
