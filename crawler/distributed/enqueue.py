"""``newsarchiver crawl SEED --redis URL``: put a run of the site on the shared frontier.

Nothing is fetched here. The seed's own start requests (``NewsSpider.start``, so a crawl
starts the same way on one machine or many) are serialized exactly as a worker's scheduler
would, together with the seed's text and the run's options, so workers need no seed files.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from crawler.distributed.frontier import Frontier, Run, connect
from crawler.distributed.scheduler import LeaseQueue
from crawler.distributed.worker import run_settings
from crawler.seed import Seed
from crawler.spiders.news import NewsSpider


@dataclass
class Enqueued:
    started: bool  # False: the site's previous run is still on the frontier
    queued: int = 0
    remaining: tuple[int, int] = (0, 0)


async def _start_requests(spider: NewsSpider) -> list[Any]:
    return [request async for request in spider.start()]


_USERINFO = re.compile(r"(?<=://)[^/@\s\"']+@")


def without_credentials(text: str) -> str:
    """``text`` (a proxy URL, a seed file) without any ``user:password@`` of a URL in it.

    The frontier is shared by every worker and readable by anyone who reaches Redis: a proxy
    password sat there in clear text after ``crawl --redis``. Workers that need one give
    it themselves (``worker --set NEWSARCHIVER_PROXY=http://user:password@host:port``)."""
    return _USERINFO.sub("", text)


def enqueue_run(
    seed: Seed, redis_url: str, *, proxy: str | None = None, overrides: dict[str, Any] | None = None
) -> Enqueued:
    """Start a run of ``seed`` on the frontier at ``redis_url`` (FrontierError if unreachable)."""
    client = connect(redis_url)
    frontier = Frontier(client)
    run = Run(
        site=seed.name,
        seed_toml=without_credentials(seed.path.read_text(encoding="utf-8")),
        seed_path=str(seed.path),
        proxy=without_credentials(proxy) if proxy else None,
        overrides=dict(overrides or {}),
        timeout=seed.timeout_seconds,
    )
    # The start requests are built by a spider that archives nothing: its archive folder is
    # a scratch one (the seed's own folder got a state/ of SQLite files next to the seed).
    with tempfile.TemporaryDirectory(prefix="newsarchiver-enqueue-") as scratch:
        settings = run_settings(run, seed, Path(scratch), redis_url, "enqueue")
        lease_ms = int(settings.getfloat("NEWSARCHIVER_LEASE_SECONDS") * 1000)
        retries = settings.getint("NEWSARCHIVER_LEASE_RETRIES")
        if not frontier.start_run(run, lease_ms, retries):
            return Enqueued(False, remaining=frontier.remaining(seed.name, lease_ms, retries))
        crawler = Crawler(NewsSpider, settings)
        spider = NewsSpider.from_crawler(crawler, seed=seed)
        queue = LeaseQueue(client, spider, "unused")
        queued = sum(queue.push(r) == 1 for r in asyncio.run(_start_requests(spider)))
    frontier.activate(seed.name)
    return Enqueued(True, queued=queued)
