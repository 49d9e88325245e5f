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
    Text,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from store.ftsquery import (
    Node,
    parse_query,
    positive_terms,
    split_phrases,
    to_fts5,
    to_tsquery,
    to_websearch,
)
from store.listings import Filters, day_start, jsonable
from store.models import ArticleRow, ArticleSearch, MentionRow, Outlet
from store.search_index import FTS_TABLE, TSV_COLUMN
from store.snippets import make_snippet

RANK_WINDOW = 1_000  # at most this many matches are ranked: the newest ones
SLICE_FROM = 1.5  # PostgreSQL: slice the newest ids when over 1.5 windows of matches are expected
PREFIX_FLOOR = 25  # ... assuming a prefix matches at least 25 windows (then widening by density)
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
    kind: str = "article"  # or "statement": a CSO's own post (``articles.kind``)

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
    The filters are facet lexemes ANDed into the tsquery (``_facets``), so the GIN index
    applies them and the heap is visited for filtered matches only.
    """
    s = ArticleSearch.__table__
    tsq = _tsquery(node)
    facets, months = _facets(session, f), _month_facets(f)
    if facets is None or months is None:
        return []  # an outlet the store does not know, or an empty date range
    days = Filters(since=f.since, until=f.until)
    matches = _pg_matches(node, tsq, facets, days)
    # The planner's estimate: from the query with the days as a column range (it misjudges
    # ANDed ORs of month lexemes); for prefixes it only counts the commonest words (a floor).
    expected = _planned_rows(session, matches)
    if positive_terms(node)[1]:
        expected = max(expected, PREFIX_FLOOR * RANK_WINDOW)
    matches = _pg_matches(node, tsq, " & ".join(x for x in (facets, months) if x), days)
    lo, hi = session.execute(select(func.min(s.c.article_id), func.max(s.c.article_id))).one()
    if lo is None:
        return []
    # The heap rows are narrow (terms and tsvector in TOAST), so the planner thinks a
    # sequential scan, or walking the primary key and testing each row, is cheap; both
    # detoast every row they test. Take matches from the GIN index only.
    session.execute(_PLAN_SETTINGS, {"on": "off"})
    try:
        window: list[int] = []  # article ids, slice by slice
        tids: list[str] = []  # their ctids, as quoted tid[] elements, one string per slice
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
            sliced = part.subquery()
            tid = func.concat('"', cast(sliced.c.tid, Text), '"')  # one row back, not a thousand
            ids, found = session.execute(
                select(func.array_agg(sliced.c.article_id), func.string_agg(tid, ","))
            ).one()
            if ids:
                window += ids
                tids.append(found)
            upper = lower
            # the next slice: where, at the density seen so far, the rest would be (x SPARE)
            seen = hi + 1 - upper
            missing = RANK_WINDOW - len(window)
            step = (
                max(step, int(seen * SLICE_SPARE * missing / len(window))) if window else 4 * step
            )
        return _rank(session, window, "{" + ",".join(tids) + "}", tsq, limit, offset)
    finally:
        session.execute(_PLAN_SETTINGS, {"on": "on"})


def _pg_matches(node: Node, tsq: Any, facets: str, days: Filters) -> Select[Any]:
    """(article id, ctid) of the matches of ``node`` (``tsq``) with ``facets``, on the exact
    days. A query holding a phrase whose candidates are mostly matched without one (a name)
    becomes two conditions, so only the phrase part's candidates are rechecked
    (``store.ftsquery.split_phrases``)."""
    s = ArticleSearch.__table__
    tsv: Any = literal_column(f"article_search.{TSV_COLUMN}")
    facet_q = cast(bindparam("facets", facets), TSQUERY)
    split = split_phrases(node)
    queries = [tsq] if split is None else [
        func.to_tsquery(literal_column("'simple'"), bindparam(f"q{n}", to_tsquery(part)))
        for n, part in enumerate(split)
    ]  # fmt: skip
    conds = [tsv.op("@@")(q.op("&&")(facet_q) if facets else q) for q in queries]
    matches = select(s.c.article_id, literal_column("article_search.ctid").label("tid"))
    matches = matches.where(or_(*conds))
    return _filtered(matches, days) if days != Filters() else matches


def _facets(session: Session, f: Filters) -> str | None:
    """The outlet, language and CSO filters as facet lexemes (``store.search_index.PG_TSV``),
    a tsquery ANDed to the search's: '' when there are none, None when the outlet is
    unknown (nothing can match)."""
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
    return " & ".join(parts)


def _month_facets(f: Filters) -> str | None:
    """A closed date range as the year and month lexemes covering its days (the exact days
    are checked on the rows); '' for an open range, which that check alone handles (walking
    back from the newest id meets the newest days first); None for an empty range."""
    if f.since is None or f.until is None:
        return ""
    if f.since > f.until:
        return None
    return "(" + " | ".join(_months(f.since, f.until)) + ")"


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


def _rank(session: Session, window: list[int], tids: str, tsq: Any, limit: int, offset: int
          ) -> list[tuple[int, float]]:  # fmt: skip
    """One page of the ``window`` ranked by ``ts_rank``, the rows read by ctid (``tids``, a
    tid[] literal): no index descent. When fewer rows answer than the window holds, a
    concurrent write moved some since the window was found: then the rows are read by id."""
    if not window:
        return []
    r = ArticleSearch.__table__
    score = func.ts_rank(literal_column(f"article_search.{TSV_COLUMN}"), tsq)
    page = (
        select(r.c.article_id, score, func.count().over())
        .order_by(score.desc(), r.c.article_id.desc())
        .limit(limit)
        .offset(offset)
    )
    by_tid = text("article_search.ctid = ANY(CAST(:tids AS tid[]))")
    rows = session.execute(page.where(by_tid), {"tids": tids}).all()
    if not rows or rows[0][2] != len(window):  # moved rows (or a page past the end)
        rows = session.execute(page.where(r.c.article_id.in_(window))).all()
    return [(int(i), float(score)) for i, score, _ in rows]


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
            ArticleRow.paragraphs, ArticleRow.kind)  # fmt: skip
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
                        r.language, snippet, r.kind))  # fmt: skip
    return hits
