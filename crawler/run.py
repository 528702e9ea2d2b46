"""One crawl of one site, in one place: lock, preflight, run log, index, summary.

:class:`CrawlRun` is started by the add-on (``crawler.addon``) inside Scrapy, so a crawl started
with ``scrapy crawl news -a seed=...`` holds the same lock, writes the same run-log row, updates
the same CDXJ index and leaves the same JSON summary as ``newsarchiver crawl`` or a crawl the
cron runner starts. The crawl itself always writes its own run-log row; the cron runner only
records what a crawl could not (a skipped run, one that was killed or never got going).

Starting a crawl in this process (the CLI's side) is :mod:`crawler.process`, above the add-on.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals

from archive.layout import ArchiveLayout, code_folder_problem, file_stamp
from archive.stores import StoreError, check_stores
from archive.stores.base import ArchiveUnwritable, unwritable_reason
from archive.stores.locks import SiteLock, SiteLocked
from crawler.crawl_log import FirstProblems, file_log_handler, redact_handlers
from crawler.exit_codes import say_error
from crawler.run_recorder import RunRecorder, write_json
from crawler.summary import (
    DISK_FULL_REASON,
    WRITE_ERROR_REASON,
    CrawlSummary,
    ExitCode,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from archive.stores.locks import SiteLock
    from crawler.seed import Seed

#: newsarchiver's console logger: one line per problem (the CLI shows WARNING and up).
console = logging.getLogger("newsarchiver.crawl")
logger = logging.getLogger(__name__)

#: Settings the summary records, so two crawls can be compared (politeness, recrawl, WARC).
SUMMARY_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "CLOSESPIDER_TIMEOUT",
    "NEWSARCHIVER_SEED",
    "NEWSARCHIVER_PROXY",
    "NEWSARCHIVER_WARCINFO",
    "NEWSARCHIVER_WARC_PREFIX",
    "NEWSARCHIVER_WARC_MAX_SIZE",
    "NEWSARCHIVER_WARC_DEDUP",
    "NEWSARCHIVER_RECRAWL_ENABLED",
    "NEWSARCHIVER_RECRAWL_WINDOW_DAYS",
    "NEWSARCHIVER_RECRAWL_EVERY_HOURS",
    "NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS",
    "NEWSARCHIVER_RECRAWL_NOW",
)

__all__ = ["CrawlRun", "CrawlSummary", "ExitCode", "RunRefused", "write_json"]


class RunRefused(SystemExit):
    """The crawl must not start (no archive folder, site locked, damaged store).

    A ``SystemExit``: raised while Scrapy applies the add-ons it ends ``scrapy crawl`` and
    ``newsarchiver crawl`` alike, with one ``error:`` line and the documented exit code,
    before any component has opened a file.
    """

    def __init__(self, code: ExitCode, message: str) -> None:
        say_error(message)
        super().__init__(int(code))
        self.exit_code = code
        self.message = message


class CrawlRun:
    """One crawl's bookkeeping, the local driver of :class:`RunRecorder` (one process,
    holding the site's lock); see the module docstring. Built by :meth:`begin`."""

    def __init__(self, crawler: Crawler, seed: Seed, layout: ArchiveLayout, lock: SiteLock):
        self.crawler = crawler
        self.seed = seed
        self.layout = layout
        self.lock = lock
        self.stamp = file_stamp()
        self.recorder = RunRecorder(layout, seed.name, str(seed.path), console=console)
        self.started = time.monotonic()
        self.summary: CrawlSummary | None = None
        self.problems = FirstProblems()
        self.log_copy: logging.Handler | None = None
        settings = crawler.settings
        self.log_file = Path(settings.get("LOG_FILE") or layout.crawl_log(seed.name, self.stamp))
        self.summary_path = Path(
            settings.get("NEWSARCHIVER_SUMMARY_JSON")
            or layout.run_summary(seed.name, self.stamp, os.getpid())
        )

    @classmethod
    def begin(cls, crawler: Crawler, seed: Seed, settings: Settings) -> CrawlRun:
        """Take the site's lock and check the stores, or refuse; then open the run-log row."""

        layout = ArchiveLayout(Path(settings["NEWSARCHIVER_ARCHIVE_DIR"]).resolve())
        problem = code_folder_problem(layout.root)
        if problem is not None:  # `scrapy crawl -s NEWSARCHIVER_ARCHIVE_DIR=archive`
            raise RunRefused(ExitCode.CONFIG, problem)
        refuse_unwritable(layout.root)
        lock = SiteLock(layout.root, seed.name)
        try:
            lock.acquire()
        except SiteLocked as exc:
            raise RunRefused(ExitCode.LOCKED, str(exc)) from None
        except OSError as exc:
            refuse_unwritable(layout.root)  # the disk filled up since, or became read-only
            raise RunRefused(
                ExitCode.CONFIG, f"cannot use archive folder {layout.root}: {exc.strerror or exc}"
            ) from None
        try:
            _preflight(layout)
        except RunRefused:
            lock.release()
            raise
        run = cls(crawler, seed, layout, lock)
        if not settings.get("LOG_FILE"):
            # `scrapy crawl`: Scrapy keeps logging to stderr, the archive gets its copy too.
            run.log_copy = file_log_handler(run.log_file)
            logging.getLogger().addHandler(run.log_copy)
            # Scrapy's stderr redacted now and again once Scrapy has installed its root
            # handler anew (after the add-ons ran), before the first request.
            redact_handlers(logging.getLogger())
            crawler.signals.connect(run.redact_console, signal=signals.spider_opened)
        run._open_row()
        logging.getLogger("newsarchiver").addHandler(run.problems)
        crawler.signals.connect(run.engine_started, signal=signals.engine_started)
        crawler.signals.connect(run.engine_stopped, signal=signals.engine_stopped)
        return run

    @property
    def run_id(self) -> int | None:
        return self.recorder.run_id

    def _open_row(self) -> None:
        # This crawl holds the site's lock: a row of the site still "running" is a crawl
        # killed before it could finish it (kill -9, out of memory); the recorder marks it.
        # A run log that cannot be written (full disk) is reported at the end.
        self.recorder.open(pid=os.getpid())
        self._write_summary({"state": "running"})

    def redact_console(self) -> None:
        redact_handlers(logging.getLogger())

    def engine_started(self) -> None:
        self.started = time.monotonic()

    def engine_stopped(self) -> None:
        """The crawl is over (WARC files closed): index, summary, run log, unlock."""
        try:
            self.summary = self._summarize()
            outcome, message = self._record(self.summary)
            self._write_summary(
                {"state": "finished", "outcome": outcome, "message": message}
                | self.summary.to_json()
            )
            logger.info("crawl summary:\n%s", self.summary.format())
        finally:
            logging.getLogger("newsarchiver").removeHandler(self.problems)
            if self.log_copy is not None:
                logging.getLogger().removeHandler(self.log_copy)
                self.log_copy.close()
            self.lock.release()

    def _summarize(self) -> CrawlSummary:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        seconds = time.monotonic() - self.started
        disk_full = str(stats.get("finish_reason")) in (DISK_FULL_REASON, WRITE_ERROR_REASON)
        # After a full disk this fails too; the disk-full line already says what to do.
        self.recorder.update_index(quiet=disk_full)
        internal = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
        if internal:
            console.error(
                "%d internal errors while parsing pages; details in %s", internal, self.log_file
            )
        warc_files = stats.get("newsarchiver/warc_files")
        if warc_files is None:
            warc_files = len(self.layout.warc_files())
        return CrawlSummary.from_stats(
            stats,
            site=self.seed.name,
            archive_dir=self.layout.root,
            log_file=self.log_file,
            warc_files=warc_files,
            seconds=seconds,
        )

    def _record(self, summary: CrawlSummary) -> tuple[str, str | None]:
        """Finish the run-log row; returns the outcome word and the line explaining it."""
        outcome, message = self.recorder.finish(summary, explain=self.problems.message())
        problem = self.recorder.problem
        if problem is not None and summary.exit_code != ExitCode.DISK_FULL:
            console.warning("run not recorded in the run log: %s", problem)
        return outcome, message

    def _write_summary(self, data: dict[str, Any]) -> None:
        settings = self.crawler.settings
        head = {
            "site": self.seed.name,
            "seed": str(self.seed.path),
            "pid": os.getpid(),
            "log_file": str(self.log_file),
            "settings": {name: _plain(settings.get(name)) for name in SUMMARY_SETTINGS},
        }
        self.recorder.write_summary(self.summary_path, head | data)


def _plain(value: Any) -> Any:
    """A setting's value as JSON can hold it (Scrapy keeps dict settings as BaseSettings),
    with any credentials in a URL (a proxy's ``user:password@``) left out."""
    if hasattr(value, "copy_to_dict"):
        return value.copy_to_dict()
    if isinstance(value, str) and "@" in value and "://" in value:
        parts = urlsplit(value)
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return value


def _preflight(layout: ArchiveLayout) -> None:
    """A damaged store of any kind (URL state, items, digests, run log) stops the crawl
    before anything is fetched: one line, exit code 2, the file left as it is. A store that
    cannot be written (full disk, read-only archive) is exit code 5, as mid-crawl."""

    try:
        check_stores(layout.root)
    except ArchiveUnwritable as exc:
        raise RunRefused(ExitCode.DISK_FULL, str(exc)) from None
    except StoreError as exc:
        raise RunRefused(ExitCode.CONFIG, str(exc)) from None


def refuse_unwritable(archive_dir: Path) -> None:
    """A crawl into a full disk or a read-only archive does not start: one line, exit code 5
    (the archive could not be written, as when the disk fills up mid-crawl)."""

    reason = unwritable_reason(archive_dir)
    if reason is not None:
        raise RunRefused(ExitCode.DISK_FULL, f"cannot crawl: {reason}")
