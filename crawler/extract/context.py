"""What the crawl knows about one capture beyond its bytes: an input of extraction.

Why a type of its own: the page alone does not say how the crawler reached it (the section
listing, feed or article that linked it, the date and title a feed or sitemap gave for it).
Those facts change the item (``published*`` when the page states no date of its own,
``section``, ``discovery``), so they are an input of
:func:`crawler.extract.capture.item_from_capture` like the capture itself, and they are
archived with the capture, one WARC ``metadata`` record beside its response (as Heritrix
records ``via``), so ``newsarchiver reextract`` has exactly what the crawl had. Plain frozen
data (picklable, JSON both ways) that imports neither Scrapy nor the seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from crawler.extract.rules import SiteRules

#: Name of the warc-fields line that holds the context as JSON.
WARC_FIELD = "newsarchiver-context"
#: ``via`` of the fetches the crawl makes to extract an article (``discovery.via`` of items);
#: the others are ``start``, ``pagination``, ``listing`` and ``requisite``.
ARTICLE_VIAS = frozenset({"section", "related", "feed", "sitemap"})


@dataclass(frozen=True)
class Listed:
    """One announcement of the capture's URL by a listing.

    ``source``: ``feed``, ``sitemap`` or ``listing`` (a teaser on a section page);
    ``listing``: the URL of that feed, sitemap or section page; ``date``: ISO 8601 as the
    listing gave it, ``raw`` the text as written; ``title``: the headline the listing gave.
    """

    source: str
    listing: str | None = None
    date: str | None = None
    raw: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Listed:
        """Inverse of :meth:`to_dict`; ``ValueError`` when ``data`` is no announcement."""
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            raise ValueError("an announcement without a 'source'")
        fields = ("listing", "date", "raw", "title")
        return cls(data["source"], *(_text(data.get(k)) for k in fields))


@dataclass(frozen=True)
class CrawlContext:
    """How the crawl reached a capture and what it had been told about it.

    ``via``, ``from_url``, ``depth``: the item's ``discovery`` (``depth`` counts article hops
    from the seed's sections). ``section``: the seed section whose listing linked the page,
    None when no section page did (a feed, a sitemap, a related story). ``listed``: every
    announcement of the URL (and of the URLs that redirected to it) the crawl had read when
    the page was fetched, in the order it read them. ``candidate``: the crawl followed the
    link for its shape alone (a story-shaped URL the seed's article pattern does not match),
    so the page is an item only if it looks like an article
    (:func:`crawler.extract.pagekind.is_article_body`).
    """

    via: str = "start"
    from_url: str | None = None
    depth: int = 0
    section: str | None = None
    listed: tuple[Listed, ...] = ()
    candidate: bool = False

    @property
    def is_article_fetch(self) -> bool:
        """Whether the crawl fetched the page to extract an article from it."""
        return self.via in ARTICLE_VIAS

    def listing_sections(self, site: SiteRules) -> tuple[str, ...]:
        """The seed sections whose listings linked the page: the one the crawl followed
        (``section``) and those of the section pages among the announcements."""
        found = [self.section] if self.section else []
        for listed in self.listed:
            if listed.source == "listing" and listed.listing:
                found.append(site.section_for_url(listed.listing) or "")
        return tuple(dict.fromkeys(name for name in found if name))

    def discovery(self) -> dict[str, Any]:
        """The item's ``discovery`` field."""
        return {"via": self.via, "from_url": self.from_url, "depth": self.depth}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlContext:
        """Inverse of :meth:`to_dict`; unknown keys are ignored (a newer writer's additions).

        Raises ``ValueError`` naming what is wrong when ``data`` is no context.
        """
        if not isinstance(data, dict) or not isinstance(data.get("via"), str):
            raise ValueError("crawl context without a 'via'")
        listed = data.get("listed", [])
        if not isinstance(listed, list):
            raise ValueError("crawl context 'listed' is not a list of announcements")
        depth = data.get("depth", 0)
        if not isinstance(depth, int):
            raise ValueError(f"crawl context 'depth' is not a number: {depth!r}")
        return cls(
            via=data["via"],
            from_url=_text(data.get("from_url")),
            depth=depth,
            section=_text(data.get("section")),
            candidate=data.get("candidate") is True,
            listed=tuple(Listed.from_dict(e) for e in listed),
        )

    def to_json(self) -> str:
        """One line of JSON (no newline in it, so it fits a warc-fields line).

        orjson writes the dataclass itself, fields in order, exactly as it writes
        :meth:`to_dict`'s answer, without ``asdict``'s deep copies (a context per capture)."""
        return orjson.dumps(self).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes) -> CrawlContext:
        """Inverse of :meth:`to_json`; ``ValueError`` (one line) for anything else."""
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"crawl context is not JSON ({exc})") from None
        return cls.from_dict(data)

    def warc_fields(self) -> list[tuple[str, str]]:
        """The body of the capture's ``metadata`` record (``application/warc-fields``):
        Heritrix's ``via`` (the page that linked this one) for tools that read it, and the
        whole context as JSON."""
        fields = [("via", self.from_url)] if self.from_url else []
        return [*fields, (WARC_FIELD, self.to_json())]

    @classmethod
    def from_warc_fields(cls, fields: Sequence[tuple[str, str]]) -> CrawlContext | None:
        """The context a ``metadata`` record holds, None when it holds none (another tool's
        record); ``ValueError`` when the record holds a damaged one."""
        for name, value in fields:
            if name.lower() == WARC_FIELD:
                return cls.from_json(value)
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
