"""Item pipeline that appends every article item to the archive's JSONL item log.

One file per crawl, ``<archive>/items/<site>-<UTC start>.jsonl``; each line is an
``ArticleItem.to_dict()`` that already carries its WARC pointer (set by the spider from
the capture middleware's ``response.meta["warc"]``).
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from archive.jsonl import JsonlWriter
from archive.layout import ArchiveLayout, file_stamp
from archive.resume import torn_tail_message
from crawler.signals import report_write_failure

logger = logging.getLogger(__name__)


class JsonlItemsPipeline:
    def __init__(self, layout: ArchiveLayout, crawler: Crawler) -> None:
        self.layout = layout
        self.crawler = crawler
        self.writer: JsonlWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlItemsPipeline:
        archive = crawler.settings.get("NEWSARCHIVER_ARCHIVE_DIR")
        if not archive:
            raise NotConfigured("NEWSARCHIVER_ARCHIVE_DIR is not set")
        return cls(ArchiveLayout(archive), crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        site = getattr(spider, "site_name", spider.name)
        settings = self.crawler.settings
        stamp = settings.get("NEWSARCHIVER_ITEMS_STAMP") or file_stamp()
        # Workers sharing an archive folder each write their own file of a run (its start
        # as the stamp, their id after it: crawler/distributed); the report reads them as one.
        stamp += settings.get("NEWSARCHIVER_ITEMS_SUFFIX")
        path = self.layout.items_file(site, stamp)
        self.writer = JsonlWriter(path)
        if self.writer.repaired_bytes:  # a crawl of the same second, killed mid-line
            self.crawler.stats.inc_value("newsarchiver/torn_item_lines")
            logger.warning("%s", torn_tail_message(path, self.writer.repaired_bytes))
        self.crawler.stats.set_value("newsarchiver/items_file", str(path))

    def process_item(self, item: object) -> object:
        assert self.writer is not None
        adapter = ItemAdapter(item)
        record = item.to_dict() if hasattr(item, "to_dict") else adapter.asdict()
        try:
            self.writer.write(record)
        except OSError as exc:
            # A full disk: the line was cut back; the crawl stops (crawler.extensions.disk_full).
            url = record.get("url") if isinstance(record, dict) else None
            report_write_failure(self.crawler, self.writer.path, exc, url=url)
            raise DropItem(f"not logged, {self.writer.path} cannot be written: {exc}") from None
        return item

    def close_spider(self) -> None:
        if self.writer is not None:
            writer, self.writer = self.writer, None
            try:
                writer.close()
            except OSError as exc:
                report_write_failure(self.crawler, writer.path, exc)
