"""Class searches of :class:`crawler.extract.page.Page`: one search over all of a page's
classes finds what a search of each element's class would."""

from __future__ import annotations

import re

import lxml.html

from crawler.extract.page import Page, token_match
from crawler.extract.rules import ExtractionRules

CLASSES = [
    "kicker",
    "story-kicker big",
    "story__kicker",
    "superkicker",
    "kickers",
    "x kickerx kicker_y",
    "akicker kicker",
    "Dachzeile",
    "a\tdachzeile",
    "topic\u00a0kicker",
    "kicker-dachzeile",
    "",
]


def test_a_class_token_is_found_where_a_per_element_search_finds_it() -> None:
    divs = "".join(f"<div class='{c}'>x</div>" for c in CLASSES)
    html = f"<html><body><article>{divs}</article></body></html>"
    page = Page("https://example.test/a", lxml.html.fromstring(html), ExtractionRules(), False)
    each = re.compile(r"(?<![^\s_-])(?:kicker|dachzeile)(?![^\s_-])")
    expected = [el for el in page.tree.iter("div") if each.search(el.get("class").lower())]
    assert token_match(page, "kicker|dachzeile") == expected
    assert len(expected) == 9
