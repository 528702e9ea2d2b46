"""Multi-page articles: the later pages fetched after the first, one item for all of them.

When an article's page links its next page (:mod:`crawler.discovery.article_pages`), its
item is held back: the next page is fetched (archived as its own capture, ``discovery.via``
``article_page`` with the previous page as ``from_url``), read by the extraction pool like
any article page, and merged into the held item (:class:`~crawler.extract.paged.PagedArticle`);
the item is yielded once its last page is read. A later page that cannot be fetched costs
its line as any failed fetch, and the item is yielded with the pages read so far.

A later page reached any other way (a sitemap listing it, a link to it) is no item of its
own: it is counted, and its first page is queued instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.extract.capture import Skipped
from crawler.extract.context import CrawlContext
from crawler.extract.paged import ARTICLE_PAGE_VIA, PagedArticle
from crawler.items import ArticleItem
from crawler.middlewares.warc_capture import context_of
from crawler.spiders.article_page import ArticleJob, ArticleRead

#: Request meta key holding the :class:`PagedArticle` a page request continues.
PAGED_META = "paged_article"


class ArticlePagesMixin:
    """Later-page requests and their callback for ``NewsSpider``."""

    def later_page(
        self, response: Response, read: ArticleRead, meta: dict[str, Any]
    ) -> Iterator[Request]:
        """A later page met as an article: no item; its first page is queued instead."""
        self.crawler.stats.inc_value("newsarchiver/article_pages/later_pages_not_items")
        first = self._clean(read.first_page)
        if self.links.allowed(first) and self._first_time(first):
            kept = {k: meta[k] for k in ("section", "discovery") if k in meta}
            request = Request(first, callback=self.parse_article, errback=self.on_error, meta=kept)
            yield from self.article_request(request)

    def next_page_request(self, paged: PagedArticle, next_url: str, depth: int) -> Request:
        """The request of the next page of ``paged`` (never dropped as a duplicate: a page
        already met alone must still be read for its article)."""
        self._first_time(next_url)  # a link to it found later is no article to fetch again
        return Request(
            next_url,
            callback=self.parse_article_page,
            errback=self.on_article_page_error,
            dont_filter=True,
            priority=1,  # the article's item waits for it
            meta={
                PAGED_META: paged,
                "discovery": self._via(ARTICLE_PAGE_VIA, paged.urls[-1], depth),
            },
        )

    async def parse_article_page(self, response: Response) -> list[ArticleItem | Request]:
        """A later page: merged into its article, then the next page or the whole item."""
        paged: PagedArticle = response.meta[PAGED_META]
        context = context_of(response) or self.crawl_context(response.request) or CrawlContext()
        job = ArticleJob(context, fetched_at=datetime.now(UTC).isoformat())
        job = replace(self.profiling.job(job), learn=False)  # the article's profile, if any
        read = await self.extraction.read(self.capture_of(response), job)
        out: list[ArticleItem | Request] = []
        self.crawler.stats.inc_value("newsarchiver/article_pages/later_pages")
        if isinstance(read.result, Skipped):
            self._skip(response, f"later page of {paged.urls[0]}: {read.result.reason}")
            next_url = None
        else:
            paged.add(response.url, read.result)
            if self.seed.fetch.requisites:
                discovery = context.discovery()
                out += self._requisites(response.url, read.result, read.stylesheets, discovery)
            next_url = paged.wants(read.next_page)
        if next_url and self.links.allowed(next_url):
            out.append(self.next_page_request(paged, next_url, context.depth))
        else:
            out.append(paged.item)
        return out

    def on_article_page_error(self, failure: Failure) -> list[ArticleItem]:
        """A later page not fetched: reported, and the item of the pages read is kept."""
        self._report_failure(failure)
        request = getattr(failure, "request", None)
        paged = request.meta.get(PAGED_META) if request is not None else None
        return [paged.item] if paged is not None else []
