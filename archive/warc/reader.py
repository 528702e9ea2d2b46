"""Read the captures of WARC files back: one per fetch, its response and request records.

The formats are the interface: re-extraction (and anything else that audits an archive) reads
what the crawl wrote without Scrapy. A :class:`ArchivedCapture` is the ``response`` (or ``revisit``)
record of one fetch with its status line and headers as archived, the method and headers of the
``request`` record written with it (``WARC-Concurrent-To``), and the item pointer
(:class:`~archive.warc.pointer.WarcPointer`) of the record, the same one the crawl put in its
item.

A revisit record of profile identical-payload-digest carries no payload: its body is read from
the original it refers to (``WARC-Refers-To``), looked up in the files given and then in the
other WARC files of the same folders, and its pointer names that original (``revisit_of``), as
the crawl's pointer does. A ``304`` (profile server-not-modified) keeps its own empty body.

Bodies are content-decoded by warcio (``Content-Encoding`` gzip, deflate, br), and only for the
captures the caller wants (``want(url)``): a scan for articles does not decompress every image.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archive.warc.digests import DigestEntry
from archive.warc.pointer import WarcPointer
from archive.warc.records import REVISIT_PROFILE

#: Content type of metadata records made of ``name: value`` lines (WARC/1.1 section 5.3).
WARC_FIELDS = "application/warc-fields"


@dataclass(frozen=True)
class ArchivedCapture:
    """One archived fetch.

    ``body`` is the HTTP payload with its content coding undone; it is ``None`` when it cannot
    be had, and ``problem`` then says why in words (original of a revisit not found, a content
    coding warcio does not know). ``headers`` are the response headers as archived (name case,
    order and repeats kept), so ``Content-Encoding`` still names the coding ``body`` was sent in.
    """

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    pointer: WarcPointer
    record_type: str
    body: bytes | None = None
    truncated: str | None = None
    method: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()
    problem: str | None = None
    #: The warc-fields of the ``metadata`` record written with the capture (the crawl's
    #: context of the fetch), name/value pairs in record order; empty when there is none.
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Location:
    path: Path
    offset: int
    length: int


class DamagedWarc(ValueError):
    """A file that is not a WARC file, or one cut short (``str(err)``: one line)."""


def _raise(error: DamagedWarc) -> None:
    raise error


def iter_captures(
    paths: Iterable[Path],
    *,
    want: Callable[[str], bool] | None = None,
    on_damaged: Callable[[DamagedWarc], None] = _raise,
) -> Iterator[ArchivedCapture]:
    """Every capture of ``paths`` (in file order) whose target URL ``want`` accepts.

    Revisits whose original is in a later file, or only in a sibling file, come after the
    others, once their original has been found. A file that is not a WARC file, or that ends
    in an incomplete record (a truncated ``.warc.gz``), is passed to ``on_damaged`` (default:
    raised) after the captures of its complete records; a capture whose own record is cut
    short has no body and says so in ``problem``.
    """
    paths = [Path(p) for p in paths]
    originals: dict[str, _Location] = {}
    pending: list[tuple[ArchivedCapture, str]] = []
    for path in paths:
        with _reading(path, on_damaged):
            for capture, refers_to in _captures_in(path, want, originals):
                if refers_to is None:
                    yield capture
                elif refers_to in originals:
                    yield _with_original(capture, originals[refers_to])
                else:
                    pending.append((capture, refers_to))
    if not pending:
        return
    wanted = {ref for _, ref in pending} - set(originals)
    for sibling in _siblings(paths):
        if wanted <= set(originals):
            break
        with _reading(sibling, on_damaged):
            _locate_in(sibling, wanted, originals)
    for capture, refers_to in pending:
        location = originals.get(refers_to)
        if location is None:
            yield replace(capture, problem=f"original of revisit not found ({refers_to})")
        else:
            yield _with_original(capture, location)


def _captures_in(
    path: Path, want: Callable[[str], bool] | None, originals: dict[str, _Location]
) -> Iterator[tuple[ArchivedCapture, str | None]]:
    """The captures of one file, each with the record id its payload must come from (or None).

    Records every response record's location in ``originals`` on the way. The request record
    and the warc-fields ``metadata`` record the writer puts right after its response (both
    ``WARC-Concurrent-To`` it) are attached to that response's capture.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        records = ArchiveIterator(fh)
        complete = _Complete(path, records)
        last: tuple[ArchivedCapture, str | None] | None = None
        for record in complete:
            if record.rec_type in ("request", "metadata") and last is not None:
                concurrent_to = record.rec_headers.get_header("WARC-Concurrent-To")
                if concurrent_to == last[0].pointer.record_id:
                    last = (_with_concurrent(last[0], record), last[1])
                    continue
            if last is not None:
                yield last
                last = None
            if record.rec_type not in ("response", "revisit") or not record.http_headers:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            wanted = want is None or want(url)
            body, problem = (
                _content(record) if wanted and record.rec_type == "response" else (None, None)
            )
            records.read_to_end(record)
            location = _Location(path, records.get_record_offset(), records.get_record_length())
            cut = _cut_short(records)
            if record.rec_type == "response" and not cut:
                originals.setdefault(record.rec_headers.get_header("WARC-Record-ID"), location)
            if wanted:
                if cut:
                    body, problem = None, "WARC record cut short (truncated file)"
                last = _capture(record, location, body, problem)
        if last is not None:
            yield last
        if complete.end < size and path.name.endswith(".gz"):
            raise DamagedWarc(
                f"{path}: truncated: ends in an incomplete record after byte {complete.end} "
                f"of {size}; the complete records before it were read"
            )


class _Complete:
    """The records of an ArchiveIterator; ``end`` is where the last complete one ends."""

    def __init__(self, path: Path, records: ArchiveIterator) -> None:
        self.path = path
        self.records = records
        self.end = 0

    def __iter__(self) -> Iterator[ArcWarcRecord]:
        for record in self.records:
            if record.format != "warc":  # e.g. a text line that reads as an ARC header
                raise DamagedWarc(f"{self.path}: not a WARC file (a {record.format} record)")
            yield record
            self.records.read_to_end(record)  # a no-op when the caller read it already
            if not _cut_short(self.records):
                self.end = self.records.get_record_offset() + self.records.get_record_length()


def _cut_short(records: ArchiveIterator) -> bool:
    """Whether the record just read ended before its gzip member did (file truncated)."""
    reader = records.reader
    decompressor = reader.decompressor if reader is not None else None
    return decompressor is not None and not getattr(decompressor, "eof", True)


@contextmanager
def _reading(path: Path, on_damaged: Callable[[DamagedWarc], None]) -> Iterator[None]:
    """Reading one file: a file warcio cannot read, or one cut short, goes to ``on_damaged``."""
    try:
        yield
    except DamagedWarc as exc:
        on_damaged(exc)
    except (ArchiveLoadFailed, zlib.error, EOFError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        text = text.encode("ascii", "backslashreplace").decode("ascii")
        on_damaged(DamagedWarc(f"{path}: not a WARC file ({text[:120]})"))


def _capture(
    record: ArcWarcRecord, location: _Location, body: bytes | None, problem: str | None
) -> tuple[ArchivedCapture, str | None]:
    """The capture of a response or revisit record, and the original it needs (or None)."""
    headers = record.rec_headers
    refers_to = None  # an identical-payload revisit's body is its original's
    if record.rec_type == "revisit" and headers.get_header("WARC-Profile") == REVISIT_PROFILE:
        refers_to = headers.get_header("WARC-Refers-To")
    elif record.rec_type == "revisit":
        body = b""  # a 304: nothing but the status line and headers
    pointer = WarcPointer(
        file=location.path.name,
        offset=location.offset,
        length=location.length,
        record_id=headers.get_header("WARC-Record-ID"),
        payload_digest=headers.get_header("WARC-Payload-Digest") or "",
        date=headers.get_header("WARC-Date") or "",
    )
    capture = ArchivedCapture(
        url=headers.get_header("WARC-Target-URI") or "",
        status=int(record.http_headers.get_statuscode() or 0),
        headers=tuple(record.http_headers.headers),
        pointer=pointer,
        record_type=record.rec_type,
        body=body,
        truncated=headers.get_header("WARC-Truncated"),
        problem=problem,
    )
    return capture, refers_to


def _with_concurrent(capture: ArchivedCapture, record: ArcWarcRecord) -> ArchivedCapture:
    """The capture with its request record or its metadata record attached."""
    if record.rec_type == "metadata":
        return replace(capture, metadata=_warc_fields(record))
    return _with_request(capture, record)


def _warc_fields(record: ArcWarcRecord) -> tuple[tuple[str, str], ...]:
    """The name/value lines of an ``application/warc-fields`` block (none for another type)."""
    if (record.content_type or "").split(";")[0].strip() != WARC_FIELDS:
        return ()
    text = record.content_stream().read().decode("utf-8", "replace")
    pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return tuple((name.strip(), value.strip()) for name, value in pairs)


def _with_request(capture: ArchivedCapture, record: ArcWarcRecord) -> ArchivedCapture:
    http = record.http_headers
    method = http.protocol if http is not None else None  # "GET /path HTTP/1.1": protocol = GET
    pairs = tuple(http.headers) if http is not None else ()
    return replace(capture, method=method, request_headers=pairs)


def _content(record: ArcWarcRecord) -> tuple[bytes | None, str | None]:
    """The record's HTTP payload with its content coding undone, or None and why not."""
    coding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    if (
        coding
        and coding != "identity"
        and coding not in BufferedReader.get_supported_decompressors()
    ):
        return None, f"cannot decode content-encoding {coding!r}"
    return record.content_stream().read(), None


def _with_original(capture: ArchivedCapture, location: _Location) -> ArchivedCapture:
    """A revisit with the body of its original and the pointer's ``revisit_of`` filled in."""
    with open(location.path, "rb") as fh:
        fh.seek(location.offset)
        original = next(iter(ArchiveIterator(fh)))
        body, problem = _content(original)
        headers = original.rec_headers
        entry = DigestEntry(
            url=headers.get_header("WARC-Target-URI"),
            digest=headers.get_header("WARC-Payload-Digest"),
            record_id=headers.get_header("WARC-Record-ID"),
            date=headers.get_header("WARC-Date"),
            file=location.path.name,
            offset=location.offset,
            length=location.length,
        )
    pointer = replace(capture.pointer, revisit_of=entry.to_dict())
    return replace(capture, body=body, problem=problem, pointer=pointer)


def _siblings(paths: list[Path]) -> list[Path]:
    """The other WARC files of the folders ``paths`` are in: where older originals live."""
    given = {p.resolve() for p in paths}
    folders = {p.parent for p in given}
    return sorted({q for d in folders for q in d.glob("*.warc.gz")} - given)


def _locate_in(path: Path, wanted: set[str], found: dict[str, _Location]) -> None:
    """Add the location of each response record in ``wanted`` found in ``path``."""
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response":
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            records.read_to_end(record)
            if record_id in wanted and not _cut_short(records):
                location = _Location(path, records.get_record_offset(), records.get_record_length())
                found.setdefault(record_id, location)
