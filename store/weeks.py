"""Digest weeks: a week is named by its LAST day, and ends on a configurable weekday.

With the default end day, Friday, the week of Friday 3 September 2021 runs from Saturday
28 August to Friday 3 September; every day in it has ``week_end(d) == date(2021, 9, 3)``.
"""

from __future__ import annotations

from datetime import date, timedelta

# the days a URL or a filter may name: the desk and the API step a week or a month either side,
# which must stay inside what ``datetime.date`` holds
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2999, 12, 31)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATIONS = {name[:3]: i for i, name in enumerate(WEEKDAYS)}


def parse_day(raw: str) -> date:
    """``YYYY-MM-DD`` between ``MIN_DAY`` and ``MAX_DAY``; ``ValueError`` with a plain message."""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"not a date: {raw[:40]!r} (expected YYYY-MM-DD)") from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise ValueError(f"{day.isoformat()} is out of range ({MIN_DAY}..{MAX_DAY})")
    return day


def parse_weekday(name: str | int) -> int:
    """``"friday"``/``"Fri"`` -> 4 (Monday is 0); an int 0..6 passes through.

    Raises ``ValueError`` naming the accepted values.
    """
    if isinstance(name, int) and not isinstance(name, bool):
        if 0 <= name <= 6:
            return name
        raise ValueError(f"weekday number must be 0 (Monday) .. 6 (Sunday), got {name}")
    key = str(name).strip().lower()
    if key in WEEKDAYS:
        return WEEKDAYS.index(key)
    if key in _ABBREVIATIONS:
        return _ABBREVIATIONS[key]
    raise ValueError(
        f"unknown weekday {name!r}: expected one of {', '.join(WEEKDAYS)} (or a 3-letter prefix)"
    )


def week_end(d: date, ends_on: str | int = "friday") -> date:
    """The last day of the week containing ``d``, weeks ending on ``ends_on``."""
    end = parse_weekday(ends_on)
    return d + timedelta(days=(end - d.weekday()) % 7)


def week_range(end: date, ends_on: str | int | None = None) -> tuple[date, date]:
    """``(first day, last day)`` of the week ending on ``end``, both inclusive.

    If ``ends_on`` is given, ``end`` must fall on that weekday (a clear ``ValueError``
    otherwise), which catches a date typed for the wrong week.
    """
    if ends_on is not None and week_end(end, ends_on) != end:
        raise ValueError(
            f"{end.isoformat()} is a {WEEKDAYS[end.weekday()].title()}, not a "
            f"{WEEKDAYS[parse_weekday(ends_on)].title()}: weeks end on "
            f"{WEEKDAYS[parse_weekday(ends_on)].title()}"
        )
    return end - timedelta(days=6), end
