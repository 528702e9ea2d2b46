"""Read the captures of WARC files back: one per fetch, its response and request records.

The formats are the interface: re-extraction (and anything else that audits an archive) reads
what the crawl wrote without Scrapy. A :class:`Capture` is the ``response`` (or ``revisit``)
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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecord

from archive.stores.digest_index import DigestEntry
from archive.warc.pointer import WarcPointer
from archive.warc.records import REVISIT_PROFILE


@dataclass(frozen=True)
class Capture:
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


@dataclass(frozen=True)
class _Location:
    path: Path
    offset: int
    length: int


def iter_captures(
    paths: Iterable[Path], *, want: Callable[[str], bool] | None = None
) -> Iterator[Capture]:
    """Every capture of ``paths`` (in file order) whose target URL ``want`` accepts.

    Revisits whose original is in a later file, or only in a sibling file, come after the
    others, once their original has been found.
    """
    paths = [Path(p) for p in paths]
    originals: dict[str, _Location] = {}
    pending: list[tuple[Capture, str]] = []
    for path in paths:
        for capture, refers_to in _captures_in(path, want, originals):
            if refers_to is None:
                yield capture
            elif refers_to in originals:
                yield _with_original(capture, originals[refers_to])
            else:
                pending.append((capture, refers_to))
    if not pending:
        return
    _locate({ref for _, ref in pending} - set(originals), _siblings(paths), originals)
    for capture, refers_to in pending:
        location = originals.get(refers_to)
        if location is None:
            yield replace(capture, problem=f"original of revisit not found ({refers_to})")
        else:
            yield _with_original(capture, location)


def _captures_in(
    path: Path, want: Callable[[str], bool] | None, originals: dict[str, _Location]
) -> Iterator[tuple[Capture, str | None]]:
    """The captures of one file, each with the record id its payload must come from (or None).

    Records every response record's location in ``originals`` on the way. The request record
    the writer puts right after its response is attached to that response's capture.
    """
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        last: tuple[Capture, str | None] | None = None
        for record in records:
            if record.rec_type == "request" and last is not None:
                concurrent_to = record.rec_headers.get_header("WARC-Concurrent-To")
                if concurrent_to == last[0].pointer.record_id:
                    last = (_with_request(last[0], record), last[1])
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
            if record.rec_type == "response":
                originals.setdefault(record.rec_headers.get_header("WARC-Record-ID"), location)
            if wanted:
                last = _capture(record, location, body, problem)
        if last is not None:
            yield last


def _capture(
    record: ArcWarcRecord, location: _Location, body: bytes | None, problem: str | None
) -> tuple[Capture, str | None]:
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
    capture = Capture(
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


def _with_request(capture: Capture, record: ArcWarcRecord) -> Capture:
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


def _with_original(capture: Capture, location: _Location) -> Capture:
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


def _locate(wanted: set[str], paths: list[Path], found: dict[str, _Location]) -> None:
    """Add the location of each response record in ``wanted`` found in ``paths``."""
    for path in paths:
        if wanted <= set(found):
            return
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response":
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                records.read_to_end(record)
                if record_id in wanted:
                    found.setdefault(
                        record_id,
                        _Location(path, records.get_record_offset(), records.get_record_length()),
                    )
