"""One site profile per ``crawl --redis`` run for all its workers, learned from all their pages.

Workers used only a profile already stored in the archive folder and learned none, and
each read that file when its share started: a file written while a run went on (another
crawl of the site) gave the run's workers two profile versions, two
``extractor.profile_hash`` values for pages of one template.

Now the run pins its profile in Redis, beside the frontier the workers already share: the
first worker to start publishes the usable profile stored in the archive folder, or "none"
(``Frontier.pin_profile``, set only if absent), and every worker of the run extracts with
the pinned one, whenever it starts. Why Redis and not the archive folder: only Redis gives
the atomic "the first one wins" that makes every worker take the same version; the
folder's file is replaced by a rename (the last writer wins), and it may change while the
run goes on.

A run with no profile learns one from all its workers' pages: each adds the features of
its article pages to the run's list (at most ``NEWSARCHIVER_PROFILE_PAGES``), and when the
run is over (a share that finishes: nothing queued or leased anywhere, so every page's
features are in) one worker learns the profile from them, in the order of their URL keys,
not the workers' interleaving, and stores it as ``ARCHIVE/state/profiles/<site>.json``,
as a one-machine crawl stores it; the site's next run pins it. The items of the run
itself are the generic extractor's: a one-machine crawl holds its first pages' items
until it has learned, but a worker that held them would acknowledge their leases before
they are written (``crawler.distributed.acks``), and a worker killed then would lose them.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import replace
from typing import TYPE_CHECKING

import orjson
import redis
from scrapy import signals

from crawler.distributed.frontier import Frontier, client_for
from crawler.distributed.patient import PatientFrontier, crawl_frontier
from crawler.extract.capture import Capture, Skipped
from crawler.extract.profile import SiteProfile
from crawler.extract.profile.learn import learn_profile
from crawler.extract.profile.store import save_profile
from crawler.spiders.article_page import ArticleJob, ArticleRead
from crawler.spiders.site_profile import CrawlProfile, Released

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.spiders.extraction_pool import ExtractionPool

logger = logging.getLogger(__name__)
#: What a run pins when it has no profile: the generic extractor for all its workers.
NO_PROFILE = b"none"


class SharedProfile(CrawlProfile):
    """A worker's share of a run: the run's pinned profile, or learning the next one with
    the run's other workers (``NEWSARCHIVER_PROFILE_CLASS`` of a worker)."""

    frontier: Frontier | PatientFrontier
    collecting = False  # this share adds its pages' features to the run's

    @classmethod
    def from_crawler(cls, crawler: Crawler, site: str) -> CrawlProfile:
        profiling = super().from_crawler(crawler, site)
        assert isinstance(profiling, SharedProfile)
        server = client_for(crawler.settings.get("REDIS_URL"))
        profiling.frontier = crawl_frontier(crawler, server)  # patient, as the scheduler's
        crawler.signals.connect(profiling.closed, signal=signals.spider_closed)
        return profiling

    def start(self) -> None:
        """Extract with the run's profile: the one pinned, or pin the stored one (or none)."""
        if not self.enabled:
            return
        stored = self.stored()
        pinned = self.frontier.pin_profile(
            self.site, NO_PROFILE if stored is None else stored.to_json()
        )
        if pinned == NO_PROFILE:
            self.collecting = True
            return
        self.profile = SiteProfile.from_dict(orjson.loads(pinned))
        logger.info("site profile %s of the run in use", self.profile.hash())

    def job(self, job: ArticleJob) -> ArticleJob:
        if self.profile is not None:
            return replace(job, profile=self.profile)
        return replace(job, learn=self.collecting)

    async def read(
        self, pool: ExtractionPool, capture: Capture, job: ArticleJob
    ) -> tuple[ArticleRead, list[Released]]:
        """The page as read, its item out now (never held), its features added to the run's."""
        read = await pool.read(capture, job)
        page = not isinstance(read.result, Skipped) and read.first_page is None
        if self.collecting and page and read.features is not None:
            try:
                added = self.frontier.add_profile_page(self.site, pickle.dumps(read.features, 5))
            except redis.RedisError:  # lost: the scheduler says so once and stops the share
                self.collecting = False
            else:
                self.collecting = added < self.pages
        return read, [(read, job)]

    def closed(self, spider: object = None, reason: str = "") -> None:
        """The share finished (so did the run): learn the next run's profile, once."""
        if reason != "finished" or not self.enabled or self.profile is not None:
            return
        try:
            if self.frontier.claim_learning(self.site):
                self.learn_for_next_run()
        except Exception:  # never keep the share from closing
            logger.exception("site profile of the run not learned")

    def learn_for_next_run(self) -> SiteProfile | None:
        """The profile of the run's article pages, stored (None: the run read none)."""
        found = self.frontier.take_profile_pages(self.site, self.pages)
        if not found:
            return None
        pages = sorted((pickle.loads(raw) for raw in found), key=lambda f: f.page)
        profile = learn_profile(self.site, pages)
        if self.path is not None:
            save_profile(self.path, profile)
        logger.info(
            "site profile %s learned from the run's %d article pages (%s); its next run uses it",
            profile.hash(),
            profile.pages,
            self.path,
        )
        return profile
