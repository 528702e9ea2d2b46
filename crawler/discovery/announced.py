"""Where a site announces its feeds and sitemaps: robots.txt and ``<link rel=alternate>``.

robots.txt ``Sitemap:`` lines are read with Scrapy's own ``sitemap_urls_from_robots``;
feeds are the ``<link rel="alternate" type="application/rss+xml|atom+xml">`` elements of
a section page or the home page (RSS autodiscovery), matched case-insensitively as
browsers do.
"""

from __future__ import annotations

from urllib.parse import urljoin

from parsel import Selector
from scrapy.utils.sitemap import sitemap_urls_from_robots

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


def robots_sitemaps(body: bytes, robots_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt body (absolute http(s) only, no duplicates)."""
    urls = sitemap_urls_from_robots(body, base_url=robots_url)
    return list(dict.fromkeys(u for u in urls if u.startswith(("http://", "https://"))))


def feed_links(page: Selector, page_url: str) -> list[str]:
    """The feeds a page announces with ``<link rel=alternate>``, in page order."""
    found = []
    for link in page.css("link[href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        ctype = (link.attrib.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" in rel and ctype in FEED_TYPES:
            url = _join(page, page_url, link.attrib["href"])
            if url.startswith(("http://", "https://")):
                found.append(url)
    return list(dict.fromkeys(found))


def _join(page: Selector, page_url: str, href: str) -> str:
    base = page.css("base[href]::attr(href)").get()
    return urljoin(urljoin(page_url, base) if base else page_url, href.strip()).split("#", 1)[0]
