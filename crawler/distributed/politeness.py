"""Retry-After for every worker: a 429 or 503 that asks to wait pauses the host globally.

The retry middleware (``crawler/middlewares/retry_after.py``) waits in this process only;
the frontier's per-host next-start time (``Frontier.back_off``) makes every worker's lease
script hold the host's requests back until then.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.distributed.frontier import Frontier
from crawler.distributed.patient import PatientFrontier, crawl_frontier
from crawler.middlewares.retry_after import retry_after_seconds

console = logging.getLogger("newsarchiver.worker")


class RetryAfterMiddleware:
    def __init__(self, frontier: Frontier | PatientFrontier, crawler: Crawler) -> None:
        self.frontier = frontier
        self.crawler = crawler
        # The same cap as this process's own wait (crawler/middlewares/retry_after.py).
        self.max_wait = crawler.settings.getfloat("NEWSARCHIVER_RETRY_AFTER_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        client = redis.Redis.from_url(crawler.settings.get("REDIS_URL"))
        return cls(crawl_frontier(crawler, client), crawler)

    def process_response(self, request: Request, response: Response, spider: Spider) -> Response:
        if response.status not in (429, 503):
            return response
        seconds = retry_after_seconds(response.headers.get(b"Retry-After"), time.time())
        if seconds:
            host = urlsplit(request.url).hostname or ""
            seconds = min(seconds, self.max_wait)
            try:
                self.frontier.back_off(host, seconds)
            except redis.RedisError:
                return response  # the scheduler reports the lost connection
            self.crawler.stats.inc_value("newsarchiver/frontier/back_offs")
            console.warning("%s: HTTP %d, Retry-After: all workers wait %.0f s for %s",
                            request.url, response.status, seconds, host)  # fmt: skip
        return response
