"""Full-text search over the store: ``search(session, "пытки Саратов", Filters(...))``.

The query is parsed and normalised by ``store.ftsquery`` and run against the backend's index
(``store.search_index``): FTS5 ``MATCH`` ranked by ``bm25`` (title weighted 3, body 1) on
SQLite; ``@@`` on the GIN-indexed ``search_tsv`` ranked by ``ts_rank`` (title weight A, body
B) on PostgreSQL, with ``websearch_to_tsquery('simple', …)`` for the usual flat queries and
``to_tsquery('simple', …)`` when prefixes, grouping or phrases are needed; there the filters
are facet lexemes ANDed into the query (``_facets``). Both backends find the same
SET of articles; the ORDER may differ where scores are close (the two rank functions differ),
ties broken by newest article id. A query matching more than ``RANK_WINDOW`` articles ranks
the newest ``RANK_WINDOW`` of them (the cost of ranking grows with the matches). Snippets are
built from the original text (``store.snippets``), so they are identical on both backends.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from store.ftsquery import Node, parse_query, positive_terms, to_fts5, to_tsquery, to_websearch
from store.listings import Filters, day_start, jsonable
from store.models import ArticleRow, ArticleSearch, MentionRow, Outlet
from store.search_index import FTS_TABLE, TSV_COLUMN
from store.snippets import make_snippet

RANK_WINDOW = 2_000  # at most this many matches are ranked: the newest ones
SLICE_FROM = 1.5  # PostgreSQL: slice the newest ids when over 1.5 windows of matches are expected
SLICE_SPARE = 2.5  # ... sizing the slice to hold about 2.5 windows


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # higher is better on both backends
    outlet: str
    title: str
    url: str
    published: datetime | None
    language: str | None
    snippet: str  # matched words in <mark>…</mark>, the rest HTML-escaped

    def to_dict(self) -> dict[str, Any]:
        return {k: jsonable(v) for k, v in asdict(self).items()}

    def plain_snippet(self, mark: tuple[str, str] = ("**", "**")) -> str:
        marked = self.snippet.replace("<mark>", "\x01").replace("</mark>", "\x02")
        return html.unescape(marked).replace("\x01", mark[0]).replace("\x02", mark[1])


def _filtered(query: Select[Any], f: Filters) -> Select[Any]:
    """Apply the filters to a query over ``article_search`` (its copies of the articles'
    filter columns), so a filtered search never reads the wide ``articles`` rows."""
    s = ArticleSearch
    if f.since is not None:
        query = query.where(s.published >= day_start(f.since))
    if f.until is not None:
        query = query.where(s.published < day_start(f.until + timedelta(days=1)))
    if f.lang:
        query = query.where(s.language == f.lang)
    if f.outlet:
        query = query.where(
            s.outlet_id == select(Outlet.id).where(Outlet.key == f.outlet).scalar_subquery()
        )
    if f.cso:
        query = query.where(
            exists().where(MentionRow.article_id == s.article_id, MentionRow.cso_id == f.cso)
        )
    return query


def _tsquery(node: Node) -> Any:
    websearch = to_websearch(node)
    if websearch is not None:
        return func.websearch_to_tsquery(literal_column("'simple'"), bindparam("q", websearch))
    return func.to_tsquery(literal_column("'simple'"), bindparam("q", to_tsquery(node)))


_PLAN_SETTINGS = text(  # for this transaction only, like SET LOCAL
    "SELECT set_config('enable_seqscan', :on, true), set_config('enable_indexscan', :on, true)"
)


def _pg_window(session: Session, node: Node, f: Filters, limit: int, offset: int
               ) -> list[tuple[int, float]]:  # fmt: skip
    """PostgreSQL: find the newest ``RANK_WINDOW`` matches, rank them, return one page.

    Finding the newest matches means visiting the heap row of every match to learn its id
    (GIN does not keep matches in id order): ~1 µs a match, 0.3 s for a word in a quarter of
    a million articles. So when the planner expects more than ``SLICE_FROM`` windows of
    matches, the search walks back from the newest id in slices (each one BitmapAnd of the
    GIN and primary-key bitmaps), the first sized from the planner's estimate to hold about
    ``SLICE_SPARE`` windows, each further one from the density of matches seen so far, until
    it has ``RANK_WINDOW`` matches or reaches the oldest id. The window is therefore exactly
    the newest ``RANK_WINDOW`` matches (or all of them), as on SQLite; only those are ranked.
    """
    s = ArticleSearch.__table__
    tsq = _tsquery(node)
    tsv = literal_column(f"article_search.{TSV_COLUMN}")
    facets = _facets(session, f)
    if facets is None:
        return []  # an outlet the store does not know, or an empty date range
    wanted = tsq.op("&&")(cast(bindparam("facets", facets), TSQUERY)) if facets else tsq
    matches = select(s.c.article_id, literal_column("article_search.ctid"))
    matches = matches.where(tsv.op("@@")(wanted))
    if f.since is not None or f.until is not None:  # exact days (the facets are months)
        matches = _filtered(matches, Filters(since=f.since, until=f.until))
    expected = _planned_rows(session, matches)
    lo, hi = session.execute(select(func.min(s.c.article_id), func.max(s.c.article_id))).one()
    if lo is None:
        return []
    # The heap rows are narrow (terms and tsvector in TOAST), so the planner thinks a
    # sequential scan, or walking the primary key and testing each row, is cheap; both
    # detoast every row they test. Take matches from the GIN index only.
    session.execute(_PLAN_SETTINGS, {"on": "off"})
    try:
        window: list[tuple[int, str]] = []  # (article id, ctid), newest first
        upper, span = hi + 1, hi + 1 - lo  # ids below ``upper`` are still to search
        step = span
        if expected > SLICE_FROM * RANK_WINDOW:
            step = max(1, int(span * SLICE_SPARE * RANK_WINDOW / expected))
        while len(window) < RANK_WINDOW and upper > lo:
            lower = max(lo, upper - step)
            part = matches
            if lower > lo:
                part = part.where(s.c.article_id >= lower)
            if upper <= hi:
                part = part.where(s.c.article_id < upper)
            # "+ 0": take the ids from the bitmap, never by walking the primary key backwards
            part = part.order_by((s.c.article_id + 0).desc()).limit(RANK_WINDOW - len(window))
            window += [(int(i), str(t)) for i, t in session.execute(part)]
            upper = lower
            # the next slice: where, at the density seen so far, the rest would be (x SPARE)
            seen = hi + 1 - upper
            missing = RANK_WINDOW - len(window)
            step = (
                max(step, int(seen * SLICE_SPARE * missing / len(window))) if window else 4 * step
            )
        return _rank(session, window, tsq, limit, offset)
    finally:
        session.execute(_PLAN_SETTINGS, {"on": "on"})


def _facets(session: Session, f: Filters) -> str | None:
    """The filters as facet lexemes (``store.search_index.PG_TSV``), a tsquery ANDed to the
    search's: '' when there are none, None when nothing can match (an unknown outlet, an
    empty date range). Dates become whole years and months covering the days (the exact days
    are checked on the rows); an open-ended range is left to that check alone, since walking
    back from the newest id meets the newest days first."""
    parts = []
    if f.outlet:
        outlet = session.scalar(select(Outlet.id).where(Outlet.key == f.outlet))
        if outlet is None:
            return None
        parts.append(f"'_o{outlet}'")
    if f.lang:
        parts.append(_lexeme("_l" + f.lang))
    if f.cso:
        parts.append(_lexeme("_c" + f.cso))
    if f.since is not None and f.until is not None:
        if f.since > f.until:
            return None
        parts.append("(" + " | ".join(_months(f.since, f.until)) + ")")
    return " & ".join(parts)


def _lexeme(value: str) -> str:
    """A tsquery lexeme, quoted (tsquery input: '' and a backslash escape)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _months(since: date, until: date) -> list[str]:
    """Year and month lexemes covering the days ``since``..``until``."""
    out, year, month = [], since.year, since.month
    while (year, month) <= (until.year, until.month):
        if month == 1 and year < until.year:
            out.append(f"'_y{year}'")
            year += 1
        elif month == 1 and until.month == 12:
            out.append(f"'_y{year}'")
            break
        else:
            out.append(f"'_m{year * 100 + month}'")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _rank(session: Session, window: list[tuple[int, str]], tsq: Any, limit: int, offset: int
          ) -> list[tuple[int, float]]:  # fmt: skip
    """One page of ``window`` ranked by ``ts_rank``: rows read by ctid (no index descent),
    or by id for any row a concurrent write has moved since the window was found."""
    if not window:
        return []
    r = ArticleSearch.__table__
    tsv = literal_column(f"article_search.{TSV_COLUMN}")
    score = func.ts_rank(tsv, tsq)
    tids = text("article_search.ctid = ANY(CAST(:tids AS tid[]))")
    scores = dict(session.execute(select(r.c.article_id, score).where(tids),
                                  {"tids": [t for _, t in window]}).all())  # fmt: skip
    moved = [i for i, _ in window if i not in scores]
    if moved:
        by_id = select(r.c.article_id, score).where(r.c.article_id.in_(moved))
        scores.update(session.execute(by_id).all())
    ranked = sorted(
        ((i, float(scores[i])) for i, _ in window if i in scores), key=lambda x: (-x[1], -x[0])
    )
    return ranked[offset : offset + limit]


def _planned_rows(session: Session, query: Select[Any]) -> float:
    """The planner's estimate of how many rows ``query`` returns (from the tsvector's
    lexeme statistics; ANDed words are assumed independent)."""
    compiled = query.compile(dialect=session.get_bind().dialect)
    plan = (
        session.connection()
        .exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
        .scalar_one()
    )
    return float(plan[0]["Plan"]["Plan Rows"])


def _sqlite_best(node: Node, f: Filters) -> Select[Any]:
    """SQLite: (id, score) of the matches, best first; the newest ``RANK_WINDOW`` ranked."""
    fts = table(FTS_TABLE, column("rowid"))
    query = select(
        fts.c.rowid.label("id"), (-func.bm25(literal_column(FTS_TABLE), 3.0, 1.0)).label("score")
    ).where(literal_column(FTS_TABLE).op("MATCH")(bindparam("q", to_fts5(node))))
    if f != Filters():
        query = _filtered(query.join(ArticleSearch, ArticleSearch.article_id == fts.c.rowid), f)
    window = query.order_by(fts.c.rowid.desc()).limit(RANK_WINDOW).subquery()
    return select(window.c.id, window.c.score).order_by(window.c.score.desc(), window.c.id.desc())


def search_ids(
    session: Session, query: str, filters: Filters | None = None, *, limit: int = 20,
    offset: int = 0,
) -> list[tuple[int, float]]:  # fmt: skip
    """(article id, score) of the best matches, best first.

    Ranking is bounded: when more than ``RANK_WINDOW`` articles match (after the filters), the
    newest ``RANK_WINDOW`` of them (by article id) are ranked. Both backends apply the same
    rule, so they still return the same articles."""
    node = parse_query(query)
    if node is None:
        return []
    f = filters or Filters()
    if session.get_bind().dialect.name == "postgresql":
        return _pg_window(session, node, f, limit, offset)
    best = _sqlite_best(node, f).limit(limit).offset(offset)
    return [(int(i), float(s)) for i, s in session.execute(best)]


def search(
    session: Session, query: str, filters: Filters | None = None, *, limit: int = 20,
    offset: int = 0, width: int = 30,
) -> list[Hit]:  # fmt: skip
    """Ranked hits with snippets. Never raises on odd input: see ``store.ftsquery``."""
    ranked = search_ids(session, query, filters, limit=limit, offset=offset)
    if not ranked:
        return []
    node = parse_query(query)
    assert node is not None
    terms, prefixes = positive_terms(node)
    cols = (ArticleRow.id, Outlet.key, ArticleRow.title, ArticleRow.canonical_url,
            ArticleRow.published, ArticleRow.language, ArticleRow.subtitle, ArticleRow.lead,
            ArticleRow.paragraphs)  # fmt: skip
    ids = [i for i, _ in ranked]
    rows = {
        r[0]: r
        for r in session.execute(
            select(*cols)
            .join(Outlet, Outlet.id == ArticleRow.outlet_id)
            .where(ArticleRow.id.in_(ids))
        )
    }
    hits = []
    for article_id, score in ranked:
        r = rows[article_id]
        texts = [r.title, r.subtitle, r.lead, *(r.paragraphs or [])]
        snippet = make_snippet(texts, terms, prefixes, mark=("<mark>", "</mark>"), width=width,
                               escape=html.escape)  # fmt: skip
        hits.append(Hit(article_id, score, r.key, r.title, r.canonical_url, r.published,
                        r.language, snippet))  # fmt: skip
    return hits
