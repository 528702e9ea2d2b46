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
    AUTHOR_BESIDE,
    AUTHOR_OTHERS,
    BODY_SHARE,
    IMAGE_SHARE,
    LABEL_DISTINCT,
    LABEL_SHARE,
    LINK_SHARE,
    MIN_PAGES,
    PLACE_DISTINCT,
    PLACE_MIN_PAGES,
    RELATED_LINKS,
    RELATED_SHARE,
    TEMPLATE_SHARE,
    VALUE_MIN_PAGES,
    VALUE_MIN_PAGES_OF,
    VALUE_SHARE,
    SiteProfile,
)
from crawler.extract.profile.supervise import AGREEMENT, MIN_HELD, held_out

#: Keys kept per table before the rarest are dropped.
CAP = 20_000
#: Places remembered per field (the best agreeing ones are kept).
PLACES_CAP = 256
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
        self.texts: dict[int, int] = {}
        self.images: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.link_urls: dict[int, int] = {}  # place-and-URL key -> URL key
        # key -> [pages, set of URL or target keys (up to DISTINCT_CAP), links seen]
        self.places: dict[int, list[Any]] = {}
        self.labels: dict[int, list[Any]] = {}
        self.story_places: dict[int, list[Any]] = {}
        self.samples: dict[int, str] = {}
        self.page_keys: set[int] = set()
        #: value key -> [pages, pages with another author beside it, field]
        self.values: dict[int, list[Any]] = {}
        #: field -> pages that give it a value
        self.value_pages: dict[str, int] = {}
        #: distinct author values seen (up to ``DISTINCT_CAP``)
        self.author_keys: set[int] = set()
        #: field -> [labelled training pages, labelled held-out pages]
        self.field_pages: dict[str, list[int]] = {}
        #: field -> place key -> [training pages it agreed on, held-out pages it agreed on]
        self.field_places: dict[str, dict[int, list[int]]] = {}

    def add(self, features: PageFeatures) -> None:
        """Count one article page."""
        self.pages += 1
        if len(self.page_keys) < PAGES_CAP:
            self.page_keys.add(features.page)
        for table, keys in (
            (self.blocks, features.blocks),
            (self.texts, features.texts),
            (self.images, features.images),
            (self.links, features.links),
        ):
            for key in keys:
                table[key] = table.get(key, 0) + 1
            if len(table) > self.cap:
                self._prune(table)
        self.link_urls.update(features.links)
        if len(self.link_urls) > len(self.links):
            self.link_urls = {k: u for k, u in self.link_urls.items() if k in self.links}
        per_place: dict[int, set[int]] = {}
        for pkey, ukey in features.image_places:
            per_place.setdefault(pkey, set()).add(ukey)
        for table, pairs in (
            (self.places, per_place),
            (self.labels, features.labels),
            (self.story_places, features.story_links),
        ):
            for key, targets in pairs.items():
                entry = table.setdefault(key, [0, set(), 0])
                entry[0] += 1
                targets = targets if isinstance(targets, set) else {targets}
                entry[2] += len(targets)
                if len(entry[1]) < DISTINCT_CAP:
                    entry[1].update(targets)
            if len(table) > self.cap:
                self._prune(table)
        self._add_values(features.values)
        held = held_out(features.page)
        for name, found in features.fields.items():
            self.field_pages.setdefault(name, [0, 0])[held] += 1
            places = self.field_places.setdefault(name, {})
            for key, agrees in found.items():
                entry = places.setdefault(key, [0, 0])
                entry[held] += agrees
                if key not in self.samples:
                    self.samples[key] = features.samples.get(key, "")
            if len(places) > PLACES_CAP:  # the places that agreed least go
                keep = sorted(places, key=lambda k: -places[k][0])[: PLACES_CAP // 2]
                self.field_places[name] = {k: places[k] for k in keep}
        for key, words in features.samples.items():
            if key not in self.samples and self._known(key):
                self.samples[key] = words

    def _add_values(self, values: dict[str, set[int]]) -> None:
        for name, keys in values.items():
            if not keys:
                continue
            self.value_pages[name] = self.value_pages.get(name, 0) + 1
            beside = name == "authors" and len(keys) > 1
            for key in keys:
                entry = self.values.setdefault(key, [0, 0, name])
                entry[0] += 1
                entry[1] += beside
            if name == "authors" and len(self.author_keys) < DISTINCT_CAP:
                self.author_keys.update(keys)
        if len(self.values) > self.cap:
            self._prune(self.values)

    def _known(self, key: int) -> bool:
        tables = (self.blocks, self.texts, self.images, self.places, self.labels, self.values)
        tables += (self.story_places,)
        return any(key in t for t in tables)

    def _prune(self, table: dict[int, Any]) -> None:
        """Drop the rarest keys until the table is at half its cap."""

        def count(v: Any) -> int:
            return v if isinstance(v, int) else v[0]

        floor = 1
        while len(table) > self.cap // 2:
            for key in [k for k, v in table.items() if count(v) <= floor]:
                del table[key]
            floor += 1
        live = set(self.blocks) | set(self.texts) | set(self.images)
        live |= set(self.places) | set(self.labels) | set(self.values) | set(self.story_places)
        live |= {k for places in self.field_places.values() for k in places}
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
        for k, (pages, urls, _) in self.places.items():
            if pages >= max(PLACE_MIN_PAGES, 0.1 * n) and len(urls) <= PLACE_DISTINCT * pages:
                entry = {"key": f"{k:016x}", "pages": pages, "distinct_urls": len(urls)}
                places.append({**entry, "where": self.samples.get(k, "")})
        labels = []  # a label before links to the site's stories, a new one nearly every time
        for k, (pages, targets, _) in self.labels.items():
            stories = len(targets & self.page_keys)
            if (
                pages >= max(3, LABEL_SHARE * n)
                and len(targets) >= LABEL_DISTINCT * min(pages, DISTINCT_CAP)
                and stories >= len(targets) / 2
            ):
                entry = {"key": f"{k:016x}", "pages": pages, "distinct_links": len(targets)}
                labels.append({**entry, "label": self.samples.get(k, "")})
        related = []  # a place listing the site's stories, other ones on nearly every page
        for k, (pages, targets, links) in self.story_places.items():
            stories = len(targets & self.page_keys)
            if (
                pages >= max(3, RELATED_SHARE * n)
                and links >= RELATED_LINKS * pages  # a list, not a "next story" link
                and len(targets) >= LABEL_DISTINCT * min(pages, DISTINCT_CAP)
                and stories >= len(targets) / 2
            ):
                entry = {"key": f"{k:016x}", "pages": pages, "distinct_links": len(targets)}
                related.append({**entry, "where": self.samples.get(k, "")})
        return SiteProfile(
            site=self.site,
            pages=n,
            related=tuple(sorted(related, key=lambda e: (e["where"], e["key"]))),
            status="learned",
            texts=entries(self.texts, BODY_SHARE, 2),
            blocks=entries(self.blocks, TEMPLATE_SHARE, 2),
            images=entries(self.images, IMAGE_SHARE, 3),
            image_places=tuple(sorted(places, key=lambda e: (e["where"], e["key"]))),
            links=tuple(
                {
                    "key": e["key"],
                    "share": e["share"],
                    "url": f"{self.link_urls.get(int(e['key'], 16), 0):016x}",
                }
                for e in entries(self.links, LINK_SHARE, 2)
            ),
            labels=tuple(sorted(labels, key=lambda e: (e["label"], e["key"]))),
            values=self._values(),
            fields=self._fields(),
            min_pages=self.min_pages,
        )

    def _values(self) -> tuple[dict[str, Any], ...]:
        """Values given on many of the pages that give their field one (see
        :mod:`~crawler.extract.profile.values`); an author among them is the template's only
        with the evidence of ``AUTHOR_BESIDE``, and is listed with why it is kept otherwise."""
        out = []
        for k, (pages, beside, name) in self.values.items():
            stating = self.value_pages.get(name, 0)
            least = VALUE_MIN_PAGES_OF.get(name, VALUE_MIN_PAGES)
            if pages < least or pages < VALUE_SHARE[name] * stating:
                continue
            entry = {
                "field": name,
                "key": f"{k:016x}",
                "pages": pages,
                "share": round(pages / stating, 3),
                "sample": self.samples.get(k, ""),
            }
            if name == "authors":
                others = len(self.author_keys - {k})
                entry.update(beside=beside, others=others)
                if beside < AUTHOR_BESIDE * pages:
                    entry.update(template=False, why="named alone on most of its pages")
                elif others < AUTHOR_OTHERS:
                    entry.update(template=False, why=f"the site names {others} other authors")
            out.append(entry)
        return tuple(sorted(out, key=lambda e: (e["field"], -e["share"], e["sample"], e["key"])))

    def _fields(self) -> dict[str, dict[str, Any]]:
        """Per field stated on some pages: its best place on the training pages, measured on
        the held-out ones (see :mod:`~crawler.extract.profile.supervise`)."""
        out: dict[str, dict[str, Any]] = {}
        for name, (train, held) in sorted(self.field_pages.items()):
            places = self.field_places.get(name, {})
            best = max(places, key=lambda k: (places[k][0], self.samples.get(k, "")), default=None)
            entry: dict[str, Any] = {"labelled_pages": train + held, "held_out_pages": held}
            if best is None or places[best][0] == 0:
                out[name] = {**entry, "used": False, "why": "no place shows the stated value"}
                continue
            agreement = round(places[best][1] / held, 3) if held else 0.0
            used = held >= MIN_HELD and agreement >= AGREEMENT
            why = (
                ""
                if used
                else (
                    f"measured on {held} held-out pages, needs {MIN_HELD}"
                    if held < MIN_HELD
                    else f"agreement below {AGREEMENT}"
                )
            )
            out[name] = {
                **entry,
                "where": self.samples.get(best, ""),
                "key": f"{best:016x}",
                "learned_from": places[best][0],
                "agreement": agreement,
                "used": used,
                **({"why": why} if why else {}),
            }
        return out


def learn_profile(site: str, pages: list[PageFeatures], min_pages: int = MIN_PAGES) -> SiteProfile:
    """The profile of ``pages`` (a convenience over :class:`ProfileLearner`)."""
    learner = ProfileLearner(site, min_pages)
    for features in pages:
        learner.add(features)
    return learner.profile()
