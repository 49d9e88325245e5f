"""The ``csowatch`` command line: one console script, verb subcommands, help on every option.

Each module holds one group of verbs and registers them on ``main`` (``crawler.cli.base``):
``crawl`` (crawl, status, db, extract), ``cluster`` (worker, queue), ``text`` (csos, match,
quotes, rematch, clippings, reprocess), ``analyst`` (search, export, trend, tokens),
``digest`` (digest, news-of-the-day), ``desk`` (serve, users), ``outlets`` (outlets, outlets
check, outlets accept) and ``stories`` (stories rebuild). ``scrapy_commands`` is Scrapy's
``COMMANDS_MODULE`` (``scrapy crawl``). Nothing outside this package imports it.

Exit codes: 0 success; 1 an outlet (or the thing asked for) failed; 2 bad configuration, input or
store; 75 another crawl holds the lock; 130/143 a crawl stopped by SIGINT/SIGTERM.
"""

from crawler.cli import analyst, cluster, crawl, desk, digest, outlets, stories, text
from crawler.cli.base import main

__all__ = [
    "analyst",
    "cluster",
    "crawl",
    "desk",
    "digest",
    "main",
    "outlets",
    "stories",
    "text",
]
