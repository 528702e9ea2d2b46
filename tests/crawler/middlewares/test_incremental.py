"""Incremental re-crawls against the real demo site: new stories in full, recent ones
conditionally (304s), old ones not at all. Crawls run in child processes (one reactor each)."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.stores.url_state import UrlStateStore, state_path
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests import forkserver

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "demo.toml"
WINDOW_DAYS = 2.0

# Runs one crawl with the incremental middleware enabled on top of the project's wiring and
# prints Scrapy's stats as JSON (the runner's summary does not expose the stats).
CRAWL_SCRIPT = r"""
import json, logging, sys
from pathlib import Path
from scrapy.crawler import AsyncCrawlerProcess
import crawler.settings as project
from crawler.crawl_log import setup_logging
from crawler.process import crawl_settings
from crawler.seed import load_seed
from crawler.spiders.news import NewsSpider

seed = load_seed(sys.argv[1])
setup_logging(Path(sys.argv[2]) / "logs" / "test-crawl.log")
extra = json.loads(sys.argv[4])
mws = dict(project.DOWNLOADER_MIDDLEWARES)
mws["crawler.middlewares.incremental.IncrementalMiddleware"] = 925
settings = crawl_settings(
    seed, Path(sys.argv[2]), proxy=sys.argv[3], progress=False,
    overrides={"DOWNLOADER_MIDDLEWARES": mws, **extra},
)
process = AsyncCrawlerProcess(settings)
crawler = process.create_crawler(NewsSpider)
process.crawl(crawler, seed=seed)
process.start()  # a refused start (crawler.run.RunRefused) exits here after its one line
stats = crawler.stats.get_stats() if crawler.stats else {}
print(json.dumps({k: v for k, v in stats.items() if isinstance(v, (int, float, str))}))
"""


def crawl(archive: Path, proxy: str, **settings: object) -> dict:
    args = (str(SEED), str(archive), proxy, json.dumps(settings))
    proc = forkserver.python_c(CRAWL_SCRIPT, *args, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]) | {"_stderr": proc.stderr}


def captures(files: list[Path]) -> dict[str, list[tuple[int, dict]]]:
    """URL -> [(status, request headers)] for every response or revisit record in ``files``.

    A revisit record (identical payload, or a 304) is still one fetch over the network.
    """
    requests: dict[str, dict] = {}
    responses: list[tuple[str, str, int]] = []
    for path in files:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "request":
                    concurrent = rec.rec_headers.get_header("WARC-Concurrent-To")
                    requests[concurrent] = dict(rec.http_headers.headers)
                elif rec.rec_type in ("response", "revisit"):
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    rid = rec.rec_headers.get_header("WARC-Record-ID")
                    responses.append((url, rid, int(rec.http_headers.get_statuscode())))
    out: dict[str, list[tuple[int, dict]]] = {}
    for url, rid, status in responses:
        out.setdefault(url, []).append((status, requests.get(rid, {})))
    return out


def advance_clock(server: DemoSiteServer) -> None:
    url = f"{server.proxy_url}/_admin/clock?advance=1"
    req = urllib.request.Request(url, method="POST", headers={"Host": "news.demo.test"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Crawl at clock 0, advance the demo clock one step, crawl the same archive again."""
    archive = tmp_path_factory.mktemp("incremental") / "archive"
    site = DemoSite()
    before = {a.url: a for a in DemoSite(clock=0).visible_articles()}
    after = {a.url: a for a in DemoSite(clock=1).visible_articles()}
    now = DemoSite(clock=1).site_time()
    knobs = {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": WINDOW_DAYS,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_NOW": now.isoformat(),
    }
    with DemoSiteServer(site, port=0) as server:
        first = crawl(archive, server.proxy_url, **knobs)
        first_files = set((archive / "warc").glob("*.warc.gz"))
        with UrlStateStore.open(archive) as store:
            first_rows = {row.url: row for row in store.all()}
        advance_clock(server)
        assert site.clock == 1
        second = crawl(archive, server.proxy_url, **knobs)
        second_files = sorted(set((archive / "warc").glob("*.warc.gz")) - first_files)
        # A third crawl right away, re-checks limited to once an hour: nothing is re-fetched
        # (this is also how a crawl that was killed half-way continues).
        third = crawl(archive, server.proxy_url, **{**knobs, "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 1})
        third_files = sorted(
            set((archive / "warc").glob("*.warc.gz")) - first_files - set(second_files)
        )
    return {
        "archive": archive,
        "before": before,
        "after": after,
        "now": now,
        "first": first,
        "first_rows": first_rows,
        "second": second,
        "third": third,
        "first_files": sorted(first_files),
        "second_files": second_files,
        "third_files": third_files,
    }


def test_first_crawl_fetches_everything_and_fills_the_state_store(two_crawls: dict) -> None:
    first = two_crawls["first"]
    assert first.get("newsarchiver/skipped_unchanged", 0) == 0
    assert first.get("newsarchiver/not_modified", 0) == 0
    assert first["item_scraped_count"] >= len(two_crawls["before"])
    rows = two_crawls["first_rows"]
    for url, art in two_crawls["before"].items():
        row = rows.get(url)
        assert row is not None, url
        assert row.last_status == 200 and row.etag
        assert row.via in ("section", "related", "feed", "sitemap")
        assert row.payload_digest and row.payload_digest.startswith("sha1:")
        assert row.published_at == art.published, url
        assert row.site == "demo" and row.fetch_count == 1
    section = rows.get("http://news.demo.test/politik/")
    assert section is not None and section.via == "start"


def test_second_crawl_fetches_new_rechecks_recent_and_skips_old(two_crawls: dict) -> None:
    before, after, now = two_crawls["before"], two_crawls["after"], two_crawls["now"]
    stats = two_crawls["second"]
    seen = captures(two_crawls["second_files"])
    new_urls = set(after) - set(before)
    assert len(new_urls) >= 8
    for url in new_urls:
        assert [s for s, _ in seen.get(url, [])] == [200], url

    cutoff = now - timedelta(days=WINDOW_DAYS)
    recent = {u for u, a in before.items() if a.published >= cutoff}
    old = set(before) - recent
    assert len(recent) >= 30 and len(old) >= 150
    # Old stories: not a single full re-download (in fact no request at all).
    assert not [u for u in old if any(s == 200 for s, _ in seen.get(u, []))]
    assert not [u for u in old if u in seen]
    assert stats["newsarchiver/skipped_outside_window"] == len(old)
    assert stats["newsarchiver/skipped_unchanged"] == len(old)

    # Recent stories: each re-checked once, conditionally; unchanged ones answered 304.
    statuses = []
    for url in recent:
        got = seen.get(url, [])
        assert len(got) == 1, (url, got)
        status, req_headers = got[0]
        assert "If-None-Match" in req_headers, (url, req_headers)
        assert status in (200, 304)
        statuses.append(status)
    not_modified = statuses.count(304)
    assert not_modified >= 1
    assert stats["newsarchiver/not_modified"] == not_modified
    assert stats["newsarchiver/conditional_requests"] == len(recent)
    # A 304 never reaches extraction: items = new stories + recent ones that changed.
    assert stats["item_scraped_count"] == len(new_urls) + statuses.count(200)
    assert stats.get("newsarchiver/errors", 0) == 0
    assert stats.get("log_count/ERROR", 0) == 0, two_crawls["second"]["_stderr"][-2000:]


def test_state_store_after_the_recrawl(two_crawls: dict) -> None:
    before, after = two_crawls["before"], two_crawls["after"]
    cutoff = two_crawls["now"] - timedelta(days=WINDOW_DAYS)
    # Updated stories inside the window are re-fetched in full (older updated ones are the
    # price of the window: they are not revisited).
    changed = [u for u in before if after[u].modified != before[u].modified]
    updated = [u for u in changed if after[u].published >= cutoff]
    assert updated, "the demo clock step updates some recent stories"
    with UrlStateStore.open(two_crawls["archive"]) as store:
        for url in after:
            assert store.get(url) is not None, url
        for url in updated:
            row = store.get(url)
            assert row is not None and row.fetch_count == 2 and row.last_status == 200, row
            assert row.changed_at == row.last_fetched, row
        rows = [store.get(u) for u in before]
        not_modified = [r for r in rows if r is not None and r.last_status == 304]
        assert not_modified
        assert all(r.payload_digest and r.not_modified_count == 1 for r in not_modified)
        counts = store.site_counts()["demo"]
        assert counts["not_modified"] == len(not_modified)


def test_restarted_crawl_refetches_no_article(two_crawls: dict) -> None:
    stats = two_crawls["third"]
    seen = captures(two_crawls["third_files"])
    articles = [u for u in seen if u in two_crawls["after"]]
    assert articles == []
    assert stats["newsarchiver/skipped_unchanged"] == len(two_crawls["after"])
    assert stats.get("item_scraped_count", 0) == 0
    assert any(u.endswith("/politik/") for u in seen), sorted(seen)[:20]  # always fetched


def test_corrupted_state_store_stops_the_crawl_with_one_line(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    path = state_path(archive)
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database\n" * 200
    path.write_bytes(garbage)
    with DemoSiteServer(DemoSite(articles=20), port=0) as server:
        args = (str(SEED), str(archive), server.proxy_url, "{}")
        proc = forkserver.python_c(CRAWL_SCRIPT, *args, timeout=60)
    lines = [ln for ln in proc.stderr.splitlines() if "urls.sqlite3" in ln]
    assert len(lines) == 1, proc.stderr
    assert "not an SQLite database" in lines[0] and "move the file away" in lines[0]
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in path.parent.glob("urls.sqlite3*")) == ["urls.sqlite3"]
    assert captures(sorted((archive / "warc").glob("*.warc.gz"))) == {}  # nothing fetched


def test_middleware_decisions_without_a_crawl(tmp_path: Path) -> None:
    """Window, recency, validators, 304 handling and redirects, on real Scrapy objects."""
    from datetime import UTC, datetime

    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import HtmlResponse, Response

    from crawler.middlewares.incremental import META_CONDITIONAL, IncrementalMiddleware

    now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    store = UrlStateStore.open(tmp_path)
    mw = IncrementalMiddleware(store, window=timedelta(days=3), every=timedelta(0), now=now)
    new_url, recent_url, old_url = (f"http://x.test/2026/01/{n}.html" for n in ("n", "r", "o"))

    def req(url: str, via: str = "section") -> Request:
        return Request(url, meta={"discovery": {"via": via, "from_url": "http://x.test/"}})

    for url, published in ((recent_url, "2026-01-09T08:00:00+01:00"), (old_url, "2025-12-01")):
        first = req(url)
        first.meta["warc"] = {"payload_digest": "sha1:" + url[-6:]}
        headers = {"ETag": '"v1"', "Last-Modified": "Fri, 09 Jan 2026 07:00:00 GMT"}
        mw.process_response(first, HtmlResponse(url, body=b"<html></html>", headers=headers))
        store.item_logged(url, published)
    # Archived, but its item was lost (crawl stopped before extraction): fetched in full.
    lost_url = "http://x.test/2025/12/lost.html"
    lost = req(lost_url)
    lost.meta["warc"] = {"payload_digest": "sha1:lost"}
    mw.process_response(lost, HtmlResponse(lost_url, body=b"<html></html>", headers=headers))
    again = req(lost_url)
    assert mw.process_request(again) is None and b"If-None-Match" not in again.headers
    store.item_logged(lost_url, "2025-12-01")
    with pytest.raises(IgnoreRequest, match="older than the revisit window"):
        mw.process_request(req(lost_url))

    assert mw.process_request(req(new_url)) is None  # never seen: fetched in full
    section = req("http://x.test/politik/", via="pagination")
    assert mw.process_request(section) is None and META_CONDITIONAL not in section.meta
    with pytest.raises(IgnoreRequest, match="older than the revisit window"):
        mw.process_request(req(old_url))

    recheck = req(recent_url)
    assert mw.process_request(recheck) is None
    assert recheck.headers["If-None-Match"] == b'"v1"'
    assert recheck.headers["If-Modified-Since"] == b"Fri, 09 Jan 2026 07:00:00 GMT"
    with pytest.raises(IgnoreRequest, match="not modified"):
        mw.process_response(recheck, Response(recent_url, status=304))
    row = store.get(recent_url)
    assert row is not None and row.last_status == 304 and row.payload_digest == "sha1:r.html"

    # A redirect copies meta and headers: the old URL's validators are dropped.
    redirected = recheck.replace(url=new_url)
    assert mw.process_request(redirected) is None
    assert b"If-None-Match" not in redirected.headers and META_CONDITIONAL not in redirected.meta

    # Checked moments ago and re-checks limited to once an hour: skipped.
    hourly = IncrementalMiddleware(store, window=timedelta(days=3), every=timedelta(hours=1),
                                   now=now)  # fmt: skip
    with pytest.raises(IgnoreRequest, match="fetched recently"):
        hourly.process_request(req(recent_url, via="related"))
    store.close()


@pytest.mark.parametrize("name", ["urls.sqlite3", "items.sqlite3"])
def test_cli_crawl_with_a_corrupted_store_prints_one_line(tmp_path: Path, name: str) -> None:
    """`newsarchiver crawl` (what cron and the scheduler run): exit 2, one line, no fetch."""
    from tests.conftest import newsarchiver

    archive = tmp_path / "archive"
    path = archive / "state" / name
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database\n" * 200
    path.write_bytes(garbage)
    with DemoSiteServer(DemoSite(articles=20), port=0) as server:
        seed = tmp_path / "demo.toml"
        seed.write_text(
            SEED.read_text(encoding="utf-8") + f'\n[fetch]\nproxy = "{server.proxy_url}"\n',
            encoding="utf-8",
        )
        proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), proc.stderr
    assert path.read_bytes() == garbage
    assert not (archive / "warc").exists()
