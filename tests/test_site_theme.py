"""Theme lookup: project then package, `extends:` with single-file overrides, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_support import FIXTURE_PROJECT, fixture_config

from briefgen.build import build_site
from briefgen.errors import ThemeError
from briefgen.theme import PACKAGE_THEMES_DIR, load_theme


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


def _theme(root: Path, name: str, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / "themes" / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_child_theme_overrides_one_template_and_one_static_file(project: Path) -> None:
    _theme(
        project,
        "mine",
        {
            "theme.yaml": "extends: default\n",
            "templates/day.html": '{% extends "_list.html" %}{% block heading %}'
            "<h1>Day of {{ page.title }}</h1>{% endblock %}",
            "static/style.css": "body { color: red; }\n",
        },
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    assert "<h1>Day of 14 September 2020</h1>" in (out / "2020/09/14/index.html").read_text()
    assert "Latest briefings" in (out / "index.html").read_text()  # from the parent
    assert (out / "static/style.css").read_text() == "body { color: red; }\n"
    default_js = PACKAGE_THEMES_DIR / "default" / "static" / "site.js"
    assert (out / "static/site.js").read_bytes() == default_js.read_bytes()


def test_project_theme_named_default_extends_the_package_default(project: Path) -> None:
    _theme(project, "default", {"theme.yaml": "extends: default\n", "static/extra.css": "x{}"})
    theme = load_theme("default", project / "themes")
    assert theme.theme_dirs == (
        (project / "themes" / "default").resolve(),
        (PACKAGE_THEMES_DIR / "default").resolve(),
    )
    assert "static/extra.css" in theme.static_files and "static/site.js" in theme.static_files


def test_circular_extends_is_an_error(project: Path) -> None:
    _theme(project, "a", {"theme.yaml": "extends: b\n"})
    _theme(project, "b", {"theme.yaml": "extends: a\n"})
    with pytest.raises(ThemeError, match="circle"):
        load_theme("a", project / "themes")


def test_missing_theme_names_every_folder_searched(project: Path) -> None:
    with pytest.raises(ThemeError) as info:
        load_theme("nope", project / "themes")
    message = str(info.value)
    assert str(project / "themes" / "nope") in message
    assert str(PACKAGE_THEMES_DIR / "nope") in message


def test_missing_template_names_every_folder_searched(project: Path) -> None:
    _theme(project, "thin", {"theme.yaml": "extends: default\n", "templates/x.html": ""})
    theme = load_theme("thin", project / "themes")
    from briefgen.theme import get_template, make_environment

    with pytest.raises(ThemeError) as info:
        get_template(make_environment(theme), theme, "nothing.html")
    message = str(info.value)
    for folder in theme.template_dirs:
        assert str(folder) in message


def test_template_output_is_autoescaped(project: Path) -> None:
    out = project / "site"
    build_site(fixture_config(out, project))
    html = (out / "2021/01/03/ferries-back/index.html").read_text()
    assert "<h1>Ferry service resumes &lt;after&gt; the storm</h1>" in html
    assert "timetable &amp; passengers" in html


def test_unknown_front_matter_reaches_templates_as_page_extra(project: Path) -> None:
    _theme(
        project,
        "moody",
        {
            "theme.yaml": "extends: default\n",
            "templates/article.html": '{% extends "base.html" %}{% block main %}'
            "<p class=\"mood\">{{ page.extra.get('mood', 'none') }}</p>{% endblock %}",
        },
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="moody"))
    assert '<p class="mood">hopeful</p>' in (out / "2020/09/14/summit-opens/index.html").read_text()
    assert '<p class="mood">none</p>' in (out / "2020/09/02/storm-warning/index.html").read_text()
