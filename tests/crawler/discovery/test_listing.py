"""Feeds and sitemaps read from saved files: links, dates, sitemap indexes, gzip."""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.discovery import ListedUrl
from crawler.discovery.listing import newest_first, read_listing
from crawler.discovery.safexml import BadListing
from crawler.discovery.sitemaps import MAX_SITEMAP_URLS
from tests.crawler.discovery import listing_cases

COURRIER = "https://www.courrier.test"


def fixture(name: str) -> bytes:
    """The saved body of one listing case (``fixtures/listings/NAME/body.xml``)."""
    return listing_cases.load(name).body


@pytest.mark.parametrize("name", listing_cases.names())
def test_each_saved_listing_reads_as_its_expected_output(name: str) -> None:
    case = listing_cases.load(name)
    expected = json.loads(case.expected_path.read_text(encoding="utf-8"))
    assert listing_cases.output(case.read()) == expected


def test_the_saved_listings_are_all_there() -> None:
    assert listing_cases.names() == ["atom", "news-sitemap", "rdf", "rss2", "sitemap-index"]


def test_rss2_entries_keep_their_links_titles_and_dates_as_feed_dates() -> None:
    listing = read_listing(fixture("rss2"), f"{COURRIER}/politique/feed.xml")
    assert listing.kind == "feed"
    assert listing.pages == [
        ListedUrl(
            f"{COURRIER}/politique/2025/12/02/budget-vote-123456.html",
            "feed",
            "2025-12-02T16:52:59+00:00",
            "Tue, 02 Dec 2025 17:52:59 +0100",
            "Le conseil municipal vote le budget",
        ),
        # relative link resolved against the feed URL, fragment dropped
        ListedUrl(
            f"{COURRIER}/politique/2025/12/01/relatif-123457.html",
            "feed",
            "2025-12-01T08:00:00+00:00",
            "Mon, 01 Dec 2025 08:00:00 GMT",
            "Relative link and fragment",
        ),
        # a permalink guid stands in for a missing <link>; no date stays None
        ListedUrl(
            f"{COURRIER}/politique/2025/11/30/guid-123458.html",
            "feed",
            title="Only a permalink guid",
        ),
    ]


def test_atom_entries_use_the_alternate_link_and_published_before_updated() -> None:
    listing = read_listing(fixture("atom"), "https://diario.test/feed.atom")
    assert [(p.url, p.date) for p in listing.pages] == [
        ("https://diario.test/espana/2025-12-02/ley-aprobada.html", "2025-12-02T08:30:00+00:00"),
        (
            "https://diario.test/espana/2025-12-01/solo-actualizado.html",
            "2025-12-01T23:15:00+00:00",
        ),
    ]


def test_rss1_rdf_feed() -> None:
    listing = read_listing(fixture("rdf"), "https://nieuws.test/rss")
    assert listing.kind == "feed"
    assert [(p.url, p.date_raw) for p in listing.pages] == [
        ("https://nieuws.test/binnenland/2025/12/02/kabinet.html", "2025-12-02T07:45:00+01:00")
    ]


def test_news_sitemap_date_is_the_publication_date_else_lastmod() -> None:
    listing = read_listing(fixture("news-sitemap"), f"{COURRIER}/sitemap-news.xml")
    assert listing.kind == "urlset" and listing.sitemaps == [] and listing.dropped == 0
    assert listing.pages[0].title == "Le budget"  # news:title, which speaks for the URL
    assert [(p.url, p.source, p.date) for p in listing.pages] == [
        (
            f"{COURRIER}/politique/2025/12/02/budget-vote-123456.html",
            "sitemap",
            "2025-12-02T17:52:59+01:00",
        ),
        (f"{COURRIER}/sport/2025/12/01/match-123460.html", "sitemap", "2025-12-01"),
        (f"{COURRIER}/culture/2025/11/30/expo-123461.html", "sitemap", None),
    ]


def test_sitemap_index_lists_child_sitemaps_newest_first() -> None:
    listing = read_listing(fixture("sitemap-index"), f"{COURRIER}/sitemap.xml")
    assert listing.kind == "sitemapindex" and listing.pages == []
    assert [s.url.rsplit("/", 1)[1] for s in newest_first(listing.sitemaps)] == [
        "2025-12.xml.gz",
        "2025-11.xml",
        "2025-10.xml",
        "static.xml",
    ]


def test_gzip_sitemap_is_inflated() -> None:
    body = gzip.compress(fixture("news-sitemap"))
    listing = read_listing(body, f"{COURRIER}/sitemap-news.xml.gz")
    assert len(listing.pages) == 3


def test_sitemap_over_the_protocol_limit_counts_what_it_drops() -> None:
    extra = 7
    urls = "".join(
        f"<url><loc>https://s.test/a/{i}.html</loc></url>" for i in range(MAX_SITEMAP_URLS + extra)
    )
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    listing = read_listing(body, "https://s.test/sitemap.xml")
    assert len(listing.pages) == MAX_SITEMAP_URLS and listing.dropped == extra


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><body><p>Not found</p></body></html>", "neither a feed"),
        (b"", "not XML"),
        (b"\x1f\x8b\x08\x00garbage", "not a valid gzip file"),
    ],
)
def test_what_is_not_a_feed_or_sitemap_is_one_clear_reason(body: bytes, reason: str) -> None:
    with pytest.raises(BadListing, match=reason):
        read_listing(body, "https://s.test/feed.xml")
