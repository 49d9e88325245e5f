"""Digest weeks end on a configurable weekday and are named by their last day."""

from __future__ import annotations

from datetime import date

import pytest

from store.weeks import parse_weekday, week_end, week_range


@pytest.mark.parametrize(
    ("day", "ends_on", "expected"),
    [
        (date(2021, 9, 3), "friday", date(2021, 9, 3)),  # a Friday ends its own week
        (date(2021, 8, 28), "friday", date(2021, 9, 3)),  # Saturday starts the next week
        (date(2021, 8, 27), "friday", date(2021, 8, 27)),
        (date(2021, 9, 1), "friday", date(2021, 9, 3)),  # Wednesday
        (date(2021, 9, 1), "Sunday", date(2021, 9, 5)),
        (date(2021, 9, 5), "sun", date(2021, 9, 5)),
        (date(2021, 9, 6), "sunday", date(2021, 9, 12)),  # Monday after
        (date(2021, 9, 1), "wednesday", date(2021, 9, 1)),
        (date(2021, 9, 2), "wednesday", date(2021, 9, 8)),
        (date(2021, 12, 29), "friday", date(2021, 12, 31)),
        (date(2022, 1, 1), "friday", date(2022, 1, 7)),  # across the year end
        (date(2024, 2, 28), "thursday", date(2024, 2, 29)),  # leap day
        (date(2021, 9, 1), 0, date(2021, 9, 6)),  # weekday numbers: Monday is 0
    ],
)
def test_week_end(day: date, ends_on: str | int, expected: date) -> None:
    assert week_end(day, ends_on) == expected
    start, end = week_range(expected)
    assert start <= day <= end == expected
    assert (end - start).days == 6


def test_default_end_is_friday() -> None:
    assert week_end(date(2021, 8, 30)) == date(2021, 9, 3)
    assert week_range(date(2021, 9, 3), "friday") == (date(2021, 8, 28), date(2021, 9, 3))


@pytest.mark.parametrize("name", ["fryday", "", "7", "Vendredi"])
def test_unknown_weekday_is_a_clear_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown weekday .*monday, tuesday"):
        parse_weekday(name)


def test_weekday_number_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"0 \(Monday\) \.\. 6 \(Sunday\)"):
        parse_weekday(7)


def test_week_range_checks_the_end_day() -> None:
    with pytest.raises(ValueError, match="2021-09-02 is a Thursday, not a Friday"):
        week_range(date(2021, 9, 2), "friday")
