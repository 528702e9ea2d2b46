"""One schema definition (``archive/stores/schema.py``) for SQLite and PostgreSQL: the SQLite
files it creates have the layout archives were written with before, those older files open
and work unchanged, and PostgreSQL gets the same columns."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive.layout import ArchiveLayout
from archive.stores import schema
from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import ItemStore
from archive.stores.run_log import RunLog
from archive.stores.url_state import UrlStateStore
from archive.warc.digests import DigestEntry
from tests.archive.stores import old_layouts

#: store -> (class, layout attribute, the DDL older archives hold, its tables' definition)
STORES = {
    "urls": (UrlStateStore, "url_state_db", old_layouts.URL_STATE, schema.URL_STATE),
    "items": (ItemStore, "item_store_db", old_layouts.ITEMS, schema.ITEMS),
    "digests": (DigestIndex, "digest_db", old_layouts.DIGEST_INDEX, schema.DIGEST_INDEX),
    "runs": (RunLog, "run_log_db", old_layouts.RUN_LOG, schema.RUN_LOG),
}


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type (its rules, section 3.1)."""
    kind = declared.upper()
    if "INT" in kind:
        return "INTEGER"
    if any(word in kind for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in kind or not kind:
        return "BLOB"
    if any(word in kind for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _layout(path: Path) -> dict[str, object]:
    """What a file's tables are, as far as reads and writes can tell."""
    out: dict[str, object] = {}
    with sqlite3.connect(path) as conn:
        tables = conn.execute("PRAGMA table_list").fetchall()
        for _, name, kind, _, without_rowid, _ in tables:  # schema, name, type, ncol, wr, strict
            if kind != "table" or name.startswith("sqlite_"):
                continue
            columns = [
                (cid, col, _affinity(decl), bool(notnull) or bool(pk), default, pk)
                for cid, col, decl, notnull, default, pk in conn.execute(
                    f"PRAGMA table_info({name})"
                )
            ]
            indexes = sorted(
                (
                    idx if origin == "c" else origin,  # automatic indexes have generated names
                    unique,
                    tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{idx}')")),
                )
                for _, idx, unique, origin, _ in conn.execute(f"PRAGMA index_list({name})")
            )
            out[name] = (columns, indexes, without_rowid)
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'runs'").fetchone()
        out["autoincrement"] = bool(sql and "AUTOINCREMENT" in sql[0].upper())
    return out


def _old_file(tmp_path: Path, name: str) -> Path:
    """A store file as the code before the shared schema created it."""
    _, attr, ddl, _ = STORES[name]
    path = getattr(ArchiveLayout(tmp_path / "old"), attr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(ddl)
        if name == "urls":
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        else:
            conn.execute("PRAGMA user_version=1")
    return path


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_new_store_file_has_the_layout_of_older_archives(tmp_path: Path, name: str) -> None:
    cls, attr, _, _ = STORES[name]
    new = getattr(ArchiveLayout(tmp_path / "new"), attr)
    cls(new).close()
    old = _old_file(tmp_path, name)
    assert _layout(new) == _layout(old)


def _use(name: str, path: Path) -> object:
    """Write to and read from a store: what each store answers afterwards."""
    t0 = datetime(2026, 1, 2, tzinfo=UTC)
    if name == "urls":
        with UrlStateStore(path) as urls:
            urls.record_fetch("http://a.test/1", status=200, site="a", payload_digest="sha1:A")
            urls.item_logged("http://a.test/1", "2026-01-01", at=t0)
            return urls.get("http://a.test/1").item_at, urls.site_counts()
    if name == "items":
        from tests.archive.stores.test_item_store import article

        with ItemStore(path) as items:
            added = [items.add(article(seed=1)), items.add(article(seed=2))]
            return [a.version for a in added], items.story_count(), items.version_count()
    if name == "digests":
        entry = DigestEntry("http://a.test/", "sha1:A", "<urn:1>", "2026", "f.warc.gz", 0, 9)
        with DigestIndex(path) as index:
            return index.add(entry, latest=True), index.lookup(entry.url, entry.digest), len(index)
    with RunLog(path) as runs:
        run = runs.start("a", "seeds/a.toml", pid=1)
        runs.finish(run, exit_code=0, outcome="ok", pages=3)
        return [(r.id, r.outcome, r.pages) for r in runs.runs()]


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_store_file_of_an_older_archive_opens_and_works_unchanged(
    tmp_path: Path, name: str
) -> None:
    old = _old_file(tmp_path, name)
    before = _layout(old)
    cls, attr, _, _ = STORES[name]
    new = getattr(ArchiveLayout(tmp_path / "new"), attr)
    cls(new).close()
    assert _use(name, old) == _use(name, new)
    assert _layout(old) == before


def _pg_columns(url: str, metadata: sa.MetaData) -> dict[str, list[tuple[str, bool]]]:
    from archive.stores.pg_base import engine_for

    out = {}
    inspector = sa.inspect(engine_for(url))
    for table in metadata.sorted_tables:
        cols = inspector.get_columns(table.name, schema=table.schema)
        out[table.name] = [(c["name"], c["nullable"]) for c in cols]
    return out


def test_postgresql_gets_the_same_tables_and_columns(tmp_path: Path, postgres_url: str) -> None:
    from archive.stores.shared import StoreFactory

    stores = StoreFactory(tmp_path, postgres_url)
    for open_store in (stores.url_state, stores.digest_index, stores.item_store, stores.run_log):
        open_store().close()
    for _, _, _, metadata in STORES.values():
        own = schema.ITEMS_SCHEMA if metadata is schema.ITEMS else None
        pg = schema.postgres_tables(metadata, own)
        got = _pg_columns(postgres_url, pg)
        want = {
            pg_table.name: [(c.name, c.nullable and not c.primary_key) for c in table.columns]
            for pg_table, table in zip(pg.sorted_tables, metadata.sorted_tables, strict=True)
        }
        assert got == want
