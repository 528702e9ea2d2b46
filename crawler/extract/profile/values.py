"""Values a page states or shows for a field, counted across an outlet's pages.

A value stated identically on a large share of one outlet's article pages is the template's,
not a story's: a logo or the outlet's name as the page's ``<h1>``, a site-wide meta
description, site-wide keywords, the outlet's default ``og:image``. Each page hands over,
per field, the keys of the values its sources give (whatever source: a value is judged by
what it is, not where it came from), and the profile keeps those on many pages; the
extractor then never takes one as the story's headline, lead, topic or image.

Authors need evidence: a one-author blog states its author on every page, rightly. An
author value is the template's only when the pages stating it also state another author on
most of them (a site-wide ``meta author`` beside each story's byline): a one-author blog
never names a second author beside its one, and a staff writer who writes most stories
of a small outlet is named alone on the pages of those stories. See :data:`~crawler.
extract.profile.model.AUTHOR_BESIDE`.

Pure: the page's parsed structured data and meta tags in, keys out; no word list.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from crawler.extract.authors import names_from_structured, parse_byline
from crawler.extract.profile.keys import key_of, norm_text

#: The fields whose values are counted across pages.
VALUE_FIELDS = ("headline", "lead", "topics", "images", "authors")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
#: Meta tags whose content is one of the page's keywords lists.
_TOPIC_META = ("keywords", "news_keywords", "article:tag")


def value_key(name: str, value: str) -> int:
    """The key of a field's value: images by URL (fragment dropped), texts normalised."""
    text = value.split("#", 1)[0] if name == "images" else norm_text(value.lstrip("#"))
    return key_of(f"value\0{name}\0{text}")


def page_values(page: Any) -> dict[str, set[str]]:
    """Per field, the values the page's sources give it (``page``: the extractor's
    :class:`~crawler.extract.page.Page`): structured data, meta tags, every ``<h1>``, the
    ``<title>`` before its site suffix."""
    out: dict[str, set[str]] = {name: set() for name in VALUE_FIELDS}
    meta = page.meta
    for s in page.structs:
        if s.headline:
            out["headline"].add(s.headline)
        if s.description:
            out["lead"].add(s.description)
        out["topics"].update(s.keywords)
        out["images"].update(i["url"] for i in s.images if i.get("url"))
        if s.author:
            out["authors"].update(names_from_structured(s.author)[0])
    for el in page.tree.iter("h1"):
        text = page.text(el)
        if text:
            out["headline"].add(text)
    for name in ("og:title", "twitter:title"):
        if meta.get(name):
            out["headline"].add(meta[name])
    title = page.tree.find(".//title")
    if title is not None:
        head = _TITLE_SEPARATOR.split(page.text(title))[0]
        if head:
            out["headline"].add(head)
    for name in ("description", "og:description", "twitter:description"):
        if meta.get(name):
            out["lead"].add(meta[name])
    for name in _TOPIC_META:
        if meta.get(name):
            out["topics"].update(_LIST_SPLIT.split(meta[name]))
    for name in ("og:image", "twitter:image"):
        if meta.get(name):
            out["images"].add(meta[name])
    author = meta.get("author") or meta.get("article:author")
    if author and not author.startswith("http"):
        out["authors"].update(parse_byline(author)[0])
    out["images"] = {urljoin(page.base, u.strip()) for u in out["images"] if u.strip()}
    return {name: {v for v in vals if v and v.strip()} for name, vals in out.items() if vals}


def value_keys(values: dict[str, set[str]]) -> dict[str, set[int]]:
    """:func:`page_values` as keys (what a page hands over)."""
    return {name: {value_key(name, v) for v in vals} for name, vals in values.items()}
