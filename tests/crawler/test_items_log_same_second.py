"""A crawl started in the same second as a killed one opens the killed crawl's item log
(the same stamp): its writer cuts the torn last line, and the crawl says so as a crawl that
cut it at its start does (one WARNING line, ``newsarchiver/torn_item_lines``)."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Spider
from scrapy.utils.test import get_crawler

from archive.layout import ArchiveLayout
from crawler.pipelines.jsonl_items import JsonlItemsPipeline


def test_a_crawl_of_the_same_second_says_it_cut_the_torn_line(tmp_path: Path, caplog) -> None:
    layout = ArchiveLayout(tmp_path / "archive")
    torn = layout.items_file("site", "20261207T214946Z")
    torn.parent.mkdir(parents=True)
    torn.write_bytes(b'{"url": "http://a.test/1"}\n{"url": "http://a.te')
    settings = {
        "NEWSARCHIVER_ARCHIVE_DIR": str(layout.root),
        "NEWSARCHIVER_ITEMS_STAMP": "20261207T214946Z",
        "NEWSARCHIVER_ITEMS_SUFFIX": "",
        "TWISTED_REACTOR_ENABLED": False,
    }
    crawler = get_crawler(Spider, settings)
    crawler.spider = Spider("site")
    crawler.stats.open_spider()
    pipeline = JsonlItemsPipeline.from_crawler(crawler)
    with caplog.at_level(logging.WARNING):
        pipeline.open_spider()
    pipeline.close_spider()
    assert torn.read_bytes() == b'{"url": "http://a.test/1"}\n'
    assert f"{torn} ended in a partial line (20 bytes" in caplog.text
    assert crawler.stats.get_value("newsarchiver/torn_item_lines") == 1
