"""CDXJ lines written with the WARC records: the same index cdxj-indexer builds by reading back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive.index.cdxj import index_warc_files, update_archive_index
from archive.index.cdxj_live import LiveIndex
from archive.layout import PENDING_DIRNAME as PENDING_DIR
from archive.warc.writer import WarcFileWriter
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.archive.warc.test_recovery import kill_9_mid_write
from tests.crawler.middlewares.test_incremental import crawl

FETCHED = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)


def _exchange(writer: WarcFileWriter, url: str, **kw: object) -> None:
    args: dict = {
        "url": url,
        "method": "GET",
        "request_headers": [("User-Agent", "t")],
        "request_body": b"",
        "protocol": "HTTP/1.1",
        "status": 200,
        "reason": "OK",
        "response_headers": [("Content-Type", "text/html; charset=utf-8")],
        "body": url.encode() * 50,
        "ip_address": "127.0.0.1",
        "fetched_at": FETCHED,
    }
    args.update(kw)
    writer.write_exchange(**args)


def test_index_of_a_crawl_equals_cdxj_indexer_reading_the_warcs(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    knobs = {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": 2.0,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_NOW": DemoSite().site_time().isoformat(),
    }
    # Two crawls: full responses, identical-payload revisits and 304s (left out of both).
    with DemoSiteServer(DemoSite(articles=30), port=0) as server:
        crawl(archive, server.proxy_url, **knobs)
        crawl(archive, server.proxy_url, **knobs)
    index = update_archive_index(archive).index
    written = index.read_text(encoding="utf-8").splitlines(keepends=True)
    read_back = index_warc_files(sorted((archive / "warc").glob("*.warc.gz")))
    assert written == read_back
    assert any('"mime": "warc/revisit"' in line for line in written)
    assert sum('"status": "200"' in line for line in written) > 30
    # merged sidecars are removed
    assert not list((archive / "indexes" / PENDING_DIR).iterdir())


def test_unusual_headers_index_like_cdxj_indexer(tmp_path: Path) -> None:
    """Odd statuses, a missing or parameterised Content-Type, a URL SURT cannot canonicalise."""
    with WarcFileWriter(
        tmp_path / "warc", host_tag="h", sink=LiveIndex.for_writer(tmp_path / "indexes")
    ) as w:
        _exchange(w, "http://example.org/a?b=1&a=2", reason="Fine Thanks")
        _exchange(w, "http://example.org/none", response_headers=[])
        _exchange(
            w,
            "http://EXAMPLE.org:80/Upper%20Case",
            response_headers=[("content-TYPE", " Text/HTML ;charset=latin-1")],
        )
        _exchange(w, "http://example.org/gone", status=410, reason="")
        _exchange(
            w, "https://example.org/redirect", status=301, response_headers=[("Location", "/")]
        )
    update = update_archive_index(tmp_path)
    written = update.index.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(written) == 5
    assert written == index_warc_files(sorted((tmp_path / "warc").glob("*.warc.gz")))


def test_rotation_gives_each_file_its_own_sidecar(tmp_path: Path) -> None:
    with WarcFileWriter(
        tmp_path / "warc",
        host_tag="h",
        max_size=2000,
        sink=LiveIndex.for_writer(tmp_path / "indexes"),
    ) as w:
        for i in range(6):
            _exchange(w, f"http://example.org/{i}")
        files = list(w.files)
    assert len(files) > 1
    sidecars = sorted(p.name for p in (tmp_path / "indexes" / PENDING_DIR).iterdir())
    assert sidecars == sorted(f + ".cdxj" for f in files)
    update = update_archive_index(tmp_path)
    assert update.total_lines == 6
    assert update.index.read_text().splitlines(keepends=True) == index_warc_files(
        sorted((tmp_path / "warc").glob("*.warc.gz"))
    )


def test_after_kill_9_the_recovered_file_is_indexed_by_reading_it(tmp_path: Path) -> None:
    kill_9_mid_write(str(tmp_path / "warc"), str(tmp_path / "indexes"))
    pending = tmp_path / "indexes" / PENDING_DIR
    assert list(pending.glob("*.cdxj.open"))  # the dead writer's sidecar
    with WarcFileWriter(
        tmp_path / "warc", host_tag="k", sink=LiveIndex.for_writer(tmp_path / "indexes")
    ) as w:
        assert len(w.recovered) == 1
        assert not list(pending.glob("*.cdxj.open"))  # stale sidecar dropped
        _exchange(w, "http://example.org/after")
    update = update_archive_index(tmp_path)
    assert len(update.new_files) == 2
    lines = update.index.read_text().splitlines(keepends=True)
    assert lines == index_warc_files(sorted((tmp_path / "warc").glob("*.warc.gz")))
    assert any("example.org/after" in line for line in lines)
