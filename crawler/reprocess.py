"""``csowatch reprocess``: re-extract stored articles from the raw WARC archive.

Used after an extraction rule changed: every archived response is run through the current
``analyse_page`` and saved again (a changed text becomes a new version).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


@dataclass(frozen=True)
class ArchivedPage:
    outlet: str
    url: str
    canonical: str
    fetched_at: datetime
    status: int
    content_type: str
    body: bytes


def iter_archive(directory: Path, since: datetime | None = None) -> Iterator[ArchivedPage]:
    """Every response record under ``directory`` (``<outlet>/*.warc.gz``), oldest file first."""
    for path in sorted(directory.glob("*/*.warc.gz"), key=lambda p: p.name):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                headers = record.rec_headers
                fetched = _warc_date(headers.get_header("WARC-Date"))
                if since is not None and fetched < since:
                    continue
                http = record.http_headers
                yield ArchivedPage(
                    outlet=headers.get_header("WARC-csowatch-Outlet") or path.parent.name,
                    url=headers.get_header("WARC-Target-URI") or "",
                    canonical=headers.get_header("WARC-csowatch-Canonical") or "",
                    fetched_at=fetched,
                    status=int(http.get_statuscode() or 0) if http else 0,
                    content_type=(http.get_header("Content-Type") or "") if http else "",
                    body=record.content_stream().read(),
                )


def _warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
