"""The URL state in PostgreSQL: incremental re-crawls shared by workers on several machines.

Same rows and the same update rule (:func:`archive.stores.url_state.fetch_update`) as the
SQLite :class:`~archive.stores.url_state.UrlStateStore`; a fetch is recorded under a row lock
(``SELECT ... FOR UPDATE``), so two workers answering for the same URL do not lose a count.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from archive.stores.pg_base import PgStore
from archive.stores.schema import URL_COLUMNS, URL_STATE, pg_table, postgres_tables
from archive.stores.url_state import (
    ARCHIVED_STATUSES,
    Fetch,
    FetchRecorder,
    UrlState,
    fetch_update,
    parse_time,
    utc_iso,
    utc_now,
)

#: The URL state's tables (``archive.stores.schema``) as PostgreSQL holds them.
METADATA = postgres_tables(URL_STATE)
URLS = pg_table(URL_STATE, "urls")


class PgUrlStateStore(FetchRecorder, PgStore):
    KIND = "URL state store"
    METADATA = METADATA

    def _select(self) -> sa.Select:
        return sa.select(*[URLS.c[c] for c in URL_COLUMNS])

    def get(self, url: str) -> UrlState | None:
        with self.guard(), self.engine.connect() as conn:
            row = conn.execute(self._select().where(URLS.c.url == url)).mappings().first()
        return UrlState(**dict(row)) if row else None

    def _locked(self, url: str, conn: sa.Connection) -> UrlState | None:
        """The row of ``url``, locked until ``conn``'s transaction ends."""
        query = self._select().where(URLS.c.url == url).with_for_update()
        row = conn.execute(query).mappings().first()
        return UrlState(**dict(row)) if row else None

    def count(self, site: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(URLS)
        if site is not None:
            query = query.where(URLS.c.site == site)
        with self.guard(), self.engine.connect() as conn:
            return int(conn.execute(query).scalar())

    def site_counts(self) -> dict[str, dict[str, int]]:
        archived = sa.func.count().filter(URLS.c.last_status.in_(ARCHIVED_STATUSES))
        not_modified = sa.func.count().filter(URLS.c.last_status == 304)
        query = sa.select(URLS.c.site, sa.func.count(), archived, not_modified).group_by(
            URLS.c.site
        )
        with self.guard(), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {
            (site or ""): {"known": k, "archived": a, "not_modified": n} for site, k, a, n in rows
        }

    def all(self, site: str | None = None) -> list[UrlState]:
        query = self._select()
        if site:
            query = query.where(URLS.c.site == site)
        with self.guard(), self.engine.connect() as conn:
            return [UrlState(**dict(r)) for r in conn.execute(query).mappings()]

    def _record_fetch(self, fetch: Fetch) -> UrlState:
        url = fetch.url
        with self.guard(), self.engine.begin() as conn:
            first = {"url": url, "site": fetch.site, "first_seen": fetch.at, "via": fetch.via,
                     "from_url": fetch.from_url}  # fmt: skip
            conn.execute(insert(URLS).values(**first).on_conflict_do_nothing())
            old = self._locked(url, conn)
            assert old is not None
            values = fetch_update(old, fetch)
            conn.execute(sa.update(URLS).where(URLS.c.url == url).values(**values))
            new = self._locked(url, conn)
        assert new is not None
        return new

    def _update(self, url: str, **values: object) -> bool:
        with self.guard(), self.engine.begin() as conn:
            return (
                conn.execute(sa.update(URLS).where(URLS.c.url == url).values(**values)).rowcount > 0
            )

    def forget_capture(self, url: str) -> bool:
        return self._update(url, payload_digest=None, etag=None, last_modified=None)

    def item_logged(self, url: str, published: str | None, at: datetime | None = None) -> bool:
        if published and parse_time(published) is None:
            published = None
        return self._update(
            url,
            item_at=utc_iso(at or utc_now()),
            published=sa.func.coalesce(published or None, URLS.c.published),
        )

    def set_published(self, url: str, published: str | None) -> bool:
        if not published or parse_time(published) is None:
            return False
        return self._update(url, published=published)

    def __enter__(self) -> PgUrlStateStore:
        return self
