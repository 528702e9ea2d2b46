"""The seed -> Scrapy settings add-on: every way of starting a crawl behaves the same.

``scrapy crawl news -a seed=seeds/demo.toml -s NEWSARCHIVER_ARCHIVE_DIR=DIR`` and
``newsarchiver crawl seeds/demo.toml --archive DIR`` both end up here (``ADDONS`` in
``crawler/settings.py``), so both get the seed's user agent, robots rule, concurrency, delay,
proxy, recrawl rules and timeout, and both run as one :class:`crawler.run.CrawlRun`: the site's
lock, the preflight of the state stores, the run log, the CDXJ index and the JSON summary.

Why an add-on: Scrapy builds the spider (which loads the seed) before it applies add-ons and
freezes the settings, so ``update_settings`` sees the seed and can still change every setting.
Seed values go in at ``spider`` priority: above ``crawler/settings.py`` (``project``), below the
command line (``-s``, and the CLI's ``--proxy`` / ``--full``), which wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.run import CrawlRun, ExitCode, RunRefused

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from crawler.seed import Seed


def seed_settings(seed: Seed) -> dict[str, Any]:
    """The Scrapy settings one seed file stands for (only what the seed decides)."""
    fetch, recrawl = seed.fetch, seed.recrawl
    values: dict[str, Any] = {
        "NEWSARCHIVER_SEED": str(seed.path.resolve()),
        "NEWSARCHIVER_WARCINFO": {
            "isPartOf": seed.name,
            "description": f"newsarchiver crawl of seed {seed.name} ({seed.path.name})",
        },
        "ROBOTSTXT_OBEY": fetch.obey_robots,
        **seed.politeness().scrapy_settings(),
        "NEWSARCHIVER_REQUISITE_HOSTS": list(fetch.requisite_hosts),
        "NEWSARCHIVER_REQUISITE_MAX_HOSTS": fetch.max_requisite_hosts,
        "NEWSARCHIVER_RECRAWL_ENABLED": recrawl.enabled,
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": recrawl.window_days,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": recrawl.every_hours,
        "NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS": recrawl.old_every_seconds,
    }
    if fetch.proxy:
        values["NEWSARCHIVER_PROXY"] = fetch.proxy
    if fetch.extract_workers is not None:
        values["NEWSARCHIVER_EXTRACT_WORKERS"] = fetch.extract_workers
    if not seed.profile:
        values["NEWSARCHIVER_PROFILE"] = False
    if seed.timeout_seconds:
        # Scrapy closes the spider gracefully (WARC files closed, items flushed).
        values["CLOSESPIDER_TIMEOUT"] = seed.timeout_seconds
    if fetch.user_agent:
        values["USER_AGENT"] = fetch.user_agent
    return values


class SeedAddon:
    """Applies the crawled seed to the settings and starts the :class:`CrawlRun`."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run: CrawlRun | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedAddon:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        seed = getattr(self.crawler.spider, "seed", None)
        if seed is None:
            return  # not the news spider: nothing of ours to configure
        settings.setdict(seed_settings(seed), priority="spider")
        if not settings.get("NEWSARCHIVER_ARCHIVE_DIR"):
            raise RunRefused(
                ExitCode.CONFIG,
                "no archive folder: add -s NEWSARCHIVER_ARCHIVE_DIR=DIR "
                "(or use `newsarchiver crawl SEED --archive DIR`)",
            )
        if settings.getbool("NEWSARCHIVER_CRAWL_RUN"):
            self.run = CrawlRun.begin(self.crawler, seed, settings)


def crawl_run(crawler: Crawler) -> CrawlRun | None:
    """The :class:`CrawlRun` the add-on started for ``crawler`` (None: it did not start)."""
    for addon in crawler.addons.addons:
        if isinstance(addon, SeedAddon):
            return addon.run
    return None
