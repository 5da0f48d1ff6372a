"""Small inline SVG charts drawn in Python: a term's briefings per month; and its chips.

Written here rather than in a template because a 72-month chart is a few hundred numbers,
and on a site with thousands of terms Jinja arithmetic per bar costs more than the page.
Only numbers and month names go into the SVG, so there is nothing to escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import markupsafe

from briefgen.geo import (
    WORLD_HEIGHT,
    WORLD_WIDTH,
    country_bounds,
    country_label,
    country_name,
    country_outline,
    fit_view,
    format_coordinates,
    map_point,
    map_view,
    near_points,
)
from briefgen.model import Counterpart, MonthCount, Place, TermProfile

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


def profile_markup(
    title: str,
    profile: TermProfile,
    url: Callable[[str], str],
    term_link: Callable[[str, str], str],
    month_link: Callable[[int, int], str],
) -> markupsafe.Markup:
    """The default theme's `_term_profile.html` for the term page titled TITLE: byte for
    byte what Jinja renders of it (tests/test_charts.py holds them equal), with the
    page's URL, TERM_LINK and MONTH_LINK helpers.

    Written here for the reason the chips are: on thousands of term pages, the include
    and its few dozen expressions cost more as a template than the figures they hold.
    """
    escape = markupsafe.escape
    out = ['<div class="profile">\n']
    place = profile.place
    if place is not None and place.latitude is not None and place.longitude is not None:
        out.append(_map_figure(title, profile, place, place.latitude, place.longitude, url))
    if profile.places:
        shown = 24
        out.append(
            '<section class="roll-up" aria-labelledby="roll-up-heading">\n'
            f'<h2 id="roll-up-heading">Places in {escape(title)}</h2>\n'
            f'<ul class="chips">\n{place_items(profile.places[:shown], term_link)}\n</ul>\n'
        )
        more = len(profile.places) - shown
        if more > 0:
            out.append(
                '<details class="more-places">\n'
                f"<summary>{more} more place{'s' if more != 1 else ''}</summary>\n"
                f'<ul class="chips">\n{place_items(profile.places[shown:], term_link)}\n</ul>\n'
                "</details>\n"
            )
        out.append("</section>\n")
    bins = profile.timeline
    if len(bins) > 1:
        first, last = bins[0], bins[-1]
        out.append(
            '<figure class="timeline">\n'
            f'<figcaption id="timeline-caption">Briefings per month naming {escape(title)}, '
            f"{MONTHS[first.month - 1]} {first.year} to {MONTHS[last.month - 1]} "
            f"{last.year} (most in one month: {profile.peak})</figcaption>\n"
            '<div class="chart-scroll" tabindex="0" role="group" '
            'aria-labelledby="timeline-caption">\n'
            f"{timeline_svg(bins, 'timeline-caption')}\n"
            "</div>\n"
            "</figure>\n"
            '<details class="figures">\n'
            "<summary>The figures</summary>\n"
            "<table>\n"
            f"<caption>Months with briefings naming {escape(title)} (other months: none)"
            "</caption>\n"
            '<thead><tr><th scope="col">Month</th><th scope="col">Briefings</th></tr></thead>\n'
            f"<tbody>\n{timeline_rows(bins, month_link)}\n</tbody>\n"
            "</table>\n"
            "</details>\n"
        )
    if profile.counterparts:
        out.append(
            '<section class="counterparts" aria-labelledby="counterparts-heading">\n'
            '<h2 id="counterparts-heading">Named together with</h2>\n'
            f'<ul class="chips">\n{counterpart_items(profile.counterparts, term_link)}\n</ul>\n'
            "</section>\n"
        )
    out.append("</div>\n")
    return str.__new__(markupsafe.Markup, "".join(out))


def _map_figure(
    title: str,
    profile: TermProfile,
    place: Place,
    latitude: float,
    longitude: float,
    url: Callable[[str], str],
) -> str:
    """The map of `profile_markup`: a window onto world.svg with the place, its country's
    outline and, for a country, its places (briefgen/geo.py gives the geometry)."""
    escape = markupsafe.escape
    bounds = country_bounds(place.country_code) if profile.is_country else None
    drawn = near_points(profile.points, bounds)
    if drawn or bounds:
        box = fit_view([place, *drawn], around=bounds)
    else:
        box = map_view(latitude, longitude).view_box
    width = float(box.split()[2])
    outline = country_outline(place.country_code, box)
    out = [
        '<figure class="map">\n'
        f'<svg class="map-chart" viewBox="{escape(box)}" role="img" '
        'aria-labelledby="map-caption">\n'
        f'<image href="{escape(url("static/world.svg"))}" width="{WORLD_WIDTH}" '
        f'height="{WORLD_HEIGHT}"/>\n'
    ]
    if outline:  # no line break after it: the template's `{% endif %}` takes it
        out.append(f'<path class="country-shape" d="{escape(outline)}"/>')
    small = round(width / 150, 1)
    for q in drawn:
        x, y = map_point(q.latitude, q.longitude)
        out.append(
            f'<a href="{escape(url(q.url_path))}" tabindex="-1"><circle class="marker '
            f'marker-inside" cx="{x}" cy="{y}" r="{small}"><title>{escape(q.name)}: '
            f"{q.count}</title></circle></a>\n"
        )
    x, y = map_point(latitude, longitude)
    out.append(f'<circle class="marker" cx="{x}" cy="{y}" r="{round(width / 90, 1)}"/>\n</svg>\n')
    inside = place.country_code and country_label(title, place.country_code)
    caption = [f'<figcaption id="map-caption">{escape(title)}']
    if outline and not inside:
        caption.append(" (shaded)")
    caption.append(f": {escape(format_coordinates(latitude, longitude))}")
    if inside:
        caption.append(f", in {escape(country_name(place.country_code))}")
        if outline:
            caption.append(" (shaded)")
    if drawn:
        caption.append(f"; the smaller circles mark {len(drawn)} of the places in it listed below")
    off = len(profile.points) - len(drawn)
    if off:
        caption.append(f" ({off} farther away {'lies' if off == 1 else 'lie'} off the map)")
    out.append("".join(caption) + "</figcaption>\n</figure>\n")
    return "".join(out)
