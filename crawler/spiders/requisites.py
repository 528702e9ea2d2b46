"""An article's page requisites, and the ones an interrupted crawl left unfetched.

Images and stylesheets are fetched after their article, so replay shows the page as a
reader saw it. A crawl killed (or stopped by Ctrl-C) after an article's item was logged
but before its requisites were answered left that capture incomplete; the next crawl skips
the article as archived (``crawler.middlewares.incremental``), so nothing would ever fetch
them. Hence each requisite is noted in the URL state as *pending* (a row without a status,
``via`` ``requisite``) when its article's output is made, before the item can be logged;
the fetch's answer gives the row its status. The next crawl of the site queues, first,
every requisite still pending (stat ``newsarchiver/resumed_requisites``, one INFO line).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from archive.stores import StoreError
from crawler.crawl_stores import crawl_stores
from crawler.signals import is_disk_full, report_write_failure

if TYPE_CHECKING:
    from archive.stores.protocols import UrlStateAPI
    from crawler.items import ArticleItem
    from crawler.seed import Seed

console = logging.getLogger("newsarchiver.crawl")
logger = logging.getLogger(__name__)

REQUISITE_VIA = "requisite"
RESUMED_STAT = "newsarchiver/resumed_requisites"


class RequisitesMixin:
    """Requisite requests for ``NewsSpider`` (which provides the helpers used here)."""

    seed: Seed | None

    def _url_state(self) -> UrlStateAPI | None:
        """The URL state, where a crawl records fetches (incremental crawls on), else None."""
        settings = self.crawler.settings
        if not settings.get("NEWSARCHIVER_ARCHIVE_DIR"):
            return None
        if not settings.getbool("NEWSARCHIVER_RECRAWL_ENABLED"):
            return None  # nothing is skipped as archived, so nothing is left behind
        try:
            return crawl_stores(self.crawler).url_state()
        except StoreError:
            return None  # the incremental middleware reports it and refuses every fetch

    def requisite_request(self, url: str, page: str, depth: int) -> Request:
        return Request(
            url,
            callback=self.parse_requisite,
            errback=self.on_error,
            # Ahead of other pages: fetched right after their article, so the queue
            # does not hold every image of the site until the end of the crawl.
            priority=1,
            meta={"allow_offsite": True, "discovery": self._via(REQUISITE_VIA, page, depth)},
        )

    def _requisites(
        self, page: str, item: ArticleItem, stylesheets: list[str], discovery: dict[str, Any]
    ) -> Iterator[Request]:
        """Images and stylesheets of an article, noted as pending before they are queued.

        They may live on other hosts (CDNs), hence ``allow_offsite``; each URL is fetched
        once per crawl (the dupefilter) and archived like any other response.
        """
        assert self.seed is not None
        urls = [img.url for img in item.images] + stylesheets
        unique = list(dict.fromkeys(self._clean(u) for u in urls if u.startswith("http")))
        limit = self.seed.links.max_links_per_page
        if len(unique) > limit:  # as many as links are read of a page
            self._links_not_read(page, len(unique) - limit, "page requisites")
            del unique[limit:]
        fresh = [url for url in unique if self._first_time(url)]
        if not fresh:
            return
        store = self._url_state()
        if store is not None:
            try:
                store.note_pending(fresh, site=self.site_name, via=REQUISITE_VIA, from_url=page)
            except StoreError as exc:  # costs only the resumption after a kill
                self._state_not_written(store, exc, "%s: requisites not noted as pending: %s", page)
        depth = discovery.get("depth", 1)
        for url in fresh:
            yield self.requisite_request(url, page, depth)

    def _state_not_written(self, store: UrlStateAPI, exc: StoreError, msg: str, url: str) -> None:
        """A full disk stops the crawl with its own one line (``crawler.extensions.disk_full``):
        then this is a log-file line, not one console warning per page."""
        if is_disk_full(exc):
            logger.error(msg, url, exc)
            report_write_failure(self.crawler, getattr(store, "path", "URL state"), exc)
        else:
            console.warning(msg, url, exc)

    def pending_requisites(self) -> Iterator[Request]:
        """The requisites an interrupted crawl of this site queued and never had answered."""
        assert self.seed is not None
        store = self._url_state()
        if store is None or not self.seed.fetch.requisites:
            return
        try:
            pending = store.pending(self.site_name, REQUISITE_VIA)
        except StoreError as exc:
            console.warning("requisites of an interrupted crawl not looked up: %s", exc)
            return
        resumed = 0
        for state in pending:
            if self._first_time(state.url):
                resumed += 1
                yield self.requisite_request(state.url, state.from_url or state.url, 1)
        if resumed:
            self.crawler.stats.inc_value(RESUMED_STAT, resumed)
            console.info(
                "%d page requisites an interrupted crawl left unfetched are fetched now", resumed
            )

    def requisite_given_up(self, request: Request | None) -> None:
        """A requisite refused or failed after its retries is owed no more fetches."""
        discovery = request.meta.get("discovery") if request is not None else None
        if not discovery or discovery.get("via") != REQUISITE_VIA:
            return
        store = self._url_state()
        if store is not None:
            try:
                store.drop_pending(request.url)
            except StoreError as exc:
                self._state_not_written(
                    store, exc, "%s: requisite still noted as pending: %s", request.url
                )

    def parse_requisite(self, response: Response) -> None:
        """Nothing to extract: the capture middleware has archived it already."""
        self.crawler.stats.inc_value("newsarchiver/requisites")
