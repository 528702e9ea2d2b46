"""``[recrawl] old_every``: stories older than the revisit window are re-checked rarely
(conditionally, once per interval), not never. Time is the demo site's clock."""

from __future__ import annotations

import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from archive.stores.url_state import UrlStateStore
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.crawler.middlewares.test_incremental import captures, crawl

WINDOW_DAYS = 2.0
OLD_EVERY = timedelta(days=7)


def set_clock(server: DemoSiteServer, advance: int) -> None:
    url = f"{server.proxy_url}/_admin/clock?advance={advance}"
    req = urllib.request.Request(url, method="POST", headers={"Host": "news.demo.test"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200


def knobs(clock: int) -> dict:
    return {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": WINDOW_DAYS,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS": OLD_EVERY.total_seconds(),
        "NEWSARCHIVER_RECRAWL_NOW": DemoSite(clock=clock).site_time().isoformat(),
    }


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Clock 0, clock 1 (6 h later), clock 30 (7.5 days later), clock 30 again."""
    archive = tmp_path_factory.mktemp("old") / "archive"
    site = DemoSite()
    out: dict = {"archive": archive}
    seen_files: set[Path] = set()

    def run(name: str, clock: int) -> None:
        with UrlStateStore.open(archive) as store:
            out[f"{name}_before"] = {row.url: row for row in store.all()}
        out[name] = crawl(archive, server.proxy_url, **knobs(clock))
        files = set((archive / "warc").glob("*.warc.gz")) - seen_files
        seen_files.update(files)
        out[f"{name}_seen"] = captures(sorted(files))

    with DemoSiteServer(site, port=0) as server:
        run("first", 0)
        set_clock(server, 1)
        run("second", 1)
        set_clock(server, 29)
        assert site.clock == 30
        run("third", 30)
        run("fourth", 30)
    return out


def old_archived(before: dict, clock: int) -> set[str]:
    """Visible articles at ``clock``, archived before, published before the window."""
    now = DemoSite(clock=clock).site_time()
    cutoff = now - timedelta(days=WINDOW_DAYS)
    return {
        a.url
        for a in DemoSite(clock=clock).visible_articles()
        if a.url in before and before[a.url].archived and a.published < cutoff
    }


def test_old_stories_are_skipped_until_the_interval_has_passed(crawls: dict) -> None:
    old = old_archived(crawls["second_before"], 1)
    assert len(old) >= 150
    stats = crawls["second"]
    assert stats.get("newsarchiver/rechecked_old", 0) == 0
    assert stats["newsarchiver/skipped_outside_window"] == len(old)
    assert not [u for u in old if u in crawls["second_seen"]]


def test_old_stories_are_rechecked_conditionally_once_the_interval_passed(crawls: dict) -> None:
    before = crawls["third_before"]
    old = old_archived(before, 30)
    assert len(old) >= 200
    stats = crawls["third"]
    seen = crawls["third_seen"]
    # Every old story last fetched more than 7 days (site time) ago: one conditional fetch.
    assert stats["newsarchiver/rechecked_old"] == len(old)
    assert stats.get("newsarchiver/skipped_outside_window", 0) == 0
    statuses = []
    for url in old:
        got = seen.get(url, [])
        assert len(got) == 1, (url, got)
        status, headers = got[0]
        assert "If-None-Match" in headers, (url, headers)
        statuses.append(status)
    # Conditional requests; the demo site's related-story boxes change over a week, so most
    # pages come back in full (200), unchanged ones as 304.
    assert set(statuses) <= {200, 304}
    now = DemoSite(clock=30).site_time()
    with UrlStateStore.open(crawls["archive"]) as store:
        for url in old:
            row = store.get(url)
            assert row is not None and row.fetch_count == before[url].fetch_count + 1, row
            assert row.last_fetched_at == now, row  # fetch times follow the fixed clock


def test_old_stories_are_not_rechecked_again_within_the_interval(crawls: dict) -> None:
    old = old_archived(crawls["fourth_before"], 30)
    stats = crawls["fourth"]
    assert stats.get("newsarchiver/rechecked_old", 0) == 0
    assert stats["newsarchiver/skipped_outside_window"] == len(old)
    assert not [u for u in old if u in crawls["fourth_seen"]]
