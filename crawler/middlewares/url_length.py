"""Scrapy's UrlLengthMiddleware, except that a URL it drops is counted and said.

Why: a link longer than ``URLLENGTH_LIMIT`` (2,083 characters, the
old browsers' limit) was dropped with an INFO line only, so a crawl that lost a page that
way looked clean. Each is counted (stat ``newsarchiver/dropped/url_too_long``, the
summary's ``dropped`` line); the first gets one WARNING line (a page can hold thousands).
It is a policy refusal, not a failed fetch: the exit code stays what it was.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware

from crawler.summary import DROPPED_PREFIX

if TYPE_CHECKING:
    from scrapy.http import Request, Response

console = logging.getLogger("newsarchiver.crawl")

#: How much of an over-long URL the WARNING line shows.
SHOWN = 100


class CountedUrlLengthMiddleware(UrlLengthMiddleware):
    warned = False

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if len(request.url) <= self.maxlength:
            return request
        self.crawler.stats.inc_value(DROPPED_PREFIX + "url_too_long")
        if not self.warned:
            self.warned = True
            console.warning(
                "%s...: URL longer than %d characters (URLLENGTH_LIMIT), not followed "
                "(further ones counted only)",
                request.url[:SHOWN],
                self.maxlength,
            )
        return None
