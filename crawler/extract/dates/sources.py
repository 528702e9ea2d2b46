"""Every place an article page states its dates, collected as ranked candidates.

Candidates in related boxes, teasers, comments, nav, footer, asides and page chrome (a
header's "today's date") are never collected. The candidates come in stages, each with the
lowest rank (:data:`crawler.extract.dates.candidates.RANK`) it can give, so
:func:`crawler.extract.dates.candidates.choose_staged` collects a stage only while it can still
beat what was found; a page's stages are collected once, whoever reads them (the choice,
the offset evidence, the byline day).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from crawler.extract.dates.candidates import RANK, Candidate, Stage
from crawler.extract.dates.labelled import labelled_lines
from crawler.extract.dates.labels import UPDATED_RE, is_update_label, short_before_update
from crawler.extract.dates.parse import parse_url_date
from crawler.extract.lang import pattern
from crawler.extract.page import Page

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
    # less common names, after the usual ones
    "og:published_time",
    "article.published",
    "article_date_original",
    "date_published",
    "publish_date",
    "published-date",
    "publication_date",
    "dcterms.issued",
    "dcterms.date",
    "dc.date.created",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "citation_publication_date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "article.updated",
    "article_date_updated",
    "dc.date.modified",
    "date_modified",
)


#: Containers whose dates are never the article's: comments, teasers, page chrome.
_CHROME_RE = re.compile(
    pattern("markup.date_chrome_classes")
    + r"|(?:^|[\s_-])"
    + pattern("markup.masthead_date_classes")
    + r"(?:$|[\s_-])",
    re.I,
)
#: Class fragments of elements that hold a dateline (classes are lower-cased).
_DATELINE_CLS = re.compile(pattern("markup.dateline_classes"))
_MODIFIED_CLS = re.compile(pattern("markup.modified_classes"))
#: Added to the position of a text candidate that is a sentence (more than five words),
#: not a dateline with its label.
_SENTENCE = 1_000_000
_WORD = re.compile(r"[^\W\d_]{3,}")
_CLOCK_RE = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")


class _Chrome:
    """``chrome(el)``: in the related box or in chrome below the article's own wrappers
    (``<body class="right-sidebar">`` holds the article too: its classes say nothing).
    Remembers each ancestor's answer, so a page's hundreds of candidates cost one walk."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.memo: dict[Any, bool] = dict.fromkeys((page.scope, *page.scope.iterancestors()), False)

    def own(self, anc: Any) -> bool:
        """``anc`` itself is chrome (by its tag or classes), whatever holds it."""
        if anc.tag in ("nav", "footer", "aside"):
            return True
        if anc.tag == "header" and _site_header(anc, self.page):
            return True
        return bool(_CHROME_RE.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"))

    def __call__(self, el: Any) -> bool:
        if self.page.in_related(el):
            return True
        path = []
        node = el.getparent()
        result = False
        while node is not None:
            if node in self.memo:
                result = self.memo[node]
                break
            path.append(node)
            if self.own(node):
                result = True
                break
            node = node.getparent()
        for n in path:
            self.memo[n] = result
        return result


def _site_header(el: Any, page: Page) -> bool:
    """A ``<header>`` outside the article without a headline: the site's, not the story's."""
    if el is page.scope or page.in_scope(el):
        return False
    return not any(True for _ in el.iter("h1"))


def _region(el: Any, page: Page) -> str:
    return "" if el is page.scope or page.in_scope(el) else "page-"


def _declared(page: Page, attr: str, meta_keys: Iterable[str]) -> Iterator[Candidate]:
    for n, s in enumerate(page.structs):
        raw = getattr(s, attr)
        if raw:
            yield Candidate(raw, s.source, s.source, n)
    for n, key in enumerate(meta_keys):
        raw = page.meta.get(key)
        if raw:
            yield Candidate(raw, "meta", "meta", n)


def _is_update_time(el: Any, page: Page) -> bool:
    """A ``<time>`` that is labelled as an update (class, own text or the text just before)."""
    prev = el.getprevious()
    parent = el.getparent()
    before = (prev.tail if prev is not None else parent.text if parent is not None else "") or ""
    classes = " ".join(
        [el.get("class") or "", parent.get("class") or "" if parent is not None else ""]
    )
    return (
        any(is_update_label(t) for t in (classes, page.text(el), before)) or "modified" in classes
    )


def _time_el(el: Any, kind: str, page: Page, n: int) -> Iterator[Candidate]:
    """The machine value, else the text; after a day-only value (``datetime="2026-12-01"``,
    as Ghost themes write it) also the text, whose clock time then refines that day."""
    machine = el.get("datetime") or el.get("content")
    text, kind = page.text(el), _region(el, page) + kind
    yield Candidate(machine or text, kind, "time-element", n, el, text=not machine)
    if machine and text and len(machine.strip()) == 10 and _CLOCK_RE.search(text):
        yield Candidate(text, kind, "time-element", n, el, text=True)


def _leaves(root: Any, tags: tuple[str, ...], max_children: int, limit: int = 400) -> list[Any]:
    """The first ``limit`` small elements (dates sit near the top, not in 10,000 paragraphs)."""
    out = []
    for el in root.iter(*tags):
        if len(el) <= max_children:
            out.append(el)
            if len(out) >= limit:
                break
    return out


def chrome_of(page: Page) -> _Chrome:
    """The page's one :class:`_Chrome`, shared by the published and modified stages."""
    if "dates.chrome" not in page.memo:
        page.memo["dates.chrome"] = _Chrome(page)
    return page.memo["dates.chrome"]


def _collected_once(stages: list[Stage]) -> list[Stage]:
    """``stages`` whose candidates are collected on the first call and kept."""
    kept: list[Stage] = []
    for min_rank, stage in stages:
        memo: list[list[Candidate]] = []

        def once(stage: Callable[[], Iterable[Candidate]] = stage, memo: list = memo) -> list:
            if not memo:
                memo.append(list(stage()))
            return memo[0]

        kept.append((min_rank, once))
    return kept


def published_stages(page: Page) -> list[Stage]:
    """The published-date candidates in stages, each with the lowest rank it can give:
    a stage is only collected while it can still beat what was found, and once a page."""
    if "dates.published" not in page.memo:
        page.memo["dates.published"] = _collected_once(_published_stages(page))
    return page.memo["dates.published"]


def modified_stages(page: Page) -> list[Stage]:
    """Last-modified candidates: declared, labelled ``<time>``, "Updated ..." lines;
    each stage collected once a page."""
    if "dates.modified" not in page.memo:
        page.memo["dates.modified"] = _collected_once(_modified_stages(page))
    return page.memo["dates.modified"]


def _published_stages(page: Page) -> list[Stage]:
    chrome = chrome_of(page)

    def selector() -> Iterator[Candidate]:
        for n, el in enumerate(page.css("published")):
            machine = el.get("datetime") or el.get("content")
            src = "time-element" if el.tag == "time" else "text"
            yield Candidate(machine or page.text(el), "selector", src, n, el, text=not machine)

    def times() -> Iterator[Candidate]:
        for n, el in enumerate(page.tree.iter("time")):
            if not _is_update_time(el, page) and not chrome(el):
                yield from _time_el(el, "time-element", page, n)

    classed: list[Any] = []  # filled by the dateline stage, read by the next one

    def texts(kind: str, els: Iterable[Any]) -> Iterator[Candidate]:
        for n, el in enumerate(els):
            if el.tag in ("meta", "script", "style", "time"):
                continue
            cls = el.get("class") or ""
            if is_update_label(cls) or "modified" in cls:
                continue
            text = short_before_update(page.text(el), 120)
            if text and not chrome(el):
                # a dateline before a sentence that mentions a date ("— X on Sunday,
                # October 13th, 2019 in an article in a local newspaper")
                pos = n + _SENTENCE if len(_WORD.findall(text)) > 5 else n
                yield Candidate(text, _region(el, page) + kind, "text", pos, el, text=True)

    def datelines() -> Iterator[Candidate]:
        classed[:] = page.with_class(_DATELINE_CLS)
        return texts("dateline", classed)

    def labelled() -> Iterator[Candidate]:
        for n, (rest, el) in enumerate(labelled_lines(page.tree, chrome)):
            yield Candidate(rest, "labelled", "text", n, el, text=True)

    def leaves() -> Iterator[Candidate]:
        seen = set(classed)
        small = _leaves(page.scope, ("span", "p", "div", "small", "b", "strong"), 0)
        return texts("text", (el for el in small if el not in seen))

    def url() -> Iterator[Candidate]:
        value = parse_url_date(page.url)
        if value:
            yield Candidate(value, "url", "url", 0)

    declared = partial(_declared, page, "date_published", PUBLISHED_META)
    return [
        (RANK["json-ld"], declared),
        (RANK["selector"], selector),
        (RANK["time-element"], times),
        (RANK["dateline"], datelines),
        (RANK["labelled"], labelled),
        (RANK["text"], leaves),
        (RANK["url"], url),
    ]


def _modified_stages(page: Page) -> list[Stage]:
    chrome = chrome_of(page)

    def times() -> Iterator[Candidate]:
        for n, el in enumerate(page.tree.iter("time")):  # "bijgewerkt <time ...>"
            if _is_update_time(el, page) and not chrome(el):
                yield from _time_el(el, "time-element", page, n)

    def texts() -> Iterator[Candidate]:
        classed = page.with_class(_MODIFIED_CLS)
        seen = set(classed)
        leaves = _leaves(page.scope, ("span", "p", "div", "small", "time"), 1)
        for n, el in enumerate(classed + [el for el in leaves if el not in seen]):
            text = page.text(el)
            if not text or len(text) > 120:
                continue
            if not (is_update_label(text) or is_update_label(el.get("class") or "")):
                continue
            if chrome(el):
                continue
            region = _region(el, page)
            time_el = el if el.tag == "time" else next(iter(el.xpath(".//time")), None)
            if time_el is not None and time_el.get("datetime"):
                raw = time_el.get("datetime")
                yield Candidate(raw, region + "time-element", "time-element", n, el)
                continue
            label = UPDATED_RE.search(text)
            # "Güncelleme: 2 Aralık ...": dateparser reads no date after a bare colon
            tail = text[label.end() :].lstrip(" :-–—") if label else text
            yield Candidate(tail, region + "dateline", "text", n, el, text=True)

    declared = partial(_declared, page, "date_modified", MODIFIED_META)
    return [(RANK["json-ld"], declared), (RANK["time-element"], times), (RANK["dateline"], texts)]


def published_candidates(page: Page) -> Iterator[Candidate]:
    """Every published-date candidate of the page (all stages)."""
    for _, stage in published_stages(page):
        yield from stage()
