"""How dates read on pages: month names and day spans, the same under every locale.

Shared by assemble (page titles, group labels) and render (the `date` and `date_range`
filters, month names for templates), so neither stage reaches into the other for them.
"""

from __future__ import annotations

import datetime

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_label(year: int, month: int) -> str:
    """`September 2020`: the heading of a month."""
    return f"{MONTHS[month - 1]} {year}"


def format_date(value: object) -> str:
    """`14 September 2020`: spelled out so no locale or time zone can change it."""
    if not isinstance(value, datetime.date):
        raise TypeError(f"the date filter needs a date, not {type(value).__name__}")
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_date_range(first: object, last: object) -> str:
    """`14 Aug – 30 Sep 2020`, `14–30 Sep 2020` or `14 Sep 2020`: a span said once."""
    if not isinstance(first, datetime.date) or not isinstance(last, datetime.date):
        raise TypeError("the date_range filter needs two dates")
    if first > last:
        first, last = last, first
    if first == last:
        return format_date(first)

    def short(d: datetime.date) -> str:
        return MONTHS[d.month - 1][:3]

    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {short(last)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {short(first)} – {last.day} {short(last)} {last.year}"
    return f"{first.day} {short(first)} {first.year} – {last.day} {short(last)} {last.year}"
