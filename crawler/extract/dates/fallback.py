"""The low-confidence published day of a page none of whose candidates gives one.

When no candidate of :mod:`crawler.extract.dates.sources` (nor the URL) dates a page,
htmldate's heuristics (its extensive search: any date in the page's markup or text it
judges the original one) often still find the right day, and a day marked as a guess is
more use to a researcher than none. It is the last candidate of the ranked list (kind
``htmldate``, low confidence: :data:`crawler.extract.dates.candidates.LOW_CONFIDENCE`), and
the item says so in ``published_source``: a bare day, never a time. htmldate gives the 1st
of the month for a month or a year alone (a copyright line): such a day is not taken. It
ranks below every listing date (:data:`crawler.extract.dates.candidates.RANK`), so a feed or
sitemap date announced for the URL still wins.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from typing import Any

from lxml import etree

from crawler.extract.dates.candidates import Candidate
from crawler.extract.dates.parse import FoundDate
from crawler.extract.dates.sources import chrome_of
from crawler.extract.page import Page

#: The ``published_source`` of the fallback's day.
FALLBACK_SOURCE = "htmldate"
#: Scripts other than structured data: a comment widget's ``document.write`` holds the
#: readers' dates, which htmldate's search of the serialised page would take.
_SCRIPTS = etree.XPath("//script[not(contains(@type, 'json'))]|//noscript|//template")
#: The earliest day a news page can be dated (as :mod:`crawler.extract.dates.candidates`).
_MIN_DAY = datetime(1995, 1, 1)


def fallback(page: Page, fetched: datetime | None) -> tuple[FoundDate, Candidate] | None:
    """htmldate's day for the page as the last candidate of the ranked list (kind
    ``htmldate``), never after ``fetched`` (the response's Date header; None: today)."""
    from htmldate import find_date

    try:
        day = find_date(
            _without_chrome(page),
            url=page.url,
            extensive_search=True,
            original_date=True,
            min_date=_MIN_DAY,
            max_date=fetched.replace(tzinfo=None) if fetched else None,
        )
    except Exception:  # noqa: BLE001 - a library failure means "no date here", never a crash
        return None
    if not day or day.endswith("-01"):  # a month or a copyright year: htmldate says day 1
        return None
    return FoundDate(day, day, FALLBACK_SOURCE), Candidate(day, FALLBACK_SOURCE, FALLBACK_SOURCE, 0)


def _without_chrome(page: Page) -> Any:
    """A copy of the page's tree without :data:`_SCRIPTS` and without the page chrome no
    date candidate is taken from (a masthead's date of today, comments, teasers, related
    boxes: :mod:`crawler.extract.dates.sources`); the page's own tree stays whole."""
    chrome = chrome_of(page)
    copy = deepcopy(page.tree)
    # a deep copy keeps the document order: the n-th element of each is the same
    cut = [
        mine
        for theirs, mine in zip(page.tree.iter(), copy.iter(), strict=True)
        if theirs.tag is not etree.Comment and (chrome.own(theirs) or page.in_related(theirs))
    ]
    for el in cut + _SCRIPTS(copy):
        if el.getparent() is not None:
            el.drop_tree()
    return copy
