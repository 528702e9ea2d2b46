"""The lease scheduler's wiring into Scrapy: the dupefilter the worker's settings name is the
one the scheduler uses, and the engine asks it again every NEWSARCHIVER_FRONTIER_POLL seconds
(through Scrapy's private heartbeat attribute, which this test watches for a rename)."""

from __future__ import annotations

import inspect
from pathlib import Path

from scrapy.core.engine import ExecutionEngine
from scrapy.utils.test import get_crawler

from crawler.distributed.frontier import Run
from crawler.distributed.scheduler import HEARTBEAT_ATTRIBUTE, LeaseScheduler, NoDupeFilter
from crawler.distributed.worker import WorkerSpider, run_settings
from crawler.seed import load_seed
from tests.conftest import ROOT


def test_the_scheduler_uses_the_dupefilter_named_and_polls_the_engine(tmp_path: Path, redis_server):
    seed = load_seed(ROOT / "seeds" / "demo.toml")
    run = Run(site="demo", seed_toml="", seed_path=str(seed.path), proxy=None, overrides={})
    settings = run_settings(run, seed, tmp_path, redis_server.url, "w1")
    assert settings["DUPEFILTER_CLASS"] == "crawler.distributed.scheduler.NoDupeFilter"
    # No reactor: this test only opens the scheduler, it crawls nothing.
    crawler = get_crawler(
        WorkerSpider, {**settings.copy_to_dict(), "TWISTED_REACTOR_ENABLED": False}
    )
    crawler.spider = WorkerSpider.from_crawler(crawler, seed=seed)
    crawler.engine = ExecutionEngine(crawler, lambda _: None)
    scheduler = LeaseScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    assert isinstance(scheduler.df, NoDupeFilter)
    assert getattr(crawler.engine, HEARTBEAT_ATTRIBUTE) == settings.getfloat(
        "NEWSARCHIVER_FRONTIER_POLL"
    )
    assert getattr(ExecutionEngine, HEARTBEAT_ATTRIBUTE) == 5.0  # Scrapy's own, untouched
    scheduler.close("finished")


def test_scrapy_still_reads_the_heartbeat_attribute() -> None:
    """If Scrapy renames it, setting it does nothing and workers wait 5 s per empty ask."""
    source = inspect.getsource(ExecutionEngine)
    assert f"heartbeat.start(self.{HEARTBEAT_ATTRIBUTE})" in source
