"""Incremental re-crawls: fetch only what can have changed, conditionally when possible.

Section pages, feeds and sitemaps (``discovery.via`` ``start`` / ``pagination`` /
``listing``) are always fetched: they are where new stories appear. For an article URL
(``via`` ``section`` / ``related`` / ``feed`` / ``sitemap``) that the
archive already holds (URL state store, ``archive.stores.url_state``):

* a story older than the revisit window (``NEWSARCHIVER_RECRAWL_WINDOW_DAYS``, by its
  published date, or by when the archive first saw it if no date was extracted) is
  skipped: old stories rarely change and re-fetching them is most of a crawl's cost.
  With ``NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS`` set (the seed's ``[recrawl] old_every``)
  it is re-checked, conditionally, once that long has passed since its last fetch
  (stat ``newsarchiver/rechecked_old``), so late corrections are caught eventually;
* a story inside the window that was fetched less than
  ``NEWSARCHIVER_RECRAWL_EVERY_HOURS`` ago is skipped too (this also makes a crawl that
  was killed half-way and started again continue without re-fetching finished pages);
* otherwise it is re-fetched with ``If-None-Match`` / ``If-Modified-Since``. A 304 is
  recorded in the state store (stat ``newsarchiver/not_modified``) and then dropped with
  ``IgnoreRequest``, so the spider never extracts an empty body.

Skips are counted in ``newsarchiver/skipped_unchanged`` (broken down as
``newsarchiver/skipped_outside_window`` and ``newsarchiver/skipped_recent``). Every
answered fetch updates the URL's row: status, validators and, for a 200, the payload
digest the WARC capture computed (``request.meta["warc"]["payload_digest"]``). The
published date comes from each scraped item (``item_scraped`` signal).

Wiring (``crawler/settings.py``)::

    DOWNLOADER_MIDDLEWARES = {
        ...,
        "crawler.middlewares.incremental.IncrementalMiddleware": 925,
        "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    }

Why 925: ``process_request`` runs from low to high numbers, so at 925 the request has been
through every stock request middleware (headers, user agent, proxy at 750, ...) and our
conditional headers are added before the WARC capture at 950 records what was sent (a
skipped request raises ``IgnoreRequest`` before it is captured: nothing is fetched).
``process_response`` runs from high to low numbers, so the capture at 950 writes the 304
(or 200) to the WARC file and sets ``request.meta["warc"]`` BEFORE we see the response at
925; then we record it and drop a 304 before RedirectMiddleware, RetryMiddleware and the
spider see it.

Settings (declared with their defaults in ``crawler/settings.py``; the add-on maps the seed's
``[recrawl]`` table onto them):

``NEWSARCHIVER_RECRAWL_ENABLED``, ``NEWSARCHIVER_RECRAWL_WINDOW_DAYS``,
``NEWSARCHIVER_RECRAWL_EVERY_HOURS`` (0 re-checks on every crawl),
``NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS`` (None: stories older than the window are never
re-checked), ``NEWSARCHIVER_RECRAWL_NOW`` (None: the wall clock; an ISO 8601 time to judge
story ages against another "now", e.g. the demo site's clock or a backfill; fetch times are
then recorded in that clock too, so the re-check intervals are measured in one clock).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from archive.layout import ArchiveLayout
from archive.resume import cut_torn_tails, settle_logged_items, torn_tail_message
from archive.stores import StoreError
from archive.stores.base import StoreUnreachable
from archive.stores.locks import held_here
from archive.stores.stored_time import parse_time, utc_now
from crawler.crawl_stores import crawl_stores
from crawler.signals import is_disk_full, report_write_failure

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from archive.stores.protocols import UrlStateAPI

logger = logging.getLogger(__name__)
#: Shown on the console by the runner's log filter (one line per problem).
console = logging.getLogger("newsarchiver.crawl")

#: Recommended priority in DOWNLOADER_MIDDLEWARES (see module docstring).
PRIORITY = 925

#: Discovery kinds that are section pages or feeds/sitemaps: always fetched in full.
SECTION_VIAS = frozenset({"start", "pagination", "listing"})
#: Discovery kinds that are articles: candidates for skipping / conditional re-fetch.
ARTICLE_VIAS = frozenset({"section", "related", "feed", "sitemap"})

#: request.meta key set on requests we made conditional.
META_CONDITIONAL = "newsarchiver_conditional"
#: request.meta key a spider can set to force a full fetch.
META_FORCE = "newsarchiver_force_fetch"


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    if value is None:
        return None
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


class _RefuseAll:
    """Stands in for the middleware when the state store is unusable: fetches nothing."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        raise IgnoreRequest(f"URL state store unusable: {self.reason}")


class IncrementalMiddleware:
    """Skips unchanged articles and turns re-fetches into conditional requests."""

    def __init__(
        self,
        store: UrlStateAPI,
        *,
        window: timedelta,
        every: timedelta,
        old_every: timedelta | None = None,
        now: datetime | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        self.store = store
        self.window = window
        self.every = every
        self.old_every = old_every
        self.fixed_now = now
        self.crawler = crawler
        self.stats = crawler.stats if crawler is not None else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        """Open the archive's URL state store; a damaged store stops the crawl with one line."""
        settings = crawler.settings
        archive_dir = settings.get("NEWSARCHIVER_ARCHIVE_DIR")
        if not archive_dir:
            raise NotConfigured("NEWSARCHIVER_ARCHIVE_DIR is not set")
        if not settings.getbool("NEWSARCHIVER_RECRAWL_ENABLED"):
            raise NotConfigured("incremental re-crawling disabled")
        window_days = settings.getfloat("NEWSARCHIVER_RECRAWL_WINDOW_DAYS")
        every_hours = settings.getfloat("NEWSARCHIVER_RECRAWL_EVERY_HOURS")
        old_every = settings.get("NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS")
        raw_now = settings.get("NEWSARCHIVER_RECRAWL_NOW")
        now = parse_time(str(raw_now)) if raw_now else None
        if raw_now and now is None:
            problem = f"NEWSARCHIVER_RECRAWL_NOW is not an ISO 8601 time: {raw_now!r}"
            console.error("%s", problem)
            return _RefuseAll(problem)  # type: ignore[return-value]
        try:
            store = crawl_stores(crawler).url_state()
        except StoreError as exc:
            # Crawling without the state would silently re-fetch everything and could not
            # record anything: refuse every request instead, so nothing is fetched and the
            # one line below is all the user sees (the crawl then ends with exit code 4).
            console.error("%s", exc)
            crawler.stats.set_value("newsarchiver/state_store_error", str(exc))
            return _RefuseAll(str(exc))  # type: ignore[return-value]
        mw = cls(
            store,
            window=timedelta(days=window_days),
            every=timedelta(hours=every_hours),
            old_every=timedelta(seconds=float(old_every)) if old_every is not None else None,
            now=now,
            crawler=crawler,
        )
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    # --- helpers ---------------------------------------------------------------------------

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def _site(self, spider: Spider | None) -> str | None:
        spider = spider or (self.crawler.spider if self.crawler is not None else None)
        return getattr(spider, "site_name", None) or getattr(spider, "name", None)

    def story_now(self) -> datetime:
        """The "now" story ages are measured against (wall clock unless fixed)."""
        return self.fixed_now or utc_now()

    @staticmethod
    def _due(last: datetime | None, now: datetime, interval: timedelta) -> bool:
        """At least ``interval`` since ``last`` (a fetch time from another clock, later than
        ``now``, counts as due: a conditional re-check is cheap)."""
        if last is None or not interval:
            return True
        elapsed = now - last
        return elapsed < timedelta(0) or elapsed >= interval

    # --- requests --------------------------------------------------------------------------

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        """Let section pages and new URLs through; skip or make article re-fetches conditional."""
        if request.meta.pop(META_CONDITIONAL, None):
            # A redirect copies meta and headers: validators of the old URL must not be
            # sent to the new one.
            for name in ("If-None-Match", "If-Modified-Since"):
                request.headers.pop(name, None)
        discovery = request.meta.get("discovery") or {}
        via = discovery.get("via")
        if via not in ARTICLE_VIAS or request.meta.get(META_FORCE):
            return None
        state = self.store.get(request.url)
        if state is None or not state.archived:
            return None  # never fetched in full: fetch it
        if not state.item_at:
            # Archived, but its item was never logged (crash, full disk, in flight when the
            # crawl stopped): fetch it in full again, a 304 would yield no item.
            self._inc("newsarchiver/refetched_without_item")
            return None
        now = self.story_now()
        born = state.published_at or state.first_seen_at
        last = state.last_fetched_at
        if born < now - self.window:
            if self.old_every is None or not self._due(last, now, self.old_every):
                self._inc("newsarchiver/skipped_unchanged")
                self._inc("newsarchiver/skipped_outside_window")
                raise IgnoreRequest(f"archived, older than the revisit window: {request.url}")
            self._inc("newsarchiver/rechecked_old")
        elif not self._due(last, now, self.every):
            self._inc("newsarchiver/skipped_unchanged")
            self._inc("newsarchiver/skipped_recent")
            raise IgnoreRequest(f"archived, fetched recently: {request.url}")
        conditional = False
        if state.etag:
            request.headers["If-None-Match"] = state.etag
            conditional = True
        if state.last_modified:
            request.headers["If-Modified-Since"] = state.last_modified
            conditional = True
        if conditional:
            request.meta[META_CONDITIONAL] = True
            self._inc("newsarchiver/conditional_requests")
        else:
            self._inc("newsarchiver/revisits_unconditional")
        return None

    # --- responses -------------------------------------------------------------------------

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        """Record every answered fetch; a 304 to our conditional request ends here."""
        if "cached" in response.flags:
            return response
        discovery = request.meta.get("discovery") or {}
        pointer: dict[str, Any] = request.meta.get("warc") or {}
        status = response.status
        try:
            state = self.store.record_fetch(
                request.url,
                status=status,
                site=self._site(spider),
                fetched_at=self.fixed_now,
                etag=_header(response, "ETag"),
                last_modified=_header(response, "Last-Modified"),
                payload_digest=pointer.get("payload_digest") if status == 200 else None,
                via=discovery.get("via"),
                from_url=discovery.get("from_url"),
            )
        except StoreUnreachable:
            # The shared database stayed away past the crawl's limit (the crawl is
            # closing): this fetch gets no item now, and is fetched again, not half-done.
            raise
        except StoreError as exc:
            # Losing state only costs re-fetches next time; never lose the capture.
            self._inc("newsarchiver/state_errors")
            logger.error("URL state not recorded for %s: %s", request.url, exc)
            if is_disk_full(exc):
                report_write_failure(self.crawler, self.store.path, exc)
            state = None
        if status == 304 and request.meta.get(META_CONDITIONAL):
            self._inc("newsarchiver/not_modified")
            raise IgnoreRequest(f"not modified since the last capture: {request.url}")
        if status == 200 and request.meta.get(META_CONDITIONAL):
            self._inc("newsarchiver/modified")
            if state is not None and state.changed_at != state.last_fetched:
                # The server answered in full although the payload is the same.
                self._inc("newsarchiver/refetched_unchanged")
        return response

    # --- signals ---------------------------------------------------------------------------

    def spider_opened(self, spider: Spider | None = None) -> None:
        """Items a killed crawl logged but did not record here are not fetched again."""
        site = self._site(spider)
        if self.crawler is None or site is None:
            return
        layout = ArchiveLayout(self.crawler.settings["NEWSARCHIVER_ARCHIVE_DIR"])
        try:
            if held_here(layout.site_lock(site)):  # a distributed worker's share holds none
                for path, cut in cut_torn_tails(layout, site).items():
                    self._inc("newsarchiver/torn_item_lines")
                    logger.warning("%s", torn_tail_message(path, cut))
            settled = settle_logged_items(self.store, layout, site)
        except (StoreError, OSError) as exc:
            logger.warning("items of an interrupted crawl not looked up: %s", exc)
            return
        if settled:
            self._inc("newsarchiver/resumed_items", settled)
            logger.info("%d items of an interrupted crawl found in the item log", settled)

    def item_scraped(self, item: Any, response: Response, spider: Spider | None = None) -> None:
        """Mark the capture's item as logged and remember the story's published date (it
        decides the revisit window next time). The item's URL is its capture's: an item the
        spider held while learning its site's profile goes out with another page's response,
        or with none."""
        published = getattr(item, "published", None)
        url = getattr(item, "url", None)
        if isinstance(item, dict):
            published, url = item.get("published"), item.get("url")
        url = url or (response.url if response is not None else None)
        if url is None:
            return
        try:
            self.store.item_logged(url, str(published) if published else None)
        except StoreError as exc:
            logger.error("published date not recorded for %s: %s", url, exc)
            if is_disk_full(exc):
                report_write_failure(self.crawler, self.store.path, exc)

    def spider_closed(self, spider: Spider | None = None) -> None:
        if self.stats is not None:
            try:
                self.stats.set_value("newsarchiver/state_urls", self.store.count())
            except StoreError:
                pass
