"""What one crawl did, for people (the summary block) and for programs (JSON, exit code).

The cron runner reads the JSON form (``CrawlSummary.to_json``), never the text: the text is
free to change for people, the JSON keys are the interface.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crawler.exit_codes import ExitCode

#: Scrapy finish reasons of a crawl stopped by ``crawler.extensions.disk_full``.
DISK_FULL_REASON = "disk_full"
WRITE_ERROR_REASON = "write_error"
#: Scrapy finish reason of a crawl stopped by the seed's ``[schedule] timeout``.
TIMEOUT_REASON = "closespider_timeout"
#: Scrapy finish reason of a crawl stopped by SIGINT / SIGTERM.
SHUTDOWN_REASON = "shutdown"
#: Stat prefixes: requests given up on purpose, by kind (``crawler.dropped``), and the
#: 429/503 answers of each host that rate-limited the crawl (``crawler.middlewares.retry_after``).
DROPPED_PREFIX = "newsarchiver/dropped/"
#: Tracking parameters (``archive.urls.strip_params``) removed from links before queueing.
TRACKING_STAT = "newsarchiver/tracking_params_stripped"
#: Session ids (``;jsessionid=``, ``?sid=`` ...) removed from links before queueing.
SESSION_STAT = "newsarchiver/session_ids_stripped"
#: Child sitemaps of sitemap indexes not read, by why (``crawler.spiders.listings``).
SITEMAPS_SKIPPED = "newsarchiver/sitemaps_skipped/"
#: Links (and page requisites) of a page past ``[links] max_links_per_page``, not read.
LINKS_NOT_READ_STAT = "newsarchiver/links_not_read"
#: Images of an article page past ``[links] max_images_per_page``, not read nor fetched.
IMAGES_NOT_READ_STAT = "newsarchiver/images_not_read"
RATE_LIMITED_PREFIX = "newsarchiver/rate_limited/"
#: Archive-by-day / calendar pages read and left out, by kind (``crawler.spiders.calendar``).
CALENDAR_PREFIX = "newsarchiver/calendar/"
#: Section pages fetched through a load-more endpoint (``crawler.spiders.load_more``).
LOAD_MORE_STAT = "newsarchiver/load_more_pages"


def counts_under(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """``{rest of the key: count}`` of the non-zero stats whose key starts with ``prefix``."""
    return {
        key.removeprefix(prefix): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix) and value
    }


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
    section_pages: int = 0  # section pages read (an HTML page answered 2xx)
    skipped_unchanged: int = 0  # archived articles not fetched (outside the window / recent)
    dropped: dict[str, int] = field(default_factory=dict)  # requests given up, by kind
    rate_limited: dict[str, int] = field(default_factory=dict)  # host -> 429/503 answers
    tracking_stripped: int = 0  # utm_*, fbclid, ref=rss ... removed from links before queueing
    sessions_stripped: int = 0  # ;jsessionid=, ?sid=, PHPSESSID ... removed likewise
    links_not_read: int = 0  # links of a page past [links] max_links_per_page
    images_not_read: int = 0  # images of a page past [links] max_images_per_page
    # archive-by-day pages: pages (read as listings), future_not_fetched,
    # empty_pages_not_followed, over_cap
    calendar: dict[str, int] = field(default_factory=dict)
    sitemaps_skipped: dict[str, int] = field(default_factory=dict)  # child sitemaps, by why
    load_more: int = 0  # section pages fetched through a load-more endpoint (HTML or JSON)
    disk_full_path: str | None = None  # the file a write failed on (finish reason disk_full)
    disk_full_error: str | None = None

    @classmethod
    def from_stats(
        cls, stats: dict[str, Any], *, site: str, archive_dir: Path, log_file: Path, **kw: Any
    ) -> CrawlSummary:
        """The summary of a finished crawl from its Scrapy stats (plus what stats lack)."""
        internal = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
        return cls(
            site=site,
            archive_dir=archive_dir,
            pages=stats.get("response_received_count", 0),
            items=stats.get("item_scraped_count", 0),
            errors=stats.get("newsarchiver/errors", 0) + internal,
            skipped=stats.get("newsarchiver/skipped", 0),
            warc_bytes=stats.get("newsarchiver/warc_bytes", 0),
            items_file=stats.get("newsarchiver/items_file"),
            log_file=log_file,
            finish_reason=str(stats.get("finish_reason", "unknown")),
            not_modified=stats.get("newsarchiver/not_modified", 0),
            section_pages=stats.get("newsarchiver/section_pages", 0),
            dropped=counts_under(stats, DROPPED_PREFIX),
            rate_limited=counts_under(stats, RATE_LIMITED_PREFIX),
            skipped_unchanged=stats.get("newsarchiver/skipped_unchanged", 0),
            tracking_stripped=stats.get(TRACKING_STAT, 0),
            sessions_stripped=stats.get(SESSION_STAT, 0),
            links_not_read=stats.get(LINKS_NOT_READ_STAT, 0),
            images_not_read=stats.get(IMAGES_NOT_READ_STAT, 0),
            calendar=counts_under(stats, CALENDAR_PREFIX),
            sitemaps_skipped=counts_under(stats, SITEMAPS_SKIPPED),
            load_more=stats.get(LOAD_MORE_STAT, 0),
            disk_full_path=stats.get("newsarchiver/disk_full_path"),
            disk_full_error=stats.get("newsarchiver/disk_full_error"),
            **kw,
        )

    @property
    def exit_code(self) -> ExitCode:
        if self.finish_reason in (DISK_FULL_REASON, WRITE_ERROR_REASON):
            return ExitCode.DISK_FULL
        # Not one section page or article read: the site is down or every section URL is
        # wrong (404, not HTML, ...), whatever robots.txt or the error pages answered. A
        # crawl stopped by a signal before that is interrupted, not a dead site: cron and
        # the scheduler must not report the site as down.
        read = self.section_pages + self.items + self.not_modified
        if read == 0 and self.finish_reason == "finished":
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
            f"dropped     {self._dropped_line()}",
            f"revisits    {self.not_modified} not modified (304), "
            f"{self.skipped_unchanged} archived articles skipped",
            f"warc        {self.warc_files} files, {self.warc_bytes:,} bytes in "
            f"{self.archive_dir / 'warc'}",
            f"time        {self.seconds:.1f} s ({self.finish_reason})",
            f"log         {self.log_file}",
        ]
        lines[4:4] = [
            f"rate-limited {host}: {answers} answers 429/503, retried after the pause asked for"
            for host, answers in self.rate_limited.items()
        ]
        counts = (
            (self.tracking_stripped, "tracking parameters"),
            (self.sessions_stripped, "session ids"),
        )
        stripped = [f"{n} {what}" for n, what in counts if n]
        links = []
        if stripped:
            links.append(
                f"{' and '.join(stripped)} stripped (utm_*, fbclid, ref=rss, ;jsessionid=, "
                "sid= ...): one fetch per story"
            )
        if self.links_not_read:
            links.append(f"{self.links_not_read} not read past [links] max_links_per_page")
        if self.images_not_read:
            links.append(f"{self.images_not_read} images not read past [links] max_images_per_page")
        if links:
            lines.insert(3, f"links       {'; '.join(links)}")
        if self.calendar:
            lines.insert(3, self._calendar_line())
        if self.load_more:
            lines.insert(
                3,
                f"load-more   {self.load_more} pages of older stories read from the sections' "
                "load-more endpoints",
            )
        if self.sitemaps_skipped:
            why = ", ".join(f"{n} {kind}" for kind, n in self.sitemaps_skipped.items())
            lines.insert(3, f"sitemaps    child sitemaps not read: {why}")
        return "\n".join(lines)

    def _calendar_line(self) -> str:
        """Archive-by-day pages read as listings, and those a forward-running calendar's
        budget left out (``crawler.spiders.calendar``)."""
        c = self.calendar
        return (
            f"calendar    {c.get('pages', 0)} archive-by-day pages read as listings; not "
            f"fetched: {c.get('future_not_fetched', 0)} future days, "
            f"{c.get('empty_pages_not_followed', 0)} empty days' links, "
            f"{c.get('over_cap', 0)} over the cap"
        )

    def _dropped_line(self) -> str:
        """Requests given up on purpose (redirect loops, refused addresses ...), by kind."""
        if not self.dropped:
            return "0 requests given up"
        kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in self.dropped.items())
        return f"{sum(self.dropped.values())} requests given up: {kinds} (see the WARNING lines)"

    def stop_message(self) -> str | None:
        """One line for the run log when the crawl was stopped early (disk, timeout, signal)."""
        if self.exit_code is ExitCode.DISK_FULL:
            what = self.disk_full_error or "cannot write"
            return f"{what} while writing {self.disk_full_path}: stopped after {self.pages} pages"
        if self.finish_reason == TIMEOUT_REASON:
            return f"stopped by the seed's timeout after {self.seconds:.0f} s, {self.pages} pages"
        if self.finish_reason == SHUTDOWN_REASON:
            return f"interrupted (SIGINT/SIGTERM) after {self.pages} pages"
        return None

    def run_log_figures(self) -> dict[str, int]:
        """The figures a run-log row keeps (``RunLog.finish``)."""
        return {"exit_code": int(self.exit_code), "pages": self.pages, "items": self.items,
                "errors": self.errors}  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The machine-readable summary (paths as strings, plus the exit code)."""
        data = asdict(self)
        data["archive_dir"] = str(self.archive_dir)
        data["log_file"] = str(self.log_file)
        data["exit_code"] = int(self.exit_code)
        return data
