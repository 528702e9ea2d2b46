"""The item store in PostgreSQL: one dedup store for workers on several machines.

Why the same statements as SQLite: the store's rules (what makes a version, how near copies
are linked, which stories an export keeps, in which order) live in
:class:`archive.stores.item_store.ItemStoreLogic` once; this module gives it a PostgreSQL
connection that answers ``execute``/``executemany``/``commit`` as sqlite3 does (SQLAlchemy
Core, ``?`` placeholders passed to psycopg as ``%s``), and the tables of
:data:`archive.stores.schema.ITEMS` in their own schema (``newsarchiver_items``), so an
export over the shared database writes the same rows as over ``state/items.sqlite3``.

Concurrency: every add takes one advisory transaction lock (:data:`WRITE_LOCK`), so adds of
several workers are serialized (a new story's id, a near cluster merge); a worker's add is
its own transaction (``commit_each``), so no worker waits for another longer than one add.
Text columns sort bytewise (collation ``C``), as SQLite's do. Commits do not wait for the
WAL flush (``synchronous_commit=off``): the JSONL item logs stay the primary record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from archive.stores.item_store import ItemStoreLogic
from archive.stores.pg_base import PgStore, driver_sql, engine_for
from archive.stores.schema import ITEMS, ITEMS_SCHEMA, postgres_tables

SCHEMA = ITEMS_SCHEMA
#: ``pg_advisory_xact_lock`` key held by a transaction that adds items.
WRITE_LOCK = 0x6E61_6974  # "nait"
#: Rows fetched at a time by an export's server-side cursor.
STREAM_BATCH = 2000

#: The item store's tables (``archive.stores.schema``) as PostgreSQL holds them.
METADATA = postgres_tables(ITEMS, SCHEMA)


class _Connection:
    """sqlite3's connection calls, over one SQLAlchemy connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self.sa = conn

    def execute(self, sql: str, params: Any = ()) -> sa.CursorResult:
        return self.sa.exec_driver_sql(driver_sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Any) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            self.sa.exec_driver_sql(driver_sql(sql), rows)

    @property
    def in_transaction(self) -> bool:
        return self.sa.in_transaction()

    def commit(self) -> None:
        self.sa.commit()

    def rollback(self) -> None:
        self.sa.rollback()

    def close(self) -> None:
        self.sa.close()


class PgItemStore(ItemStoreLogic, PgStore):
    """The item store of an archive whose workers share ``url`` (``--database``)."""

    KIND = "item store"
    METADATA = METADATA
    MAX, MIN = "greatest", "least"
    TEMP, BLOB, BIGINT = "pg_temp", "BYTEA", "BIGINT"

    def __init__(self, url: str, *, commit_each: bool = True) -> None:
        """``commit_each``: every add is its own transaction (workers); False: the caller
        commits (an export's ingest, in batches)."""
        self.commit_each = commit_each
        self._locked = False
        super().__init__(url)
        options = f"-c search_path={SCHEMA} -c synchronous_commit=off"
        self.engine = engine_for(url, options=options)
        with self.guard():
            self.conn = _Connection(self.engine.connect())

    def create_in(self, conn: sa.Connection) -> None:
        """The store's own schema first, then its tables (under the base's creation lock)."""
        conn.execute(sa.schema.CreateSchema(SCHEMA, if_not_exists=True))
        super().create_in(conn)

    def guard(self) -> Any:
        return _RollbackGuard(self, super().guard())

    def reconnect(self) -> None:
        """A new connection of its own once the server was away (the old one is dead);
        ``StoreUnreachable`` while it still is, the old connection kept until then."""
        with self.guard():
            new = _Connection(self.engine.connect())
        old, self.conn = getattr(self, "conn", None), new
        self._locked = False
        if old is not None:
            try:
                old.close()
            except sa.exc.SQLAlchemyError:
                pass

    def add(self, item: dict[str, Any]) -> Any:
        with self.guard():
            if not self._locked:
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                self._locked = True
            result = self._add(item)
            if self.commit_each:
                self.commit()
        return result

    def commit(self) -> None:
        with self.guard():
            self.conn.commit()
        self._locked = False

    def rollback(self) -> None:
        """Drop the adds not committed yet (a failed batch; the item logs still hold them)."""
        with self.guard():
            self.conn.rollback()
        self._locked = False

    def execute(self, sql: str, params: Any = ()) -> sa.CursorResult:
        with self.guard():
            return self.conn.execute(sql, params)

    def stream(self, sql: str, params: Any = ()) -> Iterator[Any]:
        """Rows through a server-side cursor (an export does not hold the store in memory)."""
        with self.guard():
            options = {"stream_results": True, "yield_per": STREAM_BATCH}
            result = self.conn.sa.exec_driver_sql(
                driver_sql(sql), tuple(params), execution_options=options
            )
            try:
                yield from result
            finally:
                result.close()

    def close(self) -> None:
        conn, self.conn = getattr(self, "conn", None), None
        if conn is not None:
            try:
                with self.guard():
                    conn.commit()
            finally:
                conn.close()

    def __enter__(self) -> PgItemStore:
        return self


class _RollbackGuard:
    """The store's one-line error, after rolling back the failed transaction (PostgreSQL
    refuses every later statement of an aborted transaction)."""

    def __init__(self, store: PgItemStore, inner: Any) -> None:
        self.store, self.inner = store, inner

    def __enter__(self) -> None:
        self.inner.__enter__()

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, sa.exc.SQLAlchemyError):
            conn = getattr(self.store, "conn", None)
            try:
                if conn is not None:
                    conn.rollback()
            except sa.exc.SQLAlchemyError:
                pass
            self.store._locked = False
        return bool(self.inner.__exit__(kind, exc, tb))
