"""Per-outlet extraction health end to end: a Pangea mirror (``demo/sitegen.py``) crawled run
after run with ``python -m crawler crawl``, then served "redesigned" (the dates and bylines gone
from the markup, the body still there): the run fails with the reason in its summary line, and
``csowatch status`` and ``csowatch outlets`` show it; a small run does not flap."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.server import Resource
from demo.sitegen import SampleArticle, SiteSpec, article_path, build_site
from store import runs
from store.db import open_store
from store.models import ArticleRow
from tests.test_crawl import WEEK, Mirror

pytestmark = pytest.mark.integration

_TOPICS = [
    ("Court Fines Rights Group Over Reports", "a court in Kazan fined a rights group"),
    ("Volunteers Count Detentions After Rally", "volunteers counted the people detained"),
    ("Election Monitors Report Pressure", "election monitors reported pressure on observers"),
    ("Memorial Archive Moves Abroad", "the archive's staff moved their files abroad"),
    ("Lawyers Appeal Foreign-Agent Label", "lawyers appealed against the foreign-agent label"),
    ("Regional Newspaper Closes Its Office", "a regional newspaper closed its office"),
    ("Prisoners' Relatives Petition Ombudsman", "prisoners' relatives petitioned the ombudsman"),
]


def _article(n: int) -> SampleArticle:
    title, what = _TOPICS[n % len(_TOPICS)]
    published = datetime(2021, 10, 15, 8, tzinfo=UTC) + timedelta(hours=5 * n)
    return SampleArticle(
        id=31600000 + n,
        slug=f"health-sample-{n}",
        title=f"{title} ({n})",
        published=published,
        lead=f"On {published:%B} {published.day}, {what}.",
        authors=(("Alla Petrova",), ("Ivan Sokolov", "Maria Lind"))[n % 2],
        paragraphs=(
            f"MOSCOW -- On {published:%B} {published.day}, {what}, according to people who "
            "were there and to documents seen by RFE/RL.",
            "“We expected this, and we will go on working as before,” one of them said by "
            "telephone, asking that their name not be published.",
            "The case is one of several brought this autumn against groups that document "
            "detentions, court hearings and conditions in prisons across the country.",
            "Officials did not answer a request for comment sent on the same day.",
        ),
    )


def redesigned(spec: SiteSpec, site: dict[str, Resource], new: list[SampleArticle]) -> None:
    """The ``new`` articles' pages as after a redesign the rule set does not know: no byline
    (neither the page's list nor the meta tag nor JSON-LD), no ``<time>``, no JSON-LD dates.
    The body is where it was."""
    for a in new:
        path = article_path(spec, a)
        page = build_site(replace(spec, articles=[replace(a, authors=())]))[path]
        html = page.body.decode("utf-8")
        html = re.sub(r"<time\b.*?</time>", "", html, flags=re.S)
        html = re.sub(r'"date(?:Published|Modified)": "[^"]*", ', "", html)
        assert "datePublished" not in html and "<time" not in html
        site[path] = Resource(html.encode("utf-8"), page.content_type, page.last_modified)


class HealthMirror(Mirror):
    """One Pangea outlet whose site grows by a batch of articles before each run."""

    def __init__(self, tmp_path: Path, db_url: str) -> None:
        spec = SiteSpec("pangea", "https://www.rferl.org", "en", [], 8)
        super().__init__(tmp_path, db_url, {"rferl": spec})
        self.next_id = 0
        self.redesigned: list[SampleArticle] = []

    def publish(self, n: int, *, redesign: bool = False) -> list[SampleArticle]:
        new = [_article(self.next_id + i) for i in range(n)]
        self.next_id += n
        spec = replace(self.specs["rferl"], articles=[*self.specs["rferl"].articles, *new])
        self.specs["rferl"] = spec
        site = build_site(spec)
        if redesign:
            self.redesigned.extend(new)
        redesigned(spec, site, self.redesigned)
        self.servers["rferl"].set_site(site)
        return new

    def line(self, stdout: str) -> str:
        return next(row for row in stdout.splitlines() if row.startswith("rferl"))


def _seed_history(db_url: str, n: int, pages: int = 6) -> None:
    """``n`` earlier runs of the outlet, every page with a body, a date and an author, written
    through the store's own functions as a crawl writes them."""
    counts = {"discovered": pages, "fetched": pages, "new": pages, "with_body": pages,
              "with_date": pages, "with_authors": pages}  # fmt: skip
    with open_store(db_url) as store, store.session() as s:
        from store.registry import upsert_outlet

        upsert_outlet(s, "rferl", "RFE/RL", "https://www.rferl.org", "en", "pangea")
        for _ in range(n):
            run_id = runs.start_run(s, since=datetime(2021, 10, 1), until=datetime(2021, 10, 7))
            runs.record_outlet_stats(s, run_id, "rferl", counts, "ok", health="ok")
            runs.finish_run(s, run_id)
        s.commit()


def _health(db_url: str) -> list[str | None]:
    with open_store(db_url) as store, store.read_session() as s:
        return [r.health for r in reversed(runs.outlet_runs(s, "rferl", limit=100))]


@pytest.fixture
def site(tmp_path: Path, db_url: str):
    m = HealthMirror(tmp_path, db_url)
    yield m
    m.close()


def test_a_redesign_fails_the_run_and_shows_in_status_and_outlets(site: HealthMirror) -> None:
    _seed_history(site.db_url, 7)
    for _ in range(3):  # the site as it was: judged against its baseline, and healthy
        site.publish(6)
        result = site.crawl(*WEEK)
        assert result.returncode == 0, result.stdout + result.stderr
        assert " OK " in site.line(result.stdout)
    assert _health(site.db_url) == ["ok"] * 10

    site.publish(6, redesign=True)
    result = site.crawl(*WEEK)
    assert result.returncode == 1, result.stdout + result.stderr
    line = site.line(result.stdout)
    assert " FAILED " in line and "fetched=6" in line, line
    assert "dates extracted 0% (last 10 runs: 100%)" in line, line
    assert "authors extracted 0% (last 10 runs: 100%)" in line, line
    assert "bodies extracted" not in line  # the body is still there
    assert _health(site.db_url)[-1] == "dropped"
    with open_store(site.db_url) as store, store.read_session() as s:
        undated = s.scalars(select(ArticleRow).where(ArticleRow.published.is_(None))).all()
        assert len(undated) == 6 and all(row.paragraphs for row in undated)  # still stored

    status = site.csowatch("status", "--runs", "2")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    at = next(i for i, row in enumerate(lines) if "FAILED" in row)
    assert "dates extracted 0% (last 10 runs: 100%)" in lines[at]
    flag = lines[at + 1].strip()
    assert flag.startswith("health DROPPED:") and "outlets accept rferl" in flag, lines
    assert "with_body=" not in status.stdout  # the counts line is as before

    listed = site.csowatch("outlets")
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["KEY", "NAME", "FAMILY", "LANG", "ENABLED", "LAST", "RUN", "HEALTH"]
    assert row.startswith("rferl") and "RFE/RL" in row and "pangea" in row and " failed " in row
    assert row.endswith("body 100% date 0% author 0% (last 10 runs: 100% 100% 100%) DROPPED"), row
    data = json.loads(site.csowatch("outlets", "--format", "json").stdout)
    assert [o["key"] for o in data] == ["rferl"]
    entry = data[0]
    assert (entry["family"], entry["language"], entry["enabled"]) == ("pangea", "en", True)
    assert entry["last_run"]["status"] == "failed"
    assert entry["health"]["state"] == "dropped" and entry["health"]["pages"] == 6
    assert entry["health"]["shares"] == {"body": 1.0, "date": 0.0, "author": 0.0}
    assert entry["health"]["baseline"]["runs"] == 10
    assert entry["health"]["baseline"]["shares"] == {"body": 1.0, "date": 1.0, "author": 1.0}

    # the redesign goes on: the next run is judged against the baseline before the drop
    site.publish(5, redesign=True)
    again = site.crawl(*WEEK)
    assert again.returncode == 1 and "dates extracted 0% (last 10 runs: 100%)" in again.stdout

    # accepted as the new normal: the baseline starts again from the dropped runs
    accepted = site.csowatch("outlets", "accept", "rferl")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("rferl: 2 run(s) with a drop in health accepted")
    site.publish(6, redesign=True)
    after = site.crawl(*WEEK)
    assert after.returncode == 0, after.stdout + after.stderr  # 2 runs, 3 needed: not judged
    assert _health(site.db_url)[-3:] == ["accepted", "accepted", "unjudged"]
    assert set(_health(site.db_url)[:-3]) == {"superseded"}


def test_a_small_run_does_not_flap_and_small_runs_add_up(site: HealthMirror) -> None:
    """Two pages without a date or a byline after ten healthy runs: too few to call it a
    redesign; the run is OK, recorded unjudged. A quiet outlet is still watched: its small runs
    add up, and once they reach 5 pages they are judged together."""
    _seed_history(site.db_url, 10)
    site.publish(2, redesign=True)
    result = site.crawl(*WEEK)
    assert result.returncode == 0, result.stdout + result.stderr
    line = site.line(result.stdout)
    assert " OK " in line and "fetched=2" in line and "extracted" not in line, line
    assert _health(site.db_url)[-1] == "unjudged"
    status = site.csowatch("status", "--runs", "1")
    assert "health" not in status.stdout and "OK" in status.stdout

    site.publish(2, redesign=True)  # 4 pages in two runs: still too few
    assert site.crawl(*WEEK).returncode == 0
    site.publish(2, redesign=True)  # 6 in three
    third = site.crawl(*WEEK)
    assert third.returncode == 1, third.stdout + third.stderr
    assert (
        "dates extracted 0% (this run and the 2 before, 6 pages; last 10 runs: 100%)"
        in site.line(third.stdout)
    )
    assert _health(site.db_url)[-4:] == ["ok", "dropped", "dropped", "dropped"]


def test_a_new_outlet_is_not_judged_until_it_has_a_baseline(site: HealthMirror) -> None:
    site.publish(6, redesign=True)  # its very first run: nothing to compare with
    first = site.crawl(*WEEK)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _health(site.db_url) == ["unjudged"]
    listed = site.csowatch("outlets")
    assert "body 100% date 0% author 0% (no earlier run)" in listed.stdout
