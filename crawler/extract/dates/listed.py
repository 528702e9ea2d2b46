"""A listing's date for the article it announces, ranked with the page's own dates.

A page that states no date of its own (or only the one in its URL) takes the date its feed
entry, sitemap or section teaser gave (``published_source`` ``feed``, ``sitemap`` or
``listing``). Of several announcements the best ranked source wins (feed, then sitemap, then
listing: :data:`crawler.extract.dates.candidates.RANK`), then the earliest date, whatever order the
crawl read the listings in. Part of extraction, not of the crawl: the announcements are an
input (:class:`crawler.extract.context.CrawlContext`), so re-extraction ranks them the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.extract.context import Listed
from crawler.extract.dates.candidates import RANK, Candidate, choose, listed_candidate
from crawler.extract.dates.parse import parse_date
from crawler.items import ArticleItem


def _key(listed: Listed) -> tuple[int, str]:
    return RANK.get(listed.source, len(RANK)), parse_date(listed.date or "", "UTC") or ""


def best_listed(announced: Iterable[Listed]) -> Listed | None:
    """The best ranked announcement with a valid date, or None."""
    dated = [a for a in announced if a.date and parse_date(a.date, "UTC") is not None]
    return min(dated, key=_key) if dated else None


def apply_listed_date(item: ArticleItem, announced: Iterable[Listed], tz: str) -> None:
    """Rank the best announcement's date with the page's own (it beats only the URL's
    date, or gives a bare date its time) and keep the winner."""
    listed = best_listed(announced)
    if listed is None or not listed.date:
        return
    theirs = listed_candidate(listed.date, listed.raw, listed.source)
    cands = [theirs]
    if item.published:
        kind = item.published_source if item.published_source in RANK else "meta"
        cands.append(Candidate(item.published, kind, item.published_source or kind, 0))
    found = choose(cands, tz)
    if found is None or found[1] is not theirs:
        return
    item.published = found[0].value
    item.published_raw = listed.raw or listed.date
    item.published_source = listed.source
    item.missing.pop("published", None)
