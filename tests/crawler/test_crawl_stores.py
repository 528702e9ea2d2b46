"""A crawl opens each store once (crawler.crawl_stores) and hands it to every component that
needs it, on either backend, and closes them all when its engine stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import signals

from archive.stores.protocols import DigestIndexAPI, ItemStoreAPI, UrlStateAPI
from crawler.crawl_stores import crawl_stores
from crawler.extensions.disk_full import DiskFullGuard
from crawler.middlewares.incremental import IncrementalMiddleware
from crawler.middlewares.warc_capture import WarcCaptureMiddleware
from crawler.pipelines.item_store import ItemStorePipeline
from tests.crawler.middlewares.test_warc_capture import project_crawler

URL = "https://news.demo.test/politik/a-1.html"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str | None:
    return request.getfixturevalue("postgres_url") if request.param == "postgresql" else None


def test_every_component_gets_the_one_store_the_crawl_opened(tmp_path: Path, database) -> None:
    crawler = project_crawler(
        NEWSARCHIVER_ARCHIVE_DIR=str(tmp_path),
        NEWSARCHIVER_DATABASE_URL=database,
        NEWSARCHIVER_RECRAWL_ENABLED=True,
        NEWSARCHIVER_WARC_DEDUP=True,
    )
    incremental = IncrementalMiddleware.from_crawler(crawler)
    capture = WarcCaptureMiddleware.from_crawler(crawler)
    pipeline = ItemStorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    guard = DiskFullGuard.from_crawler(crawler)
    stores = crawl_stores(crawler)
    assert stores is crawl_stores(crawler)
    assert isinstance(incremental.store, UrlStateAPI)
    assert incremental.store is stores.url_state()
    assert isinstance(capture.digests, DigestIndexAPI) and capture.digests is stores.digest_index()
    assert isinstance(pipeline.store, ItemStoreAPI) and pipeline.store is stores.item_store()
    backend = "Pg" if database else ""
    if database:  # its stores wait for it when it is away (archive.stores.patience)
        assert type(incremental.store).__name__ == type(pipeline.store).__name__ == "PatientStore"
    assert type(_inner(incremental.store)).__name__ == f"{backend}UrlStateStore"
    assert type(_inner(pipeline.store)).__name__ == f"{backend}ItemStore"

    # The disk-full guard marks unlogged captures in the same store.
    incremental.store.record_fetch(URL, status=200, site="demo", payload_digest="sha1:A")
    guard._forget([URL])
    assert not incremental.store.get(URL).archived

    store = incremental.store
    capture.spider_closed()
    incremental.spider_closed()
    pipeline.close_spider()
    assert getattr(_inner(store), "conn", True) is not None  # still open: the crawl's, not theirs
    crawler.signals.send_catch_log(signals.engine_stopped)
    if not database:
        assert store.conn is None and capture.digests.conn is None


def test_a_store_that_cannot_open_is_one_error_for_every_component(tmp_path: Path) -> None:
    from archive.layout import ArchiveLayout
    from archive.stores import StoreError

    state = ArchiveLayout(tmp_path).url_state_db
    state.parent.mkdir(parents=True)
    state.write_bytes(b"not a database" * 100)
    crawler = project_crawler(NEWSARCHIVER_ARCHIVE_DIR=str(tmp_path))
    stores = crawl_stores(crawler)
    with pytest.raises(StoreError) as first:
        stores.url_state()
    state.unlink()  # not tried again: every component hears the first answer
    with pytest.raises(StoreError) as again:
        stores.url_state()
    assert again.value is first.value and not state.exists()


def _inner(store: object) -> object:
    return getattr(store, "wrapped", store)
