"""The store: SQLAlchemy models, Alembic migrations, and typed query functions.

``store.db.open_store(url)`` opens (and migrates) a database; ``store.queries`` holds the
functions the crawler, the desk and the CLI call with a session. See docs/schema.md.
"""
