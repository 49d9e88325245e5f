"""Date parsing for pages, feeds and sitemaps: every result is a timezone-aware UTC datetime.

``parse_date`` tries, in order:

1. ISO 8601, tolerantly: a space instead of ``T`` (Pangea's JSON-LD writes
   ``"2024-04-28 07:00:00Z"``), ``Z``, offsets with or without a colon, fractions of seconds,
   a bare date;
2. RFC 2822 (``Sun, 17 Oct 2021 14:20:00 +0300``, RSS ``pubDate``);
3. dateparser for visible dates in the given languages (``October 17, 2021``,
   ``17 октября 2021``, ``Oct. 17, 2021 3:00 PM``).

A value without a timezone is taken as UTC (the only safe guess for a pure function; callers that
know an outlet's local zone should pass text that carries an offset). Unparseable text gives None,
never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import dateparser

__all__ = ["parse_date", "parse_date_local", "to_utc"]

_ISO = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?))?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
# Labels that sit in front of visible dates ("Updated: Oct. 17, 2021").
_LABEL = re.compile(
    r"^\s*(?:updated|published|posted|last updated|обновлено|опубликовано|дата публикации)\s*:?\s*",
    re.IGNORECASE,
)
# the same, but an offset written in the text is kept (no conversion to UTC)
_DATEPARSER_LOCAL = {"TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"}


def to_utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    match = _ISO.match(text)
    if not match:
        return None
    time = (match["time"] or "00:00").replace(",", ".")
    if len(time.split(":")[0]) == 1:
        time = "0" + time
    if "." in time:  # fromisoformat wants 3 or 6 fraction digits
        head, frac = time.split(".")
        time = f"{head}.{frac[:6].ljust(6, '0')}"
    tz = (match["tz"] or "").upper()
    if tz in ("", "Z", "UTC", "GMT"):
        tz = "+00:00"
    elif len(tz) == 3:
        tz += ":00"
    elif ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    try:
        return datetime.fromisoformat(f"{match['date']}T{time}{tz}")
    except ValueError:
        return None


def _parse_rfc2822(text: str) -> datetime | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_date(text: str | None, languages: Sequence[str] = ("en", "ru")) -> datetime | None:
    """Parse an ISO, RFC 2822 or visible (English/Russian) date into an aware UTC datetime."""
    parsed = parse_date_local(text, languages)
    return to_utc(parsed) if parsed is not None else None


def parse_date_local(text: str | None, languages: Sequence[str] = ("en", "ru")) -> datetime | None:
    """Like ``parse_date``, but the offset the text gives is kept (``2021-10-17T23:30-05:00``
    stays at -05:00); a value without one is taken as UTC."""
    if not text:
        return None
    text = " ".join(str(text).split())
    if not text or len(text) > 200:
        return None
    parsed = _parse_iso(text) or _parse_rfc2822(text)
    if parsed is None:
        visible = _LABEL.sub("", text).replace("\u202f", " ")
        if not re.search(r"\d", visible):
            return None
        try:
            parsed = dateparser.parse(
                visible, languages=list(languages), settings=_DATEPARSER_LOCAL
            )
        except (ValueError, OverflowError, TypeError):
            parsed = None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
