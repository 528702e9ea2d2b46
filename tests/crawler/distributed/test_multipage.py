"""A multi-page article crawled by two workers: one item, whichever worker reads each page.

The held item travels with its next page's request (pickled into the frontier like any
request's meta), so the worker that leases a later page merges it. The frontier drops a
URL queued or done before; a later page the sitemap lists alone is such a URL, and its
article's own request for it must still be queued.
"""

from __future__ import annotations

from demosite.outlets.chronicle import MULTI_PAGE, Chronicle
from demosite.outlets.files import seed_toml
from demosite.server import DemoSiteServer
from tests.crawler.distributed.crawl_setup import finished_runs, items_of, start_workers
from tests.workers import enqueue, frontier, run_over, wait_for


def test_two_workers_make_one_item_of_every_page_of_a_multi_page_article(tmp_path, redis_server):
    outlet = Chronicle()
    seed = tmp_path / "chronicle.toml"
    seed.write_text(seed_toml(outlet), encoding="utf-8")
    archive = tmp_path / "archive"
    with DemoSiteServer(outlet, port=0, latency_ms=20) as server:
        workers = start_workers(redis_server.url, archive)
        queued = enqueue(seed, redis_server.url, server.proxy_url)
        assert queued.returncode == 0, queued.stderr
        front = frontier(redis_server.url)
        wait_for("the run to finish", lambda: run_over(front, "chronicle"), timeout=300)
        wait_for("the run's row in the run log", lambda: finished_runs(archive), timeout=60)
        codes = [w.stop() for w in workers]
    assert codes == [0, 0], [w.output()[-2000:] for w in workers]
    items = items_of(archive)
    assert sorted(i["url"] for i in items) == sorted(s.url for s in outlet.stories)
    by_url = {i["url"]: i for i in items}
    for index, (pages, _style) in MULTI_PAGE.items():
        story = outlet.stories[index]
        item = by_url[story.url]
        assert item["body"] == "\n\n".join(story.body)
        urls = ["http://" + outlet.host + outlet.page_url(story, n) for n in range(1, pages + 1)]
        assert [p["url"] for p in item["warc"]["pages"]] == urls


def test_a_later_page_requested_for_its_article_has_its_own_frontier_key() -> None:
    from scrapy import Request

    from crawler.distributed.scheduler import request_fingerprint
    from crawler.extract.paged import PagedArticle
    from crawler.items import ArticleItem
    from crawler.spiders.paged import PAGED_META

    first = "http://news.test/politik/2026/11/09/haushalt/"
    alone = Request(first + "2/")
    paged = PagedArticle.start(first, ArticleItem(url=first))
    for_article = Request(first + "2/", meta={PAGED_META: paged})
    again = Request(
        first + "2/", meta={PAGED_META: PagedArticle.start(first, ArticleItem(url=first))}
    )
    assert request_fingerprint(for_article) != request_fingerprint(alone)
    assert request_fingerprint(for_article) == request_fingerprint(again)  # one per article
