"""dates.py: how dates read on pages, the same under every locale."""

from __future__ import annotations

import datetime

import pytest

from briefgen.dates import format_date, format_date_range, month_label


def test_format_date_spells_the_month() -> None:
    assert format_date(datetime.date(2020, 9, 4)) == "4 September 2020"


def test_format_date_refuses_a_string() -> None:
    with pytest.raises(TypeError, match="needs a date, not str"):
        format_date("2020-09-04")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((2020, 9, 14), (2020, 9, 14), "14 September 2020"),
        ((2020, 9, 14), (2020, 9, 30), "14–30 Sep 2020"),
        ((2020, 8, 14), (2020, 9, 30), "14 Aug – 30 Sep 2020"),
        ((2019, 12, 30), (2020, 1, 2), "30 Dec 2019 – 2 Jan 2020"),
        ((2020, 9, 30), (2020, 9, 14), "14–30 Sep 2020"),  # given in either order
    ],
)
def test_format_date_range_says_a_span_once(
    first: tuple[int, int, int], last: tuple[int, int, int], expected: str
) -> None:
    assert format_date_range(datetime.date(*first), datetime.date(*last)) == expected


def test_month_label() -> None:
    assert month_label(2020, 1) == "January 2020"
