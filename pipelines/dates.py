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
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import dateparser

__all__ = ["day_in_text", "parse_date", "parse_date_local", "to_utc"]

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


# -- a whole day written out, without dateparser (fast: no locale search) ---------------------
_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero gennaio januari января январь січня",
    2: "february feb februar février févr febrero febbraio februari февраля февраль лютого",
    3: "march mar märz mars marzo maart марта март березня",
    4: "april apr avril abril aprile апреля апрель квітня",
    5: "may mai mayo maggio mei мая май травня",
    6: "june jun juni juin junio giugno июня июнь червня",
    7: "july jul juli juillet juil julio luglio июля июль липня",
    8: "august aug août agosto augustus августа август серпня",
    9: "september sep sept septembre septiembre settembre сентября сентябрь вересня",
    10: "october oct oktober octobre octubre ottobre oktober октября октябрь жовтня",
    11: "november nov novembre noviembre ноября ноябрь листопада",
    12: "december dec dezember dez décembre déc diciembre dicembre декабря декабрь грудня",
}
MONTHS = {word: number for number, words in _MONTH_NAMES.items() for word in words.split()}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.?\s+([^\W\d_]{3,})\.?,?\s+((?:19|20)\d{2})\b")
_CJK = re.compile(r"((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日")  # 2020年07月12日
_MONTH_DAY_YEAR = re.compile(
    r"\b([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b"
)
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b")  # day first wherever so written


def day_in_text(text: str) -> date | None:
    """The first whole day a text writes out: "29 juin 2019", "3. März 2020", "07 Dezember,
    2022", "May 5, 2021", "17 октября 2021", "05.03.2021" (dots: day first),
    "2020年07月12日". None when it has none or it is no day."""
    found: list[tuple[int, date | None]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        if (month := MONTHS.get(match[2].casefold())) is not None:
            found.append((match.start(), _day(int(match[3]), month, int(match[1]))))
            break
    for match in _MONTH_DAY_YEAR.finditer(text):
        if (month := MONTHS.get(match[1].casefold())) is not None:
            found.append((match.start(), _day(int(match[3]), month, int(match[2]))))
            break
    if (dotted := _DOTTED.search(text)) is not None:
        found.append((dotted.start(), _day(int(dotted[3]), int(dotted[2]), int(dotted[1]))))
    if "年" in text and (cjk := _CJK.search(text)) is not None:
        found.append((cjk.start(), _day(int(cjk[1]), int(cjk[2]), int(cjk[3]))))
    days = sorted((start, day) for start, day in found if day is not None)
    return days[0][1] if days else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
