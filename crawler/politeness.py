"""How hard a crawl may press each host, decided once per seed.

Why one place: the delay between two requests to a host, the requests in flight per host and
whether AutoThrottle runs were derived in the seed, again in the add-on (as Scrapy settings)
and again in the worker's overrides (for the frontier). :meth:`Politeness.for_site` decides
them from the seed's ``[fetch]`` values and the defaults of ``crawler/settings.py``; a crawl
in one process enforces them through Scrapy's own settings (:meth:`scrapy_settings`), workers
through the frontier's lease script, which holds them for all workers together
(:meth:`frontier_settings`, read by ``crawler.distributed.scheduler``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crawler import settings as defaults
from crawler.netguard import is_local_host

#: Scrapy never runs fewer requests at once than this, whatever the seed's per-site limit.
MIN_CONCURRENT_REQUESTS = defaults.CONCURRENT_REQUESTS


@dataclass(frozen=True)
class Politeness:
    delay: float  # seconds between two requests to one host
    autothrottle: bool  # Scrapy's AutoThrottle (longer waits for a host that answers slowly)
    concurrency: int = defaults.CONCURRENT_REQUESTS_PER_DOMAIN  # requests in flight per host

    @classmethod
    def for_site(
        cls,
        allowed_domains: Iterable[str],
        *,
        concurrency: int = defaults.CONCURRENT_REQUESTS_PER_DOMAIN,
        download_delay: float | None = None,
        autothrottle: bool | None = None,
    ) -> Politeness:
        """The seed's values where it gives them; else the polite defaults for real sites,
        or no delay and no AutoThrottle when every allowed domain is local (the demo site,
        the fixture outlets, test servers: ``crawler.netguard.is_local_host``)."""
        local = all(is_local_host(d) for d in allowed_domains)
        delay = defaults.NEWSARCHIVER_LOCAL_DOWNLOAD_DELAY if local else defaults.DOWNLOAD_DELAY
        throttle = defaults.AUTOTHROTTLE_ENABLED and not local
        return cls(
            delay=delay if download_delay is None else download_delay,
            autothrottle=throttle if autothrottle is None else autothrottle,
            concurrency=concurrency,
        )

    @property
    def total_concurrency(self) -> int:
        """Scrapy's ``CONCURRENT_REQUESTS``: at least the per-host limit."""
        return max(self.concurrency, MIN_CONCURRENT_REQUESTS)

    def scrapy_settings(self) -> dict[str, Any]:
        """The settings that make one Scrapy process keep to it."""
        return {
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency,
            "CONCURRENT_REQUESTS": self.total_concurrency,
            "DOWNLOAD_DELAY": self.delay,
            "AUTOTHROTTLE_ENABLED": self.autothrottle,
        }

    def frontier_settings(self) -> dict[str, Any]:
        """The settings of a worker: the frontier holds the delay and the per-host limit
        across all workers; Scrapy's per-process delay and AutoThrottle would add to it."""
        return {
            "NEWSARCHIVER_HOST_CONCURRENCY": self.concurrency,
            "NEWSARCHIVER_HOST_DELAY": self.delay,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
        }
