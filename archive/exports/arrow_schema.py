"""The Parquet (Arrow) schema of an export row, generated from the row's JSON Schema.

Why generated: the Arrow schema used to be written out by hand beside the JSON Schema and
the item dataclasses, three copies of one shape. Now the JSON Schema
(:mod:`archive.exports.row_schema`) is the definition and this module translates it:

- a string, an untyped ``enum`` or ``const`` of strings -> ``string``; an integer -> ``int64``
  (``int32`` with ``"format": "int32"``); ``null`` beside a type only makes it nullable,
  which every Arrow field is;
- an array -> a list of its items; an object with ``properties`` -> a struct of them, in
  the schema's order;
- a ``oneOf`` of objects (the paragraph diff ops) -> one struct of all their members: the
  first variant's in order, then each member a later variant adds, right after the member
  it follows there;
- ``missing`` (``{field: reason}``) -> a struct with one string member per field of the row;
- the top level -> the columns in the JSONL key order: the item's fields, then the row's.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from archive.exports.row_schema import JSON_SCHEMA, KNOWN_FIELDS, resolve

__all__ = ["SCHEMA", "arrow_type"]


def arrow_type(node: Any) -> pa.DataType:
    """The Arrow type of one JSON Schema node."""
    node = resolve(node)
    if "oneOf" in node:
        return pa.struct(_members(_merged([resolve(v)["properties"] for v in node["oneOf"]])))
    if "type" not in node and ("const" in node or "enum" in node):
        values = node["enum"] if "enum" in node else [node["const"]]
        if all(isinstance(v, str) for v in values):
            return pa.string()
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    (kind,) = [k for k in kinds if k != "null"]
    if kind == "string":
        return pa.string()
    if kind == "integer":
        return pa.int32() if node.get("format") == "int32" else pa.int64()
    if kind == "array":
        return pa.list_(arrow_type(node["items"]))
    if kind == "object" and "properties" in node:
        return pa.struct(_members(node["properties"]))
    raise ValueError(f"no Arrow type for the JSON Schema node {node!r}")


def _members(properties: dict[str, Any]) -> list[tuple[str, pa.DataType]]:
    return [(name, arrow_type(sub)) for name, sub in properties.items()]


def _merged(variants: list[dict[str, Any]]) -> dict[str, Any]:
    """The members of several object variants as one ordered dict (see the module docs)."""
    merged = dict(variants[0])
    for variant in variants[1:]:
        before = None
        for name, sub in variant.items():
            if name not in merged:
                items = list(merged.items())
                at = 0 if before is None else [k for k, _ in items].index(before) + 1
                merged = dict(items[:at] + [(name, sub)] + items[at:])
            before = name
    return merged


def _column(name: str) -> pa.DataType:
    if name == "missing":
        return pa.struct([(field, pa.string()) for field in JSON_SCHEMA["properties"]])
    return arrow_type(JSON_SCHEMA["properties"][name])


#: Every column of an export row, in the JSONL key order.
SCHEMA = pa.schema([(name, _column(name)) for name in KNOWN_FIELDS])
