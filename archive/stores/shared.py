"""Which backend holds an archive's stores: SQLite files or PostgreSQL, decided in one place.

SQLite under ``<archive>/state/`` is the default (one machine, any number of processes).
With a database URL (``newsarchiver worker --database``, the crawl setting
``NEWSARCHIVER_DATABASE_URL``) the URL state, the digest index, the item store and the run
log live in PostgreSQL instead, for workers on several machines. A :class:`StoreFactory`
is made once from the archive folder and that URL (a crawl makes it in
``crawler.run_stores``) and opens every store; callers get the store's interface
(:mod:`archive.stores.protocols`), never a backend class, so no other module reads the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archive.layout import ArchiveLayout
from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import CRAWL_CACHE_MB, ItemStore
from archive.stores.pg_digest_index import PgDigestIndex
from archive.stores.pg_item_store import PgItemStore
from archive.stores.pg_run_log import PgRunLog
from archive.stores.pg_url_state import PgUrlStateStore
from archive.stores.protocols import DigestIndexAPI, ItemStoreAPI, RunLogAPI, UrlStateAPI
from archive.stores.run_log import RunLog
from archive.stores.url_state import UrlStateStore

__all__ = [
    "StoreFactory",
    "check_database",
    "open_digest_index",
    "open_item_store",
    "open_url_state",
]


@dataclass(frozen=True)
class StoreFactory:
    """Opens the stores of one archive on one backend; each ``StoreError`` if not usable.

    ``database_url``: PostgreSQL (``postgresql://...``) for every store, or None for the
    SQLite files of ``archive_dir``.
    """

    archive_dir: Path | str
    database_url: str | None = None

    @property
    def shared(self) -> bool:
        """The stores live in a database every worker reaches."""
        return bool(self.database_url)

    def url_state(self) -> UrlStateAPI:
        if self.database_url:
            return PgUrlStateStore(self.database_url)

        return UrlStateStore(ArchiveLayout(self.archive_dir).url_state_db)

    def digest_index(self) -> DigestIndexAPI:
        if self.database_url:
            return PgDigestIndex(self.database_url)

        return DigestIndex(ArchiveLayout(self.archive_dir).digest_db)

    def item_store(self, *, crawl: bool = False) -> ItemStoreAPI:
        """``crawl``: a crawl adds one item at a time (SQLite: a small page cache;
        PostgreSQL: each add its own transaction); otherwise the caller reads the whole
        store or commits batches."""
        if self.database_url:
            return PgItemStore(self.database_url, commit_each=crawl)

        path = ArchiveLayout(self.archive_dir).item_store_db
        return ItemStore(path, cache_mb=CRAWL_CACHE_MB) if crawl else ItemStore(path)

    def run_log(self) -> RunLogAPI:
        if self.database_url:
            return PgRunLog(self.database_url)

        return RunLog(ArchiveLayout(self.archive_dir).run_log_db)

    def check(self) -> None:
        """Open and close every store once (creating missing ones), so a damaged or
        unreachable one stops a crawl before it starts with one ``StoreError`` line."""
        self.url_state().close()
        self.item_store().close()
        self.digest_index().close()
        self.run_log().close()


def open_url_state(archive_dir: Path | str, database_url: str | None = None) -> UrlStateAPI:
    """The URL state store of ``StoreFactory(archive_dir, database_url)``."""
    return StoreFactory(archive_dir, database_url).url_state()


def open_digest_index(archive_dir: Path | str, database_url: str | None = None) -> DigestIndexAPI:
    """The payload-digest index of ``StoreFactory(archive_dir, database_url)``."""
    return StoreFactory(archive_dir, database_url).digest_index()


def open_item_store(
    archive_dir: Path | str, database_url: str | None = None, *, crawl: bool = False
) -> ItemStoreAPI:
    """The item store of ``StoreFactory(archive_dir, database_url)``."""
    return StoreFactory(archive_dir, database_url).item_store(crawl=crawl)


def check_database(database_url: str) -> None:
    """Reach the database and create the shared tables: ``StoreError`` (one line) if not."""
    StoreFactory("", database_url).check()
