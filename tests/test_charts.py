"""The timeline chart: one bar per month with briefings, scaled to the busiest month."""

from __future__ import annotations

import re

from briefgen.charts import BAR, HEIGHT, timeline_rows, timeline_svg
from briefgen.model import MonthCount


def test_bars_are_scaled_to_the_peak_and_years_are_labelled_at_january() -> None:
    bins = (
        MonthCount(2019, 11, 2),
        MonthCount(2019, 12, 0),
        MonthCount(2020, 1, 4),
        MonthCount(2020, 2, 1),
    )
    svg = str(timeline_svg(bins, "cap"))
    rects = re.findall(r'<rect x="(\d+)" y="([\d.]+)" width="\d+" height="([\d.]+)">', svg)
    assert [int(x) for x, _y, _h in rects] == [1, 2 * BAR + 1, 3 * BAR + 1]  # none for December
    heights = [float(h) for _x, _y, h in rects]
    assert heights[1] == HEIGHT - 4 and heights[0] == heights[1] / 2
    assert all(float(y) + float(h) == HEIGHT for _x, y, h in rects)  # bars stand on the axis
    assert re.findall(r"<text[^>]*>(\d+)</text>", svg) == ["2019", "2020"]
    assert "<title>Jan 2020: 4</title>" in svg
    assert 'aria-labelledby="cap"' in svg


def test_no_bins_draw_nothing() -> None:
    assert str(timeline_svg((), "cap")) == ""


def test_table_rows_list_months_with_briefings_and_link_them() -> None:
    bins = (MonthCount(2019, 12, 3), MonthCount(2020, 1, 0), MonthCount(2020, 2, 1))
    rows = str(timeline_rows(bins, lambda y, m: f"../{y}/{m:02d}/?a&b"))
    assert rows.splitlines() == [
        '<tr><td><a href="../2019/12/?a&amp;b">December 2019</a></td><td>3</td></tr>',
        '<tr><td><a href="../2020/02/?a&amp;b">February 2020</a></td><td>1</td></tr>',
    ]
