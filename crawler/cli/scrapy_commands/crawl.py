"""``scrapy crawl <outlet> [-a since=YYYY-MM-DD] [-a until=YYYY-MM-DD] [-a days=N]``.

The same run as ``csowatch crawl --outlet <outlet>``: the store's crawl lock, a recorded run,
the frontier, one summary line, and the documented exit codes (0, 1, 2, 75, 130/143).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

SPIDER_ARGS = ("since", "until", "days")


class Command(BaseRunSpiderCommand):
    requires_project = True
    requires_crawler_process = False  # the run makes its own, under the crawl lock

    def syntax(self) -> str:
        return "[options] <outlet>"

    def short_desc(self) -> str:
        return "Crawl one outlet into the store (as `csowatch crawl --outlet OUTLET`)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one outlet: scrapy crawl <outlet> [-a since=YYYY-MM-DD]")
        from crawler.cli.base import EXIT_USAGE, Context, handle_errors
        from crawler.cli.crawl import run_and_report
        from spiders.state import Window

        assert self.settings is not None
        settings = self.settings
        unknown = sorted(set(opts.spargs) - set(SPIDER_ARGS))
        if unknown:
            print(
                f"csowatch: unknown spider argument(s) {', '.join(unknown)}: "
                f"use {', '.join(SPIDER_ARGS)}",
                file=sys.stderr,
            )
            sys.exit(EXIT_USAGE)
        ctx = Context(
            self.settings.get("CSOWATCH_CONFIG"), self.settings.get("CSOWATCH_DATABASE_URL")
        )
        outlet = args[0]

        def crawl() -> int:
            config = ctx.config
            if outlet not in config.outlets:
                known = ", ".join(sorted(config.outlets)) or "none"
                raise ValueError(
                    f"no outlet {outlet!r} in {config.directory}/outlets.toml (known: {known})"
                )
            window = Window.from_args(
                opts.spargs.get("since"),
                opts.spargs.get("until"),
                opts.spargs.get("days") or config.crawl.days,
            )
            ctx.store()
            return run_and_report(
                config,
                ctx.database_url,
                [outlet],
                window,
                log_level=settings.get("LOG_LEVEL", "INFO"),
                via="scrapy crawl",
            )

        try:
            self.exitcode = handle_errors(crawl)()
        finally:
            ctx.close()
