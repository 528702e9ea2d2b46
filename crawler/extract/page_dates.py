"""Where an article page states its dates: which element or field is the published date, which
the last update.

Beside :mod:`crawler.extract.dates`, which turns the strings found here into ISO 8601 in the
site's timezone: this module chooses, that one parses. Each finder tries, in order, what the
page declares (JSON-LD, microdata, meta tags), the seed's selector, ``<time>`` elements, short
dated texts near the top of the article and, for the published date, the URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from crawler.extract.dates import (
    DE_LONG_RE,
    EN_LONG_RE,
    ISO_RE,
    NUMERIC_RE,
    UPDATED_RE,
    FoundDate,
    before_update_label,
    is_update_label,
    parse_date,
    parse_url_date,
)
from crawler.extract.page import Page, text_of
from crawler.items import ArticleItem

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)


MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")


def _leaves(root: Any, tags: tuple[str, ...], max_children: int, limit: int = 400) -> list[Any]:
    """The first ``limit`` small elements (dates sit near the top, not in 10,000 paragraphs)."""
    out = []
    for el in root.iter(*tags):
        if len(el) <= max_children:
            out.append(el)
            if len(out) >= limit:
                break
    return out


def _date_from_el(el: Any, tz: str | None) -> tuple[str | None, str]:
    raw = el.get("datetime") or el.get("content") or text_of(el)
    return parse_date(raw, tz), raw


def _is_update_time(el: Any) -> bool:
    """A ``<time>`` that is labelled as an update (class, own text or the text just before)."""
    prev = el.getprevious()
    parent = el.getparent()
    before = (prev.tail if prev is not None else parent.text if parent is not None else "") or ""
    classes = " ".join(
        [el.get("class") or "", parent.get("class") or "" if parent is not None else ""]
    )
    return any(is_update_label(t) for t in (classes, text_of(el), before)) or "modified" in classes


def _declared_date(page: Page, attr: str, meta_keys: Sequence[str]) -> FoundDate | None:
    """A date the page states outright: structured data first, then meta tags."""
    for s in page.structs:
        raw = getattr(s, attr)
        value = parse_date(raw, page.tz) if raw else None
        if value:
            return FoundDate(value, raw, s.source)
    for key in meta_keys:
        raw = page.meta.get(key)
        value = parse_date(raw, page.tz)
        if value:
            return FoundDate(value, raw or "", "meta")
    return None


def find_published(page: Page) -> tuple[FoundDate | None, list[Any]]:
    tz = page.tz
    declared = _declared_date(page, "date_published", PUBLISHED_META)
    if declared:
        return declared, []
    for el in page.css("published"):
        value, raw = _date_from_el(el, tz)
        if value:
            src = "time-element" if el.tag == "time" else "text"
            return FoundDate(value, raw, src), [el]
    for el in page.find("//time"):
        if _is_update_time(el) or _in_chrome(el):
            continue
        value, raw = _date_from_el(el, tz)
        if value:
            return FoundDate(value, raw, "time-element"), [el]
    candidates = page.find_cls("date", "time", "published", "dateline", "meta")
    candidates += _leaves(page.scope, ("span", "p", "div", "small"), 0)
    for el in candidates:
        if el.tag in ("meta", "script", "style") or _in_chrome(el):
            continue
        text = before_update_label(text_of(el))
        if not text or len(text) > 120:
            continue
        if is_update_label(el.get("class") or "") or "modified" in (el.get("class") or ""):
            continue
        value = parse_date(text, tz)
        if value:
            raw = _raw_date_text(text)
            return FoundDate(value, raw, "text"), [el]
    value = parse_url_date(page.url)
    if value:
        return FoundDate(value, value, "url"), []
    return None, []


#: Containers whose dates are never the article's: comments, teasers, page chrome.
_CHROME_RE = re.compile(
    r"comment|kommentar|commenti|reacties|reactions|teaser|footer|topbar|navbar|sidebar", re.I
)


def _in_chrome(el: Any) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("nav", "footer", "aside"):
            return True
        if _CHROME_RE.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _raw_date_text(text: str) -> str:
    """The date part of a short text (``Stand: 02.12.2025 - 17:52:59 Uhr`` → the timestamp)."""
    for rx in (ISO_RE, NUMERIC_RE, DE_LONG_RE, EN_LONG_RE):
        mt = rx.search(text)
        if mt:
            return mt.group(0).strip()
    return text


def find_modified(page: Page) -> tuple[FoundDate | None, list[Any]]:
    tz = page.tz
    declared = _declared_date(page, "date_modified", MODIFIED_META)
    if declared:
        return declared, []
    for el in page.find("//time"):  # "bijgewerkt <time ...>": a time labelled as an update
        if _is_update_time(el):
            value, raw = _date_from_el(el, tz)
            if value:
                return FoundDate(value, raw, "time-element"), [el]
    candidates = page.find_cls("updated", "modified", "aktualisiert")
    candidates += _leaves(page.scope, ("span", "p", "div", "small", "time"), 1)
    for el in candidates:
        text = text_of(el)
        if not text or len(text) > 120:
            continue
        if not (is_update_label(text) or is_update_label(el.get("class") or "")):
            continue
        label = UPDATED_RE.search(text)
        tail = text[label.end() :] if label else text
        time_el = el if el.tag == "time" else next(iter(el.xpath(".//time")), None)
        if time_el is not None and time_el.get("datetime"):
            raw = time_el.get("datetime")
            value = parse_date(raw, tz)
            if value:
                return FoundDate(value, raw, "time-element"), [el]
        value = parse_date(tail, tz)
        if value:
            return FoundDate(value, _raw_date_text(tail), "text"), [el]
    return None, []


def fill_dates(item: ArticleItem, page: Page) -> list[Any]:
    """Set the item's ``published*`` and ``modified*`` fields; returns the elements that
    stated them (kept out of the body)."""
    published, published_els = find_published(page)
    if published:
        item.published, item.published_raw, item.published_source = (
            published.value,
            published.raw,
            published.source,
        )
    modified, modified_els = find_modified(page)
    if modified and published and modified.value == published.value:
        # dateModified == datePublished is how CMSs say "never updated"
        item.missing["modified"] = f"modified date equals published date ({modified.source})"
        modified = None
    if modified:
        item.modified, item.modified_raw, item.modified_source = (
            modified.value,
            modified.raw,
            modified.source,
        )
    return published_els + modified_els
