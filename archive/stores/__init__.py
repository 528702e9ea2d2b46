"""The archive's SQLite stores and lock files (``<archive>/state/``), on one base.

``base`` opens every store the same way (retry while another process creates it, WAL,
schema version, migrations) and turns every problem into one :class:`StoreError` line.
"""

from __future__ import annotations

from pathlib import Path

from archive.layout import ArchiveLayout
from archive.stores.base import SqliteStore, StoreError

__all__ = ["SqliteStore", "StoreError", "check_stores"]


def check_stores(archive_dir: Path | str) -> None:
    """Open and close every store of an archive once (creating missing ones), so a damaged
    file of any kind stops a crawl before it starts with the same one-line ``StoreError``."""
    from archive.stores.digest_index import DigestIndex
    from archive.stores.item_store import ItemStore
    from archive.stores.run_log import RunLog
    from archive.stores.url_state import UrlStateStore

    layout = ArchiveLayout(archive_dir)
    UrlStateStore(layout.url_state_db).close()
    ItemStore(layout.item_store_db).close()
    DigestIndex(layout.digest_db).close()
    RunLog(layout.run_log_db).close()
