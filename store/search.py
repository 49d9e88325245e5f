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
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from store.ftsquery import Node, parse_query, positive_terms, to_fts5, to_tsquery, to_websearch
from store.listings import Filters, _article_filters, jsonable
from store.models import ArticleRow, ArticleSearch, Outlet
from store.search_index import FTS_TABLE, TSV_COLUMN
from store.snippets import make_snippet

RANK_WINDOW = 10_000  # at most this many matches are ranked: the newest ones


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


def _ranked(session: Session, node: Node) -> tuple[Select[Any], Any]:
    """A SELECT of (article id, score) for the query, and the score column."""
    if session.get_bind().dialect.name == "postgresql":
        websearch = to_websearch(node)
        tsq = (
            func.websearch_to_tsquery(literal_column("'simple'"), bindparam("q", websearch))
            if websearch is not None
            else func.to_tsquery(literal_column("'simple'"), bindparam("q", to_tsquery(node)))
        )
        tsv = literal_column(f"article_search.{TSV_COLUMN}")
        score = func.ts_rank(tsv, tsq)
        query = (
            select(ArticleSearch.article_id.label("id"), score.label("score"))
            .select_from(ArticleSearch.__table__)
            .where(tsv.op("@@")(tsq))
        )
        return query, score
    fts = table(FTS_TABLE, column("rowid"))
    score = -func.bm25(literal_column(FTS_TABLE), 3.0, 1.0)
    query = select(fts.c.rowid.label("id"), score.label("score")).where(
        literal_column(FTS_TABLE).op("MATCH")(bindparam("q", to_fts5(node)))
    )
    return query, score


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
    ranked, _ = _ranked(session, node)
    id_col = ranked.selected_columns[0]
    f = filters or Filters()
    if f != Filters():  # the articles table is joined only when a filter needs it
        ranked = ranked.join(ArticleRow, ArticleRow.id == id_col)
        if f.outlet:
            ranked = ranked.join(Outlet, Outlet.id == ArticleRow.outlet_id)
        ranked = _article_filters(ranked, f, cso_via_mentions=True)
    window = ranked.order_by(id_col.desc()).limit(RANK_WINDOW).subquery()
    best = (
        select(window.c.id, window.c.score)
        .order_by(window.c.score.desc(), window.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
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
