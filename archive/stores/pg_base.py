"""Opening a store in PostgreSQL (SQLAlchemy Core), for workers on several machines.

Why: SQLite files work for any number of processes on one machine (WAL, retries), but not
for workers on several machines writing one archive's state over a network file system. The
URL state and the digest index then live in one PostgreSQL database that every worker
reaches (``newsarchiver worker --database URL``). Tables are created on first use; anything
wrong (server unreachable, bad URL, no permission) is one :class:`StoreError` line.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from archive.stores.base import StoreError, StoreUnreachable

__all__ = ["PgStore", "driver_sql", "engine_for", "safe_url"]

_ENGINES: dict[tuple[str, str], sa.Engine] = {}


def _with_driver(url: str) -> str:
    """``postgresql://`` URLs use psycopg 3 (the driver this project declares)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def safe_url(url: str) -> str:
    """The URL for messages, without its password."""
    try:
        return make_url(_with_driver(url)).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unparseable URL)"


def engine_for(url: str, *, options: str = "") -> sa.Engine:
    """One engine (connection pool) per database URL and process; ``options`` are libpq's
    session settings (``-c name=value``), so a store's settings never reach another's
    pooled connections."""
    url = _with_driver(url)
    if (url, options) not in _ENGINES:
        try:
            parsed = make_url(url)
        except sa.exc.ArgumentError as exc:
            raise StoreError(f"bad database URL {url!r}: {exc}") from None
        if parsed.get_backend_name() != "postgresql":
            raise StoreError(f"database URL {safe_url(url)}: only postgresql:// is supported")
        connect_args: dict[str, object] = {"connect_timeout": 10}
        if options:
            connect_args["options"] = options
        _ENGINES[url, options] = sa.create_engine(
            parsed, pool_pre_ping=True, connect_args=connect_args
        )
    return _ENGINES[url, options]


#: A named placeholder as sqlite3 writes it (``:name``; not ``::type``, not ``10:30``).
_NAMED = re.compile(r"(?<![\w:]):([A-Za-z_]\w*)")


def driver_sql(sql: str) -> str:
    """A statement written once for both backends (sqlite3's ``?`` and ``:name``
    placeholders) as psycopg takes it (``%s``, ``%(name)s``, a literal ``%`` doubled)."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    return _NAMED.sub(r"%(\1)s", sql) if ":" in sql else sql


#: ``pg_advisory_xact_lock`` key held while a store creates its tables.
SCHEMA_LOCK = 0x6E61_7363  # "nasc"


class PgStore:
    """Base of the PostgreSQL stores: subclasses set ``KIND`` and ``METADATA``."""

    KIND = "archive store"
    METADATA: sa.MetaData

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = safe_url(url)  # named in messages where the SQLite stores give a file
        self.engine = engine_for(url)
        self.create_tables()

    def create_tables(self) -> None:
        """Tables created once even when workers start together on an empty database (two
        concurrent CREATE TABLE IF NOT EXISTS collide in PostgreSQL's catalogue)."""
        with self.guard(), self.engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
            self.create_in(conn)

    def create_in(self, conn: sa.Connection) -> None:
        """What ``create_tables`` creates, inside its locked transaction."""
        self.METADATA.create_all(conn, checkfirst=True)

    def guard(self) -> Any:
        return _Guard(self)

    def reconnect(self) -> None:
        """After the server was away: pooled connections are checked before use
        (``pool_pre_ping``), so only a store holding a connection of its own has work here."""

    def close(self) -> None:
        """Connections stay pooled for the process; nothing to flush."""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Guard:
    """Database errors become one ``StoreError`` line naming the store and the server."""

    def __init__(self, store: PgStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, sa.exc.SQLAlchemyError):
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            text = detail[0] if detail else type(exc).__name__
            error = StoreUnreachable if _unreachable(exc) else StoreError
            raise error(f"{self.store.KIND} at {self.store.path}: {text}") from None
        return False


def _unreachable(exc: BaseException) -> bool:
    """The server refused, dropped or is restarting the connection: not the store's fault
    (DB-API's OperationalError: "not necessarily under the control of the programmer")."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    lost = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError)
    return isinstance(exc, lost)
