"""Reading an archive that cannot be written: its item store ingested in a private copy.

Why: ``export`` and ``history`` first ingest the item logs the store has not read yet, and a
read-only archive (a researcher's read-only mount, a copy on a DVD) refuses that write. The
archive itself is never changed by a reading command, so the store is copied to a temporary
folder (SQLite's online backup: consistent even while read), new lines are ingested there,
and the copy is deleted when the command ends.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archive.layout import ITEMS_GLOB, ArchiveLayout
from archive.stores.item_ingest import IngestCounts
from archive.stores.shared import open_item_store


def pending_item_logs(store: Any, items_dir: Path) -> int:
    """How many item logs in ``items_dir`` the store has not read to their end."""
    if not items_dir.is_dir():
        return 0
    done = dict(store.execute("SELECT name, size FROM ingested_files").fetchall())
    return sum(1 for p in items_dir.glob(ITEMS_GLOB) if done.get(p.name) != p.stat().st_size)


@contextmanager
def ingested_item_store(
    archive: Path, database_url: str | None = None
) -> Iterator[tuple[Any, IngestCounts, bool]]:
    """The archive's item store with every item log ingested: ``(store, counts, copied)``,
    ``copied`` when a read-only archive made it a temporary copy. ``StoreError`` if not."""

    items_dir = ArchiveLayout(archive).items_dir
    store = open_item_store(archive, database_url)
    try:
        if not getattr(store, "readonly", False) or not pending_item_logs(store, items_dir):
            counts = store.ingest_new_files(items_dir) if items_dir.is_dir() else IngestCounts()
            yield store, counts, False
            return
        with tempfile.TemporaryDirectory(prefix="newsarchiver-readonly-") as tmp:
            path = Path(tmp) / store.path.name
            target = sqlite3.connect(path)
            try:
                store.conn.backup(target)
            finally:
                target.close()
            copy = type(store)(path)
            try:
                yield copy, copy.ingest_new_files(items_dir), True
            finally:
                copy.close()
    finally:
        store.close()
