"""Small inline SVG charts drawn in Python: a term's briefings per month; and its chips.

Written here rather than in a template because a 72-month chart is a few hundred numbers,
and on a site with thousands of terms Jinja arithmetic per bar costs more than the page.
Only numbers and month names go into the SVG, so there is nothing to escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import markupsafe

from briefgen.model import Counterpart, MonthCount

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BAR = 12  # width of one month, in SVG units, on a timeline of two years or more
FILL = 288  # a shorter timeline widens its bars to about this width (fits a 390 px phone) …
WIDE_BAR = 40  # … up to this width of a month
NAMED_BAR = 22  # from this width, every month is named under its bar ("Jan"), years below
HEIGHT = 64  # height of the tallest bar plus room above it


def bar_width(months: int) -> int:
    """The width of one month on a timeline of MONTHS months.

    A term seen over a few months (most terms on a news site) would be a chart a few bars
    wide: its bars widen so the chart spans about FILL units, never beyond WIDE_BAR each.
    """
    if months <= 0 or months * BAR >= FILL:
        return BAR
    return max(BAR, min(WIDE_BAR, FILL // months))


def timeline_svg(bins: Sequence[MonthCount], labelled_by: str) -> markupsafe.Markup:
    """Bars of BINS (oldest first), titled per bar, with the months or years named below.

    Drawn at its natural size (`bar_width` a month): a long timeline scrolls sideways in
    its box rather than shrinking to unreadable bars on a phone. When a month is wide
    enough, each is named under its bar and the year under January and the first month;
    else only the years are, under each January.
    """
    if not bins:
        return markupsafe.Markup("")
    peak = max(b.count for b in bins)
    bar = bar_width(len(bins))
    named = bar >= NAMED_BAR
    width = max(len(bins) * bar, 120)
    total = HEIGHT + (26 if named else 14)
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {width} {total}" '
        f'width="{width}" height="{total}" role="img" '
        f'aria-labelledby="{markupsafe.escape(labelled_by)}" '
        'preserveAspectRatio="xMinYMid meet">',
        f'<line class="axis" x1="0" y1="{HEIGHT}" x2="{len(bins) * bar}" y2="{HEIGHT}"/>',
    ]
    for index, b in enumerate(bins):
        x = index * bar
        if b.count:
            height = round(b.count / peak * (HEIGHT - 4), 1)
            parts.append(
                f'<rect x="{x + 1}" y="{HEIGHT - height:g}" width="{bar - 2}" '
                f'height="{height:g}"><title>{MONTH_ABBR[b.month - 1]} {b.year}: '
                f"{b.count}</title></rect>"
            )
        if named:
            parts.append(f'<text x="{x + 1}" y="{HEIGHT + 12}">{MONTH_ABBR[b.month - 1]}</text>')
            if b.month == 1 or index == 0:
                parts.append(f'<text x="{x + 1}" y="{HEIGHT + 24}">{b.year}</text>')
        elif b.month == 1 or index == 0:
            parts.append(f'<text x="{x}" y="{HEIGHT + 12}">{b.year}</text>')
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


def counterpart_items(
    counterparts: Sequence[Counterpart], term_link: Callable[[str, str], str]
) -> markupsafe.Markup:
    """A term page's "named together with" chips, one `<li>` a line: each name linked (by
    TERM_LINK(taxonomy, name), the template's term_url), its count, and in words for a
    screen reader how many briefings and what kind of name.

    Written here for the reason the charts are: twelve chips on each of thousands of term
    pages cost more as a template loop than the rest of the profile.
    """
    return _chips(counterparts, term_link, "briefings naming both", spoken=True)


def place_items(
    places: Sequence[Counterpart], term_link: Callable[[str, str], str]
) -> markupsafe.Markup:
    """A country page's chips of the places in it, one `<li>` a line: each place linked
    (TERM_LINK as in `counterpart_items`) with its count of briefings."""
    return _chips(places, term_link, "briefings", spoken=False)


def _chips(
    items: Sequence[Counterpart],
    term_link: Callable[[str, str], str],
    count_title: str,
    *,
    spoken: bool,
) -> markupsafe.Markup:
    """ITEMS as linked chips with their counts (COUNT_TITLE on the count); SPOKEN adds, for
    a screen reader, "briefings" and the kind of name after each count."""
    escape = markupsafe.escape
    return markupsafe.Markup(
        "\n".join(
            f'<li><a href="{escape(term_link(c.taxonomy, c.name))}">{escape(c.name)}</a> '
            f'<span class="count" title="{count_title}">{c.count}</span>'
            + (
                f'<span class="visually-hidden"> briefing{"s" if c.count != 1 else ""}, '
                f"{escape(c.taxonomy.replace('_', ' ').lower())}</span>"
                if spoken
                else ""
            )
            + "</li>"
            for c in items
        )
    )
