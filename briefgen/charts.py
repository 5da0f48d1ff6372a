"""Small inline SVG charts drawn in Python: a term's briefings per month.

Written here rather than in a template because a 72-month chart is a few hundred numbers,
and on a site with thousands of terms Jinja arithmetic per bar costs more than the page.
Only numbers and month names go into the SVG, so there is nothing to escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import markupsafe

from briefgen.model import MonthCount

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BAR = 12  # width of one month, in SVG units
HEIGHT = 64  # height of the tallest bar plus room above it


def timeline_svg(bins: Sequence[MonthCount], labelled_by: str) -> markupsafe.Markup:
    """Bars of BINS (oldest first), a year label under each January, titled per bar.

    Drawn at its natural size (BAR pixels a month): a long timeline scrolls sideways in
    its box rather than shrinking to unreadable bars on a phone.
    """
    if not bins:
        return markupsafe.Markup("")
    peak = max(b.count for b in bins)
    width = max(len(bins) * BAR, 120)
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {width} {HEIGHT + 14}" '
        f'width="{width}" height="{HEIGHT + 14}" role="img" '
        f'aria-labelledby="{markupsafe.escape(labelled_by)}" '
        'preserveAspectRatio="xMinYMid meet">',
        f'<line class="axis" x1="0" y1="{HEIGHT}" x2="{len(bins) * BAR}" y2="{HEIGHT}"/>',
    ]
    for index, b in enumerate(bins):
        if b.count:
            height = round(b.count / peak * (HEIGHT - 4), 1)
            parts.append(
                f'<rect x="{index * BAR + 1}" y="{HEIGHT - height:g}" width="{BAR - 2}" '
                f'height="{height:g}"><title>{MONTH_ABBR[b.month - 1]} {b.year}: '
                f"{b.count}</title></rect>"
            )
        if b.month == 1 or index == 0:
            parts.append(f'<text x="{index * BAR}" y="{HEIGHT + 12}">{b.year}</text>')
    parts.append("</svg>")
    return markupsafe.Markup("\n".join(parts))


def timeline_rows(
    bins: Sequence[MonthCount], month_link: Callable[[int, int], str]
) -> markupsafe.Markup:
    """The chart's figures as table rows, one per month with briefings, each month linked.

    MONTH_LINK(year, month) gives the link to a month's page (the template's url helper).
    """
    escape = markupsafe.escape
    return markupsafe.Markup(
        "\n".join(
            f'<tr><td><a href="{escape(month_link(b.year, b.month))}">{MONTHS[b.month - 1]} '
            f"{b.year}</a></td><td>{b.count}</td></tr>"
            for b in bins
            if b.count
        )
    )
