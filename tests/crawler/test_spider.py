"""The spider's article callback: the shared capture -> item path, then what to follow."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.extract.capture import item_from_capture
from crawler.extract.context import CrawlContext
from crawler.items import ArticleItem
from crawler.spiders.news import NewsSpider

from ..conftest import ROOT
from ..extract import cases

WARC = {"file": "x.warc.gz", "offset": 0, "length": 1, "record_id": "<urn:uuid:1>",
        "payload_digest": "sha1:A", "date": "2026-11-25T09:30:01.000001Z"}  # fmt: skip


def run(coroutine) -> list:
    """What a coroutine callback returns."""
    return asyncio.run(coroutine)


def spider() -> NewsSpider:
    crawler = get_crawler(NewsSpider)
    return NewsSpider.from_crawler(crawler, seed=str(ROOT / "seeds" / "demo.toml"))


def article_response(meta: dict) -> HtmlResponse:
    case = cases.load("demo-jsonld")
    request = Request(case.url, meta=meta)
    return HtmlResponse(case.url, headers=case.headers, body=case.body, request=request)


def test_article_item_is_item_from_capture_and_related_stories_follow() -> None:
    news = spider()
    discovery = {"via": "section", "from_url": "http://news.demo.test/politik/", "depth": 1}
    response = article_response({"warc": WARC, "discovery": discovery, "section": "Politik"})
    out = run(news.parse_article(response))
    item = out[0]
    assert isinstance(item, ArticleItem)
    context = CrawlContext("section", "http://news.demo.test/politik/", 1, "Politik")
    expected = item_from_capture(news.capture_of(response), news.seed.site_rules(), context)
    assert item.to_dict() == expected.to_dict()
    assert item.fetched_at == "2026-11-25T09:30:01.000001+00:00"
    followed = [r for r in out[1:] if r.meta["discovery"]["via"] == "related"]
    assert [r.url for r in followed] == [r.url for r in item.related if news.links.allowed(r.url)]
    assert all(r.meta["discovery"]["depth"] == 2 for r in followed)


def test_a_non_html_article_url_is_skipped_and_counted() -> None:
    news = spider()
    url = "http://news.demo.test/politik/2025/11/bild-100001.html"
    headers = {"Content-Type": "application/pdf"}
    response = Response(url, headers=headers, body=b"%PDF-1.4", request=Request(url))
    assert run(news.parse_article(response)) == []
    assert news.crawler.stats.get_value("newsarchiver/skipped") == 1


def test_a_host_that_does_not_resolve_without_a_proxy_gets_one_hint_naming_proxy(caplog) -> None:
    from twisted.internet.error import DNSLookupError
    from twisted.python.failure import Failure

    def fail_both(news: NewsSpider) -> list[str]:
        caplog.clear()
        for url in ("http://news.demo.test/politik/", "http://news.demo.test/sport/"):
            failure = Failure(DNSLookupError(f"no results for hostname lookup: {url}"))
            failure.request = Request(url)
            news.on_error(failure)
        return [r.getMessage() for r in caplog.records if r.name == "newsarchiver.crawl"]

    lines = fail_both(spider())
    hints = [line for line in lines if line.startswith("hint: ")]
    assert len(hints) == 1 and "news.demo.test does not resolve" in hints[0]
    assert "--proxy http://HOST:PORT" in hints[0]
    assert "http://news.demo.test/sport/: host name not found" in lines

    crawler = get_crawler(NewsSpider, {"NEWSARCHIVER_PROXY": "http://127.0.0.1:9"})
    proxied = NewsSpider.from_crawler(crawler, seed=str(ROOT / "seeds" / "demo.toml"))
    assert not [line for line in fail_both(proxied) if line.startswith("hint: ")]
