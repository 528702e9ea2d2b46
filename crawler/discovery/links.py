"""Which URLs a seed's crawl stays on and which of them are article pages.

The spider decides with it what to follow, and re-extraction which archived responses were
articles, so both read the seed's ``allowed_domains`` and ``[links] article`` pattern the same
way (:meth:`crawler.seed.Seed.site_links` builds the rules from a seed).

With a five-field seed (no ``[links] article`` of its own) the default pattern knows only
dated or numbered story URLs. A link it misses is still a *candidate* when its shape is a
story's (``is_candidate``): a path of two segments or more, without query or file
extension, with a long hyphenated slug, an opaque id (letters mixed with digits or cases)
or a headline-length link text. Candidates are fetched and become items only when the
page is an article (``crawler.extract.pagekind``), and so does every page the pattern
misses, however the crawl reached it (``must_prove``).

An archive-by-day or calendar URL (``/archive/2026/11/09/``: the path ends with a date,
:mod:`crawler.discovery.calendar`) is neither, whatever the pattern says: it lists stories.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.discovery.calendar import is_calendar_url

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){3,}$")
_OPAQUE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d|.*[a-z].*[A-Z]|.*[A-Z].*[a-z])[A-Za-z0-9]{5,16}$")
_FILE = re.compile(r"\.[A-Za-z0-9]{2,5}$")
HEADLINE_WORDS = 5


class SiteLinks:
    """The seed's link rules as two questions about an absolute URL."""

    def __init__(
        self,
        allowed_domains: tuple[str, ...] | list[str],
        article_pattern: str,
        candidates: bool = False,
    ) -> None:
        self.allowed_domains = tuple(allowed_domains)
        self._article = re.compile(article_pattern)
        self.candidates = candidates

    def allowed(self, url: str) -> bool:
        """On one of the seed's hosts (or a subdomain of one)."""
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def is_article(self, url: str) -> bool:
        """An allowed URL the seed's article pattern matches, no calendar page."""
        return self.allowed(url) and bool(self._article.search(url)) and not is_calendar_url(url)

    def must_prove(self, url: str) -> bool:
        """Whether the page at ``url`` is an item only if it proves to be an article: the
        seed names no pattern and the default one misses ``url``. A question about the URL
        alone, never about the link that reached it: a section's teaser and another
        story's related box may link one page, and the crawl fetches it for whichever it
        meets first, so asking it of one path only made the items depend on crawl order."""
        return self.candidates and not self.is_article(url)

    def is_calendar(self, url: str) -> bool:
        """An allowed archive-by-day or calendar page (a listing of a date's stories)."""
        return self.allowed(url) and is_calendar_url(url)

    def is_candidate(self, url: str, text: str = "") -> bool:
        """Not matched by the pattern but shaped like a story URL (or linked by a headline)."""
        if not self.candidates or not self.allowed(url) or self.is_article(url):
            return False
        if is_calendar_url(url):
            return False
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if parts.query or len(segments) < 2 or _FILE.search(segments[-1]):
            return False
        if any(_SLUG.match(s) or _OPAQUE.match(s) for s in segments[1:]):
            return True
        return len(text.split()) >= HEADLINE_WORDS
