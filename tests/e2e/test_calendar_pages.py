"""Archive-by-day pages crawled with a five-field seed: listings, never article items.

The Valley Chronicle (demosite/outlets/chronicle.py) puts a date picker on every listing:
``/archive/YYYY/MM/DD/`` day pages, month pages, "Next day" links that run on into the
future for ever. Day pages are dated like stories and carry a headline, so they became
items (one per day fetched) with the calendar grid as body; two stories are listed on
their day's page only, so the pages must still be read as listings.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from demosite.outlets.chronicle import Chronicle
from tests.conftest import crawl_outlet


def test_calendar_pages_are_listings_not_items_and_a_forward_calendar_stays_bounded(
    tmp_path: Path,
) -> None:
    outlet = Chronicle()
    crawl = crawl_outlet(outlet, tmp_path)
    proc, fetched = crawl.proc, crawl.fetched
    assert proc.returncode == 0, proc.stdout + proc.stderr
    items = crawl.items
    urls = [i["url"] for i in items]
    # no calendar page is an item; every story is one, the two listed on day pages only too
    assert [u for u in urls if "/archive/" in u] == []
    assert sorted(urls) == sorted(s.url for s in outlet.stories)
    archive_only = {s.url for s in outlet.stories if s.reach == "archive"}
    assert archive_only and archive_only <= set(urls)
    # the forward-running calendar is bounded: no future day, a capped number of pages
    calendar = [p for p in fetched if p.startswith("/archive/")]
    today = datetime.now(ZoneInfo(outlet.timezone)).date()
    days = [re.match(r"/archive/(\d{4})/(\d\d)/(\d\d)?", p) for p in calendar]
    assert all(date(int(d[1]), int(d[2]), int(d[3] or 1)) <= today for d in days), calendar
    assert 5 <= len(calendar) <= 40  # NEWSARCHIVER_MAX_CALENDAR_PAGES
    assert max(fetched[p] for p in calendar) == 1
    # ... and counted in the summary
    line = re.search(r"calendar +(\d+) archive-by-day pages read as listings; (.*)", proc.stdout)
    assert line, proc.stdout
    assert int(line[1]) == len(calendar)
    assert "empty days' links" in line[2]
