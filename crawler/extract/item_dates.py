"""The item's ``published*`` and ``modified*`` fields, from the ranked candidates.

:mod:`crawler.extract.page_dates` collects and ranks what the page states; this module
sets the item from the winners and, with no timezone known, gives a UTC winner the offset
the page itself shows (:mod:`crawler.extract.local_offset`), so both dates land on the
day a reader of the page saw.
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extract.dates import ISO_RE, FoundDate, parse_clock_first, parse_date
from crawler.extract.local_offset import in_offset, page_offset
from crawler.extract.page import Page
from crawler.extract.page_dates import (
    Candidate,
    choose_staged,
    modified_stages,
    parse_candidate,
    published_stages,
)
from crawler.extract.textdates import languages_for
from crawler.items import ArticleItem

#: Meta names that hold a date (``article_date_original``, ``sailthru.date``, ``pubdate``).
_DATE_KEY = re.compile(r"date|time|publish|created|modified|updated", re.I)
#: A zone written out in a machine date ("Tue Nov 19 2019 03:05:46 GMT+0000").
_GMT = re.compile(r"\b(?:GMT|UTC)\b|[+-]\d{2}:?\d{2}\s*$")


def fill_dates(item: ArticleItem, page: Page) -> list[Any]:
    """Set the item's ``published*`` and ``modified*`` fields; returns the elements that
    stated them (kept out of the body)."""
    languages = languages_for(page.rules.language if page.rules_given else None, item.language)
    found = choose_staged(published_stages(page), page.tz, languages)
    published = found[0] if found else None
    changed = choose_staged(modified_stages(page), page.tz, languages)
    modified = changed[0] if changed else None
    if page.tz is None and (published and not found[1].text or modified):
        winners = [f for f in (found, changed) if f and not f[1].text]
        offset = page_offset(*_offset_evidence(page, winners))
        for date in (published, modified):
            if offset is not None and date and date.value.endswith("+00:00"):
                date.value = in_offset(date.value, offset)
    els = [found[1].element] if found and found[1].element is not None else []
    if published:
        item.published, item.published_raw, item.published_source = (
            published.value,
            published.raw,
            published.source,
        )
    if modified and published and modified.value == published.value:
        # dateModified == datePublished is how CMSs say "never updated"
        item.missing["modified"] = f"modified date equals published date ({modified.source})"
        modified = None
    if modified and changed and changed[1].element is not None:
        els.append(changed[1].element)
    if modified:
        item.modified, item.modified_raw, item.modified_source = (
            modified.value,
            modified.raw,
            modified.source,
        )
    return els


def _offset_evidence(
    page: Page, winners: list[tuple[FoundDate, Candidate]]
) -> tuple[list[str], list[tuple[str, bool]]]:
    """The page's UTC instants (the winners first) and every other form of a date it states,
    as (parsed value, read as a wall clock), for :func:`page_offset`.

    A page says one instant in several places: a ``<time datetime="...Z">`` with the local
    wall clock as its text, a CMS's naive local stamp beside the UTC one (``sailthru.date``),
    the modified instant with its offset in ``og:updated_time``. Any such pair shows the
    page's offset, also when it is the update's and not the publication's."""
    instants = [w[0].value for w in winners]
    forms: list[tuple[str, bool]] = []
    stages = published_stages(page)[:-1] + modified_stages(page)  # all but the URL's day
    for c in (c for _, stage in stages for c in stage()):
        value = parse_candidate(c, None, ())  # regexes only
        if value:
            wall = c.text or not _explicit(c.raw)
            forms.append((value, wall))
            if not wall and value.endswith("+00:00"):
                instants.append(value)
        if c.element is not None and c.element.tag == "time" and not c.text:
            if value := parse_clock_first(page.text(c.element)):  # its text: the wall clock
                forms.append((value, True))
    for key, raw in page.meta.items():  # "article_date_original", "sailthru.date", ...
        if _DATE_KEY.search(key) and (value := parse_date(raw)):
            forms.append((value, not _explicit(raw)))
    return instants, forms


def _explicit(raw: str) -> bool:
    """True when a machine date states its offset (``Z``, ``+00:00``, ``-0800``)."""
    mt = ISO_RE.search(raw or "")
    return bool(mt and mt["tz"]) or bool(_GMT.search(raw or ""))
