"""RSS and Atom feeds: the article links they list, with each entry's date.

feedparser reads every feed dialect (RSS 0.9x-2.0, RSS 1.0/RDF, Atom 0.3/1.0) and the
broken ones real sites serve. It is only ever handed a stream of bytes that
``safexml.read_xml`` has already checked: given a string or bytes feedparser would take
them for a URL or a file name and open it. HTML sanitising and relative-URI resolution
are switched off (nothing of the entry's content is kept); links are resolved here
against the feed's own URL.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from urllib.parse import urljoin

import feedparser

from archive.urls import strip_params
from crawler.discovery import ListedUrl
from crawler.discovery.safexml import BadListing

#: Root elements of the feed dialects feedparser reads.
FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})


def parse_feed(data: bytes, url: str) -> list[ListedUrl]:
    """The entries' links of a feed (``data`` checked by ``read_xml``), in feed order."""
    parsed = feedparser.parse(BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise BadListing(f"is not a readable feed ({type(reason).__name__}: {reason})")
    listed = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        absolute, tracking, sessions = strip_params(urljoin(url, link.strip()).split("#", 1)[0])
        if not absolute.startswith(("http://", "https://")):
            continue
        date, raw = _entry_date(entry)
        title = entry.get("title") or None
        listed.append(ListedUrl(absolute, "feed", date, raw, title, tracking, sessions))
    return listed


def _entry_link(entry: Any) -> str | None:
    """The entry's own page: its ``link``, else an alternate link, else a permalink guid."""
    if entry.get("link"):
        return entry["link"]
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    if entry.get("guidislink") and entry.get("id"):
        return entry["id"]
    return None


def _entry_date(entry: Any) -> tuple[str | None, str | None]:
    """(ISO 8601 UTC, raw text) of the entry's published date, else its updated date.

    feedparser normalises every dialect's date format (RFC 822, W3C, ...) to UTC.
    """
    for key in ("published", "updated", "created"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed:
            when = datetime(*parsed[:6], tzinfo=UTC)
            return when.isoformat(), entry.get(key)
    return None, None
