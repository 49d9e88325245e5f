"""An outlet's extraction health: the share of its article pages that gave a body, a date and an
author in a run, against its own recent runs (pure functions; the verdict is ``spiders.summary``).

A redesign rarely stops a page from downloading: the body usually still comes out (the
generic extractor steps in), but the date and the byline are gone. So each run counts, per
outlet, the article pages it analysed (``fetched``), those that gave a body (``with_body``),
and of those, the ones with a publication date (``with_date``) and with an author
(``with_authors``). A share is judged against the outlet's *baseline*: the pooled share over
its last ``baseline_runs`` earlier runs that analysed a page and were not themselves a drop.

A share has dropped when all of these hold (the thresholds are ``[health]`` settings):

- the run analysed at least ``min_pages`` article pages (a run with 2 pages says little), and
  the share is over at least that many (dates and authors are shares of the pages with a body).
  A smaller run is judged together with the outlet's runs before it that were too small too,
  once their pages add up (a quiet outlet is judged every few runs, not never); those runs
  then take its judgement;
- the baseline has at least ``min_baseline_runs`` runs and ``min_baseline_pages`` pages (the
  first runs of a new outlet set the baseline, they are not judged);
- the share is at least ``min_drop`` (a fraction: 0.3 = 30 points) below the baseline's, so an
  outlet that never prints authors (baseline 0%) never drops, and one that prints them on half
  its pages may print them on a third without alarm;
- the drop is not chance: at the baseline's share (smoothed by one page each way, so that 100%
  over 20 pages reads as 95%, not as "never otherwise"), as few successes in this many pages
  would happen with a probability under ``significance`` (the binomial tail). With a baseline
  of 97%, 5 pages without a date are enough; with a baseline of 60%, 5 pages of 5 without an
  author are not (1%), 10 are (0.01%).

A run that drops is recorded ``dropped`` and stays out of later baselines, so a redesign keeps
failing the outlet until the rules are fixed, instead of becoming the new normal after a few
runs. When the change is for good (the site stopped printing bylines), ``csowatch outlets
accept`` makes the dropped runs the start of a new baseline: they count again (``accepted``),
the runs before them no longer do (``superseded``), and the outlet is judged again once the new
baseline has ``min_baseline_runs`` runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The three shares, in the order they are judged and printed: (count, what is counted, the
# count that is its denominator, the word for a summary line).
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("with_body", "fetched", "bodies"),
    ("with_date", "with_body", "dates"),
    ("with_authors", "with_body", "authors"),
)
HEALTH_COUNTS = ("with_body", "with_date", "with_authors")

# The health of an outlet's run, as stored (``crawl_outlet_stats.health``; NULL: a run recorded
# before health was counted, which no baseline uses).
UNJUDGED = "unjudged"  # too few pages, or no baseline yet
OK = "ok"
DROPPED = "dropped"
ACCEPTED = "accepted"  # a drop an operator accepted as the outlet's new normal ...
SUPERSEDED = "superseded"  # ... and the runs before it, which no baseline uses any more
HEALTH_STATES = (UNJUDGED, OK, DROPPED, ACCEPTED, SUPERSEDED)
BASELINE_STATES = (UNJUDGED, OK, ACCEPTED)  # the runs a baseline is made of


@dataclass(frozen=True)
class HealthRule:
    """The thresholds of the health rule (``[health]`` in settings.toml)."""

    enabled: bool = True  # false: counted and shown, never failing a run
    baseline_runs: int = 10
    min_pages: int = 5
    min_baseline_runs: int = 3
    min_baseline_pages: int = 20
    min_drop: float = 0.3
    significance: float = 0.001

    def problems(self) -> dict[str, str]:
        """What is wrong with the thresholds, by field (empty when nothing)."""
        wrong: dict[str, str] = {}
        for name in ("baseline_runs", "min_pages", "min_baseline_runs", "min_baseline_pages"):
            if getattr(self, name) < 1:
                wrong[name] = "must be a whole number of at least 1"
        if self.min_baseline_runs > self.baseline_runs:
            most, got = self.baseline_runs, self.min_baseline_runs
            wrong["min_baseline_runs"] = f"must be at most baseline_runs ({most}), got {got}"
        if not 0 < self.min_drop <= 1:
            wrong["min_drop"] = f"must be a share above 0 and at most 1, got {self.min_drop}"
        if not 0 < self.significance < 1:
            p = self.significance
            wrong["significance"] = f"must be a probability between 0 and 1, got {p}"
        return wrong


def health_rule(values: Mapping[str, Any] | None) -> HealthRule:
    """The rule from the crawl's ``CSOWATCH_HEALTH`` setting (``[health]`` of settings.toml,
    checked at load); the defaults for what it does not say."""
    known = HealthRule.__dataclass_fields__
    return HealthRule(**{k: v for k, v in (values or {}).items() if k in known})


@dataclass(frozen=True)
class RunCounts:
    """One outlet's health counts in one run."""

    fetched: int
    with_body: int
    with_date: int
    with_authors: int

    @classmethod
    def of(cls, counts: Mapping[str, Any]) -> RunCounts:
        return cls(*(int(counts.get(name, 0) or 0) for name in ("fetched", *HEALTH_COUNTS)))

    def get(self, name: str) -> int:
        value: int = getattr(self, name)
        return value

    def share(self, measure: str) -> float | None:
        """The share of one measure ("with_date"...), None when its denominator is 0."""
        of = dict((m, d) for m, d, _ in MEASURES)[measure]
        total = self.get(of)
        return self.get(measure) / total if total else None

    def shares(self) -> dict[str, float | None]:
        return {m: self.share(m) for m, _, _ in MEASURES}


def pooled(runs: Iterable[RunCounts]) -> RunCounts:
    runs = list(runs)
    return RunCounts(*(sum(r.get(name) for r in runs) for name in ("fetched", *HEALTH_COUNTS)))


@dataclass(frozen=True)
class Health:
    """The judgement of one run: ``state`` (``HEALTH_STATES``), the drops as summary-line
    phrases ("dates extracted 12% (last 10 runs: 97%)"), the run's counts, the baseline's
    (pooled; None when there is no earlier run to pool), and ``pooled``: how many of the newest
    earlier runs were judged with this one (a quiet outlet's small runs add up; they take this
    run's state and leave the baseline)."""

    state: str
    drops: list[str] = field(default_factory=list)
    run: RunCounts | None = None
    baseline: RunCounts | None = None
    baseline_runs: int = 0
    why_unjudged: str = ""
    pooled: int = 0


def judge(
    current: RunCounts, history: list[RunCounts], rule: HealthRule, *, unjudged: int = 0
) -> Health:
    """The health of a run (``current``) against ``history``: the outlet's earlier runs that
    analysed a page, newest first, dropped runs left out (only the first ``rule.baseline_runs``
    of the baseline are used).

    ``unjudged``: how many of the newest runs of ``history`` were too small to be judged. A run
    with fewer than ``min_pages`` pages is judged together with them, newest first, until the
    pages add up (an outlet that publishes 2 pages a run is judged every third run, on 6); the
    runs pooled are then not part of its baseline. A run that analysed no page judges nothing."""
    history = [r for r in history if r.fetched > 0]
    judged, pool = current, 0
    while 0 < judged.fetched < rule.min_pages and pool < min(unjudged, len(history)):
        judged, pool = pooled([judged, history[pool]]), pool + 1
    used = history[pool:][: rule.baseline_runs]
    base = pooled(used) if used else None
    n_base = len(used)
    if judged.fetched < rule.min_pages:
        why = f"{judged.fetched} article page(s), fewer than {rule.min_pages}"
        return Health(UNJUDGED, [], current, base, n_base, why)
    if base is None or n_base < rule.min_baseline_runs or base.fetched < rule.min_baseline_pages:
        why = (
            f"baseline of {n_base} run(s) and {base.fetched if base else 0} page(s); "
            f"{rule.min_baseline_runs} runs and {rule.min_baseline_pages} pages needed"
        )
        return Health(UNJUDGED, [], current, base, n_base, why)
    where = f"this run and the {pool} before, {judged.fetched} pages; " if pool else ""
    drops = []
    for measure, of, word in MEASURES:
        total, hits = judged.get(of), judged.get(measure)
        expected = base.share(measure)
        if total < rule.min_pages or expected is None:
            continue
        share = hits / total
        if expected - share < rule.min_drop - 1e-9:
            continue
        # the chance is taken at the baseline's share smoothed by one page each way (Laplace):
        # a baseline of 100% says "nearly always", not "never otherwise"
        smoothed = (base.get(measure) + 1) / (base.get(of) + 2)
        if binomial_tail(hits, total, smoothed) >= rule.significance:
            continue
        was = percent(expected)
        drops.append(f"{word} extracted {percent(share)} ({where}last {n_base} runs: {was})")
    return Health(DROPPED if drops else OK, drops, current, base, n_base, pooled=pool)


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p): how likely as few as ``k`` successes in ``n`` tries
    are when each succeeds with probability ``p``."""
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    head = math.lgamma(n + 1)
    terms = [
        head - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        for i in range(k + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def percent(share: float | None) -> str:
    """``0.974`` -> ``"97%"``; a share just under 1 or over 0 never rounds to 100% or 0%."""
    if share is None:
        return "-"
    value = share * 100
    shown = round(value)
    if shown == 100 and share < 1:
        shown = 99
    elif shown == 0 and share > 0:
        shown = 1
    return f"{shown}%"
