from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pipelines.dates import day_in_text, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-28 07:00:00Z", datetime(2024, 4, 28, 7, 0, tzinfo=UTC)),  # Pangea JSON-LD
        ("2024-04-28T03:00:00-04:00", datetime(2024, 4, 28, 7, 0, tzinfo=UTC)),
        ("2021-10-15T18:34:00+03:00", datetime(2021, 10, 15, 15, 34, tzinfo=UTC)),
        ("2021-10-15T18:34:00+0300", datetime(2021, 10, 15, 15, 34, tzinfo=UTC)),
        ("2021-10-15T18:34:00.250Z", datetime(2021, 10, 15, 18, 34, 0, 250000, tzinfo=UTC)),
        ("2021-10-15", datetime(2021, 10, 15, tzinfo=UTC)),
        ("Fri, 15 Oct 2021 18:34:00 +0300", datetime(2021, 10, 15, 15, 34, tzinfo=UTC)),
        ("Fri, 15 Oct 2021 15:34:00 GMT", datetime(2021, 10, 15, 15, 34, tzinfo=UTC)),
        ("October 17, 2021", datetime(2021, 10, 17, tzinfo=UTC)),
        ("17 октября 2021", datetime(2021, 10, 17, tzinfo=UTC)),
        ("19 октября 2021, 12:45", datetime(2021, 10, 19, 12, 45, tzinfo=UTC)),
        ("Oct. 16, 2021", datetime(2021, 10, 16, tzinfo=UTC)),
        ("Updated: Oct. 16, 2021", datetime(2021, 10, 16, tzinfo=UTC)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() is not None and parsed.tzinfo == UTC


@pytest.mark.parametrize("text", [None, "", "   ", "no date here", "2021-13-45", "x" * 500])
def test_parse_date_rejects(text: str | None) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Publié le 29 juin 2019", date(2019, 6, 29)),
        ("3. März 2020, 14:05 Uhr", date(2020, 3, 3)),
        ("Updated May 5th, 2021 at 9:00", date(2021, 5, 5)),
        ("17 октября 2021, 14:05", date(2021, 10, 17)),
        ("17 жовтня 2021 о 14:05", date(2021, 10, 17)),
        ("05.03.2021", date(2021, 3, 5)),  # dots: day first
        ("Sept. 9, 2020 / 10.10.2020", date(2020, 9, 9)),  # the first one written
        ("07 Dezember, 2022", date(2022, 12, 7)),  # a comma before the year
        ("2020年07月12日", date(2020, 7, 12)),
    ],
)
def test_day_in_text(text: str, day: date) -> None:
    assert day_in_text(text) == day


@pytest.mark.parametrize(
    "text",
    ["", "Published on Monday", "31 février 2020", "12 Moscow 2020", "2021", "2020年13月12日"],
)
def test_day_in_text_without_a_whole_day(text: str) -> None:
    assert day_in_text(text) is None
