"""The spider's article callback: the shared capture -> item path, then what to follow."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.extract.capture import item_from_capture
from crawler.items import ArticleItem
from crawler.spiders.news import NewsSpider

from ..conftest import ROOT
from ..extract import cases

WARC = {"file": "x.warc.gz", "offset": 0, "length": 1, "record_id": "<urn:uuid:1>",
        "payload_digest": "sha1:A", "date": "2026-11-25T09:30:01.000001Z"}  # fmt: skip


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
    out = list(news.parse_article(response))
    item = out[0]
    assert isinstance(item, ArticleItem)
    expected = item_from_capture(
        news.capture_of(response), news.seed, discovery=discovery, listed_in="Politik"
    )
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
    assert list(news.parse_article(response)) == []
    assert news.crawler.stats.get_value("newsarchiver/skipped") == 1
