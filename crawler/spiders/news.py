"""The one spider: crawls a seed's sections, their articles and related stories.

It only decides what to fetch next; capture (WARC) happens in a downloader middleware
and extraction in ``crawler.extract``, so this file stays small. Article depth counts
article hops: articles listed on a section page are depth 1, a related story found on
one of them depth 2, and so on up to the seed's ``follow_depth``. Pagination of a
section does not add depth.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure

from archive.urls import strip_params
from crawler.discovery.pagination import next_page
from crawler.discovery.teasers import teaser_dates
from crawler.extract.capture import Capture, Skipped
from crawler.extract.context import CrawlContext, Listed
from crawler.items import ArticleItem
from crawler.malloc import give_back_big_buffers
from crawler.middlewares.warc_capture import context_of
from crawler.seed import Seed, load_seed
from crawler.spiders.article_page import ArticleJob, ArticleRead, bounded
from crawler.spiders.calendar import CalendarMixin
from crawler.spiders.extraction_pool import ExtractionPool
from crawler.spiders.failures import FailureReports
from crawler.spiders.listings import (
    CANDIDATE_META,
    LISTED_META,
    ListingsMixin,
)
from crawler.spiders.load_more import LoadMoreMixin
from crawler.spiders.paged import ArticlePagesMixin
from crawler.spiders.profile_output import ProfileOutputMixin
from crawler.spiders.requisites import RequisitesMixin
from crawler.spiders.site_profile import Released
from crawler.summary import SESSION_STAT, TRACKING_STAT

#: Logger whose messages the CLI shows on the console, one line each.
console = logging.getLogger("newsarchiver.crawl")


class NewsSpider(
    ListingsMixin,
    LoadMoreMixin,
    CalendarMixin,
    ArticlePagesMixin,
    RequisitesMixin,
    ProfileOutputMixin,
    FailureReports,
    Spider,
):
    name = "news"

    def __init__(self, seed: Seed | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._seed_arg = seed
        self.seed: Seed | None = None
        self._queued: set[bytes] = set()
        self._capped_sections: set[str | None] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        seed = spider._seed_arg or crawler.settings.get("NEWSARCHIVER_SEED")
        if seed is None:
            raise ValueError("no seed given: use `-a seed=seeds/NAME.toml`")
        spider.seed = seed if isinstance(seed, Seed) else load_seed(seed)
        spider.allowed_domains = list(spider.seed.allowed_domains)
        spider.site_name = spider.seed.name
        spider.links = spider.seed.site_links()
        spider.site_rules = spider.seed.site_rules()
        spider.extraction = ExtractionPool.from_crawler(crawler, spider.seed)
        give_back_big_buffers()  # a flood page's buffers do not stay with the crawl
        spider.connect_profile()
        spider.connect_robots_listener()
        spider.connect_discovery_idle()
        return spider

    # --- what to fetch -----------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        assert self.seed is not None
        for section in self.seed.sections:
            # a section's first page is discovery too: its <link rel=alternate> feeds
            yield self.discovery_request(
                Request(
                    section.url,
                    callback=self.parse_section,
                    errback=self.on_error,
                    meta={
                        "section": section.name,
                        "section_page": 1,
                        "discovery": self._via("start"),
                    },
                )
            )
        for request in self.listing_start_requests():
            yield request
        for request in self.pending_requisites():
            yield request

    def _via(self, via: str, from_url: str | None = None, depth: int = 0) -> dict[str, Any]:
        return {"via": via, "from_url": from_url, "depth": depth}

    def is_article_url(self, url: str) -> bool:
        return self.links.is_article(url)

    def _clean(self, url: str) -> str:
        """``url`` without fragment, tracking parameters and session ids (counted)."""
        url, tracking, sessions = strip_params(url.split("#", 1)[0])
        if tracking:
            self.crawler.stats.inc_value(TRACKING_STAT, tracking)
        if sessions:
            self.crawler.stats.inc_value(SESSION_STAT, sessions)
        return url

    def _first_time(self, url: str) -> bool:
        """True the first time this crawl queues ``url``.

        Every article links its related stories and the site stylesheet, so most links a
        page yields were queued before. Scrapy's dupefilter would drop them too, but only
        after each one has gone through the engine and every spider and downloader
        middleware; stopping them here saves most of that work. A 16-byte digest per URL
        keeps the set small (about 80 bytes per URL).
        """
        key = hashlib.blake2b(url.encode("utf-8", "surrogateescape"), digest_size=16).digest()
        if key in self._queued:
            return False
        self._queued.add(key)
        return True

    def parse_section(self, response: Response) -> Iterator[Request]:
        """Queue the articles a section page lists, the feeds it announces, its next page."""
        yield from self._read_section(response)
        yield from self.discovery_done(response.request)

    def _read_section(self, response: Response) -> Iterator[Request]:
        assert self.seed is not None
        if not isinstance(response, TextResponse):
            self._skip(response, "section page is not HTML")
            return
        if self._truncated(response):
            return
        # Exit code 4 (crawler.summary) means not one section page could be read.
        self.crawler.stats.inc_value("newsarchiver/section_pages")
        doc = self.load_more_json(response)
        if doc is not None:
            yield from self.json_page_requests(response, doc)
            return
        response = self._bound_links(response)
        calendar: list[str] = []
        stories = 0
        for link in response.selector.root.iter("a"):  # lxml: no selector object per link
            href = link.get("href")
            if href is None:
                continue
            url = self._clean(response.urljoin(href.strip()))
            if self.links.is_calendar(url):
                calendar.append(url)
                continue
            text = " ".join(" ".join(link.xpath("text()")).split())  # its own text, as ::text
            if self.is_story(url, text):
                stories += 1
                yield from self.story_request(response, url, text)
        # each teaser's date: the "listing" date of its article
        root, tz = response.selector.root, self.seed.timezone
        dates = teaser_dates(root, response.url, self.is_article_url, tz)
        for url, (value, raw) in dates.items():
            self.announced.add(url, Listed("listing", response.url, value, raw))
        yield from self.announced_feeds(response)
        yield from self.calendar_requests(calendar, response, stories > 0)
        links = self.seed.links
        next_url = next_page(response.selector, response.url, links.next_page, self.seed.language)
        if next_url:
            yield from self.section_page_request(response, next_url)
        yield from self.load_more_requests(response, stories)

    def is_story(self, url: str, text: str = "") -> bool:
        """A link a section page lists as a story: the article pattern's, or shaped like one."""
        return self.is_article_url(url) or self.links.is_candidate(url, text)

    def story_request(self, response: Response, url: str, title: str) -> Iterator[Request]:
        """The request of a story a section page (or its load-more answer) lists."""
        # every section listing of a page counts for its section, not only the first
        self.announced.add(url, Listed("listing", response.url, title=title or None))
        if not self._first_time(url):
            return
        section = response.meta.get("section")
        meta = {"section": section, "discovery": self._via("section", response.url, 1)}
        request = Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)
        yield from self.article_request(request)

    def article_request(self, request: Request) -> Iterator[Request]:
        """Every article request, whichever link found it: a page the seed's pattern does
        not vouch for must prove to be an article (``SiteLinks.must_prove``), then the
        request goes out or waits for discovery (``ListedDatesMixin``)."""
        if self.links.must_prove(request.url):
            request.meta[CANDIDATE_META] = True
        yield from super().article_request(request)

    def section_page_request(
        self, response: Response, next_url: str, **meta: Any
    ) -> Iterator[Request]:
        """The next page of the section ``response`` is a page of, within the page cap."""
        assert self.seed is not None
        # session ids off the pager too (counted above, with the page's links)
        next_url = strip_params(next_url.split("#", 1)[0]).url
        if not self.links.allowed(next_url) or self.links.is_calendar(next_url):
            return  # a "next day" link is the calendar's, read above
        section = response.meta.get("section")
        page = response.meta.get("section_page", 1)
        if page >= self.seed.links.max_section_pages:
            self._page_cap_hit(section, response.url, next_url)
        elif self._first_time(next_url):
            yield Request(
                next_url,
                callback=self.parse_section,
                errback=self.on_error,
                # After the articles queued so far: the scheduler's queue then holds about
                # one page of articles per section, not every article of a deep archive.
                priority=-1,
                meta={
                    "section": section,
                    "section_page": page + 1,
                    "discovery": self._via("pagination", response.url, 0),
                    **meta,
                },
            )

    def _bound_links(self, response: TextResponse) -> TextResponse:
        """The page with at most ``[links] max_links_per_page`` links; the rest counted."""
        assert self.seed is not None
        response, not_read, elements = bounded(response, self.seed.links.max_links_per_page)
        if not_read:
            self._links_not_read(response.url, not_read)
        if elements:
            self._elements_not_read(response.url, elements)
        return response

    def _page_cap_hit(self, section: str | None, url: str, next_url: str) -> None:
        """One WARNING line per section whose pagination goes on past the page cap."""
        self.crawler.stats.inc_value("newsarchiver/page_cap_hit")
        if section in self._capped_sections:
            return
        self._capped_sections.add(section)
        console.warning(
            "%s: section %s: stopped at its page cap (%d pages, [links] max_section_pages); "
            "not crawled: %s and later pages",
            url,
            section,
            self.seed.links.max_section_pages if self.seed else 0,
            next_url,
        )

    def crawl_context(self, request: Request) -> CrawlContext | None:
        """What the crawl knows about the fetch of ``request`` (None for a fetch the spider
        did not ask for, such as Scrapy's own robots.txt). The capture middleware archives it
        beside the response when the response arrives, and the item is made from that same
        context (:func:`~crawler.middlewares.warc_capture.context_of`)."""
        meta = request.meta
        discovery = meta.get("discovery")
        if discovery is None:
            return None
        urls = (request.url, *meta.get("redirect_urls", ()))
        # whichever came first, the listing or this page: the map has every listing's
        listed = self.announced.get(*urls)
        if meta.get(LISTED_META):
            given = Listed.from_dict(meta[LISTED_META])
            listed += (given,) if given not in listed else ()
        return CrawlContext(
            via=discovery.get("via", "start"),
            from_url=discovery.get("from_url"),
            depth=discovery.get("depth", 0),
            section=meta.get("section"),
            listed=listed,
            candidate=bool(meta.get(CANDIDATE_META)),
        )

    async def parse_article(self, response: Response) -> list[ArticleItem | Request]:
        """Turn an article response into an item, then follow its related stories.

        The page is read (parsed, extracted) by the extraction pool, in a worker process
        when there is more than one: this callback only decides what to yield. While the
        crawl learns its site's profile the item is held and goes out later, extracted again
        with the profile (:mod:`crawler.spiders.site_profile`). A coroutine returning a list,
        not an async generator: Scrapy then passes the output through its spider
        middlewares' plain iterator path.
        """
        context = context_of(response) or self.crawl_context(response.request)
        if context is None:  # a request made without discovery meta (tests)
            context = CrawlContext()
        capture = self.capture_of(response)
        job = self.profiling.job(ArticleJob(context, fetched_at=datetime.now(UTC).isoformat()))
        read, items = await self.profiling.read(self.extraction, capture, job)
        return list(self._article_output(response, context, read, items))

    def _article_output(
        self, response: Response, context: CrawlContext, read: ArticleRead, items: list[Released]
    ) -> Iterator[ArticleItem | Request]:
        """The items of ``items`` (this page's, or none while it is held, or the held ones
        with it), then the requests ``read``, the page as first read, leads to."""
        assert self.seed is not None
        result = read.result
        if isinstance(result, Skipped):
            if result.kind == "truncated":
                self._truncated(response)
            else:
                self._not_an_item(result)
            return
        if read.first_page is not None:  # page 2 of a multi-page article: its first page
            yield from self.later_page(response, read, response.meta)
            return
        for out, job in items:  # this page's, none while it is held, or the held ones too
            yield from self.item_output(out, job)
        item = result
        discovery = context.discovery()
        if self.seed.fetch.requisites:
            yield from self._requisites(response.url, item, read.stylesheets, discovery)

        depth = context.depth
        if depth >= self.seed.follow_depth:
            return
        related = read.related if self.seed.links.related else [r.url for r in item.related]
        for url in related:
            url = self._clean(url)
            if self.links.allowed(url) and self._first_time(url):
                request = Request(
                    url,
                    callback=self.parse_article,
                    errback=self.on_error,
                    meta={"discovery": self._via("related", response.url, depth + 1)},
                )
                yield from self.article_request(request)

    @staticmethod
    def capture_of(response: Response) -> Capture:
        """The capture the spider extracts from: the decoded response and its WARC pointer."""
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        return Capture(
            url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            warc=response.meta.get("warc"),
            truncated="dataloss" in response.flags,
            html=isinstance(response, HtmlResponse),
        )

    # --- what went wrong ---------------------------------------------------------------

    def on_error(self, failure: Failure) -> list[Request]:
        """Report the failure; a failed discovery fetch may release the held articles."""
        self._report_failure(failure)
        self.requisite_given_up(getattr(failure, "request", None))
        return list(self.discovery_done(getattr(failure, "request", None)))
