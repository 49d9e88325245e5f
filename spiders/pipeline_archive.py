"""Archive every fetched article response as WARC, so anything can be re-processed later."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from spiders.items import FetchedPage
from spiders.storeerrors import note_store_error


class WarcArchive:
    """Appends response records to ``<dir>/<outlet>/<UTC timestamp>-<pid>.warc.gz``."""

    def __init__(self, directory: Path, outlet: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.path = directory / outlet / f"{stamp}-{os.getpid()}.warc.gz"
        self._file: Any = None
        self._writer: WARCWriter | None = None

    def write(self, page: FetchedPage) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("ab")
            self._writer = WARCWriter(self._file, gzip=True)
        http_headers = StatusAndHeaders(
            str(page.status), list(page.headers.items()), protocol="HTTP/1.1"
        )
        record = self._writer.create_warc_record(
            page.final_url,
            "response",
            payload=BytesIO(page.body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "WARC-csowatch-Outlet": page.outlet,
                "WARC-csowatch-Canonical": page.canonical,
            },
        )
        self._writer.write_record(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class ArchivePipeline:
    """Scrapy glue: passes items through when ``CSOWATCH_ARCHIVE_DIR`` is empty (archiving
    off). An archive that cannot be written is a store error of the outlet: the article is
    still stored, but the run fails, so nobody believes the archive complete."""

    def __init__(self, crawler: Crawler, directory: Path | None) -> None:
        self.crawler = crawler
        self.archive = WarcArchive(directory, crawler.spidercls.name) if directory else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        directory = crawler.settings.get("CSOWATCH_ARCHIVE_DIR")
        return cls(crawler, Path(directory) if directory else None)

    def process_item(self, item: Any) -> Any:
        if self.archive is not None and isinstance(item, FetchedPage):
            try:
                self.archive.write(item)
            except OSError as exc:
                note_store_error(self.crawler, f"archive {self.archive.path}: {exc}", item.url)
        return item

    def close_spider(self) -> None:
        if self.archive is not None:
            try:
                self.archive.close()
            except OSError as exc:
                note_store_error(self.crawler, f"archive {self.archive.path}: {exc}")
