"""Which URLs a seed's crawl stays on and which of them are article pages.

The spider decides with it what to follow, and re-extraction which archived responses were
articles, so both read the seed's ``allowed_domains`` and ``[links] article`` pattern the same
way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.seed import Seed


class SiteLinks:
    """The seed's link rules as two questions about an absolute URL."""

    def __init__(self, allowed_domains: tuple[str, ...] | list[str], article_pattern: str) -> None:
        self.allowed_domains = tuple(allowed_domains)
        self._article = re.compile(article_pattern)

    @classmethod
    def from_seed(cls, seed: Seed) -> SiteLinks:
        return cls(seed.allowed_domains, seed.links.article)

    def allowed(self, url: str) -> bool:
        """On one of the seed's hosts (or a subdomain of one)."""
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def is_article(self, url: str) -> bool:
        """An allowed URL the seed's article pattern matches."""
        return self.allowed(url) and bool(self._article.search(url))
