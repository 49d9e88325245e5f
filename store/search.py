"""Full-text search over the store: ``search(session, "пытки Саратов", Filters(...))``.

The query is parsed and normalised by ``store.ftsquery`` and run against the backend's index
(``store.search_index``): FTS5 ``MATCH`` ranked by ``bm25`` (title weighted 3, body 1) on
SQLite; ``@@`` on the GIN-indexed ``search_tsv`` ranked by ``ts_rank`` (title weight A, body
B) on PostgreSQL, with ``websearch_to_tsquery('simple', …)`` for the usual flat queries and
``to_tsquery('simple', …)`` when prefixes or grouping are needed. Both backends find the same
SET of articles; the ORDER may differ where scores are close (the two rank functions differ),
ties broken by newest article id. A query matching more than ``RANK_WINDOW`` articles ranks
the newest ``RANK_WINDOW`` of them (the cost of ranking grows with the matches). Snippets are
built from the original text (``store.snippets``), so they are identical on both backends.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from store.ftsquery import Node, parse_query, positive_terms, to_fts5, to_tsquery, to_websearch
from store.listings import Filters, day_start, jsonable
from store.models import ArticleRow, ArticleSearch, MentionRow, Outlet
from store.search_index import FTS_TABLE, TSV_COLUMN
from store.snippets import make_snippet

RANK_WINDOW = 2_000  # at most this many matches are ranked: the newest ones


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


def _best(session: Session, node: Node, f: Filters) -> Select[Any]:
    """(id, score) of the matches, best first: the newest ``RANK_WINDOW`` matches are ranked."""
    if session.get_bind().dialect.name == "postgresql":
        tsq = _tsquery(node)
        s = ArticleSearch.__table__
        tsv = literal_column(f"article_search.{TSV_COLUMN}")
        matches = select(s.c.article_id).where(tsv.op("@@")(tsq))
        if f != Filters():
            matches = _filtered(matches, f)
        # "+ 0": take the ids from the GIN bitmap, not by walking the primary key backwards
        window = matches.order_by((s.c.article_id + 0).desc()).limit(RANK_WINDOW).subquery()
        # rank only the window: one primary-key lookup (and one detoast) per windowed match
        ranked = table("article_search", column("article_id"), column(TSV_COLUMN)).alias("r")
        score = (
            select(func.ts_rank(ranked.c[TSV_COLUMN], tsq))
            .where(ranked.c.article_id == window.c.article_id)
            .scalar_subquery()
        )
        return select(window.c.article_id.label("id"), score.label("score")).order_by(
            score.desc(), window.c.article_id.desc()
        )
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
    best = _best(session, node, filters or Filters()).limit(limit).offset(offset)
    if session.get_bind().dialect.name != "postgresql":
        return [(int(i), float(s)) for i, s in session.execute(best)]
    # The heap rows are narrow (the tsvector lives in TOAST), so the planner may think a
    # sequential scan is cheap; it is not (it detoasts every row). Use the GIN index.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        return [(int(i), float(s)) for i, s in session.execute(best)]
    finally:
        session.execute(text("SET LOCAL enable_seqscan = on"))


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
