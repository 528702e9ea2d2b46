"""The news spider's load-more requests: a section's older stories behind a button.

The endpoints (:mod:`crawler.discovery.load_more`) are fetched as the section's next pages:
``discovery.via`` ``pagination``, within ``[links] max_section_pages`` like any other page
of the section, archived like every response, and counted (``newsarchiver/load_more_pages``
and the summary's ``load-more`` line). An answer in HTML (a fragment of teasers) is read
as a section page, so its own load-more button leads on; a JSON answer is read by
:mod:`crawler.discovery.json_listing`, its next page taken from the answer itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from crawler.discovery.json_listing import parse_json, read_json_listing
from crawler.discovery.load_more import load_more_urls
from crawler.extract.context import Listed
from crawler.summary import LOAD_MORE_STAT

if TYPE_CHECKING:
    from crawler.seed import Seed

#: Request meta key of a load-more request (its answer may be JSON).
LOAD_MORE_META = "load_more"
#: What a page's script sends when it asks for more: some endpoints answer only then.
LOAD_MORE_HEADERS = {
    "X-Requested-With": "XMLHttpRequest",
    "Accept": "application/json, text/html;q=0.9, */*;q=0.8",
}


class LoadMoreMixin:
    """Load-more requests and JSON answers for ``NewsSpider`` (which provides the helpers)."""

    seed: Seed | None

    def load_more_requests(self, response: Response, stories: int) -> Iterator[Request]:
        """The load-more endpoints of a section page, as the section's next pages."""
        for url in load_more_urls(response.selector, response.url, stories):
            if not self.is_story(url):  # a share button's article
                yield from self._load_more(response, url)

    def _load_more(self, response: Response, url: str) -> Iterator[Request]:
        for request in self.section_page_request(response, url, **{LOAD_MORE_META: True}):
            yield request.replace(headers={**LOAD_MORE_HEADERS})

    def load_more_json(self, response: Response) -> Any | None:
        """Count a load-more answer; its JSON document, or None (HTML: a section page)."""
        if not response.meta.get(LOAD_MORE_META):
            return None
        self.crawler.stats.inc_value(LOAD_MORE_STAT)
        return parse_json(response.body)

    def json_page_requests(self, response: Response, doc: Any) -> Iterator[Request]:
        """The stories a JSON load-more answer lists, and its next page."""
        assert self.seed is not None
        listing = read_json_listing(doc, response.url, self.is_story, self.seed.timezone)
        for story in listing.stories:
            url = self._clean(story.url)
            if story.date:
                value, raw = story.date
                self.announced.add(url, Listed("listing", response.url, value, raw))
            yield from self.story_request(response, url, story.title or "")
        if listing.next_url:
            yield from self._load_more(response, self._clean(listing.next_url))
