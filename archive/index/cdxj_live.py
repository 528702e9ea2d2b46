"""CDXJ lines written as the WARC records are written, so the index needs no second pass.

Why: after every crawl :mod:`archive.index.cdxj` indexed the new WARC files by reading them back
(decompressing and parsing every record with ``cdxj-indexer``), about a tenth of a crawl's
CPU. The writer already knows each record's URL, date, status, type, digest, offset and
length, so it hands each record to a :class:`LiveIndex` (its ``sink``), which appends the very line
``cdxj-indexer`` would produce (same fields, order and JSON; a test compares the two on a
demo crawl) to a sidecar file ``<indexes>/pending/<warc name>.cdxj``.

Lifecycle, mirroring the WARC file's: lines go to ``<name>.cdxj.open`` while the WARC is
``.open``; when the WARC is closed and renamed, the sidecar is flushed and renamed too. A
sidecar without ``.open`` is therefore complete for a closed WARC and
:func:`archive.index.cdxj.update_index` uses it instead of re-reading that file. After a crash a
``.open`` sidecar may name records the recovery truncated away, so it is deleted and the
recovered WARC is indexed by reading it, as before.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TextIO

import surt
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_timestamp

from archive.layout import PENDING_DIRNAME

SUFFIX = ".cdxj"
OPEN_SUFFIX = ".cdxj.open"
_MIME_END = re.compile(r"[;\s]")


def url_key(url: str) -> str:
    """The SURT key ``cdxj-indexer`` sorts by (the URL itself if SURT cannot parse it)."""
    try:
        return surt.surt(url)
    except Exception:  # noqa: BLE001 - cdxj-indexer falls back the same way
        return url


def cdxj_line(
    *,
    url: str,
    warc_date: str,
    rec_type: str,
    http_headers: StatusAndHeaders | None,
    payload_digest: str | None,
    offset: int,
    length: int,
    filename: str,
) -> str:
    """One CDXJ line (with ``\\n``) for a response or revisit record, as cdxj-indexer writes it."""
    index: dict[str, str] = {"url": url}
    if rec_type == "revisit":
        index["mime"] = "warc/revisit"
    elif http_headers is not None:
        mime = http_headers.get_header("Content-Type")
        if mime is not None:
            index["mime"] = _MIME_END.split(mime.strip(), 1)[0].strip()
    if http_headers is not None:
        index["status"] = http_headers.get_statuscode()
    if payload_digest:
        index["digest"] = payload_digest
    index["length"] = str(length)
    index["offset"] = str(offset)
    index["filename"] = filename
    return f"{url_key(url)} {iso_date_to_timestamp(warc_date)} {json.dumps(index)}\n"


class LiveIndex:
    """Sidecar CDXJ files next to an archive's index, one per WARC file being written; the
    WARC writer's ``sink`` (:class:`archive.warc.writer.RecordSink`)."""

    def __init__(self, index_dir: Path) -> None:
        self.directory = Path(index_dir) / PENDING_DIRNAME
        self._fh: TextIO | None = None
        self._name: str | None = None

    @classmethod
    def for_writer(cls, index_dir: Path) -> LiveIndex:
        """The sink of a new writer: sidecars a dead writer left ``.open`` are deleted first
        (their WARC files are recovered and indexed by reading them)."""
        cls.discard_stale(index_dir)
        return cls(index_dir)

    def start(self, warc_name: str) -> None:
        """A new WARC file ``warc_name`` was opened: start its sidecar."""
        self.abandon()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.directory / (warc_name + OPEN_SUFFIX), "w", encoding="utf-8")  # noqa: SIM115
        except OSError:
            return  # no sidecar: the file is indexed by reading it
        self._name = warc_name

    def add(self, line: str) -> None:
        """Append one line. A failure (disk full) drops the sidecar, never the WARC record."""
        if self._fh is not None:
            try:
                self._fh.write(line)
            except OSError:
                self.abandon()

    def add_record(self, record: ArcWarcRecord, offset: int, length: int, warc_name: str) -> None:
        """Append the line of a response or revisit ``record`` written at ``offset``."""
        self.add(
            cdxj_line(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                warc_date=record.rec_headers.get_header("WARC-Date"),
                rec_type=record.rec_headers.get_header("WARC-Type"),
                http_headers=record.http_headers,
                payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
                offset=offset,
                length=length,
                filename=warc_name,
            )
        )

    def finish(self) -> None:
        """The WARC file was closed and renamed: make its sidecar final."""
        fh, name = self._fh, self._name
        self._fh = self._name = None
        if fh is None or name is None:
            return
        path = self.directory / (name + OPEN_SUFFIX)
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(path, self.directory / (name + SUFFIX))
        except OSError:
            try:
                fh.close()
            except OSError:
                pass
            path.unlink(missing_ok=True)

    def abandon(self) -> None:
        """The WARC file ended badly, or the sidecar could not be written: drop the sidecar;
        the WARC file is then indexed by reading it."""
        fh, name = self._fh, self._name
        self._fh = self._name = None
        if fh is None or name is None:
            return
        try:
            fh.close()
        except OSError:
            pass
        (self.directory / (name + OPEN_SUFFIX)).unlink(missing_ok=True)

    @staticmethod
    def discard_stale(index_dir: Path) -> list[str]:
        """Delete sidecars of WARC files that were still open when a process died."""
        directory = Path(index_dir) / PENDING_DIRNAME
        removed = []
        for path in sorted(directory.glob("*" + OPEN_SUFFIX)) if directory.is_dir() else []:
            path.unlink(missing_ok=True)
            removed.append(path.name)
        return removed


def pending_lines(index_dir: Path, warc_name: str) -> list[str] | None:
    """The finished sidecar's lines for ``warc_name``, or None when there is none."""
    path = Path(index_dir) / PENDING_DIRNAME / (warc_name + SUFFIX)
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readlines()
    except FileNotFoundError:
        return None


def drop_pending(index_dir: Path, warc_names: list[str]) -> None:
    """Sidecars whose lines are merged into the index are not needed any more."""
    directory = Path(index_dir) / PENDING_DIRNAME
    for name in warc_names:
        (directory / (name + SUFFIX)).unlink(missing_ok=True)
