"""How a worker ends when what it shares is lost: Redis (``REDIS_LOST``, exit 6) or the
shared database (``STORE_LOST``, exit 7).

Why its own module: the worker (``crawler.distributed.worker``) polls the frontier and runs
the crawls; what an outage means for it is decided here, in one place. A brief outage
is waited out by the link to Redis (``crawler.distributed.patient``) and by the stores
(``archive.stores.patience``), and the worker's :class:`Heartbeat` beats through it. Past
the limit, or on a Redis that came back without the frontier, the worker says so in one
line (once per cause) and stops every crawl: their WARC files and item logs close, and
what was not done stays on the frontier.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import redis

from crawler.crawl_stores import STORE_LOST_REASON
from crawler.distributed.frontier import Frontier
from crawler.distributed.patient import FrontierWiped
from crawler.distributed.scheduler import REDIS_LOST_REASON, WIPED_STAT
from crawler.exit_codes import ExitCode

console = logging.getLogger("newsarchiver.worker")


class Heartbeat(threading.Thread):
    """Renews the worker's key from a thread of its own, so a reactor busy extracting a
    large page does not make the worker look dead (its leases would be re-queued)."""

    def __init__(self, frontier: Frontier, worker: str, token: str, ttl: float) -> None:
        super().__init__(name="newsarchiver-heartbeat", daemon=True)
        self.frontier, self.worker, self.token, self.ttl = frontier, worker, token, ttl
        self.stopping = threading.Event()
        self.taken = False
        self.lost: Exception | None = None

    def run(self) -> None:
        while not self.stopping.wait(self.ttl / 5):
            try:
                if not self.frontier.heartbeat(self.worker, self.token, self.ttl):
                    self.taken = True
                    return
            except FrontierWiped as exc:
                self.lost = exc
                return
            except redis.RedisError:
                # Redis is away: the poll loop waits for it (or gives up); the key is renewed
                # at the first beat that reaches it, and the frontier does not take a key
                # that expired while Redis was down for this worker's death.
                continue


class Outages:
    """The worker's answer to a lost Redis or database: one line, then ``stop(code)``."""

    def __init__(self, stop: Callable[[ExitCode], None], code: Callable[[], ExitCode]) -> None:
        """``stop``: the worker's stop; ``code``: the exit code it has so far (a cause
        already said is not said again)."""
        self.stop = stop
        self.code = code
        #: Why the frontier is lost (Redis came back without it), once a crawl or the poll
        #: loop met that: the runs this worker had shares in are finished as interrupted.
        self.wiped: str | None = None

    def redis_lost(self, why: object, wiped: bool = False) -> None:
        """One line, then every crawl of this worker closes (WARC files, item logs)."""
        if wiped or isinstance(why, FrontierWiped):
            self.wiped = self.wiped or str(why)
        if self.code() != ExitCode.REDIS_LOST:
            if self.wiped is not None:
                console.error(
                    "%s: stopping. What was archived stays (WARC files, item logs); queue the "
                    "runs again (crawl --redis), and give Redis an append-only file so that a "
                    "restart keeps the frontier",
                    why,
                )
            else:
                console.error("Redis connection lost (%s): stopping; restart to resume", why)
        self.stop(ExitCode.REDIS_LOST)

    def store_lost(self, why: object) -> None:
        """The shared database stayed away past the limit: this share closed (its unfinished
        requests went back to the frontier); every other crawl of this worker closes too."""
        if self.code() != ExitCode.STORE_LOST:
            console.error("the shared database is unreachable (%s): stopping; restart the "
                          "worker when it is back", why)  # fmt: skip
        self.stop(ExitCode.STORE_LOST)

    def share_closed(self, stats: dict[str, Any]) -> bool:
        """A crawl of the worker closed with ``stats``: stop the worker if an outage closed
        it. True when Redis was lost (the share cannot record itself on the frontier)."""
        reason = stats.get("finish_reason")
        if reason == REDIS_LOST_REASON:
            self.redis_lost(stats.get("newsarchiver/redis_lost"), wiped=WIPED_STAT in stats)
            return True
        if reason == STORE_LOST_REASON:
            self.store_lost(stats.get("newsarchiver/store_lost"))
        return False
