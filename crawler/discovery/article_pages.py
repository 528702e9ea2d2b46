"""The pages of a multi-page article: its next page, and whether a page is a later one.

Long stories continue on ``?page=2``, ``/2/`` or ``/page/2/``, linked from inside the
article. A link is the article's next page only when its URL is *this article's* URL with
the page number one higher (the same host, path and other parameters), so a "next story"
or a section's pagination never is. Among such links, structure decides first:

1. a ``rel=next`` link (``<link>`` in the head or ``<a>`` on the page);
2. a link inside the article container (``<article>``, else ``<main>``, else the page): a
   pagination block ("1 2 3 ›") of the article's own pages;
3. a link labelled "next page" in the seed's language (the section pagination's labels,
   :func:`crawler.discovery.pagination.labels_for`) to the same article path with any
   suffix, for page URLs of no numbered form.

A page whose own URL has a page number above 1 and that links its first page the same way
is a later page: the crawl reaches it through its first page, and it never becomes an
item of its own.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from archive.urls import strip_params
from crawler.discovery.pagination import PAGE_WORDS, labels_for

#: A bare page number after the article's path: ``/slug/2/`` (two digits at most).
_BARE = re.compile(r"/(\d{1,2})/?$")
_PATH_PAGE = re.compile(r"/(?:" + "|".join(PAGE_WORDS) + r")/(\d{1,3})/?$", re.I)
_DECORATION = re.compile(r"[\s»«›‹→←>.…:|\-–—]+")
CONTAINER = "//article | //main"
_NEXT = "contains(concat(' ', normalize-space(@rel), ' '), ' next ')"
REL_NEXT = f"//link[{_NEXT}] | //a[{_NEXT}]"


def page_key(url: str) -> tuple[str, int]:
    """(the article's URL without its page suffix, the page number; 1 when none)."""
    parts = urlsplit(url)
    number, kept = 1, []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in PAGE_WORDS and value.isdigit():
            number = int(value)
        else:
            kept.append((key, value))
    path = parts.path
    m = _PATH_PAGE.search(path) or _BARE.search(path)
    if m and m.start() > 0:
        number, path = int(m[1]), path[: m.start()]
    path = path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme, parts.netloc.lower(), path, urlencode(sorted(kept)), "")
    ), number


def _links(page: Selector, url: str, xpath: str) -> list[tuple[str, Selector]]:
    base = page.css("base[href]::attr(href)").get()
    base_url = urljoin(url, base) if base else url
    out = []
    for el in page.xpath(xpath):
        href = (el.attrib.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "mailto:", "#")):
            out.append((strip_params(urljoin(base_url, href).split("#", 1)[0]).url, el))
    return out


def _container(page: Selector) -> str:
    """XPath of the links of the article container (the first ``<article>``/``<main>``)."""
    return "(" + CONTAINER + ")[1]//a[@href]" if page.xpath(CONTAINER) else "//a[@href]"


def next_article_page(page: Selector, url: str, language: str | None) -> str | None:
    """The URL of the article page after ``url``, or None for a one-page article."""
    key, number = page_key(url)
    parts = urlsplit(key)

    def numbered(found: str) -> bool:
        # page_key keeps the path before the page suffix: a path not starting with the
        # article's cannot be its page (a cheap test first: most links are other stories)
        if parts.path != "/" and not urlsplit(found).path.startswith(parts.path):
            return False
        return found != url and page_key(found) == (key, number + 1)

    for found, _el in _links(page, url, REL_NEXT):
        if numbered(found):
            return found
    contained = _links(page, url, _container(page))  # resolved once for both ways below
    for found, _el in contained:
        if numbered(found):
            return found
    labels = labels_for(language)
    prefix = parts.path.rstrip("/") + "/"
    for found, el in contained:
        where = urlsplit(found)
        if found == url or where.netloc.lower() != parts.netloc:
            continue
        if not where.path.startswith(prefix):
            continue
        text = " ".join(el.xpath(".//text()").getall())  # only for the few links that could be
        if _DECORATION.sub(" ", text).strip().casefold() in labels:
            return found
    return None


def first_article_page(page: Selector, url: str) -> str | None:
    """The first page's URL when ``url`` is a later page of a multi-page article."""
    key, number = page_key(url)
    if number < 2:
        return None
    xpath = "//link[@href] | " + _container(page)
    for found, _el in _links(page, url, xpath):
        if page_key(found) == (key, 1):
            return found
    return None
