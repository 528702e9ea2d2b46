"""WarcFileWriter: records read back with warcio exactly as written, and files pass warcio check."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.headers import ORIG_CL_HEADER, ORIG_TE_HEADER, normalize_response_headers
from archive.warc.pointer import WarcPointer
from archive.warc.writer import WarcFileWriter
from crawler import __version__

HTML = b"<!doctype html><html><head><title>Hello</title></head><body>" + b"news " * 200 + b"</body>"
GZ_HTML = gzip.compress(HTML, mtime=0)
CHUNKED_HTML = b"<html><body>chunked page</body></html>"
# A small but real PNG-ish binary blob with every byte value, incl. CR/LF and NULs.
IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
FETCHED = datetime(2026, 11, 25, 9, 30, 1, 123456, tzinfo=UTC)


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def write_three(writer: WarcFileWriter) -> list[WarcPointer]:
    common = {
        "method": "GET",
        "request_body": b"",
        "protocol": "HTTP/1.1",
        "ip_address": "127.0.0.1",
        "fetched_at": FETCHED,
    }
    req_headers = [("User-Agent", "newsarchiver-test"), ("Accept-Encoding", "gzip, deflate")]
    return [
        writer.write_exchange(
            url="http://news.example:8080/story?id=1#comments",
            request_headers=req_headers,
            status=200,
            reason="OK",
            response_headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(GZ_HTML))),
                ("Set-Cookie", "a=1; Path=/"),
                ("Set-Cookie", "b=2; Path=/"),
            ],
            body=GZ_HTML,
            **common,
        ),
        writer.write_exchange(
            url="http://news.example:8080/chunked",
            request_headers=req_headers,
            status=200,
            reason="OK",
            response_headers=[
                ("Content-Type", "text/html"),
                ("Transfer-Encoding", "chunked"),
            ],
            body=CHUNKED_HTML,
            **common,
        ),
        writer.write_exchange(
            url="http://news.example:8080/img/logo.png",
            request_headers=req_headers,
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "image/png"), ("Content-Length", str(len(IMAGE)))],
            body=IMAGE,
            **common,
        ),
    ]


def read_records(path: Path) -> list[dict]:
    """Materialize every record (headers + raw and decoded payload) while the stream is open."""
    out = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            raw = record.raw_stream.read()
            out.append(
                {
                    "type": record.rec_type,
                    "rec": record.rec_headers,
                    "http": record.http_headers,
                    "raw": raw,
                    "offset": it.get_record_offset(),
                }
            )
    return out


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("warcio")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "warcio.cli"]
    return subprocess.run([*cmd, "check", "-v", str(path)], capture_output=True, text=True)


def decoded_payload(path: Path, record_id: str) -> bytes:
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Record-ID") == record_id:
                return record.content_stream().read()
    raise AssertionError(f"{record_id} not found")


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, list[WarcPointer]]:
    with WarcFileWriter(tmp_path, host_tag="test-host", warcinfo={"seed": "demo"}) as writer:
        pointers = write_three(writer)
        assert writer.files == [pointers[0].file]
    return tmp_path, pointers


def test_record_order_links_and_digests(written: tuple[Path, list[WarcPointer]]) -> None:
    directory, pointers = written
    path = directory / pointers[0].file
    records = read_records(path)
    assert [r["type"] for r in records] == ["warcinfo"] + ["response", "request"] * 3

    info = records[0]
    assert info["rec"]["WARC-Filename"] == path.name
    fields = dict(line.split(": ", 1) for line in info["raw"].decode().splitlines() if ": " in line)
    assert fields["software"] == f"newsarchiver/{__version__}"
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["seed"] == "demo"
    assert "conformsTo" in fields and "hostname" in fields

    bodies = [GZ_HTML, CHUNKED_HTML, IMAGE]
    for i, body in enumerate(bodies):
        resp, req = records[1 + 2 * i], records[2 + 2 * i]
        rid = resp["rec"]["WARC-Record-ID"]
        assert rid == pointers[i].record_id
        assert req["rec"]["WARC-Concurrent-To"] == rid
        assert resp["rec"]["WARC-Date"] == req["rec"]["WARC-Date"] == "2026-11-25T09:30:01.123456Z"
        assert resp["rec"]["WARC-IP-Address"] == "127.0.0.1"
        assert resp["rec"].protocol == "WARC/1.1"
        assert resp["rec"]["WARC-Payload-Digest"] == sha1_b32(body) == pointers[i].payload_digest
        assert resp["rec"]["WARC-Block-Digest"].startswith("sha1:")
        assert resp["raw"] == body  # exactly as received, content coding untouched
        assert resp["offset"] == pointers[i].offset
        assert "#" not in resp["rec"]["WARC-Target-URI"]
        assert req["http"].protocol == "GET"
        assert req["http"]["Host"] == "news.example:8080"
        assert req["http"]["User-Agent"] == "newsarchiver-test"

    first_req = records[2]
    assert first_req["http"].statusline == "/story?id=1 HTTP/1.1"  # origin-form
    first_resp = records[1]["http"]
    assert first_resp.protocol == "HTTP/1.1"
    assert first_resp.statusline == "200 OK"
    assert [v for k, v in first_resp.headers if k == "Set-Cookie"] == ["a=1; Path=/", "b=2; Path=/"]
    assert decoded_payload(path, pointers[0].record_id) == HTML


def test_chunked_header_is_normalized(written: tuple[Path, list[WarcPointer]]) -> None:
    directory, pointers = written
    records = read_records(directory / pointers[1].file)
    http = records[3]["http"]
    assert http.get_header("Transfer-Encoding") is None
    assert http[ORIG_TE_HEADER] == "chunked"
    assert http["Content-Length"] == str(len(CHUNKED_HTML))
    assert decoded_payload(directory / pointers[1].file, pointers[1].record_id) == CHUNKED_HTML


def test_pointer_addresses_exactly_one_member(written: tuple[Path, list[WarcPointer]]) -> None:
    directory, pointers = written
    for pointer, body in zip(pointers, [GZ_HTML, CHUNKED_HTML, IMAGE], strict=True):
        with open(directory / pointer.file, "rb") as fh:
            fh.seek(pointer.offset)
            member = fh.read(pointer.length)
        dec = zlib.decompressobj(zlib.MAX_WBITS | 16)
        dec.decompress(member)
        assert dec.eof and dec.unused_data == b""  # one complete gzip member, nothing more
        records = list(ArchiveIterator(io.BytesIO(member)))
        assert len(records) == 1
        (record,) = records
        assert record.rec_type == "response"
        assert record.rec_headers["WARC-Record-ID"] == pointer.record_id
        assert pointer.to_dict()["file"] == pointer.file
        with open(directory / pointer.file, "rb") as fh:
            fh.seek(pointer.offset)
            rec = next(iter(ArchiveIterator(fh)))
            assert rec.raw_stream.read() == body


def test_warcio_check_passes(written: tuple[Path, list[WarcPointer]]) -> None:
    directory, pointers = written
    result = warcio_check(directory / pointers[0].file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 7


def test_open_suffix_while_writing_and_rename_on_close(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, host_tag="h")
    assert list(tmp_path.iterdir()) == []  # lazy: nothing until the first exchange
    (pointer, *_) = write_three(writer)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [pointer.file + ".open"]
    assert pointer.file.startswith("newsarchiver-2") and pointer.file.endswith("-00000-h.warc.gz")
    assert writer.bytes_written == (tmp_path / names[0]).stat().st_size
    writer.close()
    writer.close()  # idempotent
    assert sorted(p.name for p in tmp_path.iterdir()) == [pointer.file]
    # writing after close starts a new file with the next serial
    again = write_three(writer)[0]
    writer.close()
    assert again.file != pointer.file and "-00001-h." in again.file
    assert writer.files == [pointer.file, again.file]


def test_rotation_by_size(tmp_path: Path) -> None:
    with WarcFileWriter(tmp_path, host_tag="h", max_size=1, prefix="rot") as writer:
        pointers = write_three(writer)
        assert not list(tmp_path.glob("*.open"))  # each file closed as soon as it passed max_size
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 3 and files == sorted(writer.files)
    assert [p.file for p in pointers] == writer.files
    for name in files:
        assert name.startswith("rot-")
        records = read_records(tmp_path / name)
        assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
        assert records[0]["rec"]["WARC-Filename"] == name
        assert warcio_check(tmp_path / name).returncode == 0
    assert writer.bytes_written == sum((tmp_path / n).stat().st_size for n in files)


def test_content_length_mismatch_and_bodiless_responses() -> None:
    hdrs = [("Content-Type", "text/html"), ("Content-Length", "999")]
    fixed = normalize_response_headers(hdrs, 10, method="GET", status=200)
    assert fixed == [
        ("Content-Type", "text/html"),
        (ORIG_CL_HEADER, "999"),
        ("Content-Length", "10"),
    ]
    # HEAD / 304: Content-Length describes the representation, leave it alone
    assert normalize_response_headers(hdrs, 0, method="HEAD", status=200) == hdrs
    assert normalize_response_headers(hdrs, 0, method="GET", status=304) == hdrs
    # consistent or absent Content-Length: untouched
    ok = [("Content-Length", "10")]
    assert normalize_response_headers(ok, 10, method="GET", status=200) == ok
    assert normalize_response_headers([], 10, method="GET", status=200) == []
    # chunked plus a (forbidden) Content-Length: both originals are kept
    both = [("Transfer-Encoding", "chunked"), ("Content-Length", "3")]
    assert normalize_response_headers(both, 7, method="GET", status=200) == [
        (ORIG_TE_HEADER, "chunked"),
        ("Content-Length", "7"),
        (ORIG_CL_HEADER, "3"),
    ]


def test_truncated_body_is_recorded_with_real_length(tmp_path: Path) -> None:
    with WarcFileWriter(tmp_path, host_tag="h") as writer:
        pointer = writer.write_exchange(
            url="https://example.org/",
            method="GET",
            request_headers=[],
            request_body=b"",
            protocol="h2",  # what Scrapy's HTTP/2 handler reports
            status=200,
            reason="",  # not known: the standard phrase is used
            response_headers=[("Content-Length", "100")],
            body=b"short",
            ip_address=None,
            fetched_at=datetime(2026, 1, 1, 12, 0, 0),  # naive = UTC
            truncated="disconnect",
        )
    records = read_records(tmp_path / pointer.file)
    resp, req = records[1], records[2]
    assert resp["http"]["Content-Length"] == "5" and resp["http"][ORIG_CL_HEADER] == "100"
    assert (resp["http"].protocol, resp["http"].statusline) == ("HTTP/2", "200 OK")
    assert resp["raw"] == b"short"
    assert resp["rec"].get_header("WARC-IP-Address") is None
    assert resp["rec"]["WARC-Truncated"] == "disconnect"
    assert resp["rec"]["WARC-Date"] == "2026-01-01T12:00:00.000000Z"
    assert req["http"]["Host"] == "example.org"
    assert warcio_check(tmp_path / pointer.file).returncode == 0


def _pywb_bin() -> Path | None:
    """pywb lives in .venv-pywb (scripts/pywb-env.sh) or where NEWSARCHIVER_PYWB_BIN points."""
    from crawler.replay import find_pywb

    candidates = [find_pywb(), Path(os.path.dirname(sys.executable))]
    for directory in filter(None, candidates):
        if (Path(directory) / "wayback").exists() and (Path(directory) / "wb-manager").exists():
            return Path(directory)
    return None


@pytest.mark.skipif(
    _pywb_bin() is None and not os.environ.get("CI"),
    reason="pywb not installed: run scripts/pywb-env.sh",
)
def test_pywb_replays_exact_payloads(
    written: tuple[Path, list[WarcPointer]], tmp_path: Path
) -> None:
    directory, pointers = written
    pywb = _pywb_bin()
    assert pywb is not None
    root = tmp_path / "pywb"
    root.mkdir()
    run = {"cwd": root, "capture_output": True, "timeout": 60}
    subprocess.run([pywb / "wb-manager", "init", "c"], check=True, **run)
    subprocess.run(
        [pywb / "wb-manager", "add", "c", directory / pointers[0].file], check=True, **run
    )
    cdxj = next((root / "collections" / "c" / "indexes").glob("*.cdxj")).read_text()
    assert (
        f'"offset": "{pointers[0].offset}"' in cdxj and f'"length": "{pointers[0].length}"' in cdxj
    )

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [pywb / "wayback", "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/c/2026id_/http://news.example:8080"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/chunked", timeout=2) as resp:
                    chunked = resp.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert chunked == CHUNKED_HTML
        req = urllib.request.Request(base + "/story?id=1", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert resp.status == 200 and resp.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(resp.read()) == HTML
        with urllib.request.urlopen(base + "/img/logo.png", timeout=5) as resp:
            assert resp.read() == IMAGE
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_failed_write_leaves_no_half_pair(tmp_path: Path) -> None:
    """A pair that fails half-way (here: an unencodable request header) is rolled back."""
    writer = WarcFileWriter(tmp_path, host_tag="h")
    good = write_three(writer)
    with pytest.raises(UnicodeEncodeError):
        writer.write_exchange(
            url="http://news.example:8080/bad",
            method="GET",
            # A lone high surrogate: no received byte makes one, and it cannot be encoded.
            request_headers=[("X-Bad", "\ud800")],
            request_body=b"",
            protocol="HTTP/1.1",
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "text/plain")],
            body=b"response written before the request failed",
            ip_address=None,
            fetched_at=FETCHED,
        )
    after = write_three(writer)[0]
    writer.close()
    path = tmp_path / good[0].file
    records = read_records(path)
    assert [r["type"] for r in records] == ["warcinfo"] + ["response", "request"] * 6
    assert all("/bad" not in r["rec"]["WARC-Target-URI"] for r in records[1:])
    assert records[7]["offset"] == after.offset
    assert warcio_check(path).returncode == 0
