"""item_from_capture: the one capture -> item function of the crawl and of reextract."""

from __future__ import annotations

from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.capture import Capture, Skipped, item_from_capture, joined_headers
from crawler.extract.context import CrawlContext, Listed
from crawler.items import ArticleItem
from crawler.seed import load_seed

from . import cases

ROOT = Path(__file__).resolve().parents[2]
SEED = load_seed(ROOT / "seeds" / "demo.toml").site_rules()
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
    context = CrawlContext("section", "http://news.demo.test/politik/", 1, "Politik")
    item = item_from_capture(capture, SEED, context)
    assert isinstance(item, ArticleItem)
    page = extract_article(capture.url, dict(capture.headers), capture.body, SEED.extraction)
    assert item.headline == page.headline and item.body == page.body
    assert item.site == "demo"
    assert item.section == page.section == "Ausland"  # the page's own section wins
    assert item.warc == WARC
    assert item.fetched_at == "2026-11-25T09:30:01.123456+00:00"  # the record's WARC-Date
    assert item.discovery == {
        "via": "section",
        "from_url": "http://news.demo.test/politik/",
        "depth": 1,
    }


def test_listed_section_and_fetch_time_fill_in_what_the_capture_lacks() -> None:
    page = b"<html><body><article><h1>Kurz</h1><p>Ein Absatz.</p></article></body></html>"
    capture = Capture("http://elsewhere.test/x.html", 200, [("Content-Type", "text/html")], page)
    context = CrawlContext(section="Sport")
    item = item_from_capture(capture, SEED, context, fetched_at="2026-01-01T00:00:00")
    assert isinstance(item, ArticleItem)
    assert (item.section, item.fetched_at, item.warc) == ("Sport", "2026-01-01T00:00:00", None)


def test_captures_that_are_no_article_say_why() -> None:
    not_found = item_from_capture(fixture_capture(status=404), SEED)
    assert not_found == Skipped(fixture_capture().url, "HTTP status 404", "not-article")
    # Scrapy's response classes decide, as for the crawl (an image at an .html URL is "HTML").
    jpeg = {"url": "http://news.demo.test/bild.jpg", "body": b"\xff\xd8\xff\x00"}
    image = fixture_capture(headers=[("Content-Type", "image/jpeg")], **jpeg)
    assert item_from_capture(image, SEED).reason == "not an HTML page (Content-Type image/jpeg)"
    coded = [("Content-Type", "text/html"), ("Content-Encoding", "zz")]
    still_encoded = fixture_capture(url="http://news.demo.test/x", headers=coded, body=b"\x00\x01")
    assert item_from_capture(still_encoded, SEED).kind == "not-article"
    cut = item_from_capture(fixture_capture(truncated=True), SEED)
    assert (cut.kind, cut.reason) == ("truncated", "body truncated: archived, not extracted")


def test_repeated_headers_are_joined_case_insensitively() -> None:
    pairs = [("Content-Type", "text/html"), ("content-language", "de"), ("Content-Language", "en")]
    assert joined_headers(pairs) == {"Content-Type": "text/html", "content-language": "de, en"}


UNDATED = b"<html><body><article><h1>Kurz</h1><p>Ein Absatz ohne Datum.</p></article></body></html>"
UNDATED_URL = "http://news.demo.test/politik/2025/11/kurz-100001.html"


def undated(*listed: Listed) -> ArticleItem:
    capture = Capture(UNDATED_URL, 200, [("Content-Type", "text/html")], UNDATED)
    item = item_from_capture(capture, SEED, CrawlContext("feed", "http://x/rss", 1, None, listed))
    assert isinstance(item, ArticleItem)
    return item


def test_a_page_without_a_date_takes_the_best_listing_date_in_any_order() -> None:
    feed = Listed(
        "feed", "http://x/rss", "2025-11-03T10:00:00+00:00", "Mon, 03 Nov 2025 10:00:00 GMT"
    )
    late = Listed("feed", "http://x/rss2", "2025-11-04T10:00:00+00:00")
    sitemap = Listed("sitemap", "http://x/sm.xml", "2025-11-01T10:00:00+00:00")
    for order in ((feed, late, sitemap), (sitemap, late, feed)):
        item = undated(*order)
        # the feed beats the sitemap, the earliest of two feed dates wins
        assert (item.published, item.published_source) == ("2025-11-03T11:00:00+01:00", "feed")
        assert item.published_raw == "Mon, 03 Nov 2025 10:00:00 GMT"
        assert "published" not in item.missing
    assert undated().published is None
    assert undated(Listed("feed", None, "not a date", title="Kurz")).published is None


def test_the_pages_own_date_beats_the_listing_date() -> None:
    capture = fixture_capture()
    listed = (Listed("feed", "http://x/rss", "2020-01-01T00:00:00+00:00"),)
    item = item_from_capture(capture, SEED, CrawlContext("feed", listed=listed))
    alone = item_from_capture(capture, SEED, CrawlContext("feed"))
    assert item.published == alone.published and item.published_source == "json-ld"


def test_a_candidate_page_that_is_no_article_is_no_item() -> None:
    listing = b"<html><body>" + b"<h2><a href='/a'>Teaser</a></h2>" * 5 + b"</body></html>"
    capture = Capture("http://news.demo.test/thema/", 200, [("Content-Type", "text/html")], listing)
    skipped = item_from_capture(capture, SEED, CrawlContext("section", candidate=True))
    assert isinstance(skipped, Skipped) and skipped.kind == "not-story"
    assert isinstance(
        item_from_capture(fixture_capture(), SEED, CrawlContext(candidate=True)), ArticleItem
    )


def test_a_relative_dateline_without_a_date_header_is_read_against_the_warc_date() -> None:
    # no Date header: the record's WARC-Date is when the page was fetched, so a re-extraction
    # years later reads "yesterday" (and bounds any fallback date) as the crawl did
    page = (
        '<html lang="de"><head><title>Regen</title></head><body><article><h1>Regen</h1>'
        '<p class="date">Gestern, 21:22</p><p>Es regnete an der Küste den ganzen Nachmittag '
        "lang, und die Polizei sperrte die Straßen.</p></article></body></html>"
    ).encode()
    headers = [("Content-Type", "text/html; charset=utf-8")]
    capture = Capture("http://news.demo.test/a.html", 200, headers, page, warc=WARC)
    item = item_from_capture(capture, SEED, CrawlContext(section="Politik"))
    assert isinstance(item, ArticleItem)
    assert item.published == "2026-11-24T21:22:00+01:00"
