"""How often the extraction-health rule (``spiders/health.py``) cries wolf, and how fast it sees
a redesign, on real pages: metadata-dev's 743 pages extracted by csowatch, each reduced to
"gave a body / a date / an author", then read as an outlet's stream of runs.

No single outlet's history is in the shared data, so the stream is a hard case: pages of many
sites, whose shares (dates ~94%, authors ~70%) vary far more from run to run than one outlet's
do. Two orders: ``sites`` (pages sorted by id, i.e. by site: runs of one site's pages, the
clustering a wire-heavy day gives) and ``shuffled`` (independent pages). For each run size,
the stream is cut into consecutive runs (from every starting offset, round the end); each run
after the 10th is judged against the 10 before it:

- **false alarms**: the share of judged runs that drop, nothing having changed;
- **detection**: the share of judged runs that drop when the run's pages lose their dates and
  bylines (a redesign: the body stays), and when they lose their bylines only.

The rule's thresholds were chosen on the ``tune`` half (``bench.extraction.half_of``) and are
confirmed on the ``confirm`` half; ``--rules`` compares the alternatives tried.

    python -m bench.health                 # the shipped rule, both halves
    python -m bench.health --rules         # the alternatives, both halves
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from bench.extraction import DEFAULT_DATA, HALVES, extract_page, half_of, load_truth, page_url
from spiders.health import DROPPED, HealthRule, RunCounts, judge

Page = tuple[bool, bool, bool]  # body, date, author
SIZES = (5, 10, 20, 30)
ALTERNATIVES = {
    "shipped (drop 0.3, p 0.001)": HealthRule(),
    "drop 0.3, p 0.01": HealthRule(significance=0.01),
    "drop 0.2, p 0.001": HealthRule(min_drop=0.2),
    "drop 0.3, no test": HealthRule(significance=0.999999),
    "drop 0.3, p 1e-4": HealthRule(significance=1e-4),
    "drop 0.3, p 1e-6": HealthRule(significance=1e-6),
}


def page_outcomes(corpus: Path) -> dict[str, list[tuple[str, Page]]]:
    """{half: [(page id, (body, date, author)), ...] sorted by id} for metadata-dev."""
    halves: dict[str, list[tuple[str, Page]]] = {h: [] for h in HALVES}
    for row in load_truth(corpus):
        doc_id = row["id"]
        path = corpus / "html" / f"{doc_id}.html.gz"
        if not path.exists():
            continue
        result = extract_page((path, doc_id, page_url(row), False)).ours
        body = result.error is None and bool(result.text.strip())
        page = (body, body and result.date_utc is not None, body and bool(result.authors))
        halves[half_of(doc_id)].append((doc_id, page))
    return {h: sorted(pages) for h, pages in halves.items()}


def counts(pages: Sequence[Page]) -> RunCounts:
    return RunCounts(
        len(pages),
        sum(p[0] for p in pages),
        sum(p[0] and p[1] for p in pages),
        sum(p[0] and p[2] for p in pages),
    )


def simulate(stream: Sequence[Page], size: int, rule: HealthRule) -> tuple[int, int, int, int]:
    """(runs judged, false alarms, redesigns detected, byline losses detected) over every cut
    of ``stream`` into runs of ``size`` pages."""
    judged = alarms = detected = bylines = 0
    n = len(stream)
    for offset in range(size):
        pages = [stream[(offset + i) % n] for i in range(n)]
        runs = [counts(pages[i : i + size]) for i in range(0, n - size + 1, size)]
        for i in range(rule.baseline_runs, len(runs)):
            history = runs[i - rule.baseline_runs : i][::-1]
            health = judge(runs[i], history, rule)
            if health.state not in ("ok", DROPPED):
                continue
            judged += 1
            alarms += health.state == DROPPED
            r = runs[i]
            redesigned = replace(r, with_date=0, with_authors=0)
            detected += judge(redesigned, history, rule).state == DROPPED
            bylines += judge(replace(r, with_authors=0), history, rule).state == DROPPED
    return judged, alarms, detected, bylines


def report(
    halves: dict[str, list[tuple[str, Page]]],
    rules: dict[str, HealthRule],
    out: Callable[[str], None] = print,
) -> None:
    for half in HALVES:
        pages = [p for _, p in halves[half]]
        shares = counts(pages).shares()
        out(
            f"\n{half}: {len(pages)} pages; body {shares['with_body']:.1%}, date "
            f"{shares['with_date']:.1%}, author {shares['with_authors']:.1%} (of bodies)"
        )
        shuffled = pages[:]
        random.Random(15).shuffle(shuffled)
        out("  per run size n: false alarms, redesigns found, byline losses found / runs judged")
        for name, rule in rules.items():
            out(f"  {name}")
            for order, stream in (("sites", pages), ("shuffled", shuffled)):
                cells = []
                for size in SIZES:
                    judged, alarms, detected, bylines = simulate(stream, size, rule)
                    if not judged:
                        cells.append(f"n={size:<2} (too few pages for 11 runs)")
                        continue
                    fa, dr, by = alarms / judged, detected / judged, bylines / judged
                    cells.append(f"n={size:<2} {fa:5.1%} {dr:4.0%} {by:4.0%} /{judged:<3}")
                out(f"    {order:<8} " + " | ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.health", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "metadata-dev")
    parser.add_argument("--rules", action="store_true", help="Compare the alternatives too.")
    args = parser.parse_args(argv)
    if not (args.data / "truth.jsonl").exists():
        print(f"bench.health: no metadata-dev set at {args.data}; skipped")
        return 0
    halves = page_outcomes(args.data)
    rules = ALTERNATIVES if args.rules else {"shipped": HealthRule()}
    report(halves, rules)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
