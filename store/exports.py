"""Exports: articles, mentions, quotes or clippings as CSV, JSON lines or Parquet, streamed.

Records come from ``store.listings.stream`` (keyset-paged batches, constant memory) and are
written as they arrive: CSV with the ``csv`` module (lists and dicts as JSON text), JSON lines
one object per line, Parquet in row groups of ``batch_size`` through pyarrow with a fixed
schema per kind (so an empty export still has its columns). ``progress`` is called with the
running count after every batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import IO, Any, Literal

from sqlalchemy.orm import Session

from store.listings import Filters, Kind, select_records, stream

Format = Literal["csv", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl", "parquet")
_LISTS = {"authors", "tags", "paragraphs"}
_INTS = {"id", "article_id", "version", "paragraph", "start", "end", "idx", "excerpt_ref",
         "position"}  # fmt: skip
_BOOLS = {"in_title", "in_lead", "partial"}


def columns(kind: Kind) -> list[str]:
    """The export's column names for ``kind`` (articles include ``text``)."""
    return [c.name for c in select_records(kind, Filters(), with_text=True).selected_columns]


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _arrow_schema(kind: Kind) -> Any:
    import pyarrow as pa

    fields = []
    for name in columns(kind):
        if name in _LISTS:
            fields.append(pa.field(name, pa.list_(pa.string())))
        elif name in _INTS:
            fields.append(pa.field(name, pa.int64()))
        elif name in _BOOLS:
            fields.append(pa.field(name, pa.bool_()))
        else:  # text, and ISO 8601 strings for dates and timestamps
            fields.append(pa.field(name, pa.string()))
    return pa.schema(fields)


def export(
    session: Session,
    kind: Kind,
    fmt: Format,
    out: IO[Any],
    filters: Filters | None = None,
    *,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every ``kind`` record matching ``filters`` to ``out`` (text for csv/jsonl,
    binary for parquet); returns the number of records."""
    records = stream(session, kind, filters or Filters(), batch_size=batch_size)
    names = columns(kind)
    done = 0
    writer: Any = None
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(kind)
        writer = pq.ParquetWriter(out, schema)
    elif fmt != "jsonl":
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    try:
        for batch in _batches(records, batch_size):
            if fmt == "csv":
                writer.writerows([_cell(r.get(n)) for n in names] for r in batch)
            elif fmt == "jsonl":
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)
            else:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            done += len(batch)
            if progress is not None:
                progress(done)
    finally:
        if fmt == "parquet":
            writer.close()
    return done
