"""Related stories completed from the archive's own items, as an export writes them.

Why: a related-stories box usually gives a link and a headline, rarely the date, and its
headline may be a short teaser line. The crawl fetched most linked stories too, so the
archive holds their own items, with their timezone-correct publication time. An export
fills a related entry's missing ``published``, ``headline`` and ``section`` from the
latest stored version of the story it links to (matched by normalised URL, as stories are
keyed); what the page itself gave is never replaced, and a link the archive does not hold
stays as it was. Stored items are not changed: re-extraction and version history see the
page as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

import orjson

from archive.stores.export_selection import Row
from archive.urls import story_id

#: Related fields an entry may take from the linked story's own item.
FILLED = ("published", "headline", "section")
#: Rows read ahead so the linked stories of many rows are looked up in one query.
BATCH = 256

#: ``lookup(ids)``: story id -> the latest stored item of that story, for the ids it holds.
Lookup = Callable[[list[str]], dict[str, dict[str, Any]]]


def _wanting(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r
        for r in item.get("related") or []
        if isinstance(r, dict) and r.get("url") and any(not r.get(f) for f in FILLED)
    ]


def fill_related(rows: Iterator[Row], lookup: Lookup) -> Iterator[Row]:
    """``rows`` with each related entry's missing fields taken from the archive."""
    while batch := list(islice(rows, BATCH)):
        parsed: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        for n, row in enumerate(batch):
            if b'"related":[{' not in row[0]:
                continue  # the common case costs no JSON parse
            item = orjson.loads(row[0])
            wanting = _wanting(item)
            if wanting:
                parsed[n] = (item, wanting)
        ids = {story_id(r["url"]) for _, wanting in parsed.values() for r in wanting}
        found = lookup(sorted(ids)) if ids else {}
        for n, row in enumerate(batch):
            if n in parsed and _fill(parsed[n][1], found):
                row = (orjson.dumps(parsed[n][0]), *row[1:])
            yield row


def _fill(wanting: list[dict[str, Any]], found: dict[str, dict[str, Any]]) -> bool:
    changed = False
    for entry in wanting:
        own = found.get(story_id(entry["url"]))
        if own is None:
            continue
        for field in FILLED:
            if not entry.get(field) and own.get(field):
                entry[field] = own[field]
                changed = True
    return changed
