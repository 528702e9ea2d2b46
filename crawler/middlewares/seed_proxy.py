"""Route every request (robots.txt included) through the proxy a seed or the CLI names.

The demo site lives on the virtual host ``news.demo.test`` and is reached through the
demo server acting as an HTTP proxy, so its URLs are identical whatever port it binds.
``NEWSARCHIVER_PROXY`` (set by the runner from ``--proxy``) wins; otherwise the seed's
``[fetch] proxy`` applies, so ``scrapy crawl news -a seed=...`` behaves like ``crawl``.
Must run before Scrapy's HttpProxyMiddleware (750), which reads ``meta["proxy"]``.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler


class SeedProxyMiddleware:
    def __init__(self, crawler: Crawler, proxy: str | None) -> None:
        self.crawler = crawler
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedProxyMiddleware:
        return cls(crawler, crawler.settings.get("NEWSARCHIVER_PROXY"))

    def _proxy(self) -> str | None:
        seed = getattr(self.crawler.spider, "seed", None)
        return self.proxy or (seed.fetch.proxy if seed is not None else None)

    def process_request(self, request: Request) -> None:
        proxy = self._proxy()
        if proxy:
            request.meta.setdefault("proxy", proxy)
