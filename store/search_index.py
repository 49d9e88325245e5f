"""The search index: its DDL on each backend, and keeping it in sync with ``articles``.

``article_search`` (a normal table, in the models) holds each article's title and body as
normalised terms (``store.fts.index_terms``). On top of it:

- SQLite: ``article_fts``, an FTS5 table with external content ``article_search`` (the terms
  are stored once), ``unicode61`` with diacritics kept; three triggers on ``article_search``
  keep it in step with every insert, update and delete (deletes cascade from ``articles``).
- PostgreSQL: ``article_search.search_tsv``, a generated ``tsvector`` (title weight A, body
  weight B) with the GIN index ``ix_article_search_search_tsv``.

Autogenerate cannot describe a virtual table, its shadow tables, triggers or a generated
tsvector, so they live in migration 0004 only, and ``include_name`` hides them from
``alembic compare_metadata`` (env.py and the models-match-migrations test use it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from pipelines.types import Article
from store.fts import index_terms
from store.models import ArticleRow, ArticleSearch, MentionRow

FTS_TABLE = "article_fts"
TSV_COLUMN = "search_tsv"
TSV_INDEX = "ix_article_search_search_tsv"

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title_terms, body_terms, "
    "content='article_search', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER article_search_ai AFTER INSERT ON article_search BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title_terms, body_terms) "
    "VALUES (new.article_id, new.title_terms, new.body_terms); END",
    f"CREATE TRIGGER article_search_ad AFTER DELETE ON article_search BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms) "
    "VALUES ('delete', old.article_id, old.title_terms, old.body_terms); END",
    f"CREATE TRIGGER article_search_au AFTER UPDATE OF title_terms, body_terms ON article_search "
    "BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms) "
    "VALUES ('delete', old.article_id, old.title_terms, old.body_terms); "
    f"INSERT INTO {FTS_TABLE}(rowid, title_terms, body_terms) "
    "VALUES (new.article_id, new.title_terms, new.body_terms); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS article_search_au",
    "DROP TRIGGER IF EXISTS article_search_ad",
    "DROP TRIGGER IF EXISTS article_search_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
# The tsvector: the title's terms (weight A), the body's (B), and facet lexemes (D) for the
# filters, so a filtered search intersects posting lists in the GIN index instead of reading
# the heap row of every match: ``_o<outlet id>``, ``_l<language>``, ``_y<year>``,
# ``_m<yyyymm>`` (UTC) and ``_c<cso id>`` per CSO mentioned. Search terms are letters and
# digits only, so no query word can hit a facet.
_TITLE_BODY = (
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B')"
)
PG_TSV = (
    f"{TSV_COLUMN} tsvector GENERATED ALWAYS AS ({_TITLE_BODY} || "
    "setweight(array_to_tsvector(ARRAY["
    "'_o' || outlet_id::text, '_l' || coalesce(language, ''), "
    "'_y' || extract(year FROM published AT TIME ZONE 'UTC')::int::text, "
    "'_m' || (extract(year FROM published AT TIME ZONE 'UTC') * 100 "
    "+ extract(month FROM published AT TIME ZONE 'UTC'))::int::text] "
    "|| string_to_array(regexp_replace(csos, '(\\S+)', '_c\\1', 'g'), ' ')), 'D')) STORED"
)
PG_DDL = [
    f"ALTER TABLE article_search ADD COLUMN {PG_TSV}",
    f"CREATE INDEX {TSV_INDEX} ON article_search USING gin ({TSV_COLUMN})",
    # A search visits the heap row of every match: keep rows narrow (terms and tsvector
    # out of line), so a common word costs few pages; only the ranked window is detoasted ...
    "ALTER TABLE article_search SET (toast_tuple_target = 128)",
]
# ... and compress with lz4 where the server has it (decompression ~5x faster than pglz).
PG_LZ4 = f"ALTER TABLE article_search ALTER COLUMN {TSV_COLUMN} SET COMPRESSION lz4"
# The tsvector as migration 0004 made it (title and body only), for 0004 and 0006's downgrade.
PG_DDL_0004 = [
    f"ALTER TABLE article_search ADD COLUMN {TSV_COLUMN} tsvector GENERATED ALWAYS AS "
    f"({_TITLE_BODY}) STORED",
    *PG_DDL[1:],
]
PG_DROP = [f"DROP INDEX IF EXISTS {TSV_INDEX}",
           f"ALTER TABLE article_search DROP COLUMN IF EXISTS {TSV_COLUMN}"]  # fmt: skip


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic ``include_name`` hook: leave the hand-made search objects out of comparisons."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False  # the FTS5 table and its shadow tables (_data, _idx, _docsize, _config)
    return not (type_ == "column" and name == TSV_COLUMN) and not (
        type_ == "index" and name == TSV_INDEX
    )


def create_search_objects(conn: Any, pg_ddl: list[str] = PG_DDL) -> None:
    """Create the backend's index objects (migration 0004 passes its own frozen ``pg_ddl``).
    On PostgreSQL the tsvectors are compressed with lz4 where the server has it: the values
    computed now (the table is rewritten when the column is added) and every later one."""
    if conn.dialect.name != "postgresql":
        for stmt in SQLITE_DDL:
            conn.execute(text(stmt))
        return
    lz4 = _try(conn, "SET LOCAL default_toast_compression = 'lz4'")
    for stmt in pg_ddl:
        conn.execute(text(stmt))
    if lz4:
        conn.execute(text(PG_LZ4))
        conn.execute(text("RESET default_toast_compression"))


def _try(conn: Any, stmt: str) -> bool:
    """Run ``stmt`` in a savepoint; False when the server refuses it."""
    try:
        with conn.begin_nested():
            conn.execute(text(stmt))
    except DBAPIError:
        return False  # e.g. a server built without lz4: pglz, slower ranking
    return True


def drop_search_objects(conn: Any) -> None:
    for stmt in PG_DROP if conn.dialect.name == "postgresql" else SQLITE_DROP:
        conn.execute(text(stmt))


def search_values(title: str | None, subtitle: str | None, lead: str | None, body: str | None
                  ) -> dict[str, str]:  # fmt: skip
    return {"title_terms": index_terms(title), "body_terms": index_terms(subtitle, lead, body)}


def article_search_values(article: Article) -> dict[str, str]:
    """The index terms of an article as ``save_article`` will store it (``search_values`` of
    its title, subtitle, lead and text): worth computing where the CPU is (the crawl's analysis
    workers) and handing to ``save_article``."""
    return search_values(article.title or "", article.subtitle, article.lead, article.text)


def index_article(conn: Any, row: ArticleRow, terms: Mapping[str, str] | None = None) -> bool:
    """Bring ``row``'s index entry up to date (``conn`` is a Session or Connection in the
    caller's transaction); True when something was written. ``terms``: the row's
    ``search_values`` when the caller has them already."""
    values: dict[str, Any] = {
        **(terms or search_values(row.title, row.subtitle, row.lead, row.text)),
        "outlet_id": row.outlet_id,
        "language": row.language,
        "published": row.published or row.first_seen,
    }
    cols = [ArticleSearch.__table__.c[k] for k in values]
    current = conn.execute(select(*cols).where(ArticleSearch.article_id == row.id)).first()
    if current is not None and tuple(current) == tuple(values.values()):
        return False
    upsert(conn, [{"article_id": row.id, **values}])
    return True


def upsert(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Insert or replace ``article_search`` rows (dicts of every column)."""
    if not rows:
        return
    dialect = postgresql if conn.get_bind().dialect.name == "postgresql" else sqlite
    table = ArticleSearch.__table__
    stmt = dialect.insert(table).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.article_id],
        set_={k: stmt.excluded[k] for k in rows[0] if k != "article_id"},
    )
    conn.execute(stmt)


def sync_csos(conn: Any, article_ids: list[int] | None = None, batch_size: int = 1_000) -> int:
    """Set ``article_search.csos`` (the CSO facet) from ``mentions`` for these articles (all
    when None), in the caller's transaction; returns how many rows changed. Called whenever an
    article's mentions are replaced or a CSO's are dropped."""
    s = ArticleSearch.__table__
    rows = select(s.c.article_id, s.c.csos)
    if article_ids is not None:
        return sum(
            _sync_csos_batch(conn, conn.execute(rows.where(s.c.article_id.in_(chunk))).all())
            for chunk in (article_ids[k : k + batch_size]
                          for k in range(0, len(article_ids), batch_size))
        )  # fmt: skip
    changed, last = 0, 0
    while batch := conn.execute(
        rows.where(s.c.article_id > last).order_by(s.c.article_id).limit(batch_size)
    ).all():
        changed += _sync_csos_batch(conn, batch)
        last = batch[-1][0]
    return changed


def _sync_csos_batch(conn: Any, batch: list[Any]) -> int:
    """Bring the ``(article_id, csos)`` rows of ``batch`` in step with ``mentions``."""
    found: dict[int, set[str]] = {i: set() for i, _ in batch}
    mentioned = select(MentionRow.article_id, MentionRow.cso_id).distinct()
    for i, cso in conn.execute(mentioned.where(MentionRow.article_id.in_(list(found)))):
        found[i].add(cso)
    current = dict(batch)
    rows = [{"aid": i, "value": " ".join(sorted(c))} for i, c in found.items()]
    rows = [r for r in rows if r["value"] != current[r["aid"]]]
    if rows:
        s: Any = ArticleSearch.__table__
        stmt = update(s).where(s.c.article_id == bindparam("aid"))
        conn.execute(stmt.values(csos=bindparam("value")), rows)
    return len(rows)


def reindex_all(conn: Any, batch_size: int = 500) -> int:
    """(Re)build every article's index entry; returns how many were written."""
    a = ArticleRow
    cols = (a.id, a.title, a.subtitle, a.lead, a.text, a.outlet_id, a.language,
            func.coalesce(a.published, a.first_seen))  # fmt: skip
    last, done = 0, 0
    while True:
        rows = conn.execute(select(*cols).where(a.id > last).order_by(a.id).limit(batch_size)).all()
        upsert(conn, [{"article_id": r[0], **search_values(*r[1:5]), "outlet_id": r[5],
                       "language": r[6], "published": r[7]} for r in rows])  # fmt: skip
        done += len(rows)
        if len(rows) < batch_size:
            return done
        last = rows[-1][0]
