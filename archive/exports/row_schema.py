"""The export row's one definition: ``archive/schema/export-row.schema.json``.

Why the JSON Schema file is the source: it is the interface researchers code against, and it
is data every layer can read (``archive/`` imports nothing of ``crawler/``). Everything else
that knows the row's shape is made from it: the field lists here, the Parquet columns
(:mod:`archive.exports.arrow_schema`, at import), and the crawler's item dataclasses are
checked against it field by field (``tests/archive/exports/test_row_schema.py``); the
item's ``schema_version`` is the schema's.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

#: The schema file (inside the installed package too).
SCHEMA = resources.files("archive") / "schema" / "export-row.schema.json"
#: The parsed schema.
JSON_SCHEMA: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))

#: Fields an export row adds to the item, in the order a row writes them after the item's.
ROW_FIELDS = (
    "id",
    "version",
    "previous_version",
    "changed_fields",
    "changes",
    "cluster_id",
    "duplicates",
    "last_seen",
)
#: Fields of the stored item, in the schema's order.
ITEM_FIELDS = tuple(name for name in JSON_SCHEMA["properties"] if name not in ROW_FIELDS)
#: Every field of a row, in the order a JSONL row writes them (the item's, then the row's).
KNOWN_FIELDS = ITEM_FIELDS + ROW_FIELDS
#: The item's ``schema_version``, bumped when the item's shape changes incompatibly.
ITEM_SCHEMA_VERSION: int = JSON_SCHEMA["properties"]["schema_version"]["const"]


def resolve(node: Any) -> Any:
    """``node`` with a ``$ref`` into ``#/$defs/`` followed (other keys of it dropped)."""
    while isinstance(node, dict) and "$ref" in node:
        node = JSON_SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node
