"""The date a section page shows next to each article it lists (a teaser's ``<time>``).

A teaser is the largest element around an article link that links no other article
(``<li>``, ``<article class="post">``, a card ``<div>``), at most four levels up. Its
date is a ``<time datetime>`` inside it, else the first short text in it that is a date.
The crawl keeps it as the ``listing`` date of that URL: ranked below the page's own dates,
a feed's and a sitemap's, above the day in the URL (``crawler.extract.dates.candidates``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from archive.urls import strip_session_ids
from crawler.extract.dates.parse import parse_date

_LEVELS = 4
_SHORT = 60


def _resolver(base: str, is_article: Callable[[str], bool]) -> Callable[[str], str | None]:
    """``href`` -> the article URL it links (absolute, session ids off) or None, each href
    resolved once: a teaser's ancestors are searched for links again and again."""
    cache: dict[str, str | None] = {}

    def article_url(href: str) -> str | None:
        if href not in cache:
            url = strip_session_ids(urljoin(base, href).split("#", 1)[0])
            cache[href] = url if is_article(url) else None
        return cache[href]

    return article_url


def _article_urls(el: Any, article_url: Callable[[str], str | None]) -> set[str]:
    urls = set()
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if href and (url := article_url(href)):
            urls.add(url)
    return urls


def _teaser(link: Any, url: str, article_url: Callable[[str], str | None]) -> Any | None:
    best = None
    node = link
    for _ in range(_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "main"):
            break
        if _article_urls(node, article_url) != {url}:
            break
        best = node
    return best


def _date_in(teaser: Any, tz: str | None) -> tuple[str, str] | None:
    for el in teaser.iter("time"):
        raw = el.get("datetime") or el.text_content().strip()
        value = parse_date(raw, tz)
        if value:
            return value, raw
    for el in teaser.iter("span", "small", "p", "div", "time"):
        if len(el):
            continue
        text = " ".join(el.text_content().split())
        if text and len(text) <= _SHORT:
            value = parse_date(text, tz)
            if value:
                return value, text
    return None


def teaser_dates(
    root: Any, base: str, is_article: Callable[[str], bool], tz: str | None
) -> dict[str, tuple[str, str]]:
    """``{article URL: (ISO date, raw text)}`` for the teasers of a section page."""
    found: dict[str, tuple[str, str]] = {}
    article_url = _resolver(base, is_article)
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        url = article_url(href) if href else None
        if url is None or url in found:
            continue
        teaser = _teaser(link, url, article_url)
        date = _date_in(teaser, tz) if teaser is not None else None
        if date:
            found[url] = date
    return found
