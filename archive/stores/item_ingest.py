"""Feeding the item store from the crawl's JSONL item logs, once per line.

Why by file name and size: item logs only grow (a crawl appends, a finished one is never
rewritten), so remembering how far each file was read lets ``export`` pick up new lines
without re-reading old ones, while a crawl is still writing. A torn last line is left for
the next call; a line that is not a JSON object with a URL is counted, never fatal.

This module sits below :mod:`archive.stores.item_store`, which calls it: the store it feeds is
typed by :class:`IngestTarget` (what it uses of either backend), and :class:`AddResult`, what
one add did, is defined here with the counts that add them up.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from archive.jsonl import JsonlReader
from archive.layout import ITEMS_GLOB

#: Commit after this many items while reading one file.
COMMIT_EVERY = 5000
#: Items handed to the store at once (their text work is batched, see ``add_many``).
BATCH = 256


@dataclass(frozen=True)
class AddResult:
    """What adding one item did: a new story, a new version of one, or neither."""

    id: str
    version: int
    is_new_story: bool
    is_new_version: bool
    changed_fields: list[str] = field(default_factory=list)


class IngestTarget(Protocol):
    """What ingesting uses of the item store (SQLite or PostgreSQL, ``ItemStoreLogic``)."""

    conn: Any

    def add_many(self, items: list[dict[str, Any]]) -> list[AddResult | Exception]: ...

    def commit(self) -> None: ...

    def execute(self, sql: str, params: Any = ()) -> Any: ...

    def guard(self) -> AbstractContextManager[None]: ...


@dataclass
class IngestCounts:
    files: int = 0
    items: int = 0
    new_stories: int = 0
    new_versions: int = 0
    unchanged: int = 0
    errors: int = 0

    def count(self, result: AddResult) -> None:
        self.items += 1
        if result.is_new_story:
            self.new_stories += 1
        elif result.is_new_version:
            self.new_versions += 1
        else:
            self.unchanged += 1

    def merge(self, other: IngestCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def ingest_lines(store: IngestTarget, path: Path, start: int) -> tuple[IngestCounts, int]:
    """Add the complete lines of ``path`` from byte ``start``; returns counts and the end.

    Lines go in by batches of ``BATCH`` (``ItemStore.add_many``: the same store as
    one by one, with the text work of a batch done at once)."""
    counts = IngestCounts(files=1)
    batch: list[dict] = []
    lines = JsonlReader(path, start)  # a torn last line waits for the next call
    for item in lines:
        batch.append(item)
        if len(batch) >= BATCH:
            _add_batch(store, batch, counts)
    counts.errors += lines.bad
    _add_batch(store, batch, counts)
    return counts, lines.end


def _add_batch(store: IngestTarget, batch: list[dict], counts: IngestCounts) -> None:
    before = counts.items
    for result in store.add_many(batch):
        if isinstance(result, Exception):
            counts.errors += 1
        else:
            counts.count(result)
    batch.clear()
    if counts.items // COMMIT_EVERY != before // COMMIT_EVERY:
        store.commit()


def ingest_new_files(store: IngestTarget, items_dir: Path) -> IngestCounts:
    """Ingest the item logs of ``items_dir`` that are new or grew since the last call (a
    grown file is read on from where the last call stopped, a shrunk one from the start)."""
    total = IngestCounts()
    if not items_dir.is_dir():
        return total
    for path in sorted(items_dir.glob(ITEMS_GLOB)):
        size = path.stat().st_size
        row = store.execute(
            "SELECT size, items FROM ingested_files WHERE name = ?", (path.name,)
        ).fetchone()
        done, items = row if row else (0, 0)
        if done == size:
            continue
        if done > size:
            done, items = 0, 0
        counts, end = ingest_lines(store, path, done)
        with store.guard():
            store.conn.execute(
                "INSERT INTO ingested_files (name, size, items) VALUES (?, ?, ?) ON CONFLICT "
                "(name) DO UPDATE SET size = excluded.size, items = excluded.items",
                (path.name, end, items + counts.items),
            )
        store.commit()
        total.merge(counts)
    return total
