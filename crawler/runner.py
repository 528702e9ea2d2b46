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
    LOCKED = 3  # another crawl of this site is running (archive.site_lock)
    FAILED = 4  # the crawl ran to its end but fetched no page at all (site down, wrong URLs)


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

    @property
    def exit_code(self) -> ExitCode:
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
    }
    if fetch.user_agent:
        values["USER_AGENT"] = fetch.user_agent
    values.update(overrides or {})
    settings.setdict(values, priority="cmdline")
    return settings


def _setup_logging(log_file: Path) -> None:
    """Scrapy's log (INFO) to the file; newsarchiver's own messages also to stderr."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
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
    try:
        from archive.cdxj import update_archive_index

        update_archive_index(archive_dir)
    except Exception as exc:  # the WARCs are safe; `newsarchiver index` redoes this
        logging.getLogger("newsarchiver.crawl").warning("CDXJ index not updated: %s", exc)

    stats = crawler.stats.get_stats() if crawler.stats else {}
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
    )
