"""A bare Scrapy spider that walks the demo site like newsarchiver and discards responses.

    python bench/bare_spider.py --proxy http://127.0.0.1:PORT --stats OUT.json

Same start URLs, link rules (section pages, ``rel=next`` pagination, article links,
related stories up to ``follow_depth``, and an article's images and stylesheets when the
seed's ``fetch.requisites`` is on, as newsarchiver does) and concurrency as the bench seed;
no WARC, no extraction, no items. Writes Scrapy's final stats as JSON to ``--stats``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import HtmlResponse, Request, Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.seed import Seed, load_seed  # noqa: E402


class BareSpider(scrapy.Spider):
    """Follows the seed's links; every callback throws the response away."""

    name = "bare"

    def __init__(self, seed: Seed, proxy: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self.proxy = proxy
        self.allowed_domains = list(seed.allowed_domains)
        self.article_re = re.compile(seed.links.article)

    def _req(self, url: str, callback: Any, **meta: Any) -> Request:
        return Request(url, callback=callback, meta={"proxy": self.proxy, **meta})

    async def start(self) -> Any:
        for section in self.seed.sections:
            yield self._req(section.url, self.parse_section, page=1)

    def parse_section(self, response: Response) -> Iterator[Request]:
        """Queue the listed articles and the next section page."""
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip()).split("#", 1)[0]
            if self.article_re.search(url):
                yield self._req(url, self.parse_article, depth=1)
        page = response.meta["page"]
        nxt = response.css(f"{self.seed.links.next_page}::attr(href)").get()
        if nxt and page < self.seed.links.max_section_pages:
            yield self._req(response.urljoin(nxt), self.parse_section, page=page + 1)

    def parse_article(self, response: Response) -> Iterator[Request]:
        """Follow related stories up to the seed's depth; nothing else."""
        depth = response.meta["depth"]
        if not isinstance(response, HtmlResponse):
            return
        if getattr(self.seed.fetch, "requisites", False):
            hrefs = response.css("img::attr(src), link[rel~=stylesheet]::attr(href)").getall()
            for url in dict.fromkeys(response.urljoin(h).split("#", 1)[0] for h in hrefs):
                yield self._req(url, self.parse_requisite)
        if depth >= self.seed.follow_depth:
            return
        for href in response.css(f"{self.seed.links.related}::attr(href)").getall():
            url = response.urljoin(href.strip()).split("#", 1)[0]
            yield self._req(url, self.parse_article, depth=depth + 1)

    def parse_requisite(self, response: Response) -> None:
        """Images and stylesheets: fetched, then dropped."""


def main() -> None:
    """Crawl once and write the stats file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, required=True)
    parser.add_argument("--proxy", required=True)
    parser.add_argument("--stats", type=Path, required=True)
    args = parser.parse_args()
    seed = load_seed(args.seed)
    polite = seed.politeness()
    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": seed.fetch.obey_robots,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": polite.concurrency,
            "CONCURRENT_REQUESTS": polite.total_concurrency,
            "DOWNLOAD_DELAY": polite.delay,
            "DEFAULT_REQUEST_HEADERS": {
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            },
            "LOG_LEVEL": "WARNING",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, seed=seed, proxy=args.proxy)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float)}
    args.stats.write_text(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
