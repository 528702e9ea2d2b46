"""Export rows as Apache Parquet: the JSONL export's rows, typed, with nested columns.

Why Parquet: pandas, polars, R's arrow, DuckDB and Spark load it directly, column by column
and compressed, which matters at millions of rows. The rows are exactly those of the JSONL
export (same selection, order and values): the same stored row tuples go through
:func:`row_dicts` into one fixed Arrow schema (:data:`SCHEMA`), so every file of every
archive has the same columns. ``images``, ``related``, ``duplicates`` are lists of structs;
``warc``, ``discovery`` and ``changes`` are structs (``changes`` has one member per content
field, null when that field did not change); ``extractor`` and ``missing`` are string maps.
Times stay ISO 8601 strings, as in JSONL (publication times keep their UTC offsets).

Output is one ``.parquet`` file, or with ``partitioned`` a folder in Hive layout,
``site=<site>/day=<YYYY-MM-DD>/part-0.parquet``, where ``day`` is the UTC day of
``published`` (of ``fetched_at`` when there is none). The folder's ``site`` and ``day``
columns come back from the paths (pyarrow.dataset, DuckDB ``hive_partitioning``). Either way
the output is first written beside ``out`` under a temporary name and renamed at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from archive.stores.item_store import utc_key

__all__ = ["BATCH_ROWS", "SCHEMA", "row_dicts", "write_parquet"]

#: Rows per Arrow record batch (and Parquet row group): bounds memory at any archive size.
BATCH_ROWS = 20_000
_S = pa.string()
_STRINGS = pa.list_(_S)
_IMAGE = pa.struct(
    [("url", _S), ("caption", _S), ("credit", _S), ("width", pa.int64()), ("height", pa.int64())]
)
_RELATED = pa.struct(
    [("url", _S), ("headline", _S), ("teaser", _S), ("section", _S), ("published", _S)]
)
_WARC_POINTER = [
    ("file", _S),
    ("offset", pa.int64()),
    ("length", pa.int64()),
    ("record_id", _S),
    ("date", _S),
]
_WARC = pa.struct(
    [
        *_WARC_POINTER,
        ("payload_digest", _S),
        ("worker", _S),
        ("revisit_of", pa.struct([("url", _S), ("digest", _S), *_WARC_POINTER])),
    ]
)
_WORD = pa.struct([("op", _S), ("text", _S)])
_PARAGRAPH_OP = pa.struct(
    [
        ("op", _S),
        ("old_index", pa.int32()),
        ("new_index", pa.int32()),
        ("text", _S),
        ("old", _S),
        ("new", _S),
        ("words", pa.list_(_WORD)),
    ]
)
_OPS = pa.list_(_PARAGRAPH_OP)
_IMAGE_REF = pa.struct([("url", _S), ("caption", _S), ("credit", _S)])
_CHANGES = pa.struct(
    [
        ("headline", pa.struct([("old", _S), ("new", _S), ("ops", _OPS)])),
        ("lead", pa.struct([("old", _S), ("new", _S), ("ops", _OPS)])),
        ("body", pa.struct([("ops", _OPS)])),
        (
            "authors",
            pa.struct(
                [("old", _STRINGS), ("new", _STRINGS), ("added", _STRINGS), ("removed", _STRINGS)]
            ),
        ),
        ("published", pa.struct([("old", _S), ("new", _S)])),
        ("modified", pa.struct([("old", _S), ("new", _S)])),
        (
            "images",
            pa.struct(
                [
                    ("added", pa.list_(_IMAGE_REF)),
                    ("removed", pa.list_(_IMAGE_REF)),
                    (
                        "changed",
                        pa.list_(
                            pa.struct([("url", _S), ("old", _IMAGE_REF), ("new", _IMAGE_REF)])
                        ),
                    ),
                ]
            ),
        ),
    ]
)
#: Every column of an export row, in the JSONL key order.
SCHEMA = pa.schema(
    [
        ("url", _S),
        ("canonical_url", _S),
        ("site", _S),
        ("section", _S),
        ("language", _S),
        ("headline", _S),
        ("lead", _S),
        ("body", _S),
        ("authors", _STRINGS),
        ("agency", _S),
        ("topics", _STRINGS),
        ("published", _S),
        ("published_raw", _S),
        ("published_source", _S),
        ("modified", _S),
        ("modified_raw", _S),
        ("modified_source", _S),
        ("images", pa.list_(_IMAGE)),
        ("related", pa.list_(_RELATED)),
        ("extractor", pa.map_(_S, _S)),
        ("missing", pa.map_(_S, _S)),
        ("warc", _WARC),
        ("fetched_at", _S),
        ("discovery", pa.struct([("via", _S), ("from_url", _S), ("depth", pa.int64())])),
        ("schema_version", pa.int64()),
        ("id", _S),
        ("version", pa.int64()),
        ("previous_version", pa.int64()),
        ("changed_fields", _STRINGS),
        ("changes", _CHANGES),
        ("cluster_id", _S),
        ("duplicates", pa.list_(pa.struct([("id", _S), ("url", _S)]))),
        ("last_seen", _S),
    ]
)
_MAPS = ("extractor", "missing")


def row_dicts(source: Iterator[tuple]) -> Iterator[dict[str, Any]]:
    """The export's stored row tuples as the dicts a JSONL line holds."""
    loads = orjson.loads
    for payload, id_, version, changed, changes, cluster_id, dups, last_seen in source:
        row = loads(payload)
        row.update(
            id=id_,
            version=version,
            previous_version=None if version == 1 else version - 1,
            changed_fields=loads(changed),
            changes=loads(changes),
            cluster_id=cluster_id,
            duplicates=loads(dups),
            last_seen=last_seen or None,
        )
        for name in _MAPS:
            value = row.get(name)
            row[name] = list(value.items()) if isinstance(value, dict) else value
        yield row


def _batches(
    rows: Iterator[dict[str, Any]], schema: pa.Schema, on_row: Callable[[int], None] | None
) -> Iterator[pa.RecordBatch]:
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        count += 1
        if on_row is not None:
            on_row(count)
        if len(chunk) >= BATCH_ROWS:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def _day(row: dict[str, Any]) -> str:
    key = utc_key(row.get("published")) or utc_key(row.get("fetched_at")) or ""
    return key[:10] or "unknown"


def _with_day(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        row["day"] = _day(row)
        yield row


def write_parquet(
    source: Iterator[tuple],
    out: Path,
    *,
    partitioned: bool = False,
    selected: list[str] | None = None,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write the rows of ``source`` (the export's row tuples) to ``out``; returns the count.

    ``selected``: only these columns (``--fields``), in the schema's order."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    count = 0

    def counted(n: int) -> None:
        nonlocal count
        count = n
        if on_row is not None:
            on_row(n)

    try:
        rows = row_dicts(source)
        single = tmp / "rows.parquet"
        schema = SCHEMA
        if selected is not None:
            wanted = set(selected) | ({"site"} if partitioned else set())
            schema = pa.schema([f for f in SCHEMA if f.name in wanted])
        if partitioned:
            schema = schema.append(pa.field("day", _S))
        # Rows are read from SQLite in this thread; the partitioned layout is then made from
        # the finished file (pyarrow's dataset writer pulls its input from other threads).
        with pq.ParquetWriter(single, schema, compression="zstd") as writer:
            for batch in _batches(_with_day(rows) if partitioned else rows, schema, counted):
                writer.write_batch(batch, row_group_size=BATCH_ROWS)
        if partitioned:
            (tmp / "data").mkdir()  # an export of no rows is an empty folder
            ds.write_dataset(
                ds.dataset(single, format="parquet"),
                tmp / "data",
                format="parquet",
                file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
                partitioning=ds.partitioning(pa.schema([("site", _S), ("day", _S)]), flavor="hive"),
                basename_template="part-{i}.parquet",
                max_rows_per_group=BATCH_ROWS,
                existing_data_behavior="overwrite_or_ignore",
            )
            _fsync_tree(tmp / "data")
            _replace(tmp / "data", out)
        else:
            _fsync_tree(single)
            _replace(single, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return count


def _fsync_tree(path: Path) -> None:
    for file in [path] if path.is_file() else sorted(path.rglob("*.parquet")):
        with open(file, "rb") as fh:
            os.fsync(fh.fileno())


def _replace(src: Path, out: Path) -> None:
    """Rename ``src`` to ``out``; an older output of the other kind is removed first."""
    if out.is_dir() and not out.is_symlink():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(src, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        if src.is_dir() and out.exists():
            out.unlink()
        os.replace(src, out)
