"""A site profile: what an outlet's own pages taught about its template, as plain data.

The profile is a small, readable, versioned JSON document (``ARCHIVE/state/profiles/
<site>.json``); its hash goes on every item extracted with it (``extractor.profile_hash``),
so a re-extraction with the same profile gives the same items. It is plain, frozen,
picklable data: a process pool can hand it to its workers.

What it holds, each entry with the share of the site's pages it was seen on:

- ``blocks``: template blocks (a place and a text seen on many pages): never story text;
  those seen on most pages are neither topics nor captions;
- ``images``: image URLs on many pages (the default ``og:image``, a logo), and
  ``image_places``: places whose image is one of a few over many pages (an author's avatar);
- ``links``: link URLs on most pages (menus, "most read"): never a story's related link;
- ``labels``: labels put before a link to another story on many pages, the link changing
  ("<label>: <link>"): the outlet's read-also label, in whatever language.

An outlet with fewer than ``min_pages`` article pages is ``too-small``: the profile says
so and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

#: Bumped when the profile's shape or meaning changes (an old profile is then relearned).
PROFILE_VERSION = 1
#: Below this many article pages nothing is learned (the generic extractor alone).
MIN_PAGES = 10
#: A block on at least this share of the pages is never body text.
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


@dataclass(frozen=True)
class SiteProfile:
    """One outlet's learned profile (see the module docstring); build it with
    :class:`~crawler.extract.profile.learn.ProfileLearner` or :meth:`from_dict`."""

    site: str
    pages: int
    status: str  # "learned" or "too-small"
    blocks: tuple[dict[str, Any], ...] = ()
    images: tuple[dict[str, Any], ...] = ()
    image_places: tuple[dict[str, Any], ...] = ()
    links: tuple[dict[str, Any], ...] = ()
    labels: tuple[dict[str, Any], ...] = ()
    min_pages: int = MIN_PAGES
    version: int = PROFILE_VERSION
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        def keys(entries: tuple[dict[str, Any], ...]) -> frozenset[int]:
            return frozenset(int(e["key"], 16) for e in entries)

        self._index.update(
            body=keys(tuple(b for b in self.blocks if b["share"] >= BODY_SHARE)),
            template=keys(tuple(b for b in self.blocks if b["share"] >= TEMPLATE_SHARE)),
            images=keys(self.images),
            places=keys(self.image_places),
            links=keys(self.links),
            labels=keys(self.labels),
        )

    @property
    def usable(self) -> bool:
        return self.status == "learned"

    def index(self, name: str) -> frozenset[int]:
        """The keys of one kind: ``body``, ``template``, ``images``, ``places``, ``links``,
        ``labels``."""
        return self._index[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "site": self.site,
            "status": self.status,
            "pages": self.pages,
            "min_pages": self.min_pages,
            "blocks": [dict(e) for e in self.blocks],
            "images": [dict(e) for e in self.images],
            "image_places": [dict(e) for e in self.image_places],
            "links": [dict(e) for e in self.links],
            "labels": [dict(e) for e in self.labels],
        }

    def to_json(self) -> bytes:
        """The profile file's bytes: sorted keys, one entry a line, so it diffs and reads."""
        return json.dumps(self.to_dict(), indent=1, sort_keys=True, ensure_ascii=False).encode()

    def hash(self) -> str:
        """Stable short hash (sha256 of the canonical JSON, 16 hex chars)."""
        canon = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]

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
                blocks=tuple(data.get("blocks") or ()),
                images=tuple(data.get("images") or ()),
                image_places=tuple(data.get("image_places") or ()),
                links=tuple(data.get("links") or ()),
                labels=tuple(data.get("labels") or ()),
                min_pages=int(data.get("min_pages", MIN_PAGES)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad site profile: {type(exc).__name__}: {exc}") from None
