"""The news spider's feed and sitemap requests (the parsing lives in ``crawler.discovery``).

Where listings come from: the seed's ``feeds`` and ``sitemaps`` (fetched even on other
hosts: the user named them), robots.txt ``Sitemap:`` lines and ``<link rel=alternate>``
feeds of the section pages and the home page (on the allowed domains only). Each
listing is fetched once per crawl and archived like every other response; the articles
it lists go through the same article-URL pattern and allowed domains as section links,
with ``discovery.via`` ``feed`` or ``sitemap`` and the listing's date kept in the
request and in the spider's URL → date map (``crawler.spiders.listed_dates``).

With ``[links] autodiscover = false`` only the seed's own listings are read (no home
page, robots.txt or ``rel=alternate`` lookups). Sitemap indexes are read newest child
first. A first crawl reads every child inside the seed's ``[links] sitemap_window`` (by
``lastmod``; default: all of them); a later crawl only the children changed since the
last complete (``ok``) crawl of the site started, less a day, since what that crawl read
it also fetched (an interrupted crawl does not count: its children are read again). At
most ``[links] max_sitemaps`` children are read per crawl; what the cap or a bad listing
leaves out is one WARNING line, what the window or an earlier crawl covers one INFO line,
each counted in the summary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.http import Response

from archive.stores import StoreError
from crawler.crawl_stores import store_factory
from crawler.discovery import ListedUrl
from crawler.discovery.announced import feed_links, robots_sitemaps
from crawler.discovery.listing import Listing, lastmod, newest_first, read_listing
from crawler.discovery.safexml import MAX_XML_BYTES, BadListing
from crawler.dropped import DISCOVERY_ONLY_META
from crawler.extract.context import Listed
from crawler.spiders.listed_dates import ListedDatesMixin
from crawler.summary import SESSION_STAT, SITEMAPS_SKIPPED, TRACKING_STAT

if TYPE_CHECKING:
    from crawler.seed import Seed

console = logging.getLogger("newsarchiver.crawl")

#: Request meta key holding the date a feed or sitemap gave for an article.
LISTED_META = "listed_date"
#: Set on article requests whose page must prove to be an article (``SiteLinks.must_prove``).
CANDIDATE_META = "story_candidate"
#: A child sitemap changed less than this before the last complete crawl started is read
#: again (its lastmod may be in another clock or rounded to the day).
SITEMAP_MARGIN = timedelta(days=1)


class ListingsMixin(ListedDatesMixin):
    """Feed/sitemap requests for ``NewsSpider`` (which provides the helpers used here)."""

    seed: Seed | None
    _sitemaps_followed: int = 0  # child sitemaps of indexes queued so far in this crawl
    _sitemap_bounds: tuple[datetime | None, datetime | None] | None = None

    def connect_robots_listener(self) -> None:
        """Read ``Sitemap:`` lines from the robots.txt Scrapy fetches itself, not twice."""
        self.crawler.signals.connect(self._on_response, signal=signals.response_received)

    def _on_response(self, response: Response, request: Request, spider: Any = None) -> None:
        if not request.meta.get("dont_obey_robotstxt") or not self._autodiscover():
            return  # only RobotsTxtMiddleware's own fetch of robots.txt
        if urlsplit(request.url).path != "/robots.txt" or response.status != 200:
            return
        for req in self.parse_robots(response):
            self.crawler.engine.crawl(req)

    def listing_start_requests(self) -> Iterator[Request]:
        """The seed's own listings, the home pages, and robots.txt when not obeyed."""
        assert self.seed is not None
        for url in (*self.seed.feeds, *self.seed.sitemaps):
            if self._first_time(url):
                yield self.listing_request(url, None, offsite=True)
        if not self._autodiscover():
            return
        origins = dict.fromkeys(_origin(s.url) for s in self.seed.sections)
        sections = {s.url for s in self.seed.sections}
        for origin in origins:
            home = origin + "/"
            if home not in sections and self._first_time(home):
                yield self.discovery_request(
                    Request(
                        home,
                        callback=self.parse_home,
                        errback=self.on_error,
                        meta={"discovery": self._via("start"), DISCOVERY_ONLY_META: "home page"},
                    )
                )
            if not self.seed.fetch.obey_robots and self._first_time(origin + "/robots.txt"):
                robots = Request(
                    origin + "/robots.txt",
                    callback=self.parse_robots,
                    errback=self.on_error,
                    # No robots.txt (404) is normal, not a failed fetch.
                    meta={
                        "discovery": self._via("start"),
                        "handle_httpstatus_all": True,
                        DISCOVERY_ONLY_META: "robots.txt",
                    },
                )
                yield self.discovery_request(robots)

    def listing_request(self, url: str, from_url: str | None, *, offsite: bool = False) -> Request:
        meta: dict[str, Any] = {
            "discovery": self._via("listing", from_url, 0),
            DISCOVERY_ONLY_META: "feed or sitemap",
        }
        if offsite:
            meta["allow_offsite"] = True
        request = Request(url, callback=self.parse_listing, errback=self.on_error, meta=meta)
        return self.discovery_request(request)

    def _autodiscover(self) -> bool:
        return self.seed is not None and self.seed.links.autodiscover

    def announced_feeds(self, response: Response) -> Iterator[Request]:
        """``<link rel=alternate>`` feeds of a section page or the home page."""
        if not self._autodiscover():
            return
        for url in feed_links(response.selector, response.url):
            if self.links.allowed(url) and self._first_time(url):
                yield self.listing_request(url, response.url)

    def parse_home(self, response: Response) -> Iterator[Request]:
        if hasattr(response, "selector") and not self._truncated(response):
            yield from self.announced_feeds(response)
        yield from self.discovery_done(response.request)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        if response.status == 200:
            for url in robots_sitemaps(response.body, response.url):
                if self.links.allowed(url) and self._first_time(url):
                    yield self.listing_request(url, response.url)
        yield from self.discovery_done(response.request)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Queue the articles a feed or sitemap lists, and the children of an index."""
        yield from self._read_listing(response)
        yield from self.discovery_done(response.request)

    def _read_listing(self, response: Response) -> Iterator[Request]:
        if self._truncated(response):
            return
        limit = response.meta.get("download_maxsize") or self.settings.getint("DOWNLOAD_MAXSIZE")
        try:
            listing = read_listing(
                response.body, response.url, min(limit or MAX_XML_BYTES, MAX_XML_BYTES)
            )
        except BadListing as exc:
            self._skip(response, f"feed or sitemap {exc}")
            return
        stats = self.crawler.stats
        stats.inc_value("newsarchiver/feeds" if listing.kind == "feed" else "newsarchiver/sitemaps")
        if listing.dropped:
            console.warning(
                "%s: sitemap lists more URLs than the protocol allows; %d left out",
                response.url,
                listing.dropped,
            )
        yield from self._child_sitemaps(response.url, listing)
        for listed in listing.pages:
            if listed.tracking:
                stats.inc_value(TRACKING_STAT, listed.tracking)
            if listed.sessions:
                stats.inc_value(SESSION_STAT, listed.sessions)
            strong = self.is_article_url(listed.url)
            if not strong and not self.links.is_candidate(listed.url, listed.title or ""):
                continue
            announced = self._announced(listed, response.url)
            self.announced.add(listed.url, announced)
            if self._first_time(listed.url):
                stats.inc_value("newsarchiver/listed_articles")
                yield from self.article_request(
                    self._listed_article(listed, announced, response.url)
                )

    def _listed_article(self, listed: ListedUrl, announced: Listed, from_url: str) -> Request:
        return Request(
            listed.url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={
                "discovery": self._via(announced.source, from_url, 1),
                # for a worker that did not read the listing itself (crawler.distributed)
                LISTED_META: announced.to_dict(),
            },
        )

    @staticmethod
    def _announced(listed: ListedUrl, listing: str) -> Listed:
        """What the listing at ``listing`` says of ``listed``; its source is the
        ``discovery.via`` of the article: ``feed`` or ``sitemap``."""
        source = "feed" if listed.source == "feed" else "sitemap"
        return Listed(source, listing, listed.date, listed.date_raw, listed.title)

    def sitemap_bounds(self) -> tuple[datetime | None, datetime | None]:
        """(oldest lastmod the seed's window reads, lastmod below which the last complete
        crawl already read a child); None where there is no bound. Read once per crawl."""
        if self._sitemap_bounds is None:
            assert self.seed is not None
            window = self.seed.links.sitemap_window
            oldest = None if window is None else self._clock() - timedelta(seconds=window)
            self._sitemap_bounds = (oldest, self._last_complete_start())
        return self._sitemap_bounds

    def _clock(self) -> datetime:
        raw = self.settings.get("NEWSARCHIVER_RECRAWL_NOW")  # the demo site's clock
        now = datetime.fromisoformat(raw) if raw else datetime.now(UTC)
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def _last_complete_start(self) -> datetime | None:
        assert self.seed is not None
        if not self.settings.get("NEWSARCHIVER_ARCHIVE_DIR"):
            return None
        try:
            with store_factory(self.settings).run_log() as runs:
                run = runs.last_complete(self.seed.name)
        except StoreError as exc:  # no history to go by: read every child, as a first crawl
            console.warning("sitemap index: run log not readable (%s); reading every child", exc)
            return None
        return None if run is None else run.started_at - SITEMAP_MARGIN

    def _child_sitemaps(self, index_url: str, listing: Listing) -> Iterator[Request]:
        assert self.seed is not None
        cap = self.seed.links.max_sitemaps
        oldest, since = self.sitemap_bounds()
        left_out = outside = unchanged = 0
        for child in newest_first(listing.sitemaps):
            if not self.links.allowed(child.url) or not self._first_time(child.url):
                continue
            when = lastmod(child)
            if when is not None and oldest is not None and when < oldest:
                outside += 1
                continue
            if when is not None and since is not None and when < since:
                unchanged += 1
                continue
            if self._sitemaps_followed >= cap:
                left_out += 1
                continue
            self._sitemaps_followed += 1
            yield self.listing_request(child.url, index_url)
        self._count_children(index_url, outside, unchanged)
        if left_out:
            self.crawler.stats.inc_value(SITEMAPS_SKIPPED + "over the cap", left_out)
            console.warning(
                "%s: sitemap index: %d older child sitemaps not read "
                "(cap of %d per crawl, [links] max_sitemaps)",
                index_url,
                left_out,
                cap,
            )

    def _count_children(self, index_url: str, outside: int, unchanged: int) -> None:
        stats = self.crawler.stats
        if outside:
            stats.inc_value(SITEMAPS_SKIPPED + "outside the window", outside)
            console.info(
                "%s: sitemap index: %d child sitemaps older than the window not read "
                "([links] sitemap_window)",
                index_url,
                outside,
            )
        if unchanged:
            stats.inc_value(SITEMAPS_SKIPPED + "unchanged since the last complete crawl", unchanged)
            console.info(
                "%s: sitemap index: %d child sitemaps unchanged since the last complete "
                "crawl not read",
                index_url,
                unchanged,
            )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
