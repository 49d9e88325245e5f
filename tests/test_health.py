"""The extraction-health rule (``spiders/health.py``): when a run's shares of article pages with
a body, a date and an author count as a drop against the outlet's own recent runs, and when
they must not (small runs, new outlets, outlets that never print a byline)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from spiders.health import (
    DROPPED,
    OK,
    UNJUDGED,
    HealthRule,
    RunCounts,
    binomial_tail,
    health_rule,
    judge,
    percent,
)
from spiders.summary import outlet_verdict

RULE = HealthRule()


def run(pages: int, body: float = 1.0, date: float = 1.0, authors: float = 1.0) -> RunCounts:
    """A run of ``pages`` article pages; dates and authors are shares of those with a body."""
    with_body = round(pages * body)
    return RunCounts(pages, with_body, round(with_body * date), round(with_body * authors))


def history(n: int = 10, pages: int = 20, **shares: float) -> list[RunCounts]:
    return [run(pages, **shares) for _ in range(n)]


def test_a_redesign_that_drops_dates_and_bylines_is_a_drop_with_its_reasons() -> None:
    health = judge(run(20, date=0.1, authors=0.0), history(pages=100, date=0.97, authors=0.8), RULE)
    assert health.state == DROPPED
    assert health.drops == [
        "dates extracted 10% (last 10 runs: 97%)",
        "authors extracted 0% (last 10 runs: 80%)",
    ]


def test_a_healthy_run_is_ok_and_says_nothing() -> None:
    health = judge(run(12, date=0.9, authors=0.75), history(date=0.97, authors=0.8), RULE)
    assert (health.state, health.drops) == (OK, [])


def test_bodies_lost_is_a_drop_of_bodies_not_of_dates() -> None:
    # 3 of 20 pages gave a body, each with its date: dates are a share of bodies
    health = judge(run(20, body=0.15), history(), RULE)
    assert health.drops == ["bodies extracted 15% (last 10 runs: 100%)"]


@pytest.mark.parametrize("pages", [0, 1, 2, 4])
def test_a_small_run_is_not_judged(pages: int) -> None:
    """A run with a couple of pages (a quiet hour) that happen to lack a date is no redesign."""
    health = judge(run(pages, date=0.0, authors=0.0), history(), RULE)
    assert health.state == UNJUDGED and health.drops == []
    assert "fewer than 5" in health.why_unjudged


def test_a_new_outlet_sets_its_baseline_before_it_is_judged() -> None:
    current = run(20, date=0.0)
    assert judge(current, [], RULE).state == UNJUDGED
    assert judge(current, history(n=2), RULE).state == UNJUDGED  # 2 runs, 3 needed
    assert judge(current, history(n=3, pages=5), RULE).state == UNJUDGED  # 15 pages, 20 needed
    assert judge(current, history(n=3, pages=7), RULE).state == DROPPED


def test_an_outlet_that_never_prints_authors_never_drops_them() -> None:
    health = judge(run(30, authors=0.0), history(authors=0.0), RULE)
    assert health.state == OK


def test_an_outlet_with_bylines_on_half_its_pages_does_not_flap() -> None:
    """Bylines on about half the pages: a run with a third, or a small run with none, is
    chance; a large run with none is not."""
    base = history(authors=0.5)
    assert judge(run(30, authors=1 / 3), base, RULE).state == OK
    assert judge(run(8, authors=0.0), base, RULE).state == OK  # 0.5^8 = 0.4%: chance
    assert judge(run(12, authors=0.0), base, RULE).state == DROPPED  # 0.5^12 = 0.02%


def test_only_the_last_baseline_runs_count() -> None:
    """Newest first: the last 10 runs are healthy, older ones (before a fix) are not used."""
    newest = history(n=10, date=1.0)
    older = history(n=30, date=0.0)
    health = judge(run(20, date=0.0), newest + older, RULE)
    assert health.baseline_runs == 10 and health.state == DROPPED


def test_runs_without_pages_are_not_in_the_baseline() -> None:
    health = judge(run(20), [RunCounts(0, 0, 0, 0), *history(n=3)], RULE)
    assert health.baseline_runs == 3


def test_the_thresholds_are_settings() -> None:
    strict = health_rule({"min_pages": 2, "min_drop": 0.5, "significance": 0.05})
    assert judge(run(2, date=0.0), history(), strict).state == DROPPED
    assert judge(run(20, date=0.6), history(), strict).state == OK  # a 40-point drop
    assert health_rule(None) == RULE and health_rule({"unknown": 1}) == RULE


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"min_pages": 0}, "min_pages"),
        ({"min_drop": 0.0}, "min_drop"),
        ({"min_drop": 1.5}, "min_drop"),
        ({"significance": 1.0}, "significance"),
        ({"baseline_runs": 2}, "min_baseline_runs"),
    ],
)
def test_thresholds_out_of_range_are_named(values: dict[str, float], field: str) -> None:
    assert field in HealthRule(**values).problems()  # type: ignore[arg-type]


def test_binomial_tail() -> None:
    assert binomial_tail(0, 5, 0.5) == pytest.approx(1 / 32)
    assert binomial_tail(2, 5, 0.5) == pytest.approx(0.5)
    assert binomial_tail(5, 5, 0.9) == 1.0
    assert binomial_tail(3, 10, 1.0) == 0.0 and binomial_tail(0, 10, 0.0) == 1.0
    # exact in rationals: 9/10 per try, 1,780 or fewer of 2,000 (the mean is 1,800)
    exact = Fraction(sum(math.comb(2000, i) * 9**i for i in range(1781)), 10**2000)
    assert binomial_tail(1780, 2000, 0.9) == pytest.approx(float(exact), rel=1e-6)


def test_percent_never_rounds_a_part_to_all_or_nothing() -> None:
    assert [percent(x) for x in (0.0, 0.001, 0.5, 0.996, 1.0, None)] == [
        "0%", "1%", "50%", "99%", "100%", "-",
    ]  # fmt: skip


def test_the_verdict_fails_the_outlet_with_the_drops() -> None:
    counts = {"sources_ok": 2, "fetched": 20}
    drops = ["dates extracted 12% (last 10 runs: 97%)"]
    verdict = outlet_verdict(counts, health_drops=drops)
    assert (verdict.status, verdict.message) == ("failed", drops[0])
    both = outlet_verdict({**counts, "sources_failed": 1}, health_drops=drops)
    assert both.message == f"{drops[0]}; 1 source(s) failed"
    bad = outlet_verdict({**counts, "bad_pages": 15}, health_drops=drops)
    assert bad.message == f"15 of 20 article pages failed; {drops[0]}"
    assert outlet_verdict(counts, health_drops=[]).status == "ok"


def test_small_runs_are_judged_together_once_their_pages_add_up() -> None:
    base = history()
    small = [run(2, date=0.0), run(2, date=0.0)]  # the two runs before, newest first
    alone = judge(run(2, date=0.0), small + base, RULE)
    assert alone.state == UNJUDGED and alone.pooled == 0  # not told they were small
    together = judge(run(2, date=0.0), small + base, RULE, unjudged=2)
    assert (together.state, together.pooled) == (DROPPED, 2)
    assert together.drops == ["dates extracted 0% (this run and the 2 before, 6 pages; "
                              "last 10 runs: 100%)"]  # fmt: skip
    assert together.baseline_runs == 10  # the pooled runs are not in the baseline
    one_enough = judge(run(3), [run(4, date=0.75), *base], RULE, unjudged=1)
    assert (one_enough.state, one_enough.pooled) == (OK, 1)  # 6 of 7 dated
    still_small = judge(run(1), [run(2), *base], RULE, unjudged=1)
    assert (still_small.state, still_small.pooled) == (UNJUDGED, 0)
    empty = judge(run(0), small + [run(2, date=0.0)] + base, RULE, unjudged=3)
    assert (empty.state, empty.pooled) == (UNJUDGED, 0)  # a run without pages judges nothing
