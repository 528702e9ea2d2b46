"""Scrapy's RedirectMiddleware, except that no redirected page is lost without a word.

Why: Scrapy drops a redirect loop (the repeated URL is filtered as a
duplicate), a chain longer than ``REDIRECT_MAX_TIMES`` and a redirect off the allowed
domains (OffsiteMiddleware) at DEBUG level, so a crawl that lost articles that way
exited 0. Here each of them is caught where the redirect is followed and reported through
``crawler.dropped`` (stat ``newsarchiver/dropped/redirect_loop``, ``redirect_limit`` or
``redirect_offsite``; one WARNING line; an error, so exit code 1). Redirects of page
requisites may leave the allowed domains (``allow_offsite``); the address guard rechecks
every redirect target. ``dont_filter`` is no such leave: discovery
requests (feeds, sitemaps, robots.txt, the home page) skip the duplicate filter, and a feed
found on the site redirected the crawl to any host.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.dropped import report_dropped
from crawler.netguard import host_allowed


def _bare(url: str) -> str:
    return url.split("#", 1)[0]


class AccountedRedirectMiddleware(RedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if _bare(redirected.url) in {_bare(u) for u in chain}:
            path = " -> ".join([*chain, redirected.url])
            report_dropped(self.crawler, request, "redirect_loop", f"redirect loop: {path}")
            raise IgnoreRequest("redirect loop")
        try:
            result = super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            why = f"more than {self.max_redirect_times} redirects (REDIRECT_MAX_TIMES), gave up"
            report_dropped(self.crawler, request, "redirect_limit", why)
            raise
        spider = self.crawler.spider
        allowed = list(getattr(spider, "allowed_domains", None) or [])
        host = urlparse_cached(result).hostname or ""
        offsite_ok = result.meta.get("allow_offsite")
        if allowed and not offsite_ok and not host_allowed(host, allowed):
            why = f"redirected off the allowed domains to {result.url}, not followed"
            report_dropped(self.crawler, request, "redirect_offsite", why)
            raise IgnoreRequest("redirect off the allowed domains")
        return result
