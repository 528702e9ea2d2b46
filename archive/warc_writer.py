"""Streaming writer of rotating, gzip-per-record WARC/1.1 files (Scrapy-free).

Why it looks like this: the archive has to replay in pywb / ReplayWeb.page exactly like a
Heritrix capture and pass ``warcio check``, so every fetch becomes a ``response`` record and a
``request`` record, each in its own gzip member, in files that are only given their final name
once they are complete.

Layout
    * File names: ``<prefix>-<UTC YYYYmmddHHMMSSfff>-<serial 00000>-<host_tag>.warc.gz``. While a
      file is being written it ends in ``.open``; it is fsynced and renamed on :meth:`close` or
      when it has passed ``max_size`` (rotation happens between exchanges, so a request/response
      pair never spans two files). Files are opened lazily on the first exchange, so a crawl that
      fetches nothing leaves no empty WARC behind.
    * Every file starts with one ``warcinfo`` record (software, format, conformsTo, hostname, plus
      caller-supplied fields such as the seed name or operator).
    * Record order per exchange is Heritrix's: ``response`` first, then ``request``. The request
      record carries ``WARC-Concurrent-To: <response record id>``; both share ``WARC-Date`` (the
      fetch time, with microseconds as WARC/1.1 allows) and ``WARC-Target-URI``. Both carry
      ``WARC-Warcinfo-ID`` pointing at the file's warcinfo record.
    * The returned :class:`WarcPointer` addresses the response record's gzip member
      (offset/length), which is what CDX(J) indexes and pywb need.
    * Deduplication (Heritrix style): when the caller passes ``revisit_of`` (the original capture
      of the same URL with the same payload digest, from :mod:`archive.stores.digest_index`), the
      ``response`` record is replaced by a ``revisit`` record with profile
      ``http://netpreserve.org/warc/1.1/revisit/identical-payload-digest`` (WARC/1.1 section
      6.7.2), ``WARC-Refers-To``, ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date`` and
      ``WARC-Payload-Digest``; it keeps this fetch's HTTP status line and headers but no payload.
      pywb and ReplayWeb.page replay it with the original's payload. The request record is
      written as usual.
    * A ``304`` to a conditional request (``not_modified=True``) becomes a ``revisit`` record
      with profile ``http://netpreserve.org/warc/1.1/revisit/server-not-modified`` (WARC/1.1
      section 6.7.3): this fetch's status line and headers, no payload, and when the confirmed
      capture is known (``revisit_of``) its ``WARC-Refers-To*`` and payload digest.
    * :meth:`WarcFileWriter.write_metadata` appends a ``metadata`` record
      (``application/warc-fields``, ``WARC-Refers-To`` the capture it describes), e.g. an item
      re-extracted from a response; indexers skip such records, so replay is unaffected.

Header normalization (why: the body we get has already lost its chunked framing, and the
WARC's HTTP headers must describe the bytes actually stored, otherwise warcio and pywb mis-read
the payload):
    * The body is stored exactly as received after transfer decoding, i.e. *content* codings stay
      (gzip bytes remain gzip bytes, ``Content-Encoding`` is kept).
    * ``Transfer-Encoding: chunked``: the header is removed and kept as
      ``X-Newsarchiver-Orig-Transfer-Encoding: chunked``; any ``Content-Length`` sent alongside it
      is kept as ``X-Newsarchiver-Orig-Content-Length``; ``Content-Length`` is set to the stored
      body length.
    * Otherwise, if ``Content-Length`` disagrees with the stored body length (truncated transfer,
      duplicated/invalid header), the real body is kept, ``Content-Length`` is set to its length
      and the original value(s) are kept as ``X-Newsarchiver-Orig-Content-Length``.
    * A missing ``Content-Length`` is left missing (the record boundary delimits the body, like a
      close-delimited HTTP/1.x message) - we do not invent headers the server did not send.
    * Responses that have no body by definition (to ``HEAD``, 1xx, 204, 304) keep their
      ``Content-Length`` untouched, since there it describes the representation, not the body.
    * The request record uses origin-form (``METHOD /path?query HTTP/1.1``) even when the crawler
      went through a forward proxy, and gets a ``Host`` header from the URL if none was given.
    * Header values that are not ASCII are %-encoded by warcio (RFC 8187 style); CR/LF inside
      names or values are removed (they would corrupt the record).
    * An empty reason phrase is replaced by the standard one for the code (pywb replays a bare
      ``HTTP/1.1 200`` as ``200 None``); protocol ids like ``h2`` become ``HTTP/2`` in the status
      line (there is no standard HTTP/2 serialization in WARC; this mirrors curl's output).

Durability: warcio flushes after every record, so a killed process loses at most the record being
written (a kill between the two records can leave a response without its request record; both
are still valid WARC). A pair that fails half-way with an exception is truncated away. Data is
fsynced only when a file is finished. ``WARC-Truncated`` can be set per exchange for partial
bodies.

Crash recovery: on construction, stale ``*.warc.gz.open`` files in the directory that no live
writer holds (each writer keeps an exclusive ``flock`` on its open file) are truncated after
their last complete gzip member, fsynced and renamed to their final name; empty ones are removed.
"""

from __future__ import annotations

import fcntl
import http
import io
import os
import re
import socket
import threading
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from archive.cdxj_live import LiveIndex, cdxj_line
from archive.stores.digest_index import DigestEntry, payload_digest

__all__ = [
    "NOT_MODIFIED_PROFILE",
    "REVISIT_PROFILE",
    "WarcFileWriter",
    "WarcPointer",
    "host_from_url",
    "not_modified_fields",
    "normalize_response_headers",
    "recover_open_files",
    "target_uri",
]

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
ORIG_TE_HEADER = "X-Newsarchiver-Orig-Transfer-Encoding"
ORIG_CL_HEADER = "X-Newsarchiver-Orig-Content-Length"
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
#: WARC/1.1 section 6.7.2 (the spec spells it ``revisit``, singular).
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
#: WARC/1.1 section 6.7.3: a 304 answer to a conditional request.
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class WarcPointer:
    """Where a response (or revisit) record lives, so items can link to their exact capture.

    ``date`` is the record's WARC-Date (what a later revisit's ``WARC-Refers-To-Date`` needs);
    ``revisit_of`` is set when the record is a revisit: the original capture it refers to.
    """

    file: str
    offset: int
    length: int
    record_id: str
    payload_digest: str
    date: str = ""
    revisit_of: dict | None = None

    def to_dict(self) -> dict:
        """Plain dict (JSON-serializable) for ``request.meta`` and item logs.

        ``revisit_of`` only appears for revisit records, ``date`` only when known.
        """
        data = asdict(self)
        if data["revisit_of"] is None:
            del data["revisit_of"]
        if not data["date"]:
            del data["date"]
        return data

    @property
    def is_revisit(self) -> bool:
        return self.revisit_of is not None


def _software() -> str:
    try:
        from crawler import __version__
    except ImportError:  # archive/ must stay usable without the crawler package
        __version__ = "unknown"
    return f"newsarchiver/{__version__}"


def _sanitize_tag(tag: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9.]+", "_", tag).strip("._")
    return cleaned or "localhost"


def _warc_date(dt: datetime) -> str:
    """WARC/1.1 date with microseconds; naive datetimes are taken to be UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _http_protocol(protocol: str) -> str:
    """Status-line protocol token; ALPN ids from HTTP/2 stacks are mapped to ``HTTP/2``."""
    proto = (protocol or "").strip()
    if re.fullmatch(r"HTTP/\d(\.\d)?", proto, flags=re.IGNORECASE):
        return proto.upper()
    if proto.lower() in ("h2", "h2c"):
        return "HTTP/2"
    if proto.lower() == "http/1.0":
        return "HTTP/1.0"
    return "HTTP/1.1"


def host_from_url(url: str) -> str:
    """Host header value as Twisted computes it (default ports elided, IPv6 bracketed)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


def target_uri(url: str) -> str:
    """The ``WARC-Target-URI`` written for a fetched URL (the fragment is never sent)."""
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _origin_form(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def not_modified_fields(target: str, earlier: DigestEntry | None) -> dict[str, str]:
    """WARC fields of a *server-not-modified* revisit (WARC/1.1 section 6.7.3).

    ``earlier`` is the full capture the 304 confirmed, when known: the record then names it
    (``WARC-Refers-To``, ``-Target-URI``, ``-Date``) and carries its payload digest, which is
    what replay tools use to find the payload (pywb looks the original up by URL, date and
    digest). Without it only ``WARC-Refers-To-Target-URI`` (this URL) can be given.
    """
    fields = {"WARC-Type": "revisit", "WARC-Profile": NOT_MODIFIED_PROFILE}
    if earlier is None:
        fields["WARC-Refers-To-Target-URI"] = target
        return fields
    fields.update(
        {
            "WARC-Refers-To": earlier.record_id,
            "WARC-Refers-To-Target-URI": earlier.url,
            "WARC-Refers-To-Date": earlier.date,
            "WARC-Payload-Digest": earlier.digest,
        }
    )
    return fields


def _default_reason(status: int) -> str:
    """Standard phrase for a missing reason: pywb mis-replays status lines without one."""
    try:
        return http.HTTPStatus(int(status)).phrase
    except ValueError:
        return ""


def _has_no_body(method: str, status: int) -> bool:
    return method.upper() == "HEAD" or 100 <= status < 200 or status in (204, 304)


def _clean_pairs(headers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header pairs as str, with CR/LF removed: a stray newline would corrupt the record."""
    return [
        (str(k).replace("\r", "").replace("\n", ""), str(v).replace("\r", " ").replace("\n", " "))
        for k, v in headers
    ]


def normalize_response_headers(
    headers: Sequence[tuple[str, str]], body_length: int, *, method: str, status: int
) -> list[tuple[str, str]]:
    """Make framing headers match the stored (de-chunked) body; see the module docstring."""
    out = _clean_pairs(headers)
    if _has_no_body(method, status):
        return out
    te_values = [v for k, v in out if k.lower() == "transfer-encoding"]
    cl_values = [v for k, v in out if k.lower() == "content-length"]
    chunked = any("chunked" in v.lower() for v in te_values)
    cl_ok = len(cl_values) == 1 and cl_values[0].strip() == str(body_length)
    if not chunked and (not cl_values or cl_ok):
        return out
    result: list[tuple[str, str]] = []
    cl_placed = False
    for name, value in out:
        lname = name.lower()
        if lname == "transfer-encoding" and chunked:
            result.append((ORIG_TE_HEADER, value))
        elif lname == "content-length":
            result.append((ORIG_CL_HEADER, value))
        else:
            result.append((name, value))
            continue
        if not cl_placed:
            result.append(("Content-Length", str(body_length)))
            cl_placed = True
    return result


def _complete_members_end(fh: BinaryIO) -> int:
    """Byte offset just after the last complete gzip member (0 if there is none)."""
    fh.seek(0)
    good = pos = 0
    dec = None
    buf = b""
    while True:
        if not buf:
            buf = fh.read(_READ_CHUNK)
            if not buf:
                return good
        if dec is None:
            dec = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            dec.decompress(buf, _READ_CHUNK)  # output discarded; bounded to keep memory flat
        except zlib.error:
            return good
        if dec.eof:
            pos += len(buf) - len(dec.unused_data)
            good = pos
            buf = dec.unused_data
            dec = None
        else:
            pos += len(buf) - len(dec.unconsumed_tail)
            buf = dec.unconsumed_tail


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover_open_files(directory: Path) -> list[str]:
    """Finish ``*.warc.gz.open`` files left by a killed writer; returns the recovered names.

    Files still locked by a live writer (possibly another process) are left alone.
    """
    directory = Path(directory)
    recovered: list[str] = []
    for path in sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        try:
            fh = open(path, "r+b")  # noqa: SIM115 - closed in finally
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if not path.exists():  # renamed by its writer between glob and lock
                continue
            end = _complete_members_end(fh)
            if end == 0:
                path.unlink()
                continue
            fh.truncate(end)
            fh.flush()
            os.fsync(fh.fileno())
            if final.exists():
                continue  # never clobber a finished file; leave the .open for a human
            os.rename(path, final)
            recovered.append(final.name)
        finally:
            fh.close()
    if recovered:
        _fsync_dir(directory)
    return recovered


class WarcFileWriter:
    """Writes request/response exchanges to rotating WARC/1.1 files; one instance per crawl."""

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = "newsarchiver",
        host_tag: str | None = None,
        max_size: int = 1_000_000_000,
        warcinfo: Mapping[str, str] | None = None,
        index_dir: Path | None = None,
    ) -> None:
        """``index_dir``: the archive's ``indexes/`` folder; when given, each response and
        revisit record's CDXJ line is written as the record is (:mod:`archive.cdxj_live`),
        so the end-of-crawl index update does not read the WARC files back."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.host_tag = _sanitize_tag(host_tag if host_tag is not None else socket.gethostname())
        self.max_size = int(max_size)
        self._warcinfo_fields = {k: str(v) for k, v in (warcinfo or {}).items()}
        self.files: list[str] = []
        self.bytes_written = 0
        self.recovered: list[str] = recover_open_files(self.directory)
        self._live: LiveIndex | None = None
        if index_dir is not None:
            LiveIndex.discard_stale(index_dir)  # their WARC files were just recovered
            self._live = LiveIndex(index_dir)
        self._serial = 0
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._writer: WARCWriter | None = None
        self._warcinfo_id: str | None = None
        self._lock = threading.Lock()

    # -- file lifecycle -------------------------------------------------------------------------

    def _open_new_file(self) -> None:
        while True:
            now = datetime.now(UTC)
            stamp = now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.host_tag}{WARC_SUFFIX}"
            self._serial += 1
            final = self.directory / name
            if final.exists():
                continue
            try:
                fh = open(self.directory / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115
            except FileExistsError:
                continue
            break
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fh, self._name = fh, name
        self._writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        self.files.append(name)
        if self._live is not None:
            self._live.start(name)
        info = {
            "software": _software(),
            "format": "WARC File Format 1.1",
            "conformsTo": CONFORMS_TO,
            "hostname": socket.gethostname(),
        }
        info.update(self._warcinfo_fields)
        record = self._writer.create_warcinfo_record(name, info)
        self._warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        start = fh.tell()
        self._writer.write_record(record)
        self.bytes_written += fh.tell() - start

    def _finish_current(self) -> None:
        fh, name = self._fh, self._name
        if fh is None or name is None:
            return
        self._fh = self._name = self._writer = self._warcinfo_id = None
        try:
            fh.flush()
            os.fsync(fh.fileno())
            os.rename(self.directory / (name + OPEN_SUFFIX), self.directory / name)
            _fsync_dir(self.directory)
            if self._live is not None:
                self._live.finish()
        finally:
            fh.close()

    def _rollback(self, offset: int) -> None:
        """Drop a half-written pair so the file stays a sequence of complete members.

        If even that fails (disk full), the file is left as ``.open`` for recovery on the next
        start and the next exchange goes to a new file.
        """
        fh = self._fh
        if fh is None:
            return
        try:
            fh.seek(offset)
            fh.truncate()
            fh.flush()
        except OSError:
            self._fh = self._name = self._writer = self._warcinfo_id = None
            if self._live is not None:
                self._live.abandon()  # its WARC is recovered and read on the next start
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
        """Append a ``metadata`` record about the capture ``refers_to`` (a WARC-Record-ID).

        The block is ``application/warc-fields`` (``name: value`` lines, values on one line):
        CDXJ indexers skip such records by default, so replay tools never serve them in place of
        the capture they describe.
        """
        target = target_uri(url)
        lines = []
        for name, value in _clean_pairs(fields):
            lines.append(f"{name}: {value}\r\n")
        block = "".join(lines).encode("utf-8")
        with self._lock:
            if self._fh is None:
                self._open_new_file()
            assert self._fh is not None and self._writer is not None and self._name is not None
            fh, writer, name = self._fh, self._writer, self._name
            record_id = StatusAndHeadersParser.make_warc_id()
            record = writer.create_warc_record(
                target,
                "metadata",
                payload=io.BytesIO(block),
                length=len(block),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Type": "metadata",
                    "WARC-Record-ID": record_id,
                    "WARC-Date": _warc_date(created_at),
                    "WARC-Target-URI": target,
                    "WARC-Refers-To": refers_to,
                    "WARC-Warcinfo-ID": self._warcinfo_id or "",
                },
            )
            offset = fh.tell()
            try:
                writer.write_record(record)
            except BaseException:
                self._rollback(offset)
                raise
            end = fh.tell()
            self.bytes_written += end - offset
            pointer = WarcPointer(
                file=name,
                offset=offset,
                length=end - offset,
                record_id=record_id,
                payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                date=_warc_date(created_at),
            )
            if end >= self.max_size:
                self._finish_current()
        return pointer

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
    ) -> WarcPointer:
        """Append a response + request record pair; returns the response record's location.

        ``truncated`` (optional) becomes ``WARC-Truncated`` on the response record, e.g.
        ``"disconnect"`` when the connection broke before the announced length arrived.

        ``revisit_of`` (optional): the original capture of this URL with this very payload; a
        ``revisit`` record without payload is written instead of the response record. The
        caller guarantees the digest matches; it is checked here because a wrong revisit would
        silently replay someone else's bytes.

        ``not_modified``: the response is a ``304`` to a conditional request; it is written as a
        ``revisit`` record with profile *server-not-modified* (WARC/1.1 section 6.7.3) holding
        this fetch's status line and headers. ``revisit_of`` is then optional: the earlier
        full capture the 304 confirmed (its digest need not match the empty 304 body).
        """
        target = target_uri(url)
        method = method.upper()
        body = bytes(body)
        request_body = bytes(request_body or b"")
        date = _warc_date(fetched_at)

        reason = (reason or "").strip() or _default_reason(status)
        resp_http = StatusAndHeaders(
            f"{int(status)} {reason}" if reason else str(int(status)),
            normalize_response_headers(response_headers, len(body), method=method, status=status),
            protocol=_http_protocol(protocol),
        )
        req_headers = _clean_pairs(request_headers)
        if not any(k.lower() == "host" for k, _ in req_headers):
            req_headers.append(("Host", host_from_url(target)))
        req_http = StatusAndHeaders(
            f"{method} {_origin_form(target)} HTTP/1.1", req_headers, is_http_request=True
        )

        with self._lock:
            if self._fh is None:
                self._open_new_file()
            assert self._fh is not None and self._writer is not None and self._name is not None
            fh, writer, name = self._fh, self._writer, self._name

            response_id = StatusAndHeadersParser.make_warc_id()
            # Heritrix-like header order: type, id, date, target, then the rest.
            resp_fields = {
                "WARC-Type": "response",
                "WARC-Record-ID": response_id,
                "WARC-Date": date,
                "WARC-Target-URI": target,
            }
            if ip_address:
                resp_fields["WARC-IP-Address"] = str(ip_address)
            if truncated:
                resp_fields["WARC-Truncated"] = truncated
            resp_fields["WARC-Warcinfo-ID"] = self._warcinfo_id or ""
            if not_modified:
                resp_fields.update(not_modified_fields(target, revisit_of))
                response = writer.create_warc_record(
                    target,
                    "revisit",
                    http_headers=resp_http,
                    warc_headers_dict=resp_fields,
                )
            elif revisit_of is not None:
                digest = payload_digest(body)
                if truncated or digest != revisit_of.digest:
                    raise ValueError(f"revisit of {target}: payload digest does not match")
                resp_fields["WARC-Type"] = "revisit"
                resp_fields.update(
                    {
                        "WARC-Profile": REVISIT_PROFILE,
                        "WARC-Refers-To": revisit_of.record_id,
                        "WARC-Refers-To-Target-URI": revisit_of.url,
                        "WARC-Refers-To-Date": revisit_of.date,
                        "WARC-Payload-Digest": digest,
                    }
                )
                response = writer.create_warc_record(
                    target,
                    "revisit",
                    http_headers=resp_http,
                    warc_headers_dict=resp_fields,
                )
            else:
                response = writer.create_warc_record(
                    target,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=resp_http,
                    warc_headers_dict=resp_fields,
                )
            request = writer.create_warc_record(
                target,
                "request",
                payload=io.BytesIO(request_body),
                length=len(request_body),
                http_headers=req_http,
                warc_headers_dict={
                    "WARC-Type": "request",
                    "WARC-Record-ID": StatusAndHeadersParser.make_warc_id(),
                    "WARC-Date": date,
                    "WARC-Target-URI": target,
                    "WARC-Concurrent-To": response_id,
                    "WARC-Warcinfo-ID": self._warcinfo_id or "",
                },
            )

            offset = fh.tell()
            try:
                writer.write_record(response)
                resp_end = fh.tell()
                writer.write_record(request)
                end = fh.tell()
            except BaseException:
                self._rollback(offset)
                raise
            self.bytes_written += end - offset
            pointer = WarcPointer(
                file=name,
                offset=offset,
                length=resp_end - offset,
                record_id=response_id,
                payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
                date=date,
                revisit_of=revisit_of.to_dict() if revisit_of is not None else None,
            )
            if self._live is not None:
                self._live.add(
                    cdxj_line(
                        url=target,
                        warc_date=date,
                        rec_type=response.rec_headers.get_header("WARC-Type"),
                        http_headers=resp_http,
                        payload_digest=pointer.payload_digest,
                        offset=offset,
                        length=resp_end - offset,
                        filename=name,
                    )
                )
            if end >= self.max_size:
                self._finish_current()
        return pointer
