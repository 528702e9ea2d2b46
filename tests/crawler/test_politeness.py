"""Politeness is decided once (``crawler.politeness``): a crawl in one process and a worker
on the frontier keep to the same per-host delay and limit, each through its own mechanism."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.addon import seed_settings
from crawler.distributed.worker import worker_overrides
from crawler.politeness import Politeness
from crawler.seed import load_seed
from tests.crawler.test_seed import GOOD, write

FETCH = "\n[fetch]\nconcurrency = 3\ndownload_delay = 2.5\n"


@pytest.mark.parametrize("text", [GOOD, GOOD + FETCH], ids=["defaults", "seed values"])
def test_a_worker_holds_on_the_frontier_the_delay_and_limit_a_single_crawl_uses(
    tmp_path: Path, text: str
) -> None:
    seed = load_seed(write(tmp_path, text))
    single = seed_settings(seed)
    worker = {**single, **worker_overrides(seed, "redis://127.0.0.1:1/0", "w1")}
    assert worker["NEWSARCHIVER_HOST_DELAY"] == single["DOWNLOAD_DELAY"] == seed.politeness().delay
    assert (
        worker["NEWSARCHIVER_HOST_CONCURRENCY"]
        == single["CONCURRENT_REQUESTS_PER_DOMAIN"]
        == seed.politeness().concurrency
    )
    # Per process, Scrapy's own delay and AutoThrottle are off: the frontier's rule is global.
    assert worker["DOWNLOAD_DELAY"] == 0 and worker["AUTOTHROTTLE_ENABLED"] is False
    assert single["AUTOTHROTTLE_ENABLED"] is seed.politeness().autothrottle is True


def test_scrapy_always_runs_at_least_its_default_number_of_requests_at_once() -> None:
    few = Politeness.for_site(["example.org"], concurrency=2)
    many = Politeness.for_site(["example.org"], concurrency=40)
    assert few.scrapy_settings()["CONCURRENT_REQUESTS"] == 16
    assert many.scrapy_settings()["CONCURRENT_REQUESTS"] == 40
