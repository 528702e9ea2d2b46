"""The run's site profile, shared by its workers through a real Redis.

Two ``SharedProfile`` objects stand for two workers' shares of one run (the same code a
worker's crawl runs, without its spider); the two-worker crawl is in ``test_profile_run``.
"""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

from crawler.distributed.frontier import Frontier, client_for
from crawler.distributed.shared_profile import SharedProfile
from crawler.extract.capture import Capture
from crawler.extract.context import CrawlContext
from crawler.extract.profile import SiteProfile
from crawler.extract.profile.learn import learn_profile
from crawler.extract.profile.store import load_profile, save_profile
from crawler.seed import load_seed
from crawler.spiders.article_page import ArticleJob, read_article
from demosite.content import DemoSite
from tests.conftest import ROOT

SITE = "demo"
SEED = load_seed(ROOT / "seeds" / "demo.toml")


class InProcess:
    """The extraction pool's one call, in this process."""

    async def read(self, capture: Capture, job: ArticleJob):  # noqa: ANN201
        return read_article(capture, SEED, job)


def share(redis_url: str, archive: Path, pages: int = 100) -> SharedProfile:
    profiling = SharedProfile(SITE, archive / "state" / "profiles" / f"{SITE}.json", True, pages)
    profiling.frontier = Frontier(client_for(redis_url))
    profiling.start()
    return profiling


def captures(count: int) -> list[Capture]:
    """The first ``count`` article pages of the demo site, as the crawl captures them."""
    site, out = DemoSite(articles=count), []
    for article in site.visible_articles()[:count]:
        got = site.get(article.path)
        body, headers = got.body, got.headers
        if got.header("content-encoding") == "gzip":
            body = gzip.decompress(body)
            headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
        out.append(Capture(article.url, got.status, headers, body))
    return out


def read_all(profiling: SharedProfile, pages: list[Capture]) -> list:
    async def go() -> list:
        return [await profiling.read(InProcess(), c, profiling.job(ArticleJob(CrawlContext())))
                for c in pages]  # fmt: skip

    return asyncio.run(go())


def features(pages: list[Capture]) -> list:
    """What each page teaches the profile, in URL-key order (as the run learns it)."""
    found = [read_article(c, SEED, ArticleJob(CrawlContext(), learn=True)).features for c in pages]
    return sorted(found, key=lambda f: f.page)


def test_every_share_of_a_run_extracts_with_the_profile_pinned_first(tmp_path, redis_server):
    first = learn_profile(SITE, features(captures(12)))
    assert first.usable
    save_profile(tmp_path / "state" / "profiles" / f"{SITE}.json", first)
    one = share(redis_server.url, tmp_path)
    # another crawl of the site stores another profile while the run goes on
    other = SiteProfile(SITE, 3, "too-small")
    save_profile(tmp_path / "state" / "profiles" / f"{SITE}.json", other)
    two = share(redis_server.url, tmp_path)
    assert one.profile is not None and two.profile is not None
    assert one.profile.hash() == two.profile.hash() == first.hash()
    (read, _), = read_all(two, captures(1))  # fmt: skip
    assert read.result.extractor["profile_hash"] == first.hash()


def test_a_run_without_a_profile_learns_one_from_every_share_for_its_next_run(
    tmp_path, redis_server
):
    one, two = share(redis_server.url, tmp_path), share(redis_server.url, tmp_path)
    assert one.profile is None and one.collecting and two.collecting
    pages = captures(12)
    reads = read_all(one, pages[::2]) + read_all(two, pages[1::2])
    # the run's items: the generic extractor's, none held
    assert [len(out) for _, out in reads] == [1] * 12
    assert all("profile_hash" not in r.result.extractor for r, _ in reads)
    two.closed(reason="finished")
    one.closed(reason="finished")  # learned once, by the first share that finished
    stored = load_profile(tmp_path / "state" / "profiles" / f"{SITE}.json")
    assert stored is not None and stored.usable and stored.pages == 12
    # the same as learning every page in one crawl, whichever share read which
    learned = learn_profile(SITE, features(pages))
    assert stored.hash() == learned.hash()


def test_a_share_stops_adding_pages_at_the_profile_size(tmp_path, redis_server):
    one = share(redis_server.url, tmp_path, pages=3)
    read_all(one, captures(5))
    assert not one.collecting
    assert len(one.frontier.take_profile_pages(SITE, 100)) == 3


def test_a_page_read_while_redis_is_lost_goes_out_and_the_share_stops_collecting(
    tmp_path, redis_server
):
    # the scheduler says the lost Redis in one line and stops the share; the article
    # callback must not raise on top of it (a traceback in the worker's log)
    one = share(redis_server.url, tmp_path)
    assert one.collecting
    redis_server.stop()
    try:
        reads = read_all(one, captures(1))
    finally:
        redis_server.start()
    assert len(reads) == 1 and reads[0][1]  # the page's item goes out
    assert not one.collecting
