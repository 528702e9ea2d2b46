"""A live progress line while a crawl runs: pages, items, errors, pages/s.

On a terminal it rewrites one line in place; otherwise (cron, CI, a pipe) it prints a
plain line every ``NEWSARCHIVER_PROGRESS_INTERVAL`` seconds, but at most every 10 seconds,
so logs stay readable. Enabled by ``NEWSARCHIVER_PROGRESS`` (``--progress/--no-progress``).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

#: Seconds between plain progress lines when stderr is not a terminal (cron, CI, a pipe).
PLAIN_INTERVAL = 10.0


class ProgressLine:
    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval if self.tty else max(interval, PLAIN_INTERVAL)
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        if not crawler.settings.getbool("NEWSARCHIVER_PROGRESS"):
            raise NotConfigured
        interval = crawler.settings.getfloat("NEWSARCHIVER_PROGRESS_INTERVAL")
        ext = cls(crawler, interval, sys.stderr)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.crawler.stats
        pages = stats.get_value("response_received_count", 0)
        items = stats.get_value("item_scraped_count", 0)
        errors = stats.get_value("newsarchiver/errors", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        site = getattr(self.crawler.spider, "site_name", "crawl")
        return (
            f"[{site}] pages {pages} | items {items} | errors {errors} | "
            f"{pages / elapsed:.1f} pages/s"
        )

    def show(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
