"""A first crawl learns its site's profile and writes only profile-quality items.

Why hold items: an item written with the generic extractor and rewritten once the profile
is known would be two lines of one page in the item log and two versions of one story in
the dedup store and the export. So while the crawl learns (no usable profile stored for the
site yet), an article page's item is *held*: the page's links are followed at once, its
capture is kept (the bytes its WARC record holds, at most ``NEWSARCHIVER_PROFILE_PAGES`` of
them) and its features counted. Once that many article pages were read, or when the crawl
has nothing else left to do (a small site), the profile is learned, stored as
``ARCHIVE/state/profiles/<site>.json`` and every held capture is extracted again with it
(no refetch); only those items go out. Every later page of the crawl is extracted with the
same profile, so one crawl's items carry one ``extractor.profile_hash``, and re-extracting
its WARC files with the stored profile gives the same lines.

A site with a usable stored profile holds nothing: the crawl uses it from its first page.
A crawl stopped early (Ctrl-C, its timeout) learns the profile from the pages it read and
sends the held items out before its item pipelines close: Scrapy sends no signal then, so
:meth:`CrawlProfile.release_on_close` wraps the engine's ``close_spider_async``. A crawl
that stops because it cannot write (disk full) or is killed (-9) writes no line for them;
their URL state says "archived, item never logged", so the next crawl fetches those pages
again and logs them (:mod:`crawler.middlewares.incremental`).

``NEWSARCHIVER_PROFILE = False`` (``crawl --no-profile``, a seed's ``[extract] profile =
false``) turns all of this off: the generic extractor's items, exactly, as they come.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from archive.layout import ArchiveLayout
from crawler.extract.capture import Capture, Skipped
from crawler.extract.profile import ProfileLearner, SiteProfile
from crawler.extract.profile.store import BadProfile, load_profile, save_profile
from crawler.spiders.article_page import ArticleJob, ArticleRead
from crawler.summary import DISK_FULL_REASON, WRITE_ERROR_REASON

if TYPE_CHECKING:
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler

    from crawler.spiders.extraction_pool import ExtractionPool

logger = logging.getLogger(__name__)
#: A read whose item goes out, with the job it was read for.
Released = tuple[ArticleRead, ArticleJob]
#: Shown on the console by the runner's log filter (one line per problem).
console = logging.getLogger("newsarchiver.crawl")


class CrawlProfile:
    """The site profile of one crawl: the stored one, or the one it is learning."""

    def __init__(
        self, site: str, path: Path | None, enabled: bool = True, pages: int = 100
    ) -> None:
        """``path``: where the site's profile is stored (None: nowhere, nothing stored);
        ``pages``: article pages read before the profile is learned."""
        self.site = site
        self.path = path
        self.enabled = enabled
        self.pages = pages
        self.profile: SiteProfile | None = None
        self.learner: ProfileLearner | None = None
        self.held: list[tuple[Capture, ArticleJob]] = []
        self._releasing: asyncio.Future[None] | None = None
        #: Article pages being read now (a closing crawl waits for them before it learns).
        self.reading = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, site: str) -> CrawlProfile:
        """Configured when the spider opens (the seed's add-on has set the settings by then)."""
        from scrapy import signals

        profiling = cls(site, None, enabled=False)

        def opened(spider: object = None) -> None:
            settings = crawler.settings
            archive = settings.get("NEWSARCHIVER_ARCHIVE_DIR")
            profiling.path = ArchiveLayout(archive).profile_file(site) if archive else None
            profiling.enabled = settings.getbool("NEWSARCHIVER_PROFILE")
            profiling.pages = max(1, settings.getint("NEWSARCHIVER_PROFILE_PAGES"))
            profiling.start()

        crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)
        return profiling

    def start(self) -> None:
        """Use the stored profile when it is usable; else learn one."""
        if not self.enabled:
            return
        self.profile = self.stored()
        if self.profile is None:
            self.learner = ProfileLearner(self.site)

    def stored(self) -> SiteProfile | None:
        """The site's stored profile when it is usable (said in the log), else None."""
        stored = None
        if self.path is not None:
            try:
                stored = load_profile(self.path)
            except BadProfile as exc:
                console.warning("%s; learning the site's profile again", exc)
        if stored is not None and stored.usable and stored.site == self.site:
            logger.info("site profile %s of %s in use (%s)", stored.hash(), self.site, self.path)
            return stored
        return None

    @property
    def learning(self) -> bool:
        return self.enabled and self.profile is None and self.learner is not None

    def job(self, job: ArticleJob) -> ArticleJob:
        """``job`` with the crawl's profile, or asking for the page's features to learn it."""
        if self.profile is not None:
            return replace(job, profile=self.profile)
        return replace(job, learn=self.learning)

    async def read(
        self, pool: ExtractionPool, capture: Capture, job: ArticleJob
    ) -> tuple[ArticleRead, list[Released]]:
        """The page as read for ``job`` (:meth:`job`), and the reads whose items go out now
        with their jobs: its own, none (its item is held), or every held page read again
        with the profile just learned (its own last)."""
        self.reading += 1
        try:
            read = await pool.read(capture, job)
            return read, await self._after_read(capture, job, read, pool)
        finally:
            self.reading -= 1

    async def _after_read(
        self, capture: Capture, job: ArticleJob, read: ArticleRead, pool: ExtractionPool
    ) -> list[Released]:
        if not job.learn or isinstance(read.result, Skipped) or read.first_page is not None:
            return [(read, job)]  # a later page met alone is no item: nothing to hold
        if self.profile is not None:  # learned while this page was read: read it again
            again = self.job(replace(job, learn=False))
            return [(await pool.read(capture, again), again)]
        if self.learner is not None and read.features is not None:
            self.learner.add(read.features)
        self.held.append((capture, job))
        if self.learner is None or self.learner.pages < self.pages and not self.closing:
            return []  # a closing crawl learns from what it read: no page is held past it
        self.learn()
        return await self.release(pool)

    def learn(self) -> SiteProfile:
        """Learn the profile from the pages read so far and store it."""
        assert self.learner is not None
        profile = self.learner.profile()
        self.profile, self.learner = profile, None
        if self.path is not None:
            save_profile(self.path, profile)
        if profile.usable:
            logger.info(
                "site profile %s learned from %d article pages (%s); %d held items "
                "extracted again with it",
                profile.hash(),
                profile.pages,
                self.path,
                len(self.held),
            )
        else:
            logger.info(
                "site profile: %d article pages, %d needed to learn one; the generic "
                "extractor alone is used",
                profile.pages,
                profile.min_pages,
            )
        return profile

    async def release(self, pool: ExtractionPool) -> list[Released]:
        """Every held page, read again with the crawl's profile (in the order read)."""
        held, self.held = self.held, []
        jobs = [(c, self.job(replace(j, learn=False))) for c, j in held]
        reads = await asyncio.gather(*(pool.read(c, j) for c, j in jobs))
        return [(r, j) for r, (_, j) in zip(reads, jobs, strict=True)]

    def release_when_idle(
        self,
        pool: ExtractionPool,
        send: Callable[[ArticleRead, ArticleJob], Awaitable[None]],
        done: Callable[[], None] = lambda: None,
    ) -> bool:
        """The crawl has nothing else to do: learn the profile from the pages read so far
        and ``send`` every held page's item out. True while that is under way (the crawl
        must not close yet)."""
        if self._releasing is not None:
            if not self._releasing.done():
                return True
            self._releasing = None
        if not self.held:
            return False
        if self.profile is None:
            self.learn()

        async def send_all() -> None:
            for read, job in await self.release(pool):
                await send(read, job)

        self._releasing = asyncio.ensure_future(send_all())
        self._releasing.add_done_callback(_report)
        self._releasing.add_done_callback(lambda _: done())
        return True

    def release_on_close(
        self,
        engine: ExecutionEngine,
        pool: ExtractionPool,
        send: Callable[[ArticleRead, ArticleJob], Awaitable[None]],
    ) -> None:
        """Held items go out before a closing spider's item pipelines close (Ctrl-C, a
        timeout): Scrapy sends no signal then, so the engine's ``close_spider_async`` is
        wrapped. Not when the crawl stops because it cannot write (:data:`NO_RELEASE`)."""
        close = engine.close_spider_async

        async def release_then_close(*, reason: str = "cancelled") -> None:
            if self.learning and reason not in NO_RELEASE:
                self.closing = True
                try:
                    await self._release_now(pool, send)
                except Exception:  # never keep the crawl from closing
                    logger.exception("held items not released before the crawl closed")
            await close(reason=reason)

        engine.close_spider_async = release_then_close  # type: ignore[method-assign]

    async def _release_now(
        self, pool: ExtractionPool, send: Callable[[ArticleRead, ArticleJob], Awaitable[None]]
    ) -> None:
        """Learn from every page read (those being read too: the crawl is closing, no new
        ones start) and send the held items out; pages read later use the profile."""
        deadline = asyncio.get_running_loop().time() + CLOSE_WAIT
        while self.reading and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        if self.profile is None and self.held:
            self.learn()
        for read, job in await self.release(pool):
            await send(read, job)


#: Seconds a closing crawl waits for the article pages being read before it learns.
CLOSE_WAIT = 30.0
#: Why a crawl may stop without releasing its held items: it cannot write them.
NO_RELEASE = (DISK_FULL_REASON, WRITE_ERROR_REASON)


def _report(done: asyncio.Future[None]) -> None:
    if not done.cancelled() and done.exception() is not None:
        exc = done.exception()
        logger.error("held items not released: %s", exc, exc_info=exc)
