"""One entry point for a fetched feed or sitemap: check it, tell which it is, read it.

A URL named in a seed's ``feeds`` may turn out to be a sitemap and the other way round
(and robots.txt ``Sitemap:`` lines sometimes name feeds): the root element decides, not
where the URL came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from crawler.discovery import ListedUrl
from crawler.discovery.feeds import FEED_ROOTS, parse_feed
from crawler.discovery.safexml import MAX_XML_BYTES, BadListing, read_xml
from crawler.discovery.sitemaps import SITEMAP_ROOTS, parse_sitemap


@dataclass
class Listing:
    """``kind``: ``feed``, ``urlset`` or ``sitemapindex``; ``pages`` are article
    candidates, ``sitemaps`` the child sitemaps of an index (with their lastmod)."""

    kind: str
    pages: list[ListedUrl] = field(default_factory=list)
    sitemaps: list[ListedUrl] = field(default_factory=list)
    dropped: int = 0


def read_listing(body: bytes, url: str, max_bytes: int = MAX_XML_BYTES) -> Listing:
    """Parse a feed or sitemap body fetched from ``url``; raises ``BadListing``."""
    data, root = read_xml(body, max_bytes)
    if root in FEED_ROOTS:
        return Listing("feed", pages=parse_feed(data, url))
    if root in SITEMAP_ROOTS:
        sitemap = parse_sitemap(data, url, root)
        if root == "sitemapindex":
            return Listing(root, sitemaps=sitemap.entries, dropped=sitemap.dropped)
        return Listing(root, pages=sitemap.entries, dropped=sitemap.dropped)
    raise BadListing(f"is neither a feed nor a sitemap (root element <{root}>)")


def newest_first(sitemaps: list[ListedUrl]) -> list[ListedUrl]:
    """Child sitemaps by lastmod, newest first (undated last, in index order).

    A news site's index lists one sitemap per month back to its first year; with a cap
    on how many are read, the recent ones are the ones worth reading.
    """
    dated = [(when, s) for s in sitemaps if (when := lastmod(s)) is not None]
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [s for _, s in dated] + [s for s in sitemaps if lastmod(s) is None]


def lastmod(child: ListedUrl) -> datetime | None:
    """A child sitemap's ``lastmod`` as an aware datetime, or None."""
    return _when(child.date)


def _when(text: str | None) -> datetime | None:
    """A W3C datetime (or bare date) as an aware datetime; UTC when no offset is given."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
