"""URLs owed a fetch: the page requisites queued for an article whose item is about to be
logged, remembered in the URL state until they are answered or given up on.

Why a module of its own: recording answered fetches (:mod:`archive.stores.url_state`) and
remembering what a crawl still owes are two ideas. A crawl killed or stopped after an
article's item was logged but before its images and stylesheets were answered skips the
article next time (it is archived), so the next crawl must learn from the store what it
left unfetched (``crawler.spiders.requisites``). Each owed URL is a row without a status.

The statements are written once for both backends (sqlite3's ``?`` placeholders, passed
through :func:`archive.stores.pg_base.driver_sql` for PostgreSQL). This module imports
neither store: the SQLite one mixes in :class:`SqlitePendingUrls`; the PostgreSQL one mixes in
:class:`PendingUrls` and runs the three statements through its own connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.stores.stored_time import utc_iso, utc_now


class PendingSql:
    """The owed-fetch statements over the URL state's table ``table`` (its ``columns``)."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        # A row without a status, kept when the URL has one already.
        self.insert = (
            f"INSERT INTO {table} (url, site, first_seen, via, from_url) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING"
        )
        self.owed = (
            f"SELECT {', '.join(columns)} FROM {table} "
            "WHERE site = ? AND via = ? AND last_status IS NULL"
        )
        self.drop = f"DELETE FROM {table} WHERE url = ? AND last_status IS NULL"


class PendingUrls:
    """``note_pending`` for both URL state stores; each inserts the rows its own way."""

    def note_pending(self, urls: list[str], *, site: str | None, via: str, from_url: str) -> None:
        """``urls`` were queued and are owed a fetch (the page requisites of an article whose
        item is about to be logged): a row without a status until one is answered, so a
        crawl killed before then still knows, at the next start, what it left unfetched
        (``pending``). URLs the store knows already are left as they are."""
        at = utc_iso(utc_now())
        self._insert_pending([(url, site, at, via, from_url) for url in urls])

    def _insert_pending(self, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError


class SqlitePendingUrls(PendingUrls):
    """The SQLite store's owed fetches: ``PENDING`` (its statements) and ``STATE`` (its row
    type) come from the store class, as do ``_run``, ``guard``, ``conn`` and ``rollback``."""

    PENDING: PendingSql
    STATE: type

    def _insert_pending(self, rows: list[tuple[Any, ...]]) -> None:
        self._run("BEGIN IMMEDIATE")
        try:
            with self.guard():
                self.conn.executemany(self.PENDING.insert, rows)
            self._run("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def pending(self, site: str, via: str) -> list[Any]:
        """The ``site``'s URLs first found ``via`` that were queued but never answered."""
        return [self.STATE(**dict(r)) for r in self._run(self.PENDING.owed, (site, via))]

    def drop_pending(self, url: str) -> bool:
        """``url`` was given up on (refused, or failed after its retries): owed no more."""
        return self._run(self.PENDING.drop, (url,)).rowcount > 0
