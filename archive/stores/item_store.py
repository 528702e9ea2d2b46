"""The dedup store: every story once, every content change as a version, in one SQLite file.

``<archive>/state/items.sqlite3`` (WAL mode, so an export can read while a crawl adds).

- A *story* is keyed by ``story_id(canonical_url or url)`` (see ``archive.urls``).
- A *version* is one state of the story's extracted content: headline, lead, body,
  authors, published, modified and images (url, caption, credit). Anything else (the
  related box, fetched_at, the WARC pointer, discovery, section) changing does not make
  a version; the refetch only moves the story's ``last_seen``. Each version keeps the
  full item of its first capture (orjson bytes, so its WARC pointer is the provenance of
  that version) plus ``changed_fields`` and ``changes`` against the version before it:
  what changed in each field, paragraph and word diffs for headline, lead and body, added
  and removed authors and images (:mod:`archive.version_diff`).
- Re-ingesting a capture is idempotent: content equal to the latest version, or equal to
  an older version with a fetch time not after the latest one's, adds nothing. Content
  equal to an older version but fetched later (a story edited back) is a new version.
- Duplicate clusters are kept up to date on every add, so exports never recompute them:
  ``content_fp`` (exact, ``archive.fingerprints.content_fingerprint``) and
  ``near_cluster`` (:mod:`archive.stores.near_dupes`).
- Reading JSONL item logs in is :mod:`archive.stores.item_ingest`; choosing what an
  export writes is :mod:`archive.stores.export_selection`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from archive.layout import ArchiveLayout
from archive.stores.base import SqliteStore
from archive.stores.export_selection import Delivered, Kept, Selection, StoryFilter, story_query
from archive.stores.item_features import (  # noqa: F401 (utc_key, version_key: re-exported)
    CONTENT_FIELDS,
    Features,
    content_of,
    prepare,
    utc_key,
    version_key,
)
from archive.stores.item_ingest import AddResult, IngestCounts, ingest_lines, ingest_new_files
from archive.stores.near_dupes import ShingleSets, link_near
from archive.stores.schema import ITEMS, sqlite_ddl
from archive.version_diff import version_changes

#: Bumped when the database layout changes; stored as ``PRAGMA user_version``.
STORE_SCHEMA_VERSION = 1

#: SQLite page cache of the store during a crawl (see ``ItemStore``): keeps the crawler's
#: memory flat however large the archive's store grows.
CRAWL_CACHE_MB = 8
#: ``pub_sort`` of a story without a publication date: sorts after every date.
NO_DATE = "~"


class ItemStoreLogic:
    """What a story/version store does, on any connection with sqlite3's ``execute``,
    ``executemany`` and ``commit``: :class:`ItemStore` (SQLite) and
    :class:`archive.stores.pg_item_store.PgItemStore` (PostgreSQL) share every statement;
    only the few spellings below differ."""

    conn: Any
    #: Two-argument greatest and least (SQLite's scalar max/min; PostgreSQL's greatest/least).
    MAX, MIN = "max", "min"
    #: Schema of the temporary tables, and the column types they use.
    TEMP, BLOB, BIGINT = "temp", "BLOB", "INTEGER"

    guard: Any  # the backend's error guard (``with self.guard(): ...``)
    stream: Any  # the backend's streaming query

    @property
    def shingle_sets(self) -> ShingleSets:
        """The bodies this store lately verified near copies against (:mod:`near_dupes`)."""
        sets = self.__dict__.get("_shingle_sets")
        if sets is None:
            sets = self.__dict__["_shingle_sets"] = ShingleSets()
        return sets

    def commit(self) -> None:
        with self.guard():
            self.conn.commit()

    # -- adding ------------------------------------------------------------------

    def add(self, item: dict[str, Any] | Features) -> AddResult:
        """Add one article item (``ArticleItem.to_dict()``, or its :class:`Features`); see
        the module docstring."""
        with self.guard():
            return self._add(item)

    def add_many(self, items: list[dict[str, Any]]) -> list[AddResult | Exception]:
        """Add items in order, as ``add`` one by one would, with the same store as the
        result: the body fingerprints of those that may need them are computed for the
        whole batch at once (:mod:`archive.stores.item_features`). An item ``add`` would
        refuse (``ValueError``, ``TypeError``) gives its exception in its place."""
        feats: list[Features | Exception] = []
        for item in items:
            try:
                feats.append(Features(item))
            except (ValueError, TypeError) as exc:
                feats.append(exc)
        good = [f for f in feats if isinstance(f, Features)]
        known: dict[str, bytes] = {}
        if good:  # (``IN ()`` is SQLite's only: PostgreSQL refuses it)
            with self.guard():
                known = dict(
                    self.conn.execute(
                        f"SELECT id, chash FROM stories WHERE id IN ({','.join('?' * len(good))})",
                        tuple(f.id for f in good),
                    ).fetchall()
                )
        try:  # a refetch with the stored content needs no fingerprint
            prepare([f for f in good if known.get(f.id) != f.chash])
        except (ValueError, TypeError):
            pass  # a bad body: ``add`` raises for that item alone, below
        out: list[AddResult | Exception] = []
        for f in feats:
            try:
                out.append(f if isinstance(f, Exception) else self.add(f))
            except (ValueError, TypeError) as exc:
                out.append(exc)
        return out

    def _add(self, item: dict[str, Any] | Features) -> AddResult:
        f = item if isinstance(item, Features) else Features(item)
        item, chash, fetched = f.item, f.chash, f.fetched
        db = self.conn
        row = db.execute(
            "SELECT sid, latest_version, latest_vid, chash, latest_fetched, near_cluster "
            "FROM stories WHERE id = ?",
            (f.id,),
        ).fetchone()
        if row is None:
            return self._new_story(f)
        sid, latest, latest_vid, latest_hash, latest_fetched, near_cluster = row
        if chash == latest_hash:
            self._seen(sid, fetched)
            return AddResult(f.id, latest, False, False, [])
        known = db.execute(
            "SELECT version FROM versions WHERE sid = ? AND chash = ?", (sid, chash)
        ).fetchone()
        if known is not None and (not fetched or fetched <= latest_fetched):
            self._seen(sid, fetched)
            return AddResult(f.id, known[0], False, False, [])
        (prev_payload,) = db.execute(
            "SELECT payload FROM versions WHERE vid = ?", (latest_vid,)
        ).fetchone()
        prev = content_of(orjson.loads(prev_payload))
        changed = [k for k in CONTENT_FIELDS if prev[k] != f.content[k]]
        changes = version_changes(prev, f.content, changed)
        version = latest + 1
        content_fp = f.content_fp
        vid = self._insert_version(sid, version, chash, fetched, changed, changes, item)
        pub = utc_key(item.get("published"))
        self.conn.execute(
            "UPDATE stories SET canonical = ?, site = ?, section = ?, language = ?, "
            "pub_sort = ?, date_key = coalesce(?, date_key), "
            "latest_version = ?, latest_vid = ?, latest_fetched = ?, chash = ?, "
            f"content_fp = ?, last_seen = {self.MAX}(last_seen, ?), "
            f"first_seen = {self.MIN}(first_seen, ?) WHERE sid = ?",
            (
                f.canonical,
                item.get("site"),
                item.get("section"),
                item.get("language"),
                pub or NO_DATE,
                pub,
                version,
                vid,
                fetched,
                chash,
                content_fp,
                fetched,
                fetched or "~",
                sid,
            ),
        )
        if "body" in changed:
            link_near(self.conn, sid, f.near, near_cluster, content_fp, self.shingle_sets)
        return AddResult(f.id, version, False, True, changed)

    def _seen(self, sid: int, fetched: str) -> None:
        if fetched:
            self.conn.execute(
                f"UPDATE stories SET last_seen = {self.MAX}(last_seen, ?), "
                f"first_seen = {self.MIN}(first_seen, ?) WHERE sid = ?",
                (fetched, fetched, sid),
            )

    def _insert_version(
        self,
        sid: int,
        version: int,
        chash: bytes,
        fetched: str,
        changed: list[str],
        changes: dict[str, Any],
        item: dict[str, Any],
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO versions (sid, version, chash, fetched_at, changed, changes, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING vid",
            (
                sid,
                version,
                chash,
                fetched,
                orjson.dumps(changed),
                orjson.dumps(changes),
                orjson.dumps(item, option=orjson.OPT_NON_STR_KEYS),
            ),
        )
        return cur.fetchone()[0]

    def _new_story(self, f: Features) -> AddResult:
        item, fetched = f.item, f.fetched
        pub = utc_key(item.get("published"))
        content_fp = f.content_fp
        cur = self.conn.execute(
            "INSERT INTO stories (id, canonical, site, section, language, pub_sort, date_key, "
            "latest_version, latest_vid, latest_fetched, chash, content_fp, near_cluster, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, 0, ?, ?) "
            "RETURNING sid",
            (
                f.id,
                f.canonical,
                item.get("site"),
                item.get("section"),
                item.get("language"),
                pub or NO_DATE,
                pub or utc_key(fetched) or "",
                fetched,
                f.chash,
                content_fp,
                fetched or "~",
                fetched,
            ),
        )
        (sid,) = cur.fetchone()
        vid = self._insert_version(sid, 1, f.chash, fetched, [], {}, item)
        self.conn.execute(
            "UPDATE stories SET latest_vid = ?, near_cluster = ? WHERE sid = ?", (vid, sid, sid)
        )
        link_near(self.conn, sid, f.near, sid, content_fp, self.shingle_sets)
        return AddResult(f.id, 1, True, True, [])

    # -- ingesting JSONL ---------------------------------------------------------

    def ingest_jsonl(self, path: Path | str, start: int = 0) -> IngestCounts:
        """Add every complete line of a JSONL item file from byte ``start`` on; lines that
        are not JSON objects with a url are counted as errors and skipped."""
        counts, _ = ingest_lines(self, Path(path), start)
        self.commit()
        return counts

    def ingest_new_files(self, items_dir: Path | str) -> IngestCounts:
        """Ingest the item logs of an archive's ``items/`` folder that are new or have
        grown since the last call (see :mod:`archive.stores.item_ingest`)."""
        return ingest_new_files(self, Path(items_dir))

    # -- reading -----------------------------------------------------------------

    def story_count(self) -> int:
        with self.guard():
            return self.conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def version_count(self) -> int:
        with self.guard():
            return self.conn.execute("SELECT count(*) FROM versions").fetchone()[0]

    def versions_of(self, id_: str) -> list[dict[str, Any]]:
        """Every stored version of one story, oldest first (for inspection and tests)."""
        with self.guard():
            rows = self.conn.execute(
                "SELECT v.version, v.changed, v.changes, v.payload FROM versions v "
                "JOIN stories s ON s.sid = v.sid WHERE s.id = ? ORDER BY v.version",
                (id_,),
            ).fetchall()
        return [
            {
                "version": v,
                "changed_fields": orjson.loads(c),
                "changes": orjson.loads(ch),
                "item": orjson.loads(p),
            }
            for v, c, ch, p in rows
        ]

    def select_stories(
        self, flt: StoryFilter, dedup: str, since_last: str | None = None
    ) -> Iterator[tuple[int, str, str, int, Any, int | None]]:
        """Stories matching ``flt`` in cluster order (:func:`story_query`)."""
        sql, args = story_query(flt, dedup, since_last)
        yield from self.stream(sql, args)

    def selection(
        self, clusters: Iterable[tuple[Kept, Delivered]], *, all_versions: bool
    ) -> Selection:
        """The kept stories of one export, as a context manager (:class:`Selection`)."""
        return Selection(self, clusters, all_versions)


class ItemStore(ItemStoreLogic, SqliteStore):
    """SQLite-backed story/version store. Not thread-safe; one instance per process.

    ``add`` does not commit; ``commit()``, ``ingest_*`` and ``close()`` do."""

    KIND = "item store"
    CONSEQUENCE = "the next export then ingests every item log again"
    SCHEMA = sqlite_ddl(ITEMS)
    SCHEMA_VERSION = STORE_SCHEMA_VERSION
    MAIN_TABLE = "stories"
    TIMEOUT = 60.0
    ISOLATION_LEVEL = "DEFERRED"

    def __init__(self, path: Path | str, *, cache_mb: int = 64) -> None:
        """``cache_mb``: SQLite's page cache, in the process's own memory. Exports read the
        whole store and gain from a big one; a crawl adds one story at a time and keeps it
        small, so its memory does not grow with the archive (the OS caches the file anyway).
        """
        self.cache_mb = int(cache_mb)
        super().__init__(path)

    def pragmas(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA cache_size={-1024 * self.cache_mb}")
        conn.execute("PRAGMA temp_store=FILE")

    def verify(self, conn: sqlite3.Connection) -> None:
        conn.execute("SELECT count(*) FROM stories WHERE sid = 0").fetchone()

    def close(self) -> None:
        if self.conn is not None:
            with self.guard():
                self.conn.commit()
        super().close()

    def __enter__(self) -> ItemStore:
        return self


def default_store_path(archive: Path | str) -> Path:
    """Where an archive keeps its item store."""
    return ArchiveLayout(archive).item_store_db
