"""Whether a fetched page is an article, for links that only looked like one.

A link judged by its shape alone (``SiteLinks.is_candidate``) may lead to a topic, author
or "special coverage" page, which has a headline, dates and teaser text like an article.
So a candidate page is an article when it says so (JSON-LD ``@type`` of the Article
family, ``og:type`` ``article``), and otherwise only when the extractor found a headline,
a date and body text and the page is no listing: fewer than ``LISTING_HEADINGS``
headings that link elsewhere (the teasers of a listing).
"""

from __future__ import annotations

import json
from typing import Any

import lxml.etree
import lxml.html

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


def linked_headings(root: Any) -> int:
    """Headings inside or around a link: one per teaser on a listing page."""
    return len(root.xpath("//*[self::h2 or self::h3 or self::h4][ancestor::a or .//a]"))


def is_article_page(root: Any, item: ArticleItem) -> bool:
    """Whether a page reached through a shape-only candidate link is an article."""
    kind = declared_kind(root)
    if kind is not None:
        return kind == "article"
    dated_text = bool(item.headline and item.published)
    words = len((item.body or "").split())
    return dated_text and words >= MIN_BODY_WORDS and linked_headings(root) < LISTING_HEADINGS


def is_article_body(body: bytes, item: ArticleItem) -> bool:
    """``is_article_page`` of an archived body (re-extraction has no parsed response)."""
    try:
        root = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return False
    return is_article_page(root, item)
