"""Sitemaps, sitemap indexes and Google news sitemaps.

Scrapy's ``scrapy.utils.sitemap.Sitemap`` reads only the direct children of each
``<url>``, so a news sitemap's ``<news:publication_date>`` (a grandchild) is lost; this
reader streams the same way with the same lxml options (``safexml.SAFE_PARSE``:
entities not resolved, no network) and keeps it. An entry's date is the news
publication date when there is one, else ``<lastmod>``.

At most ``MAX_SITEMAP_URLS`` entries (the protocol's own limit per file) are kept;
the rest are counted in ``Sitemap.dropped`` so the caller can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from archive.urls import strip_params
from crawler.discovery import ListedUrl
from crawler.discovery.safexml import BadListing, iterparse, local_name

#: The sitemap protocol allows 50,000 URLs per file.
MAX_SITEMAP_URLS = 50_000

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})


@dataclass
class Sitemap:
    """``kind`` is ``urlset`` (pages) or ``sitemapindex`` (``entries`` are sitemaps)."""

    kind: str
    entries: list[ListedUrl] = field(default_factory=list)
    dropped: int = 0


def parse_sitemap(data: bytes, url: str, kind: str) -> Sitemap:
    """The entries of a sitemap or sitemap index (``data`` checked by ``read_xml``)."""
    if kind not in SITEMAP_ROOTS:
        raise BadListing(f"is not a sitemap (root element <{kind}>)")
    wanted = "url" if kind == "urlset" else "sitemap"
    result = Sitemap(kind)
    try:
        for _, elem in iterparse(data):
            if local_name(elem.tag) != wanted:
                continue
            entry = _entry(elem, url)
            _forget(elem)
            if entry is None:
                continue
            if len(result.entries) >= MAX_SITEMAP_URLS:
                result.dropped += 1
            else:
                result.entries.append(entry)
    except Exception as exc:  # lxml's recover mode rarely gives up; say so when it does
        if not result.entries:
            raise BadListing(f"is not a readable sitemap ({exc})") from None
    return result


def _entry(elem, base: str) -> ListedUrl | None:
    """``<url>``/``<sitemap>`` -> ListedUrl with loc and the best date, or None."""
    loc = lastmod = published = title = None
    for child in elem.iter():
        name = local_name(child.tag)
        text = (child.text or "").strip()
        if not text:
            continue
        if name == "loc" and loc is None:
            loc = text
        elif name == "lastmod" and child.getparent() is elem:
            lastmod = text
        elif name == "publication_date":
            published = text
        elif name == "title":
            title = text
    if not loc:
        return None
    absolute, tracking, sessions = strip_params(urljoin(base, loc).split("#", 1)[0])
    if not absolute.startswith(("http://", "https://")):
        return None
    raw = published or lastmod
    return ListedUrl(absolute, "sitemap", raw, raw, title, tracking, sessions)


def _forget(elem) -> None:
    """Free the parsed element and its finished siblings, so memory stays flat."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
