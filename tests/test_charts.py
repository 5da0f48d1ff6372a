"""The timeline chart: one bar per month with briefings, scaled to the busiest month."""

from __future__ import annotations

import re

import jinja2
import markupsafe

from briefgen.charts import (
    BAR,
    FILL,
    HEIGHT,
    WIDE_BAR,
    bar_width,
    counterpart_items,
    place_items,
    timeline_rows,
    timeline_svg,
)
from briefgen.model import Counterpart, MonthCount


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
