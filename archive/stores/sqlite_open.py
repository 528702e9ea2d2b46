"""Opening the archive's SQLite files when other processes may be creating them too.

Why: the scheduler starts crawls of several sites into one archive at the same moment. On a
fresh archive each process creates the shared stores (URL state, digest index, item store,
run log) and switches them to WAL mode; SQLite answers "database is locked" to such
schema and journal-mode changes while another connection holds the file, without waiting
for the busy timeout. That is a transient state, not a damaged file, so setting up a
connection is retried until the deadline instead of failing the crawl.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def is_locked(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the file right now."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def retry_locked(setup: Callable[[], T], timeout: float = 30.0) -> T:
    """Call ``setup`` (which opens and prepares a connection) until it does not fail with a
    lock error or ``timeout`` seconds have passed; the last error is then raised."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            return setup()
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
