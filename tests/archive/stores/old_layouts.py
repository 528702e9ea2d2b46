"""The SQLite layouts archives were written with before the stores shared one schema
definition (``archive/stores/schema.py``), copied verbatim: the files existing archives
hold, which the current code must open, read and write as they are."""

URL_STATE = """
CREATE TABLE IF NOT EXISTS urls (
    url                TEXT PRIMARY KEY,
    site               TEXT,
    first_seen         TEXT NOT NULL,      -- UTC ISO 8601
    last_fetched       TEXT,               -- UTC ISO 8601 of the last answered fetch
    last_status        INTEGER,
    etag               TEXT,
    last_modified      TEXT,               -- the Last-Modified header as sent
    payload_digest     TEXT,               -- sha1:BASE32 of the last full (200) capture
    published          TEXT,               -- ISO 8601 from the item, when known
    via                TEXT,               -- discovery.via (crawler/items.py)
    from_url           TEXT,
    fetch_count        INTEGER NOT NULL DEFAULT 0,
    not_modified_count INTEGER NOT NULL DEFAULT 0,
    changed_at         TEXT,               -- when payload_digest last changed
    item_at            TEXT                -- when an item of the last full capture was logged
);
CREATE INDEX IF NOT EXISTS urls_site ON urls (site);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

ITEMS = """
CREATE TABLE IF NOT EXISTS stories (
    sid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    canonical TEXT NOT NULL,
    site TEXT, section TEXT, language TEXT,
    pub_sort TEXT NOT NULL,
    date_key TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    latest_vid INTEGER NOT NULL,
    latest_fetched TEXT NOT NULL,
    chash BLOB NOT NULL,
    content_fp INTEGER,
    near_cluster INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_near ON stories(near_cluster);
CREATE TABLE IF NOT EXISTS versions (
    vid INTEGER PRIMARY KEY,
    sid INTEGER NOT NULL,
    version INTEGER NOT NULL,
    chash BLOB NOT NULL,
    fetched_at TEXT NOT NULL,
    changed BLOB NOT NULL,
    changes BLOB NOT NULL,
    payload BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS versions_story ON versions(sid, version);
CREATE TABLE IF NOT EXISTS near_sigs (sid INTEGER PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS near_bands (
    key INTEGER NOT NULL, sid INTEGER NOT NULL, PRIMARY KEY (key, sid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ingested_files (
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, items INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    name TEXT NOT NULL, sid INTEGER NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (name, sid)
) WITHOUT ROWID;
"""

DIGEST_INDEX = """
CREATE TABLE IF NOT EXISTS digests (
    url       TEXT NOT NULL,
    digest    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    date      TEXT NOT NULL,
    file      TEXT NOT NULL,
    offset    INTEGER NOT NULL,
    length    INTEGER NOT NULL,
    PRIMARY KEY (url, digest)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latest (
    url       TEXT PRIMARY KEY,
    digest    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    date      TEXT NOT NULL,
    file      TEXT NOT NULL,
    offset    INTEGER NOT NULL,
    length    INTEGER NOT NULL
) WITHOUT ROWID;
"""

RUN_LOG = """
CREATE TABLE IF NOT EXISTS runs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    site       TEXT NOT NULL,
    seed       TEXT,
    started    TEXT NOT NULL,   -- UTC ISO 8601
    finished   TEXT,            -- NULL while running
    seconds    REAL,
    exit_code  INTEGER,
    outcome    TEXT NOT NULL,   -- running|ok|partial|config|locked|failed|disk_full|timeout|
                                -- interrupted|killed|skipped|error
    pages      INTEGER,
    items      INTEGER,
    errors     INTEGER,
    message    TEXT,
    pid        INTEGER
);
CREATE INDEX IF NOT EXISTS runs_site ON runs (site, started);
"""
