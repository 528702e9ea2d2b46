"""What starting a command costs: the function-local imports that keep heavy modules out.

Most imports sit at the top of their module (tests/test_layers.py checks where they point).
An import inside a function is kept only where this test shows why: ``newsarchiver --help``
(and every command's start, since the CLI builds all its commands) must not load the
extractor's libraries, matplotlib, the CDXJ indexer, the Redis spider glue, pyarrow or WACZ;
reading a seed needs no Scrapy, parsel or APScheduler; the extractor loads dateparser late.
Twisted's reactor is imported inside functions because importing it installs one (a crawl
installs the one it wants later), not for speed.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

#: Loaded only by the commands that use them (each is a second or more, cold, on this machine).
HEAVY = (
    "trafilatura",  # extraction (crawler.extract)
    "dateparser",  # text dates (crawler.extract.dates.text)
    "htmldate",  # the published-day fallback (crawler.extract.dates.fallback)
    "matplotlib",  # the report's plots
    "tldextract",  # CDXJ indexing (archive.index.cdxj, through surt)
    "feedparser",  # discovery, a crawl only
    "scrapy_redis",  # the distributed worker
    "pyarrow",  # Parquet export
    "wacz",  # WACZ packages
    "twisted.internet.reactor",  # importing it installs a reactor
)


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_the_cli_with_every_command_loads_no_heavy_module() -> None:
    loaded = _loaded_after("from crawler.cli import main\nassert main.commands")
    assert "crawler.cli.crawl" in loaded  # the commands really were built
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_reading_a_seed_loads_no_crawler_machinery() -> None:
    """``check-seed``, the cron runner and ``status`` read seeds without Scrapy, and load
    parsel (CSS selectors) and APScheduler (cron expressions) only to check those values
    (about 0.25 s and 0.1 s of the 0.5 s a seed costs)."""
    loaded = _loaded_after("from crawler.seed import load_seed")
    heavy = ("scrapy", "twisted", "parsel", "apscheduler", *HEAVY)
    assert sorted(m for m in heavy if m in loaded) == []


def test_the_extractor_loads_dateparser_only_for_a_date_in_words() -> None:
    """Most pages date themselves in markup or digits; dateparser (about 0.8 s) is loaded
    the first time a date is only written in words."""
    assert "dateparser" not in _loaded_after("import crawler.extract.article")
