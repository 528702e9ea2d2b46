"""The item's section: a seed section whenever the page or the crawl names one, never a URL
segment that names none (crawler.extract.section)."""

from __future__ import annotations

from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.capture import Capture, item_from_capture
from crawler.extract.context import CrawlContext, Listed
from crawler.items import ArticleItem
from crawler.seed import load_seed

ROOT = Path(__file__).resolve().parents[2]
SITE = load_seed(ROOT / "seeds" / "demo.toml").site_rules()  # Politik, Ausland, Boerse, ...
URL = "http://news.demo.test/news/2025/12/kurz-100001.html"  # "news" names no seed section
TEXT = "<h1>Kurz</h1><p>Ein Absatz, der die Geschichte erzählt.</p>"


def section(
    html: str, context: CrawlContext | None = None, url: str = URL, inside: str = ""
) -> str | None:
    page = f"<html><body>{html}<article>{inside}{TEXT}</article></body></html>".encode()
    capture = Capture(url, 200, [("Content-Type", "text/html")], page)
    item = item_from_capture(capture, SITE, context)
    assert isinstance(item, ArticleItem)
    return item.section


def test_a_url_segment_that_names_no_seed_section_is_no_section() -> None:
    assert section("") is None
    # a page extracted alone, no seed known, still reads its first path segment
    alone = extract_article(URL, None, f"<html><body>{TEXT}</body></html>".encode())
    assert alone.section == "News"


def test_the_section_whose_listing_linked_the_page_beats_a_url_segment() -> None:
    assert section("", CrawlContext("section", "http://news.demo.test/sport/", 1, "Sport")) == (
        "Sport"
    )


def test_a_breadcrumb_link_to_a_seed_section_names_it_whatever_listed_the_page() -> None:
    crumbs = (
        '<nav class="breadcrumb"><a href="/">Home</a> › <a href="https://news.demo.test/boerse">'
        "Märkte</a> › <a href='/thema/dax/'>DAX</a></nav>"
    )
    listed = CrawlContext("section", "http://news.demo.test/sport/", 1, "Sport")
    assert section(crumbs, listed) == "Boerse"  # the seed's name, not the crumb's text
    kicker = '<p class="kicker"><a href="/ausland/">Ausland</a></p>'
    assert section("", inside=kicker) == "Ausland"
    # a link to a seed section elsewhere on the page (the menu) says nothing
    assert section('<nav class="menu"><a href="/politik/">Politik</a></nav>') is None


def test_a_url_under_a_seed_section_beats_the_listing_and_the_declared_section() -> None:
    declared = '<meta property="article:section" content="Welt">'
    url = "http://news.demo.test/ausland/2025/12/kurz-100001.html"
    listed = CrawlContext("section", "http://news.demo.test/sport/", 1, "Sport")
    assert section(declared, listed, url) == "Ausland"
    assert section(declared) == "Welt"  # nothing of the seed's: what the page declares


def test_every_listing_counts_the_first_section_in_seed_order_wins() -> None:
    """Two section pages listed the story, the crawl met the Sport one first (its
    ``section``); the Politik listing among the announcements comes first in the seed."""
    politik = Listed("listing", "http://news.demo.test/politik/?page=2", title="Kurz")
    sport = CrawlContext("section", "http://news.demo.test/sport/", 1, "Sport", (politik,))
    assert section("", sport) == "Politik"
    assert section("", CrawlContext("sitemap", listed=(politik,))) == "Politik"


def test_a_declared_section_that_names_a_seed_section_beats_the_listing() -> None:
    declared = '<meta property="article:section" content="sport">'
    listed = CrawlContext("section", "http://news.demo.test/politik/", 1, "Politik")
    assert section(declared, listed) == "Sport"  # the seed's spelling
