"""A site/day partitioned Parquet folder written within a fixed memory budget.

Why our own writer: pyarrow's dataset writer keeps an open file with its queued rows per
partition, so its memory grew with the partitions a long archive spreads over (747 MB at
207k rows with 16 files open). Here rows wait in one buffer per partition, and all buffers
together never hold more than ``BUFFER_BYTES``: past it the largest buffer is written out
as one row group. At most ``OPEN_FILES`` part files are open; the least recently written is
closed, and a later row of its partition starts the next part file
(``part-1.parquet``, ...). So memory is the budget plus one parsed chunk, whatever the
number of rows or partitions. Rows keep the export's order within each partition.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

#: Bytes of rows (Arrow's own size) held in all partition buffers together.
BUFFER_BYTES = 64 << 20
#: Part files open at once.
OPEN_FILES = 32
#: The folder name pyarrow, DuckDB and Spark read as a null partition value.
NULL_VALUE = "__HIVE_DEFAULT_PARTITION__"
KEYS = ("site", "day")

Key = tuple[str | None, str | None]


def _segment(name: str, value: str | None) -> str:
    """``name=value``, the value URI-escaped as pyarrow's hive partitioning writes it."""
    return f"{name}={NULL_VALUE if value is None else quote(value, safe='')}"


class PartitionWriter:
    """Takes tables with ``site`` and ``day`` columns; writes the other columns under
    ``root/site=S/day=D/part-N.parquet``. ``peak_buffered`` and ``peak_open`` record the
    most bytes buffered and files open at once (the bound, observable)."""

    def __init__(
        self,
        root: Path,
        schema: pa.Schema,
        *,
        budget: int | None = None,
        open_files: int | None = None,
    ) -> None:
        self.root = root
        self.schema = pa.schema([f for f in schema if f.name not in KEYS])
        self.budget = BUFFER_BYTES if budget is None else budget
        self.open_files = OPEN_FILES if open_files is None else open_files
        self.buffers: dict[Key, list[pa.Table]] = {}
        self.sizes: dict[Key, int] = {}
        self.buffered = self.peak_buffered = self.peak_open = 0
        self.writers: OrderedDict[Key, pq.ParquetWriter] = OrderedDict()
        self.parts: dict[Key, int] = {}

    def add(self, table: pa.Table) -> None:
        """Spread ``table``'s rows over the partition buffers, in order."""
        rows: dict[Key, list[int]] = {}
        keys = zip(*(table.column(k).to_pylist() for k in KEYS), strict=True)
        for i, key in enumerate(keys):
            rows.setdefault(key, []).append(i)
        body = table.select(self.schema.names)
        for key, indices in rows.items():
            part = body.take(pa.array(indices, pa.int64()))
            self.buffers.setdefault(key, []).append(part)
            self.sizes[key] = self.sizes.get(key, 0) + part.nbytes
            self.buffered += part.nbytes
            while self.buffered > self.budget:
                self._flush(max(self.sizes, key=self.sizes.__getitem__))
            self.peak_buffered = max(self.peak_buffered, self.buffered)

    def close(self) -> None:
        for key in sorted(self.buffers, key=lambda k: tuple(v or "" for v in k)):
            self._flush(key)
        while self.writers:
            self.writers.popitem(last=False)[1].close()

    def _flush(self, key: Key) -> None:
        table = pa.concat_tables(self.buffers.pop(key))
        self.buffered -= self.sizes.pop(key)
        self._writer(key).write_table(table, row_group_size=max(table.num_rows, 1))

    def _writer(self, key: Key) -> pq.ParquetWriter:
        writer = self.writers.get(key)
        if writer is not None:
            self.writers.move_to_end(key)
            return writer
        if len(self.writers) >= self.open_files:
            self.writers.popitem(last=False)[1].close()
        folder = self.root.joinpath(*(_segment(n, v) for n, v in zip(KEYS, key, strict=True)))
        folder.mkdir(parents=True, exist_ok=True)
        number = self.parts.get(key, 0)
        self.parts[key] = number + 1
        writer = pq.ParquetWriter(
            folder / f"part-{number}.parquet", self.schema, compression="zstd"
        )
        self.writers[key] = writer
        self.peak_open = max(self.peak_open, len(self.writers))
        return writer
