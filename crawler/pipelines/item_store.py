"""Item pipeline that adds every article item to the archive's dedup store as it is scraped.

The store is ``state/items.sqlite3``, or the shared PostgreSQL database of workers on
several machines (``NEWSARCHIVER_DATABASE_URL``, ``archive.stores.shared``). Runs after the
JSONL pipeline (the item log stays the primary record; the store can be rebuilt from it with
``newsarchiver export``, which ingests item files it has not seen). Adding is idempotent, so
items both added here and ingested from the log count once. Sets the crawl stats
``newsarchiver/new_stories``, ``newsarchiver/new_versions`` and ``newsarchiver/unchanged``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.stores import StoreError
from archive.stores.item_store import default_store_path
from archive.stores.shared import open_item_store
from crawler.signals import is_disk_full, report_write_failure

#: Commit after this many items, so a concurrent export sees progress and a crash loses
#: little (the JSONL log still has everything).
COMMIT_EVERY = 100


class ItemStorePipeline:
    def __init__(self, archive: Path, crawler: Crawler, database: str | None = None) -> None:
        self.archive = archive
        self.database = database
        self.store_path: Any = default_store_path(archive)
        self.crawler = crawler
        self.store: Any = None
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemStorePipeline:
        archive = crawler.settings.get("NEWSARCHIVER_ARCHIVE_DIR")
        if not archive:
            raise NotConfigured("NEWSARCHIVER_ARCHIVE_DIR is not set")
        return cls(Path(archive), crawler, crawler.settings.get("NEWSARCHIVER_DATABASE_URL"))

    def open_spider(self) -> None:
        self.store = open_item_store(self.archive, self.database, crawl=True)
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
                store.conn.rollback()
                store.conn.close()
            except Exception:  # noqa: BLE001 - closing a store we could not write
                pass

    def close_spider(self) -> None:
        if self.store is not None:
            store, self.store = self.store, None
            try:
                store.close()
            except StoreError as exc:
                if not is_disk_full(exc):
                    raise
                report_write_failure(self.crawler, self.store_path, exc)
