"""The item's section: one of the seed's sections wherever the crawl or the page says so.

Why: a section named after a URL path segment (``/news/``, ``/articles/``) is wrong on many
outlets, while the seed names the sections and the crawl knows which section listing linked
a page. So, with the seed's sections given (the crawl and ``reextract``), the section is, in
order: what the seed's own ``section`` selector finds; the seed section a breadcrumb or
kicker link of the page points at (the deepest crumb); the seed section the page declares by
name (JSON-LD ``articleSection``, ``article:section``, compared case-insensitively); the seed
section whose start URL is the longest prefix of the page's URL; of the seed sections whose
listings linked the page, the first in seed order; the section the page declares; never a
URL path segment that names no seed section. The page's own evidence comes before the
listings, and every listing that linked the page counts (not only the first the crawl met),
so a story two sections list, or a section and a sitemap, gets the same section whichever
the crawl read first. A page extracted alone (no sections known) keeps the
page's declared section, else its first URL path segment, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.page import Page
from crawler.extract.rules import section_for_url
from crawler.extract.topics import breadcrumbs, kickers

#: A first path segment that reads as a section name ("politik", "world-news").
_SEGMENT = re.compile(r"[a-zäöüß][a-zäöüß-]{2,30}", re.I)


def find_section(
    page: Page, sections: Sequence[tuple[str, str]] | None, listed_in: Sequence[str] = ()
) -> str | None:
    """The page's section (see the module docstring); ``sections``: the seed's (name,
    start URL) pairs, None for a page extracted alone; ``listed_in``: the seed sections
    whose listings linked the page."""
    for el in page.css("section"):
        if page.text(el):
            return page.text(el)
    declared = _declared(page)
    if sections is None:
        return declared or _url_segment(page.url)
    names = {name.casefold(): name for name, _ in sections}
    listed = next((name for name, _ in sections if name in listed_in), None)
    return (
        _linked_section(page, sections)
        or names.get((declared or "").casefold())
        or section_for_url(sections, page.url)
        or listed
        or declared
    )


def _declared(page: Page) -> str | None:
    for s in page.structs:
        if s.section:
            return s.section
    return page.meta.get("article:section") or None


def _url_segment(url: str) -> str | None:
    first = urlsplit(url).path.strip("/").split("/")[0]
    if _SEGMENT.fullmatch(first) and "." not in first:
        return first.replace("-", " ").title()
    return None


def _linked_section(page: Page, sections: Sequence[tuple[str, str]]) -> str | None:
    """The seed section the page's breadcrumb trail (its deepest crumb) or, without one,
    its kicker links to."""
    by_url = {_key(url): name for name, url in sections}
    for boxes in (breadcrumbs(page)[:2], kickers(page)):
        found = [by_url[k] for k in _link_keys(page, boxes) if k in by_url]
        if found:
            return found[-1]
    return None


def _link_keys(page: Page, boxes: list[Any]) -> Iterator[str]:
    for box in boxes:
        for a in box.xpath("descendant-or-self::a[@href]"):
            yield _key(urljoin(page.base, a.get("href").strip()))


def _key(url: str) -> str:
    """A URL compared without its fragment, scheme, ``www.`` and trailing slash."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
