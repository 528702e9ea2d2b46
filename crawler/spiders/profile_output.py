"""What the spider yields of an article read with (or held for) its site's profile.

The spider's side of :mod:`crawler.spiders.site_profile`: an item goes out when it is
read, or later, held while the crawl learns the profile and read again with it: from the
callback of the page whose reading completed the profile, when the crawl has nothing else
left to do (``spider_idle``), or before a stopping crawl closes. Whenever it goes out, it goes
out the same way: a multi-page article's first page asks for its next page (its item waits
for its last page, :mod:`crawler.spiders.paged`), any other page gives its item.
"""

from __future__ import annotations

from collections.abc import Iterator

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object

from crawler.extract.capture import Skipped
from crawler.extract.link_bound import (
    elements_not_read,
    images_not_read,
    links_not_read,
)
from crawler.extract.paged import PagedArticle
from crawler.extract.web_urls import dropped_non_web
from crawler.items import ArticleItem
from crawler.spiders.article_page import ArticleJob, ArticleRead
from crawler.spiders.failures import console
from crawler.spiders.site_profile import CrawlProfile


class ProfileOutputMixin:
    """Items of article reads, now or once the site's profile is learned (``NewsSpider``)."""

    def connect_profile(self) -> None:
        # a CrawlProfile; a worker's learns the run's (crawler.distributed.shared_profile)
        # (a crawler built without the project's settings, as Scrapy's get_crawler does: the
        # one-machine crawl's)
        name = self.crawler.settings.get("NEWSARCHIVER_PROFILE_CLASS")
        kind: type[CrawlProfile] = load_object(name) if name else CrawlProfile
        self.profiling = kind.from_crawler(self.crawler, self.seed.name)
        self.crawler.signals.connect(self._release_held, signal=signals.spider_idle)
        self.crawler.signals.connect(self._release_on_close, signal=signals.spider_opened)

    def item_output(self, read: ArticleRead, job: ArticleJob) -> Iterator[ArticleItem | Request]:
        """The item of one article read (or its next page's request), or why there is none."""
        result = read.result
        if isinstance(result, Skipped):
            self._not_an_item(result)
            return
        if read.first_page is not None:  # a later page met alone: no item of its own
            return
        item = result
        dropped = dropped_non_web(item)
        if dropped:  # javascript:, data:, mailto: images or related links (noted in the item)
            self.crawler.stats.inc_value("newsarchiver/non_http_urls_dropped", dropped)
        not_read = links_not_read(item)
        if not_read:  # a flood of links on an article page (noted in the item)
            self._links_not_read(item.url, not_read)
        not_read = images_not_read(item)
        if not_read:  # a flood of images: neither in the item nor fetched
            self._links_not_read(item.url, not_read, "images")
        not_read = elements_not_read(item)
        if not_read:  # a flood of other elements: the rest of the page is not read
            self._elements_not_read(item.url, not_read)
        next_url = read.next_page
        if next_url and self.links.allowed(next_url):  # held until its last page is read
            depth = job.context.depth if job.context is not None else 0
            yield self.next_page_request(PagedArticle.start(item.url, item), next_url, depth)
        else:
            yield item

    def _not_an_item(self, result: Skipped) -> None:
        if result.kind == "error":
            self.crawler.stats.inc_value("newsarchiver/errors")
            console.error("%s: %s", result.url, result.reason)
        elif result.kind == "not-story":
            self.crawler.stats.inc_value("newsarchiver/not_articles")
            self._skip(result.url, "linked like a story, but the page is no article; archived")
        else:
            self._skip(result.url, result.reason)

    def _release_held(self, spider: object = None) -> None:
        """Nothing else left to crawl: the held items go out, with the site's profile."""
        if self.profiling.release_when_idle(self.extraction, self._send_released, self._wake):
            raise DontCloseSpider

    def _wake(self) -> None:
        """The held items are out: the engine looks for work (or closes) now, not at its
        next heartbeat, 5 s later, which every small crawl waited for. Scrapy has no public
        call for this; without its slot the heartbeat still comes."""
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _release_on_close(self, spider: object = None) -> None:
        self.profiling.release_on_close(self.crawler.engine, self.extraction, self._send_released)

    async def _send_released(self, read: ArticleRead, job: ArticleJob) -> None:
        """One released page's output outside any callback: the item to the item pipelines,
        a next page's request to the engine."""
        engine = self.crawler.engine
        for out in self.item_output(read, job):
            if isinstance(out, Request):
                engine.crawl(out)
            else:
                await engine.scraper.start_itemproc_async(out, response=None)
