"""An outlet's own URL rules: which URLs are its articles, their ids and days (pure functions).

The rules come from the outlet's configuration (``articles``, ``exclude`` in ``outlets.toml``):
regular expressions searched in the article's canonical public URL (``pipelines.urls.
canonical_url``: lowercase host, no fragment, no tracking parameters, query sorted).

- ``exclude``: a URL one of them finds is never an article (The Guardian's ``/live/``,
  ``/video/``...), whatever else matches.
- ``articles``: an article URL is found by one of them. With none configured, the rules say
  nothing about what is an article (the CMS family decides) but ``exclude`` still holds.
- Named groups of the ``articles`` pattern that found the URL:
  ``year`` / ``month`` / ``day`` give the publication day (``month`` as a number or an English
  month name such as ``feb``; without ``day`` the URL gives a whole month, e.g. Amnesty's
  ``/en/latest/news/2024/03/<slug>/``); ``id`` gives the outlet's article id, and the dedupe key
  ``<host without www.>:<id>``.

``compile_url_rules`` checks the patterns once (at configuration load); ``classify_url`` is the
one rule every caller uses (the spiders' discovery, extraction's article id, the outlet check).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from pipelines.dates import MONTHS

__all__ = [
    "UrlMatch",
    "UrlRuleError",
    "UrlRules",
    "classify_url",
    "compile_url_rules",
    "rule_key",
]

_DATE_GROUPS = ("year", "month", "day")


class UrlRuleError(ValueError):
    """A pattern that cannot be used: ``field`` ("articles"/"exclude"), ``index`` in the list."""

    def __init__(self, field: str, index: int, pattern: str, message: str) -> None:
        self.field = field
        self.index = index
        self.pattern = pattern
        super().__init__(f"pattern {index + 1} '{pattern}': {message}")


@dataclass(frozen=True)
class UrlRules:
    """Compiled ``articles`` and ``exclude`` patterns of one outlet (picklable)."""

    articles: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.articles or self.exclude)


@dataclass(frozen=True)
class UrlMatch:
    """What the rules say about one URL.

    ``article``: True (an ``articles`` pattern found it), False (excluded, or no ``articles``
    pattern found it), None (no ``articles`` patterns configured and not excluded: the rules
    say nothing). ``rule``: the field and pattern that decided (``"exclude[1] /live/"``), empty
    when none did. ``ident``, ``first_day``/``last_day``: from the named groups (a whole month
    when the URL has no day)."""

    article: bool | None
    rule: str = ""
    ident: str | None = None
    first_day: date | None = None
    last_day: date | None = None


def compile_url_rules(articles: Sequence[str] = (), exclude: Sequence[str] = ()) -> UrlRules:
    """Compile and check the patterns; raises ``UrlRuleError`` naming the bad one.

    Checked: the pattern compiles and does not match the empty string (it would find every
    URL); date groups come whole from the top (``day`` needs ``month``, ``month`` needs
    ``year``); ``exclude`` patterns have no named groups (nothing would read them)."""
    return UrlRules(
        articles=tuple(_compile("articles", i, p) for i, p in enumerate(articles)),
        exclude=tuple(_compile("exclude", i, p) for i, p in enumerate(exclude)),
    )


def _compile(field: str, index: int, pattern: str) -> re.Pattern[str]:
    if not pattern.strip():
        raise UrlRuleError(field, index, pattern, "an empty pattern matches every URL")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise UrlRuleError(field, index, pattern, f"not a regular expression: {exc}") from None
    groups = set(compiled.groupindex)
    if field == "exclude" and groups:
        raise UrlRuleError(field, index, pattern, "exclude patterns take no named groups")
    if "day" in groups and "month" not in groups:
        raise UrlRuleError(field, index, pattern, "a 'day' group needs a 'month' group")
    if "month" in groups and "year" not in groups:
        raise UrlRuleError(field, index, pattern, "a 'month' group needs a 'year' group")
    if compiled.search("") is not None:
        raise UrlRuleError(field, index, pattern, "it matches the empty string (every URL)")
    return compiled


def classify_url(url: str, rules: UrlRules | None) -> UrlMatch:
    """What ``rules`` say about ``url`` (see ``UrlMatch``); exclusion is checked first."""
    if not rules:
        return UrlMatch(None)
    for i, pattern in enumerate(rules.exclude):
        if pattern.search(url):
            return UrlMatch(False, f"exclude[{i}] {pattern.pattern}")
    if not rules.articles:
        return UrlMatch(None)
    for i, pattern in enumerate(rules.articles):
        m = pattern.search(url)
        if m is None:
            continue
        groups = m.groupdict()
        first, last = _days(groups)
        return UrlMatch(True, f"articles[{i}] {pattern.pattern}", groups.get("id"), first, last)
    return UrlMatch(False, "no articles pattern")


def _days(groups: dict[str, str | None]) -> tuple[date | None, date | None]:
    """The day (or month: first and last day) the named date groups give; Nones when none or
    when they are no date (month 13, 31 February)."""
    if not groups.get("year") or not groups.get("month"):
        return None, None
    year_text, month_text = groups["year"] or "", (groups["month"] or "").casefold()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    if not year_text.isdigit() or month is None or not 1 <= month <= 12:
        return None, None
    year = int(year_text)
    if year < 1900:
        return None, None
    day_text = groups.get("day")
    if day_text:
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            return None, None
        return day, day
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def rule_key(url: str, ident: str | None) -> str | None:
    """The dedupe key ``"<host without www.>:<id>"`` of an article the rules gave an id."""
    if not ident:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return f"{host.removeprefix('www.')}:{ident}"
