"""The CSO registry as the crawl sees it: the store's copy, seeded from ``csos.yaml`` once
(``store.registry.seed_registry``: crawls starting together on an empty store seed it once)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipelines.registry import Registry, load_registry, registry_from_dicts
from store import guard, queries
from store.db import Store

log = logging.getLogger(__name__)


def registry_from_store(store: Store, seed: Path | None = None) -> Registry:
    """Load the registry kept in the store; an empty store is seeded from ``seed`` first."""
    with store.read_session() as session:
        dicts = queries.load_registry_dicts(session)
    if not dicts and seed is not None and seed.exists():
        registry = load_registry(seed)
        entries = [c.to_dict() for c in registry.csos]
        if guard.write(store, lambda s: queries.seed_registry(s, entries)):
            log.info("imported %d CSOs from %s into the store", len(registry.csos), seed)
            return registry
        with store.read_session() as session:  # another crawl seeded it first
            dicts = queries.load_registry_dicts(session)
    return registry_from_dicts(dicts)


def registry_for_crawl(crawler: Any) -> Registry:
    """The registry for a Scrapy crawler, from the crawl's own store."""
    from spiders.crawlstore import crawl_store

    seed = Path(crawler.settings.get("CSOWATCH_CONFIG") or "config") / "csos.yaml"
    return registry_from_store(crawl_store(crawler), seed)
