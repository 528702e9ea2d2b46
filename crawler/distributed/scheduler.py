"""scrapy-redis' Scheduler and queue, with leases instead of destructive pops.

What scrapy-redis gives us and we keep: the scheduler's place in Scrapy (``SCHEDULER``), its
Redis connection from settings (``REDIS_URL``) and its request serialization
(``Request.to_dict`` + pickle, ``queue.Base``). What it lacks and this module adds:

* ``next_request`` *leases* (``Frontier.lease``): the request stays in Redis, pending, until
  acknowledged; a worker that dies leaves it to be re-queued with a retry count.
* Dedup happens in the push script against queued, leased and *acknowledged* requests, so a
  URL is marked done at ack time, not at enqueue time (scrapy-redis' RFPDupeFilter marks it
  seen when queued and loses it if the worker holding it dies).
* The ack: the leased request's callback and errback are wrapped (``AckAfter``); the ack is
  sent once the callback's output (items written, follow-up requests queued) is consumed, or
  the errback has run (the request finally failed). A retry or redirect of a leased request
  ends that lease in the same script that queues its successor.
* Global politeness: the lease script gives out a host's request only while fewer than the
  seed's concurrency are leased on that host by all workers together, and not before the
  host's next start time (the seed's delay, a Retry-After).
* The run ends when no request of the site is queued or leased anywhere, not when this
  worker's share is empty; or at the seed's ``[schedule] timeout`` counted from the run's
  start: the first worker past it drops what is queued or leased (``Frontier.time_out``) and
  every worker closes its share with Scrapy's ``closespider_timeout`` reason.
* Every frontier call waits while Redis is briefly away, and a Redis that came back without
  the frontier stops the crawl (``crawler.distributed.patient``).
* A request that failed because the shared database stayed away past the crawl's limit
  (``StoreUnreachable``, ``archive.stores.patience``) is not acknowledged: its lease goes
  back to the frontier when the crawl closes, and it is fetched again.
* Once the crawl could not write to the archive (a full disk: ``crawler.signals.write_failed``,
  which also stops it), nothing more is acknowledged: a request whose response, item or
  links could not be written failed for this worker's disk, not for good, so its lease goes
  back to the frontier with the rest when the crawl closes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import call_later
from scrapy.utils.request import fingerprint
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.acks import AckAfter, LeaseAck
from crawler.distributed.patient import FrontierWiped, crawl_frontier, wait_for_redis
from crawler.signals import write_failed
from crawler.spiders.paged import PAGED_META
from crawler.summary import TIMEOUT_REASON

logger = logging.getLogger(__name__)
console = logging.getLogger("newsarchiver.worker")

#: request.meta key holding the fingerprint of the lease a request came from.
LEASE_META = "newsarchiver_lease"
#: Scrapy finish reason of a worker crawl stopped because Redis went away.
REDIS_LOST_REASON = "redis_lost"
#: Crawl stat set when Redis came back without the frontier (``FrontierWiped``).
WIPED_STAT = "newsarchiver/frontier_wiped"
#: Scrapy's private engine attribute: seconds between two asks of an empty-handed scheduler.
HEARTBEAT_ATTRIBUTE = "_SLOT_HEARTBEAT_INTERVAL"


def request_fingerprint(request: Request) -> str:
    """The frontier's key of a request. A later page fetched for its multi-page article
    (``crawler.spiders.paged``) is keyed with the article too: the same URL queued or done
    alone before (a sitemap listing that page) must not drop the article's own request,
    which carries the article's item."""
    paged = request.meta.get(PAGED_META)
    if paged is not None:
        return hashlib.sha1(fingerprint(request) + paged.urls[0].encode()).hexdigest()
    return fingerprint(request).hex()


def _unwrapped(request: Request) -> Request:
    """The request with its own callback and errback again (wrappers do not serialize)."""
    cb, eb = request.callback, request.errback
    if isinstance(cb, AckAfter) or isinstance(eb, AckAfter):
        return request.replace(
            callback=cb.original if isinstance(cb, AckAfter) else cb,
            errback=eb.original if isinstance(eb, AckAfter) else eb,
        )
    return request


class LeaseQueue(Base):
    """One site's share of the frontier, as scrapy-redis' queue interface."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None):
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.frontier = crawl_frontier(spider.crawler, server)
        self.site = getattr(spider, "site_name", spider.name)
        # The lease holder: this process, not just its id (see crawler.distributed.lua).
        self.worker = (
            f"{settings.get('NEWSARCHIVER_WORKER_ID')}@{settings.get('NEWSARCHIVER_WORKER_TOKEN')}"
        )

        self.host_limit = settings.getint("NEWSARCHIVER_HOST_CONCURRENCY")
        self.delay_ms = int(settings.getfloat("NEWSARCHIVER_HOST_DELAY") * 1000)
        self.lease_ms = int(settings.getfloat("NEWSARCHIVER_LEASE_SECONDS") * 1000)
        self.max_retries = settings.getint("NEWSARCHIVER_LEASE_RETRIES")

    def encode(self, request: Request) -> bytes:
        # The URL first, so the Lua scripts can name a request without unpickling it.
        return request.url.encode() + b"\n" + self._encode_request(request)

    def push(self, request: Request) -> int:
        request = _unwrapped(request)
        fp = request_fingerprint(request)
        host = urlsplit(request.url).hostname or ""
        parent = request.meta.pop(LEASE_META, "")
        return self.frontier.push(
            self.site, fp, host, request.priority, self.encode(request), parent
        )

    def pop(self, timeout: int = 0) -> tuple[str, Request] | None:
        got = self.frontier.lease(
            self.site, self.worker, self.host_limit, self.delay_ms, self.lease_ms,
            self.max_retries,
        )  # fmt: skip
        if isinstance(got, float):
            return None
        fp, data = got
        return fp, self._decode_request(data.split(b"\n", 1)[1])

    def remaining(self) -> tuple[int, int]:
        return self.frontier.remaining(self.site, self.lease_ms, self.max_retries)

    def __len__(self) -> int:
        return sum(self.remaining())


class LeaseScheduler(Scheduler):
    """``SCHEDULER`` of a worker crawl (set by ``crawler.distributed.worker``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseScheduler:
        wait_for_redis(crawler)
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        instance.lost = False
        instance.timed_out = False
        instance.deadline = None
        instance._deadline_timer = None
        instance.write_failed = False
        instance.acks = {}  # fingerprint -> its _Ack, until sent
        crawler.signals.connect(instance._write_failed, signal=write_failed)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(instance._item_done, signal=signal)
        return instance

    def _item_done(self, response: Any = None, **kwargs: Any) -> None:
        """An item left the pipelines (written, dropped or failed): its request's ack may go."""
        request = getattr(response, "request", None)  # a Failure carries it too (errbacks)
        fp = request.meta.get(LEASE_META) if request is not None else None
        ack = self.acks.get(fp) if fp is not None else None
        if ack is not None:
            ack.item_done()

    def _write_failed(self, **kwargs: Any) -> None:
        self.write_failed = True

    def open(self, spider: Spider) -> None:
        super().open(spider)  # builds DUPEFILTER_CLASS: NoDupeFilter (the worker's settings)
        self._poll_engine(self.crawler.settings.getfloat("NEWSARCHIVER_FRONTIER_POLL"))
        frontier, site = self.queue.frontier, self.queue.site
        deadline_ms = frontier.deadline_ms(site)
        if deadline_ms is not None:  # on this machine's clock, from Redis' at the run's start
            self.deadline = time.time() + (deadline_ms / 1000 - frontier.now())
            # The checks below run only when the engine asks the scheduler something; with
            # every download slot busy (requests hanging at a slow host) it asks nothing.
            self._deadline_timer = call_later(
                max(0.0, self.deadline - time.time()), self._deadline_reached
            )

    def _poll_engine(self, seconds: float) -> None:
        """Have the engine ask this scheduler again every ``seconds``.

        Scrapy asks a scheduler that has pending requests but returned none again only on
        its slot heartbeat, every ``ExecutionEngine._SLOT_HEARTBEAT_INTERVAL`` (5 s; private,
        no setting). Leases held by other workers and host delays make that the common case
        here. The attribute is set on this crawl's engine; a Scrapy without it is said in the
        log (workers then wait 5 s), and ``tests/crawler/distributed/test_scheduler.py``
        fails on it first.
        """
        engine = self.crawler.engine
        if not hasattr(engine, HEARTBEAT_ATTRIBUTE):
            logger.warning("Scrapy's engine has no %s: polling every 5 s", HEARTBEAT_ATTRIBUTE)
            return
        setattr(engine, HEARTBEAT_ATTRIBUTE, seconds)

    def _deadline_reached(self) -> None:
        """The timer: the deadline is now. An event loop may run a timer a hair before its
        time (its clock's resolution), and ``_past_deadline`` must not read that as "not
        yet": no other check may come while every download slot is busy."""
        self.deadline = min(self.deadline, time.time())
        self._past_deadline()

    def _past_deadline(self) -> bool:
        """True once the run's timeout has passed (the first time: stop the run)."""
        if self.timed_out:
            return True
        if self.deadline is None or time.time() < self.deadline:
            return False
        self.timed_out = True
        try:
            dropped = self.queue.frontier.time_out(self.queue.site)
        except redis.RedisError as exc:
            self._redis_lost(exc)
            return True
        logger.info("the run's timeout has passed: %d requests dropped, closing", dropped)
        self.crawler.engine.close_spider(self.spider, TIMEOUT_REASON)
        return True

    def _redis_lost(self, exc: Exception) -> None:
        if not self.lost:
            self.lost = True
            # The worker says so on the console (one line); this goes to the crawl log.
            logger.error("Redis connection lost (%s): stopping this crawl", exc)
            self.crawler.stats.set_value("newsarchiver/redis_lost", str(exc))
            if isinstance(exc, FrontierWiped):
                self.crawler.stats.set_value(WIPED_STAT, str(exc))
            self.crawler.engine.close_spider(self.spider, REDIS_LOST_REASON)

    def enqueue_request(self, request: Request) -> bool:
        if self.lost or self._past_deadline():
            self.stats.inc_value("newsarchiver/frontier/not_queued")
            return False
        try:
            result = self.queue.push(request)
        except redis.RedisError as exc:
            self.stats.inc_value("newsarchiver/frontier/not_queued")
            self._redis_lost(exc)
            return False
        key = {0: "duplicates", 1: "queued", 2: "retried"}[result]
        self.stats.inc_value(f"newsarchiver/frontier/{key}")
        return result != 0

    def next_request(self) -> Request | None:
        if self.lost or self._past_deadline():
            return None
        try:
            got = self.queue.pop()
        except redis.RedisError as exc:
            self._redis_lost(exc)
            return None
        if got is None:
            return None
        fp, request = got
        self.stats.inc_value("newsarchiver/frontier/leased")
        request.meta[LEASE_META] = fp
        ack = self.acks[fp] = LeaseAck(self, fp)
        request.callback = AckAfter(request.callback or self.spider.parse, ack)
        request.errback = AckAfter(request.errback, ack)
        return request

    def ack(self, fp: str) -> None:
        if self.lost:
            return
        if self.write_failed:  # its lease goes back to the frontier at close
            self.stats.inc_value("newsarchiver/frontier/not_acked_after_write_failure")
            return
        try:
            ok = self.queue.frontier.ack(self.queue.site, fp, self.queue.worker)
        except redis.RedisError as exc:
            self._redis_lost(exc)
            return
        self.stats.inc_value("newsarchiver/frontier/" + ("acked" if ok else "late_acks"))

    def has_pending_requests(self) -> bool:
        if self.lost or self._past_deadline():
            return False
        try:
            return self.queue.remaining() != (0, 0)
        except redis.RedisError as exc:
            self._redis_lost(exc)
            return False

    def close(self, reason: str) -> None:
        if self._deadline_timer is not None:
            self._deadline_timer.cancel()
        if self.lost:
            return
        queue = self.queue
        try:
            if self.timed_out:  # what another worker queued since is dropped too
                queue.frontier.time_out(queue.site)
            released = queue.frontier.release(queue.site, queue.worker)
            queue.frontier.finish_run(queue.site, queue.lease_ms, queue.max_retries)
        except redis.RedisError as exc:
            logger.error("Redis connection lost while closing (%s)", exc)
            return
        if released:
            self.stats.set_value("newsarchiver/frontier/released", released)


class NoDupeFilter:
    """``DUPEFILTER_CLASS`` of a worker crawl: scrapy-redis' scheduler insists on a dupefilter,
    but ours is the push script (a URL is done when its lease is acknowledged), so this one
    lets everything through. scrapy-redis builds it with :meth:`from_spider` in ``open``."""

    @classmethod
    def from_spider(cls, spider: Spider) -> NoDupeFilter:
        return cls()

    def request_seen(self, request: Request) -> bool:
        return False

    def clear(self) -> None:
        pass

    def close(self, reason: str = "") -> None:
        pass

    def log(self, request: Request, spider: Spider) -> None:
        pass
