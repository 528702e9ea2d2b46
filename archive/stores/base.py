"""One way to open an archive's SQLite stores: retry, WAL, schema version, one error type.

Why: the URL state, item store, digest index and run log each redid opening, WAL mode,
schema checks and error handling, each a little differently (one even raised another
store's error class). A store now declares what it is (``KIND``), its tables (``SCHEMA``),
its version and how to migrate older files; :class:`SqliteStore` does the rest the same way
for all of them. Anything wrong with a store file (not SQLite, damaged, a different
database, a newer layout, locked for too long) is one :class:`StoreError` whose text is the
one line to show the user; the file is never modified, moved or deleted by a failed open.

Only a file SQLite proves damaged (not a database, corrupt) is worded as damaged, with the
advice to move it away; a full disk or a read-only archive is :class:`ArchiveUnwritable`
(free space, or use a writable copy), and any other failure says the file may be intact.
Moving an intact store away would throw away URL state and run history.

A store in a folder that cannot be written (a read-only mount: researchers keep archives
so) is opened read-only, as SQLite's ``immutable`` file when no ``-wal`` file holds changes
still to be checkpointed (WAL needs a writable ``-shm`` otherwise): reading works, and the
first write fails with :class:`ArchiveUnwritable`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from archive.stores.sqlite_open import is_locked, retry_locked

SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(RuntimeError):
    """An archive store cannot be used. ``str(err)`` is the one line shown to the user."""


class StoreUnreachable(StoreError):
    """The shared database could not be reached (refused, restarting, connection lost): the
    store is not damaged and the same call may work a moment later
    (:mod:`archive.stores.patience` waits for it)."""


class ArchiveUnwritable(StoreError):
    """The store is intact but cannot be written: the disk is full or the archive is on a
    read-only file system. Crawls end with exit code 5 (as for a disk full mid-crawl)."""


#: Below this much free space a failed open is put down to a full disk.
LOW_SPACE = 1 << 20
#: SQLite's primary result codes that prove a file damaged (or not a database at all).
_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def writable_folder(path: Path) -> bool:
    """Whether files can be created in ``path`` (the nearest existing folder is asked: a
    read-only mount answers no even to root, whose permission bits are not checked)."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def unwritable_reason(path: Path) -> str | None:
    """Why nothing can be written beside ``path``: a read-only archive or a full disk."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        try:
            on_ro_mount = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except OSError:
            on_ro_mount = False
        what = "is on a read-only file system" if on_ro_mount else "cannot be written by this user"
        return (
            f"{folder} {what} (reading commands work on it: status, export, report, history, "
            "wacz); write into a writable copy"
        )
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free < LOW_SPACE:
        return (
            f"no space left on the device of {folder} ({free} bytes free): free space and run again"
        )
    return None


def _primary(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


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
        #: Opened read-only because its folder cannot be written (see the module docstring).
        self.readonly = self.path.is_file() and not writable_folder(self.path.parent)
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
            raise self.not_opened(f"cannot create folder: {exc.strerror or exc}") from None

        def setup() -> sqlite3.Connection:
            try:
                conn = sqlite3.connect(
                    self._target(),
                    timeout=timeout,
                    isolation_level=self.ISOLATION_LEVEL,
                    check_same_thread=not self.THREAD_SAFE,
                    uri=self.readonly,
                )
            except sqlite3.Error as exc:
                raise self.not_opened(f"cannot open: {exc}") from None
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
            if _primary(exc) in _DAMAGED:
                raise self.fail(
                    f"is not a usable SQLite database ({exc}), so not a usable {self.KIND}"
                ) from None
            raise self.not_opened(f"cannot be used ({exc})") from None

    def _target(self) -> str | Path:
        """The file, or for a read-only store its URI (``immutable`` when no WAL is pending)."""
        if not self.readonly:
            return self.path
        wal = self.path.with_name(self.path.name + "-wal")
        pending = wal.is_file() and wal.stat().st_size > 0
        mode = "mode=ro" if pending else "immutable=1"
        return f"file:{quote(str(self.path.resolve()))}?{mode}"

    def not_opened(self, problem: str) -> StoreError:
        """A failure that proves no damage: a full disk, a read-only archive, or else a line
        that says the file may well be intact (never the advice to move it away)."""
        reason = unwritable_reason(self.path.parent)
        if reason is not None:
            return ArchiveUnwritable(f"{self.path}: {problem}; {reason}")
        return StoreError(
            f"{self.path}: {problem}; the file itself may be intact: check the disk, "
            "permissions and free space"
        )

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
        if self.readonly:
            if self.MAIN_TABLE is not None and self.MAIN_TABLE not in tables:
                raise self.not_opened(f"holds no {self.KIND} yet and cannot be written")
            if version != self.SCHEMA_VERSION:
                raise self.not_opened(
                    f"{self.KIND} layout {version} must be upgraded to {self.SCHEMA_VERSION}, "
                    "which needs a writable copy"
                )
            self.pragmas(conn)
            self.verify(conn)
            return
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        self.pragmas(conn)
        if self.MAIN_TABLE is not None and self.MAIN_TABLE in tables:
            self.migrate(conn, version)
        self._create_tables(conn)
        self.verify(conn)

    def _create_tables(self, conn: sqlite3.Connection) -> None:
        """Create every table and set the version in one transaction: another process
        opening the store meanwhile sees none of them or all (the tables come in their
        schema's order, not the main table first, so a half-made store looked foreign)."""
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in sql_statements(self.SCHEMA):
                conn.execute(statement)
            self.set_version(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise

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
        if _primary(exc) == sqlite3.SQLITE_FULL:
            # Not damage: the store is intact, the write was rolled back.
            return StoreError(f"{self.path}: not written, {exc}")
        if _primary(exc) in _DAMAGED:
            return self.fail(f"database error ({exc})")
        return self.not_opened(f"not read or written ({exc})")

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


def sql_statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (``executescript`` would commit each)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n\t;"):
                yield statement.strip()
            statement = ""
