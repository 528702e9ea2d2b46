"""One way to open an archive's SQLite stores: retry, WAL, schema version, one error type.

Why: the URL state, item store, digest index and run log each redid opening, WAL mode,
schema checks and error handling, each a little differently (one even raised another
store's error class). A store now declares what it is (``KIND``), its tables (``SCHEMA``),
its version and how to migrate older files; :class:`SqliteStore` does the rest the same way
for all of them. Anything wrong with a store file (not SQLite, damaged, a different
database, a newer layout, locked for too long) is one :class:`StoreError` whose text is the
one line to show the user; the file is never modified, moved or deleted by a failed open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archive.stores.sqlite_open import is_locked, retry_locked

SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(RuntimeError):
    """An archive store cannot be used. ``str(err)`` is the one line shown to the user."""


class SqliteStore:
    """Base of the archive's SQLite stores; subclasses set the class attributes below."""

    #: What the store is, in messages ("URL state store").
    KIND = "archive store"
    #: What moving a broken file away costs, in messages.
    CONSEQUENCE = ""
    #: ``CREATE ... IF NOT EXISTS`` statements, run on every open.
    SCHEMA = ""
    #: Stored as ``PRAGMA user_version``; a newer file is refused, an older one migrated.
    SCHEMA_VERSION = 1
    #: The table that tells this store's file from another SQLite database.
    MAIN_TABLE: str | None = None
    #: Connection options.
    TIMEOUT = 30.0
    ISOLATION_LEVEL: str | None = None
    THREAD_SAFE = False
    #: ``PRAGMA quick_check`` on open (cheap for small stores, catches truncated files).
    QUICK_CHECK = False

    def __init__(self, path: Path | str, *, timeout: float | None = None) -> None:
        self.path = Path(path)
        self.conn: sqlite3.Connection = self._connect(self.TIMEOUT if timeout is None else timeout)

    # -- messages --------------------------------------------------------------------------

    def fail(self, problem: str) -> StoreError:
        """A broken store: the problem plus what to do about it, on one line."""
        consequence = f" ({self.CONSEQUENCE})" if self.CONSEQUENCE else ""
        return StoreError(
            f"{self.path}: {problem}; move the file away to start a fresh one{consequence}"
        )

    # -- opening ---------------------------------------------------------------------------

    def _connect(self, timeout: float) -> sqlite3.Connection:
        self._check_file()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self.fail(f"cannot create folder: {exc.strerror or exc}") from None

        def setup() -> sqlite3.Connection:
            try:
                conn = sqlite3.connect(
                    self.path,
                    timeout=timeout,
                    isolation_level=self.ISOLATION_LEVEL,
                    check_same_thread=not self.THREAD_SAFE,
                )
            except sqlite3.Error as exc:
                raise self.fail(f"cannot open: {exc}") from None
            try:
                self._prepare(conn)
            except BaseException:
                conn.close()
                raise
            return conn

        try:
            # Another crawl may be creating the same store right now (see sqlite_open).
            return retry_locked(setup, timeout)
        except sqlite3.DatabaseError as exc:
            if is_locked(exc):
                raise self.fail(f"stayed locked by another process ({exc})") from None
            raise self.fail(
                f"is not a usable SQLite database ({exc}), so not a usable {self.KIND}"
            ) from None

    def _check_file(self) -> None:
        """Refuse a path that is not an SQLite file before SQLite creates -wal/-shm beside it."""
        if self.path.exists() and not self.path.is_file():
            raise self.fail("is not a file")
        if self.path.is_file():
            with self.path.open("rb") as fh:
                head = fh.read(16)
            if head and head != SQLITE_HEADER:
                raise self.fail(
                    f"is not an SQLite database (corrupted or a different file), "
                    f"so not a usable {self.KIND}"
                )

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check an opened store and bring its layout up to date (creating it if new)."""
        if self.QUICK_CHECK:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise self.fail(f"database is damaged ({check[0] if check else 'no answer'})")
        version = self.stored_version(conn)
        if version is not None and version > self.SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: {self.KIND} layout {version} is newer than this "
                f"newsarchiver ({self.SCHEMA_VERSION}); upgrade newsarchiver"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if self.MAIN_TABLE is not None and self.MAIN_TABLE not in tables:
            if tables - self.foreign_ok_tables():
                raise self.fail(f"is an SQLite database but not a {self.KIND}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        self.pragmas(conn)
        if self.MAIN_TABLE is not None and self.MAIN_TABLE in tables:
            self.migrate(conn, version)
        conn.executescript(self.SCHEMA)
        self.set_version(conn)
        self.verify(conn)

    # -- hooks -----------------------------------------------------------------------------

    def pragmas(self, conn: sqlite3.Connection) -> None:
        """Store-specific connection settings."""

    def migrate(self, conn: sqlite3.Connection, version: int | None) -> None:
        """Bring an existing file of layout ``version`` (None: unversioned) up to date."""

    def verify(self, conn: sqlite3.Connection) -> None:
        """A cheap read that fails on a damaged file (stores too big for ``quick_check``)."""

    def foreign_ok_tables(self) -> set[str]:
        """Tables that may exist before :attr:`MAIN_TABLE` does (a half-created store)."""
        return set()

    def stored_version(self, conn: sqlite3.Connection) -> int | None:
        """The layout version of the file (None when it has none yet)."""
        return conn.execute("PRAGMA user_version").fetchone()[0] or None

    def set_version(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA user_version={int(self.SCHEMA_VERSION)}")

    # -- using -----------------------------------------------------------------------------

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn SQLite errors during use into the store's one-line :class:`StoreError`."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from None

    def error(self, exc: sqlite3.DatabaseError) -> StoreError:
        if is_locked(exc):
            return self.fail(f"stayed locked by another process ({exc})")
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            # Not damage: the store is intact, the write was rolled back.
            return StoreError(f"{self.path}: not written, {exc}")
        return self.fail(f"database error ({exc})")

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        with self.guard():
            return self.conn.execute(sql, params)

    def stream(self, sql: str, params: Any = ()) -> Iterator[Any]:
        """Rows of a query; the cursor is closed when the consumer stops (even early), so
        temp tables it reads can be dropped."""
        with self.guard():
            cur = self.conn.execute(sql, tuple(params))
            try:
                yield from cur
            finally:
                cur.close()

    def rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Close the connection (idempotent)."""
        conn, self.conn = self.conn, None  # type: ignore[assignment]
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
