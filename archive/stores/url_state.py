"""What the archive knows about every URL it has fetched: the basis of incremental crawls.

One SQLite database per archive, ``<archive>/state/urls.sqlite3`` (WAL mode, so several
crawls of different sites can share it while ``newsarchiver status`` reads it). One row per
URL: when it was first seen and last fetched, the last HTTP status, the validators the
server sent (``ETag`` / ``Last-Modified``) for conditional re-fetches, the payload digest of
the last full capture (``sha1:<base32>``, as in the WARC ``payload_digest``), the story's
published date (from the extracted item) and how the crawler first discovered it.

The crawler decides from this row whether an article needs fetching again (see
``crawler.middlewares.incremental``). A file that is not a usable state store raises one
``StoreError`` (:mod:`archive.stores.base`) whose message is the line to show; the file is
never modified, moved or deleted, so nothing is lost by a failed open.

Scrapy-free on purpose: ``archive/`` is usable without the crawler.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout
from archive.stores.base import SqliteStore
from archive.stores.pending_urls import PendingSql, SqlitePendingUrls
from archive.stores.schema import URL_COLUMNS, URL_STATE, URLS, sqlite_column, sqlite_ddl
from archive.stores.stored_time import parse_time, utc_iso, utc_now

#: Bumped when the table layout changes incompatibly.
SCHEMA_VERSION = 1

#: Statuses after which a URL counts as archived (a full copy exists in the WARC files).
ARCHIVED_STATUSES = frozenset({200, 304})

#: Columns added after schema version 1 went out: (name, how old rows are filled).
_ADDED_COLUMNS = (
    # Rows of archives made before it existed had their items logged as they were fetched.
    ("item_at", "UPDATE urls SET item_at = last_fetched WHERE payload_digest IS NOT NULL"),
)


def state_path(archive_dir: Path | str) -> Path:
    """Where the URL state store of an archive lives."""
    return ArchiveLayout(archive_dir).url_state_db


@dataclass(frozen=True)
class UrlState:
    """One URL's row."""

    url: str
    site: str | None
    first_seen: str
    last_fetched: str | None
    last_status: int | None
    etag: str | None
    last_modified: str | None
    payload_digest: str | None
    published: str | None
    via: str | None
    from_url: str | None
    fetch_count: int
    not_modified_count: int
    changed_at: str | None
    item_at: str | None = None

    @property
    def archived(self) -> bool:
        """A full capture exists: the last answer was 200 or 304 and a digest is known."""
        return self.last_status in ARCHIVED_STATUSES and bool(self.payload_digest)

    @property
    def published_at(self) -> datetime | None:
        return parse_time(self.published)

    @property
    def first_seen_at(self) -> datetime:
        return parse_time(self.first_seen) or utc_now()

    @property
    def last_fetched_at(self) -> datetime | None:
        return parse_time(self.last_fetched)


@dataclass(frozen=True)
class Fetch:
    """One answered fetch, as :meth:`FetchRecorder.record_fetch` was told it."""

    url: str
    status: int
    site: str | None
    at: str  # ISO time
    etag: str | None
    last_modified: str | None
    payload_digest: str | None
    via: str | None
    from_url: str | None


def fetch_update(old: UrlState, fetch: Fetch) -> dict[str, Any]:
    """The row after one answered fetch (see :meth:`FetchRecorder.record_fetch`), for the
    SQLite store and the PostgreSQL one alike."""
    values: dict[str, Any] = {
        "url": fetch.url,
        "site": fetch.site or old.site,
        "last_fetched": fetch.at,
        "last_status": fetch.status,
        "etag": old.etag,
        "last_modified": old.last_modified,
        "payload_digest": old.payload_digest,
        "changed_at": old.changed_at,
        "via": old.via or fetch.via,
        "from_url": old.from_url or fetch.from_url,
        "fetch_count": old.fetch_count + 1,
        "not_modified_count": old.not_modified_count + (1 if fetch.status == 304 else 0),
        "item_at": old.item_at,
    }
    if fetch.status == 200:
        values["item_at"] = None  # until the item of this capture is logged
        values["etag"] = fetch.etag
        values["last_modified"] = fetch.last_modified
        if fetch.payload_digest and fetch.payload_digest != old.payload_digest:
            values["changed_at"] = fetch.at
        values["payload_digest"] = fetch.payload_digest or old.payload_digest
    elif fetch.status == 304:
        values["etag"] = fetch.etag or old.etag
        values["last_modified"] = fetch.last_modified or old.last_modified
    return values


class UrlSql:
    """The statements of both URL state stores, written once: sqlite3's ``?`` (and
    ``:name``) placeholders, which the PostgreSQL store passes through
    :func:`archive.stores.pg_base.driver_sql`, over the table ``table`` (``urls`` in SQLite,
    ``newsarchiver_urls`` in PostgreSQL). Built once per backend, at import."""

    def __init__(self, table: str) -> None:
        select = f"SELECT {', '.join(URL_COLUMNS)} FROM {table}"
        self.get = select + " WHERE url = ?"
        self.all = select
        self.all_site = select + " WHERE site = ?"
        self.count = f"SELECT COUNT(*) FROM {table}"
        self.count_site = f"SELECT COUNT(*) FROM {table} WHERE site = ?"
        self.site_counts = (
            "SELECT site, COUNT(*), "
            "SUM(CASE WHEN last_status IN (200, 304) THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN last_status = 304 THEN 1 ELSE 0 END) FROM {table} GROUP BY site"
        )
        self.insert_first = (
            f"INSERT INTO {table} (url, site, first_seen, via, from_url) VALUES (?, ?, ?, ?, ?)"
        )
        self.insert_row = (
            f"INSERT INTO {table} ({', '.join(URL_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in URL_COLUMNS)})"
        )
        self.update_fetch = (
            f"UPDATE {table} SET site = :site, last_fetched = :last_fetched, "
            "last_status = :last_status, etag = :etag, last_modified = :last_modified, "
            "payload_digest = :payload_digest, changed_at = :changed_at, via = :via, "
            "from_url = :from_url, fetch_count = :fetch_count, "
            "not_modified_count = :not_modified_count, item_at = :item_at WHERE url = :url"
        )
        self.forget_capture = (
            f"UPDATE {table} SET payload_digest = NULL, etag = NULL, last_modified = NULL "
            "WHERE url = ?"
        )
        self.item_logged = (
            f"UPDATE {table} SET item_at = ?, published = COALESCE(?, published) WHERE url = ?"
        )
        self.set_published = f"UPDATE {table} SET published = ? WHERE url = ?"
        # Where the dialects differ. SQLite's ``_record_fetch`` holds the whole database
        # (BEGIN IMMEDIATE), reads the row and inserts it only when missing. PostgreSQL
        # workers on several machines lock only the row: the first row's insert may meet one
        # another worker inserted just now (ON CONFLICT), and the row is read under a row
        # lock (FOR UPDATE), so two workers answering for the same URL do not lose a count.
        self.insert_first_pg = self.insert_first + " ON CONFLICT (url) DO NOTHING"
        self.get_locked_pg = self.get + " FOR UPDATE"


#: The SQLite store's statements.
SQL = UrlSql("urls")


def fetch_first(fetch: Fetch) -> tuple[Any, ...]:
    """The parameters of ``insert_first``: the row of a URL fetched for the first time."""
    return (fetch.url, fetch.site, fetch.at, fetch.via, fetch.from_url)


def first_state(fetch: Fetch) -> UrlState:
    """The row ``insert_first`` makes for ``fetch``'s URL (the columns' defaults for the rest)."""
    return UrlState(
        url=fetch.url,
        site=fetch.site,
        first_seen=fetch.at,
        last_fetched=None,
        last_status=None,
        etag=None,
        last_modified=None,
        payload_digest=None,
        published=None,
        via=fetch.via,
        from_url=fetch.from_url,
        fetch_count=0,
        not_modified_count=0,
        changed_at=None,
    )


class FetchRecorder:
    """``record_fetch`` for both URL state stores; each writes the row its own way."""

    def record_fetch(
        self,
        url: str,
        *,
        status: int,
        site: str | None = None,
        fetched_at: datetime | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        payload_digest: str | None = None,
        via: str | None = None,
        from_url: str | None = None,
    ) -> UrlState:
        """Record one answered fetch of ``url`` and return the updated row.

        A 200 replaces validators and digest. A 304 keeps the digest of the last full
        capture (the content did not change) and only refreshes validators the server
        resent. Other statuses (404, 500, redirects) only update time and status, so the
        next crawl fetches the URL in full again. Discovery (via/from_url) is kept from
        the first time the URL was seen: it says how the URL entered the archive.
        """
        at = utc_iso(fetched_at or utc_now())
        fetch = Fetch(url, status, site, at, etag, last_modified, payload_digest, via, from_url)
        return self._record_fetch(fetch)

    def _record_fetch(self, fetch: Fetch) -> UrlState:
        raise NotImplementedError


class UrlStateStore(FetchRecorder, SqlitePendingUrls, SqliteStore):
    """The URL state database of one archive. Use ``UrlStateStore.open(archive_dir)``.
    Its URLs owed a fetch: :mod:`archive.stores.pending_urls`."""

    KIND = "URL state store"
    CONSEQUENCE = "the next crawl of each site then fetches every page in full"
    SCHEMA = sqlite_ddl(URL_STATE)
    SCHEMA_VERSION = SCHEMA_VERSION
    MAIN_TABLE = "urls"
    QUICK_CHECK = True
    PENDING = PendingSql("urls", URL_COLUMNS)
    STATE = UrlState

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        super().__init__(path, timeout=timeout)
        self.conn.row_factory = sqlite3.Row

    @classmethod
    def open(cls, archive_dir: Path | str, **kwargs: Any) -> UrlStateStore:
        """Open (creating if missing) ``<archive>/state/urls.sqlite3``."""
        return cls(state_path(archive_dir), **kwargs)

    # --- layout ----------------------------------------------------------------------------

    def foreign_ok_tables(self) -> set[str]:
        return {"meta"}

    def stored_version(self, conn: sqlite3.Connection) -> int | None:
        """This store keeps its version in its ``meta`` table (it predates the base)."""
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            return None
        try:
            version = int(row[0]) if row else None
        except ValueError:
            version = -1
        if version is not None and version != SCHEMA_VERSION:
            raise self.fail(f"has schema version {version}, expected {SCHEMA_VERSION}")
        return version

    def set_version(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )

    def migrate(self, conn: sqlite3.Connection, version: int | None) -> None:
        """Add the columns that came after version 1 went out; refuse a table lacking others."""
        cols = {r[1] for r in conn.execute("PRAGMA table_info(urls)")}
        for name, fill in _ADDED_COLUMNS:
            if name not in cols and "url" in cols:
                try:
                    conn.execute(f"ALTER TABLE urls ADD COLUMN {sqlite_column(URLS.c[name])}")
                    conn.execute(fill)
                except sqlite3.OperationalError as exc:
                    if "duplicate column" not in str(exc):
                        raise  # (another process added it just now: fine)
                cols.add(name)
        missing = sorted(set(URL_COLUMNS) - cols)
        if missing:
            raise self.fail(f"table 'urls' lacks column(s) {', '.join(missing)}")

    def _run(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        return self.execute(sql, params)

    # --- reading ---------------------------------------------------------------------------

    def get(self, url: str) -> UrlState | None:
        """The row of ``url``, or None when the archive has never fetched it."""
        row = self._run(SQL.get, (url,)).fetchone()
        return UrlState(**dict(row)) if row else None

    def count(self, site: str | None = None) -> int:
        if site is None:
            return self._run(SQL.count).fetchone()[0]
        return self._run(SQL.count_site, (site,)).fetchone()[0]

    def site_counts(self) -> dict[str, dict[str, int]]:
        """Per site: URLs known, archived (200/304) and answered 304 at the last fetch."""
        out: dict[str, dict[str, int]] = {}
        rows = self._run(SQL.site_counts)
        for site, known, archived, not_modified in rows:
            out[site or ""] = {
                "known": known,
                "archived": archived or 0,
                "not_modified": not_modified or 0,
            }
        return out

    def all(self, site: str | None = None) -> list[UrlState]:
        rows = self._run(SQL.all_site, (site,)) if site else self._run(SQL.all)
        return [UrlState(**dict(r)) for r in rows]

    # --- writing ---------------------------------------------------------------------------

    def _record_fetch(self, fetch: Fetch) -> UrlState:
        """Four statements (BEGIN, the row's read, one write, COMMIT): the new row is worked
        out here from the old one, not read back (seven statements per first fetch before)."""
        self._run("BEGIN IMMEDIATE")
        try:
            new = self._write_fetch(fetch)
            self._run("COMMIT")
        except BaseException:
            # Also after a failed COMMIT (disk full): the row stays as it was.
            self.rollback()
            raise
        return new

    def _write_fetch(self, fetch: Fetch) -> UrlState:
        old = self.get(fetch.url)
        first = old is None
        if old is None:
            old = first_state(fetch)
        values = fetch_update(old, fetch)
        new = replace(old, **values)
        if first:
            self._run(SQL.insert_row, tuple(getattr(new, name) for name in URL_COLUMNS))
        else:
            self._run(SQL.update_fetch, values)
        return new

    def forget_capture(self, url: str) -> bool:
        """Make ``url`` count as not archived (its item was lost): the next crawl fetches it
        in full. Validators and the digest are dropped; history counters stay."""
        cur = self._run(SQL.forget_capture, (url,))
        return cur.rowcount > 0

    def item_logged(self, url: str, published: str | None, at: datetime | None = None) -> bool:
        """The item of ``url``'s last capture was logged (and its published date, if known).

        Until then an archived article counts as not extracted and the next crawl fetches it
        in full again, so an item lost in a crash or on a full disk is made up for.
        """
        if published and parse_time(published) is None:
            published = None
        cur = self._run(SQL.item_logged, (utc_iso(at or utc_now()), published or None, url))
        return cur.rowcount > 0

    def set_published(self, url: str, published: str | None) -> bool:
        """Remember the story's published date (from the extracted item); True if stored."""
        if not published or parse_time(published) is None:
            return False
        cur = self._run(SQL.set_published, (published, url))
        return cur.rowcount > 0

    def __enter__(self) -> UrlStateStore:
        return self


def check_state_store(archive_dir: Path | str) -> None:
    """Open and close the store once: raises ``StoreError`` before a crawl starts."""
    UrlStateStore.open(archive_dir).close()
