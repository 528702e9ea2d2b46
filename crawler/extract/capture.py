"""One capture in, one item out: the path the crawl and ``newsarchiver reextract`` share.

A capture is what the archive holds of one fetch: URL, HTTP status, response headers, the
body with its content coding undone, and the WARC pointer of its record. The spider builds one
from a Scrapy response, re-extraction from a WARC record, and both hand it to
:func:`item_from_capture`, a pure function of the capture, the site's rules (plain data the
seed gives, :class:`crawler.extract.rules.SiteRules`) and what the crawl knew about the
capture (:class:`crawler.extract.context.CrawlContext`: how it reached the page, the section
listing that linked it, the dates feeds and sitemaps gave). The crawl archives that context
beside the capture (a WARC ``metadata`` record), so an archive re-extracted later gives the
items the crawl gave, every field: there is no second copy of this code to drift, and no
input re-extraction lacks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.http import HtmlResponse
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes

from crawler.extract.article import extract_page
from crawler.extract.context import CrawlContext
from crawler.extract.dates.listed import apply_listed_date
from crawler.extract.pagekind import is_article_body
from crawler.extract.profile import PageFeatures, SiteProfile
from crawler.extract.rules import SiteRules
from crawler.items import ArticleItem

#: Item fields a re-extraction of the crawl's WARC files cannot reproduce: none. Every field
#: comes from the capture (``fetched_at`` is the record's WARC-Date, ``warc`` its pointer) or
#: from the crawl context archived beside it. (``fetched_at`` of a crawl that archives nothing
#: is the clock's, but then there is nothing to re-extract.)
CRAWL_ONLY_FIELDS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Capture:
    """The inputs of extraction: one fetch as archived, body already content-decoded.

    ``headers`` are name/value pairs (repeats allowed); a ``Content-Encoding`` among them
    means the body is still encoded (a coding nobody could undo). ``warc`` is the item's WARC
    pointer (``WarcPointer.to_dict()``); ``truncated`` is true for a body cut short.
    ``html``: whether Scrapy made an HTML response of it, when that is known (the spider's
    response class); left None, Scrapy's response types are asked the same question.
    """

    url: str
    status: int
    headers: Sequence[tuple[str, str]]
    body: bytes
    warc: dict[str, Any] | None = None
    truncated: bool = False
    html: bool | None = None


@dataclass(frozen=True)
class Skipped:
    """A capture that gives no item, and why.

    ``kind``: ``"not-article"`` (not a 2xx HTML page), ``"not-story"`` (a page the crawl
    reached by a story-shaped link alone that is no article: :data:`NOT_A_STORY`),
    ``"truncated"`` (body cut short, so archived but not extracted), ``"no-article"``
    (extracted, but neither headline nor body text: archived, reported, no item) or
    ``"error"`` (the extractor failed: a bug to report).
    """

    url: str
    reason: str
    kind: str = "not-article"


#: Why a page reached by a link only shaped like a story is no item.
NOT_A_STORY = "pages linked like a story that are no article"
#: Why a page that yields neither a headline nor body text is not an item.
NO_ARTICLE = "no article on the page (no headline, no body text); archived, not an item"


def item_from_capture(
    capture: Capture,
    site: SiteRules,
    context: CrawlContext | None = None,
    *,
    fetched_at: str | None = None,
    profile: SiteProfile | None = None,
    features: list[PageFeatures] | None = None,
) -> ArticleItem | Skipped:
    """The article item of ``capture``, or why there is none.

    ``context``: what the crawl knew of the capture (None: nothing, as for a capture archived
    before contexts were, whose item then has no ``discovery``); ``fetched_at`` is used only
    when the capture has no WARC pointer to date it; ``profile``: the site's profile (None:
    the generic extractor alone). ``features``, when given, receives what the page
    contributes to its site's profile (the item is the same either way). Every argument is
    plain picklable data.
    """
    why = _not_an_article(capture)
    if why is not None:
        return Skipped(capture.url, why)
    if capture.truncated:
        return Skipped(capture.url, "body truncated: archived, not extracted", "truncated")
    headers = joined_headers(capture.headers)
    fetch_time = warc_fetch_time(capture.warc) or fetched_at
    try:
        listed_in = context.listing_sections(site) if context is not None else ()
        where = (site.sections, listed_in)
        item, found = extract_page(
            capture.url,
            headers,
            capture.body,
            site.extraction,
            profile,
            features=features is not None,
            where=where,
            fetched=_instant(fetch_time),
        )
    except Exception as exc:  # the extractor promises not to raise; never lose the crawl
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
        return Skipped(capture.url, reason, "error")
    if features is not None and found is not None:
        features.append(found)
    if not item.headline and not item.body:  # a gzip bomb of spaces, an empty shell page
        return Skipped(capture.url, NO_ARTICLE, "no-article")
    if context is not None and context.candidate:
        if not is_article_body(capture.body, item, headers):
            return Skipped(capture.url, NOT_A_STORY, "not-story")
    item.site = site.site
    if context is not None:
        apply_listed_date(item, context.listed, site.extraction.timezone)
    item.warc = capture.warc
    item.fetched_at = fetch_time
    item.discovery = context.discovery() if context is not None else None
    return item


def _not_an_article(capture: Capture) -> str | None:
    """Why the capture is no article page to extract, or None."""
    if not 200 <= capture.status < 300:
        return f"HTTP status {capture.status}"
    headers = Headers()
    for name, value in capture.headers:
        headers.appendlist(name, value)
    html = capture.html
    if html is None:  # the class Scrapy gives a response with these headers, URL and body
        cls = responsetypes.from_args(headers=headers, url=capture.url, body=capture.body)
        html = issubclass(cls, HtmlResponse)
    if not html:
        ctype = (headers.get(b"Content-Type") or b"unknown").decode("latin-1")
        return f"not an HTML page (Content-Type {ctype})"
    return None


def joined_headers(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """One value per header name (repeats joined with ``, ``, the first spelling kept)."""
    names: dict[str, str] = {}
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = names.setdefault(name.lower(), name)
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _instant(when: str | None) -> datetime | None:
    """``when`` (ISO 8601) as an aware instant (UTC without an offset), or None."""
    try:
        found = datetime.fromisoformat(when.replace("Z", "+00:00")) if when else None
    except ValueError:
        return None
    return found if found is None or found.tzinfo else found.replace(tzinfo=UTC)


def warc_fetch_time(warc: dict[str, Any] | None) -> str | None:
    """The capture's WARC-Date as an ISO 8601 UTC time (``...+00:00``), or None."""
    date = (warc or {}).get("date")
    if not date:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(date.replace("Z", "+00:00")).astimezone(UTC).isoformat()
    return date
