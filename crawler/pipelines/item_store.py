"""Item pipeline that adds every article item to the archive's dedup store as it is scraped.

The store is ``state/items.sqlite3``, or the shared PostgreSQL database of workers on
several machines: the crawl's item store (``crawler.crawl_stores``). Runs after the
JSONL pipeline (the item log stays the primary record; the store can be rebuilt from it with
``newsarchiver export``, which ingests item files it has not seen). Adding is idempotent, so
items both added here and ingested from the log count once. Sets the crawl stats
``newsarchiver/new_stories``, ``newsarchiver/new_versions`` and ``newsarchiver/unchanged``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.stores import StoreError
from archive.stores.base import StoreUnreachable
from crawler.crawl_stores import CrawlStores, crawl_stores
from crawler.signals import is_disk_full, report_write_failure

if TYPE_CHECKING:
    from archive.stores.protocols import ItemStoreAPI

logger = logging.getLogger(__name__)

#: Commit after this many items, so a concurrent export sees progress and a crash loses
#: little (the JSONL log still has everything).
COMMIT_EVERY = 100


class ItemStorePipeline:
    def __init__(self, stores: CrawlStores, crawler: Crawler) -> None:
        self.stores = stores
        self.store_path: Any = stores.factory.archive_dir
        self.crawler = crawler
        self.store: ItemStoreAPI | None = None
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemStorePipeline:
        if not crawler.settings.get("NEWSARCHIVER_ARCHIVE_DIR"):
            raise NotConfigured("NEWSARCHIVER_ARCHIVE_DIR is not set")
        return cls(crawl_stores(crawler), crawler)

    def open_spider(self) -> None:
        self.store = self.stores.item_store()
        self.store_path = self.store.path  # named in messages (a file, or the database)
        stats = self.crawler.stats
        for name in ("new_stories", "new_versions", "unchanged"):
            stats.set_value(f"newsarchiver/{name}", 0)

    def process_item(self, item: object) -> object:
        if self.store is None:  # given up after a full disk; `export` ingests the JSONL log
            return item
        record = item.to_dict() if hasattr(item, "to_dict") else ItemAdapter(item).asdict()
        try:
            result = self.store.add(record)
        except StoreUnreachable as exc:
            # The shared database stayed away past the limit (the crawl is closing): the
            # item is in the JSONL log already, which `export` ingests.
            self.store = None
            logger.warning("items no longer added to the item store (%s): `export` "
                           "adds them from the item logs", exc)  # fmt: skip
            return item
        except StoreError as exc:
            if not is_disk_full(exc):
                raise
            self._give_up(exc)
            return item
        if result.is_new_story:
            key = "new_stories"
        elif result.is_new_version:
            key = "new_versions"
        else:
            key = "unchanged"
        self.crawler.stats.inc_value(f"newsarchiver/{key}")
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            try:
                self.store.commit()
            except StoreError as exc:
                if not is_disk_full(exc):
                    raise
                self._give_up(exc)
            self.pending = 0
        return item

    def _give_up(self, exc: StoreError) -> None:
        """Disk full: SQLite rolled back; the items are in the JSONL log, which `export`
        ingests again (adding is idempotent). The crawl stops."""
        store, self.store = self.store, None
        report_write_failure(self.crawler, self.store_path, exc)
        if store is not None:
            try:
                store.rollback()
            except StoreError:  # the store we could not write; the crawl stores close it
                pass

    def close_spider(self) -> None:
        """Commit what is left; the crawl's stores close the store when the engine stops."""
        if self.store is not None:
            store, self.store = self.store, None
            try:
                store.commit()
            except StoreUnreachable as exc:  # one transaction per item: nothing is lost
                logger.warning("item store not committed at the end: %s", exc)
            except StoreError as exc:
                if not is_disk_full(exc):
                    raise
                report_write_failure(self.crawler, self.store_path, exc)
