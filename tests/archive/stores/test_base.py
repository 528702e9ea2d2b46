"""Every archive store opens the same way and fails the same way: one line, file untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.layout import ArchiveLayout
from archive.stores import StoreError, check_stores
from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import ItemStore
from archive.stores.run_log import RunLog
from archive.stores.url_state import UrlStateStore

STORES = {
    "urls": (UrlStateStore, "url_state_db"),
    "items": (ItemStore, "item_store_db"),
    "digests": (DigestIndex, "digest_db"),
    "runs": (RunLog, "run_log_db"),
}


@pytest.mark.parametrize("name", sorted(STORES))
@pytest.mark.parametrize("content", [b"\x00garbage" * 300, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_store_of_any_kind_is_one_line_and_left_alone(
    tmp_path: Path, name: str, content: bytes
) -> None:
    cls, attr = STORES[name]
    path = getattr(ArchiveLayout(tmp_path), attr)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        check_stores(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "move the file away" in message
    assert path.read_bytes() == content
    with pytest.raises(StoreError):
        cls(path)


@pytest.mark.parametrize("name", sorted(STORES))
def test_another_sqlite_database_is_not_taken_for_a_store(tmp_path: Path, name: str) -> None:
    cls, attr = STORES[name]
    path = getattr(ArchiveLayout(tmp_path), attr)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE something_else (x)")
    with pytest.raises(StoreError, match="is an SQLite database but not a"):
        cls(path)


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_store_from_a_newer_newsarchiver_is_refused(tmp_path: Path, name: str) -> None:
    cls, attr = STORES[name]
    path = getattr(ArchiveLayout(tmp_path), attr)
    cls(path).close()
    with sqlite3.connect(path) as conn:
        if name == "urls":  # the URL state keeps its version in its meta table
            conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        else:
            conn.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="99"):
        cls(path)


def test_fresh_archive_gets_every_store_in_wal_mode(tmp_path: Path) -> None:
    check_stores(tmp_path)
    layout = ArchiveLayout(tmp_path)
    for _, attr in STORES.values():
        with sqlite3.connect(getattr(layout, attr)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
