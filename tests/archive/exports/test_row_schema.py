"""archive/ knows the item's fields through the export row schema; the crawler's item
contract must match it, so the two never drift apart."""

from __future__ import annotations

import json
from dataclasses import fields

from archive.exports.export import ITEM_FIELDS, KNOWN_FIELDS, ROW_FIELDS, SCHEMA
from crawler.items import ArticleItem


def test_schema_item_fields_are_the_crawler_item_fields_in_order() -> None:
    assert ITEM_FIELDS == tuple(f.name for f in fields(ArticleItem))


def test_schema_declares_every_row_field() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert set(ROW_FIELDS) <= set(schema["properties"])
    assert set(schema["properties"]) == set(KNOWN_FIELDS)
