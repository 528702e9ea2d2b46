"""The article page object: one response (URL, headers, body bytes) → one ``ArticleItem``.

Extraction is a pure function, separate from crawling, so archived captures can be
re-extracted at any time and the result depends only on the bytes, the rules and
``EXTRACTOR_VERSION``. Each field is filled from layers in a fixed order: structured
data (JSON-LD, microdata, meta) first, then the seed's CSS selectors, then generic
heuristics. It never raises: whatever cannot be filled is named in ``item.missing``
with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract import agency as agency_mod
from crawler.extract.authors import names_from_structured, parse_byline
from crawler.extract.body import extract_body
from crawler.extract.credits import clean, clean_credit, dedupe_images, split_caption
from crawler.extract.dates import FoundDate, is_update_label, parse_date, parse_url_date
from crawler.extract.decode import MAX_BODY_BYTES, decode_body, header
from crawler.extract.related import extract_related
from crawler.extract.rules import ExtractionRules
from crawler.extract.structured import (
    Structured,
    css_select,
    json_ld,
    meta_tags,
    microdata,
    parse_html,
)
from crawler.items import ArticleItem, Image

EXTRACTOR_VERSION = "0.2.0"

#: Used only when no rules are given: a German-language page is most likely in Berlin time.
LANGUAGE_TIMEZONES = {"de": "Europe/Berlin"}

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
_HOME = {"home", "startseite", "start", "homepage", "übersicht", "index"}


class _Page:
    """Everything the field extractors share for one page."""

    def __init__(self, url: str, tree: Any, rules: ExtractionRules, rules_given: bool) -> None:
        self.url = url
        self.tree = tree
        self.rules = rules
        self.rules_given = rules_given
        base = tree.xpath("//base/@href")
        self.base = urljoin(url, base[0].strip()) if base else url
        self.ld = json_ld(tree)
        self.md = microdata(tree)
        self.meta = meta_tags(tree)
        self.structs: list[Structured] = [s for s in (self.ld, self.md) if s]
        scopes = tree.xpath("//article") or tree.xpath(
            "//*[@itemtype][contains(@itemtype,'Article')]"
        )
        scopes = scopes or tree.xpath("//main") or tree.xpath("//body") or [tree]
        self.scope = max(scopes[:3], key=lambda el: len(el.text_content()))
        self._related_box: Any = None
        self._related_set: set[Any] = set()
        self._classed: list[tuple[Any, str]] | None = None
        self._scope_set: set[Any] | None = None
        self.tz: str | None = None

    @property
    def related_box(self) -> Any:
        return self._related_box

    @related_box.setter
    def related_box(self, box: Any) -> None:
        self._related_box = box
        self._related_set = set(box.iter()) if box is not None else set()

    def css(self, name: str, root: Any = None) -> list[Any]:
        sel = self.rules.selectors.get(name)
        if not sel:
            return []
        try:
            return [el for el in css_select(root if root is not None else self.tree, sel)]
        except Exception:  # noqa: BLE001 - a broken seed selector is ignored
            return []

    def in_related(self, el: Any) -> bool:
        return el in self._related_set

    def in_scope(self, el: Any) -> bool:
        if self._scope_set is None:
            self._scope_set = set(self.scope.iterdescendants())
        return el in self._scope_set

    def classed(self) -> list[tuple[Any, str]]:
        """Every element with a class, with its lower-cased class (the tree is not yet
        mutated while fields are read, so this is built once per page)."""
        if self._classed is None:
            self._classed = [(el, el.get("class").lower()) for el in self.tree.xpath("//*[@class]")]
        return self._classed

    def scoped(self, found: list[Any]) -> list[Any]:
        found = [el for el in found if not self.in_related(el)]
        return [el for el in found if self.in_scope(el)] or found

    def find(self, xpath: str) -> list[Any]:
        """Elements in the article scope (falling back to the page), outside the related box."""
        found = [el for el in self.scope.xpath("." + xpath) if not self.in_related(el)]
        if not found:
            found = [el for el in self.tree.xpath(xpath) if not self.in_related(el)]
        return found

    def find_cls(self, *names: str) -> list[Any]:
        """Like ``find``: elements whose class contains one of ``names`` (case-insensitive)."""
        return self.scoped([el for el, c in self.classed() if any(n in c for n in names)])

    def find_tokens(self, *names: str) -> list[Any]:
        """Like ``find``: elements with one of ``names`` as a class token (case-sensitive)."""
        wanted = set(names)
        found = [el for el, _ in self.classed() if wanted & set(el.get("class").split())]
        return self.scoped(found)

    def find_cls_images(self, *names: str) -> list[Any]:
        """``<img>`` elements inside elements whose class contains one of ``names``."""
        imgs: list[Any] = []
        seen: set[Any] = set()
        for box, c in self.classed():
            if any(n in c for n in names):
                for img in box.iter("img"):
                    if img not in seen:
                        seen.add(img)
                        imgs.append(img)
        return self.scoped(imgs)


_BYLINE = ("byline", "author")


def _token_match(page: _Page, names: str) -> list[Any]:
    """Elements (scope first, outside the related box) with a class token like ``x-lead``."""
    rx = re.compile(r"(?:^|[\s_-])(?:" + names + r")(?:$|[\s_-])")
    return page.scoped([el for el, c in page.classed() if rx.search(c)])


def _text(el: Any) -> str:
    return clean(el.text_content())


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_,;\s]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else None


# --- fields -----------------------------------------------------------------------------


def _language(page: _Page, headers: Mapping[str, str] | None) -> str | None:
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


def _canonical(page: _Page) -> str:
    for href in [
        *page.tree.xpath("//link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href"),
        page.meta.get("og:url"),
    ]:
        if href and href.strip():
            absolute = urljoin(page.base, href.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
    return page.url


def _headline(page: _Page) -> tuple[str | None, Any]:
    for s in page.structs:
        if s.headline:
            return s.headline, None
    for el in page.css("headline") + page.find("//h1"):
        text = _text(el)
        if text:
            return text, el
    og = page.meta.get("og:title") or page.meta.get("twitter:title")
    if og:
        return og, None
    title = page.tree.xpath("//title")
    if title:
        text = re.split(r"\s+[|–—-]\s+", _text(title[0]))[0]
        return text or None, None
    return None, None


def _lead(page: _Page) -> tuple[str | None, Any]:
    dom = page.css("lead") + _token_match(
        page, "lead|intro|teaser|standfirst|summary|kicker-text|abstract|excerpt"
    )
    dom = [el for el in dom if 0 < len(_text(el)) <= 1000]
    for s in page.structs:
        if s.description:
            el = next((e for e in dom if _text(e) == s.description), None)
            return s.description, el
    if dom:
        return _text(dom[0]), dom[0]
    desc = page.meta.get("description") or page.meta.get("og:description")
    return desc, None


def _authors(page: _Page) -> tuple[list[str], str | None, Any]:
    for s in page.structs:
        if s.author:
            names, ag = names_from_structured(s.author)
            if names:
                return names, ag, None
    dom = page.css("authors") + page.scoped(
        [
            el
            for el in page.tree.xpath("//*[@class or @rel='author']")
            if el.get("rel") == "author" or any(n in el.get("class", "").lower() for n in _BYLINE)
        ]
    )
    agency = None
    for el in dom:
        if el.tag in ("meta", "link") or len(_text(el)) > 200:
            continue
        names, ag = parse_byline(_text(el))
        agency = agency or ag
        if names:
            return names, agency, el
    meta_author = page.meta.get("author") or page.meta.get("article:author")
    if meta_author and not meta_author.startswith("http"):
        names, ag = parse_byline(meta_author)
        return names, agency or ag, None
    return [], agency, None


def _agency(page: _Page, byline_agency: str | None) -> tuple[str | None, list[Any]]:
    """The agency and the DOM elements that only carry the agency marker."""
    lines: list[Any] = []
    for el in page.scope.iter("p", "div", "span", "small", "footer", "em", "strong", "li"):
        if len(el) > 2 or page.in_related(el):
            continue
        text = _text(el)
        if text and len(text) < 80 and agency_mod.agency_from_line(text):
            lines.append(el)
    if lines:
        return agency_mod.agency_from_line(_text(lines[0])), lines
    explicit = page.find_tokens("agency", "source", "article-source")
    for el in explicit:
        found = agency_mod.agency_from_text(_text(el))
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
    paras = [p for p in first if not page.in_related(p) and len(_text(p)) > 40]
    for para in paras[:4]:
        mt = agency_mod.PAREN_RE.search(_text(para)[:80])
        if mt:
            return agency_mod.agency_from_text(mt.group(0)), []
    return None, []


def _topics(page: _Page) -> list[str]:
    found: list[str] = []
    crumbs = page.css("topics")
    if len(crumbs) > 1:  # the seed's selector matched the topic elements themselves
        found.extend(_text(el) for el in crumbs)
        crumbs = []
    elif not crumbs:
        crumbs = [
            el
            for el, c in page.classed()
            if "breadcrumb" in c
            and not any("breadcrumb" in (a.get("class") or "") for a in el.iterancestors())
        ] + page.tree.xpath("//*[contains(@itemtype,'BreadcrumbList')]")
        crumbs = crumbs or _token_match(page, "topics?|tags|topic-path|themen|schlagworte")
    for box in crumbs[:1]:
        links = box.xpath(".//a") if box.tag != "a" else [box]
        found.extend([_text(a) for a in links] or re.split(r"\s*[,›»>/|]\s*", _text(box)))
    for s in page.structs:
        found.extend(s.keywords)
    for key in ("keywords", "news_keywords", "article:tag"):
        if page.meta.get(key):
            found.extend(re.split(r"\s*[,;]\s*", page.meta[key]))
    out: list[str] = []
    seen: set[str] = set()
    for t in found:
        t = clean(t)
        if not t or t.lower() in _HOME or t.lower() in seen or len(t) > 80:
            continue
        seen.add(t.lower())
        out.append(t)
    return out


def _section(page: _Page) -> str | None:
    for s in page.structs:
        if s.section:
            return s.section
    if page.meta.get("article:section"):
        return page.meta["article:section"]
    for el in page.css("section"):
        if _text(el):
            return _text(el)
    first = urlsplit(page.url).path.strip("/").split("/")[0]
    if re.fullmatch(r"[a-zäöüß][a-zäöüß-]{2,30}", first, re.I) and "." not in first:
        return first.replace("-", " ").title()
    return None


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
    raw = el.get("datetime") or el.get("content") or _text(el)
    return parse_date(raw, tz), raw


def _is_update_time(el: Any) -> bool:
    """A ``<time>`` that is labelled as an update (class, own text or the text just before)."""
    prev = el.getprevious()
    parent = el.getparent()
    before = (prev.tail if prev is not None else parent.text if parent is not None else "") or ""
    classes = " ".join(
        [el.get("class") or "", parent.get("class") or "" if parent is not None else ""]
    )
    return any(is_update_label(t) for t in (classes, _text(el), before)) or "modified" in classes


def _declared_date(page: _Page, attr: str, meta_keys: Sequence[str]) -> FoundDate | None:
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


def _published(page: _Page) -> tuple[FoundDate | None, list[Any]]:
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
        if _is_update_time(el):
            continue
        value, raw = _date_from_el(el, tz)
        if value:
            return FoundDate(value, raw, "time-element"), [el]
    candidates = page.find_cls("date", "time", "published", "dateline", "meta")
    candidates += _leaves(page.scope, ("span", "p", "div", "small"), 0)
    for el in candidates:
        if el.tag in ("meta", "script", "style"):
            continue
        text = _text(el)
        if not text or len(text) > 120 or is_update_label(text):
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


def _raw_date_text(text: str) -> str:
    """The date part of a short text (``Stand: 02.12.2025 - 17:52:59 Uhr`` → the timestamp)."""
    from crawler.extract.dates import DE_LONG_RE, EN_LONG_RE, ISO_RE, NUMERIC_RE

    for rx in (ISO_RE, NUMERIC_RE, DE_LONG_RE, EN_LONG_RE):
        mt = rx.search(text)
        if mt:
            return mt.group(0).strip()
    return text


def _modified(page: _Page) -> tuple[FoundDate | None, list[Any]]:
    tz = page.tz
    declared = _declared_date(page, "date_modified", MODIFIED_META)
    if declared:
        return declared, []
    candidates = page.find_cls("updated", "modified", "aktualisiert")
    candidates += _leaves(page.scope, ("span", "p", "div", "small", "time"), 1)
    for el in candidates:
        text = _text(el)
        if not text or len(text) > 120:
            continue
        if not (is_update_label(text) or is_update_label(el.get("class") or "")):
            continue
        label = re.search(r"(aktualisiert|updated?|geändert|modified)\W*", text, re.I)
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


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _img_src(img: Any) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            return src
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def _image_container(img: Any) -> Any:
    """The smallest ancestor holding this image's caption (an ``li``/``div`` with one image)."""
    el = img
    for _ in range(3):
        parent = el.getparent()
        if parent is None or len(parent.xpath(".//img")) > 1 or len(_text(parent)) > 1000:
            break
        el = parent
        if el.tag in ("li", "figure"):
            break
    return el


def _images(page: _Page) -> tuple[list[Image], set[str], list[Any]]:
    """Images, the caption texts to keep out of the body, and the elements used."""
    containers = page.css("images")
    if not containers:
        containers = page.find("//figure")
        loose = page.find_cls_images("gallery", "slider", "carousel", "slideshow")
        containers += [_image_container(i) for i in loose if not i.xpath("ancestor::figure")]
    images: list[Image] = []
    captions: set[str] = set()
    for el in containers:
        img = el if el.tag == "img" else next(iter(el.xpath(".//img")), None)
        if img is None:
            continue
        src = _img_src(img)
        if not src:
            continue
        figcap = el.xpath(
            ".//figcaption|.//*[contains(@class,'caption') or contains(@class,'text')"
            " or contains(@class,'desc') or contains(@class,'subtitle')]"
        )
        figcap = [c for c in figcap if _text(c)]
        raw_caption = _text(figcap[0]) if figcap else clean(img.get("alt"))
        credit_els = (
            el.xpath(
                ".//*[contains(@class,'credit') or contains(@class,'copyright')"
                " or contains(@class,'source') or contains(@class,'author')][not(self::figcaption)]"
            )
            if el.tag != "img"
            else []
        )
        credit_text = _text(credit_els[0]) if credit_els else ""
        caption, credit = split_caption(raw_caption)
        if credit_text:
            if caption and caption.endswith(credit_text):
                caption = clean(caption[: -len(credit_text)]).rstrip(" -–|") or None
            credit = credit or clean_credit(credit_text)
        for t in (raw_caption, caption, credit, credit_text):
            if t:
                captions.add(t)
        images.append(
            Image(
                url=urljoin(page.base, src),
                caption=caption,
                credit=credit,
                width=_int(img.get("width")),
                height=_int(img.get("height")),
            )
        )
    if not images:
        for s in page.structs:
            for data in s.images:
                caption, credit = split_caption(data.get("caption"))
                images.append(
                    Image(
                        url=urljoin(page.base, data["url"]),
                        caption=caption,
                        credit=data.get("credit") or credit,
                        width=_int(data.get("width")),
                        height=_int(data.get("height")),
                    )
                )
            if images:
                break
    if not images and page.meta.get("og:image"):
        images.append(
            Image(
                url=urljoin(page.base, page.meta["og:image"]),
                width=_int(page.meta.get("og:image:width")),
                height=_int(page.meta.get("og:image:height")),
            )
        )
    # strips that repeat all captions in a row ("CAP1 - Foto: X" + "CAP2 - Foto: Y")
    strips = page.find_cls("captions", "caption-list", "bildunterschriften")
    for el in strips:
        text = _text(el)
        if text:
            captions.add(text)
    return dedupe_images(images), captions, containers + strips


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
) -> ArticleItem:
    """Extract an ``ArticleItem`` from one response. Never raises."""
    rules_given = rules is not None
    rules = rules or ExtractionRules()
    try:
        return _extract(url, headers, body, rules, rules_given)
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise
        return _missing_item(url, rules, f"extractor error: {type(exc).__name__}: {exc}"[:300])


def _extract(
    url: str,
    headers: Mapping[str, str] | None,
    body: bytes,
    rules: ExtractionRules,
    rules_given: bool,
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
    tree = parse_html(text)
    if tree is None or tree.find(".//body") is None and not tree.text_content().strip():
        return _fill_missing(_missing_item(url, rules, "body is not parseable HTML"))

    page = _Page(url, tree, rules, rules_given)
    item = ArticleItem(url=url)
    item.extractor = {"version": EXTRACTOR_VERSION, "rules_hash": rules.hash()}
    item.language = _language(page, headers)
    if rules_given:
        page.tz = rules.timezone
    else:
        page.tz = LANGUAGE_TIMEZONES.get(item.language or "")
    item.canonical_url = _canonical(page)

    related, page.related_box = extract_related(
        tree, page.base, page.tz, rules.selectors.get("related")
    )
    item.related = related
    item.headline, headline_el = _headline(page)
    item.lead, lead_el = _lead(page)
    item.authors, byline_agency, byline_el = _authors(page)
    item.agency, agency_els = _agency(page, byline_agency)
    item.topics = _topics(page)
    item.section = _section(page)
    published, published_els = _published(page)
    if published:
        item.published, item.published_raw, item.published_source = (
            published.value,
            published.raw,
            published.source,
        )
    modified, modified_els = _modified(page)
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
    item.images, captions, image_els = _images(page)

    exclude = set(captions)
    exclude.update(t for t in (item.headline, item.published_raw) if t)
    if lead_el is not None and _in_text_flow(lead_el):
        lead_el = None  # an intro paragraph among the body's paragraphs is the first of them
    if lead_el is not None:
        # a lead element of its own is kept out of the body; a description (json-ld, meta)
        # that repeats the first paragraph is not: that paragraph belongs to the text
        exclude.add(item.lead)
    claimed = [page.related_box, headline_el, lead_el, byline_el, *agency_els, *image_els]
    claimed += published_els + modified_els
    claimed = [el for el in claimed if el is not None and el is not page.scope]
    # drop descendants of other claimed elements first (a removed parent takes them along)
    body_text, how = extract_body(
        tree, exclude, _outermost(claimed), rules.selectors.get("body"), page.related_box
    )
    item.body = body_text
    if not body_text:
        item.missing["body"] = how
    return _fill_missing(item, truncated)


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


def _outermost(elements: list[Any]) -> list[Any]:
    ids = {id(el) for el in elements}
    out = []
    for el in elements:
        if any(id(anc) in ids for anc in el.iterancestors()):
            continue
        if el not in out:
            out.append(el)
    return out


REASONS = {
    "canonical_url": "no <link rel=canonical> or og:url",
    "section": "no articleSection, article:section, section selector or section in the URL path",
    "language": "no <html lang>, Content-Language, og:locale, inLanguage or rules.language",
    "headline": "no headline in json-ld/microdata, no <h1>, og:title or <title>",
    "lead": "no description in json-ld/microdata, no lead element or meta description",
    "body": "no main text found",
    "authors": "no byline, json-ld/microdata author or meta author",
    "agency": "no agency line (@ dpa.de), (dpa)/(AFP) marker or agency author",
    "topics": "no breadcrumb, keywords or json-ld keywords",
    "published": "no date found in json-ld, microdata, meta, time element, text or url",
    "modified": "no dateModified, modified meta or 'Aktualisiert'/'Updated' line",
    "images": "no figure, gallery image, json-ld image or og:image",
    "related": "no related-stories box (related class or 'Weitere Meldungen'-like heading)",
}


def _fill_missing(item: ArticleItem, truncated: bool = False) -> ArticleItem:
    for name, reason in REASONS.items():
        value = getattr(item, name)
        if value in (None, "", []) and name not in item.missing:
            if truncated:
                reason += f" (page truncated to its first {MAX_BODY_BYTES} bytes)"
            item.missing[name] = reason
    return item
