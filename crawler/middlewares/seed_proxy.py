"""Route every request (robots.txt included) through ``NEWSARCHIVER_PROXY``.

The demo site lives on the virtual host ``news.demo.test`` and is reached through the
demo server acting as an HTTP proxy, so its URLs are identical whatever port it binds.
Scrapy has no proxy setting of its own (HttpProxyMiddleware reads ``meta["proxy"]`` or the
environment), so this sets the meta key. The seed's ``[fetch] proxy`` reaches the setting
through the add-on (``crawler.addon``); ``--proxy`` / ``-s`` on the command line win.
Must run before Scrapy's HttpProxyMiddleware (750).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class SeedProxyMiddleware:
    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedProxyMiddleware:
        proxy = crawler.settings.get("NEWSARCHIVER_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("proxy", self.proxy)
