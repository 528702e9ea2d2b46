"""Crawls starting together on a fresh archive all create its SQLite stores: none may fail."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import ItemStore
from archive.stores.run_log import RunLog
from archive.stores.sqlite_open import is_locked, retry_locked
from archive.stores.url_state import UrlStateStore
from tests.conftest import ROOT

OPEN_ALL = """
import sys, time
from pathlib import Path
from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import ItemStore, default_store_path
from archive.stores.run_log import RunLog
from archive.stores.url_state import UrlStateStore
archive = Path(sys.argv[1])
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
UrlStateStore.open(archive).close()
ItemStore(default_store_path(archive)).close()
DigestIndex.for_archive(archive).close()
RunLog.open(archive)
print("ok")
"""


def test_processes_creating_the_stores_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(3):  # a few fresh archives: the race is in the first moments
        archive = tmp_path / f"archive-{attempt}"
        start = time.time() + 1.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_ALL, str(archive), str(start)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0 and out.strip() == "ok", err[-2000:]


def test_retry_gives_up_at_the_deadline_with_the_lock_error(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    calls = []

    def setup() -> sqlite3.Connection:
        calls.append(1)
        conn = sqlite3.connect(path, timeout=0)
        try:
            conn.execute("SELECT * FROM t").fetchall()
        finally:
            conn.close()
        return conn

    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError) as info:
        retry_locked(setup, timeout=0.5)
    assert is_locked(info.value) and len(calls) > 1
    assert time.monotonic() - started < 2

    # released while retrying: the next attempt succeeds
    threading.Timer(0.2, lambda: holder.execute("COMMIT")).start()
    retry_locked(setup, timeout=5)
    holder.close()


def test_other_errors_are_not_retried() -> None:
    calls = []

    def setup() -> None:
        calls.append(1)
        raise sqlite3.OperationalError("no such table: t")

    with pytest.raises(sqlite3.OperationalError):
        retry_locked(setup, timeout=5)
    assert calls == [1]


@pytest.mark.parametrize("store_class", [ItemStore, RunLog, DigestIndex, UrlStateStore])
def test_a_store_being_created_shows_another_process_no_table_or_all(
    tmp_path: Path, store_class: type
) -> None:
    """What the racing processes above can hit, made certain: while one opener creates
    the tables, a reader of the same file (another crawl opening the store) looks after
    each statement; it must never see some tables without the others."""
    path = tmp_path / "store.sqlite3"
    seen: list[set[str]] = []

    def look(statement: str) -> None:
        if statement.lstrip().upper().startswith("CREATE"):
            reader = sqlite3.connect(path, timeout=0)
            try:
                rows = reader.execute("SELECT name FROM sqlite_master WHERE type='table'")
                seen.append({row[0] for row in rows})
            finally:
                reader.close()

    class Watched(store_class):  # type: ignore[misc, valid-type]
        def pragmas(self, conn: sqlite3.Connection) -> None:
            super().pragmas(conn)
            conn.set_trace_callback(look)

    Watched(path).close()
    assert len(seen) > 1  # the schema has several tables: the reader looked between them
    assert all(tables == set() for tables in seen), seen
