"""Per-outlet counts of a crawl and the verdict on whether the outlet worked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.models import COUNT_FIELDS

# The counts a run keeps per outlet, in the order the summary line prints them: the article
# counts the store keeps (``COUNT_FIELDS``) first, then the run's own.
COUNT_NAMES = (
    *COUNT_FIELDS[:6],  # discovered fetched new updated unchanged skipped_known
    "outside_window",
    "bad_pages",
    "sources_ok",
    "sources_failed",
    "feeds_empty",
    "robots_forbidden",
    "rules_fallback",
    "store_errors",
    "resumed",
    "gone_skipped",
    "gone_rechecked",
    *COUNT_FIELDS[-3:],  # with_body with_date with_authors (spiders/health.py)
)

_STAT_KEYS = {
    "discovered": "csowatch/discovered",
    "fetched": "csowatch/articles_fetched",
    "new": "csowatch/new",
    "updated": "csowatch/updated",
    "unchanged": "csowatch/unchanged",
    "skipped_known": "csowatch/skipped_known",
    "outside_window": "csowatch/outside_window",
    "bad_pages": "csowatch/bad_pages",
    "sources_ok": "csowatch/sources_ok",
    "sources_failed": "csowatch/sources_failed",
    "feeds_empty": "csowatch/feeds_empty",
    "robots_forbidden": "csowatch/forbidden_by_robots",
    "rules_fallback": "csowatch/rules_fallback",
    "store_errors": "csowatch/store_errors",
    "resumed": "csowatch/resumed",
    # pages known gone (404/410, ``store.gone``): not fetched as not yet due, or fetched and
    # still gone; neither is a bad page of the run
    "gone_skipped": "csowatch/gone_skipped",
    "gone_rechecked": "csowatch/gone_rechecked",
    # extraction health (``spiders/health.py``): analysed pages with a body, date, author
    "with_body": "csowatch/with_body",
    "with_date": "csowatch/with_date",
    "with_authors": "csowatch/with_authors",
}

# One line per source that went wrong this run (a channel renamed, a preview with no posts, a
# feed that moved), printed under the outlet's summary line: ``note_problem``.
PROBLEMS_STAT = "csowatch/source_problems"


def note_problem(stats: Any, line: str) -> None:
    """Add ``line`` to the run's problem lines of the outlet (a Scrapy stats collector)."""
    problems = list(stats.get_value(PROBLEMS_STAT, []) or [])
    if line not in problems:
        stats.set_value(PROBLEMS_STAT, [*problems, line])


# Network failures that mean the site could not be reached at all.
_UNREACHABLE = (
    "CannotResolveHostError",
    "DNSLookupError",
    "ConnectionRefusedError",
    "TCPTimedOutError",
    "TimeoutError",
)

# An outlet whose article pages fail more often than this is broken (e.g. a redesign). A page
# already known gone (404/410) that is still gone is not a failure of the run.
BAD_PAGE_SHARE = 0.5


@dataclass(frozen=True)
class Verdict:
    status: str  # ok | failed | interrupted
    message: str


def outlet_counts(stats: dict[str, Any]) -> dict[str, int]:
    counts = {name: int(stats.get(key, 0) or 0) for name, key in _STAT_KEYS.items()}
    counts["bad_pages_by_reason"] = {  # type: ignore[assignment]
        k.removeprefix("csowatch/bad_page/"): v
        for k, v in stats.items()
        if k.startswith("csowatch/bad_page/")
    }
    return counts


def outlet_verdict(
    counts: dict[str, Any],
    dead_feeds: list[str] | None = None,
    *,
    store_error: str | None = None,
    finish_reason: str | None = "finished",
    source_error: str | None = None,
    health_drops: list[str] | None = None,
) -> Verdict:
    """``interrupted`` when a signal stopped the crawl; ``failed`` when the store failed,
    nothing could be read, articles no longer extract, the share of pages with a body, a date
    or an author dropped against the outlet's own recent runs (``health_drops``, from
    ``spiders.health.judge``), a source failed or a feed stayed empty run after run; else
    ``ok``. The message says which."""
    resumable = "the next run resumes what was left"
    if counts.get("store_errors", 0) or store_error:
        n = counts.get("store_errors", 0)
        return Verdict(
            "failed",
            f"store error: {store_error or 'write failed'} ({n} write(s) failed; {resumable})",
        )
    if finish_reason == "shutdown":
        return Verdict("interrupted", f"stopped by a signal; {resumable}")
    if finish_reason not in (None, "finished"):
        return Verdict("failed", f"the spider stopped early ({finish_reason})")
    if counts.get("sources_ok", 0) == 0:
        if source_error and any(name in source_error for name in _UNREACHABLE):
            return Verdict(
                "failed",
                f"unreachable: {source_error} (offline? `make demo` crawls a local sample)",
            )
        detail = f": {source_error}" if source_error else ""
        return Verdict("failed", f"no feed or sitemap could be read{detail}")
    fetched, bad = counts.get("fetched", 0), counts.get("bad_pages", 0)
    gone = _gone_note(counts)
    drops = list(health_drops or [])
    if bad and bad >= 2 and bad > BAD_PAGE_SHARE * max(fetched, bad):
        failed = f"{bad} of {max(fetched, bad)} article pages failed"
        failed = f"{failed} (not counting {gone})" if gone else failed
        return Verdict("failed", "; ".join([failed, *drops]))
    fallback = counts.get("rules_fallback", 0)
    if fallback >= 2 and fallback > BAD_PAGE_SHARE * max(fetched, 1):
        return Verdict(
            "failed",
            "; ".join(
                [
                    f"the outlet's rules found no body on {fallback} of {fetched} pages "
                    "(the generic extractor was used): has the site changed?",
                    *drops,
                ]
            ),
        )
    problems = drops
    if counts.get("sources_failed", 0):
        failed = counts["sources_failed"]
        where = ""
        if source_error:  # which one and why ("feed …/rss/all: HTTP 404"): one line to act on
            where = f": {source_error}" if failed == 1 else f" (first: {source_error})"
        problems.append(f"{failed} source(s) failed{where}")
    if dead_feeds:
        problems.append("feed(s) empty run after run: " + ", ".join(dead_feeds))
    if problems:
        return Verdict("failed", "; ".join(problems))
    return Verdict("ok", "; ".join(filter(None, [f"{bad} bad page(s)" if bad else "", gone])))


def _gone_note(counts: dict[str, Any]) -> str:
    """What the run did with pages known gone, e.g. ``gone pages: 3 re-checked, 12 not due``;
    empty when there were none."""
    rechecked, skipped = counts.get("gone_rechecked", 0), counts.get("gone_skipped", 0)
    parts = [f"{rechecked} re-checked"] if rechecked else []
    parts += [f"{skipped} not due"] if skipped else []
    return f"gone pages: {', '.join(parts)}" if parts else ""


def stored_counts(counts: dict[str, Any], names: tuple[str, ...]) -> dict[str, int]:
    """The counts the store keeps per outlet and run (``failed`` = sources that failed)."""
    merged = {**counts, "failed": counts.get("sources_failed", 0)}
    return {name: int(merged.get(name, 0)) for name in names}


def summary_line(
    outlet: str,
    status: str,
    counts: dict[str, Any],
    message: str = "",
    names: tuple[str, ...] = COUNT_NAMES[:8],
) -> str:
    shown = " ".join(f"{name}={counts.get(name, 0)}" for name in names)
    tail = f"  ({message})" if message else ""
    return f"{outlet:<14} {status.upper():<8} {shown}{tail}"
