"""Scrapy's RetryMiddleware, made polite: 429 and 503 wait before the retry, per host.

Why: Scrapy retries at once, so a server asking for a pause got three
requests within 70 ms. Here a 429 or 503 answer

* with ``Retry-After`` (seconds, or an HTTP-date) makes every request to that host wait
  that long, up to ``NEWSARCHIVER_RETRY_AFTER_MAX`` seconds; a server asking for more is
  not retried in this crawl (one line, counted as dropped ``retry_after_too_long``);
* without it waits ``NEWSARCHIVER_RETRY_BACKOFF`` seconds, doubled on each retry.

Requests wait in ``process_request`` (an asyncio sleep), so the rest of the crawl goes on
with other hosts. Each host that rate-limited the crawl gets one line at the end and a
``newsarchiver/rate_limited/<host>`` stat; other retried codes behave as in Scrapy.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.dropped import report_dropped
from crawler.summary import RATE_LIMITED_PREFIX

console = logging.getLogger("newsarchiver.crawl")

#: Answers that mean "too many requests, come back later".
RATE_LIMIT_CODES = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks for (None: absent or unreadable)."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSARCHIVER_RETRY_AFTER_MAX")
        self.backoff = crawler.settings.getfloat("NEWSARCHIVER_RETRY_BACKOFF")
        self.not_before: dict[str, float] = {}  # host -> time.monotonic() it may be asked again
        self.limited: Counter[str] = Counter()  # host -> 429/503 answers
        self.waited: Counter[str] = Counter()  # host -> seconds of back-off asked for
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = urlparse_cached(request).netloc
        wait = self.not_before.get(host, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if response.status in RATE_LIMIT_CODES and not request.meta.get("dont_retry"):
            self._back_off(request, response)
        return super().process_response(request, response)

    def _back_off(self, request: Request, response: Response) -> None:
        host = urlparse_cached(request).netloc
        self.limited[host] += 1
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(RATE_LIMITED_PREFIX + host)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"), time.time())
        if asked is None:
            asked = self.backoff * 2 ** request.meta.get("retry_times", 0)
        elif asked > self.cap:
            why = (
                f"HTTP {response.status}, server asks to wait {asked:.0f} s (Retry-After), "
                f"more than the {self.cap:.0f} s cap (NEWSARCHIVER_RETRY_AFTER_MAX): not retried"
            )
            report_dropped(self.crawler, request, "retry_after_too_long", why)
            raise IgnoreRequest(why)
        self.waited[host] += asked
        until = time.monotonic() + asked
        self.not_before[host] = max(self.not_before.get(host, 0.0), until)

    def spider_closed(self) -> None:
        for host, count in sorted(self.limited.items()):
            console.warning(
                "%s rate-limited the crawl: %d answers 429/503, %.1f s of back-off",
                host,
                count,
                self.waited[host],
            )
