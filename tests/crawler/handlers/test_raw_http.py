"""The WARC holds the exchange as it was on the wire (crawler/handlers/raw_http.py).

A tiny socket server on loopback sends what Twisted's client used to lose: a custom reason
phrase, mixed-case header names in an unusual order (a repeated header interleaved with
others), a chunked body, and a body larger than DOWNLOAD_MAXSIZE. Real crawls run in child
processes (one reactor each).
"""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests import forkserver

WARCIO = Path(sys.executable).parent / "warcio"
MAXSIZE = 100_000

SEED = """
name = "raw"
timezone = "Europe/Berlin"
follow_depth = 1
[fetch]
obey_robots = false
requisites = false
[recrawl]
enabled = false
[links]
autodiscover = false  # these servers answer one exchange: no home page or robots.txt fetch
[[sections]]
name = "A"
url = "{url}"
"""

# One crawl through the project's runner (the same wiring as `newsarchiver crawl`), with
# settings overrides; prints the crawl summary and the spider's console lines.
CRAWL_SCRIPT = r"""
import json, sys
from pathlib import Path
from crawler.process import run_crawl
from crawler.seed import load_seed

summary = run_crawl(
    load_seed(sys.argv[1]), Path(sys.argv[2]), progress=False, overrides=json.loads(sys.argv[3])
)
print(summary.format())
print("ERRORS", summary.errors, "ITEMS", summary.items)
sys.exit(int(summary.exit_code))
"""

CHUNKED_BODY = b"<html><head><title>raw</title></head><body><p>Fine, thanks.</p></body></html>"
BIG_BODY = (
    b"<html><head><title>big</title></head><body><h1>Big story</h1><p>"
    + b"lorem ipsum " * 30_000
    + b"</p></body></html>"
)


def chunked(body: bytes, size: int = 20) -> bytes:
    out = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(out) + b"0\r\n\r\n"


ROUTES: dict[str, Callable[[], bytes]] = {
    "/": lambda: (
        b"HTTP/1.1 200 Fine Thanks\r\n"
        b"X-CUSTOM-thing: one\r\n"
        b'ETag: "v1"\r\n'
        b"content-type: text/html; charset=utf-8\r\n"
        b"Set-Cookie: a=1\r\n"
        b"X-CUSTOM-thing: two\r\n"
        b"Transfer-Encoding: chunked\r\n"
        b"\r\n" + chunked(CHUNKED_BODY)
    ),
    "/big": lambda: (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b'Content-Length: %d\r\n\r\n<html><body><a href="/story-123456.html">big</a></body></html>'
        % len(b'<html><body><a href="/story-123456.html">big</a></body></html>')
    ),
    "/story-123456.html": lambda: (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: %d\r\n\r\n" % len(BIG_BODY) + BIG_BODY
    ),
}


@pytest.fixture()
def raw_server() -> Iterator[str]:
    """Keep-alive HTTP/1.1 server answering ROUTES byte for byte; yields its base URL."""
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        buf = b""
        with conn:
            while not stop.is_set():
                while b"\r\n\r\n" not in buf:
                    try:
                        data = conn.recv(65536)
                    except OSError:  # reset by a client that stopped reading
                        return
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b" ", 2)[1].decode()
                answer = ROUTES.get(path)
                if answer is None:
                    conn.sendall(b"HTTP/1.1 404 Nope\r\nContent-Length: 0\r\n\r\n")
                    continue
                try:
                    conn.sendall(answer())
                except OSError:  # the client hung up (it stopped reading a big body)
                    return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    srv.close()


def crawl(
    tmp_path: Path, url: str, **overrides: object
) -> tuple[Path, subprocess.CompletedProcess]:
    seed = tmp_path / "raw.toml"
    seed.write_text(SEED.format(url=url), encoding="utf-8")
    archive = tmp_path / "archive"
    args = (str(seed), str(archive), json.dumps(overrides))
    return archive, forkserver.python_c(CRAWL_SCRIPT, *args, timeout=120)


def records(archive: Path, rec_type: str) -> list:
    out = []
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == rec_type:
                    out.append((rec.rec_headers, rec.http_headers, rec.content_stream().read()))
    return out


def warcio_check(archive: Path) -> None:
    files = [str(p) for p in (archive / "warc").glob("*.warc.gz")]
    proc = subprocess.run([str(WARCIO), "check", *files], capture_output=True, text=True)
    assert files and proc.returncode == 0, proc.stdout + proc.stderr


def test_status_line_and_headers_are_archived_as_received(raw_server: str, tmp_path: Path) -> None:
    archive, proc = crawl(tmp_path, raw_server + "/")
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    ((warc, http, body),) = records(archive, "response")
    assert warc.get_header("WARC-Target-URI") == raw_server + "/"
    assert http.protocol == "HTTP/1.1"
    assert http.statusline == "200 Fine Thanks"
    assert [name for name, _ in http.headers] == [
        "X-CUSTOM-thing",
        "ETag",
        "content-type",
        "Set-Cookie",
        "X-CUSTOM-thing",
        # chunked framing is gone from the stored body; the headers say so
        "X-Newsarchiver-Orig-Transfer-Encoding",
        "Content-Length",
    ]
    assert [v for k, v in http.headers if k == "X-CUSTOM-thing"] == ["one", "two"]
    assert http.get_header("X-Newsarchiver-Orig-Transfer-Encoding") == "chunked"
    assert http.get_header("Content-Length") == str(len(CHUNKED_BODY))
    assert body == CHUNKED_BODY
    assert warc.get_header("WARC-IP-Address") == "127.0.0.1"
    assert warc.get_header("WARC-Truncated") is None

    # The request record holds the headers the client really sent, in its order.
    ((_, request, _),) = records(archive, "request")
    names = [name for name, _ in request.headers]
    assert names[0] == "Host" and request.get_header("Host") == raw_server.split("//")[1]
    assert "Content-Length" not in names  # a GET without a body announces none
    assert request.get_header("Accept-Encoding") == "gzip, deflate"
    assert request.get_header("User-Agent", "").startswith("newsarchiver/")
    warcio_check(archive)


def test_oversize_body_is_archived_truncated_and_not_extracted(
    raw_server: str, tmp_path: Path
) -> None:
    archive, proc = crawl(tmp_path, raw_server + "/big", DOWNLOAD_MAXSIZE=MAXSIZE)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]  # partial: one page could not be extracted
    story = raw_server + "/story-123456.html"
    lines = [line for line in out.splitlines() if story in line]
    assert len(lines) == 1, lines
    assert "larger than DOWNLOAD_MAXSIZE" in lines[0] and "WARC-Truncated" in lines[0]
    assert "ERRORS 1 ITEMS 0" in proc.stdout
    assert "1 errors" in proc.stdout  # the crawl summary

    big = [r for r in records(archive, "response") if r[0].get_header("WARC-Target-URI") == story]
    ((warc, http, body),) = big
    assert warc.get_header("WARC-Truncated") == "length"
    assert len(body) == MAXSIZE and body == BIG_BODY[:MAXSIZE]
    # Content-Length describes the stored bytes; the announced length is kept aside.
    assert http.get_header("Content-Length") == str(MAXSIZE)
    assert http.get_header("X-Newsarchiver-Orig-Content-Length") == str(len(BIG_BODY))
    assert not list((archive / "items").glob("*.jsonl")) or not any(
        line.strip()
        for path in (archive / "items").glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    warcio_check(archive)


def test_gzip_body_stays_compressed(tmp_path: Path) -> None:
    """No automatic decompression in the handler: the WARC keeps the gzip bytes."""
    payload = b"<html><head><title>gz</title></head><body><p>" + b"z" * 5000 + b"</p></body></html>"
    packed = gzip.compress(payload)
    ROUTES["/gz"] = lambda: (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        b"Content-Length: %d\r\n\r\n" % len(packed) + packed
    )
    srv = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = srv.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(ROUTES["/gz"]())

    threading.Thread(target=serve, daemon=True).start()
    try:
        archive, proc = crawl(tmp_path, f"http://127.0.0.1:{srv.getsockname()[1]}/gz")
    finally:
        srv.close()
        ROUTES.pop("/gz")
    assert proc.returncode == 0, proc.stderr[-3000:]
    ((warc, http, body),) = records(archive, "response")
    assert http.get_header("Content-Encoding") == "gzip"
    # warcio's content_stream decodes the content coding; the raw payload is the gzip bytes
    assert body == payload
    with open(next((archive / "warc").glob("*.warc.gz")), "rb") as fh:
        rec = next(r for r in ArchiveIterator(fh) if r.rec_type == "response")
        assert rec.raw_stream.read() == packed


def test_https_exchange_is_archived(tmp_path: Path) -> None:
    """TLS through the same handler: a self-signed loopback server (certificates are not
    verified by default, as with Scrapy's stock handler)."""
    import ssl

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    srv = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                raw, _ = srv.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(raw, server_side=True) as conn:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        data = conn.recv(65536)
                        if not data:
                            break
                        request += data
                    if request:
                        conn.sendall(ROUTES["/"]())
            except (OSError, ssl.SSLError):
                continue

    threading.Thread(target=serve, daemon=True).start()
    url = f"https://127.0.0.1:{srv.getsockname()[1]}/"
    try:
        archive, proc = crawl(tmp_path, url)
    finally:
        srv.close()
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    ((warc, http, body),) = records(archive, "response")
    assert warc.get_header("WARC-Target-URI") == url
    assert http.statusline == "200 Fine Thanks" and body == CHUNKED_BODY
    assert [name for name, _ in http.headers][:3] == ["X-CUSTOM-thing", "ETag", "content-type"]
    warcio_check(archive)
