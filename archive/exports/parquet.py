"""Export rows as Apache Parquet: the JSONL export's rows, typed, with nested columns.

Why Parquet: pandas, polars, R's arrow, DuckDB and Spark load it directly, column by column
and compressed, which matters at millions of rows. The rows are exactly those of the JSONL
export (same selection, order and values): the JSONL writer's own lines are parsed by
pyarrow's C++ JSON reader against one fixed Arrow schema (:data:`SCHEMA`, generated from the
row's JSON Schema by :mod:`archive.exports.arrow_schema`), so every file of every archive has
the same columns, and a key the schema lacks stops the export instead of
vanishing. ``images``, ``related``, ``duplicates`` are lists of structs; ``warc``,
``discovery``, ``extractor``, ``missing`` and ``changes`` are structs (``changes`` has one
member per content field, null when that field did not change; ``missing`` one per item
field).
Times stay ISO 8601 strings, as in JSONL (publication times keep their UTC offsets).

Output is one ``.parquet`` file, or with ``partitioned`` a folder in Hive layout,
``site=<site>/day=<YYYY-MM-DD>/part-0.parquet``, where ``day`` is the UTC day of
``published`` (of ``fetched_at`` when there is none), written within a fixed memory budget
(:mod:`archive.exports.parquet_parts`; a folder may get ``part-1.parquet`` and on). The
folder's ``site`` and ``day`` columns come back from the paths (pyarrow.dataset, DuckDB
``hive_partitioning``). Either way
the output is first written beside ``out`` under a temporary name and renamed at the end.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from archive.exports.arrow_schema import SCHEMA
from archive.exports.exporter import ExportError
from archive.exports.jsonl import LineExporter
from archive.exports.parquet_parts import PartitionWriter
from archive.stores.item_store import utc_key

__all__ = ["SCHEMA", "ParquetExporter", "ParquetSchemaError"]
_S = pa.string()
#: Bytes of JSON lines parsed at once (one Parquet row group each; bounds memory).
CHUNK_BYTES = 16 << 20


def _days(table: pa.Table) -> pa.Array:
    """UTC day of publication (of the fetch when undated), the store's own rule."""
    published = table.column("published").to_pylist()
    fetched = table.column("fetched_at").to_pylist()
    keys = (utc_key(p) or utc_key(f) or "" for p, f in zip(published, fetched, strict=True))
    return pa.array([key[:10] or "unknown" for key in keys], _S)


class _ParquetSink:
    """A binary file-like sink: export JSON lines in, Parquet row groups out.

    The lines are the JSONL export's own bytes, parsed by pyarrow's C++ JSON reader against
    the fixed schema; a key the schema does not know stops the export (never dropped)."""

    def __init__(self, path: Path, names: list[str], parts: list[str] | None) -> None:
        """``parts``: None for one file at ``path``; else the columns the partitioned
        folder ``path`` keeps (:mod:`archive.exports.parquet_parts`)."""
        read = [SCHEMA.field(n) for n in names]
        self.parse = pj.ParseOptions(
            explicit_schema=pa.schema(read), unexpected_field_behavior="error"
        )
        self.partitioned = parts is not None
        self.writer: pq.ParquetWriter | PartitionWriter
        if parts is None:
            self.out = pa.schema(read)
            self.writer = pq.ParquetWriter(path, self.out, compression="zstd")
        else:
            self.out = pa.schema([*read, pa.field("day", _S)])
            self.out = pa.schema([self.out.field(n) for n in parts])
            self.writer = PartitionWriter(path, self.out)
        self.buf = bytearray()

    def write(self, data: bytes) -> None:
        self.buf += data
        while len(self.buf) >= CHUNK_BYTES:  # whole lines, at most CHUNK_BYTES unless one is longer
            cut = self.buf.rfind(b"\n", 0, CHUNK_BYTES) + 1 or self.buf.find(b"\n") + 1
            if cut <= 0:
                break
            self._flush(cut)

    def _flush(self, cut: int) -> None:
        if cut <= 0:
            return
        chunk = bytes(self.buf[:cut])
        del self.buf[:cut]
        block = pj.ReadOptions(block_size=len(chunk) + 1, use_threads=True)
        try:
            table = pj.read_json(io.BytesIO(chunk), read_options=block, parse_options=self.parse)
        except pa.ArrowInvalid as exc:
            raise ParquetSchemaError(f"a row does not fit the Parquet schema: {exc}") from None
        if self.partitioned:
            assert isinstance(self.writer, PartitionWriter)
            self.writer.add(table.append_column("day", _days(table)).select(self.out.names))
        else:
            assert isinstance(self.writer, pq.ParquetWriter)
            self.writer.write_table(table, row_group_size=len(chunk))

    def close(self) -> None:
        self._flush(len(self.buf))
        self.writer.close()


class ParquetSchemaError(ExportError):
    """An item holds a key :data:`SCHEMA` lacks (add it to the row's JSON Schema)."""


class ParquetExporter(LineExporter):
    """The export's JSON lines as one ``.parquet`` file, or with ``partitioned`` a folder.

    ``fields`` are the ``--fields`` columns (None: every column); a partitioned export
    also reads the partition key and the day rule's inputs."""

    name = "parquet"
    tmp: Path | None = None  # the temporary folder, once started
    sink: _ParquetSink | None = None

    def __init__(self, out: Path, fields: list[str] | None, *, partitioned: bool = False) -> None:
        super().__init__(out, fields, partitioned=partitioned)
        self.names = SCHEMA.names if fields is None else list(fields)
        if partitioned:  # the partition keys and the day rule's inputs are read too
            self.names += [n for n in ("site", "published", "fetched_at") if n not in self.names]
        self.line_fields = None if fields is None else self.names

    def start_exporting(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(
            tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}.", suffix=".tmp")
        )
        self.target = self.tmp / ("data" if self.partitioned else "rows.parquet")
        parts = None
        if self.partitioned:
            self.target.mkdir()  # an export of no rows is an empty folder
            fields = self.fields
            parts = [n for n in self.names if fields is None or n in fields or n == "site"]
            parts += ["day"]
        self.sink = _ParquetSink(self.target, self.names, parts)

    def write_lines(self, data: bytes) -> None:
        assert self.sink is not None
        self.sink.write(data)

    def finish_exporting(self) -> None:
        assert self.sink is not None and self.tmp is not None
        self._flush_lines()
        self.sink.close()
        _fsync_tree(self.target)
        _replace(self.target, self.out)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def discard(self) -> None:
        if self.tmp is None:
            return
        if self.sink is not None:
            try:
                self.sink.writer.close()
            except Exception:  # noqa: BLE001 - the export failed already; its error is raised
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


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
