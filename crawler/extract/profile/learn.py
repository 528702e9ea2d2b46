"""Learn a site profile incrementally from its pages' features, in bounded memory.

:class:`ProfileLearner` counts, per key, the pages it was seen on. Keys seen once are most
of them (every story's own paragraphs); when a table grows past its cap the rarest keys go
(lossy counting: a key dropped then was on too few pages to reach any share a profile
uses), so memory stays flat however many pages a site has. :meth:`ProfileLearner.profile`
turns the counts into a :class:`~crawler.extract.profile.model.SiteProfile` at any time.
"""

from __future__ import annotations

from typing import Any

from crawler.extract.profile.features import PageFeatures
from crawler.extract.profile.model import (
    BODY_SHARE,
    IMAGE_SHARE,
    LABEL_DISTINCT,
    LABEL_SHARE,
    LINK_SHARE,
    MIN_PAGES,
    PLACE_DISTINCT,
    PLACE_MIN_PAGES,
    SiteProfile,
)

#: Keys kept per table before the rarest are dropped.
CAP = 20_000
#: Story URLs remembered (a label must lead to the site's stories; 8 bytes each).
PAGES_CAP = 200_000
#: Distinct link targets remembered per label or image place (enough to tell few from many).
DISTINCT_CAP = 64


class ProfileLearner:
    """Page features in, a :class:`SiteProfile` out (see the module docstring)."""

    def __init__(self, site: str, min_pages: int = MIN_PAGES, cap: int = CAP) -> None:
        self.site = site
        self.min_pages = min_pages
        self.cap = cap
        self.pages = 0
        self.blocks: dict[int, int] = {}
        self.images: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.places: dict[int, list[Any]] = {}  # key -> [pages, set of URL keys]
        self.labels: dict[int, list[Any]] = {}  # key -> [pages, set of target keys]
        self.samples: dict[int, str] = {}
        self.page_keys: set[int] = set()

    def add(self, features: PageFeatures) -> None:
        """Count one article page."""
        self.pages += 1
        if len(self.page_keys) < PAGES_CAP:
            self.page_keys.add(features.page)
        for table, keys in (
            (self.blocks, features.blocks),
            (self.images, features.images),
            (self.links, features.links),
        ):
            for key in keys:
                table[key] = table.get(key, 0) + 1
            if len(table) > self.cap:
                self._prune(table)
        per_place: dict[int, set[int]] = {}
        for pkey, ukey in features.image_places:
            per_place.setdefault(pkey, set()).add(ukey)
        for table, pairs in ((self.places, per_place), (self.labels, features.labels)):
            for key, targets in pairs.items():
                entry = table.setdefault(key, [0, set()])
                entry[0] += 1
                if len(entry[1]) < DISTINCT_CAP:
                    entry[1].update(targets if isinstance(targets, set) else (targets,))
            if len(table) > self.cap:
                self._prune(table)
        for key, words in features.samples.items():
            if key not in self.samples and self._known(key):
                self.samples[key] = words

    def _known(self, key: int) -> bool:
        return any(key in t for t in (self.blocks, self.images, self.places, self.labels))

    def _prune(self, table: dict[int, Any]) -> None:
        """Drop the rarest keys until the table is at half its cap."""

        def count(v: Any) -> int:
            return v if isinstance(v, int) else v[0]

        floor = 1
        while len(table) > self.cap // 2:
            for key in [k for k, v in table.items() if count(v) <= floor]:
                del table[key]
            floor += 1
        live = set(self.blocks) | set(self.images) | set(self.places) | set(self.labels)
        self.samples = {k: w for k, w in self.samples.items() if k in live}

    def profile(self) -> SiteProfile:
        """The profile of the pages counted so far."""
        if self.pages < self.min_pages:
            return SiteProfile(self.site, self.pages, "too-small", min_pages=self.min_pages)
        n = self.pages

        def entries(table: dict[int, int], least: float, floor: int = 1) -> tuple[dict, ...]:
            out = [
                {"key": f"{k:016x}", "share": round(c / n, 3), "sample": self.samples.get(k, "")}
                for k, c in table.items()
                if c >= floor and c / n >= least
            ]
            return tuple(sorted(out, key=lambda e: (-e["share"], e["sample"], e["key"])))

        places = []
        for k, (pages, urls) in self.places.items():
            if pages >= max(PLACE_MIN_PAGES, 0.1 * n) and len(urls) <= PLACE_DISTINCT * pages:
                entry = {"key": f"{k:016x}", "pages": pages, "distinct_urls": len(urls)}
                places.append({**entry, "where": self.samples.get(k, "")})
        labels = []  # a label before links to the site's stories, a new one nearly every time
        for k, (pages, targets) in self.labels.items():
            stories = len(targets & self.page_keys)
            if (
                pages >= max(3, LABEL_SHARE * n)
                and len(targets) >= LABEL_DISTINCT * min(pages, DISTINCT_CAP)
                and stories >= len(targets) / 2
            ):
                entry = {"key": f"{k:016x}", "pages": pages, "distinct_links": len(targets)}
                labels.append({**entry, "label": self.samples.get(k, "")})
        return SiteProfile(
            site=self.site,
            pages=n,
            status="learned",
            blocks=entries(self.blocks, BODY_SHARE, 2),
            images=entries(self.images, IMAGE_SHARE, 3),
            image_places=tuple(sorted(places, key=lambda e: (e["where"], e["key"]))),
            links=tuple(
                {"key": e["key"], "share": e["share"]} for e in entries(self.links, LINK_SHARE, 2)
            ),
            labels=tuple(sorted(labels, key=lambda e: (e["label"], e["key"]))),
            min_pages=self.min_pages,
        )


def learn_profile(site: str, pages: list[PageFeatures], min_pages: int = MIN_PAGES) -> SiteProfile:
    """The profile of ``pages`` (a convenience over :class:`ProfileLearner`)."""
    learner = ProfileLearner(site, min_pages)
    for features in pages:
        learner.add(features)
    return learner.profile()
