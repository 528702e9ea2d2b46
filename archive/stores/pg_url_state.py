"""The URL state in PostgreSQL: incremental re-crawls shared by workers on several machines.

Same rows, the same statements (:class:`archive.stores.url_state.UrlSql`, passed to psycopg
through :func:`~archive.stores.pg_base.driver_sql`) and the same update rule
(:func:`archive.stores.url_state.fetch_update`) as the SQLite
:class:`~archive.stores.url_state.UrlStateStore`; a fetch is recorded under a row lock
(``SELECT ... FOR UPDATE``), so two workers answering for the same URL do not lose a count.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from archive.stores.pending_urls import PendingSql, PendingUrls
from archive.stores.pg_base import PgStore, driver_sql
from archive.stores.schema import PG_PREFIX, URL_COLUMNS, URL_STATE, postgres_tables
from archive.stores.stored_time import parse_time, utc_iso, utc_now
from archive.stores.url_state import (
    Fetch,
    FetchRecorder,
    UrlSql,
    UrlState,
    fetch_first,
    fetch_update,
)

#: The URL state's tables (``archive.stores.schema``) as PostgreSQL holds them.
METADATA = postgres_tables(URL_STATE)
#: The URL state's statements, over PostgreSQL's table name.
SQL = UrlSql(PG_PREFIX + "urls")
#: Its statements of URLs owed a fetch (:mod:`archive.stores.pending_urls`).
PENDING = PendingSql(PG_PREFIX + "urls", URL_COLUMNS)


def _run(conn: sa.Connection, sql: str, params: Any = ()) -> sa.CursorResult:
    """One statement written for sqlite3, as psycopg takes it."""
    if not isinstance(params, dict):
        params = tuple(params)
    return conn.exec_driver_sql(driver_sql(sql), params)


def _state(result: sa.CursorResult) -> UrlState | None:
    row = result.mappings().first()
    return UrlState(**dict(row)) if row else None


class PgUrlStateStore(FetchRecorder, PendingUrls, PgStore):
    KIND = "URL state store"
    METADATA = METADATA

    def get(self, url: str) -> UrlState | None:
        with self.guard(), self.engine.connect() as conn:
            return _state(_run(conn, SQL.get, (url,)))

    def count(self, site: str | None = None) -> int:
        with self.guard(), self.engine.connect() as conn:
            if site is None:
                return int(_run(conn, SQL.count).scalar_one())
            return int(_run(conn, SQL.count_site, (site,)).scalar_one())

    def site_counts(self) -> dict[str, dict[str, int]]:
        with self.guard(), self.engine.connect() as conn:
            rows = _run(conn, SQL.site_counts).all()
        return {
            (site or ""): {"known": k, "archived": a or 0, "not_modified": n or 0}
            for site, k, a, n in rows
        }

    def all(self, site: str | None = None) -> list[UrlState]:
        with self.guard(), self.engine.connect() as conn:
            result = _run(conn, SQL.all_site, (site,)) if site else _run(conn, SQL.all)
            return [UrlState(**dict(r)) for r in result.mappings()]

    def _record_fetch(self, fetch: Fetch) -> UrlState:
        with self.guard(), self.engine.begin() as conn:
            _run(conn, SQL.insert_first_pg, fetch_first(fetch))
            old = _state(_run(conn, SQL.get_locked_pg, (fetch.url,)))
            assert old is not None
            values = fetch_update(old, fetch)
            _run(conn, SQL.update_fetch, values)
        return replace(old, **values)  # the row as written, not read back

    def _insert_pending(self, rows: list[tuple[Any, ...]]) -> None:
        with self.guard(), self.engine.begin() as conn:
            for row in rows:
                _run(conn, PENDING.insert, row)

    def pending(self, site: str, via: str) -> list[UrlState]:
        with self.guard(), self.engine.connect() as conn:
            return [UrlState(**dict(r)) for r in _run(conn, PENDING.owed, (site, via)).mappings()]

    def drop_pending(self, url: str) -> bool:
        return self._changed(PENDING.drop, (url,))

    def _changed(self, sql: str, params: tuple) -> bool:
        with self.guard(), self.engine.begin() as conn:
            return _run(conn, sql, params).rowcount > 0

    def forget_capture(self, url: str) -> bool:
        return self._changed(SQL.forget_capture, (url,))

    def item_logged(self, url: str, published: str | None, at: datetime | None = None) -> bool:
        if published and parse_time(published) is None:
            published = None
        return self._changed(SQL.item_logged, (utc_iso(at or utc_now()), published or None, url))

    def set_published(self, url: str, published: str | None) -> bool:
        if not published or parse_time(published) is None:
            return False
        return self._changed(SQL.set_published, (published, url))

    def __enter__(self) -> PgUrlStateStore:
        return self
