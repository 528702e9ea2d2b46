"""Every table of the archive's stores, defined once for SQLite and PostgreSQL (SQLAlchemy Core).

Why one definition: the stores used to write their SQLite tables as DDL strings and their
PostgreSQL tables again as SQLAlchemy ``Table``\\ s, and the two drifted apart (column types,
index names, a unique index on one side and a constraint on the other). Each store now has
one :class:`~sqlalchemy.MetaData` here, with the names its SQLite file has always used; the
SQLite store runs :func:`sqlite_ddl` of it (``CREATE ... IF NOT EXISTS``, so an existing
archive's file is never changed), and the PostgreSQL store creates :func:`postgres_tables`
of it: the same tables, renamed to share one database (``newsarchiver_urls``), or in a
schema of their own (the item store's ``newsarchiver_items``).

Dialect spellings live in the column types: an id is ``INTEGER PRIMARY KEY`` in SQLite (the
rowid, as before) and ``BIGINT`` (an identity) in PostgreSQL; text sorts bytewise in both
(collation ``C`` in PostgreSQL, SQLite's default); ``WITHOUT ROWID`` is SQLite's only.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable

#: An id (``INTEGER`` in SQLite: a rowid alias when it is the primary key).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: Text that sorts and compares bytewise in both databases.
TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
#: A count or a small number (``INTEGER`` in SQLite, as the old files declare).
INT = sa.Integer()
BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BLOB = sa.LargeBinary()
REAL = sa.REAL().with_variant(sa.Double(), "postgresql")


def _col(name: str, kind: sa.types.TypeEngine = TEXT, null: bool = True, **kw: object) -> sa.Column:
    return sa.Column(name, kind, nullable=null, **kw)  # type: ignore[arg-type]


# -- URL state (``state/urls.sqlite3``) ------------------------------------------------------
URL_STATE = sa.MetaData()
URLS = sa.Table(
    "urls",
    URL_STATE,
    _col("url", sa.Text(), primary_key=True),
    _col("site", sa.Text()),
    _col("first_seen", sa.Text(), False),  # UTC ISO 8601
    _col("last_fetched", sa.Text()),  # UTC ISO 8601 of the last answered fetch
    _col("last_status", INT),
    _col("etag", sa.Text()),
    _col("last_modified", sa.Text()),  # the Last-Modified header as sent
    _col("payload_digest", sa.Text()),  # sha1:BASE32 of the last full (200) capture
    _col("published", sa.Text()),  # ISO 8601 from the item, when known
    _col("via", sa.Text()),  # discovery.via (crawler/items.py)
    _col("from_url", sa.Text()),
    _col("fetch_count", INT, False, server_default=sa.text("0")),
    _col("not_modified_count", INT, False, server_default=sa.text("0")),
    _col("changed_at", sa.Text()),  # when payload_digest last changed
    _col("item_at", sa.Text()),  # when an item of the last full capture was logged
    sa.Index("urls_site", "site"),
)
URL_META = sa.Table(
    "meta",
    URL_STATE,
    _col("key", sa.Text(), primary_key=True),
    _col("value", sa.Text(), False),
)
#: The columns of a URL's row, in the order of :class:`archive.stores.url_state.UrlState`.
URL_COLUMNS: tuple[str, ...] = tuple(URLS.c.keys())

# -- digest index (``state/digests.sqlite3``) ------------------------------------------------
DIGEST_INDEX = sa.MetaData()


def _record_columns() -> list[sa.Column]:
    """Where the original record is: the part of a ``DigestEntry`` after url and digest."""
    return [
        _col("record_id", sa.Text(), False),
        _col("date", sa.Text(), False),
        _col("file", sa.Text(), False),
        _col("offset", BIG, False),
        _col("length", BIG, False),
    ]


DIGESTS = sa.Table(
    "digests",
    DIGEST_INDEX,
    _col("url", sa.Text(), False, primary_key=True),
    _col("digest", sa.Text(), False, primary_key=True),
    *_record_columns(),
    sqlite_with_rowid=False,
)
LATEST = sa.Table(
    "latest",
    DIGEST_INDEX,
    _col("url", sa.Text(), primary_key=True),
    _col("digest", sa.Text(), False),
    *_record_columns(),
    sqlite_with_rowid=False,
)
DIGEST_COLUMNS: tuple[str, ...] = tuple(DIGESTS.c.keys())

# -- item store (``state/items.sqlite3``) ----------------------------------------------------
ITEMS = sa.MetaData()
STORIES = sa.Table(
    "stories",
    ITEMS,
    _col("sid", ID, primary_key=True, autoincrement=True),
    _col("id", TEXT, False, unique=True),
    _col("canonical", TEXT, False),
    _col("site", TEXT),
    _col("section", TEXT),
    _col("language", TEXT),
    _col("pub_sort", TEXT, False),
    _col("date_key", TEXT, False),
    _col("latest_version", INT, False),
    _col("latest_vid", BIG, False),
    _col("latest_fetched", TEXT, False),
    _col("chash", BLOB, False),
    _col("content_fp", BIG),
    _col("near_cluster", BIG, False),
    _col("first_seen", TEXT, False),
    _col("last_seen", TEXT, False),
    sa.Index("stories_near", "near_cluster"),
)
VERSIONS = sa.Table(
    "versions",
    ITEMS,
    _col("vid", ID, primary_key=True, autoincrement=True),
    _col("sid", BIG, False),
    _col("version", INT, False),
    _col("chash", BLOB, False),
    _col("fetched_at", TEXT, False),
    _col("changed", BLOB, False),
    _col("changes", BLOB, False),
    _col("payload", BLOB, False),
    sa.Index("versions_story", "sid", "version", unique=True),
)
sa.Table(
    "near_sigs",
    ITEMS,
    _col("sid", ID, primary_key=True, autoincrement=False),
    _col("sig", BLOB, False),
)
sa.Table(
    "near_bands",
    ITEMS,
    _col("key", BIG, False, primary_key=True, autoincrement=False),
    _col("sid", BIG, False, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)
sa.Table(
    "ingested_files",
    ITEMS,
    _col("name", TEXT, primary_key=True),
    _col("size", BIG, False),
    _col("items", BIG, False),
)
sa.Table(
    "deliveries",
    ITEMS,
    _col("name", TEXT, False, primary_key=True),
    _col("sid", BIG, False, primary_key=True, autoincrement=False),
    _col("version", INT, False),
    sqlite_with_rowid=False,
)
#: The PostgreSQL schema of the item store's tables.
ITEMS_SCHEMA = "newsarchiver_items"

# -- run log (``state/runs.sqlite3``) --------------------------------------------------------
RUN_LOG = sa.MetaData()
RUNS = sa.Table(
    "runs",
    RUN_LOG,
    _col("id", ID, primary_key=True, autoincrement=True),
    _col("site", sa.Text(), False),
    _col("seed", sa.Text()),
    _col("started", sa.Text(), False),  # UTC ISO 8601
    _col("finished", sa.Text()),  # NULL while running
    _col("seconds", REAL),
    _col("exit_code", INT),
    # running|ok|partial|config|locked|failed|disk_full|timeout|interrupted|killed|skipped|error
    _col("outcome", sa.Text(), False),
    _col("pages", INT),
    _col("items", INT),
    _col("errors", INT),
    _col("message", sa.Text()),
    _col("pid", INT),
    sa.Index("runs_site", "site", "started"),
    sqlite_autoincrement=True,
)
RUN_COLUMNS: tuple[str, ...] = tuple(RUNS.c.keys())

#: Table name prefix of the stores that share PostgreSQL's default schema.
PG_PREFIX = "newsarchiver_"


@cache
def sqlite_ddl(metadata: sa.MetaData) -> str:
    """The ``CREATE ... IF NOT EXISTS`` script of a store's SQLite file."""

    dialect = sqlite.dialect()
    parts: list[str] = []
    for table in metadata.sorted_tables:
        parts.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            parts.append(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))
    return ";\n".join(part.strip() for part in parts) + ";\n"


def sqlite_column(column: sa.Column) -> str:
    """A column's definition in SQLite (for ``ALTER TABLE ... ADD COLUMN``)."""

    return str(CreateColumn(column).compile(dialect=sqlite.dialect())).strip()


@cache
def postgres_tables(metadata: sa.MetaData, schema: str | None = None) -> sa.MetaData:
    """A store's tables as PostgreSQL keeps them: in ``schema`` under their own names, or
    else in the default schema with :data:`PG_PREFIX` (tables and indexes alike, whose names
    PostgreSQL wants unique across a schema)."""
    out = sa.MetaData(schema=schema)
    for table in metadata.sorted_tables:
        name = table.name if schema else PG_PREFIX + table.name
        copy = table.to_metadata(out, schema=schema, name=name)
        if not schema:
            for index in copy.indexes:
                index.name = PG_PREFIX + str(index.name)
    return out


def pg_table(metadata: sa.MetaData, name: str, schema: str | None = None) -> sa.Table:
    """The PostgreSQL copy of ``metadata``'s table ``name`` (see :func:`postgres_tables`)."""
    key = f"{schema}.{name}" if schema else PG_PREFIX + name
    return postgres_tables(metadata, schema).tables[key]
