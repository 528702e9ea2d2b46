"""The article page object: one response (URL, headers, body bytes) → one ``ArticleItem``.

Extraction is a pure function, separate from crawling, so archived captures can be
re-extracted at any time and the result depends only on the bytes, the rules and
``EXTRACTOR_VERSION``. Each field is filled from layers in a fixed order: structured
data (JSON-LD, microdata, meta) first, then the seed's CSS selectors, then generic
heuristics. It never raises: whatever cannot be filled is named in ``item.missing``
with the reason.

This module composes the page: text fields here, dates in :mod:`~crawler.extract.dates.candidates`,
images in :mod:`~crawler.extract.images`, the related box in :mod:`~crawler.extract.related`,
the body in :mod:`~crawler.extract.body`, all reading one :class:`~crawler.extract.page.Page`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract import agency as agency_mod
from crawler.extract.authors import names_from_structured
from crawler.extract.body import extract_body
from crawler.extract.bylines import find_authors
from crawler.extract.dates.item import fill_dates
from crawler.extract.dates.parse import response_date
from crawler.extract.dates.text import LANGUAGE_TIMEZONES
from crawler.extract.decode import MAX_BODY_BYTES, decode_body, header
from crawler.extract.headline import find_headline, find_lead, is_bold_lead
from crawler.extract.images import find_images
from crawler.extract.link_bound import (
    bound_images,
    cut_elements_in_text,
    cut_images,
    cut_links,
    drop_images_in_text,
    drop_links_in_text,
    note_elements_not_read,
    note_links_not_read,
)
from crawler.extract.missing import fill_missing as _fill_missing
from crawler.extract.page import Page
from crawler.extract.profile import PageFeatures, SiteProfile, page_features
from crawler.extract.profile.apply import PageProfile, stated_values
from crawler.extract.profile.values import page_values
from crawler.extract.related import extract_related, link_cards, read_also_links
from crawler.extract.rules import ExtractionRules
from crawler.extract.section import find_section
from crawler.extract.structured import parse_html
from crawler.extract.topics import find_topics
from crawler.extract.web_urls import drop_non_web_urls
from crawler.items import ArticleItem

EXTRACTOR_VERSION = "0.2.0"


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_,;\s]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else None


# --- fields -----------------------------------------------------------------------------


def _language(page: Page, headers: Mapping[str, str] | None) -> str | None:
    candidates = [
        *page.tree.xpath("/html/@lang"),
        *page.tree.xpath("/html/@xml:lang"),
        header(headers, "content-language"),
        page.meta.get("content-language"),
        page.meta.get("og:locale"),
        page.meta.get("language"),
        *(s.language for s in page.structs),
        page.rules.language,
    ]
    for c in candidates:
        code = _lang(c)
        if code:
            return code
    return None


def _canonical(page: Page) -> str:
    for href in [
        *page.tree.xpath("//link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href"),
        page.meta.get("og:url"),
    ]:
        if href and href.strip():
            absolute = urljoin(page.base, href.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
    return page.url


def _agency(page: Page, byline_agency: str | None) -> tuple[str | None, list[Any]]:
    """The agency and the DOM elements that only carry the agency marker."""
    lines: list[Any] = []
    for el in page.scope.iter("p", "div", "span", "small", "footer", "em", "strong", "li"):
        if len(el) > 2 or page.in_related(el):
            continue
        text = page.text(el)
        if text and len(text) < 80 and agency_mod.agency_from_line(text):
            lines.append(el)
    if lines:
        return agency_mod.agency_from_line(page.text(lines[0])), lines
    explicit = page.find_tokens("agency", "source", "article-source")
    for el in explicit:
        found = agency_mod.agency_from_text(page.text(el))
        if found:
            return found, [el]
    if byline_agency:
        return byline_agency, []
    for s in page.structs:
        _, ag = names_from_structured(s.author) if s.author else ([], None)
        if ag:
            return ag, []
    # "(AFP) Der Bundestag ..." / "Berlin (dpa) - ..." at the start of an early paragraph
    first = page.scope.xpath("(.//p)[position() <= 12]")
    paras = [p for p in first if not page.in_related(p) and len(page.text(p)) > 40]
    for para in paras[:4]:
        mt = agency_mod.PAREN_RE.search(page.text(para)[:80])
        if mt:
            return agency_mod.agency_from_text(mt.group(0)), []
    return None, []


# --- entry point -----------------------------------------------------------------------


def _missing_item(url: str, rules: ExtractionRules, reason: str) -> ArticleItem:
    item = ArticleItem(url=url, canonical_url=url)
    item.extractor = {"version": EXTRACTOR_VERSION, "rules_hash": rules.hash()}
    item.missing = {"body": reason}
    return item


def extract_article(
    url: str,
    headers: Mapping[str, str] | None,
    body: bytes,
    rules: ExtractionRules | None = None,
    profile: SiteProfile | None = None,
    *,
    sections: Sequence[tuple[str, str]] | None = None,
    listed_in: Sequence[str] = (),
) -> ArticleItem:
    """Extract an ``ArticleItem`` from one response. Never raises. ``profile``: the site's
    learned profile (None: the generic extractor alone, exactly). ``sections``: the seed's
    (name, start URL) pairs and ``listed_in`` those whose listings linked the page, when
    the crawl knows them (:mod:`crawler.extract.section`)."""
    where = (sections, listed_in)
    return extract_page(url, headers, body, rules, profile, where=where)[0]


def extract_page(
    url: str,
    headers: Mapping[str, str] | None,
    body: bytes,
    rules: ExtractionRules | None = None,
    profile: SiteProfile | None = None,
    features: bool = False,
    where: tuple[Sequence[tuple[str, str]] | None, Sequence[str]] = (None, ()),
    fetched: datetime | None = None,
) -> tuple[ArticleItem, PageFeatures | None]:
    """:func:`extract_article`, and with ``features`` also what the page contributes to its
    site's profile (None when it is no parseable page), from the same parsed tree;
    ``where``: the seed's sections and those whose listings linked the page; ``fetched``:
    when the page was fetched (its WARC-Date), for a response without a ``Date`` header."""
    rules_given = rules is not None
    rules = rules or ExtractionRules()
    found: list[PageFeatures] = []
    try:
        sink = found if features else None
        item = _extract(url, headers, body, rules, rules_given, profile, sink, where, fetched)
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise
        item = _missing_item(url, rules, f"extractor error: {type(exc).__name__}: {exc}"[:300])
    if profile is not None:
        item.extractor["profile_hash"] = profile.hash()
    drop_non_web_urls(item)  # javascript:, data:, mailto: are no pictures or stories
    return item, (found[0] if found else None)


def _extract(
    url: str,
    headers: Mapping[str, str] | None,
    body: bytes,
    rules: ExtractionRules,
    rules_given: bool,
    profile: SiteProfile | None = None,
    features: list[PageFeatures] | None = None,
    where: tuple[Sequence[tuple[str, str]] | None, Sequence[str]] = (None, ()),
    fetched: datetime | None = None,
) -> ArticleItem:
    if not isinstance(body, bytes | bytearray):
        body = str(body or "").encode("utf-8")
    if not body or not body.strip():
        return _fill_missing(_missing_item(url, rules, "empty response body"))
    truncated = len(body) > MAX_BODY_BYTES
    text, _encoding = decode_body(bytes(body[:MAX_BODY_BYTES]), headers)
    if _looks_binary(text):
        ctype = header(headers, "content-type") or "no content-type"
        return _fill_missing(_missing_item(url, rules, f"body looks like binary data ({ctype})"))
    text, not_read = drop_links_in_text(text, rules.max_links)  # a flood of links
    text, images_cut = drop_images_in_text(text, rules.max_images)  # or of images
    text, elements_cut = cut_elements_in_text(text)  # or of anything else
    tree = parse_html(text)
    if tree is None or tree.find(".//body") is None and not tree.text_content().strip():
        return _fill_missing(_missing_item(url, rules, "body is not parseable HTML"))

    found = cut_links(tree, rules.max_links)  # every later pass reads at most so many
    not_read += found - rules.max_links if found else 0
    found = cut_images(tree, rules.max_images)
    images_cut += found - rules.max_images if found else 0
    page = Page(url, tree, rules, rules_given)
    learning_or_using = features is not None or (profile is not None and profile.usable)
    stated = stated_values(page) if learning_or_using else {}
    if features is not None:
        features.append(page_features(tree, url, stated, page_values(page)))
    # a seed selector for a field overrides what the profile would change of it
    seed_sel = rules.selectors
    usable = profile is not None and profile.usable
    template = PageProfile(tree, page.base, profile, seed_sel) if usable else None
    page.profile = template if "topics" not in seed_sel else None
    page.values = template
    item = ArticleItem(url=url)
    item.extractor = {"version": EXTRACTOR_VERSION, "rules_hash": rules.hash()}
    item.language = _language(page, headers)
    if rules_given:
        page.tz = rules.timezone
    else:
        page.tz = LANGUAGE_TIMEZONES.get(item.language or "")  # used only without rules
    page.fetched = response_date(headers) or fetched
    item.canonical_url = _canonical(page)

    related, page.related_box = extract_related(page, rules.selectors.get("related"))
    inline, read_also_els = read_also_links(page)
    # a card is related, but not claimed from the body: where a page's text holds the
    # card's headline the text keeps it (the public benchmark's truth does)
    inline += link_cards(page)[0]
    if template is not None and "related" not in seed_sel:  # read-also labels, any language
        labelled, label_els = template.labelled_links(page.scope, set(read_also_els))
        inline += labelled
        inline += template.related_links(url, {r.url for r in related + inline})  # its box
        read_also_els += label_els
    known = {r.url for r in related}
    item.related = related + [r for r in inline if r.url not in known and r.url != url]
    if template is not None and "related" not in seed_sel:
        item.related = template.story_related(item.related)
    item.headline, headline_el = find_headline(page)
    item.lead, lead_el = find_lead(page)
    item.authors, byline_agency, byline_el = find_authors(page)
    if features is not None:  # the byline shown, beside the authors the page states
        features[-1].add_values("authors", item.authors)
    item.agency, agency_els = _agency(page, byline_agency)
    item.topics = find_topics(page)
    if template is not None:  # a keyword or an author the outlet gives on many pages
        item.topics = template.story_values("topics", item.topics)
        item.authors = template.story_values("authors", item.authors)
    item.section = find_section(page, *where)
    date_els = fill_dates(item, page)
    item.images, captions, image_els = find_images(page)
    if template is not None and "images" not in seed_sel:
        item.images = template.story_images(item.images)
    bound_images(item, images_cut, rules.max_images)  # structured data may declare more

    # fields read where the outlet's structured data showed them, on pages stating none
    learned_els = template.fill(item, stated, seed_sel) if template is not None else []
    if template is not None and lead_el is None and "lead" not in seed_sel:
        shown = template.lead_element(item.lead)  # where the outlet shows its leads
        if shown is not None and not _in_text_flow(shown):
            item.lead, lead_el = item.lead or page.text(shown), shown
    exclude = set(captions)
    exclude.update(t for t in (item.headline, item.published_raw) if t)
    exclude.update(item.authors)  # a line that is only an author's name is a byline
    if lead_el is not None and _in_text_flow(lead_el) and not is_bold_lead(page, lead_el):
        lead_el = None  # an intro paragraph among the body's paragraphs is the first of them
    if lead_el is not None:
        # a lead element of its own is kept out of the body; a description (json-ld, meta)
        # that repeats the first paragraph is not: that paragraph belongs to the text
        exclude.add(item.lead)
    claimed = [page.related_box, headline_el, lead_el, byline_el, *agency_els, *image_els]
    claimed += _labels_before(
        page, headline_el if headline_el is not None else _shown_h1(page, item)
    )
    claimed += date_els + read_also_els + learned_els
    claimed = [el for el in claimed if el is not None and el is not page.scope]
    # every claimed element is dropped on its own: a claimed parent the share guard keeps
    # (it holds most of the text) must not keep its claimed children in the body
    line_filter = template.template_line if template and "body" not in seed_sel else None
    body_text, how = extract_body(
        tree, exclude, _unique(claimed), rules.selectors.get("body"), page.related_box, line_filter
    )
    item.body = body_text
    if not body_text:
        item.missing["body"] = how
    if not_read:
        note_links_not_read(item, not_read, rules.max_links)
    if elements_cut:
        note_elements_not_read(item, elements_cut)
    return _fill_missing(item, truncated)


def _shown_h1(page: Page, item: ArticleItem) -> Any:
    """The ``<h1>`` showing a headline taken from structured data (it stays in the page:
    on some templates trafilatura needs it to find the text)."""
    return next((h for h in page.find("//h1") if page.text(h) == item.headline), None)


def _labels_before(page: Page, headline_el: Any) -> list[Any]:
    """Short elements just before the headline (a section label, a kicker link): the top
    of the article, not its text."""
    out: list[Any] = []
    prev = headline_el.getprevious() if headline_el is not None else None
    while prev is not None and len(out) < 2 and isinstance(prev.tag, str):
        if len(page.text(prev)) > 40 or prev.xpath(".//p|.//img"):
            break
        out.append(prev)
        prev = prev.getprevious()
    return out


def _in_text_flow(el: Any) -> bool:
    """A paragraph (or list) whose siblings are at least two more text paragraphs."""
    parent = el.getparent()
    if el.tag not in ("p", "ul", "ol") or parent is None:
        return False
    siblings = (p for p in parent if p is not el and p.tag == "p")
    return sum(1 for p in siblings if len(p.text_content().strip()) >= 40) >= 2


#: Control characters other than tab, newline, carriage return and form feed; U+FFFD.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    """More than 10% control or replacement characters in the first 4 KB: not a web page."""
    head = text[:4096]
    if not head:
        return False
    return len(_BINARY_CHARS.findall(head)) > len(head) // 10


def _unique(elements: list[Any]) -> list[Any]:
    out: list[Any] = []
    seen: set[int] = set()
    for el in elements:
        if id(el) not in seen:
            seen.add(id(el))
            out.append(el)
    return out
