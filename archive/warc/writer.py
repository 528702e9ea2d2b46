"""Streaming writer of rotating, gzip-per-record WARC/1.1 files (Scrapy-free).

Why it looks like this: the archive has to replay in pywb / ReplayWeb.page exactly like a
Heritrix capture and pass ``warcio check``, so every fetch becomes a ``response`` record and a
``request`` record, each in its own gzip member, in files that are only given their final name
once they are complete. What the records say is :mod:`archive.warc.records` and
:mod:`archive.warc.headers`; this module only appends them.

Files
    * Names: ``<prefix>-<UTC YYYYmmddHHMMSSfff>-<serial 00000>-<host_tag>.warc.gz``. While a
      file is being written it ends in ``.open``; it is fsynced and renamed on :meth:`close` or
      when it has passed ``max_size`` (rotation happens between appends, so a request/response
      pair never spans two files). Files are opened lazily on the first append, so a crawl that
      fetches nothing leaves no empty WARC behind.
    * Every file starts with one ``warcinfo`` record (software, format, conformsTo, hostname,
      plus caller-supplied fields such as the seed name or operator).
    * The returned :class:`WarcPointer` addresses the response record's gzip member
      (offset/length), which is what CDX(J) indexes and pywb need.

One write path: every public ``write_*`` builds its records and hands them to
:meth:`WarcFileWriter._append`, which opens a file if needed, writes the records, cuts a
half-written group back, tells the ``sink`` (the live CDXJ index,
:mod:`archive.index.cdxj_live`, which this layer does not import) and rotates. An ``OSError``
there (full disk, I/O error) is passed to the ``on_error`` hook before it is raised, so a
caller (the crawl's disk-full handling) hears of every failed write, whatever the record type.

Durability: warcio flushes after every record, so a killed process loses at most the record being
written (a kill between the two records can leave a response without its request record; both
are still valid WARC). A group that fails half-way with an exception is truncated away; if even
that fails (disk full) the file stays ``.open`` for recovery (:mod:`archive.warc.recovery`) and
the next append opens a new file. Data is fsynced only when a file is finished.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol

from warcio.recordloader import ArcWarcRecord

from archive.warc import headers, records
from archive.warc.digests import DigestEntry
from archive.warc.members import MemberWriter
from archive.warc.pointer import WarcPointer
from archive.warc.recovery import OPEN_SUFFIX, WARC_SUFFIX, fsync_dir, recover_open_files

#: Default size after which a WARC file is finished and the next one started (1 GB, the
#: customary size for WARC files). The crawl's ``NEWSARCHIVER_WARC_MAX_SIZE`` defaults to it.
DEFAULT_MAX_SIZE = 1_000_000_000
#: Default first part of WARC file names (``NEWSARCHIVER_WARC_PREFIX`` defaults to it).
DEFAULT_PREFIX = "newsarchiver"

#: ``on_error(path, exc)``: a write to ``path`` (the open WARC file, or the folder) failed.
ErrorHook = Callable[[Path, OSError], None]
#: Builds the records of one append, given the current file's warcinfo record id.
Build = Callable[[str], list[ArcWarcRecord]]


class RecordSink(Protocol):
    """Hears of every file and every response/revisit record the writer writes, in order.

    Why a protocol: the live CDXJ index (:class:`archive.index.cdxj_live.LiveIndex`) sits in the
    layer above the WARC format; the writer calls it through this interface instead of
    importing it."""

    def start(self, warc_name: str) -> None:
        """A new WARC file ``warc_name`` was opened."""

    def add_record(self, record: ArcWarcRecord, offset: int, length: int, warc_name: str) -> None:
        """``record`` was written at ``offset`` (``length`` bytes) of ``warc_name``."""

    def finish(self) -> None:
        """The current file was fsynced and renamed: it is complete."""

    def abandon(self) -> None:
        """The current file ended badly (left ``.open`` for recovery)."""


@dataclass(frozen=True)
class Appended:
    """What one append wrote: the file, each record's (offset, length), the records."""

    file: str
    spans: list[tuple[int, int]]
    records: list[ArcWarcRecord]

    def pointer(self, date: str, revisit_of: DigestEntry | None = None) -> WarcPointer:
        """Where the group's first record (the one items point at) now lives."""
        record, (offset, length) = self.records[0], self.spans[0]
        return WarcPointer(
            file=self.file,
            offset=offset,
            length=length,
            record_id=records.record_id(record),
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
            date=date,
            revisit_of=revisit_of.to_dict() if revisit_of is not None else None,
        )


@functools.cache
def software() -> str:
    """The ``software`` field of warcinfo records (the version of the installed package)."""
    try:
        return f"newsarchiver/{version('newsarchiver')}"
    except PackageNotFoundError:
        return "newsarchiver/unknown"


def _sanitize_tag(tag: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9.]+", "_", tag).strip("._")
    return cleaned or "localhost"


class WarcFileWriter:
    """Writes request/response exchanges to rotating WARC/1.1 files; one instance per crawl."""

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = DEFAULT_PREFIX,
        host_tag: str | None = None,
        max_size: int = DEFAULT_MAX_SIZE,
        warcinfo: Mapping[str, str] | None = None,
        sink: RecordSink | None = None,
        on_error: ErrorHook | None = None,
    ) -> None:
        """``sink``: told of each file and each response and revisit record as it is written
        (the crawl passes the live CDXJ index, so the end-of-crawl index update does not read
        the WARC files back).
        ``on_error``: called with the path and the error when a write fails (see above)."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.host_tag = _sanitize_tag(host_tag if host_tag is not None else socket.gethostname())
        self.max_size = int(max_size)
        self.on_error = on_error
        self._warcinfo_fields = {k: str(v) for k, v in (warcinfo or {}).items()}
        self.files: list[str] = []
        self.bytes_written = 0
        self.recovered: list[str] = recover_open_files(self.directory)
        self._sink = sink
        self._serial = 0
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._writer: MemberWriter | None = None
        self._warcinfo_id: str | None = None
        self._lock = threading.Lock()

    @property
    def open_path(self) -> Path | None:
        """The ``.open`` file being written, if any."""
        return self.directory / (self._name + OPEN_SUFFIX) if self._name else None

    # -- the one write path -------------------------------------------------------------------

    def _append(self, build: Build, *, index: bool = False) -> Appended:
        """Write the records ``build`` returns as one group (see the module docstring)."""
        with self._lock:
            failed_at = self.open_path or self.directory
            try:
                if self._fh is None:
                    self._open_new_file()
                assert self._fh is not None and self._warcinfo_id is not None
                done = self._write_group(build(self._warcinfo_id))
                if index:
                    self._index(done)
                if self._fh.tell() >= self.max_size:
                    self._finish_current()
                return done
            except OSError as exc:
                if self.on_error is not None:
                    self.on_error(failed_at, exc)
                raise

    def _write_group(self, group: list[ArcWarcRecord]) -> Appended:
        fh, writer, name = self._fh, self._writer, self._name
        assert fh is not None and writer is not None and name is not None
        start = offset = fh.tell()
        spans = []
        try:
            for record in group:
                writer.write_record(record)
                end = fh.tell()
                spans.append((offset, end - offset))
                offset = end
        except BaseException:
            self._rollback(start)
            raise
        self.bytes_written += offset - start
        return Appended(name, spans, group)

    def _index(self, done: Appended) -> None:
        if self._sink is not None:
            (offset, length) = done.spans[0]
            self._sink.add_record(done.records[0], offset, length, done.file)

    # -- file lifecycle -------------------------------------------------------------------------

    def _open_new_file(self) -> None:
        while True:
            now = datetime.now(UTC)
            stamp = now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.host_tag}{WARC_SUFFIX}"
            self._serial += 1
            if (self.directory / name).exists():
                continue
            try:
                fh = open(self.directory / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115
            except FileExistsError:
                continue
            break
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fh, self._name = fh, name
        self._writer = MemberWriter(fh)
        self.files.append(name)
        if self._sink is not None:
            self._sink.start(name)
        record = records.warcinfo_record(name, software(), self._warcinfo_fields)
        self._warcinfo_id = records.record_id(record)
        start = fh.tell()
        self._writer.write_record(record)
        self.bytes_written += fh.tell() - start

    def _forget_file(self) -> None:
        self._fh = self._name = self._writer = self._warcinfo_id = None

    def _finish_current(self) -> None:
        fh, name = self._fh, self._name
        if fh is None or name is None:
            return
        self._forget_file()
        try:
            fh.flush()
            os.fsync(fh.fileno())
            os.rename(self.directory / (name + OPEN_SUFFIX), self.directory / name)
            fsync_dir(self.directory)
            if self._sink is not None:
                self._sink.finish()
        finally:
            fh.close()

    def _rollback(self, offset: int) -> None:
        """Drop a half-written group so the file stays a sequence of complete members.

        If even that fails (disk full), the file is left as ``.open`` for recovery on the next
        start and the next append goes to a new file.
        """
        fh = self._fh
        if fh is None:
            return
        try:
            fh.seek(offset)
            fh.truncate()
            fh.flush()
        except OSError:
            self._forget_file()
            if self._sink is not None:
                self._sink.abandon()  # its WARC is recovered and read on the next start
            try:
                fh.close()
            except OSError:
                pass

    def close(self) -> None:
        """Finish and rename the current file (idempotent); the next write opens a new file."""
        with self._lock:
            self._finish_current()

    def __enter__(self) -> WarcFileWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- records --------------------------------------------------------------------------------

    def write_metadata(
        self,
        *,
        url: str,
        refers_to: str,
        fields: Sequence[tuple[str, str]],
        created_at: datetime,
    ) -> WarcPointer:
        """Append a ``metadata`` record about the capture ``refers_to`` (a WARC-Record-ID)."""
        target, date = headers.target_uri(url), records.warc_date(created_at)

        def build(warcinfo_id: str) -> list[ArcWarcRecord]:
            return [
                records.metadata_record(
                    target=target,
                    date=date,
                    refers_to=refers_to,
                    fields=fields,
                    warcinfo_id=warcinfo_id,
                )
            ]

        return self._append(build).pointer(date)

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: Sequence[tuple[str, str]],
        request_body: bytes,
        protocol: str,
        status: int,
        reason: str,
        response_headers: Sequence[tuple[str, str]],
        body: bytes,
        ip_address: str | None,
        fetched_at: datetime,
        truncated: str | None = None,
        revisit_of: DigestEntry | None = None,
        not_modified: bool = False,
        metadata: Sequence[tuple[str, str]] | None = None,
    ) -> WarcPointer:
        """Append a response + request record pair; returns the response record's location.

        ``metadata`` (optional): warc-fields about this fetch (the crawl's context of it),
        written after the pair as a ``metadata`` record concurrent to the response, in the
        same group, so it is never separated from the capture it describes.

        ``truncated`` (optional) becomes ``WARC-Truncated`` on the response record, e.g.
        ``"disconnect"`` when the connection broke before the announced length arrived.

        ``revisit_of`` (optional): the original capture of this URL with this very payload; a
        ``revisit`` record without payload is written instead of the response record (the
        digest is checked: a wrong revisit would silently replay someone else's bytes).

        ``not_modified``: the response is a ``304`` to a conditional request; it is written as a
        ``revisit`` record with profile *server-not-modified* (WARC/1.1 section 6.7.3) holding
        this fetch's status line and headers. ``revisit_of`` is then optional: the earlier
        full capture the 304 confirmed (its digest need not match the empty 304 body).
        """
        target, date = headers.target_uri(url), records.warc_date(fetched_at)
        method, body = method.upper(), bytes(body)
        request_body = bytes(request_body or b"")
        resp_http = headers.response_http_headers(
            method=method,
            protocol=protocol,
            status=status,
            reason=reason,
            headers=response_headers,
            body_length=len(body),
        )
        req_http = headers.request_http_headers(
            method=method, target=target, headers=request_headers
        )

        def build(warcinfo_id: str) -> list[ArcWarcRecord]:
            capture = records.ResponseHead(
                target, date, resp_http, warcinfo_id, ip_address, truncated
            )
            if not_modified:
                response = records.not_modified_revisit_record(capture, revisit_of)
            elif revisit_of is not None:
                response = records.identical_payload_revisit_record(capture, body, revisit_of)
            else:
                response = records.response_record(capture, body)
            request = records.request_record(
                target=target,
                date=date,
                http_headers=req_http,
                body=request_body,
                concurrent_to=records.record_id(response),
                warcinfo_id=warcinfo_id,
            )
            if metadata is None:
                return [response, request]
            about = records.metadata_record(
                target=target,
                date=date,
                concurrent_to=records.record_id(response),
                fields=metadata,
                warcinfo_id=warcinfo_id,
            )
            return [response, request, about]

        return self._append(build, index=True).pointer(date, revisit_of)
