"""JSON lines exports (``.jsonl``, ``.jsonl.gz``), and the row's JSON line the others parse.

Without a field selection the stored item bytes are not parsed: the row's own fields are
spliced in before the item's closing brace, which keeps the export at disk speed. The
Parquet exporter reads these same lines (:mod:`archive.exports.parquet`), so both formats
hold the same values.
"""

from __future__ import annotations

import gzip
import os
from abc import abstractmethod
from pathlib import Path
from typing import IO

import orjson

from archive.atomic import temp_beside
from archive.exports.exporter import RowExporter
from archive.stores.export_selection import Row

#: Lines gathered before one write.
BATCH_LINES = 1000


def row_line(row: Row, fields: list[str] | None) -> bytes:
    """The export row as one JSON line: the item plus the row fields, or only ``fields``."""
    payload, id_, version, changed, changes, cluster_id, dups, last_seen = row
    if fields is None:
        return b"".join(
            (
                payload[:-1],
                b',"id":"',
                id_.encode(),
                b'","version":%d,"previous_version":' % version,
                b"null" if version == 1 else b"%d" % (version - 1),
                b',"changed_fields":',
                changed,
                b',"changes":',
                changes,
                b',"cluster_id":"',
                cluster_id.encode(),
                b'","duplicates":',
                dups,
                b',"last_seen":',
                orjson.dumps(last_seen or None),
                b"}\n",
            )
        )
    data = orjson.loads(payload)
    data.update(
        id=id_,
        version=version,
        previous_version=None if version == 1 else version - 1,
        changed_fields=orjson.loads(changed),
        changes=orjson.loads(changes),
        cluster_id=cluster_id,
        duplicates=orjson.loads(dups),
        last_seen=last_seen or None,
    )
    return orjson.dumps({k: data.get(k) for k in fields}) + b"\n"


class LineExporter(RowExporter):
    """Rows as JSON lines, handed in batches to :meth:`write_lines`."""

    def __init__(self, out: Path, fields: list[str] | None, *, partitioned: bool = False) -> None:
        super().__init__(out, fields, partitioned=partitioned)
        self.line_fields = fields
        self._lines: list[bytes] = []

    def export_row(self, row: Row) -> None:
        self._lines.append(row_line(row, self.line_fields))
        if len(self._lines) >= BATCH_LINES:
            self._flush_lines()

    def _flush_lines(self) -> None:
        if self._lines:
            self.write_lines(b"".join(self._lines))
            self._lines.clear()

    @abstractmethod
    def write_lines(self, data: bytes) -> None:
        """Write a batch of whole JSON lines."""


class JsonlExporter(LineExporter):
    """One JSON object per line, in a file renamed onto ``out`` when complete."""

    name = "jsonl"
    compress = False
    tmp: Path | None = None  # the temporary file, once started

    def start_exporting(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = temp_beside(self.out)  # the umask's mode, not mkstemp's 0600
        self.raw: IO[bytes] = os.fdopen(fd, "wb", buffering=1 << 20)
        self.sink: IO[bytes] = self.raw
        if self.compress:
            self.sink = gzip.GzipFile(
                fileobj=self.raw, mode="wb", compresslevel=6, mtime=0, filename=""
            )

    def write_lines(self, data: bytes) -> None:
        self.sink.write(data)

    def finish_exporting(self) -> None:
        self._flush_lines()
        try:
            if self.sink is not self.raw:
                self.sink.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
        finally:
            self.raw.close()
        assert self.tmp is not None
        os.replace(self.tmp, self.out)

    def discard(self) -> None:
        if self.tmp is None:
            return
        try:
            self.raw.close()
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)


class JsonlGzExporter(JsonlExporter):
    """JSON lines, gzip-compressed (no name or time in the gzip header: same rows, same file)."""

    name = "jsonl.gz"
    compress = True
