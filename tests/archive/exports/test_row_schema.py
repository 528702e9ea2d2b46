"""The row's JSON Schema is its one definition: the crawler's item dataclasses match it field
by field (names, order, types), and the Parquet schema is generated from it."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any

import pyarrow as pa

from archive.exports.arrow_schema import SCHEMA as ARROW_SCHEMA
from archive.exports.arrow_schema import arrow_type
from archive.exports.export import ITEM_FIELDS, KNOWN_FIELDS, ROW_FIELDS, SCHEMA
from archive.exports.row_schema import JSON_SCHEMA, resolve
from crawler.items import ITEM_SCHEMA_VERSION, ArticleItem

#: Python annotation -> JSON Schema type name.
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object"}


def json_types(annotation: Any) -> set[str]:
    """The JSON types a value of ``annotation`` is written as."""
    if isinstance(annotation, types.UnionType):
        return set().union(*(json_types(a) for a in typing.get_args(annotation)))
    if annotation is type(None):
        return {"null"}
    origin = typing.get_origin(annotation) or annotation
    if origin is list:
        return {"array"}
    if is_dataclass(origin):
        return {"object"}
    return {JSON_TYPES[origin]}


def schema_types(node: dict[str, Any]) -> set[str]:
    kind = resolve(node)["type"]
    return set(kind) if isinstance(kind, list) else {kind}


def mismatches(cls: type, properties: dict[str, Any], where: str) -> list[str]:
    """Where the dataclass ``cls`` and the schema's object ``properties`` differ."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    if names != list(properties):
        return [f"{where}: fields {names} != schema {list(properties)}"]
    found = []
    for name in names:
        node, hint = resolve(properties[name]), hints[name]
        if json_types(hint) != schema_types(node):
            found.append(f"{where}.{name}: {hint} is not {node.get('type')}")
        if typing.get_origin(hint) is list and is_dataclass(inner := typing.get_args(hint)[0]):
            found += mismatches(inner, resolve(node["items"])["properties"], f"{where}.{name}")
    return found


def test_the_item_dataclasses_are_the_schema_s_item_fields_in_order_and_type() -> None:
    item_properties = {name: JSON_SCHEMA["properties"][name] for name in ITEM_FIELDS}
    assert mismatches(ArticleItem, item_properties, "ArticleItem") == []
    assert ITEM_FIELDS == tuple(f.name for f in fields(ArticleItem))
    assert ArticleItem(url="u").schema_version == ITEM_SCHEMA_VERSION == 1


def test_a_changed_item_field_is_a_mismatch() -> None:
    """The check above can fail: a field typed differently from the schema is reported."""
    changed = dict(JSON_SCHEMA["properties"])
    changed["headline"] = {"type": "array", "items": {"type": "string"}}
    item_properties = {name: changed[name] for name in ITEM_FIELDS}
    assert mismatches(ArticleItem, item_properties, "ArticleItem") == [
        "ArticleItem.headline: str | None is not array"
    ]


def test_schema_declares_every_row_field() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert set(ROW_FIELDS) <= set(schema["properties"])
    assert set(schema["properties"]) == set(KNOWN_FIELDS)


def test_the_parquet_columns_are_generated_from_the_schema_in_jsonl_key_order() -> None:
    assert ARROW_SCHEMA.names == list(KNOWN_FIELDS)
    paragraph_op = ARROW_SCHEMA.field("changes").type.field("body").type.field("ops").type
    assert [f.name for f in paragraph_op.value_type] == [
        "op", "old_index", "new_index", "text", "old", "new", "words"
    ]  # fmt: skip
    assert paragraph_op.value_type.field("old_index").type == pa.int32()
    assert ARROW_SCHEMA.field("missing").type.names == list(JSON_SCHEMA["properties"])
    assert arrow_type({"type": ["integer", "null"]}) == pa.int64()
    assert arrow_type({"enum": ["a", "b"]}) == pa.string()
