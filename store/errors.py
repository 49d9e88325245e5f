"""The store's own exceptions, raised ``from`` the SQLAlchemy/driver error they translate.

::

    StoreError                 anything the CLI reports as one line and exits 2 on
    ├── UnknownOutletError     an article names an outlet key that is not in `outlets`
    └── UnknownCSOError        a mention, clipping or digest names a CSO id not in `csos`
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened, migrated or written; ``str(err)`` is one clear line."""


class UnknownOutletError(StoreError):
    """``save_article``/stats were given an outlet key that ``upsert_outlet`` never saw."""


class UnknownCSOError(StoreError):
    """A CSO id missing from the `csos` table: in mentions being saved (import the registry
    first), or asked for by a digest or the desk."""
