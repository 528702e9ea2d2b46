"""Record builders return complete warcio records without any file (the writer appends them)."""

from __future__ import annotations

import pytest

from archive.warc import records
from archive.warc.digests import DigestEntry, payload_digest
from archive.warc.headers import request_http_headers, response_http_headers

TARGET = "http://127.0.0.1:8000/news/a.html"
DATE = "2026-11-25T09:30:01.000000Z"
BODY = b"<html>story</html>"
ORIGINAL = DigestEntry(
    url=TARGET,
    digest=payload_digest(BODY),
    record_id="<urn:uuid:11111111-1111-1111-1111-111111111111>",
    date="2026-11-24T08:00:00.000000Z",
    file="x.warc.gz",
    offset=0,
    length=100,
)


def capture(status: int = 200) -> records.ResponseHead:
    http = response_http_headers(
        method="GET", protocol="HTTP/1.1", status=status, reason="", headers=[], body_length=0
    )
    return records.ResponseHead(TARGET, DATE, http, "<urn:uuid:info>", "127.0.0.1", None)


def test_response_record_carries_the_payload_and_its_digest() -> None:
    record = records.response_record(capture(), BODY)
    headers = record.rec_headers
    assert record.rec_type == "response" and headers.get_header("WARC-Date") == DATE
    assert headers.get_header("WARC-Payload-Digest") == payload_digest(BODY)
    assert headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert [k for k, _ in headers.headers][:4] == [
        "WARC-Type",
        "WARC-Record-ID",
        "WARC-Date",
        "WARC-Target-URI",
    ]


def test_identical_payload_revisit_names_the_original_and_refuses_a_wrong_digest() -> None:
    record = records.identical_payload_revisit_record(capture(), BODY, ORIGINAL)
    headers = record.rec_headers
    assert record.rec_type == "revisit"
    assert headers.get_header("WARC-Profile") == records.REVISIT_PROFILE
    assert headers.get_header("WARC-Refers-To") == ORIGINAL.record_id
    assert headers.get_header("WARC-Refers-To-Date") == ORIGINAL.date
    with pytest.raises(ValueError, match="payload digest does not match"):
        records.identical_payload_revisit_record(capture(), BODY + b"!", ORIGINAL)


def test_not_modified_revisit_without_a_known_capture_names_only_the_url() -> None:
    record = records.not_modified_revisit_record(capture(304), None)
    headers = record.rec_headers
    assert record.rec_type == "revisit"
    assert headers.get_header("WARC-Profile") == records.NOT_MODIFIED_PROFILE
    assert headers.get_header("WARC-Refers-To-Target-URI") == TARGET
    assert headers.get_header("WARC-Refers-To") is None
    known = records.not_modified_revisit_record(capture(304), ORIGINAL).rec_headers
    assert known.get_header("WARC-Payload-Digest") == ORIGINAL.digest


def test_request_record_points_at_its_response() -> None:
    http = request_http_headers(method="get", target=TARGET, headers=[("Accept", "*/*")])
    record = records.request_record(
        target=TARGET,
        date=DATE,
        http_headers=http,
        body=b"",
        concurrent_to="<urn:uuid:r>",
        warcinfo_id="<urn:uuid:info>",
    )
    assert record.rec_type == "request"
    assert record.rec_headers.get_header("WARC-Concurrent-To") == "<urn:uuid:r>"
    assert http.protocol == "GET" and http.get_header("Host") == "127.0.0.1:8000"
    assert http.statusline == "/news/a.html HTTP/1.1"
