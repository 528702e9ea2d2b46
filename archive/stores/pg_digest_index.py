"""The payload-digest index in PostgreSQL: revisit records across workers on several machines.

Same contract as :class:`archive.stores.digest_index.DigestIndex` (the first capture of a
payload is the original and is never replaced unless asked; ``latest`` holds each URL's
newest payload), so a worker writes a revisit for a payload another worker archived.
"""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from archive.stores.pg_base import PgStore
from archive.stores.schema import DIGEST_COLUMNS, DIGEST_INDEX, pg_table, postgres_tables
from archive.warc.digests import DigestEntry

#: The digest index's tables (``archive.stores.schema``) as PostgreSQL holds them.
METADATA = postgres_tables(DIGEST_INDEX)
DIGESTS = pg_table(DIGEST_INDEX, "digests")
LATEST = pg_table(DIGEST_INDEX, "latest")
_FIELDS = DIGEST_COLUMNS


class PgDigestIndex(PgStore):
    KIND = "digest index"
    METADATA = METADATA

    def _one(self, query: sa.Select) -> DigestEntry | None:
        with self.guard(), self.engine.connect() as conn:
            row = conn.execute(query).first()
        return DigestEntry(*row) if row else None

    def lookup(self, url: str, digest: str) -> DigestEntry | None:
        cols = [DIGESTS.c[f] for f in _FIELDS]
        query = sa.select(*cols).where(DIGESTS.c.url == url, DIGESTS.c.digest == digest)
        return self._one(query)

    def add(self, entry: DigestEntry, *, replace: bool = False, latest: bool = False) -> bool:
        values = asdict(entry)
        stmt = insert(DIGESTS).values(**values)
        if replace:
            stmt = stmt.on_conflict_do_update(
                index_elements=["url", "digest"],
                set_={k: stmt.excluded[k] for k in _FIELDS[2:]},
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=["url", "digest"])
        with self.guard(), self.engine.begin() as conn:
            if latest:
                self._write_latest(conn, entry)
            # rowcount is not reliable here with psycopg; RETURNING says if a row was written.
            return conn.execute(stmt.returning(DIGESTS.c.url)).first() is not None

    def set_latest(self, entry: DigestEntry) -> None:
        with self.guard(), self.engine.begin() as conn:
            self._write_latest(conn, entry)

    def _write_latest(self, conn: sa.Connection, entry: DigestEntry) -> None:
        stmt = insert(LATEST).values(**asdict(entry))
        stmt = stmt.on_conflict_do_update(
            index_elements=["url"], set_={k: stmt.excluded[k] for k in _FIELDS[1:]}
        )
        conn.execute(stmt)

    def latest(self, url: str) -> DigestEntry | None:
        return self._one(sa.select(*[LATEST.c[f] for f in _FIELDS]).where(LATEST.c.url == url))

    def __len__(self) -> int:
        with self.guard(), self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(DIGESTS)).scalar())

    def __enter__(self) -> PgDigestIndex:
        return self
