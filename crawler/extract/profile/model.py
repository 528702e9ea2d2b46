"""A site profile: what an outlet's own pages taught about its template, as plain data.

The profile is a small, readable, versioned JSON document (``ARCHIVE/state/profiles/
<site>.json``); its hash goes on every item extracted with it (``extractor.profile_hash``),
so a re-extraction with the same profile gives the same items. It is plain, frozen,
picklable data: a process pool can hand it to its workers.

What it holds, each entry with the share of the site's pages it was seen on:

- ``texts``: texts of short blocks seen on many pages, wherever they are: never a line of
  the story's text (an advert label, a promo);
- ``blocks``: template blocks (a place and a text seen on most pages): no topic (a crumb or
  a kicker every page shows);
- ``images``: image URLs on many pages (the default ``og:image``, a logo), and
  ``image_places``: places whose image is one of a few over many pages (an author's avatar);
- ``links``: link URLs on most pages (menus, "most read"): never a story's related link;
- ``values``: per field, values given on many pages (a logo or the outlet's name as the
  ``<h1>``, a site-wide description, keywords or default image, a site-wide author beside
  each story's own): never the story's headline, lead, topic, image or author
  (:mod:`~crawler.extract.profile.values`);
- ``related``: places of headline-like links to the site's stories, other ones on nearly
  every page (a related box in any language);
- ``labels``: labels put before a link to another story on many pages, the link changing
  ("<label>: <link>"): the outlet's read-also label, in whatever language;
- ``fields``: per field its structured data states on some pages (headline, authors,
  section, topics, lead), the place that shows it, the pages it was learned from and its
  agreement measured on held-out pages (:mod:`~crawler.extract.profile.supervise`); a field
  whose agreement is too low is not used.

An outlet with fewer than ``min_pages`` article pages is ``too-small``: the profile says
so and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.profile.supervise import MIN_HELD

#: Bumped when the profile's shape or meaning changes (an old profile is then relearned).
PROFILE_VERSION = 3
#: Below this many article pages nothing is learned (the generic extractor alone).
MIN_PAGES = 10
#: A block text on at least this share of the pages is never a line of the body.
BODY_SHARE = 0.3
#: A block on at least this share of the pages is neither a topic nor a caption (a section's
#: own label is on that section's pages only: this share is above any one section's).
TEMPLATE_SHARE = 0.6
#: A link on at least this share of the pages is no story's related link.
LINK_SHARE = 0.5
#: An image URL on at least this share of the pages (and on 3 or more) is no story's image.
IMAGE_SHARE = 0.2
#: An image place is the template's when it shows at most this many distinct URLs per page
#: it is on (an avatar: one per author), over at least ``PLACE_MIN_PAGES`` pages.
PLACE_DISTINCT = 0.5
PLACE_MIN_PAGES = 5
#: A label is learned when it precedes a link on this share of the pages (3 at least), with
#: a different link nearly every time.
LABEL_SHARE = 0.05
LABEL_DISTINCT = 0.8
#: A place of headline-like links is a related-stories box when it is on this share of the
#: pages and its links lead to the site's stories, other ones nearly every page
#: (``LABEL_DISTINCT``): a "most read" list shows the same few on every page.
RELATED_SHARE = 0.3
#: ... and shows this many links a page on average: a list of stories, not the one link of a
#: "next story" or "previous story" place (other on every page too).
RELATED_LINKS = 2
#: A field's value given on at least this share of the pages that give the field a value
#: (and on ``VALUE_MIN_PAGES`` or more) is the template's. A story's headline, lead or photo
#: is on its own page; a topic may rightly be on a section's share of the pages, so a
#: template topic must be on most of them; an author, see ``AUTHOR_BESIDE``. A headline
#: needs the smallest share, on more pages: a section's name as the first ``<h1>`` of its
#: pages is on that section's share only, while no story's headline is on five pages.
VALUE_SHARE = {"headline": 0.05, "lead": 0.2, "images": 0.2, "topics": 0.6, "authors": 0.5}
VALUE_MIN_PAGES = 3
VALUE_MIN_PAGES_OF = {"headline": 5}
#: An author value on many pages is the template's only when another author is given beside
#: it on at least this share of its pages, and the site gives ``AUTHOR_OTHERS`` other
#: authors at least (a one-author blog names its author alone, in one form or two).
AUTHOR_BESIDE = 0.5
AUTHOR_OTHERS = 3


@dataclass(frozen=True)
class SiteProfile:
    """One outlet's learned profile (see the module docstring); build it with
    :class:`~crawler.extract.profile.learn.ProfileLearner` or :meth:`from_dict`."""

    site: str
    pages: int
    status: str  # "learned" or "too-small"
    texts: tuple[dict[str, Any], ...] = ()
    blocks: tuple[dict[str, Any], ...] = ()
    images: tuple[dict[str, Any], ...] = ()
    image_places: tuple[dict[str, Any], ...] = ()
    links: tuple[dict[str, Any], ...] = ()
    labels: tuple[dict[str, Any], ...] = ()
    related: tuple[dict[str, Any], ...] = ()
    values: tuple[dict[str, Any], ...] = ()
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    min_pages: int = MIN_PAGES
    version: int = PROFILE_VERSION
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        def keys(entries: tuple[dict[str, Any], ...]) -> frozenset[int]:
            return frozenset(int(e["key"], 16) for e in entries)

        self._index.update(
            body=keys(tuple(b for b in self.texts if b["share"] >= BODY_SHARE)),
            template=keys(tuple(b for b in self.blocks if b["share"] >= TEMPLATE_SHARE)),
            images=keys(self.images),
            places=keys(self.image_places),
            links=keys(self.links),
            link_urls=frozenset(int(e["url"], 16) for e in self.links if "url" in e),
            labels=keys(self.labels),
            related=keys(self.related),
            values=keys(tuple(e for e in self.values if e.get("template", True))),
        )

    def field_place(self, name: str, measured: bool = True) -> str | None:
        """The place a field is read at on pages that do not state it, when its measured
        agreement allows (None otherwise). Not ``measured``: also the place agreeing on
        ``VALUE_MIN_PAGES`` training pages when too few pages were held out to measure it."""
        entry = self.fields.get(name)
        if not entry or "where" not in entry:
            return None
        if entry.get("used"):
            return entry["where"]
        unmeasured = entry["held_out_pages"] < MIN_HELD
        enough = entry.get("learned_from", 0) >= VALUE_MIN_PAGES
        return entry["where"] if not measured and unmeasured and enough else None

    @property
    def usable(self) -> bool:
        return self.status == "learned"

    def index(self, name: str) -> frozenset[int]:
        """The keys of one kind: ``body``, ``template``, ``images``, ``places``, ``links``,
        ``labels``, ``related``, ``values``."""
        return self._index[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "site": self.site,
            "status": self.status,
            "pages": self.pages,
            "min_pages": self.min_pages,
            "texts": [dict(e) for e in self.texts],
            "blocks": [dict(e) for e in self.blocks],
            "images": [dict(e) for e in self.images],
            "image_places": [dict(e) for e in self.image_places],
            "links": [dict(e) for e in self.links],
            "labels": [dict(e) for e in self.labels],
            "related": [dict(e) for e in self.related],
            "values": [dict(e) for e in self.values],
            "fields": {k: dict(v) for k, v in self.fields.items()},
        }

    def to_json(self) -> bytes:
        """The profile file's bytes: sorted keys, one entry a line, so it diffs and reads."""
        return json.dumps(self.to_dict(), indent=1, sort_keys=True, ensure_ascii=False).encode()

    def hash(self) -> str:
        """Stable short hash (sha256 of the canonical JSON, 16 hex chars), computed once."""
        if "hash" not in self._index:
            canon = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
            self._index["hash"] = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
        return self._index["hash"]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteProfile:
        """The profile of a parsed profile file; ValueError when it is not one (or of
        another version)."""
        if not isinstance(data, dict) or data.get("version") != PROFILE_VERSION:
            raise ValueError(f"not a version {PROFILE_VERSION} site profile")
        try:
            return cls(
                site=str(data["site"]),
                pages=int(data["pages"]),
                status=str(data["status"]),
                texts=tuple(data.get("texts") or ()),
                blocks=tuple(data.get("blocks") or ()),
                images=tuple(data.get("images") or ()),
                image_places=tuple(data.get("image_places") or ()),
                links=tuple(data.get("links") or ()),
                labels=tuple(data.get("labels") or ()),
                related=tuple(data.get("related") or ()),
                values=tuple(data.get("values") or ()),
                fields=dict(data.get("fields") or {}),
                min_pages=int(data.get("min_pages", MIN_PAGES)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad site profile: {type(exc).__name__}: {exc}") from None
