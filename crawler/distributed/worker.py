"""``newsarchiver worker``: one process that crawls, for any site, what the frontier hands it.

A worker runs one Scrapy crawler per site with an active run on the frontier, all in one
reactor, each with the settings that site's seed gives (``crawler.addon``)
plus the frontier's scheduler. It polls Redis for runs started later and renews its
heartbeat key; other workers re-queue its leases when that key expires (it was killed).
Redis briefly away pauses it (``crawler.distributed.patient``); away too long, or back
without the frontier, ends it (``crawler.distributed.outages``).
Each worker writes its own WARC and item files (its id is in their names).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.ossignal import install_shutdown_handlers
from scrapy.utils.reactor import install_reactor
from twisted.internet.defer import DeferredList

from archive.layout import ArchiveLayout, file_stamp
from archive.stores import StoreError
from archive.stores.shared import check_database
from crawler.crawl_log import setup_logging
from crawler.distributed.frontier import Frontier, FrontierError, Run
from crawler.distributed.outages import Heartbeat, Outages
from crawler.distributed.patient import FrontierLink, attach
from crawler.distributed.run_record import run_lost, share_closed, share_started, share_totals
from crawler.exit_codes import ExitCode
from crawler.process import crawl_settings
from crawler.seed import Seed, SeedError, seed_from_toml
from crawler.spiders.news import NewsSpider

console = logging.getLogger("newsarchiver.worker")


def _error(message: str) -> None:
    """A worker that cannot start says so as every command does: one ``error:`` line (its
    log is not set up yet, so ``console`` would print the bare message)."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


class WorkerSpider(NewsSpider):
    """The news spider without start requests: those are on the frontier already.

    Article requests are not held for discovery: another worker may fetch the listings,
    so this one never sees discovery end (``crawler.spiders.listed_dates``).
    """

    hold_articles_for_discovery = False

    async def start(self):  # noqa: ANN201 - Scrapy's own signature
        return
        yield  # an async generator that yields nothing


def default_worker_id() -> str:
    return socket.gethostname()


def worker_overrides(seed: Seed, redis_url: str, worker_id: str) -> dict[str, Any]:
    """Settings that put a crawl of ``seed`` on the frontier instead of in memory."""
    return {
        "SCHEDULER": "crawler.distributed.scheduler.LeaseScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduler.LeaseQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.scheduler.NoDupeFilter",
        "REDIS_URL": redis_url,
        "NEWSARCHIVER_WORKER_ID": worker_id,
        "NEWSARCHIVER_PROFILE_CLASS": "crawler.distributed.shared_profile.SharedProfile",
        # One share of a run many workers crawl at once: no per-site lock or run-log row.
        "NEWSARCHIVER_CRAWL_RUN": False,
        # The delay and per-host limit hold across workers (the lease script).
        **seed.politeness().frontier_settings(),
        "NEWSARCHIVER_WARC_PREFIX": f"newsarchiver-{worker_id}",
        "NEWSARCHIVER_ITEMS_SUFFIX": f"-{worker_id}",
        # A run on the frontier ends when its queue is empty on every worker; a per-worker
        # timeout would only restart this worker's share.
        "CLOSESPIDER_TIMEOUT": 0,
    }


def run_settings(
    run: Run, seed: Seed, archive: Path, redis_url: str, worker: str, database: str | None = None
) -> Settings:
    overrides = {**run.overrides, **worker_overrides(seed, redis_url, worker)}
    if run.started_ms:
        overrides["NEWSARCHIVER_ITEMS_STAMP"] = run.stamp
    settings = crawl_settings(seed, archive, proxy=run.proxy, progress=False, overrides=overrides)
    mws = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    mws["crawler.distributed.politeness.RetryAfterMiddleware"] = 560
    settings.set("DOWNLOADER_MIDDLEWARES", mws, priority="cmdline")
    if database:
        settings.set("NEWSARCHIVER_DATABASE_URL", database, priority="cmdline")
    if not database:
        # With SQLite, each worker's items stay in its own JSONL log and `export` builds the
        # one item store from all of them (ingesting is idempotent): no item store file is
        # written by several workers at once (their long write transactions would make the
        # others wait). With PostgreSQL every worker adds its items as it goes.
        pipes = dict(settings.getdict("ITEM_PIPELINES"))
        pipes.pop("crawler.pipelines.item_store.ItemStorePipeline", None)
        settings.set("ITEM_PIPELINES", pipes, priority="cmdline")
    return settings


def seed_from_run(run: Run) -> Seed:
    """The seed as it was enqueued, read from the run's text: workers need no copy of the
    seed files and write none (a worker killed with SIGKILL leaves nothing behind)."""
    return seed_from_toml(run.seed_toml.encode("utf-8"), Path(run.seed_path))


@dataclass
class _SiteCrawl:
    crawler: Crawler
    run_id: str | None
    run: Run


@dataclass
class Worker:
    redis_url: str
    archive: Path
    worker_id: str
    exit_when_idle: bool = False
    database: str | None = None
    sets: dict[str, str] = field(default_factory=dict)
    crawls: dict[str, _SiteCrawl] = field(default_factory=dict)
    finished: list[Crawler] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # sites whose crawl failed to start here
    exit_code: ExitCode = ExitCode.OK
    closing: set[Any] = field(default_factory=set)  # crawl Deferreds until _site_closed ran
    stopping: bool = False

    def start(self) -> ExitCode:
        """Claim the id, then crawl until stopped; returns the exit code (no traceback)."""
        s = Settings()
        s.setmodule("crawler.settings", priority="project")
        s.setdict(self.sets, priority="cmdline")
        limit = s.getfloat("NEWSARCHIVER_STORE_OUTAGE_LIMIT")
        self.link = FrontierLink(self.redis_url, limit, console.warning)
        self.outages = Outages(self._stop, lambda: self.exit_code)
        try:
            self.frontier = self.link.open()
        except FrontierError as exc:
            _error(str(exc))
            return ExitCode.CONFIG
        self.ttl = s.getfloat("NEWSARCHIVER_WORKER_TTL")
        self.poll = s.getfloat("NEWSARCHIVER_WORKER_POLL")
        self.lease_ms = int(s.getfloat("NEWSARCHIVER_LEASE_SECONDS") * 1000)
        self.max_retries = s.getint("NEWSARCHIVER_LEASE_RETRIES")
        previous = self.frontier.worker_owner(self.worker_id)
        token = self.frontier.register_worker(self.worker_id, self.ttl)
        if token is not None and previous is not None:
            print(f"worker {self.worker_id}: its previous process ({previous}) is gone: "
                  "taking over its id; its leases go back to the frontier", flush=True)  # fmt: skip
        if token is None:
            owner = self.frontier.worker_owner(self.worker_id) or "another process"
            _error(
                f"worker id {self.worker_id!r} is in use by {owner}: give each worker its own --id"
            )
            return ExitCode.LOCKED
        self.token = token
        self.heart = Heartbeat(Frontier(self.link.client()), self.worker_id, token, self.ttl)
        self.heart.start()
        problem = self._check_storage()
        if problem:
            _error(problem)
            self.frontier.unregister_worker(self.worker_id, token)
            return ExitCode.CONFIG
        stamp = file_stamp()
        self.layout = ArchiveLayout(self.archive)
        self.log_file = self.layout.logs_dir / f"worker-{self.worker_id}-{stamp}.log"
        setup_logging(self.log_file)
        self._run_reactor()
        self.heart.stopping.set()
        try:
            self.frontier.unregister_worker(self.worker_id, token)
        except redis.RedisError:
            pass
        return self.exit_code

    def _run_reactor(self) -> None:
        """Poll the frontier and crawl until stopped (a signal, idle, Redis lost)."""
        base = Settings()
        base.setmodule("crawler.settings", priority="project")
        base.set("LOG_INSTALL_ROOT_HANDLER", False)
        self.process = CrawlerProcess(base)
        install_reactor(base["TWISTED_REACTOR"], base["ASYNCIO_EVENT_LOOP"])
        from twisted.internet import reactor, task

        self.loop = task.LoopingCall(self._tick)
        reactor.callWhenRunning(
            lambda: self.loop.start(self.poll, now=True).addErrback(self._tick_failed)
        )
        # Our own SIGTERM/SIGINT handler: Scrapy's stops the reactor once its crawlers have
        # stopped, which can be before a share that just closed has recorded itself.
        reactor.addSystemEventTrigger("after", "startup", install_shutdown_handlers, self._signal)
        self.process.start(stop_after_crawl=False, install_signal_handlers=False)

    def _check_storage(self) -> str | None:
        """What makes the archive folder or the database unusable, in one line, or None."""

        try:
            ArchiveLayout(self.archive).warc_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot use archive folder {self.archive}: {exc.strerror or exc}"
        if self.database:
            try:
                check_database(self.database)
            except StoreError as exc:
                return str(exc)
        return None

    # --- the poll loop ---------------------------------------------------------------------

    def _tick(self) -> None:
        if self.heart.taken:
            console.error("worker id %r was taken over by another process: stopping",
                          self.worker_id)  # fmt: skip
            self._stop(ExitCode.LOCKED)
            return
        try:
            if self.heart.lost is not None:
                raise self.heart.lost
            sites = self.frontier.active_sites()
        except redis.RedisError as exc:
            self.outages.redis_lost(exc)
            return
        for site in sites:
            if site not in self.crawls and site not in self.broken:
                self._start_site(site)
        self._report_shares()
        if self.exit_when_idle and not sites and not self.crawls:
            self._stop(self.exit_code)

    def _report_shares(self) -> None:
        """Each share's figures so far, so a kill -9 loses at most one poll's worth."""
        for site, share in self.crawls.items():
            stats = share.crawler.stats.get_stats() if share.crawler.stats else {}
            try:
                self.frontier.report_share(site, self.holder, share_totals(stats))
            except redis.RedisError as exc:
                self.outages.redis_lost(exc)
                return

    def _tick_failed(self, failure: Any) -> None:
        console.error("worker loop failed: %s", failure.getErrorMessage())
        self._stop(ExitCode.REDIS_LOST)

    def _start_site(self, site: str) -> None:
        run = self.frontier.run_of(site)
        if run is None:
            return
        try:
            seed = seed_from_run(run)
        except SeedError as exc:
            console.error("site %s: seed unusable on this worker: %s", site, exc)
            return
        settings = run_settings(
            run, seed, self.archive, self.redis_url, self.worker_id, self.database
        )
        settings.setdict(self.sets, priority="cmdline")
        settings.set("NEWSARCHIVER_WORKER_TOKEN", self.token, priority="cmdline")
        crawler = Crawler(WorkerSpider, settings)
        attach(crawler, self.link)
        self.crawls[site] = _SiteCrawl(crawler, self.frontier.run_id(site), run)
        share_started(self.frontier, self.layout, run, self.holder)
        d = self.process.crawl(crawler, seed=seed)
        d.addBoth(self._site_closed, site, crawler)
        self.closing.add(d)
        d.addBoth(lambda _: self.closing.discard(d))
        console.info("site %s: crawling its run on the frontier", site)

    @property
    def holder(self) -> str:
        """How leases and run shares name this process (``crawler.distributed.lua``)."""
        return f"{self.worker_id}@{self.token}"

    def _site_closed(self, result: Any, site: str, crawler: Crawler) -> None:
        share = self.crawls.pop(site, None)
        self.finished.append(crawler)
        stats = crawler.stats.get_stats() if crawler.stats else {}
        reason = stats.get("finish_reason")
        # An outage that closed the crawl stops the worker; without Redis it cannot record.
        if not self.outages.share_closed(stats) and share is not None:
            try:
                outcome = share_closed(
                    self.frontier, self.layout, share.run, self.holder, stats, self.log_file
                )
            except redis.RedisError as exc:
                self.outages.redis_lost(exc)
                outcome = None
            if outcome is not None:
                print(f"worker {self.worker_id}: site {site}: run over ({outcome})", flush=True)
        if share is not None and self.outages.wiped is not None:
            run_lost(self.layout, share.run, self.outages.wiped)
        pages = stats.get("response_received_count", 0)
        items = stats.get("item_scraped_count", 0)
        print(f"worker {self.worker_id}: site {site}: {pages} pages, {items} items ({reason})",
              flush=True)  # fmt: skip
        if getattr(result, "getErrorMessage", None):
            self.broken.add(site)
            console.error(
                "site %s: crawl failed on this worker: %s", site, result.getErrorMessage()
            )

    def _signal(self, signum: int, _frame: Any) -> None:
        """First SIGTERM/SIGINT: a clean stop; a second one: stop at once."""
        from twisted.internet import reactor

        install_shutdown_handlers(self._signal_again)
        reactor.callFromThread(console.info, "stopping: closing this worker's crawls")
        reactor.callFromThread(self._stop, ExitCode.OK)

    def _signal_again(self, signum: int, _frame: Any) -> None:
        from twisted.internet import reactor

        install_shutdown_handlers(signal.SIG_IGN)
        reactor.callFromThread(_stop_reactor)

    def _stop(self, code: ExitCode) -> None:
        """Stop every crawl, let each closed share record itself, then stop the reactor."""
        if code != ExitCode.OK:
            self.exit_code = code
        if self.loop.running:
            self.loop.stop()
        from twisted.internet import reactor

        if self.stopping or not reactor.running:
            return
        self.stopping = True
        closes = [deferred_from_coro(_close_crawl(c)) for c in list(self.process.crawlers)]
        d = DeferredList(closes, consumeErrors=True)
        d.addBoth(lambda _: DeferredList(list(self.closing)))
        d.addBoth(_stop_reactor)


async def _close_crawl(crawler: Crawler) -> None:
    """Close one crawl as a crawl that ends by itself closes (reason ``shutdown``): its
    spider's closing runs whole (``spider_closed``: WARC files, item logs, URL state), then
    its engine stops. Stopping the engine instead, while the crawl was already closing (on
    a lost Redis or database), ended the engine in the middle of that close: the crawl's
    stores were closed under its ``spider_closed`` handlers (a traceback in the worker's
    log file). A crawl whose spider is not open yet is stopped."""
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        await engine.close_spider_async(reason="shutdown")
    else:
        await crawler.stop_async()


def _stop_reactor(_: Any = None) -> None:
    from twisted.internet import reactor

    with contextlib.suppress(RuntimeError):  # already stopped or stopping
        reactor.stop()


def run_worker(
    redis_url: str,
    archive: Path,
    worker_id: str,
    *,
    exit_when_idle: bool = False,
    database: str | None = None,
    sets: dict[str, str] | None = None,
) -> int:
    worker = Worker(redis_url, archive.resolve(), worker_id, exit_when_idle, database, sets or {})
    return int(worker.start())
