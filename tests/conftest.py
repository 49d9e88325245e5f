"""Shared database fixtures: every store test runs on a real SQLite file AND a real PostgreSQL.

PostgreSQL: ``$CSOWATCH_TEST_PG_URL`` or ``postgresql+psycopg://postgres@127.0.0.1:5432/test``.
Each test gets a fresh, empty schema (``csowatch_test_<pid>_<hex>_<n>``, selected through the
connection's ``search_path``) which is dropped afterwards. If the server cannot be reached the
postgres-parametrised tests FAIL with the reason; they are never skipped.

Fixtures: ``db_url`` (parametrised sqlite|postgres), ``engine``, ``store`` (migrated),
``seeded`` (a store with two outlets and three CSOs), ``make_article`` (an Article factory),
``shared_data`` (``../shared/data`` beside the clone; missing, the test FAILS in one line).
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from pipelines.types import Article, Mention, Quote
from store import queries
from store.db import Store, make_engine, open_store, resolve_database_url

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

REGISTRY = [
    {
        "id": "ovd-info",
        "name": "OVD-Info",
        "descriptor": "a human-rights media project",
        "aliases": {"en": ["OVD-Info"], "ru": ["ОВД-Инфо"], "be": []},
        "people": [{"names": ["Grigory Okhotin"]}],
        "domains": ["ovd.info"],
        "ambiguous": False,
    },
    {
        "id": "memorial",
        "name": "Memorial",
        "descriptor": "a human-rights society",
        "aliases": {"en": ["Memorial"], "ru": ["Мемориал"], "be": []},
        "people": [],
        "domains": ["memo.ru"],
        "ambiguous": True,
    },
    {"id": "gulagu-net", "name": "Gulagu.net", "aliases": {"en": ["Gulagu.net"]}},
]


class PostgresServer:
    """An admin engine on the test server and a way to hand out throwaway schemas."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.prefix = f"csowatch_test_{os.getpid()}_{secrets.token_hex(3)}"
        self._counter = itertools.count(1)

    def new_schema(self) -> tuple[str, str]:
        """(schema name, URL whose connections use only that schema)."""
        schema = f"{self.prefix}_{next(self._counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(self.url).update_query_dict({"options": f"-csearch_path={schema}"})
        return schema, url.render_as_string(hide_password=False)

    def drop_schema(self, schema: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    def drop_leftovers(self) -> None:
        with self.admin.connect() as conn:
            names = conn.scalars(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                {"p": f"{self.prefix}%"},
            ).all()
            for name in names:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    url = resolve_database_url(os.environ.get("CSOWATCH_TEST_PG_URL") or PG_DEFAULT_URL)
    server = PostgresServer(url)
    try:
        with server.admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        server.admin.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.fail(
            f"PostgreSQL is unreachable at {shown} ({reason}). Start the server or point "
            "CSOWATCH_TEST_PG_URL at one; the postgres store tests are required, not optional.",
            pytrace=False,
        )
    yield server
    server.drop_leftovers()
    server.admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an EMPTY database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        (tmp_path / "data").mkdir(exist_ok=True)  # only the default store's data/ is created
        yield f"sqlite:///{tmp_path / 'data' / 'csowatch.db'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    schema, url = server.new_schema()
    yield url
    server.drop_schema(schema)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``, the shared data set CI lays beside the clone. When it is missing the
    test fails (never skips) with one line saying so: CI must run these tests."""
    if not SHARED_DATA.is_dir():
        pytest.fail(
            f"../shared/data is missing ({SHARED_DATA}): the tests read the shared data set "
            "from beside the clone (see README Requirements)",
            pytrace=False,
        )
    return SHARED_DATA


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = open_store(db_url)
    yield store
    store.close()


@pytest.fixture
def seeded(store: Store) -> Store:
    with store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en", "pangea")
        queries.upsert_outlet(
            session, "moscowtimes", "The Moscow Times", "https://www.themoscowtimes.com", "en"
        )
        queries.replace_registry(session, REGISTRY)
    return store


FETCHED_AT = datetime(2021, 9, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Article factory: an RFE/RL story mentioning OVD-Info in its first paragraph."""

    def make(**overrides: Any) -> Article:
        paragraphs = overrides.pop(
            "paragraphs",
            [
                "Police detained 40 people. OVD-Info counted them all. Lawyers went to court.",
                "“We will keep working,” the group's director said.",
            ],
        )
        values: dict[str, Any] = {
            "url": "https://www.rferl.org/a/russia-protest-detentions/31440000.html?utm=x",
            "canonical_url": "https://www.rferl.org/a/russia-protest-detentions/31440000.html",
            "outlet": "rferl",
            "article_id": "31440000",
            "title": "Dozens Detained At Moscow Protest",
            "lead": "Police in Moscow detained dozens of protesters on Wednesday.",
            "authors": ["RFE/RL's Russian Service"],
            "published": datetime(2021, 9, 1, 9, 30, tzinfo=UTC),
            "language": "en",
            "section": "Russia",
            "tags": ["protests"],
            "paragraphs": paragraphs,
            "mentions": [
                Mention("ovd-info", "OVD-Info", "body", 0, 27, 35),
            ],
            "quotes": [
                Quote("We will keep working,", "the group's director", 1, [1], False, 1, 22)
            ],
        }
        values.update(overrides)
        return Article(**values)

    return make


# -- figures that quality tests print at the end of the run (recall, precision, F1, …) --------

_FIGURES: list[str] = []


@pytest.fixture
def report() -> Callable[[str], None]:
    """``report("mentions: recall=1.000 …")``: shown in the terminal summary of every run."""
    return _FIGURES.append


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _FIGURES:
        terminalreporter.section("csowatch quality figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)


# -- the editors' desk: a store with the sample week and a logged-in editor ------------------


@pytest.fixture
def desk(store: Store) -> Store:
    from tests.desk_store import build_store

    build_store(store)
    return store


@pytest.fixture
def anna(desk: Store) -> Iterator[Any]:
    """(TestClient, CSRF token) of editor anna, logged in to the desk."""
    from tests.desk_store import client_for, login

    with client_for(desk) as client:
        yield client, login(client)
