"""The store's query API in one import: ``from store import queries as q``.

Every function takes a ``Session`` and works inside the caller's transaction (nothing here
commits). The implementations live in modules of one idea each:

- ``store.registry``  outlets and the CSO registry
- ``store.known``     what the crawler already has (``known_articles``, skipped URLs)
- ``store.articles``  ``save_article`` and reading articles back
- ``store.matches``   mentions and quotes of an article (``replace_matches``)
- ``store.clippings`` candidate clippings and the week's list
- ``store.decisions`` editor decisions on clippings, with an undoable audit trail
- ``store.runs``      crawl runs, per-outlet counts, bad pages, feed/sitemap fetch state
"""

from __future__ import annotations

from store.articles import (
    SaveResult,
    SaveStatus,
    content_hash,
    iter_articles,
    load_article,
    row_to_article,
    save_article,
)
from store.clippings import ClippingRow, sync_clippings, week_rows
from store.decisions import clipping_events, undo_event, update_clipping
from store.known import (
    KnownArticle,
    KnownArticles,
    known_articles,
    record_lastmods,
    remember_skipped,
)
from store.matches import load_matches, replace_matches
from store.models import COUNT_FIELDS
from store.registry import (
    load_registry_dicts,
    outlet_id,
    replace_registry,
    seed_registry,
    upsert_outlet,
)
from store.runs import (
    fetch_states,
    finish_run,
    get_fetch_state,
    last_runs,
    record_bad_page,
    record_outlet_stats,
    start_run,
    update_fetch_state,
)

__all__ = [
    "COUNT_FIELDS",
    "ClippingRow",
    "KnownArticle",
    "KnownArticles",
    "SaveResult",
    "SaveStatus",
    "clipping_events",
    "content_hash",
    "fetch_states",
    "finish_run",
    "get_fetch_state",
    "iter_articles",
    "known_articles",
    "last_runs",
    "load_article",
    "load_matches",
    "load_registry_dicts",
    "outlet_id",
    "record_bad_page",
    "record_lastmods",
    "record_outlet_stats",
    "replace_matches",
    "remember_skipped",
    "replace_registry",
    "seed_registry",
    "row_to_article",
    "save_article",
    "start_run",
    "sync_clippings",
    "undo_event",
    "update_clipping",
    "update_fetch_state",
    "upsert_outlet",
    "week_rows",
]
