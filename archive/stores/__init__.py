"""The archive's SQLite stores and lock files (``<archive>/state/``), on one base.

``base`` opens every store the same way (retry while another process creates it, WAL,
schema version, migrations) and turns every problem into one :class:`StoreError` line.
"""

from __future__ import annotations

from pathlib import Path

from archive.stores.base import SqliteStore, StoreError
from archive.stores.shared import StoreFactory

__all__ = ["SqliteStore", "StoreError", "check_stores"]


def check_stores(archive_dir: Path | str) -> None:
    """Open and close every store of an archive once (creating missing ones), so a damaged
    file of any kind stops a crawl before it starts with the same one-line ``StoreError``."""

    StoreFactory(archive_dir).check()
