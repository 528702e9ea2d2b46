"""Which backend holds the state every crawl of an archive shares: SQLite files or PostgreSQL.

SQLite under ``<archive>/state/`` is the default (one machine, any number of processes).
With a database URL (``NEWSARCHIVER_DATABASE_URL``, set by ``newsarchiver worker --database``)
the URL state, the digest index and the item store live in PostgreSQL instead, for workers
on several machines. Callers get the same methods either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_url_state(archive_dir: Path | str, database_url: str | None = None) -> Any:
    """The URL state store (``UrlStateStore`` or ``PgUrlStateStore``); ``StoreError`` if not."""
    if database_url:
        from archive.stores.pg_url_state import PgUrlStateStore

        return PgUrlStateStore(database_url)
    from archive.stores.url_state import UrlStateStore

    return UrlStateStore.open(archive_dir)


def open_digest_index(archive_dir: Path | str, database_url: str | None = None) -> Any:
    """The payload-digest index (``DigestIndex`` or ``PgDigestIndex``); ``StoreError`` if not."""
    if database_url:
        from archive.stores.pg_digest_index import PgDigestIndex

        return PgDigestIndex(database_url)
    from archive.stores.digest_index import DigestIndex

    return DigestIndex.for_archive(Path(archive_dir))


def open_item_store(
    archive_dir: Path | str, database_url: str | None = None, *, crawl: bool = False
) -> Any:
    """The item store (``ItemStore`` or ``PgItemStore``); ``StoreError`` if not.

    ``crawl``: a crawl adds one item at a time (SQLite: a small page cache; PostgreSQL: each
    add its own transaction); otherwise the caller reads the whole store or commits batches.
    """
    if database_url:
        from archive.stores.pg_item_store import PgItemStore

        return PgItemStore(database_url, commit_each=crawl)
    from archive.stores.item_store import CRAWL_CACHE_MB, ItemStore, default_store_path

    path = default_store_path(archive_dir)
    return ItemStore(path, cache_mb=CRAWL_CACHE_MB) if crawl else ItemStore(path)


def check_database(database_url: str) -> None:
    """Reach the database and create the shared tables: ``StoreError`` (one line) if not."""
    open_url_state("", database_url).close()
    open_digest_index("", database_url).close()
    open_item_store("", database_url).close()
