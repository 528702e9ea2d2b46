"""The demo crawl reads the RSS feeds and the news sitemap the demo site announces."""

from __future__ import annotations

from collections import Counter

from tests.conftest import DemoCrawl
from tests.e2e.test_demo import items, responses

SITE = "http://news.demo.test"
SECTIONS = ("politik", "ausland", "boerse", "sport", "world")


def test_demo_crawl_fetches_and_archives_feeds_sitemap_and_home_page(
    demo_crawl: DemoCrawl,
) -> None:
    assert demo_crawl.proc.returncode == 0, demo_crawl.proc.stderr[-3000:]
    captured = responses(demo_crawl.archive)
    # the news sitemap named in robots.txt, the feed each section page announces
    listings = [f"{SITE}/sitemap-news.xml", *(f"{SITE}/{s}/feed.xml" for s in SECTIONS)]
    for url in [*listings, f"{SITE}/"]:
        assert len(captured.get(url, [])) == 1, url
    for url in listings:
        headers, raw = captured[url][0]
        assert headers.get_header("Content-Type").startswith(
            ("application/rss+xml", "application/xml")
        )
        assert raw.lstrip().startswith((b"<?xml", b"\x1f\x8b"))


def test_demo_items_name_feed_discovery_and_where_it_came_from(demo_crawl: DemoCrawl) -> None:
    got = items(demo_crawl.archive)
    vias = Counter(i["discovery"]["via"] for i in got)
    assert set(vias) <= {"section", "related", "feed", "sitemap"}
    # Feeds list the 30 newest stories of a section, the news sitemap those of two days;
    # the ones a first section page does not link are found there before the second
    # page (queued after every article) is fetched.
    assert vias["feed"] + vias["sitemap"] > 0 and vias["section"] > 0
    for item in got:
        d = item["discovery"]
        if d["via"] == "feed":
            assert d["from_url"].endswith("/feed.xml") and d["depth"] == 1
        if d["via"] == "sitemap":
            assert d["from_url"] == f"{SITE}/sitemap-news.xml" and d["depth"] == 1
