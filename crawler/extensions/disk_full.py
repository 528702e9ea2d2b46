"""Stop a crawl gracefully when the archive cannot be written (full disk, quota, I/O error).

A full disk shows up in several places at once: the WARC writer (``OSError`` ENOSPC while
writing a record), the JSONL item log, and the SQLite stores (``database or disk is full``).
Carrying on would only turn every following page into another error, so the first such
failure stops the crawl:

* the spider is closed with the finish reason ``disk_full`` (``write_error`` for other
  ``OSError`` on a write, e.g. EIO or a read-only remount), so WARC files are closed and the
  item log flushed as on any other stop; the crawl exits with code 5 (``ExitCode.DISK_FULL``);
* one console line says where and what, and that what was archived before is intact;
* responses still in flight are dropped quietly (``IgnoreRequest``) instead of one warning
  each.

What stays intact, and why: the WARC writer rolls a half-written record pair back (or leaves
the ``.open`` file for the next crawl's recovery, which cuts it after its last complete
record); the JSONL writer cuts a torn line back (``archive.jsonl``); SQLite rolls back the
transaction it could not write. A URL whose item could not be logged is marked as not
archived in the URL state (best effort), so the next crawl fetches it in full again.

How failures reach this extension: every component that writes to the archive calls
:func:`crawler.signals.report_write_failure`, which sends the ``write_failed`` signal. The
WARC writer does so through its error hook (``WarcFileWriter(on_error=...)``, set by the
capture middleware), so every record type it writes is covered by its one write path; the
capture middleware then drops the response (``IgnoreRequest``) instead of letting the error
reach the spider as a fetch error, and listens to the same signal to write nothing more.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from archive.stores import StoreError
from crawler.crawl_stores import crawl_stores
from crawler.signals import describe, is_disk_full, write_failed
from crawler.summary import DISK_FULL_REASON, WRITE_ERROR_REASON

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
#: Shown on the console by the runner's log filter.
console = logging.getLogger("newsarchiver.crawl")


class DiskFullGuard:
    """See the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.reason: str | None = None
        self.path: str | None = None
        self.error: str | None = None
        self.unlogged_urls: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskFullGuard:
        ext = cls(crawler)
        crawler.signals.connect(ext.on_write_failed, signal=write_failed)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def stopped(self) -> bool:
        return self.reason is not None

    # --- the stop ------------------------------------------------------------------------------

    def on_write_failed(self, path: str, error: BaseException, url: str | None = None) -> None:
        if url and path.endswith(".jsonl"):
            self.unlogged_urls.append(url)
        if self.stopped:
            return
        self.reason = DISK_FULL_REASON if is_disk_full(error) else WRITE_ERROR_REASON
        self.path = path
        self.error = describe(error)
        self.stats.set_value("newsarchiver/disk_full_path", path)
        self.stats.set_value("newsarchiver/disk_full_error", self.error)
        logger.error("cannot write %s: %r; closing the spider (%s)", path, error, self.reason)
        engine = self.crawler.engine
        if engine is not None and getattr(engine, "spider", None) is not None:
            deferred_from_coro(engine.close_spider_async(reason=self.reason))

    def spider_closed(self, reason: str | None = None) -> None:
        if not self.stopped:
            return
        if self.unlogged_urls:
            self._forget(self.unlogged_urls)
        pages = self.stats.get_value("response_received_count", 0)
        what = "disk full" if self.reason == DISK_FULL_REASON else f"write error ({self.error})"
        console.error(
            "%s while writing %s: crawl stopped after %d pages; everything archived before "
            "is intact; free space and run again",
            what,
            self.path,
            pages,
        )

    def _forget(self, urls: list[str]) -> None:
        """Mark URLs whose item was not logged as not archived, so they are fetched again."""
        if not self.crawler.settings.get("NEWSARCHIVER_ARCHIVE_DIR"):
            return

        try:
            store = crawl_stores(self.crawler).url_state()
            for url in urls:
                store.forget_capture(url)
        except StoreError as exc:
            logger.warning("could not mark %d unlogged URLs for re-fetching: %s", len(urls), exc)
