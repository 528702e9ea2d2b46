"""Archive-by-day and calendar pages, read as listings within a budget.

A section's date picker links to one page per day (``crawler.discovery.calendar``); those
pages list that day's stories, so the spider reads them like section pages (their stories
are queued, they never become items). A calendar is also a trap: its "next day" and month
grid links run on into days that have no story yet, for ever. Three rules bound it, and
every page they leave out is counted in the crawl's summary:

* a day after today (in the seed's timezone) is never fetched: no story is published there;
* the calendar links of a calendar page that lists no story are not followed: an empty day
  leads to the next empty day, so the walk ends at the first one;
* at most ``NEWSARCHIVER_MAX_CALENDAR_PAGES`` calendar pages per crawl (a month grid with
  its neighbours), the rest counted with one WARNING line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from scrapy import Request
from scrapy.http import Response

from crawler.discovery.calendar import calendar_date
from crawler.summary import CALENDAR_PREFIX

if TYPE_CHECKING:
    from crawler.seed import Seed

console = logging.getLogger("newsarchiver.crawl")

#: Request meta key set on calendar page requests.
CALENDAR_META = "calendar_page"


class CalendarMixin:
    """Calendar page requests for ``NewsSpider`` (which provides the helpers used here)."""

    seed: Seed | None
    _calendar_pages: int = 0  # calendar pages queued so far in this crawl
    _calendar_capped: bool = False

    def calendar_requests(
        self, urls: Iterable[str], response: Response, listed_stories: bool
    ) -> Iterator[Request]:
        """Requests for the calendar pages ``response`` links, within the budget.

        ``listed_stories``: whether ``response`` linked any story (an empty calendar page's
        own calendar links are not followed).
        """
        assert self.seed is not None
        urls = list(dict.fromkeys(urls))
        if not urls:
            return
        stats = self.crawler.stats
        if response.meta.get(CALENDAR_META) and not listed_stories:
            stats.inc_value(CALENDAR_PREFIX + "empty_pages_not_followed")
            return
        today = datetime.now(ZoneInfo(self.seed.timezone)).date()
        cap = self.settings.getint("NEWSARCHIVER_MAX_CALENDAR_PAGES")
        for url in urls:
            day = calendar_date(url)
            if day is None or not self._first_time(url):
                continue
            if day > today:
                stats.inc_value(CALENDAR_PREFIX + "future_not_fetched")
                continue
            if self._calendar_pages >= cap:
                stats.inc_value(CALENDAR_PREFIX + "over_cap")
                self._calendar_cap_hit(response.url, cap)
                continue
            self._calendar_pages += 1
            stats.inc_value(CALENDAR_PREFIX + "pages")
            yield Request(
                url,
                callback=self.parse_section,
                errback=self.on_error,
                priority=-1,  # after the stories already queued, like section pagination
                meta=self._calendar_meta(response.url),
            )

    def _calendar_meta(self, from_url: str) -> dict[str, Any]:
        # No section: a day's page lists the stories of every section.
        return {
            "section": None,
            "section_page": 1,
            CALENDAR_META: True,
            "discovery": self._via("calendar", from_url, 0),
        }

    def _calendar_cap_hit(self, url: str, cap: int) -> None:
        if self._calendar_capped:
            return
        self._calendar_capped = True
        console.warning(
            "%s: calendar: stopped at %d archive-by-day pages per crawl "
            "(NEWSARCHIVER_MAX_CALENDAR_PAGES); the others not fetched, counted in the summary",
            url,
            cap,
        )
