"""The timeline chart: one bar per month with briefings, scaled to the busiest month; the
chips and the whole term profile written in Python, byte for byte the default templates."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import jinja2
import markupsafe
from site_support import child_theme, fixture_config

from briefgen.assemble import assemble_site
from briefgen.build import _read_content, _renderer, build_site
from briefgen.charts import (
    BAR,
    FILL,
    HEIGHT,
    WIDE_BAR,
    bar_width,
    counterpart_items,
    place_items,
    profile_markup,
    timeline_rows,
    timeline_svg,
)
from briefgen.model import Counterpart, ListPage, MapPoint, MonthCount, Place
from briefgen.render import _helpers


def _months(first: tuple[int, int], counts: list[int]) -> tuple[MonthCount, ...]:
    start = first[0] * 12 + first[1] - 1
    return tuple(
        MonthCount((start + i) // 12, (start + i) % 12 + 1, n) for i, n in enumerate(counts)
    )


def test_bars_are_scaled_to_the_peak_and_years_are_labelled_at_january() -> None:
    # Three years: BAR units a month, only the years named.
    bins = _months((2019, 11), [2, 0, 4, 1] + [0] * 32)
    svg = str(timeline_svg(bins, "cap"))
    rects = re.findall(r'<rect x="(\d+)" y="([\d.]+)" width="(\d+)" height="([\d.]+)">', svg)
    assert [int(x) for x, _y, _w, _h in rects] == [1, 2 * BAR + 1, 3 * BAR + 1]  # no December
    assert {int(w) for _x, _y, w, _h in rects} == {BAR - 2}
    heights = [float(h) for _x, _y, _w, h in rects]
    assert heights[1] == HEIGHT - 4 and heights[0] == heights[1] / 2
    assert all(float(y) + float(h) == HEIGHT for _x, y, _w, h in rects)  # bars on the axis
    assert re.findall(r"<text[^>]*>(\w+)</text>", svg) == ["2019", "2020", "2021", "2022"]
    assert "<title>Jan 2020: 4</title>" in svg
    assert 'aria-labelledby="cap"' in svg


def test_a_short_timeline_widens_its_bars_and_names_every_month() -> None:
    # Seven months (January to July) were a 84-unit chart labelled "2020" alone.
    bins = _months((2019, 11), [4, 0, 0, 1, 0, 0, 2, 1, 1])
    bar = bar_width(len(bins))
    assert bar > BAR and len(bins) * bar <= FILL and bar <= WIDE_BAR
    svg = str(timeline_svg(bins, "cap"))
    widths = {int(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="(\d+)"', svg)}
    assert widths == {bar - 2}
    labels = re.findall(r"<text[^>]*>(\w+)</text>", svg)
    months = ["Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
    assert [w for w in labels if not w.isdigit()] == months
    assert [w for w in labels if w.isdigit()] == ["2019", "2020"]  # first month and January
    width = int(re.search(r'width="(\d+)" height', svg).group(1))  # type: ignore[union-attr]
    assert width == len(bins) * bar
    # One month alone is one wide bar, not a sliver; two years and more keep BAR.
    assert bar_width(1) == WIDE_BAR
    assert bar_width(FILL // BAR) == BAR and bar_width(72) == BAR


def test_no_bins_draw_nothing() -> None:
    assert str(timeline_svg((), "cap")) == ""


def test_table_rows_list_months_with_briefings_and_link_them() -> None:
    bins = (MonthCount(2019, 12, 3), MonthCount(2020, 1, 0), MonthCount(2020, 2, 1))
    rows = str(timeline_rows(bins, lambda y, m: f"../{y}/{m:02d}/?a&b"))
    assert rows.splitlines() == [
        '<tr><td><a href="../2019/12/?a&amp;b">December 2019</a></td><td>3</td></tr>',
        '<tr><td><a href="../2020/02/?a&amp;b">February 2020</a></td><td>1</td></tr>',
    ]


# The template loops `counterpart_items` and `place_items` replaced in _term_profile.html,
# rendered by Jinja as the default theme's environment renders them.
_COUNTERPART_LOOP = """{% for c in items %}
<li><a href="{{ term_url(c.taxonomy, c.name) }}">{{ c.name }}</a> <span class="count" title="briefings naming both">{{ c.count }}</span><span class="visually-hidden"> briefing{{ "s" if c.count != 1 }}, {{ c.taxonomy|label|lower }}</span></li>
{% endfor %}
"""
_PLACE_LOOP = """{% for c in items %}
<li><a href="{{ term_url(c.taxonomy, c.name) }}">{{ c.name }}</a> <span class="count" title="briefings">{{ c.count }}</span></li>
{% endfor %}
"""


def test_chips_written_in_python_equal_the_template_loops_they_replace() -> None:
    env = jinja2.Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    env.filters["label"] = lambda name: str(name).replace("_", " ").capitalize()
    items = (
        Counterpart("actors", 'Jean-Pierre <O\'Neil> & "Co"', 1),
        Counterpart("locations", "São Tomé", 12),
        Counterpart("named_groups", "A&B", 2),
    )

    def term_url(taxonomy: str, name: str) -> str:
        return f"../{taxonomy}/{name.lower()}?x=1&y=<2>/"

    for loop, python in ((_COUNTERPART_LOOP, counterpart_items), (_PLACE_LOOP, place_items)):
        expected = env.from_string(loop).render(items=items, term_url=term_url)
        # The template writes the helper's lines, then the newline after `}}`.
        assert str(python(items, term_url)) + "\n" == expected
        assert isinstance(python(items, term_url), markupsafe.Markup)


# --- The term profile written in Python ----------------------------------------------

_RELATIONS = Path(__file__).parent / "fixtures" / "relations" / "project"


def _profiles_by_both(tmp_path: Path) -> list[tuple[str, str, str]]:
    """(page, the default `_term_profile.html` rendered by Jinja, charts.profile_markup)
    for every profile of the relations fixture, and for made-up profiles that reach every
    branch: a country with more places than it shows and some off its map, a place with
    no outline, one month, a title to escape."""
    config = fixture_config(tmp_path / "site", _RELATIONS)
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    renderer = _renderer(config)
    template = renderer.env.get_template("_term_profile.html")
    pages = [
        (path, page)
        for path, page in site.pages.items()
        if isinstance(page, ListPage) and page.profile is not None
    ]
    path, some = pages[0]
    assert some.profile is not None
    belarus = Place("Belarus", "BY", 53.9, 27.57, "country")
    points = tuple(
        MapPoint(f"P{i} <&>", f"locations/p{i}/", i + 1, 53.0 + i / 10, 27.0) for i in range(30)
    )
    far = MapPoint("Far", "locations/far/", 2, -40.0, 100.0)
    made = [
        dataclasses.replace(
            some.profile,
            place=belarus,
            is_country=True,
            places=tuple(Counterpart("locations", p.name, p.count) for p in points),
            points=(*points, far),
            timeline=_months((2019, 11), [3, 0, 1]),
        ),
        dataclasses.replace(some.profile, place=belarus, is_country=True, points=(far,)),
        dataclasses.replace(
            some.profile,
            place=Place("Singapore", "SG", 1.35, 103.8, "country"),
            timeline=_months((2020, 1), [2]),
            counterparts=(),
        ),
        dataclasses.replace(some.profile, place=Place("Sea", "", 10.0, 10.0, "water")),
        dataclasses.replace(some.profile, place=Place("Nowhere", "BY", None, None, "other")),
    ]
    titles = ["Belarus", 'B & "<elarus>"', "Singapore", "Sea", "Nowhere"]
    pages += [
        (path, dataclasses.replace(some, title=title, profile=profile))
        for title, profile in zip(titles, made, strict=True)
    ]
    found = []
    for path, page in pages:
        helpers = _helpers(path, site, renderer, page)
        # The made-up places have no pages: their links are made up too.
        helpers["term_url"] = lambda taxonomy, name: f"../../{taxonomy}/{name}/?a=1&b=2"
        jinja = template.render(page=page, p=page.profile, **helpers)
        assert page.profile is not None
        python = profile_markup(
            page.title, page.profile, helpers["url"], helpers["term_url"], helpers["month_url"]
        )
        found.append((path, jinja, str(python)))
    return found


def test_the_profile_written_in_python_is_the_default_templates(tmp_path: Path) -> None:
    found = _profiles_by_both(tmp_path)
    for path, jinja, python in found:
        assert python == jinja, path
    both = "".join(jinja for _path, jinja, _python in found)
    for branch in (
        'class="marker marker-inside"',
        "farther away lies off the map",
        'class="more-places"',
        'class="country-shape"',
        "(shaded)",
        ", in Belarus",
        'class="timeline"',
        'class="counterparts"',
        "B &amp; &#34;&lt;elarus&gt;&#34;",
    ):
        assert branch in both, branch


def test_a_themes_own_profile_is_rendered_as_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(_RELATIONS, project)
    child_theme(
        project, {"_term_profile.html": '<p class="mine">{{ page.title }}: {{ p.count }}</p>\n'}
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    texts = [p.read_text() for p in (out / "actors").rglob("index.html")]
    mine = [t for t in texts if '<p class="mine">' in t]
    assert mine and not any('<div class="profile">' in t for t in texts)
    assert all('<p class="mine">' in t for t in texts if "list-heading" in t)
