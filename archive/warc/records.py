"""WARC record builders, one per record type; they build records, the writer appends them.

Why separate (as in warcio): what a record says is one question, where and how it is written
(gzip member, offsets, rollback, rotation) another. Every builder returns a warcio record;
:class:`archive.warc.writer.WarcFileWriter` is the only code that writes one.

Record order per exchange is Heritrix's: ``response`` (or ``revisit``) first, then ``request``.
The request record carries ``WARC-Concurrent-To: <response record id>``; both share
``WARC-Date`` (the fetch time, with microseconds as WARC/1.1 allows) and
``WARC-Target-URI``, and name the file's ``warcinfo`` record in ``WARC-Warcinfo-ID``.

Revisits (WARC/1.1 section 6.7): *identical-payload-digest* (6.7.2) when the payload equals
an earlier capture's (``WARC-Refers-To*`` and ``WARC-Payload-Digest`` name it; it keeps this
fetch's status line and headers but no payload), *server-not-modified* (6.7.3) for a 304 to a
conditional request (the confirmed capture, when known, is named the same way).
"""

from __future__ import annotations

import io
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from archive.warc.digests import DigestEntry, payload_digest
from archive.warc.headers import clean_pairs

CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
#: WARC/1.1 section 6.7.2 (the spec spells it ``revisit``, singular).
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
#: WARC/1.1 section 6.7.3: a 304 answer to a conditional request.
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

_BUILDER = RecordBuilder(warc_version="WARC/1.1")


def warc_date(dt: datetime) -> str:
    """WARC/1.1 date with microseconds; naive datetimes are taken to be UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_record_id() -> str:
    return StatusAndHeadersParser.make_warc_id()


def record_id(record: ArcWarcRecord) -> str:
    return record.rec_headers.get_header("WARC-Record-ID")


def warcinfo_record(filename: str, software: str, fields: Mapping[str, str]) -> ArcWarcRecord:
    """The record every file starts with: software, format, conformsTo, hostname + ``fields``."""
    info = {
        "software": software,
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "hostname": socket.gethostname(),
    }
    info.update(fields)
    return _BUILDER.create_warcinfo_record(filename, info)


@dataclass(frozen=True)
class ResponseHead:
    """The head of the response-side record of one exchange (all but its payload): a
    ``response`` or a ``revisit`` record is built from it."""

    target: str
    date: str
    http_headers: StatusAndHeaders
    warcinfo_id: str
    ip_address: str | None = None
    truncated: str | None = None

    def fields(self, rec_type: str) -> dict[str, str]:
        """Heritrix-like header order: type, id, date, target, then the rest."""
        fields = {
            "WARC-Type": rec_type,
            "WARC-Record-ID": new_record_id(),
            "WARC-Date": self.date,
            "WARC-Target-URI": self.target,
        }
        if self.ip_address:
            fields["WARC-IP-Address"] = str(self.ip_address)
        if self.truncated:
            fields["WARC-Truncated"] = self.truncated
        fields["WARC-Warcinfo-ID"] = self.warcinfo_id
        return fields

    def revisit(self, fields: dict[str, str]) -> ArcWarcRecord:
        """A payload-less ``revisit`` record with this capture's status line and headers."""
        return _BUILDER.create_warc_record(
            self.target, "revisit", http_headers=self.http_headers, warc_headers_dict=fields
        )


def response_record(capture: ResponseHead, body: bytes) -> ArcWarcRecord:
    """A full ``response`` record (status line, headers, payload)."""
    return _BUILDER.create_warc_record(
        capture.target,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=capture.http_headers,
        warc_headers_dict=capture.fields("response"),
    )


def identical_payload_revisit_record(
    capture: ResponseHead, body: bytes, original: DigestEntry
) -> ArcWarcRecord:
    """A revisit of ``original``, whose payload equals ``body`` (checked: a wrong revisit
    would silently replay someone else's bytes)."""
    digest = payload_digest(body)
    if capture.truncated or digest != original.digest:
        raise ValueError(f"revisit of {capture.target}: payload digest does not match")
    fields = capture.fields("revisit")
    fields.update(
        {
            "WARC-Profile": REVISIT_PROFILE,
            "WARC-Refers-To": original.record_id,
            "WARC-Refers-To-Target-URI": original.url,
            "WARC-Refers-To-Date": original.date,
            "WARC-Payload-Digest": digest,
        }
    )
    return capture.revisit(fields)


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


def not_modified_revisit_record(
    capture: ResponseHead, earlier: DigestEntry | None
) -> ArcWarcRecord:
    """A 304's revisit record: this fetch's status line and headers, no payload."""
    fields = capture.fields("response")
    fields.update(not_modified_fields(capture.target, earlier))
    return capture.revisit(fields)


def request_record(
    *,
    target: str,
    date: str,
    http_headers: StatusAndHeaders,
    body: bytes,
    concurrent_to: str,
    warcinfo_id: str,
) -> ArcWarcRecord:
    """The ``request`` record of an exchange, naming its response in ``WARC-Concurrent-To``."""
    return _BUILDER.create_warc_record(
        target,
        "request",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Type": "request",
            "WARC-Record-ID": new_record_id(),
            "WARC-Date": date,
            "WARC-Target-URI": target,
            "WARC-Concurrent-To": concurrent_to,
            "WARC-Warcinfo-ID": warcinfo_id,
        },
    )


def metadata_record(
    *,
    target: str,
    date: str,
    fields: Sequence[tuple[str, str]],
    warcinfo_id: str,
    refers_to: str | None = None,
    concurrent_to: str | None = None,
) -> ArcWarcRecord:
    """A ``metadata`` record (``application/warc-fields``) about a capture: written later
    (``refers_to``, e.g. a re-extraction's item) or with it (``concurrent_to``, the crawl's
    context of the fetch, as Heritrix writes its ``via``/``hopsFromSeed`` records).

    CDXJ indexers (cdxj-indexer, pywb's) skip warc-fields metadata records by default, so
    replay tools never serve them in place of the capture they describe.
    """
    block = "".join(f"{name}: {value}\r\n" for name, value in clean_pairs(fields)).encode()
    headers: dict[str, Any] = {
        "WARC-Type": "metadata",
        "WARC-Record-ID": new_record_id(),
        "WARC-Date": date,
        "WARC-Target-URI": target,
        "WARC-Warcinfo-ID": warcinfo_id,
    }
    if refers_to is not None:
        headers["WARC-Refers-To"] = refers_to
    if concurrent_to is not None:
        headers["WARC-Concurrent-To"] = concurrent_to
    return _BUILDER.create_warc_record(
        target,
        "metadata",
        payload=io.BytesIO(block),
        length=len(block),
        warc_content_type="application/warc-fields",
        warc_headers_dict=headers,
    )
