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

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from store.fts import index_terms
from store.models import ArticleRow, ArticleSearch

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
PG_DDL = [
    f"ALTER TABLE article_search ADD COLUMN {TSV_COLUMN} tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B')) STORED",
    f"CREATE INDEX {TSV_INDEX} ON article_search USING gin ({TSV_COLUMN})",
    # A search visits the heap row of every match: keep rows narrow (terms and tsvector
    # out of line), so a common word costs few pages; only the ranked window is detoasted ...
    "ALTER TABLE article_search SET (toast_tuple_target = 128)",
]
# ... and compress with lz4 where the server has it (decompression ~5x faster than pglz).
PG_LZ4 = f"ALTER TABLE article_search ALTER COLUMN {TSV_COLUMN} SET COMPRESSION lz4"
PG_DROP = [f"DROP INDEX IF EXISTS {TSV_INDEX}",
           f"ALTER TABLE article_search DROP COLUMN IF EXISTS {TSV_COLUMN}"]  # fmt: skip


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic ``include_name`` hook: leave the hand-made search objects out of comparisons."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False  # the FTS5 table and its shadow tables (_data, _idx, _docsize, _config)
    return not (type_ == "column" and name == TSV_COLUMN) and not (
        type_ == "index" and name == TSV_INDEX
    )


def create_search_objects(conn: Any) -> None:
    """Create the backend's index objects (used by migration 0004)."""
    for stmt in PG_DDL if conn.dialect.name == "postgresql" else SQLITE_DDL:
        conn.execute(text(stmt))
    if conn.dialect.name == "postgresql":
        try:
            with conn.begin_nested():
                conn.execute(text(PG_LZ4))
        except DBAPIError:
            pass  # a server built without lz4: pglz, slower ranking of large result sets


def drop_search_objects(conn: Any) -> None:
    for stmt in PG_DROP if conn.dialect.name == "postgresql" else SQLITE_DROP:
        conn.execute(text(stmt))


def search_values(title: str | None, subtitle: str | None, lead: str | None, body: str | None
                  ) -> dict[str, str]:  # fmt: skip
    return {"title_terms": index_terms(title), "body_terms": index_terms(subtitle, lead, body)}


def index_article(conn: Any, row: ArticleRow) -> bool:
    """Bring ``row``'s index entry up to date (``conn`` is a Session or Connection in the
    caller's transaction); True when something was written."""
    values: dict[str, Any] = {
        **search_values(row.title, row.subtitle, row.lead, row.text),
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
