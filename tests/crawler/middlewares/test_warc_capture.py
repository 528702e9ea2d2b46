"""End to end: a real Scrapy crawl (subprocess) against a local server; WARCs checked byte-wise.

The crawl runs in a subprocess because Twisted's reactor cannot be restarted inside one pytest
process.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.headers import ORIG_TE_HEADER

REPO = Path(__file__).resolve().parents[3]

GZIP_HTML = "<html><head><title>Gzipped</title></head><body>" + "word " * 300 + "</body></html>"
GZIP_BYTES = gzip.compress(GZIP_HTML.encode(), mtime=0)
CHUNKS = [b"<html><head><title>Chunked</title></head>", b"<body>part two</body>", b"</html>"]
CHUNKED_BYTES = b"".join(CHUNKS)
PLAIN_BYTES = b"<html><head><title>Plain</title></head><body>plain page</body></html>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received: dict[str, dict[str, str]] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        Handler.received[self.path] = dict(self.headers.items())
        if self.path == "/gzip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(GZIP_BYTES)))
            self.send_header("Set-Cookie", "a=1; Path=/")
            self.send_header("Set-Cookie", "b=2; Path=/")
            self.end_headers()
            self.wfile.write(GZIP_BYTES)
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in CHUNKS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/plain":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PLAIN_BYTES)))
            self.end_headers()
            self.wfile.write(PLAIN_BYTES)
        else:
            self.send_error(404)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


CRAWL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    base, archive_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]

    class CaptureSpider(scrapy.Spider):
        name = "capture"
        start_urls = [base + "/gzip", base + "/chunked", base + "/plain"]

        def parse(self, response):
            yield {"url": response.url, "text": response.text, "warc": response.meta.get("warc")}

    from crawler import settings as project

    defaults = {k: v for k, v in vars(project).items() if k.startswith("NEWSARCHIVER_")}
    process = CrawlerProcess(settings={
        **defaults,
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
        },
        "NEWSARCHIVER_ARCHIVE_DIR": archive_dir,
        "NEWSARCHIVER_WARCINFO": {"seed": "e2e"},
        "USER_AGENT": "newsarchiver-test/1.0",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEEDS": {out: {"format": "jsonlines"}},
    })
    crawler = process.create_crawler(CaptureSpider)
    process.crawl(crawler)
    process.start()
    with open(out + ".stats.json", "w") as fh:
        json.dump(crawler.stats.get_stats(), fh, default=str)
    """
)


def _crawl(tmp_path: Path, server: str) -> dict[str, dict]:
    """Run CRAWL_SCRIPT against ``server`` into ``tmp_path/archive``; the items by URL."""
    script = tmp_path / "crawl.py"
    script.write_text(CRAWL_SCRIPT)
    out = tmp_path / "items.jsonl"
    result = subprocess.run(
        [sys.executable, str(script), server, str(tmp_path / "archive"), str(out)],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")},
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {i["url"]: i for i in map(json.loads, out.read_text().splitlines())}


def _records_by_uri(warc_file: Path) -> tuple[list[str], dict[str, dict], dict[str, dict]]:
    """The record types in order, and the response and request records by target URI."""
    responses: dict[str, dict] = {}
    requests: dict[str, dict] = {}
    types = []
    with open(warc_file, "rb") as fh:
        for record in ArchiveIterator(fh):
            types.append(record.rec_type)
            uri = record.rec_headers.get_header("WARC-Target-URI")
            entry = {
                "rec": record.rec_headers,
                "http": record.http_headers,
                "raw": record.raw_stream.read(),
            }
            (responses if record.rec_type == "response" else requests)[uri] = entry
    return types, responses, requests


def _assert_request_is_what_went_over_the_wire(req: dict, path: str) -> None:
    got = Handler.received[path]
    assert req["http"].protocol == "GET" and req["http"].statusline == f"{path} HTTP/1.1"
    assert req["http"]["User-Agent"] == got["User-Agent"] == "newsarchiver-test/1.0"
    assert req["http"]["Accept-Encoding"] == got["Accept-Encoding"]
    assert "gzip" in got["Accept-Encoding"]
    assert req["http"]["Host"] == got["Host"]


def test_crawl_is_captured_byte_exact(tmp_path: Path, server: str) -> None:
    # the spider saw decompressed bodies and the WARC pointer
    items = _crawl(tmp_path, server)
    assert set(items) == {server + "/gzip", server + "/chunked", server + "/plain"}
    assert items[server + "/gzip"]["text"] == GZIP_HTML
    assert items[server + "/chunked"]["text"] == CHUNKED_BYTES.decode()
    for item in items.values():
        assert set(item["warc"]) == {
            "file",
            "offset",
            "length",
            "record_id",
            "payload_digest",
            "date",
        }

    warc_dir = tmp_path / "archive" / "warc"
    assert not list(warc_dir.glob("*.open"))  # closed on spider_closed
    (warc_file,) = warc_dir.glob("*.warc.gz")
    stats = json.loads((tmp_path / "items.jsonl.stats.json").read_text())
    assert stats["newsarchiver/warc_records"] == 6
    assert stats["newsarchiver/warc_files"] == 1
    assert stats["newsarchiver/warc_bytes"] == warc_file.stat().st_size

    types, responses, requests = _records_by_uri(warc_file)
    assert types == ["warcinfo"] + ["response", "request"] * 3

    sent = {"/gzip": GZIP_BYTES, "/chunked": CHUNKED_BYTES, "/plain": PLAIN_BYTES}
    for path, body in sent.items():
        url = server + path
        resp, req = responses[url], requests[url]
        assert resp["raw"] == body  # byte-exact, gzip stays gzip
        assert resp["rec"]["WARC-IP-Address"] == "127.0.0.1"
        assert resp["rec"]["WARC-Record-ID"] == items[url]["warc"]["record_id"]
        assert req["rec"]["WARC-Concurrent-To"] == resp["rec"]["WARC-Record-ID"]
        assert resp["http"].protocol == "HTTP/1.1" and resp["http"].statusline == "200 OK"
        _assert_request_is_what_went_over_the_wire(req, path)

    gz = responses[server + "/gzip"]["http"]
    assert gz["Content-Encoding"] == "gzip" and gz["Content-Length"] == str(len(GZIP_BYTES))
    assert [v for k, v in gz.headers if k.lower() == "set-cookie"] == ["a=1; Path=/", "b=2; Path=/"]
    # Twisted strips Transfer-Encoding before Scrapy sees it and Scrapy adds no Content-Length,
    # so the chunked response is recorded with neither: the record boundary delimits the body.
    chunked = responses[server + "/chunked"]["http"]
    assert chunked.get_header("Transfer-Encoding") is None
    assert chunked.get_header(ORIG_TE_HEADER) is None
    assert chunked.get_header("Content-Length") is None

    # the pointer from meta addresses the response record directly
    pointer = items[server + "/gzip"]["warc"]
    with open(warc_dir / pointer["file"], "rb") as fh:
        fh.seek(pointer["offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers["WARC-Record-ID"] == pointer["record_id"]
        assert record.content_stream().read().decode() == GZIP_HTML

    check = subprocess.run(
        [sys.executable, "-c", "from warcio.cli import main; main()", "check", str(warc_file)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout


def project_crawler(**settings: object):
    """A crawler with the project's ``NEWSARCHIVER_*`` defaults (as ``scrapy crawl`` gets them
    from crawler/settings.py) plus ``settings``; components read them without fallbacks."""
    from scrapy.utils.test import get_crawler

    from crawler import settings as project

    defaults = {k: v for k, v in vars(project).items() if k.startswith("NEWSARCHIVER_")}
    return get_crawler(settings_dict={**defaults, **settings})


def test_not_configured_without_archive_dir() -> None:
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.warc_capture import WarcCaptureMiddleware

    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(get_crawler(settings_dict={}))


def test_middleware_request_record_and_cached_responses(tmp_path: Path) -> None:
    """Real Scrapy Request/Response objects through process_response, without a reactor."""
    from scrapy.http import HtmlResponse, Request

    from crawler.middlewares.warc_capture import WarcCaptureMiddleware

    crawler = project_crawler(
        NEWSARCHIVER_ARCHIVE_DIR=str(tmp_path),
        NEWSARCHIVER_WARC_PREFIX="unit",
        NEWSARCHIVER_WARCINFO={"seed": "unit-seed", "operator": "ops@example.org"},
    )
    crawler.stats.open_spider()
    mw = WarcCaptureMiddleware.from_crawler(crawler)
    request = Request(
        "https://example.org:8443/search?q=1#frag",
        method="POST",
        body=b"q=news",
        headers={"Proxy-Authorization": "Basic c2VjcmV0", "User-Agent": "ua/1"},
        meta={"proxy": "http://proxy.local:3128"},
    )
    response = HtmlResponse(
        "https://example.org:8443/search?q=1",
        status=201,
        headers={"Content-Type": "text/html", "Set-Cookie": ["a=1", "b=2"]},
        body=b"<html>created</html>",
        request=request,
        protocol="HTTP/1.1",
        ip_address=None,
    )
    assert mw.process_response(request, response) is response
    assert response.meta["warc"] == request.meta["warc"]
    cached = response.replace(flags=["cached"])
    assert mw.process_response(request.replace(), cached) is cached
    partial_req = Request("http://example.org/partial")
    partial = HtmlResponse(
        partial_req.url,
        headers={"Content-Length": "100"},
        body=b"<html>cut",
        flags=["dataloss"],
        request=partial_req,
    )
    assert mw.process_response(partial_req, partial) is partial
    mw.spider_closed()

    (name,) = mw.files
    assert (
        name.startswith("unit-") and mw.bytes_written == (tmp_path / "warc" / name).stat().st_size
    )
    assert crawler.stats.get_value("newsarchiver/warc_records") == 4  # the cached one is skipped
    assert crawler.stats.get_value("newsarchiver/warc_files") == 1
    with open(tmp_path / "warc" / name, "rb") as fh:
        records = [
            (r.rec_type, r.http_headers, r.raw_stream.read(), r.rec_headers)
            for r in ArchiveIterator(fh)
        ]
    assert [r[0] for r in records] == ["warcinfo"] + ["response", "request"] * 2
    partial_rec = records[3]
    assert partial_rec[3]["WARC-Truncated"] == "disconnect" and partial_rec[2] == b"<html>cut"
    assert partial_rec[1]["Content-Length"] == "9"
    assert b"seed: unit-seed" in records[0][2] and b"operator: ops@example.org" in records[0][2]
    _, resp_http, resp_body, _ = records[1]
    assert resp_http.statusline == "201 Created" and resp_body == b"<html>created</html>"
    assert [v for k, v in resp_http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    _, req_http, req_body, _ = records[2]
    assert req_http.protocol == "POST" and req_http.statusline == "/search?q=1 HTTP/1.1"
    assert req_http.get_header("Proxy-Authorization") is None
    assert req_http["Host"] == "example.org:8443"
    assert req_http["Content-Length"] == "6" and req_body == b"q=news"


def test_middleware_dedups_by_url_and_payload(tmp_path: Path) -> None:
    """Same URL + same payload -> revisit; new payload, other URL, POST or a pruned original
    WARC file -> a full response (and the pruned original is replaced in the index)."""
    from scrapy.http import HtmlResponse, Request

    from archive.stores.digest_index import DigestIndex
    from crawler.middlewares.warc_capture import WarcCaptureMiddleware

    def fetch(url: str, body: bytes, method: str = "GET") -> dict:
        crawler = project_crawler(NEWSARCHIVER_ARCHIVE_DIR=str(tmp_path))
        crawler.stats.open_spider()
        mw = WarcCaptureMiddleware.from_crawler(crawler)  # one "crawl" per fetch
        request = Request(url, method=method)
        response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})
        mw.process_response(request, response)
        mw.spider_closed()
        return request.meta["warc"]

    first = fetch("http://a.example/story", b"<html>v1</html>")
    again = fetch("http://a.example/story", b"<html>v1</html>")
    assert "revisit_of" not in first
    assert again["revisit_of"]["record_id"] == first["record_id"]
    assert again["revisit_of"]["file"] == first["file"] != again["file"]
    assert again["payload_digest"] == first["payload_digest"]
    changed = fetch("http://a.example/story", b"<html>v2</html>")
    assert "revisit_of" not in changed
    assert "revisit_of" not in fetch("http://b.example/story", b"<html>v1</html>")
    assert "revisit_of" not in fetch("http://a.example/story", b"<html>v1</html>", "POST")
    back = fetch("http://a.example/story", b"<html>v1</html>")  # edited back: still v1's digest
    assert back["revisit_of"]["record_id"] == first["record_id"]

    (tmp_path / "warc" / first["file"]).unlink()  # the original's WARC was pruned
    fresh = fetch("http://a.example/story", b"<html>v1</html>")
    assert "revisit_of" not in fresh
    later = fetch("http://a.example/story", b"<html>v1</html>")
    assert later["revisit_of"]["record_id"] == fresh["record_id"]
    with DigestIndex.for_archive(tmp_path) as index:
        entry = index.lookup("http://a.example/story", first["payload_digest"])
    assert entry is not None and entry.record_id == fresh["record_id"]

    with open(tmp_path / "warc" / later["file"], "rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types == ["warcinfo", "revisit", "request"]


def test_dedup_can_be_switched_off(tmp_path: Path) -> None:
    from scrapy.http import HtmlResponse, Request

    from crawler.middlewares.warc_capture import WarcCaptureMiddleware

    pointers = []
    for _ in range(2):
        crawler = project_crawler(
            NEWSARCHIVER_ARCHIVE_DIR=str(tmp_path), NEWSARCHIVER_WARC_DEDUP=False
        )
        crawler.stats.open_spider()
        mw = WarcCaptureMiddleware.from_crawler(crawler)
        request = Request("http://a.example/")
        mw.process_response(request, HtmlResponse(request.url, body=b"<html>same</html>"))
        mw.spider_closed()
        pointers.append(request.meta["warc"])
    assert not any("revisit_of" in p for p in pointers)
    assert not (tmp_path / "state" / "digests.sqlite3").exists()
