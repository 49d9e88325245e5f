"""Alembic environment: migrations run on the connection the store hands over.

Programmatic use (``store.db.upgrade``) puts an open connection, already in a locked
transaction, in ``config.attributes["connection"]``. The ``alembic`` CLI
(``alembic -c store/alembic.ini ...``) has none, so the URL is resolved the way the app does:
``-x db=URL``, else ``$CSOWATCH_DATABASE_URL``, else ``sqlite:///data/csowatch.db``.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from store.coltypes import UTCDateTime
from store.db import make_engine, resolve_database_url, writer
from store.models import Base
from store.search_index import include_name

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> Any:
    """Render our TypeDecorators as plain SQLAlchemy types, so revisions never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_item=render_item,
        include_name=include_name,  # type: ignore[arg-type]  # hand-made search objects
        render_as_batch=connection.dialect.name == "sqlite",
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = resolve_database_url(context.get_x_argument(as_dictionary=True).get("db"))
    engine = make_engine(url)
    try:
        with writer(engine).begin() as conn:
            configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
