"""Whether a fetched page is an article, for links that only looked like one.

A link judged by its shape alone (``SiteLinks.is_candidate``) may lead to a topic, author
or "special coverage" page, which has a headline, dates and teaser text like an article.
So a candidate page is an article when it says so (JSON-LD ``@type`` of the Article
family, ``og:type`` ``article``), and otherwise only when the extractor found a headline,
a date and body text and the page is no listing: fewer than ``LISTING_HEADINGS``
headings that link elsewhere (the teasers of a listing) before the end of the text the
extractor took as the body. Headings after it are a "more stories" box of card headings
below an article (a listing's teasers come before, or are, what an extractor takes as
text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from crawler.extract.decode import decode_body
from crawler.extract.structured import parse_html
from crawler.items import ArticleItem

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
        "BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle BlogPosting "
        "LiveBlogPosting SatiricalArticle Report"
    ).split()
)
#: A page with this many linked headings (h2-h4 in or around a link) lists stories.
LISTING_HEADINGS = 3
MIN_BODY_WORDS = 40


def _types(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, list):
        for n in node:
            found |= _types(n)
    elif isinstance(node, dict):
        t = node.get("@type")
        found |= {x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)}
        found |= _types(node.get("@graph"))
    return found


def declared_kind(root: Any) -> str | None:
    """``article`` when the page declares itself one, ``other`` when it declares another
    kind (``og:type`` website, profile, ...), None when it says nothing."""
    types: set[str] = set()
    for script in root.xpath('//script[contains(@type, "ld+json")]/text()'):
        try:
            types |= _types(json.loads(script))
        except ValueError:
            continue
    og = root.xpath('string(//meta[@property="og:type"]/@content)').strip().lower()
    if types & ARTICLE_TYPES or og.startswith("article"):
        return "article"
    return "other" if og else None


def linked_headings(root: Any, body: str | None = None) -> int:
    """Headings inside or around a link: one per teaser on a listing page; with ``body``
    only those before the element holding the body's last paragraph."""
    found = root.xpath("//*[self::h2 or self::h3 or self::h4][ancestor::a or .//a]")
    end = _body_end(root, body) if found and body else None
    if end is None:
        return len(found)
    order = {el: n for n, el in enumerate(root.iter())}
    return sum(order.get(h, 0) < order[end] for h in found)


def _body_end(root: Any, body: str) -> Any | None:
    """The last element whose whole text is the body's last paragraph."""
    paras = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    if not paras:
        return None
    last = " ".join(paras[-1].split())
    end = None
    for el in root.iter("p", "div", "li"):
        if " ".join(el.text_content().split()) == last:
            end = el
    return end


def is_article_page(root: Any, item: ArticleItem) -> bool:
    """Whether a page reached through a shape-only candidate link is an article."""
    kind = declared_kind(root)
    if kind is not None:
        return kind == "article"
    dated_text = bool(item.headline and item.published)
    words = len((item.body or "").split())
    if not dated_text or words < MIN_BODY_WORDS:
        return False
    return linked_headings(root, item.body) < LISTING_HEADINGS


def is_article_body(
    body: bytes, item: ArticleItem, headers: Mapping[str, str] | None = None
) -> bool:
    """``is_article_page`` of a capture's body, decoded as the extractor decodes it."""
    root = parse_html(decode_body(body, headers)[0])
    return root is not None and is_article_page(root, item)
