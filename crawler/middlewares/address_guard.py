"""Downloader middleware: no request to an internal address, few hosts for requisites.

Why (SSRF): page requisites are fetched off-site (``allow_offsite``), and
redirects inherit that flag, so an ``<img src="http://169.254.169.254/...">`` made the
crawler fetch, archive and index the cloud metadata service. This middleware runs first
(before OffsiteMiddleware) on every request, redirects and robots.txt fetches included:

* a URL whose host is a literal loopback, private, link-local, multicast, reserved or
  unspecified address (any spelling, see ``crawler.netguard``), or a name that can only
  mean this machine or a cloud metadata service (``localhost``, ``*.localhost``,
  ``metadata.google.internal``, ...) or is the proxy's own host, is refused unless the seed
  names it in ``allowed_domains`` (with a proxy, the proxy resolves names: the resolver
  below never sees them); other host names are checked when they are resolved
  (``crawler.handlers.guarded_resolver`` raises ``AddressRefused``, reported here);
* a requisite on a public host outside ``allowed_domains`` (a CDN) must be on the seed's
  ``[fetch] requisite_hosts`` (``NEWSARCHIVER_REQUISITE_HOSTS``) when that list is set, and
  at most ``max_requisite_hosts`` (``NEWSARCHIVER_REQUISITE_MAX_HOSTS``) such hosts are used
  per crawl;
* the robots.txt of an admitted requisite host is fetched (OffsiteMiddleware used to drop
  it, so those hosts' robots.txt was never read) and obeyed like any other.

With a proxy the proxy resolves host names; literal addresses are still refused here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.httpobj import urlparse_cached

from crawler.dropped import AddressRefused, ResolvedAddressRefused, report_dropped
from crawler.netguard import host_allowed, refusal


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.requisite_hosts: list[str] = settings.getlist("NEWSARCHIVER_REQUISITE_HOSTS")
        self.max_hosts: int = settings.getint("NEWSARCHIVER_REQUISITE_MAX_HOSTS")
        self.other_hosts: set[str] = set()  # requisite hosts admitted outside allowed_domains
        self.refused_hosts: set[str] = set()  # requisite hosts over the list or the limit
        proxy = settings.get("NEWSARCHIVER_PROXY")
        self.proxy_host: str | None = urlsplit(proxy).hostname if proxy else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def allowed_domains(self) -> list[str]:
        return list(getattr(self.crawler.spider, "allowed_domains", None) or [])

    def process_request(self, request: Request, spider: Any = None) -> None:
        allowed = self.allowed_domains()
        parts = urlparse_cached(request)
        host = (parts.hostname or "").lower()
        why = refusal(host, allowed, self.proxy_host)
        if why is not None:
            self._refuse(request, "refused_address", f"refused: {why}")
        if not allowed or host_allowed(host, allowed):
            return
        if request.meta.get("dont_obey_robotstxt") and parts.path == "/robots.txt":
            if host in self.other_hosts:
                request.meta["allow_offsite"] = True  # read the CDN's robots.txt too
            return
        if request.meta.get("allow_offsite"):  # a page requisite on another host
            self._check_requisite_host(request, host)

    def _check_requisite_host(self, request: Request, host: str) -> None:
        if host in self.other_hosts:
            return
        if self.requisite_hosts and not host_allowed(host, self.requisite_hosts):
            why = f"host {host} is not in the seed's requisite_hosts"
        elif len(self.other_hosts) >= self.max_hosts:
            why = f"more than {self.max_hosts} other hosts for requisites (max_requisite_hosts)"
        else:
            self.other_hosts.add(host)
            return
        if host in self.refused_hosts:  # one line per host is enough
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchiver/dropped/requisite_host")
            raise AddressRefused(why)
        self.refused_hosts.add(host)
        self._refuse(request, "requisite_host", f"refused: {why} (further ones counted only)")

    def process_exception(self, request: Request, exception: Exception, spider: Any = None):
        """A host name the resolver refused (see crawler.handlers.guarded_resolver)."""
        if isinstance(exception, ResolvedAddressRefused) and not request.meta.get(
            "dont_obey_robotstxt"
        ):
            report_dropped(self.crawler, request, "refused_address", f"refused: {exception}")
        return None

    def _refuse(self, request: Request, kind: str, why: str) -> None:
        if not request.meta.get("dont_obey_robotstxt"):
            report_dropped(self.crawler, request, kind, why)
        raise AddressRefused(why)
