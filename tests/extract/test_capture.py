"""item_from_capture: the one capture -> item function of the crawl and of reextract."""

from __future__ import annotations

from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.capture import Capture, Skipped, item_from_capture, joined_headers
from crawler.items import ArticleItem
from crawler.seed import load_seed

from . import cases

ROOT = Path(__file__).resolve().parents[2]
SEED = load_seed(ROOT / "seeds" / "demo.toml")
SITE = SEED.site_rules()
WARC = {
    "file": "x.warc.gz",
    "offset": 0,
    "length": 10,
    "record_id": "<urn:uuid:1>",
    "payload_digest": "sha1:AAAA",
    "date": "2026-11-25T09:30:01.123456Z",
}


def fixture_capture(**kw: object) -> Capture:
    case = cases.load("demo-jsonld")
    fields = {
        "url": case.url,
        "status": 200,
        "headers": list(case.headers.items()),
        "body": case.body,
        "warc": WARC,
    }
    return Capture(**(fields | kw))


def test_item_is_the_page_objects_plus_the_capture_fields() -> None:
    capture = fixture_capture()
    item = item_from_capture(capture, SITE, discovery={"via": "start"}, listed_in="Politik")
    assert isinstance(item, ArticleItem)
    page = extract_article(capture.url, dict(capture.headers), capture.body, SEED.extraction)
    assert item.headline == page.headline and item.body == page.body
    assert item.site == "demo"
    assert item.section == page.section == "Ausland"  # the page's own section wins
    assert item.warc == WARC
    assert item.fetched_at == "2026-11-25T09:30:01.123456+00:00"  # the record's WARC-Date
    assert item.discovery == {"via": "start"}


def test_listed_section_and_fetch_time_fill_in_what_the_capture_lacks() -> None:
    page = b"<html><body><article><h1>Kurz</h1><p>Ein Absatz.</p></article></body></html>"
    capture = Capture("http://elsewhere.test/x.html", 200, [("Content-Type", "text/html")], page)
    item = item_from_capture(capture, SITE, listed_in="Sport", fetched_at="2026-01-01T00:00:00")
    assert isinstance(item, ArticleItem)
    assert (item.section, item.fetched_at, item.warc) == ("Sport", "2026-01-01T00:00:00", None)


def test_captures_that_are_no_article_say_why() -> None:
    not_found = item_from_capture(fixture_capture(status=404), SITE)
    assert not_found == Skipped(fixture_capture().url, "HTTP status 404", "not-article")
    # Scrapy's response classes decide, as for the crawl (an image at an .html URL is "HTML").
    jpeg = {"url": "http://news.demo.test/bild.jpg", "body": b"\xff\xd8\xff\x00"}
    image = fixture_capture(headers=[("Content-Type", "image/jpeg")], **jpeg)
    assert item_from_capture(image, SITE).reason == "not an HTML page (Content-Type image/jpeg)"
    coded = [("Content-Type", "text/html"), ("Content-Encoding", "zz")]
    still_encoded = fixture_capture(url="http://news.demo.test/x", headers=coded, body=b"\x00\x01")
    assert item_from_capture(still_encoded, SITE).kind == "not-article"
    cut = item_from_capture(fixture_capture(truncated=True), SITE)
    assert (cut.kind, cut.reason) == ("truncated", "body truncated: archived, not extracted")


def test_repeated_headers_are_joined_case_insensitively() -> None:
    pairs = [("Content-Type", "text/html"), ("content-language", "de"), ("Content-Language", "en")]
    assert joined_headers(pairs) == {"Content-Type": "text/html", "content-language": "de, en"}
