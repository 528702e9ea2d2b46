"""Structured data: schema.org JSON-LD, microdata, OpenGraph and meta tags.

Publishers state the facts (headline, dates, authors, section) in machine-readable
form more reliably than in their markup, so these come first. Broken JSON-LD is common
(trailing commas, raw newlines, HTML comments); it is repaired where cheap and skipped
otherwise, never fatal. The result is flattened to one ``Structured`` record.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "webpage",
}


@dataclass
class Structured:
    """The article facts found in one structured source (json-ld or microdata)."""

    source: str
    headline: str | None = None
    description: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    author: Any = None
    images: list[dict[str, Any]] = field(default_factory=list)
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    body: str | None = None
    publisher: str | None = None


def _loads(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M) if text.startswith("//") else text
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)  # trailing commas
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def _walk(node: Any) -> list[dict[str, Any]]:
    """All dicts in a JSON-LD document (top level, lists, ``@graph``, nested)."""
    out: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        cur = stack.pop(0)
        if isinstance(cur, list):
            stack.extend(cur)
        elif isinstance(cur, dict):
            out.append(cur)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(cur.get(key), list | dict):
                    stack.append(cur[key])
    return out


#: schema.org names every subtype of Article and WebPage after it ("MedicalWebPage",
#: "ScholarlyArticle", "SocialMediaPosting"): a name ending so is an article object too.
_ARTICLE_SUFFIXES = ("article", "posting", "webpage")


def _article_like(types: set[str], pages: bool = True) -> bool:
    """An Article (or, with ``pages``, a WebPage) type or a subtype of one."""
    suffixes = _ARTICLE_SUFFIXES if pages else _ARTICLE_SUFFIXES[:2]
    return any(t in ARTICLE_TYPES or t.endswith(suffixes) for t in types if pages or t != "webpage")


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type") or obj.get("type") or []
    if isinstance(t, str):
        t = [t]
    return {str(x).rsplit("/", 1)[-1].lower() for x in t if x}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(html.unescape(str(value)).split())  # "Can&#39;t" in json-ld happens
    return text or None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        parts = re.split(r"\s*[,;]\s*", value)
    elif isinstance(value, list):
        parts = [p for v in value for p in _keywords(v)]
    elif isinstance(value, dict):  # a DefinedTerm or Thing: {"@type": "Thing", "name": ...}
        parts = [_text(value) or ""]
    else:
        parts = []
    return [p.strip() for p in parts if isinstance(p, str) and p.strip()]


def _images(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for it in items:
        if isinstance(it, str) and it.strip():
            out.append({"url": it.strip()})
        elif isinstance(it, dict):
            url = _text(it.get("url") or it.get("contentUrl"))
            if url:
                out.append(
                    {
                        "url": url,
                        "caption": _text(it.get("caption") or it.get("description")),
                        "credit": _text(
                            it.get("creditText") or it.get("copyrightHolder") or it.get("author")
                        ),
                        "width": it.get("width"),
                        "height": it.get("height"),
                    }
                )
    return out


def _from_obj(obj: dict[str, Any], source: str) -> Structured:
    date_pub = obj.get("datePublished") or obj.get("dateCreated") or obj.get("uploadDate")
    return Structured(
        source=source,
        headline=_text(obj.get("headline") or obj.get("name")),
        description=_text(obj.get("description") or obj.get("alternativeHeadline")),
        date_published=_text(date_pub),
        date_modified=_text(obj.get("dateModified")),
        author=obj.get("author") or obj.get("creator"),
        images=_images(obj.get("image") or obj.get("associatedMedia") or []),
        section=_text(obj.get("articleSection")),
        # what the article is "about" (schema.org Things) is a topic as its keywords are
        keywords=_keywords(obj.get("keywords") or []) + _keywords(obj.get("about") or []),
        language=_text(obj.get("inLanguage")),
        url=_text(obj.get("url")),
        body=_text(obj.get("articleBody")),
        publisher=_text(obj.get("publisher")),
    )


def json_ld(tree: Any) -> Structured | None:
    """The best article object in the page's JSON-LD, or None."""
    best: tuple[int, dict[str, Any]] | None = None
    for script in tree.xpath('//script[contains(translate(@type,"JSONLD","jsonld"),"ld+json")]'):
        data = _loads(script.text_content() or "")
        if data is None:
            continue
        for obj in _walk(data):
            types = _types(obj)
            if not _article_like(types):
                continue
            page = any(t.endswith("webpage") for t in types)
            score = (0 if page else 2) + (1 if obj.get("headline") else 0)
            if best is None or score > best[0]:
                best = (score, obj)
    return _from_obj(best[1], "json-ld") if best else None


def _prop_value(el: Any) -> Any:
    if el.get("itemscope") is not None:
        return _microdata_item(el)
    for attr in ("content", "datetime"):
        if el.get(attr) is not None:
            return el.get(attr)
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("img", "audio", "video", "source", "embed", "iframe"):
        return el.get("src")
    if tag in ("a", "link", "area"):
        return el.get("href")
    if tag == "meta":
        return el.get("content")
    return " ".join(el.text_content().split())


def _microdata_item(scope: Any) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if scope.get("itemtype"):
        item["@type"] = scope.get("itemtype").split()
    for el in scope.iterdescendants():
        if not isinstance(el.tag, str) or el.get("itemprop") is None:
            continue
        # skip properties belonging to a nested item
        parent = el.getparent()
        owner = None
        while parent is not None:
            if parent.get("itemscope") is not None:
                owner = parent
                break
            parent = parent.getparent()
        if owner is not scope:
            continue
        value = _prop_value(el)
        for name in el.get("itemprop").split():
            if name in item:
                prev = item[name]
                item[name] = (prev if isinstance(prev, list) else [prev]) + [value]
            else:
                item[name] = value
    return item


def microdata(tree: Any) -> Structured | None:
    """The first schema.org article item in the page's microdata, or None."""
    for scope in tree.xpath("//*[@itemscope][@itemtype]"):
        item = _microdata_item(scope)
        if _article_like(_types(item), pages=False):
            return _from_obj(item, "microdata")
    return None


def meta_tags(tree: Any) -> dict[str, str]:
    """``<meta name|property|itemprop=... content=...>`` (first wins, keys lower-cased)."""
    out: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = el.get("property") or el.get("name") or el.get("http-equiv")
        if not key or el.get("itemprop"):
            continue
        key = key.strip().lower()
        value = " ".join((el.get("content") or "").split())
        if value and key not in out:
            out[key] = value
    return out


#: Comments are dropped while parsing: removing them later loses the text after them
#: (``suffered<!-- --> months``), and no field is ever read from a comment.
_PARSER = lxml_html.HTMLParser(remove_comments=True)


def parse_html(text: str) -> Any | None:
    """An lxml tree for ``text`` or None when there is nothing parseable."""
    if not text or not text.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text[:200]) + text[200:]
    try:
        tree = lxml_html.document_fromstring(text, parser=_PARSER)
    except Exception:  # noqa: BLE001 - lxml raises several types on garbage
        try:
            tree = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
        except Exception:  # noqa: BLE001
            return None
    _unnest_void(tree)
    return tree


#: HTML5 void elements libxml2's HTML 4 parser does not know: it leaves each open, so what
#: follows (the next ``<source>``, the ``<img>`` of a ``<picture>``, a word after ``<wbr>``)
#: becomes its child, and an image sits six levels below its figure.
_HTML5_VOID = ("source", "track", "wbr", "embed")


def _unnest_void(tree: Any) -> None:
    """Move what the parser put inside a void element back after it, as a browser reads it."""
    for el in list(tree.iter(*_HTML5_VOID)):
        if not len(el) and not el.text:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        at = parent.index(el)
        children = list(el)
        inner_text, el.text = el.text, None
        tail, el.tail = el.tail, inner_text
        for offset, child in enumerate(children, 1):
            parent.insert(at + offset, child)
        last = children[-1] if children else el
        last.tail = (last.tail or "") + (tail or "") or None


@lru_cache(maxsize=256)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def css_select(root: Any, selector: str) -> list[Any]:
    """``root.cssselect(selector)`` with the CSS-to-XPath translation done once per selector.

    Raises like ``cssselect`` on a bad selector.
    """
    return _compiled(selector)(root)
