"""Run one crawl of one seed in this process and summarise it.

Turns a seed plus command-line choices into Scrapy settings, sends Scrapy's own log to
``<archive>/logs/`` and only newsarchiver's one-line messages to the console, and maps
the outcome to the documented exit codes. Twisted's reactor cannot be restarted, so
one process runs one crawl (the scheduler starts a process per crawl).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.seed import Seed


class ExitCode(IntEnum):
    """Exit codes of ``newsarchiver crawl`` / ``demo``; cron wrappers can rely on them."""

    OK = 0  # every page fetched and archived
    PARTIAL = 1  # some fetches failed, or the crawl was stopped early (signal, timeout)
    CONFIG = 2  # bad seed file or command line: nothing was fetched
    LOCKED = 3  # another crawl of this site is running (archive.stores.locks)
    FAILED = 4  # the crawl ran to its end but fetched no page at all (site down, wrong URLs)
    DISK_FULL = 5  # stopped: the archive could not be written (disk or quota full, I/O error)


#: Scrapy finish reasons of a crawl stopped by ``crawler.extensions.disk_full``.
DISK_FULL_REASON = "disk_full"
WRITE_ERROR_REASON = "write_error"
#: Scrapy finish reason of a crawl stopped by the seed's ``[schedule] timeout``.
TIMEOUT_REASON = "closespider_timeout"


@dataclass
class CrawlSummary:
    site: str
    archive_dir: Path
    pages: int
    items: int
    errors: int
    skipped: int
    warc_files: int
    warc_bytes: int
    seconds: float
    items_file: str | None
    log_file: Path
    finish_reason: str
    not_modified: int = 0  # re-checked articles the server answered 304
    skipped_unchanged: int = 0  # archived articles not fetched (outside the window / recent)
    disk_full_path: str | None = None  # the file a write failed on (finish reason disk_full)
    disk_full_error: str | None = None

    @property
    def exit_code(self) -> ExitCode:
        if self.finish_reason in (DISK_FULL_REASON, WRITE_ERROR_REASON):
            return ExitCode.DISK_FULL
        # A crawl stopped by a signal before its first response is interrupted, not a
        # dead site: cron and the scheduler must not report the site as down.
        if self.pages == 0 and self.finish_reason == "finished":
            return ExitCode.FAILED
        if self.errors or self.finish_reason != "finished":
            return ExitCode.PARTIAL
        return ExitCode.OK

    def format(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        lines = [
            f"site        {self.site}",
            f"pages       {self.pages} fetched ({rate:.1f}/s), {self.errors} errors, "
            f"{self.skipped} skipped",
            f"items       {self.items} -> {self.items_file or '(none)'}",
            f"revisits    {self.not_modified} not modified (304), "
            f"{self.skipped_unchanged} archived articles skipped",
            f"warc        {self.warc_files} files, {self.warc_bytes:,} bytes in "
            f"{self.archive_dir / 'warc'}",
            f"time        {self.seconds:.1f} s ({self.finish_reason})",
            f"log         {self.log_file}",
        ]
        return "\n".join(lines)

    def stop_message(self) -> str | None:
        """One line for the run log when the crawl was stopped by a full disk or its timeout."""
        if self.exit_code is ExitCode.DISK_FULL:
            what = self.disk_full_error or "cannot write"
            return f"{what} while writing {self.disk_full_path}: stopped after {self.pages} pages"
        if self.finish_reason == TIMEOUT_REASON:
            return f"stopped by the seed's timeout after {self.seconds:.0f} s, {self.pages} pages"
        return None


def build_settings(
    seed: Seed,
    archive_dir: Path,
    *,
    proxy: str | None = None,
    progress: bool = True,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Scrapy settings for crawling ``seed`` into ``archive_dir``."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    fetch = seed.fetch
    values: dict[str, Any] = {
        # The runner sends Scrapy's log to a file itself (see _setup_logging).
        "LOG_INSTALL_ROOT_HANDLER": False,
        "NEWSARCHIVER_ARCHIVE_DIR": str(archive_dir),
        "NEWSARCHIVER_SEED": str(seed.path),
        "NEWSARCHIVER_PROXY": proxy or fetch.proxy,
        "NEWSARCHIVER_PROGRESS": progress,
        "NEWSARCHIVER_WARCINFO": {
            "isPartOf": seed.name,
            "description": f"newsarchiver crawl of seed {seed.name} ({seed.path.name})",
        },
        "ROBOTSTXT_OBEY": fetch.obey_robots,
        "CONCURRENT_REQUESTS_PER_DOMAIN": fetch.concurrency,
        "CONCURRENT_REQUESTS": max(fetch.concurrency, 16),
        "DOWNLOAD_DELAY": fetch.download_delay,
        "NEWSARCHIVER_RECRAWL_ENABLED": seed.recrawl.enabled,
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": seed.recrawl.window_days,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": seed.recrawl.every_hours,
        "NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS": seed.recrawl.old_every_seconds,
    }
    if seed.timeout_seconds:
        # Scrapy closes the spider gracefully (WARC files closed, items flushed).
        values["CLOSESPIDER_TIMEOUT"] = seed.timeout_seconds
    if fetch.user_agent:
        values["USER_AGENT"] = fetch.user_agent
    values.update(overrides or {})
    settings.setdict(values, priority="cmdline")
    return settings


class _QuietFileHandler(logging.FileHandler):
    """A log file that stops quietly when it cannot be written (full disk, quota).

    ``logging``'s default prints a traceback on stderr for every record it cannot write;
    the crawl reports a full disk in one line itself (``crawler.extensions.disk_full``).
    """

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        self.failed = True

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)


def _setup_logging(log_file: Path) -> None:
    """Scrapy's log (INFO) to the file; newsarchiver's own messages also to stderr."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    file_handler = _QuietFileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    )
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console.addFilter(lambda record: record.name.startswith("newsarchiver"))
    root.addHandler(console)


def run_crawl(
    seed: Seed,
    archive_dir: Path,
    *,
    proxy: str | None = None,
    progress: bool = True,
    overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl ``seed`` once into ``archive_dir`` (blocking) and return the summary."""
    from crawler.spiders.news import NewsSpider

    archive_dir = archive_dir.resolve()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_file = archive_dir / "logs" / f"{seed.name}-{stamp}.log"
    _setup_logging(log_file)
    settings = build_settings(
        seed, archive_dir, proxy=proxy, progress=progress, overrides=overrides
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    started = time.monotonic()
    process.crawl(crawler, seed=seed)
    process.start()
    seconds = time.monotonic() - started
    stats = crawler.stats.get_stats() if crawler.stats else {}
    disk_full = str(stats.get("finish_reason")) in (DISK_FULL_REASON, WRITE_ERROR_REASON)
    try:
        from archive.index.cdxj import update_archive_index

        update_archive_index(archive_dir)
    except Exception as exc:  # the WARCs are safe; `newsarchiver index` redoes this
        # After a full disk this fails too; the disk-full line already says what to do.
        log = logging.getLogger("newsarchiver.crawl" if not disk_full else __name__)
        log.warning("CDXJ index not updated: %s", exc)

    internal = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    if internal:
        logging.getLogger("newsarchiver.crawl").error(
            "%d internal errors while parsing pages; details in %s", internal, log_file
        )
    warc_dir = archive_dir / "warc"
    warc_files = stats.get("newsarchiver/warc_files")
    if warc_files is None:
        warc_files = len(list(warc_dir.glob("*.warc.gz"))) if warc_dir.exists() else 0
    return CrawlSummary(
        site=seed.name,
        archive_dir=archive_dir,
        pages=stats.get("response_received_count", 0),
        items=stats.get("item_scraped_count", 0),
        errors=stats.get("newsarchiver/errors", 0) + internal,
        skipped=stats.get("newsarchiver/skipped", 0),
        warc_files=warc_files,
        warc_bytes=stats.get("newsarchiver/warc_bytes", 0),
        seconds=seconds,
        items_file=stats.get("newsarchiver/items_file"),
        log_file=log_file,
        finish_reason=str(stats.get("finish_reason", "unknown")),
        not_modified=stats.get("newsarchiver/not_modified", 0),
        skipped_unchanged=stats.get("newsarchiver/skipped_unchanged", 0),
        disk_full_path=stats.get("newsarchiver/disk_full_path"),
        disk_full_error=stats.get("newsarchiver/disk_full_error"),
    )
