"""Archive-by-day URLs are listings, and the spider reads them within a budget."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery.calendar import calendar_date
from crawler.discovery.links import SiteLinks
from crawler.seed import DEFAULT_ARTICLE_PATTERN
from crawler.spiders.calendar import CALENDAR_META
from crawler.spiders.news import NewsSpider
from crawler.summary import CALENDAR_PREFIX

from ...conftest import ROOT

LINKS = SiteLinks(["news.demo.test"], DEFAULT_ARTICLE_PATTERN, candidates=True)
SITE = "http://news.demo.test"


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/archive/2026/11/09/", date(2026, 11, 9)),
        ("/2026/11/09", date(2026, 11, 9)),
        ("/archiv/2026/11/", date(2026, 11, 1)),
        ("/archive/2026-11-09/", date(2026, 11, 9)),
        ("/politik/archive?date=2026-11-09", date(2026, 11, 9)),
        ("/archive/2026/11/09/?page=2", date(2026, 11, 9)),
    ],
)
def test_a_path_ending_with_a_date_is_a_calendar_page_not_an_article(path: str, day: date) -> None:
    assert calendar_date(SITE + path) == day
    assert LINKS.is_calendar(SITE + path)
    assert not LINKS.is_article(SITE + path) and not LINKS.is_candidate(SITE + path, "9")


@pytest.mark.parametrize(
    "path",
    [
        "/politics/2026/11/09/budget-vote-fails/",  # a dated story: something after the date
        "/2026/11/09/123456.html",
        "/news/20261109",  # eight digits: an id as often as a date
        "/archive/2026/",  # a year alone: too many ids are four digits
        "/archive/2026/13/40/",  # no such day
    ],
)
def test_a_story_or_an_id_is_no_calendar_page(path: str) -> None:
    assert calendar_date(SITE + path) is None


def spider(cap: int = 40) -> NewsSpider:
    crawler = get_crawler(NewsSpider, {"NEWSARCHIVER_MAX_CALENDAR_PAGES": cap})
    news = NewsSpider.from_crawler(crawler, seed=str(ROOT / "seeds" / "demo.toml"))
    crawler.stats.open_spider()
    return news


def listing(url: str, links: list[str], meta: dict | None = None) -> HtmlResponse:
    body = "".join(f'<a href="{href}">{href}</a>' for href in links)
    request = Request(url, meta={"section": "Politik", **(meta or {})})
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(), request=request)


def test_a_section_queues_past_days_as_listings_and_never_a_future_day() -> None:
    news = spider()
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    past = f"/archive/{today - timedelta(days=3):%Y/%m/%d}/"
    future = f"/archive/{today + timedelta(days=1):%Y/%m/%d}/"
    page = listing(SITE + "/politik/", [past, future, past])
    requests = [r for r in news.parse_section(page) if r.meta.get(CALENDAR_META)]
    assert [r.url for r in requests] == [SITE + past]
    assert requests[0].callback == news.parse_section
    assert requests[0].meta["discovery"]["via"] == "calendar"
    assert requests[0].meta["section"] is None  # a day lists every section's stories
    stats = news.crawler.stats
    assert stats.get_value(CALENDAR_PREFIX + "future_not_fetched") == 1
    assert stats.get_value(CALENDAR_PREFIX + "pages") == 1


def test_an_empty_calendar_page_ends_the_walk_and_the_cap_bounds_the_rest() -> None:
    news = spider(cap=2)
    day = "/archive/2025/11/{:02d}/"
    empty = listing(SITE + day.format(1), [day.format(2)], {CALENDAR_META: True})
    assert [r for r in news.parse_section(empty) if r.meta.get(CALENDAR_META)] == []
    full = listing(
        SITE + day.format(3),
        ["/politik/2025/11/a-story.html", *(day.format(n) for n in range(4, 9))],
        {CALENDAR_META: True},
    )
    queued = [r.url for r in news.parse_section(full) if r.meta.get(CALENDAR_META)]
    assert queued == [SITE + day.format(4), SITE + day.format(5)]
    stats = news.crawler.stats
    assert stats.get_value(CALENDAR_PREFIX + "empty_pages_not_followed") == 1
    assert stats.get_value(CALENDAR_PREFIX + "over_cap") == 3
