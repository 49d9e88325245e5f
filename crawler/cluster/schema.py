"""procrastinate's tables in the store's schema: applied once, upgraded when procrastinate is.

procrastinate keeps its own schema (``procrastinate/sql/schema.sql``, the whole of it for the
installed version, and ``sql/migrations/*.sql`` from one version to the next); it is not part
of the store's Alembic history, whose models know nothing of it. ``ensure_schema`` runs under
an advisory transaction lock, so workers starting together apply it once:

- no ``procrastinate_jobs`` table in ``current_schema()``: the installed version's
  ``schema.sql`` is applied, and the version is written in the table's comment;
- a comment naming an older version: procrastinate's migrations after it, up to the
  installed version, are applied in their order, and the comment moves on;
- otherwise nothing.

``csowatch db upgrade`` calls it when the cluster is on, and so do ``csowatch worker`` and
``csowatch crawl --enqueue`` before they use the queue.
"""

from __future__ import annotations

import re
from pathlib import Path

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from psycopg import sql

from crawler.cluster.queue import QUEUE_ERRORS, QueueError, conninfo, first_line
from store.db import display_url

COMMENT_PREFIX = "procrastinate "
COMMENT_SUFFIX = " schema, applied by csowatch"
_LOCK = (
    "SELECT pg_advisory_xact_lock(hashtextextended("
    "'csowatch queue schema ' || current_database() || '.' || current_schema(), 0))"
)
_FIND = """
SELECT obj_description(c.oid, 'pg_class')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relname = 'procrastinate_jobs' AND n.nspname = current_schema()
"""
_MIGRATION = re.compile(r"^(\d+)\.(\d+)\.(\d+)_")


def installed_version() -> tuple[int, int, int]:
    return _version(procrastinate.__version__)


def _version(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def _recorded(comment: str | None) -> tuple[int, int, int] | None:
    if not comment or not comment.startswith(COMMENT_PREFIX):
        return None
    return _version(comment[len(COMMENT_PREFIX) :].split(" ")[0])


def migrations_between(after: tuple[int, int, int], upto: tuple[int, int, int]) -> list[Path]:
    """procrastinate's migration files for versions in (after, upto], in order."""
    out = []
    for path in sorted(Path(SchemaManager.get_migrations_path()).glob("*.sql")):
        m = _MIGRATION.match(path.name)
        if m and after < (int(m[1]), int(m[2]), int(m[3])) <= upto:
            out.append(path)
    return out


def ensure_schema(database_url: str, connect_timeout: int = 10) -> str:
    """Apply or upgrade the queue's tables in the store's schema; returns one line saying
    what was done. Raises ``QueueError`` when the server cannot be reached."""
    version = procrastinate.__version__
    try:
        with (
            psycopg.connect(conninfo(database_url), connect_timeout=connect_timeout) as conn,
            conn.transaction(),
        ):
            conn.execute(_LOCK)
            schema = conn.execute("SELECT current_schema()").fetchone()
            where = schema[0] if schema else "?"
            row = conn.execute(_FIND).fetchone()
            if row is None:
                conn.execute(SchemaManager.get_schema())
                _mark(conn, version)
                return f"queue: procrastinate {version} schema applied in {where}"
            recorded = _recorded(row[0])
            if recorded is None:
                # made by procrastinate's own `schema --apply`: taken as this version's
                _mark(conn, version)
                return f"queue: procrastinate schema in {where} (now recorded as {version})"
            if recorded >= installed_version():
                shown = ".".join(map(str, recorded))
                return f"queue: procrastinate {shown} schema in {where}"
            for path in migrations_between(recorded, installed_version()):
                conn.execute(path.read_text(encoding="utf-8"))
            _mark(conn, version)
            old = ".".join(map(str, recorded))
            return f"queue: procrastinate schema in {where} upgraded {old} -> {version}"
    except QUEUE_ERRORS as exc:
        raise QueueError(
            f"cannot set up the queue's tables on {display_url(database_url)}: {first_line(exc)}"
        ) from exc


def _mark(conn: psycopg.Connection, version: str) -> None:
    comment = sql.Literal(COMMENT_PREFIX + version + COMMENT_SUFFIX)
    conn.execute(sql.SQL("COMMENT ON TABLE procrastinate_jobs IS {}").format(comment))
