"""Discovery: where a news site lists its articles besides its section pages.

RSS/Atom feeds, (news) sitemaps and sitemap indexes, the places that announce them
(robots.txt ``Sitemap:`` lines, ``<link rel=alternate>``), and section pagination. Every
function here is pure: bytes or a parsed page in, URLs (with the date the listing gives)
out, so each is tested alone on saved inputs; the spider only wires them to requests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListedUrl:
    """One URL a feed or sitemap lists, with the date the listing gives for it.

    ``date`` is ISO 8601 (with the offset the listing stated, UTC for feeds whose date
    feedparser normalised), ``date_raw`` the text as written, ``source`` ``feed`` or
    ``sitemap``: the item's ``published_source`` when the page itself states no date.
    ``title``: the headline the listing gives (feed entry title, ``news:title``), which
    speaks for a URL whose shape alone says nothing, as a link's headline text does.
    ``tracking``, ``sessions``: how many tracking parameters and session ids were
    stripped from the URL as listed.
    """

    url: str
    source: str
    date: str | None = None
    date_raw: str | None = None
    title: str | None = None
    tracking: int = 0
    sessions: int = 0
