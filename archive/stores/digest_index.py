"""Persistent payload-digest index: which (URL, payload digest) is already archived, and where.

Why: a recrawl of an unchanged page should not store the same bytes again. Like Heritrix's
deduplication, the capture middleware looks the fetched payload up here and, on a hit, writes a
``revisit`` record (profile *identical-payload-digest*) that refers to the original ``response``
record instead of a second copy of the payload.

Storage: one SQLite file, ``<archive>/state/digests.sqlite3`` (WAL mode, so a crawl can add while
another process reads). Key ``(url, digest)``; the value is the *first* capture with that
payload: its record id, WARC-Date, WARC file name and the record's offset/length there. Later
identical captures never replace it (revisits point at the original, never at another revisit).

A second table, ``latest``, maps each URL to the original record holding the payload of its
*most recent* complete 2xx capture (a full response, or the original a revisit referred to).
A later ``304 Not Modified`` confirms exactly that representation, so its *server-not-modified*
revisit record refers to it (:meth:`DigestIndex.latest`). Archives written before this table
existed fall back to the newest original of the URL in ``digests``.

The digest is the WARC-Payload-Digest as written in the record (``sha1:<base32>`` of the payload
exactly as stored, i.e. still content-encoded); :func:`archive.warc.digests.payload_digest`
computes it the same way warcio does.
"""

from __future__ import annotations

import threading
from pathlib import Path

from archive.layout import ArchiveLayout
from archive.stores.base import SqliteStore
from archive.stores.schema import DIGEST_COLUMNS, DIGEST_INDEX, sqlite_ddl
from archive.warc.digests import DigestEntry

__all__ = ["DigestIndex"]


#: The columns of both tables, in the order of :class:`DigestEntry`.
_COLUMNS = ", ".join(f'"{c}"' for c in DIGEST_COLUMNS)
_MARKS = ", ".join("?" * len(DIGEST_COLUMNS))


class DigestSql:
    """The statements of both digest indexes, written once: sqlite3's ``?`` placeholders,
    which the PostgreSQL index passes through :func:`archive.stores.pg_base.driver_sql`,
    over the tables ``{prefix}digests`` and ``{prefix}latest`` (no prefix in SQLite,
    ``newsarchiver_`` in PostgreSQL). Built once per backend, at import."""

    def __init__(self, prefix: str = "") -> None:
        digests, latest = prefix + "digests", prefix + "latest"
        self.lookup = f"SELECT {_COLUMNS} FROM {digests} WHERE url = ? AND digest = ?"
        self.latest = f"SELECT {_COLUMNS} FROM {latest} WHERE url = ?"
        # Archives from before the ``latest`` table (SQLite only; PostgreSQL always had it).
        self.latest_fallback = (
            f"SELECT {_COLUMNS} FROM {digests} WHERE url = ? ORDER BY date DESC LIMIT 1"
        )
        self.count = f"SELECT COUNT(*) FROM {digests}"
        # Where the dialects differ: SQLite's INSERT OR IGNORE / OR REPLACE is PostgreSQL's
        # ON CONFLICT DO NOTHING / DO UPDATE. PostgreSQL's adds also say RETURNING url, since
        # psycopg's rowcount does not tell whether an ON CONFLICT insert wrote a row.
        insert = f"INTO {digests} ({_COLUMNS}) VALUES ({_MARKS})"
        self.add = "INSERT OR IGNORE " + insert
        self.add_pg = f"INSERT {insert} ON CONFLICT (url, digest) DO NOTHING RETURNING url"
        self.replace = "INSERT OR REPLACE " + insert
        self.replace_pg = (
            f"INSERT {insert} ON CONFLICT (url, digest) DO UPDATE SET "
            + _excluded(DIGEST_COLUMNS[2:])
            + " RETURNING url"
        )
        insert = f"INTO {latest} ({_COLUMNS}) VALUES ({_MARKS})"
        self.set_latest = "INSERT OR REPLACE " + insert
        self.set_latest_pg = f"INSERT {insert} ON CONFLICT (url) DO UPDATE SET " + _excluded(
            DIGEST_COLUMNS[1:]
        )


def _excluded(columns: tuple[str, ...]) -> str:
    """PostgreSQL's ``SET`` of an upsert: each column from the row that was refused."""
    return ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns)


#: The SQLite index's statements.
SQL = DigestSql()


class DigestIndex(SqliteStore):
    """SQLite-backed ``(url, payload digest) -> original record`` map; thread-safe. Errors
    are :class:`StoreError`, as from the PostgreSQL variant (``pg_digest_index``)."""

    KIND = "digest index"
    CONSEQUENCE = "the next crawl then writes full responses, not revisits, once"
    SCHEMA = sqlite_ddl(DIGEST_INDEX)
    MAIN_TABLE = "digests"
    ISOLATION_LEVEL = ""  # DEFERRED: each add commits itself
    THREAD_SAFE = True

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        super().__init__(path)

    @classmethod
    def for_archive(cls, archive_dir: Path) -> DigestIndex:
        """The index of an archive folder (``<archive>/state/digests.sqlite3``)."""
        return cls(ArchiveLayout(archive_dir).digest_db)

    def lookup(self, url: str, digest: str) -> DigestEntry | None:
        """The original capture of ``url`` with this payload digest, if one was archived."""
        with self._lock, self.guard():
            row = self.conn.execute(SQL.lookup, (url, digest)).fetchone()
        return DigestEntry(*row) if row else None

    def add(self, entry: DigestEntry, *, replace: bool = False, latest: bool = False) -> bool:
        """Remember an original capture; returns False if one was already known (kept).

        ``replace=True`` overwrites a known original, for when its WARC file has gone away
        (pruned or moved) and a fresh full capture takes its place. ``latest=True`` also
        records it as the URL's newest payload (:meth:`set_latest`), in the same transaction.
        """
        with self._lock, self.guard():
            if latest:
                self._write_latest(entry)
            cur = self.conn.execute(SQL.replace if replace else SQL.add, entry.row())
            self.conn.commit()
            return cur.rowcount == 1

    def set_latest(self, entry: DigestEntry) -> None:
        """Record ``entry`` (an original) as holding ``entry.url``'s newest payload."""
        with self._lock, self.guard():
            self._write_latest(entry)
            self.conn.commit()

    def _write_latest(self, entry: DigestEntry) -> None:
        self.conn.execute(SQL.set_latest, entry.row())

    def latest(self, url: str) -> DigestEntry | None:
        """The original record holding the payload of ``url``'s newest complete capture."""
        with self._lock, self.guard():
            row = self.conn.execute(SQL.latest, (url,)).fetchone()
            if row is None:  # archives from before the ``latest`` table
                row = self.conn.execute(SQL.latest_fallback, (url,)).fetchone()
        return DigestEntry(*row) if row else None

    def __len__(self) -> int:
        with self._lock, self.guard():
            return int(self.conn.execute(SQL.count).fetchone()[0])

    def close(self) -> None:
        """Close the database (idempotent)."""
        with self._lock:
            super().close()

    def __enter__(self) -> DigestIndex:
        return self
