"""The payload-digest index in PostgreSQL: revisit records across workers on several machines.

Same contract as :class:`archive.stores.digest_index.DigestIndex` (the first capture of a
payload is the original and is never replaced unless asked; ``latest`` holds each URL's
newest payload), with the same statements (:class:`archive.stores.digest_index.DigestSql`,
passed to psycopg through :func:`~archive.stores.pg_base.driver_sql`), so a worker writes a
revisit for a payload another worker archived.
"""

from __future__ import annotations

import sqlalchemy as sa

from archive.stores.digest_index import DigestSql
from archive.stores.pg_base import PgStore, driver_sql
from archive.stores.schema import DIGEST_INDEX, PG_PREFIX, postgres_tables
from archive.warc.digests import DigestEntry

#: The digest index's tables (``archive.stores.schema``) as PostgreSQL holds them.
METADATA = postgres_tables(DIGEST_INDEX)
#: The digest index's statements, over PostgreSQL's table names.
SQL = DigestSql(PG_PREFIX)


def _run(conn: sa.Connection, sql: str, params: tuple = ()) -> sa.CursorResult:
    """One statement written for sqlite3, as psycopg takes it."""
    return conn.exec_driver_sql(driver_sql(sql), params)


class PgDigestIndex(PgStore):
    KIND = "digest index"
    METADATA = METADATA

    def _one(self, sql: str, params: tuple) -> DigestEntry | None:
        with self.guard(), self.engine.connect() as conn:
            row = _run(conn, sql, params).first()
        return DigestEntry(*row) if row else None

    def lookup(self, url: str, digest: str) -> DigestEntry | None:
        return self._one(SQL.lookup, (url, digest))

    def add(self, entry: DigestEntry, *, replace: bool = False, latest: bool = False) -> bool:
        with self.guard(), self.engine.begin() as conn:
            if latest:
                _run(conn, SQL.set_latest_pg, entry.row())
            # RETURNING says whether a row was written (psycopg's rowcount does not).
            sql = SQL.replace_pg if replace else SQL.add_pg
            return _run(conn, sql, entry.row()).first() is not None

    def set_latest(self, entry: DigestEntry) -> None:
        with self.guard(), self.engine.begin() as conn:
            _run(conn, SQL.set_latest_pg, entry.row())

    def latest(self, url: str) -> DigestEntry | None:
        """No fallback to ``digests`` here: PostgreSQL indexes always had ``latest``."""
        return self._one(SQL.latest, (url,))

    def __len__(self) -> int:
        with self.guard(), self.engine.connect() as conn:
            return int(_run(conn, SQL.count).scalar_one())

    def __enter__(self) -> PgDigestIndex:
        return self
