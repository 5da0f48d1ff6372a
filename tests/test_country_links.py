"""A place's country links to the country's page wherever the site shows it: on the
briefing's page and on the place's own page, in a full build and after an edit that makes
the country's page come or go."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_support import fixture_config

from briefgen.build import render_site

PROJECT = Path(__file__).parent / "fixtures" / "relations" / "project"
SOCHI_BRIEFING = "2020/09/14/sochi-talks/index.html"
SOCHI_PAGE = "locations/sochi/index.html"
RUSSIA_LINK = '<a class="country" href="../../../../locations/russia/">Russia</a>'
RUSSIA_TEXT = '<span class="country">Russia</span>'


def _project(tmp_path: Path) -> Path:
    """The relations fixture, with Sochi named without Russia (no page for Russia yet)."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    sochi = project / "content" / "sochi-talks.md"
    text = sochi.read_text(encoding="utf-8")
    sochi.write_text(text.replace("[Sochi, Russia, Belarus]", "[Sochi, Belarus]"), "utf-8")
    return project


def _name_russia(project: Path) -> Path:
    """Make an unrelated 2019 briefing name Russia: the site gains Russia's page."""
    berlin = project / "content" / "berlin-visit.md"
    text = berlin.read_text(encoding="utf-8")
    berlin.write_text(
        text.replace("[Berlin, Germany, France]", "[Berlin, Germany, France, Russia]").replace(
            "places:\n", "places:\n  Russia: {country: RU, lat: 55.75, lon: 37.62}\n"
        ),
        encoding="utf-8",
    )
    return berlin


def test_a_briefing_links_a_places_country_when_the_site_has_its_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = fixture_config(tmp_path / "out", project)
    files = render_site(config).output.files
    protests = files["2020/08/10/protests-after-vote/index.html"].decode()
    assert '<a class="country" href="../../../../locations/belarus/">Belarus</a>' in protests
    # No page for Russia: its name stays text.
    sochi = files[SOCHI_BRIEFING].decode()
    assert RUSSIA_TEXT in sochi and "locations/russia/" not in sochi


def test_country_links_follow_an_edit_that_adds_or_removes_the_countrys_page(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    config = fixture_config(tmp_path / "out", project)
    state = render_site(config)
    berlin = project / "content" / "berlin-visit.md"
    before = berlin.read_text(encoding="utf-8")
    _name_russia(project)
    edited = render_site(config, previous=state, changed=frozenset({berlin}))
    fresh = render_site(config).output.files
    assert RUSSIA_LINK in fresh[SOCHI_BRIEFING].decode()
    assert [p for p, data in fresh.items() if edited.output.files.get(p) != data] == []
    # And back: the page goes, the links go with it.
    berlin.write_text(before, encoding="utf-8")
    again = render_site(config, previous=edited, changed=frozenset({berlin}))
    fresh = render_site(config).output.files
    assert RUSSIA_TEXT in fresh[SOCHI_PAGE].decode()
    assert [p for p, data in fresh.items() if again.output.files.get(p) != data] == []
