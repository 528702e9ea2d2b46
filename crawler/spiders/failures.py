"""What went wrong with a fetch, in the words a user reads: one line per failure (and per
page whose flood of links was cut).

Scrapy and Twisted name the same failure in many ways (DownloadConnectionRefusedError,
ConnectionRefusedError, ...); the crawl log, the summary and the hints speak one vocabulary.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.dropped import DISCOVERY_ONLY_META
from crawler.extract.link_bound import MAX_ELEMENTS
from crawler.spiders.listings import CANDIDATE_META
from crawler.summary import IMAGES_NOT_READ_STAT, LINKS_NOT_READ_STAT

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from crawler.seed import Seed

#: Logger whose messages the CLI shows on the console, one line each.
console = logging.getLogger("newsarchiver.crawl")


def _proxy_of(failure: Failure) -> str | None:
    """``host:port`` of the proxy the failed request went through (never its password)."""
    request = getattr(failure, "request", None)
    proxy = request.meta.get("proxy") if request is not None else None
    if not proxy:
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return parts.netloc.rpartition("@")[2] or None


def describe_failure(failure: Failure) -> str:
    """One human line for a failed fetch (HTTP status, refused connection, timeout...)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    name = type(exc).__name__
    text = failure.getErrorMessage().strip().splitlines()
    detail = text[0] if text else ""
    # Scrapy wraps Twisted's errors (DownloadConnectionRefusedError, ...): match by name.
    known = (
        ("ConnectionRefused", "connection refused"),
        ("DNSLookup", "host name not found"),
        ("CannotResolveHost", "host name not found"),
        ("Timeout", "timed out"),
        ("TimedOut", "timed out"),
        ("ConnectionLost", "connection lost before the response was complete"),
        ("ResponseNeverReceived", "connection closed before any response"),
        ("ResponseFailed", "connection failed while reading the response"),
        ("ConnectionDone", "connection closed by the server"),
    )
    for fragment, words in known:
        if fragment in name:
            proxy = _proxy_of(failure)
            if proxy and fragment == "ConnectionRefused":
                # Every request goes there first: it is the proxy that is not listening.
                return f"connection refused by the proxy {proxy} (is it running?)"
            return words
    if "maxsize" in detail.lower() or "max size" in detail.lower():
        return "response larger than DOWNLOAD_MAXSIZE, dropped"
    return f"{name}: {detail}" if detail else name


class FailureReports:
    """The spider's lines about what went wrong: one per failed or unusable fetch, counted
    in the crawl's stats (a mixin of :class:`~crawler.spiders.news.NewsSpider`)."""

    crawler: Crawler
    settings: Settings
    seed: Seed | None
    #: the proxy hint is given once per crawl
    _proxy_hint_given = False

    def _truncated(self, response: Response) -> bool:
        """A body cut short is archived (WARC-Truncated) but not parsed: report it."""
        if "dataloss" not in response.flags:
            return False
        self.crawler.stats.inc_value("newsarchiver/errors")
        if "maxsize" in response.flags:  # cut by crawler.handlers.raw_http
            limit = response.meta.get("download_maxsize") or self.settings.getint(
                "DOWNLOAD_MAXSIZE"
            )
            console.warning(
                "%s: response larger than DOWNLOAD_MAXSIZE (%d bytes); the first %d bytes are "
                "archived with WARC-Truncated: length, not extracted",
                response.url,
                limit,
                limit,
            )
            return True
        console.warning(
            "%s: response truncated (connection closed before the announced length); "
            "archived with WARC-Truncated, not extracted",
            response.url,
        )
        return True

    def _links_not_read(self, url: str, not_read: int, what: str = "links") -> None:
        """Count and say the links (or images) of a page past ``[links] max_links_per_page``
        (``max_images_per_page``)."""
        assert self.seed is not None
        key, stat = "max_links_per_page", LINKS_NOT_READ_STAT
        if what == "images":
            key, stat = "max_images_per_page", IMAGES_NOT_READ_STAT
        limit = getattr(self.seed.links, key)
        self.crawler.stats.inc_value(stat, not_read)
        console.warning(
            "%s: %d %s on the page, read the first %d ([links] %s); %d not read",
            url,
            limit + not_read,
            what,
            limit,
            key,
            not_read,
        )

    def _elements_not_read(self, url: str, not_read: int) -> None:
        """Say that a page was read up to its ``MAX_ELEMENTS``-th start tag only."""
        console.warning(
            "%s: %d elements on the page, read the first %d; %d not read",
            url,
            MAX_ELEMENTS + not_read,
            MAX_ELEMENTS,
            not_read,
        )

    def _skip(self, response: Response | str, why: str) -> None:
        """One skipped page (a response, or its URL)."""
        self.crawler.stats.inc_value("newsarchiver/skipped")
        url = response if isinstance(response, str) else response.url
        console.warning("%s: skipped: %s", url, why)

    def _proxy_hint(self, url: str) -> None:
        """Once per crawl: a host that does not resolve may be one served through a proxy
        (the demo site's virtual host news.demo.test always is)."""
        if self._proxy_hint_given or self.crawler.settings.get("NEWSARCHIVER_PROXY"):
            return
        self._proxy_hint_given = True
        console.warning(
            "hint: %s does not resolve; if the site is reached through an HTTP proxy, give "
            "--proxy http://HOST:PORT (or [fetch] proxy in the seed); the demo site's hosts "
            "are served by `newsarchiver demo-site` as a proxy, or use `newsarchiver demo`",
            urlsplit(url).hostname,
        )

    def _report_failure(self, failure: Failure) -> None:
        """One line per failed fetch; robots.txt refusals are counted, not reported."""
        request = failure.request
        if failure.check(HttpError) is None and "robots.txt" in failure.getErrorMessage():
            return
        if describe_failure(failure) == "host name not found":
            self._proxy_hint(request.url)
        if "DOWNLOAD_MAXSIZE" in failure.getErrorMessage():
            self.crawler.stats.inc_value("newsarchiver/errors")
            console.warning(
                "%s: body inflates past DOWNLOAD_MAXSIZE (gzip bomb?); "
                "compressed bytes archived, not extracted",
                request.url,
            )
            return
        # Dropped on purpose (robots.txt, the address guard, ...): reported where decided.
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.crawler.stats.inc_value("newsarchiver/ignored")
            return
        if (request.meta.get("discovery") or {}).get("via") == "requisite":
            # A missing image does not make the crawl partial; it is still worth a line.
            self.crawler.stats.inc_value("newsarchiver/requisite_errors")
            console.warning("%s: page requisite: %s", request.url, describe_failure(failure))
            return
        if request.meta.get(CANDIDATE_META):
            # a link only shaped like a story: a dead one does not make the crawl partial
            self.crawler.stats.inc_value("newsarchiver/candidate_errors")
            console.warning("%s: story-like link: %s", request.url, describe_failure(failure))
            return
        what = request.meta.get(DISCOVERY_ONLY_META)
        if what:
            # Nor does a stale feed or sitemap (robots.txt often names one long gone) or a
            # home page fetched only for its feed links.
            self.crawler.stats.inc_value("newsarchiver/listing_errors")
            console.warning("%s: %s: %s", request.url, what, describe_failure(failure))
            return
        self.crawler.stats.inc_value("newsarchiver/errors")
        console.warning("%s: %s", request.url, describe_failure(failure))
