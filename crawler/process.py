"""One crawl in this process, as the CLI and the distributed worker start it.

Why a module of its own: :func:`run_crawl` builds a Scrapy process with the news spider and
reads the :class:`~crawler.run.CrawlRun` the add-on (``crawler.addon``) started, so it sits
above both; ``crawler.run`` itself, which the add-on imports, knows neither. Scrapy's log goes
to ``<archive>/logs/``, only newsarchiver's one-line messages to the console
(``crawler.crawl_log``); one crawl per process (Twisted's reactor cannot restart).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from archive.layout import ArchiveLayout, file_stamp
from crawler.addon import crawl_run
from crawler.crawl_log import setup_logging
from crawler.run import RunRefused, refuse_unwritable
from crawler.seed import Seed
from crawler.spiders.news import NewsSpider
from crawler.summary import CrawlSummary, ExitCode


def crawl_settings(
    seed: Seed,
    archive_dir: Path,
    *,
    proxy: str | None = None,
    progress: bool = True,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The project's settings plus the command line's (the add-on adds the seed's)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    values: dict[str, Any] = {
        "LOG_INSTALL_ROOT_HANDLER": False,  # run_crawl sends the log to a file itself
        "NEWSARCHIVER_ARCHIVE_DIR": str(archive_dir),
        "NEWSARCHIVER_PROGRESS": progress,
    }
    if proxy:
        values["NEWSARCHIVER_PROXY"] = proxy
    values.update(overrides or {})
    settings.setdict(values, priority="cmdline")
    return settings


def run_crawl(
    seed: Seed,
    archive_dir: Path,
    *,
    proxy: str | None = None,
    progress: bool = True,
    overrides: dict[str, Any] | None = None,
    summary_json: Path | None = None,
) -> CrawlSummary:
    """Crawl ``seed`` once into ``archive_dir`` (blocking) and return the summary.

    Raises :class:`RunRefused` (after its one line) when the crawl must not start.
    """
    layout = ArchiveLayout(Path(archive_dir).resolve())
    refuse_unwritable(layout.root)
    log_file = layout.crawl_log(seed.name, file_stamp())
    setup_logging(log_file)
    extra: dict[str, Any] = {"LOG_FILE": str(log_file)}
    if summary_json is not None:
        extra["NEWSARCHIVER_SUMMARY_JSON"] = str(summary_json)
    settings = crawl_settings(
        seed,
        layout.root,
        proxy=proxy,
        progress=progress,
        overrides={**extra, **(overrides or {})},
    )
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, seed=seed)
    process.start()
    run = crawl_run(crawler)
    if run is None or run.summary is None:
        raise RunRefused(ExitCode.CONFIG, f"the crawl of {seed.name} did not start; see {log_file}")
    return run.summary
