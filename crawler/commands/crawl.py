"""``scrapy crawl news``: the same exit codes and one-line errors as ``newsarchiver crawl``.

Why: Scrapy's own command exits 0 for a crawl that read nothing (site dead) or was stopped
by SIGINT, and shows a traceback for a bad seed or a missing ``-a seed=``. Cron jobs and
scripts written against either command must read the same outcome, so this project command
(``COMMANDS_MODULE`` in ``crawler/settings.py``; a project command overrides Scrapy's of the
same name) checks the seed first, as ``newsarchiver crawl`` does, and exits with the crawl's
own exit code (``crawler.run.CrawlRun``'s summary). Other spiders run as in Scrapy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.addon import crawl_run
from crawler.exit_codes import ExitCode, fail
from crawler.seed import SeedError, load_seed

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler


class Command(ScrapyCrawl):
    """Scrapy's ``crawl`` with newsarchiver's seed check and exit codes for ``news``."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or args[0] != "news":
            super().run(args, opts)
            return

        assert self.settings is not None
        seed = opts.spargs.get("seed") or self.settings.get("NEWSARCHIVER_SEED")
        if not seed:
            fail("no seed given: use `-a seed=seeds/NAME.toml`")
        try:
            opts.spargs["seed"] = load_seed(seed)
        except SeedError as exc:
            fail(str(exc))
        assert self.crawler_process is not None
        crawler = self._create_crawler("news")
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        self.exitcode = _exit_code(crawler) if not self.crawler_process.bootstrap_failed else 1


def _exit_code(crawler: Crawler) -> int:
    run = crawl_run(crawler)
    if run is None or run.summary is None:
        return int(ExitCode.CONFIG)  # refused before it started: its error: line said why
    return int(run.summary.exit_code)
