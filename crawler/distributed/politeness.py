"""Retry-After for every worker: a 429 or 503 that asks to wait pauses the host globally.

Scrapy's RetryMiddleware retries such a response, but only this process would know to wait;
the frontier's per-host next-start time (``Frontier.back_off``) makes every worker's lease
script hold the host's requests back until then.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.distributed.frontier import Frontier

console = logging.getLogger("newsarchiver.worker")

#: A Retry-After longer than this is capped (a misconfigured server must not stall a run).
MAX_BACK_OFF_SECONDS = 3600.0


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds in a Retry-After header (delta-seconds or an HTTP date), or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, frontier: Frontier, crawler: Crawler) -> None:
        self.frontier = frontier
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        client = redis.Redis.from_url(crawler.settings.get("REDIS_URL"))
        return cls(Frontier(client), crawler)

    def process_response(self, request: Request, response: Response, spider: Spider) -> Response:
        if response.status not in (429, 503):
            return response
        header = response.headers.get(b"Retry-After")
        seconds = retry_after_seconds(header.decode("latin-1")) if header else None
        if seconds:
            host = urlsplit(request.url).hostname or ""
            seconds = min(seconds, MAX_BACK_OFF_SECONDS)
            try:
                self.frontier.back_off(host, seconds)
            except redis.RedisError:
                return response  # the scheduler reports the lost connection
            self.crawler.stats.inc_value("newsarchiver/frontier/back_offs")
            console.warning("%s: HTTP %d, Retry-After: all workers wait %.0f s for %s",
                            request.url, response.status, seconds, host)  # fmt: skip
        return response
