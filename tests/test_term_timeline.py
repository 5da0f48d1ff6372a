"""A term page charts its briefings per month only when they span two months or more: one
month is no trend, and its caption read "June 2019 to June 2019"."""

from __future__ import annotations

from pathlib import Path

from site_support import fixture_config

from briefgen.build import render_site

PROJECT = Path(__file__).parent / "fixtures" / "relations" / "project"


def test_a_term_of_one_month_has_no_timeline_and_one_of_two_months_has(tmp_path: Path) -> None:
    files = render_site(fixture_config(tmp_path / "out", PROJECT)).output.files
    grodno = files["locations/grodno/index.html"].decode()  # one briefing, August 2020
    assert 'class="timeline"' not in grodno
    assert "Briefings per month" not in grodno
    assert "1 briefing, <time" in grodno  # the date is in the line under the name
    lukashenko = files["actors/alexander-lukashenko/index.html"].decode()  # August, September
    assert 'class="timeline"' in lukashenko
    assert "August 2020 to September 2020" in lukashenko
