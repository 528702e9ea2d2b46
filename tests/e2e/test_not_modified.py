"""A 304 to a conditional re-fetch is archived as a *server-not-modified* revisit (WARC/1.1
section 6.7.3) naming the capture it confirmed, and replays as that capture.

Two real crawls of the unchanged demo site into one archive (the second re-checks recent
stories with If-None-Match / If-Modified-Since), then warcio, the CDXJ index, pywb and a WACZ.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.index.cdxj import update_archive_index
from archive.index.wacz_package import build_wacz
from archive.stores.digest_index import DigestIndex
from archive.warc.digests import DigestEntry
from archive.warc.records import NOT_MODIFIED_PROFILE
from archive.warc.writer import WarcFileWriter
from crawler.replay import PywbServer, warc_timestamp, write_pywb_config
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.crawler.middlewares.test_incremental import crawl

from .test_replay_pywb import decoded, fetch, require_pywb, served_body

WARCIO = Path(sys.executable).parent / "warcio"
WACZ = Path(sys.executable).parent / "wacz"


def _items(archive: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((archive / "items").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.setdefault(item["url"], item)
    return out


def _records(files: list[Path]) -> list:
    out = []
    for path in files:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type in ("response", "revisit"):
                    out.append((dict(rec.rec_headers.headers), rec.http_headers, path.name))
    return out


@pytest.fixture(scope="module")
def recrawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    archive = tmp_path_factory.mktemp("not-modified") / "archive"
    knobs = {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": 2.0,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_NOW": DemoSite().site_time().isoformat(),
    }
    with DemoSiteServer(DemoSite(), port=0) as server:
        crawl(archive, server.proxy_url, **knobs)
        first_files = set((archive / "warc").glob("*.warc.gz"))
        first_items = _items(archive)
        second = crawl(archive, server.proxy_url, **knobs)
    second_files = sorted(set((archive / "warc").glob("*.warc.gz")) - first_files)
    return {
        "archive": archive,
        "first_items": first_items,
        "second": second,
        "second_files": second_files,
    }


def test_304_is_a_server_not_modified_revisit_of_the_earlier_capture(recrawl: dict) -> None:
    first = recrawl["first_items"]
    records = _records(recrawl["second_files"])
    not_modified = [r for r in records if r[1] is not None and r[1].get_statuscode() == "304"]
    assert len(not_modified) >= 20
    assert len(not_modified) == recrawl["second"]["newsarchiver/not_modified"]
    for warc, http, _ in not_modified:
        url = warc["WARC-Target-URI"]
        earlier = first[url]["warc"]
        assert warc["WARC-Type"] == "revisit", url
        assert warc["WARC-Profile"] == NOT_MODIFIED_PROFILE
        assert warc["WARC-Refers-To"] == earlier["record_id"]
        assert warc["WARC-Refers-To-Target-URI"] == url
        assert warc["WARC-Refers-To-Date"] == earlier["date"]
        assert warc["WARC-Payload-Digest"] == earlier["payload_digest"]
        assert http.statusline == "304 Not Modified"
        assert http.get_header("ETag")
    proc = subprocess.run(
        [str(WARCIO), "check", *map(str, recrawl["second_files"])], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_index_and_pywb_resolve_a_304_to_the_full_capture(recrawl: dict, tmp_path: Path) -> None:
    pywb = require_pywb()
    archive = recrawl["archive"]
    update = update_archive_index(archive)
    lines = update.index.read_text(encoding="utf-8").splitlines()
    assert lines and not [line for line in lines if '"status": "304"' in line]
    not_modified = [
        (warc["WARC-Target-URI"], warc["WARC-Date"])
        for warc, http, _ in _records(recrawl["second_files"])
        if http is not None and http.get_statuscode() == "304"
    ]
    site = DemoSite()
    write_pywb_config(tmp_path / "replay", warc_dir=archive / "warc", index_path=update.index)
    with PywbServer(tmp_path / "replay", pywb_bin=pywb) as server:
        for url, date in not_modified[:15]:
            for ts in (warc_timestamp(date), ""):  # the 304's own time, and "latest"
                status, body, encoding = fetch(server.url(url, ts))
                assert status == 200, (url, ts)
                assert decoded(body, encoding) == served_body(site, url), url


def test_wacz_index_leaves_304s_out_and_validates(recrawl: dict, tmp_path: Path) -> None:
    out = tmp_path / "recrawl.wacz"
    progress: list[int] = []
    build_wacz(recrawl["archive"], out, on_record=progress.append)
    proc = subprocess.run([str(WACZ), "validate", "-f", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and "is valid" in proc.stdout, proc.stdout + proc.stderr
    with zipfile.ZipFile(out) as zf:
        index = gzip.decompress(zf.read("indexes/index.cdx.gz")).decode()
        pages = zf.read("pages/pages.jsonl").decode()
    assert index.count("\n") > 220
    assert progress == list(range(1, index.count("\n") + 1))  # one progress step per line
    assert '"status": "304"' not in index
    assert '"status": "200"' in index
    # pages are the extracted articles only: a 304 yields no item, so no page of its own
    pages_ts = {(p["url"], p["ts"]) for p in map(json.loads, pages.splitlines()[1:])}
    items_ts = {
        (item["url"], item["fetched_at"])
        for path in (recrawl["archive"] / "items").glob("*.jsonl")
        for item in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    assert pages_ts == items_ts


def test_304_without_a_known_capture_still_names_its_target(tmp_path: Path) -> None:
    """No digest index entry (dedup off, or a new archive): only the target URI is given."""
    with WarcFileWriter(tmp_path / "warc", host_tag="h") as writer:
        ptr = writer.write_exchange(
            url="http://x.test/a.html",
            method="GET",
            request_headers=[("If-None-Match", '"1"')],
            request_body=b"",
            protocol="HTTP/1.1",
            status=304,
            reason="Not Modified",
            response_headers=[("ETag", '"1"'), ("Content-Length", "1234")],
            body=b"",
            ip_address=None,
            fetched_at=datetime(2026, 2, 1, tzinfo=UTC),
            not_modified=True,
        )
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    ((warc, http, _),) = _records([path])
    assert warc["WARC-Type"] == "revisit" and warc["WARC-Profile"] == NOT_MODIFIED_PROFILE
    assert warc["WARC-Refers-To-Target-URI"] == "http://x.test/a.html"
    assert "WARC-Refers-To" not in warc and "WARC-Refers-To-Date" not in warc
    assert http.get_header("Content-Length") == "1234"  # a 304's headers are kept as sent
    assert ptr.record_id == warc["WARC-Record-ID"]
    assert subprocess.run([str(WARCIO), "check", str(path)]).returncode == 0


def test_digest_index_latest_follows_the_newest_capture(tmp_path: Path) -> None:
    a = DigestEntry("http://a/", "sha1:A", "<urn:uuid:1>", "2026-01-01T00:00:00Z", "f", 0, 9)
    b = DigestEntry("http://a/", "sha1:B", "<urn:uuid:2>", "2026-02-01T00:00:00Z", "g", 5, 9)
    with DigestIndex(tmp_path / "digests.sqlite3") as index:
        assert index.latest("http://a/") is None
        index.add(a)
        index.add(b)
        assert index.latest("http://a/") == b  # no latest row yet: the newest original
        index.set_latest(b)
        index.set_latest(a)  # the page changed back: A's original holds today's payload
        assert index.latest("http://a/") == a
        assert index.latest("http://b/") is None
