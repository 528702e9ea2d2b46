"""One way to report a request the crawl gives up on: counted, one visible line.

Why: Scrapy drops redirect loops, over-long redirect chains, offsite redirects and refused
addresses at DEBUG level, so a lost article looked like a clean run. Every component that
drops a request on purpose reports it here: a ``newsarchiver/dropped/<kind>`` stat (the
summary lists them), the error count (a lost page makes the exit code 1; a lost image or
stylesheet counts as a requisite error, as a missing image does) and one WARNING line.

The address refusals live here too: the guard middleware raises them, and so does the resolver
of the download handler below it (``crawler.handlers.guarded_resolver``), which must not
import a middleware.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.summary import DROPPED_PREFIX

#: Request meta key naming a fetch made only to discover listings ("feed or sitemap", ...);
#: its failure is one WARNING line but does not make the crawl partial (``NewsSpider.on_error``).
DISCOVERY_ONLY_META = "discovery_only"

console = logging.getLogger("newsarchiver.crawl")


class AddressRefused(IgnoreRequest):
    """A request the guard refused; already reported (one line, counted)."""


class ResolvedAddressRefused(AddressRefused):
    """A host name the resolver refused at connect time; reported in process_exception."""


def is_requisite(request: Request) -> bool:
    return (request.meta.get("discovery") or {}).get("via") == "requisite"


def report_dropped(crawler: Crawler, request: Request, kind: str, why: str) -> None:
    """Count ``request`` as dropped for reason ``kind`` and say so in one line."""
    stats = crawler.stats
    assert stats is not None
    stats.inc_value(DROPPED_PREFIX + kind)
    if is_requisite(request):
        stats.inc_value("newsarchiver/requisite_errors")
        console.warning("%s: page requisite: %s", request.url, why)
    elif request.meta.get(DISCOVERY_ONLY_META):
        # A feed, sitemap, robots.txt or home page is no page of the site: like its failed
        # fetch, losing it does not make the crawl partial.
        console.warning("%s: %s: %s", request.url, request.meta[DISCOVERY_ONLY_META], why)
    else:
        stats.inc_value("newsarchiver/errors")
        console.warning("%s: %s", request.url, why)
