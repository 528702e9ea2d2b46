"""The item's ``published*`` and ``modified*`` fields, from the ranked candidates.

:mod:`crawler.extract.page_dates` collects and ranks what the page states; this module
sets the item from the winners and, with no timezone known, gives a UTC winner the offset
the page itself shows (:mod:`crawler.extract.local_offset`), so both dates land on the
day a reader of the page saw.
"""

from __future__ import annotations

from typing import Any

from crawler.extract.local_offset import in_offset, page_offset
from crawler.extract.page import Page
from crawler.extract.page_dates import (
    choose_staged,
    modified_stages,
    parse_candidate,
    published_stages,
)
from crawler.extract.textdates import languages_for
from crawler.items import ArticleItem


def fill_dates(item: ArticleItem, page: Page) -> list[Any]:
    """Set the item's ``published*`` and ``modified*`` fields; returns the elements that
    stated them (kept out of the body)."""
    languages = languages_for(page.rules.language if page.rules_given else None, item.language)
    found = choose_staged(published_stages(page), page.tz, languages)
    published = found[0] if found else None
    offset = None
    if published and page.tz is None and not found[1].text:
        stages = published_stages(page)[:-1]  # every candidate but the URL's day
        others = (c for _, stage in stages for c in stage() if c != found[1])
        parsed = (
            (v, c.text) for c in others if (v := parse_candidate(c, None, ()))
        )  # regexes only
        offset = page_offset(published.value, parsed)
        if offset is not None:
            published.value = in_offset(published.value, offset)
    els = [found[1].element] if found and found[1].element is not None else []
    if published:
        item.published, item.published_raw, item.published_source = (
            published.value,
            published.raw,
            published.source,
        )
    changed = choose_staged(modified_stages(page), page.tz, languages)
    modified = changed[0] if changed else None
    if modified and offset is not None and modified.value.endswith("+00:00"):
        modified.value = in_offset(modified.value, offset)
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
