"""The headline and the lead of an article page, each with the element that shows it.

Why the element: the body must not repeat what the headline and lead already hold, and the
extractor leaves out the elements that show them (``article.py`` composes the item).
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extract.page import Page, token_match

_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_WORD = re.compile(r"\w+")


def find_headline(page: Page) -> tuple[str | None, Any]:
    """The headline and the element that shows it: structured data, the seed's selector, the
    ``<h1>``, ``og:title``, then the ``<title>`` before its site suffix."""
    for s in page.structs:
        if s.headline:
            return _without_site_suffix(page, s.headline)
    for el in page.css("headline") + page.find("//h1"):
        text = page.text(el)
        if text:
            return text, el
    og = page.meta.get("og:title") or page.meta.get("twitter:title")
    if og:
        return og, None
    title = page.tree.xpath("//title")
    if title:
        text = _TITLE_SEPARATOR.split(page.text(title[0]))[0]
        return text or None, None
    return None, None


def _without_site_suffix(page: Page, headline: str) -> tuple[str, None]:
    """A structured headline that is the page's ``<h1>`` plus `` - Site`` or `` | Section``
    (some CMSs fill JSON-LD from the ``<title>``) is the ``<h1>``'s text: what the reader
    sees. Like any structured headline it claims no element (``_shown_h1``)."""
    cuts = [m.start() for m in _TITLE_SEPARATOR.finditer(headline)]
    if not cuts:
        return headline, None
    words = {" ".join(_WORD.findall(headline[:cut].casefold())) for cut in cuts}
    for el in page.find("//h1"):
        if " ".join(_WORD.findall(page.text(el).casefold())) in words:
            return page.text(el), None
    return headline, None


def find_lead(page: Page) -> tuple[str | None, Any]:
    """The lead (standfirst) and the element that shows it, or the description."""
    dom = page.css("lead") + token_match(
        page,
        "lead|intro|teaser|standfirst|summary|kicker-text|abstract|excerpt|dek|deck|chapo|"
        "chapeau|entradilla|sottotitolo|sommario|subtitle|subheadline|subhead|article__intro",
    )
    dom = [el for el in dom if 0 < len(page.text(el)) <= 1000]
    for s in page.structs:
        if s.description:
            el = next((e for e in dom if page.text(e) == s.description), None)
            meta = page.meta.get("description") or page.meta.get("og:description")
            if el is None and meta and _words(meta) != _words(s.description):
                shown = _shown(page, meta)
                if shown is not None:
                    return page.text(shown), shown
            return s.description, el
    if dom:
        return page.text(dom[0]), dom[0]
    desc = page.meta.get("description") or page.meta.get("og:description")
    return desc, None


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _shown(page: Page, text: str) -> Any:
    """The outermost element of the page that shows ``text`` and little more (a dateline
    such as "Berlin."), or None. Why: a structured description the page does not show is
    sometimes the photo caption; the meta description the reader sees as the intro is the
    lead then."""
    words = _words(text)
    longest = max(text.split(), key=len, default="")
    if len(words) < 20 or not longest:
        return None
    body = page.tree.find(".//body")
    found = [
        el
        for el in (body if body is not None else page.tree).xpath(
            ".//*[contains(., $w)]", w=longest
        )
        if el.tag not in ("script", "style", "meta", "noscript")
        and len(page.text(el)) <= len(text) * 1.2 + 20
        and words in _words(page.text(el))
    ]
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    return outer[0] if outer else None
