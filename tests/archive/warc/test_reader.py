"""archive.warc.reader: captures read back from files the real WARC writer wrote."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.digests import DigestEntry, payload_digest
from archive.warc.pointer import WarcPointer
from archive.warc.reader import DamagedWarc, iter_captures
from archive.warc.writer import WarcFileWriter

HTML = b"<html><body><h1>Story</h1>" + b"<p>news</p>" * 50 + b"</body></html>"
FETCHED = datetime(2026, 11, 25, 9, 30, 1, 123456, tzinfo=UTC)
REQUEST_HEADERS = [("User-Agent", "newsarchiver-test"), ("Accept-Encoding", "gzip")]


def exchange(writer: WarcFileWriter, url: str, body: bytes, **kw: object) -> WarcPointer:
    headers = kw.pop("headers", [("Content-Type", "text/html; charset=utf-8")])
    return writer.write_exchange(
        url=url,
        method="GET",
        request_headers=REQUEST_HEADERS,
        request_body=b"",
        protocol="HTTP/1.1",
        status=kw.pop("status", 200),
        reason="",
        response_headers=headers,
        body=body,
        ip_address="127.0.0.1",
        fetched_at=FETCHED,
        **kw,
    )


def entry_of(url: str, body: bytes, pointer: WarcPointer) -> DigestEntry:
    return DigestEntry(
        url=url,
        digest=payload_digest(body),
        record_id=pointer.record_id,
        date=pointer.date,
        file=pointer.file,
        offset=pointer.offset,
        length=pointer.length,
    )


def only_file(directory: Path) -> Path:
    (path,) = directory.glob("*.warc.gz")
    return path


def test_response_comes_back_decoded_with_its_request_and_pointer(tmp_path: Path) -> None:
    gz = gzip.compress(HTML, mtime=0)
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        pointer = exchange(writer, "http://news.test/a.html", gz, headers=headers)
        exchange(writer, "http://news.test/missing.html", b"gone", status=404)
    first, missing = iter_captures([only_file(tmp_path)])
    assert first.url == "http://news.test/a.html"
    assert (first.status, first.record_type, first.problem) == (200, "response", None)
    assert first.body == HTML  # content coding undone by warcio
    assert ("Content-Encoding", "gzip") in first.headers  # headers as archived
    assert first.pointer == pointer
    assert first.method == "GET"
    assert ("User-Agent", "newsarchiver-test") in first.request_headers
    assert (missing.status, missing.body) == (404, b"gone")


def test_want_filters_by_url(tmp_path: Path) -> None:
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        exchange(writer, "http://news.test/a.html", HTML)
        exchange(writer, "http://news.test/logo.png", b"\x89PNG", headers=[])
    captures = list(iter_captures([only_file(tmp_path)], want=lambda u: u.endswith(".html")))
    assert [c.url for c in captures] == ["http://news.test/a.html"]


def test_revisit_gets_the_original_payload_from_a_sibling_file(tmp_path: Path) -> None:
    url = "http://news.test/a.html"
    with WarcFileWriter(tmp_path, prefix="first") as writer:
        original = exchange(writer, url, HTML)
    first_file = only_file(tmp_path)
    with WarcFileWriter(tmp_path, prefix="second") as writer:
        revisit = exchange(writer, url, HTML, revisit_of=entry_of(url, HTML, original))
    (second_file,) = set(tmp_path.glob("*.warc.gz")) - {first_file}
    (capture,) = iter_captures([second_file])  # only the revisit's file is given
    assert capture.record_type == "revisit"
    assert capture.body == HTML
    assert capture.pointer == revisit  # revisit_of as the writer (and so the crawl) states it
    assert capture.pointer.revisit_of["file"] == first_file.name
    both = list(iter_captures([first_file, second_file]))
    assert [c.record_type for c in both] == ["response", "revisit"]
    assert both[1].pointer == revisit


def test_revisit_without_its_original_says_so(tmp_path: Path) -> None:
    url = "http://news.test/a.html"
    gone = DigestEntry(url, payload_digest(HTML), "<urn:uuid:gone>", "2026-01-01T00:00:00Z",
                       "pruned.warc.gz", 0, 100)  # fmt: skip
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        exchange(writer, url, HTML, revisit_of=gone)
    (capture,) = iter_captures([only_file(tmp_path)])
    assert capture.body is None
    assert capture.problem == "original of revisit not found (<urn:uuid:gone>)"


def test_unknown_content_coding_is_a_problem_not_garbage(tmp_path: Path) -> None:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "zz-unknown")]
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        exchange(writer, "http://news.test/a.html", b"\x00\x01", headers=headers)
    (capture,) = iter_captures([only_file(tmp_path)])
    assert capture.body is None
    assert capture.problem == "cannot decode content-encoding 'zz-unknown'"


def test_not_modified_revisit_keeps_its_empty_body(tmp_path: Path) -> None:
    url = "http://news.test/a.html"
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        original = exchange(writer, url, HTML)
        exchange(writer, url, b"", status=304, not_modified=True,
                 revisit_of=entry_of(url, HTML, original))  # fmt: skip
    full, not_modified = iter_captures([only_file(tmp_path)])
    assert (not_modified.status, not_modified.record_type, not_modified.body) == (
        304,
        "revisit",
        b"",
    )
    assert not_modified.pointer.revisit_of is None
    assert full.body == HTML


def test_a_truncated_file_gives_its_complete_records_and_is_reported(tmp_path: Path) -> None:
    with WarcFileWriter(tmp_path, prefix="a") as writer:
        pointers = [exchange(writer, f"http://news.test/{n}.html", HTML) for n in range(3)]
    path = only_file(tmp_path)
    data = path.read_bytes()
    last = pointers[-1]
    # Cut in the last response (its capture has no body) or in the gzip trailer of the
    # last request record (every response is complete): the file is reported either way.
    cases = [
        (last.offset + last.length // 2, ["0", "1"], last.offset),
        (len(data) - 4, ["0", "1", "2"], last.offset + last.length),
    ]
    for cut, complete, end in cases:
        path.write_bytes(data[:cut])
        damaged: list[DamagedWarc] = []
        captures = list(iter_captures([path], on_damaged=damaged.append))
        assert [c.url for c in captures if c.problem is None] == [
            f"http://news.test/{n}.html" for n in complete
        ]
        assert all(c.body is None for c in captures if c.problem), captures
        assert [str(e) for e in damaged] == [
            f"{path}: truncated: ends in an incomplete record after byte {end} of {cut}; "
            "the complete records before it were read"
        ]
    path.write_bytes(b"this is not a WARC file\n")
    with pytest.raises(DamagedWarc, match="not a WARC file"):
        list(iter_captures([path]))


def test_metadata_written_with_an_exchange_comes_back_with_its_capture_and_is_no_capture(
    tmp_path: Path,
) -> None:
    """The crawl context goes in a warc-fields metadata record concurrent to the response
    (as Heritrix's); it is attached to that capture, passes ``warcio check`` and is in
    neither index (live sidecar or cdxj-indexer), so replay never serves it."""
    from archive.index.cdxj import index_warc_files
    from archive.index.cdxj_live import LiveIndex, pending_lines
    from tests.archive.warc.test_writer import warcio_check

    fields = [("via", "http://news.test/"), ("newsarchiver-context", '{"via": "section"}')]
    sink = LiveIndex.for_writer(tmp_path / "idx")
    with WarcFileWriter(tmp_path / "warc", prefix="a", sink=sink) as writer:
        pointer = exchange(writer, "http://news.test/a.html", HTML, metadata=fields)
        exchange(writer, "http://news.test/b.html", HTML)
    path = only_file(tmp_path / "warc")
    live = pending_lines(tmp_path / "idx", path.name)
    with_context, without = iter_captures([path])
    assert with_context.metadata == tuple(fields)
    assert with_context.method == "GET" and with_context.pointer == pointer
    assert without.metadata == ()
    with open(path, "rb") as fh:
        kinds = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(fh)]
    meta = [h for t, h in kinds if t == "metadata"]
    order = ["warcinfo", "response", "request", "metadata", "response", "request"]
    assert [t for t, _ in kinds] == order
    assert meta[0].get_header("WARC-Concurrent-To") == pointer.record_id
    assert meta[0].get_header("Content-Type") == "application/warc-fields"
    check = warcio_check(path)
    assert check.returncode == 0, check.stdout + check.stderr
    indexed = index_warc_files([path])
    assert len(indexed) == 2 and all('"mime": "text/html"' in line for line in indexed)
    assert live is not None and sorted(live) == indexed
