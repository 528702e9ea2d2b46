"""Which item fields the health report watches, and what "filled" means for each.

Why a table of small predicates: a fill rate is only comparable between runs when "filled"
is decided the same way every time, and a reader of the report must be able to look up what
a figure means. A field that is filled with something useless (a date without its UTC offset,
images without any credit) counts as missing here, because that is how a template change
usually shows: the value degrades before it disappears.

Items are the plain JSON dicts of the item logs (``archive/`` does not import the crawler).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Item = dict[str, Any]

_OFFSET = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$")


def _text(name: str) -> Callable[[Item], bool]:
    return lambda item: bool((item.get(name) or "").strip())


def _listed(name: str) -> Callable[[Item], bool]:
    return lambda item: bool(item.get(name))


def _published_with_offset(item: Item) -> bool:
    return bool(_OFFSET.search(item.get("published") or ""))


def _image_with_credit(item: Item) -> bool:
    return any((image or {}).get("credit") for image in item.get("images") or [])


#: field name in the report -> (predicate, what it means). Order is the report's order.
FIELDS: dict[str, tuple[Callable[[Item], bool], str]] = {
    "headline": (_text("headline"), "a headline"),
    "published": (_published_with_offset, "a publication time with its UTC offset"),
    "authors": (_listed("authors"), "at least one author"),
    "lead": (_text("lead"), "a lead (standfirst)"),
    "body": (_text("body"), "a body text"),
    "topics": (_listed("topics"), "at least one topic"),
    "images_credited": (_image_with_credit, "at least one image with a credit"),
    "related": (_listed("related"), "at least one related story"),
}


def filled_fields(item: Item) -> dict[str, bool]:
    """``{field: filled?}`` for every watched field of one item."""
    return {name: predicate(item) for name, (predicate, _) in FIELDS.items()}


def body_length(item: Item) -> int:
    """Characters of body text (0 when there is none)."""
    return len(item.get("body") or "")
