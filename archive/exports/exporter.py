"""The exporter interface and the registry of export formats, by name.

Why a registry: the format used to be chosen by a tuple of names and an if/else inside the
export function, and an output name of any other kind (``--out rows.csv``) silently got
JSON lines. As with Scrapy's feed exporters, each format is one :class:`RowExporter` class
(``start_exporting``, ``export_row``, ``finish_exporting``, plus ``discard`` for a failed
export), registered once in :data:`EXPORTERS` under its name with the file extensions it
writes; a new format is one class and one line here. The classes are loaded by dotted path
when used, so the CLI does not pay for pyarrow unless it writes Parquet.

Every exporter writes atomically: beside ``out`` under a temporary name, renamed when
complete, removed by ``discard``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import ClassVar

from archive.stores.export_selection import Row


class ExportError(Exception):
    """A user mistake or an unwritable output; the message is one line."""


class RowExporter(ABC):
    """One export format: export rows in, one file (or folder) ``out`` out, atomically.

    ``fields``: the columns to write (None: every column); ``partitioned``: a folder split
    by site and day, for the formats whose :class:`ExportFormat` allows it."""

    #: The format's name in :data:`EXPORTERS` (``--format``).
    name: ClassVar[str]

    def __init__(self, out: Path, fields: list[str] | None, *, partitioned: bool = False) -> None:
        self.out = out
        self.fields = fields
        self.partitioned = partitioned

    @abstractmethod
    def start_exporting(self) -> None:
        """Open the temporary output beside ``out`` (``OSError`` if it cannot be written)."""

    @abstractmethod
    def export_row(self, row: Row) -> None:
        """Write one row (a story version with its export fields)."""

    @abstractmethod
    def finish_exporting(self) -> None:
        """Complete the output, sync it, and rename it to ``out``."""

    @abstractmethod
    def discard(self) -> None:
        """Remove the temporary output of an export that failed (never raises)."""


@dataclass(frozen=True)
class ExportFormat:
    """A registered format: its name, the file extensions it writes, its exporter class."""

    name: str
    extensions: tuple[str, ...]
    exporter: str  # dotted path of its RowExporter class
    partitions: bool = False  # can write a site/day partitioned folder
    help: str = ""

    def load(self) -> type[RowExporter]:
        module, _, name = self.exporter.rpartition(".")
        return getattr(import_module(module), name)


#: Every export format, by name (``--format NAME``); the first is the default.
EXPORTERS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "jsonl", (".jsonl",), "archive.exports.jsonl.JsonlExporter", help="JSON lines"
        ),
        ExportFormat(
            "jsonl.gz",
            (".jsonl.gz",),
            "archive.exports.jsonl.JsonlGzExporter",
            help="gzip-compressed JSON lines",
        ),
        ExportFormat(
            "parquet",
            (".parquet",),
            "archive.exports.parquet.ParquetExporter",
            partitions=True,
            help="Parquet with nested columns",
        ),
    )
}
DEFAULT_FORMAT = next(iter(EXPORTERS))


def _by_extension(name: str) -> ExportFormat | None:
    """The format whose extension ends ``name`` (the longest match); None for a name
    without an extension; ``ExportError`` for an extension no format writes."""
    matches = [
        (len(ext), fmt)
        for fmt in EXPORTERS.values()
        for ext in fmt.extensions
        if name.endswith(ext) and len(name) > len(ext)
    ]
    if matches:
        return max(matches, key=lambda match: match[0])[1]
    suffix = Path(name).suffix
    if not suffix:
        return None
    known = ", ".join(ext for fmt in EXPORTERS.values() for ext in fmt.extensions)
    raise ExportError(f"--out {name}: no export format writes {suffix} files (known: {known})")


def export_format(out: Path, name: str | None = None, *, partitioned: bool = False) -> ExportFormat:
    """The format of an export to ``out``: ``name`` (``--format``) if given, else the one
    ``out``'s extension names, else the default. An extension no format writes, or one of
    another format than ``name``, is refused; ``--format jsonl`` with a ``.jsonl.gz`` name
    writes compressed JSON lines (the same rows)."""
    by_extension = _by_extension(out.name)
    if name is None:
        fmt = by_extension or EXPORTERS[DEFAULT_FORMAT]
    else:
        if name not in EXPORTERS:
            raise ExportError(f"format must be one of {', '.join(EXPORTERS)}, not {name!r}")
        fmt = EXPORTERS[name]
        if by_extension is not None and by_extension is not fmt:
            if by_extension.name != f"{fmt.name}.gz":
                raise ExportError(
                    f"--out {out.name} names a {by_extension.name} file, not {fmt.name}: "
                    f"name it *{fmt.extensions[0]} or leave out --format"
                )
            fmt = by_extension
    if partitioned and not fmt.partitions:
        writers = " or ".join(f.name for f in EXPORTERS.values() if f.partitions)
        raise ExportError(f"--partitioned needs --format {writers}")
    return fmt
