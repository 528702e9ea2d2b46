"""Each WARC record is one gzip member; a payload compressed already is stored, not deflated."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.pointer import WarcPointer
from archive.warc.writer import WarcFileWriter

# Compressible bytes: a member holding them deflated is a small fraction of their size.
ZEROS = b"\0" * 100_000


def write(directory: Path, headers: list[tuple[str, str]], body: bytes) -> WarcPointer:
    with WarcFileWriter(directory, host_tag="test-host") as writer:
        return writer.write_exchange(
            url="http://news.example/a",
            method="GET",
            request_headers=[("User-Agent", "newsarchiver-test")],
            request_body=b"",
            protocol="HTTP/1.1",
            status=200,
            reason="OK",
            response_headers=[*headers, ("Content-Length", str(len(body)))],
            body=body,
            ip_address="127.0.0.1",
            fetched_at=datetime(2026, 12, 7, 23, 0, tzinfo=UTC),
        )


def member_and_payload(directory: Path, pointer: WarcPointer) -> tuple[bytes, bytes]:
    with open(directory / pointer.file, "rb") as fh:
        fh.seek(pointer.offset)
        member = fh.read(pointer.length)
        fh.seek(pointer.offset)
        payload = next(iter(ArchiveIterator(fh))).raw_stream.read()
    dec = zlib.decompressobj(zlib.MAX_WBITS | 16)
    dec.decompress(member)
    assert dec.eof and dec.unused_data == b""  # one complete gzip member
    return member, payload


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Type", "image/jpeg")],
        [("Content-Type", "IMAGE/PNG; foo=bar")],
        [("Content-Type", "video/mp4")],
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
    ],
)
def test_a_payload_compressed_already_is_stored(tmp_path: Path, headers: list) -> None:
    # (a coding is stored as it came: the writer takes the header's word for it)
    pointer = write(tmp_path, headers, ZEROS)
    member, payload = member_and_payload(tmp_path, pointer)
    assert payload == ZEROS
    assert len(member) > len(ZEROS)  # stored, not deflated again


@pytest.mark.parametrize(
    "ctype", ["text/html; charset=utf-8", "image/svg+xml", "application/json", ""]
)
def test_other_payloads_are_deflated(tmp_path: Path, ctype: str) -> None:
    pointer = write(tmp_path, [("Content-Type", ctype)] if ctype else [], ZEROS)
    member, payload = member_and_payload(tmp_path, pointer)
    assert payload == ZEROS
    assert len(member) < len(ZEROS) // 20
