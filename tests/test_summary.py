"""The per-outlet verdict of a crawl: when does an outlet count as broken."""

from __future__ import annotations

import pytest

from spiders.summary import outlet_counts, outlet_verdict, summary_line


def counts(**values: int) -> dict[str, int]:
    base = {"sources_ok": 3, "fetched": 10}
    return {**base, **values}


@pytest.mark.parametrize(
    ("values", "dead", "status", "says"),
    [
        ({}, [], "ok", ""),
        ({"bad_pages": 1}, [], "ok", "1 bad page(s)"),
        ({"sources_ok": 0, "sources_failed": 3}, [], "failed", "no feed or sitemap"),
        ({"bad_pages": 8, "fetched": 10}, [], "failed", "8 of 10 article pages failed"),
        ({"rules_fallback": 7}, [], "failed", "has the site changed?"),
        ({"rules_fallback": 1}, [], "ok", ""),
        ({"sources_failed": 1}, [], "failed", "1 source(s) failed"),
        ({}, ["http://x/api/feed"], "failed", "empty run after run: http://x/api/feed"),
        # pages known gone (404/410) that are still gone, or not yet due, are not failures
        ({"fetched": 0, "gone_rechecked": 3}, [], "ok", "gone pages: 3 re-checked"),
        ({"bad_pages": 1, "gone_rechecked": 2, "gone_skipped": 9}, [], "ok",
         "1 bad page(s); gone pages: 2 re-checked, 9 not due"),
        ({"gone_skipped": 4}, [], "ok", "gone pages: 4 not due"),
        ({"bad_pages": 8, "gone_rechecked": 2}, [], "failed",
         "8 of 10 article pages failed (not counting gone pages: 2 re-checked)"),
    ],
)  # fmt: skip
def test_verdicts(values: dict[str, int], dead: list[str], status: str, says: str) -> None:
    verdict = outlet_verdict(counts(**values), dead)
    assert verdict.status == status
    assert says in verdict.message


def test_a_failed_source_is_named_with_its_reason() -> None:
    """A feed that moved is one line: which source, and what it answered."""
    error = "feed https://meduza.io/rss/en/all: HTTP 404"
    one = outlet_verdict(counts(sources_failed=1), [], source_error=error)
    assert (one.status, one.message) == ("failed", f"1 source(s) failed: {error}")
    two = outlet_verdict(counts(sources_failed=2), [], source_error=error)
    assert two.message == f"2 source(s) failed (first: {error})"


@pytest.mark.parametrize(
    ("values", "kwargs", "status", "says"),
    [
        ({"store_errors": 2}, {"store_error": "database is locked (after 30 s)"}, "failed",
         "store error: database is locked (after 30 s) (2 write(s) failed"),
        ({}, {"finish_reason": "shutdown"}, "interrupted", "the next run resumes what was left"),
        ({"store_errors": 1}, {"finish_reason": "store_error", "store_error": "disk I/O error"},
         "failed", "store error: disk I/O error"),
        ({}, {"finish_reason": "closespider_timeout"}, "failed", "stopped early"),
    ],
)  # fmt: skip
def test_store_errors_and_signals(
    values: dict[str, int], kwargs: dict[str, str], status: str, says: str
) -> None:
    verdict = outlet_verdict(counts(**values), **kwargs)  # type: ignore[arg-type]
    assert verdict.status == status
    assert says in verdict.message


def test_a_store_error_outweighs_an_interruption() -> None:
    verdict = outlet_verdict(counts(store_errors=1), finish_reason="shutdown", store_error="x")
    assert verdict.status == "failed"


def test_an_unreachable_site_points_at_the_demo() -> None:
    error = "feed https://www.rferl.org/api/x: CannotResolveHostError: DNS lookup failed"
    verdict = outlet_verdict(counts(sources_ok=0, sources_failed=3), source_error=error)
    assert verdict.status == "failed"
    assert verdict.message.startswith("unreachable: feed https://www.rferl.org/api/x")
    assert "make demo" in verdict.message
    other = outlet_verdict(counts(sources_ok=0, sources_failed=1), source_error="feed x: HTTP 404")
    assert "make demo" not in other.message and "HTTP 404" in other.message


def test_counts_come_from_scrapy_stats_with_reasons() -> None:
    stats = {
        "csowatch/discovered": 5,
        "csowatch/new": 2,
        "csowatch/gone_skipped": 3,
        "csowatch/bad_pages": 2,
        "csowatch/bad_page/http-404": 1,
        "csowatch/bad_page/no-body": 1,
    }
    c = outlet_counts(stats)
    assert (c["discovered"], c["new"], c["bad_pages"], c["updated"]) == (5, 2, 2, 0)
    assert (c["gone_skipped"], c["gone_rechecked"]) == (3, 0)
    assert c["bad_pages_by_reason"] == {"http-404": 1, "no-body": 1}
    line = summary_line("rferl", "ok", c)
    assert line.startswith("rferl          OK       discovered=5 fetched=0 new=2")
