"""Listing dates that do not depend on crawl order.

A page that states no date of its own takes the date its feed entry or sitemap gave
(``published_source`` ``feed``/``sitemap``). That must not depend on whether the crawl met
the URL first on a section page or in the listing, nor on which response came back first:

* every announcement a listing makes is kept in one URL → announcements map
  (:class:`Announcements`), also for URLs queued before from a section page; when the page
  is fetched they go into its crawl context (archived beside it), and extraction picks the
  best ranked (feed, then sitemap), then the earliest (:mod:`crawler.extract.dates.listed`);
* article requests wait while discovery is under way (the home page, robots.txt, the
  first page of each section, every feed and sitemap): they are held in the spider and
  released when the last of those is parsed or has failed, so no article is fetched
  before the listings that may date it. Discovery requests go first (priority 2).

If a discovery request vanishes without callback or errback, the held requests are
released when the crawl goes idle, so nothing waits for ever. Feeds announced only by a
section's later pages can still come after articles; their dates then reach the articles
fetched after them (the map), not those already written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider

from crawler.extract.context import Listed

#: Request meta key of a discovery request the held article requests wait for.
PENDING_META = "discovery_pending"
#: Priority of discovery requests: before articles (0) and their requisites (1).
DISCOVERY_PRIORITY = 2


class Announcements:
    """URL -> every announcement any listing made of it, whatever order listings came in.

    Which one wins is extraction's choice (:mod:`crawler.extract.dates.listed`), made from
    the announcements the crawl context of the page carries."""

    def __init__(self) -> None:
        self._seen: dict[str, dict[Listed, None]] = {}

    def add(self, url: str, listed: Listed) -> None:
        if listed.listing or listed.date or listed.title:
            self._seen.setdefault(url, {})[listed] = None

    def get(self, *urls: str) -> tuple[Listed, ...]:
        """The announcements of ``urls`` (a page and the URLs that redirected to it)."""
        found: dict[Listed, None] = {}
        for url in urls:
            found.update(self._seen.get(url, {}))
        return tuple(found)


class ListedDatesMixin:
    """Holds article requests while discovery is under way (see the module docstring)."""

    #: False where the spider does not see the whole crawl (a worker's share of a run).
    hold_articles_for_discovery = True
    _pending: int = 0

    def connect_discovery_idle(self) -> None:
        self._held: list[Request] = []
        self.announced = Announcements()
        self.crawler.signals.connect(self._on_idle, signal=signals.spider_idle)

    def discovery_request(self, request: Request) -> Request:
        """Count ``request`` as discovery: articles wait for it; it goes first."""
        self._pending += 1
        meta = {**request.meta, PENDING_META: True}
        return request.replace(priority=DISCOVERY_PRIORITY, dont_filter=True, meta=meta)

    def article_request(self, request: Request) -> Iterator[Request]:
        """``request`` now, or held until discovery is done."""
        if self.hold_articles_for_discovery and self._pending > 0:
            self._held.append(request)
            return
        yield request

    def discovery_done(self, request: Request | None) -> Iterator[Request]:
        """Called once per discovery request (callback or errback): the held requests when
        it was the last one."""
        if request is None or not request.meta.get(PENDING_META):
            return
        self._pending -= 1
        if self._pending <= 0 and self._held:
            held, self._held = self._held, []
            yield from held

    def _on_idle(self, spider: Any = None) -> None:
        if not self._held:
            return
        self._pending = 0  # a discovery request vanished (dropped by a middleware)
        held, self._held = self._held, []
        for request in held:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider
