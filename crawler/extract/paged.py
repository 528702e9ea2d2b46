"""One item of a multi-page article: its pages' items merged, in page order.

Each page is extracted on its own (:func:`crawler.extract.capture.item_from_capture`); the
first page gives every field, each later page adds the body paragraphs, images and related
stories the pages before it lacked (a dek or a box repeated on every page counts once).
The item's ``warc`` stays the first page's pointer, so every reader of ``warc.file`` /
``warc.offset`` keeps working, and gains ``pages``: the pointer of every capture of the
article, the first included, each with its ``url``, in page order (replay page by page).

The crawl (:mod:`crawler.spiders.news`) and ``newsarchiver reextract`` both merge through
:class:`PagedArticle`, with the same page limit, so a re-extraction gives the same item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from crawler.items import ArticleItem

#: ``discovery.via`` of a later page fetched for its article (its ``from_url``: the page
#: before it), archived in the page's crawl context.
ARTICLE_PAGE_VIA = "article_page"
#: Pages read of one article at most (a pager that never ends is a trap, not a story).
MAX_ARTICLE_PAGES = 20
#: The keys of a page's pointer in ``warc.pages`` (``archive/schema``).
POINTER_KEYS = ("file", "offset", "length", "record_id", "payload_digest", "date")


def page_pointer(url: str, warc: dict[str, Any] | None) -> dict[str, Any]:
    """One entry of ``warc.pages``: the page's URL and its record's pointer."""
    return {"url": url, **{k: (warc or {}).get(k) for k in POINTER_KEYS}}


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


@dataclass
class PagedArticle:
    """The item of an article whose later pages are still being read."""

    item: ArticleItem
    urls: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, url: str, item: ArticleItem) -> PagedArticle:
        item.warc = {**(item.warc or {}), "pages": [page_pointer(url, item.warc)]}
        return cls(item, [url])

    def wants(self, next_url: str | None) -> str | None:
        """``next_url`` when it is a page still to read (not read yet, within the limit)."""
        if next_url and next_url not in self.urls and len(self.urls) < MAX_ARTICLE_PAGES:
            return next_url
        return None

    def add(self, url: str, page: ArticleItem) -> None:
        """Append a later page: what it adds to the body, images and related stories."""
        self.urls.append(url)
        item = self.item
        seen = set(_paragraphs(item.body))
        more = [p for p in _paragraphs(page.body) if p not in seen]
        if more:
            item.body = "\n\n".join([*_paragraphs(item.body), *more])
            item.missing.pop("body", None)
        have = {i.url for i in item.images}
        item.images += [i for i in page.images if i.url not in have]
        linked = {r.url for r in item.related}
        item.related += [r for r in page.related if r.url not in linked]
        item.related = [r for r in item.related if r.url not in self.urls]
        assert item.warc is not None
        item.warc["pages"].append(page_pointer(url, page.warc))
