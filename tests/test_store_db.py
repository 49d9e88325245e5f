"""Opening the store: URLs, engines, migrations, errors (SQLite file and PostgreSQL)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from store import queries
from store.db import (
    Store,
    StoreError,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    open_store,
    resolve_database_url,
    upgrade,
    writer,
)
from store.models import Base, Outlet
from store.search_index import include_name

TABLES = {
    "outlets",
    "articles",
    "article_versions",
    "csos",
    "mentions",
    "quotes",
    "clippings",
    "clipping_events",
    "crawl_runs",
    "crawl_outlet_stats",
    "fetch_state",
    "bad_pages",
    "skipped_urls",
}


def test_upgrade_from_empty_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    upgrade(engine)  # a second run is a no-op
    assert current_revision(engine) == head_revision()


def test_models_match_migrations(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}  # see store.search_index
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    upgrade(engine)
    with writer(engine).begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_concurrent_first_use_migrates_once(db_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        try:
            barrier.wait()
            open_store(db_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(db_url) as store:
        assert store.current_revision() == head_revision()


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    moscow = timezone(timedelta(hours=3))
    with store.transaction() as session:
        run_id = queries.start_run(session)
        queries.update_fetch_state(
            session, "https://x/feed", None, "feed", None, None, 200, 3,
            at=datetime(2021, 9, 3, 15, 0, tzinfo=moscow),
        )  # fmt: skip
    with store.read_session() as session:
        state = queries.get_fetch_state(session, "https://x/feed")
        assert state is not None and state.last_fetched is not None
        assert state.last_fetched == datetime(2021, 9, 3, 12, 0, tzinfo=UTC)
        assert state.last_fetched.utcoffset() == timedelta(0)
        assert queries.last_runs(session, 1)[0].id == run_id


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.transaction() as session:
        queries.update_fetch_state(
            session, "https://x/feed", None, "feed", None, None, 200, 1, at=datetime(2021, 1, 1)
        )


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("postgresql://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", None, "postgresql+psycopg://u@h/db"),
        (None, "postgresql://e@h/db", "postgresql+psycopg://e@h/db"),
        ("sqlite:///x.db", "postgresql://e@h/db", "sqlite:///x.db"),
        ("postgresql+psycopg://u@h/db", None, "postgresql+psycopg://u@h/db"),
    ],
)
def test_resolve_database_url(
    cli: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("CSOWATCH_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("CSOWATCH_DATABASE_URL", env)
    assert resolve_database_url(cli) == expected


def test_default_url_is_data_csowatch_db_in_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSOWATCH_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_database_url(None) == f"sqlite:///{tmp_path}/data/csowatch.db"
    assert resolve_database_url("my.db") == f"sqlite:///{tmp_path}/my.db"
    with open_store() as store:  # creates data/ and migrates on first use
        assert store.current_revision() == head_revision()
    assert (tmp_path / "data" / "csowatch.db").is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_postgres_is_a_one_line_store_error() -> None:
    port = _free_port()
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://postgres:secret@127.0.0.1:{port}/test")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"cannot open database postgresql+psycopg://postgres:***@127.0.0.1:{port}/test"
    )
    assert "secret" not in message


@pytest.mark.parametrize(
    "url", ["nosuchdialect://x/y", "not a url ://", "postgresql+nodriver://h/d"]
)
def test_bad_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError, match="bad database URL"):
        open_store(url)


def test_sqlite_pragmas_and_read_only_reader_during_write(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "csowatch.db"
    path.parent.mkdir(parents=True)  # an explicit store's directory must exist
    store = open_store(f"sqlite:///{path}")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        with store.transaction() as session:
            queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en")
        with store.session() as writer_session, writer_session.begin():
            queries.upsert_outlet(session=writer_session, key="mt", name="MT", base_url="x")
            # the writer holds the write lock; a read-only connection still reads the
            # last committed state, without waiting
            raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
            try:
                keys = [r[0] for r in raw.execute("SELECT key FROM outlets ORDER BY key")]
            finally:
                raw.close()
            assert keys == ["rferl"]
            ro = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
            try:
                with Store(ro).read_session() as reader:
                    assert reader.scalars(select(Outlet.key)).all() == ["rferl"]
            finally:
                ro.dispose()
        with store.read_session() as session:
            assert sorted(session.scalars(select(Outlet.key))) == ["mt", "rferl"]
    finally:
        store.close()


def test_sqlite_writers_wait_for_each_other(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer blocks until the first commits, then succeeds."""
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        started, done = threading.Event(), threading.Event()

        def second_writer() -> None:
            started.wait()
            with store.transaction() as session:
                queries.upsert_outlet(session, "b", "B", "https://b")
            done.set()

        thread = threading.Thread(target=second_writer)
        thread.start()
        with store.transaction() as session:
            queries.upsert_outlet(session, "a", "A", "https://a")
            started.set()
            assert not done.wait(0.3)  # still blocked behind us
        thread.join(10)
        assert done.is_set()
        with store.read_session() as session:
            assert session.execute(text("SELECT count(*) FROM outlets")).scalar() == 2
    finally:
        store.close()


def test_two_processes_migrating_at_once(db_url: str) -> None:
    """Separate processes (not just connections) opening a fresh database together."""
    code = (
        "import sys; from store.db import open_store; "
        "s = open_store(sys.argv[1]); print(s.current_revision()); s.close()"
    )
    root = Path(__file__).resolve().parents[1]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, db_url],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert {out.strip() for out, _ in outputs} == {head_revision()}


def test_database_from_a_newer_csowatch_is_refused(engine: Engine) -> None:
    upgrade(engine)
    with writer(engine).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError, match="'9999_future', which this csowatch does not know"):
        upgrade(engine)


def test_queries_exports_are_pinned() -> None:
    assert set(queries.__all__) == {
        "COUNT_FIELDS", "ClippingRow", "KnownArticle", "KnownArticles", "SaveResult",
        "SaveStatus", "clipping_events", "content_hash", "fetch_states", "finish_run",
        "get_fetch_state", "iter_articles", "known_articles", "last_runs", "load_article",
        "load_matches", "load_registry_dicts", "outlet_id", "record_bad_page", "record_lastmods",
        "record_outlet_stats", "remember_skipped", "replace_matches", "replace_registry",
        "row_to_article", "save_article", "seed_registry", "start_run", "sync_clippings",
        "undo_event", "update_clipping", "update_fetch_state", "upsert_outlet",
        "week_rows",
    }  # fmt: skip
    assert all(hasattr(queries, name) for name in queries.__all__)


def test_0006_refills_the_cso_facet_and_rebuilds_the_tsvector(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    """Down to 0005 and up again: ``csos`` comes back from ``mentions``; on PostgreSQL the
    tsvector is rebuilt with its facet lexemes, compressed with lz4 (this server has it)."""
    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    words = [
        "police",
        "detained",
        "protesters",
        "lawyers",
        "court",
        "prison",
        "colony",
        "hospital",
        "video",
    ]
    long_text = [" ".join(f"{w}{i}{j}" for j, w in enumerate(words)) for i in range(200)]
    article = make_article(paragraphs=["Police detained 40 people. OVD-Info counted them.",
                                       *long_text])  # fmt: skip
    with seeded.transaction() as session:
        saved = queries.save_article(session, article, outlet_key="rferl", fetched_at=at)
    engine = seeded.engine
    with writer(engine).begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
    columns = {c["name"] for c in inspect(engine).get_columns("article_search")}
    assert "csos" not in columns
    upgrade(engine)
    row = {"id": saved.article_id}
    with engine.connect() as conn:
        csos = conn.execute(text("SELECT csos FROM article_search WHERE article_id = :id"), row)
        assert csos.scalar_one() == "ovd-info"
        if engine.dialect.name == "postgresql":
            lexemes, compression = conn.execute(text(
                "SELECT tsvector_to_array(search_tsv), pg_column_compression(search_tsv) "
                "FROM article_search WHERE article_id = :id"), row).one()  # fmt: skip
            outlet = conn.execute(text("SELECT id FROM outlets WHERE key = 'rferl'")).scalar()
            facets = {x for x in lexemes if x.startswith("_")}
            assert facets == {f"_o{outlet}", "_len", "_y2021", "_m202109", "_covd-info"}
            assert compression == "lz4"
