"""Every version of one story, with the WARC captures that saw it (for ``newsarchiver history``).

Why: a researcher following one story needs its versions in order, when each was archived and
what changed, without writing SQL. Versions come from the item store; captures (responses and
revisit records) from the archive's CDXJ index, each assigned to the version that was current
at its time. ``304 Not Modified`` re-checks are not in that index (see :mod:`archive.index.cdxj`):
they confirm the version before them and are not listed.

The diffs shown are recomputed from the two versions' texts with :mod:`archive.version_diff`,
the same deterministic functions that fill ``changes`` at ingest, so stores written before the
diffs existed show them too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.stores.item_store import ItemStore
from archive.urls import ID_LENGTH, story_id

__all__ = ["IndexedCapture", "HistoryError", "StoryHistory", "Version", "story_history"]

_ID = re.compile(rf"^[0-9a-f]{{{ID_LENGTH}}}$")


class HistoryError(Exception):
    """The story is not in the archive (one line for the user)."""


@dataclass(frozen=True)
class IndexedCapture:
    """One archived fetch of the story's URL, as its CDXJ index line names it."""

    timestamp: str  # 14 digits, UTC (CDXJ)
    kind: str  # "response" or "revisit"
    status: str
    filename: str
    offset: int

    @property
    def iso(self) -> str:
        t = self.timestamp
        return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


@dataclass
class Version:
    number: int
    item: dict[str, Any]
    changed_fields: list[str]
    changes: dict[str, Any]
    captures: list[IndexedCapture] = field(default_factory=list)

    @property
    def captured_at(self) -> str | None:
        """The WARC-Date of the capture this version was extracted from."""
        return (self.item.get("warc") or {}).get("date") or self.item.get("fetched_at")


@dataclass
class StoryHistory:
    id: str
    url: str
    versions: list[Version]


def _timestamp(iso: str | None) -> str:
    return re.sub(r"\D", "", iso or "")[:14]


def _captures(index: Path, urls: set[str]) -> list[IndexedCapture]:
    """Index lines of ``urls``, oldest first (a linear scan; the index is plain text)."""
    if not index.is_file():
        return []
    needles = [f'"url": {json.dumps(u)}' for u in urls]
    out: list[IndexedCapture] = []
    with index.open(encoding="utf-8") as fh:
        for line in fh:
            if not any(n in line for n in needles):
                continue
            _key, ts, data = line.split(" ", 2)
            rec = json.loads(data)
            if rec.get("url") not in urls:
                continue
            kind = "revisit" if rec.get("mime") == "warc/revisit" else "response"
            out.append(
                IndexedCapture(
                    ts, kind, str(rec.get("status", "")), rec["filename"], int(rec["offset"])
                )
            )
    return sorted(set(out), key=lambda c: (c.timestamp, c.filename, c.offset))


def _assign(versions: list[Version], captures: list[IndexedCapture]) -> None:
    """Each capture goes to the last version extracted at or before its time."""
    starts = [_timestamp(v.captured_at) for v in versions]
    for cap in captures:
        owner = versions[0]
        for version, start in zip(versions, starts, strict=True):
            if start and start <= cap.timestamp:
                owner = version
        owner.captures.append(cap)


def story_history(store: ItemStore, index: Path, url_or_id: str) -> StoryHistory:
    """The versions of the story ``url_or_id`` names (a story id or any of its URLs)."""
    key = url_or_id.strip()
    sid = key if _ID.match(key) else story_id(key)
    rows = store.versions_of(sid)
    if not rows:
        raise HistoryError(f"{url_or_id}: no such story in the archive (id {sid})")
    versions = [Version(r["version"], r["item"], r["changed_fields"], r["changes"]) for r in rows]
    urls = {u for v in versions for u in (v.item.get("url"), v.item.get("canonical_url")) if u}
    _assign(versions, _captures(index, urls))
    latest = versions[-1].item
    return StoryHistory(sid, latest.get("canonical_url") or latest.get("url") or key, versions)
