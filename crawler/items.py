"""The article item: the crawler's side of the record whose shape the JSON Schema defines.

Every JSONL line the crawler writes is ``ArticleItem.to_dict()``. The shape (fields, their
order and types, ``schema_version``) is defined once, in
``archive/schema/export-row.schema.json`` (:mod:`archive.exports.row_schema`); these
dataclasses are checked against it field by field (``tests/archive/exports/test_row_schema.py``).
Field meanings:

- ``url``: the URL that was fetched; ``canonical_url``: ``<link rel=canonical>`` / og:url
  when the page states one, else ``url``.
- ``site``: the seed's name; ``section``: the seed section the page belongs to (its
  breadcrumb or kicker links to it, its URL is under it, or its listing linked the page),
  else what the page declares (JSON-LD ``articleSection``, ``article:section``); never a URL
  segment that names no seed section (``crawler.extract.section``); ``language``: ISO 639-1.
- ``headline``, ``lead`` (standfirst / description), ``body`` (plain text, paragraphs
  separated by one blank line, without captions, related-story boxes or navigation).
- ``authors``: person names only (never "von X und Y"); ``agency``: news agency such as
  ``dpa`` taken from lines like ``@ dpa.de`` or ``(dpa)``.
- ``topics``: breadcrumb topics / keywords, in page order, no duplicates.
- ``published`` / ``modified``: ISO 8601. With a time they always carry the true UTC
  offset of the site's timezone at that instant (``2025-12-02T17:52:59+01:00``); a
  date without a time stays a bare date (``2025-12-02``). ``*_raw`` is the string as it
  appeared on the page and ``*_source`` where it came from: one of ``json-ld``,
  ``microdata``, ``meta``, ``time-element``, ``text``, ``url``, ``feed``, ``sitemap``,
  ``listing``, or ``htmldate``: a low-confidence day guessed by htmldate's heuristics on a
  page none of whose own date candidates gave one (``crawler.extract.dates.fallback``).
  ``url`` and ``htmldate`` are guesses (``crawler.extract.dates.candidates.LOW_CONFIDENCE``):
  filter them out where only a date the page states as its publication will do.
- ``images``: each image once, with ``caption`` (without the credit) and ``credit``
  (split off ``- Foto: ...``, ``Foto: ...``, ``(c)``/``©``, ``Bild: ...``).
- ``related``: the related-stories box ("Weitere Meldungen"): url, headline, teaser,
  section, published (normalised like ``published``).
- ``extractor``: ``{"version", "rules_hash"}`` so an archive can be re-extracted
  reproducibly, plus ``"profile_hash"`` when the item was extracted with a site profile
  (:mod:`crawler.extract.profile`, ``ARCHIVE/state/profiles/<site>.json``; a crawl learns
  and uses its site's unless told not to: :mod:`crawler.spiders.site_profile`);
  ``missing``: ``{field: reason}`` for every field the extractor could not fill, so an
  empty field is never silent.
- ``warc``: where the capture this item came from lives: ``{"file", "offset",
  "length", "record_id", "payload_digest", "date"}`` (offset/length of the gzip member
  of the response record within the file). When the payload was already archived the
  record is a ``revisit`` and the pointer also has ``"revisit_of": {"url", "digest",
  "record_id", "date", "file", "offset", "length"}`` naming the original. The item of a
  multi-page article (its later pages on ``?page=2``, ``/2/``: ``crawler.extract.paged``)
  has the body, images and related stories of every page, in page order; its ``warc`` is
  the first page's pointer plus ``"pages": [{"url", "file", "offset", "length",
  "record_id", "payload_digest", "date"}, ...]``, every capture of the article, the first
  page first (a one-page article has no ``pages``).
- ``fetched_at``: UTC ISO 8601 time of the fetch (the capture's WARC-Date, so a
  re-extraction gives the same); ``discovery``: how the crawler found the URL:
  ``{"via", "from_url", "depth"}``. ``via`` of an article is ``section`` (linked from a
  section page), ``related`` (from another article), ``feed`` (an RSS/Atom entry) or
  ``sitemap`` (a sitemap or news sitemap), with ``from_url`` the page, feed or sitemap it
  was listed on; the other fetches of a crawl are ``start`` (section pages, the home page,
  robots.txt), ``pagination``, ``calendar`` (archive-by-day pages), ``listing`` (feeds
  and sitemaps themselves), ``article_page`` (a later page of a multi-page article, its
  ``from_url`` the page before) and ``requisite`` (images, stylesheets). When the page
  states no date of its own (or only the one in its URL), ``published`` is the date its
  feed entry or sitemap gave, with ``published_source`` ``feed`` or ``sitemap``, whether
  the crawl met the page or the listing first. ``discovery`` and those listing dates are
  the crawl's knowledge of the capture (``crawler.extract.context``), archived beside it,
  so ``reextract`` restores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from archive.exports.row_schema import ITEM_SCHEMA_VERSION

__all__ = ["ITEM_SCHEMA_VERSION", "ArticleItem", "Image", "RelatedStory"]


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class RelatedStory:
    url: str
    headline: str | None = None
    teaser: str | None = None
    section: str | None = None
    published: str | None = None


@dataclass
class ArticleItem:
    url: str
    canonical_url: str | None = None
    site: str | None = None
    section: str | None = None
    language: str | None = None
    headline: str | None = None
    lead: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    topics: list[str] = field(default_factory=list)
    published: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    modified: str | None = None
    modified_raw: str | None = None
    modified_source: str | None = None
    images: list[Image] = field(default_factory=list)
    related: list[RelatedStory] = field(default_factory=list)
    extractor: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    warc: dict[str, Any] | None = None
    fetched_at: str | None = None
    discovery: dict[str, Any] | None = None
    schema_version: int = ITEM_SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (nested dataclasses included) ready for JSON.

        Same result as ``dataclasses.asdict`` without its deep copies of every leaf value,
        which cost more than the JSON encoding itself (called for each item by both
        pipelines). Containers are new, so changing the dict never changes the item.
        """
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleItem:
        """Inverse of ``to_dict``; unknown keys are ignored so old readers survive new fields."""
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["images"] = [Image(**i) for i in data.get("images") or []]
        kwargs["related"] = [RelatedStory(**r) for r in data.get("related") or []]
        return cls(**kwargs)


#: Leaf types returned as they are, tested first: they are nearly all of an item's values
#: (a few hundred per item), and the dataclass test in front of them cost more than the
#: rest of the copy.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _field_names(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


#: Field names of each dataclass met, in order (``dataclasses.fields`` builds a new tuple
#: on every call); None for any other type.
_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    try:
        return _NAMES[kind]
    except KeyError:
        pass
    names = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    _NAMES[kind] = names
    return names
