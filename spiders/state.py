"""What a spider needs to know from the store: the date window, known articles, feed state,
gone pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from pipelines.dates import parse_date
from pipelines.urls import article_key
from store import frontier, gone, queries
from store.db import Store
from store.frontier import Pending

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Window:
    """The date window of a run: articles published in [since, until] are new material."""

    since: datetime
    until: datetime
    # no --until given: the window runs up to the moment each source is read (a cron run)
    open_ended: bool = False

    @classmethod
    def from_args(
        cls,
        since: str | date | datetime | None,
        until: str | date | datetime | None,
        days: int | str | None = None,
    ) -> Window:
        now = datetime.now(UTC)
        end = _bound(until, end_of_day=True) if until else now
        start = _bound(since, end_of_day=False) if since else end - timedelta(days=int(days or 3))
        if start > end:
            raise ValueError(f"--since ({start:%Y-%m-%d}) is after --until ({end:%Y-%m-%d})")
        return cls(start, end, open_ended=not until)

    def contains(self, moment: datetime) -> bool:
        return self.since <= moment <= self.until


def _bound(value: str | date | datetime, *, end_of_day: bool) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time.max if end_of_day else time.min, UTC)
    text = value.strip()
    try:
        d = date.fromisoformat(text)
    except ValueError:
        parsed = parse_date(text)
        if parsed is None:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
        return parsed
    return datetime.combine(d, time.max if end_of_day else time.min, UTC)


class CrawlState:
    """Known articles of one outlet, the conditional-request state of its sources, its
    frontier (what an earlier run scheduled and did not finish) and the gone pages (404/410)
    not yet due for another check."""

    def __init__(
        self, store: Store, outlet: str, window: Window, run_id: int | None = None
    ) -> None:
        self.store = store
        self.outlet = outlet
        self.window = window
        self.run_id = run_id
        self.by_url: dict[str, Any] = {}
        self.by_key: dict[str, Any] = {}
        self.sources: dict[str, Any] = {}
        self.resumable: list[Pending] = []
        self.gone: set[str] = set()  # public canonical URLs not to fetch this run

    @classmethod
    def load(
        cls,
        store: Store,
        outlet: str,
        window: Window,
        run_id: int | None = None,
        key_of: Callable[[str], str | None] = article_key,
    ) -> CrawlState:
        """``key_of``: the outlet's dedupe key of a canonical URL (its URL rules' ids)."""
        state = cls(store, outlet, window, run_id)
        with store.read_session() as session:
            known = queries.known_articles(session, outlet)
            for item in known:
                state.by_url[item.canonical_url] = item
                key = key_of(item.canonical_url)
                if key:
                    state.by_key.setdefault(key, item)
            for fs in queries.fetch_states(session, outlet):
                state.sources[fs.url] = _SourceState.of(fs)
            state.resumable = frontier.pending(session, outlet)
            state.gone = gone.not_due(session, outlet)
        return state

    def lookup(self, canonical: str, key: str) -> Any | None:
        return self.by_url.get(canonical) or self.by_key.get(key)

    @staticmethod
    def changed_since(known: Any, lastmod: datetime | None) -> bool:
        """True when a source's lastmod is newer than the one seen when the page was fetched."""
        if lastmod is None or known.sitemap_lastmod is None:
            return False
        return lastmod > known.sitemap_lastmod

    def conditional_headers(self, url: str) -> dict[str, str]:
        """``If-None-Match``/``If-Modified-Since`` for a source read before, but only when the
        window it was read with covers this run's: a 304 says the source has not changed,
        not that its older entries were looked at (a backfill of a past week after the cron's
        last three days must read the sitemap in full)."""
        fs = self.sources.get(url)
        headers: dict[str, str] = {}
        if fs is not None and fs.last_status in (200, 304) and fs.covers(self.window):
            if fs.etag:
                headers["If-None-Match"] = fs.etag
            if fs.last_modified:
                headers["If-Modified-Since"] = fs.last_modified
        return headers


@dataclass(frozen=True)
class _SourceState:
    etag: str | None
    last_modified: str | None
    last_status: int | None
    empty_runs: int
    window_since: datetime | None = None
    window_until: datetime | None = None  # None: read by an open-ended run

    @classmethod
    def of(cls, row: Any) -> _SourceState:
        return cls(
            row.etag,
            row.last_modified,
            row.last_status,
            row.empty_runs or 0,
            row.window_since,
            row.window_until,
        )

    def covers(self, window: Window) -> bool:
        """Whether the entries this version of the source lists were judged by a window
        that holds ``window``: same or earlier start, and an end as late (an open-ended
        read holds everything up to when it was made, and the source has not changed since;
        a window that ends in the past does not hold an open-ended run's recent days)."""
        if self.window_since is None or self.window_since > window.since:
            return False
        if self.window_until is None:
            return True
        return not window.open_ended and self.window_until >= window.until
