"""Per-site extraction rules: what a seed file tells the page objects.

A new site works with no rules at all; selectors only override what the generic
extractor gets wrong for one site. The hash ends up in every item so an archive can
be re-extracted with exactly the rules that produced it.

Extraction never reads a seed: ``crawler.seed`` builds these plain values from one
(:meth:`crawler.seed.Seed.site_rules`), so the dependency runs from the seed down to here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from crawler.extract.link_bound import DEFAULT_MAX_IMAGES, DEFAULT_MAX_LINKS

#: Selector names a seed may set under ``[extract]``; each is a CSS selector.
SELECTOR_FIELDS = (
    "headline",
    "lead",
    "body",
    "published",
    "authors",
    "topics",
    "section",
    "images",
    "related",
)


@dataclass(frozen=True)
class ExtractionRules:
    timezone: str = "UTC"
    language: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    #: ``<a>`` elements of a page read (``[links] max_links_per_page``); the rest cut.
    max_links: int = DEFAULT_MAX_LINKS
    #: Images of a page read (``[links] max_images_per_page``); the rest cut.
    max_images: int = DEFAULT_MAX_IMAGES

    def hash(self) -> str:
        """Stable short hash of the rules (sha256 of their canonical JSON, 16 hex chars).

        ``max_links`` and ``max_images`` count only when not the default: hashes of earlier
        items still hold.
        """
        rules: dict[str, object] = {
            "timezone": self.timezone,
            "language": self.language,
            "selectors": self.selectors,
        }
        if self.max_links != DEFAULT_MAX_LINKS:
            rules["max_links"] = self.max_links
        if self.max_images != DEFAULT_MAX_IMAGES:
            rules["max_images"] = self.max_images
        canon = json.dumps(
            rules,
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SiteRules:
    """What the capture -> item function knows of a site: its name, extraction rules and
    sections as (name, start URL) pairs in seed order."""

    site: str
    extraction: ExtractionRules = field(default_factory=ExtractionRules)
    sections: tuple[tuple[str, str], ...] = ()

    def section_for_url(self, url: str) -> str | None:
        """The section whose start URL is the longest prefix of ``url``."""
        return section_for_url(self.sections, url)


def section_for_url(sections: Sequence[tuple[str, str]], url: str) -> str | None:
    """The name of the (name, start URL) pair whose start URL (without its query) is the
    longest prefix of ``url``, or None."""
    best = None
    for name, start in sections:
        base = start.split("?", 1)[0]
        if url.startswith(base) and (best is None or len(base) > len(best[0])):
            best = (base, name)
    return best[1] if best else None
