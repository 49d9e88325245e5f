"""Opening the store: URL resolution, engines with the right SQLite pragmas, migrations.

SQLite (the default) runs in WAL mode so the web desk and the CLI can read while a crawl
writes. SQLAlchemy takes over BEGIN from the ``sqlite3`` driver (its legacy mode skips BEGIN
for SELECT and DDL), so transactions and migrations are real transactions. ``Store.session()``
begins ``IMMEDIATE`` on SQLite: a write transaction that first reads cannot then fail with
"database is locked" when another writer committed in between; it waits (busy_timeout 30 s).
``Store.read_session()`` begins ``DEFERRED`` for pure readers.

Every failure to open or migrate becomes a one-line ``StoreError``, and so does every write
refused because the store is read-only (a read-only file, directory or mount; a PostgreSQL
read-only transaction): ``<path>: the store is read-only (<why>)``.

Only the default store (``data/csowatch.db`` under the working directory) has its directory
created; an explicit path in a missing directory is an error, not a new, empty store.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL, Connection, ExceptionContext
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import StoreError

ENV_VAR = "CSOWATCH_DATABASE_URL"
DEFAULT_SQLITE = Path("data") / "csowatch.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_S = 30  # how long a SQLite writer waits for another; $CSOWATCH_SQLITE_BUSY_TIMEOUT
_BEGIN_OPTION = "csowatch_sqlite_begin"
_PG_MIGRATION_LOCK = 0x637336F7  # pg_advisory_xact_lock key held while migrating
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
URL_HINT = "use sqlite:///path/to/file.db or postgresql://user@host/db"
_PG_READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction


def busy_timeout_s() -> int:
    """Seconds a SQLite connection waits for a lock (``$CSOWATCH_SQLITE_BUSY_TIMEOUT``)."""
    value = os.environ.get("CSOWATCH_SQLITE_BUSY_TIMEOUT", "")
    return int(value) if value.strip().isdigit() else BUSY_TIMEOUT_S


def resolve_database_url(cli_value: str | None) -> str:
    """``--db`` beats ``$CSOWATCH_DATABASE_URL`` beats ``sqlite:///<cwd>/data/csowatch.db``.

    ``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://``; a bare path (no
    ``://``) is taken as a SQLite file when it looks like one (see ``normalise_url``).
    """
    value = (cli_value or os.environ.get(ENV_VAR) or "").strip()
    if not value:
        return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE}"
    return normalise_url(value)


def normalise_url(value: str) -> str:
    """``postgres(ql)://`` -> ``postgresql+psycopg://``; a bare SQLite path -> a SQLite URL.

    A value without ``://`` is a file path only when it looks like one: it ends in ``.db``,
    ``.sqlite`` or ``.sqlite3``, or contains a path separator. Anything else (``notaurl``) is a
    ``StoreError``, so a typo never becomes a stray database file.
    """
    value = value.strip()
    if "://" not in value:
        if not _looks_like_sqlite_path(value):
            raise StoreError(f"bad database URL {value!r}: {URL_HINT}")
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def _looks_like_sqlite_path(value: str) -> bool:
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return value.lower().endswith(SQLITE_SUFFIXES) or any(s in value for s in separators)


def display_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets its directory, WAL, foreign keys and busy timeout."""
    try:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql":
            args["connect_args"] = {"connect_timeout": 10}
        engine = create_engine(parsed, pool_pre_ping=True, **args)
        if parsed.get_backend_name() == "postgresql":
            event.listen(engine, "handle_error", _pg_read_only)
        return engine
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise StoreError(f"bad database URL {display_url(url)!r}: {_first_line(exc)}") from exc


def _sqlite_engine(url: URL) -> Engine:
    path = url.database or ""
    read_only = url.query.get("mode") == "ro"
    in_memory = path in ("", ":memory:") or path.startswith("file::memory:")
    file_path = None if in_memory else _sqlite_file(path)
    if file_path is not None and not read_only:
        _ensure_directory(file_path)
    busy = busy_timeout_s()
    engine = create_engine(url, connect_args={"timeout": busy})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see "begin")
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy * 1000}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only and not in_memory:
            _journal_mode_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    if file_path is not None:
        store_file = file_path

        @event.listens_for(engine, "handle_error")
        def _read_only(context: ExceptionContext) -> None:
            error = _sqlite_read_only(store_file, context.original_exception)
            if error is not None:
                raise error from context.original_exception

    return engine


def _sqlite_file(database: str) -> Path:
    """The file of a SQLite URL's database part (a plain path or a ``file:`` URI)."""
    name = database[5:].split("?")[0] if database.startswith("file:") else database
    return Path(os.path.abspath(Path(name).expanduser()))


def _ensure_directory(file_path: Path) -> None:
    """Create the default store's directory; any other store's directory must exist."""
    parent = file_path.parent
    if parent.is_dir():
        return
    if file_path == Path(os.path.abspath(Path.cwd() / DEFAULT_SQLITE)):
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create directory {parent}: {exc.strerror}") from exc
        return
    if parent.exists():
        raise StoreError(f"{parent} is not a directory")
    raise StoreError(f"directory {parent} does not exist")


def _sqlite_read_only(path: Path, exc: BaseException) -> StoreError | None:
    """A StoreError when ``exc`` is SQLite refusing to write (or to open) a read-only store."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    why = _unwritable(path) if path.exists() else None
    if code == sqlite3.SQLITE_READONLY:
        return StoreError(f"{path}: the store is read-only ({why or _first_line(exc)})")
    if why and code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM):
        return StoreError(f"{path}: the store is read-only ({why})")
    return None


def _unwritable(path: Path) -> str | None:
    """Why SQLite cannot write ``path`` (as the OS sees it: root too is refused by a read-only
    mount or an immutable file), or None when it can."""
    reasons = []
    if not os.access(path, os.W_OK):
        reasons.append("the file is not writable")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        reasons.append(
            f"its directory {path.parent} is not writable, and SQLite keeps its -wal and -shm "
            "files there"
        )
    return "; ".join(reasons) or None


def _pg_read_only(context: ExceptionContext) -> None:
    orig = context.original_exception
    if getattr(orig, "sqlstate", None) == _PG_READ_ONLY_SQLSTATE:
        where = display_url(context.engine.url) if context.engine is not None else "PostgreSQL"
        raise StoreError(f"{where}: the store is read-only ({_first_line(orig)})") from orig


def _journal_mode_wal(cur: Any) -> None:
    """Switch the file to WAL. Connections racing to switch a new file answer "database is
    locked" at once, without the busy handler, so wait here as the busy timeout would."""
    deadline = time.monotonic() + busy_timeout_s()
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def writer(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions begin IMMEDIATE (take the write lock first)."""
    return engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at ``store/migrations``; ``connection`` is used by env.py."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "store/migrations has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it has never been migrated)."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise _connect_error(engine, exc) from exc


def upgrade(engine: Engine) -> None:
    """Bring the schema to head. Cheap when it is already there; safe to race.

    The migration runs in one transaction holding a lock (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: an advisory transaction lock), so a second process waits, then finds the
    schema at head and does nothing.
    """
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    _check_known(current)
    try:
        with writer(engine).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            command.upgrade(alembic_config(conn), "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate {display_url(engine.url)}: {_reason(exc)}") from exc
    except CommandError as exc:
        raise StoreError(f"cannot migrate {display_url(engine.url)}: {exc}") from exc


def _check_known(current: str | None) -> None:
    if current is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except CommandError as exc:
        raise StoreError(
            f"the database is at schema revision {current!r}, which this csowatch does not "
            "know (was it migrated by a newer version?)"
        ) from exc


class Store:
    """An engine plus session factories. Open it with ``open_store``.

    Use ``with store.transaction() as session:`` for a unit of work that commits on success;
    ``store.session()`` / ``store.read_session()`` give plain sessions.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write = sessionmaker(writer(engine), expire_on_commit=False)
        self._read = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return display_url(self.engine.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for writing (SQLite: BEGIN IMMEDIATE)."""
        return self._write()

    def read_session(self) -> Session:
        """A session for reading only (SQLite: BEGIN DEFERRED, never blocks the crawler)."""
        return self._read()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write session in a transaction: commit on success, roll back on error."""
        with self.session() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        upgrade(self.engine)

    def current_revision(self) -> str | None:
        return current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and, unless ``migrate=False``, upgrade) the store at ``url``.

    ``url`` of None resolves as ``resolve_database_url(None)``. Raises ``StoreError`` with a
    one-line message when the database cannot be reached or migrated.
    """
    engine = make_engine(url or resolve_database_url(None))
    store = Store(engine)
    try:
        if migrate:
            store.upgrade()
        else:
            store.current_revision()  # connect once, so a bad URL fails here
    except StoreError:
        engine.dispose()
        raise
    return store


def _connect_error(engine: Engine, exc: BaseException) -> StoreError:
    return StoreError(f"cannot open database {display_url(engine.url)}: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return _first_line(orig if orig is not None else exc)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
