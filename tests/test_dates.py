from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipelines.dates import parse_date


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
