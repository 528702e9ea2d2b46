"""The dedup store: every story once, every content change as a version, in one SQLite file.

``<archive>/state/items.sqlite3`` (WAL mode, so an export can read while a crawl adds).

- A *story* is keyed by ``story_id(canonical_url or url)`` (see ``archive.urls``).
- A *version* is one state of the story's extracted content: headline, lead, body,
  authors, published, modified and images (url, caption, credit). Anything else (the
  related box, fetched_at, the WARC pointer, discovery, section) changing does not make
  a version; the refetch only moves the story's ``last_seen``. Each version keeps the
  full item of its first capture (orjson bytes, so its WARC pointer is the provenance of
  that version) plus ``changed_fields`` and ``changes`` ({field: {old, new}} for the
  short fields) against the version before it.
- Re-ingesting a capture is idempotent: content equal to the latest version, or equal to
  an older version with a fetch time not after the latest one's, adds nothing. Content
  equal to an older version but fetched later (a story edited back) is a new version.
- Duplicate clusters are kept up to date on every add, so exports never recompute them:
  ``content_fp`` (exact, ``archive.fingerprints.content_fingerprint``) and
  ``near_cluster`` (MinHash/LSH band keys in the ``near_bands`` table; candidates are the
  newest ``BUCKET_LIMIT`` stories per band whose stored signature (``near_sigs``) agrees
  well enough, verified by exact shingle Jaccard; clusters merge by single linkage and
  never split; band keys of a story's older bodies stay, they only cause an extra
  verification).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from archive import fingerprints as fp
from archive.layout import ArchiveLayout
from archive.sqlite_open import retry_locked
from archive.urls import id_of_normalized, normalize_url

#: Bumped when the database layout changes; stored as ``PRAGMA user_version``.
STORE_SCHEMA_VERSION = 1

#: Fields whose change makes a new version.
CONTENT_FIELDS = ("headline", "lead", "body", "authors", "published", "modified", "images")
#: Changed fields whose old and new values are stored with the version.
SHORT_FIELDS = ("headline", "lead", "authors", "published", "modified")
#: Members of one candidate near cluster verified at most before giving up on it.
VERIFY_PER_CLUSTER = 3
#: Per LSH band, only the newest this many stories sharing the key become candidates. A
#: crowded band is boilerplate (agency lines, templated reports) shared by unrelated
#: stories; wire copies are added close together, and a real near copy shares several
#: bands. Bounds the work per new story however large the store grows.
BUCKET_LIMIT = 64
#: ``pub_sort`` of a story without a publication date: sorts after every date.
NO_DATE = "~"

_SCHEMA = """
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


class ItemStoreError(Exception):
    """The store cannot be used (corrupted or foreign file, newer layout, locked)."""


@dataclass(frozen=True)
class AddResult:
    id: str
    version: int
    is_new_story: bool
    is_new_version: bool
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class IngestCounts:
    files: int = 0
    items: int = 0
    new_stories: int = 0
    new_versions: int = 0
    unchanged: int = 0
    errors: int = 0

    def count(self, result: AddResult) -> None:
        self.items += 1
        if result.is_new_story:
            self.new_stories += 1
        elif result.is_new_version:
            self.new_versions += 1
        else:
            self.unchanged += 1

    def merge(self, other: IngestCounts) -> None:
        for name in ("files", "items", "new_stories", "new_versions", "unchanged", "errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class StoryFilter:
    """Export filters; ``since`` is inclusive, ``until`` exclusive, both compared with the
    story's date key (UTC ISO published date, else its first fetch time)."""

    site: str | None = None
    section: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None


def utc_key(value: str | None) -> str | None:
    """ISO date/time -> sortable UTC string (``2025-12-02T16:52:59Z`` or a bare date)."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 10:
        try:
            return datetime.strptime(value, "%Y-%m-%d").strftime("%Y-%m-%d")
        except ValueError:
            return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _content(item: dict[str, Any]) -> dict[str, Any]:
    images = [
        [i.get("url"), i.get("caption"), i.get("credit")]
        for i in item.get("images") or []
        if isinstance(i, dict)
    ]
    out = {k: item.get(k) for k in CONTENT_FIELDS}
    out["images"] = images
    return out


def _hash(content: dict[str, Any]) -> bytes:
    data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(data, digest_size=16).digest()


class ItemStore:
    """SQLite-backed story/version store. Not thread-safe; one instance per process.

    ``add`` does not commit; ``commit()``, ``ingest_*`` and ``close()`` do."""

    def __init__(self, path: Path | str, *, cache_mb: int = 64) -> None:
        """``cache_mb``: SQLite's page cache, in the process's own memory. Exports read the
        whole store and gain from a big one; a crawl adds one story at a time and keeps it
        small, so its memory does not grow with the archive (the OS caches the file anyway).
        """
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ItemStoreError(f"{self.path}: cannot create folder: {exc}") from exc

        def setup() -> sqlite3.Connection:
            db = sqlite3.connect(self.path, timeout=60, isolation_level="DEFERRED")
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(f"PRAGMA cache_size={-1024 * int(cache_mb)}")
                db.execute("PRAGMA temp_store=FILE")
                found = db.execute("PRAGMA user_version").fetchone()[0]
                if found > STORE_SCHEMA_VERSION:
                    raise ItemStoreError(
                        f"{self.path}: item store layout {found} is newer than this "
                        f"newsarchiver ({STORE_SCHEMA_VERSION}); upgrade newsarchiver"
                    )
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version={STORE_SCHEMA_VERSION}")
                db.execute("SELECT count(*) FROM stories WHERE sid = 0").fetchone()
            except BaseException:
                db.close()
                raise
            return db

        try:
            # Another crawl may be creating the same store right now (see sqlite_open).
            self.db = retry_locked(setup, 60)
        except sqlite3.OperationalError as exc:
            raise ItemStoreError(f"{self.path}: cannot open the item store: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise ItemStoreError(
                f"{self.path}: not a usable item store (corrupted or not an SQLite file?): {exc}"
            ) from exc

    # -- lifecycle ---------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise ItemStoreError(f"{self.path}: {exc}") from exc

    def commit(self) -> None:
        with self._guard():
            self.db.commit()

    def close(self) -> None:
        if self.db is not None:
            with self._guard():
                self.db.commit()
                self.db.close()
            self.db = None  # type: ignore[assignment]

    def __enter__(self) -> ItemStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding ------------------------------------------------------------------

    def add(self, item: dict[str, Any]) -> AddResult:
        """Add one article item (``ArticleItem.to_dict()``); see the module docstring."""
        with self._guard():
            return self._add(item)

    def _add(self, item: dict[str, Any]) -> AddResult:
        url = item.get("canonical_url") or item.get("url")
        if not url or not isinstance(url, str):
            raise ValueError("item has neither canonical_url nor url")
        canonical = normalize_url(url)
        sid_text = id_of_normalized(canonical)
        content = _content(item)
        chash = _hash(content)
        fetched = item.get("fetched_at") or ""
        db = self.db
        row = db.execute(
            "SELECT sid, latest_version, latest_vid, chash, latest_fetched FROM stories "
            "WHERE id = ?",
            (sid_text,),
        ).fetchone()
        if row is None:
            return self._new_story(sid_text, canonical, item, chash, fetched)
        sid, latest, latest_vid, latest_hash, latest_fetched = row
        if chash == latest_hash:
            self._seen(sid, fetched)
            return AddResult(sid_text, latest, False, False, [])
        known = db.execute(
            "SELECT version FROM versions WHERE sid = ? AND chash = ?", (sid, chash)
        ).fetchone()
        if known is not None and (not fetched or fetched <= latest_fetched):
            self._seen(sid, fetched)
            return AddResult(sid_text, known[0], False, False, [])
        (prev_payload,) = db.execute(
            "SELECT payload FROM versions WHERE vid = ?", (latest_vid,)
        ).fetchone()
        prev = _content(orjson.loads(prev_payload))
        changed = [k for k in CONTENT_FIELDS if prev[k] != content[k]]
        changes = {k: {"old": prev[k], "new": content[k]} for k in changed if k in SHORT_FIELDS}
        version = latest + 1
        body_words = fp.words(item.get("body"))
        vid = self._insert_version(sid, version, chash, fetched, changed, changes, item)
        pub = utc_key(item.get("published"))
        self.db.execute(
            "UPDATE stories SET canonical = ?, site = ?, section = ?, language = ?, "
            "pub_sort = ?, date_key = CASE WHEN ? IS NOT NULL THEN ? ELSE date_key END, "
            "latest_version = ?, latest_vid = ?, latest_fetched = ?, chash = ?, "
            "content_fp = ?, last_seen = max(last_seen, ?), first_seen = min(first_seen, ?) "
            "WHERE sid = ?",
            (
                canonical,
                item.get("site"),
                item.get("section"),
                item.get("language"),
                pub or NO_DATE,
                pub,
                pub,
                version,
                vid,
                fetched,
                chash,
                fp.content_fingerprint(item.get("headline"), None, body_words),
                fetched,
                fetched or "~",
                sid,
            ),
        )
        if "body" in changed:
            self._link_near(sid, body_words)
        return AddResult(sid_text, version, False, True, changed)

    def _seen(self, sid: int, fetched: str) -> None:
        if fetched:
            self.db.execute(
                "UPDATE stories SET last_seen = max(last_seen, ?), first_seen = min(first_seen, ?) "
                "WHERE sid = ?",
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
        cur = self.db.execute(
            "INSERT INTO versions (sid, version, chash, fetched_at, changed, changes, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
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
        return cur.lastrowid  # type: ignore[return-value]

    def _new_story(
        self,
        sid_text: str,
        canonical: str,
        item: dict[str, Any],
        chash: bytes,
        fetched: str,
    ) -> AddResult:
        pub = utc_key(item.get("published"))
        body_words = fp.words(item.get("body"))
        cur = self.db.execute(
            "INSERT INTO stories (id, canonical, site, section, language, pub_sort, date_key, "
            "latest_version, latest_vid, latest_fetched, chash, content_fp, near_cluster, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, 0, ?, ?)",
            (
                sid_text,
                canonical,
                item.get("site"),
                item.get("section"),
                item.get("language"),
                pub or NO_DATE,
                pub or utc_key(fetched) or "",
                fetched,
                chash,
                fp.content_fingerprint(item.get("headline"), None, body_words),
                fetched or "~",
                fetched,
            ),
        )
        sid = cur.lastrowid
        vid = self._insert_version(sid, 1, chash, fetched, [], {}, item)
        self.db.execute(
            "UPDATE stories SET latest_vid = ?, near_cluster = ? WHERE sid = ?", (vid, sid, sid)
        )
        self._link_near(sid, body_words)
        return AddResult(sid_text, 1, True, True, [])

    def _link_near(self, sid: int, body_words: list[str]) -> None:
        """Index the body's LSH bands and merge the story's near cluster with every cluster
        holding a verified near copy (exact Jaccard >= threshold). At most
        ``VERIFY_PER_CLUSTER`` members of a candidate cluster are verified, so a big
        cluster of identical copies costs one check, not one per member."""
        shingles = fp.shingles(body_words)
        if shingles is None:
            return
        signature = fp.minhash(shingles)
        keys = fp.band_keys(signature)
        db = self.db
        db.execute(
            "INSERT OR REPLACE INTO near_sigs (sid, sig) VALUES (?, ?)",
            (sid, fp.signature_bytes(signature)),
        )
        (own, own_fp) = db.execute(
            "SELECT near_cluster, content_fp FROM stories WHERE sid = ?", (sid,)
        ).fetchone()
        by_cluster: dict[int, list[tuple[int, int | None]]] = {}
        newest = " UNION ".join(
            [
                "SELECT sid FROM (SELECT sid FROM near_bands WHERE key = ? "
                f"ORDER BY sid DESC LIMIT {BUCKET_LIMIT})"
            ]
            * len(keys)
        )
        for cand, cluster, cand_fp, cand_sig in db.execute(
            "SELECT b.sid, s.near_cluster, s.content_fp, g.sig "
            f"FROM ({newest}) b JOIN stories s ON s.sid = b.sid "
            "LEFT JOIN near_sigs g ON g.sid = b.sid",
            keys,
        ):
            if cluster == own:
                continue
            if (
                cand_sig is not None
                and cand_fp != own_fp
                and fp.estimated_jaccard(signature, cand_sig) < fp.ESTIMATE_FLOOR
            ):
                continue  # shares a band by chance (boilerplate), far from the threshold
            by_cluster.setdefault(cluster, []).append((cand, cand_fp))
        db.executemany(
            "INSERT OR IGNORE INTO near_bands (key, sid) VALUES (?, ?)", [(k, sid) for k in keys]
        )
        clusters = {own}
        for cluster, members in by_cluster.items():
            if own_fp is not None and any(m_fp == own_fp for _, m_fp in members):
                clusters.add(cluster)  # same normalised headline and body: Jaccard 1
                continue
            for cand, _ in members[:VERIFY_PER_CLUSTER]:
                (payload,) = db.execute(
                    "SELECT v.payload FROM stories s JOIN versions v ON v.vid = s.latest_vid "
                    "WHERE s.sid = ?",
                    (cand,),
                ).fetchone()
                other = fp.shingles(fp.words(orjson.loads(payload).get("body")))
                if other is not None and fp.jaccard(shingles, other) >= fp.JACCARD_THRESHOLD:
                    clusters.add(cluster)
                    break
        if len(clusters) > 1:
            count = "SELECT count(*) FROM stories WHERE near_cluster = ?"
            sizes = [(db.execute(count, (c,)).fetchone()[0], -c) for c in clusters]
            target = -max(sizes)[1]  # the biggest cluster absorbs; ties: smallest label
            for c in clusters - {target}:
                db.execute(
                    "UPDATE stories SET near_cluster = ? WHERE near_cluster = ?", (target, c)
                )

    # -- ingesting JSONL ---------------------------------------------------------

    def ingest_jsonl(self, path: Path | str, start: int = 0) -> IngestCounts:
        """Add every complete line of a JSONL item file from byte ``start`` on; lines that
        are not JSON objects with a url are counted as errors and skipped."""
        counts, _ = self._ingest(Path(path), start)
        self.commit()
        return counts

    def _ingest(self, path: Path, start: int) -> tuple[IngestCounts, int]:
        counts = IngestCounts(files=1)
        end = start
        with path.open("rb") as fh:
            fh.seek(start)
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # a torn last line (crawl still writing, or killed)
                end += len(line)
                if not line.strip():
                    continue
                try:
                    item = orjson.loads(line)
                    if not isinstance(item, dict):
                        raise ValueError("not an object")
                    counts.count(self.add(item))
                except (orjson.JSONDecodeError, ValueError, TypeError):
                    counts.errors += 1
                if counts.items % 5000 == 0:
                    self.commit()
        return counts, end

    def ingest_new_files(self, items_dir: Path | str) -> IngestCounts:
        """Ingest the ``*.jsonl`` files of an archive's ``items/`` folder that are new or
        have grown since the last call (tracked by file name and size; a grown file is
        read on from where the last call stopped, a shrunk one from the start)."""
        total = IngestCounts()
        folder = Path(items_dir)
        if not folder.is_dir():
            return total
        for path in sorted(folder.glob("*.jsonl")):
            size = path.stat().st_size
            with self._guard():
                row = self.db.execute(
                    "SELECT size, items FROM ingested_files WHERE name = ?", (path.name,)
                ).fetchone()
            done, items = row if row else (0, 0)
            if done == size:
                continue
            if done > size:
                done, items = 0, 0
            counts, end = self._ingest(path, done)
            with self._guard():
                self.db.execute(
                    "INSERT OR REPLACE INTO ingested_files (name, size, items) VALUES (?, ?, ?)",
                    (path.name, end, items + counts.items),
                )
                self.db.commit()
            total.merge(counts)
        return total

    # -- reading -----------------------------------------------------------------

    def _stream(self, sql: str, args: Iterable[Any]) -> Iterator[Any]:
        """Rows of a query; the cursor is closed when the consumer stops (even early), so
        the temp tables it reads can be dropped."""
        with self._guard():
            cur = self.db.execute(sql, tuple(args))
            try:
                yield from cur
            finally:
                cur.close()

    def story_count(self) -> int:
        with self._guard():
            return self.db.execute("SELECT count(*) FROM stories").fetchone()[0]

    def version_count(self) -> int:
        with self._guard():
            return self.db.execute("SELECT count(*) FROM versions").fetchone()[0]

    def versions_of(self, id_: str) -> list[dict[str, Any]]:
        """Every stored version of one story, oldest first (for inspection and tests)."""
        with self._guard():
            rows = self.db.execute(
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
        """Stories matching ``flt``, ordered by duplicate cluster and, within a cluster,
        by the keep rule (earliest published, shortest canonical URL, smallest id).

        Yields ``(sid, id, canonical, latest_version, cluster_key, delivered_version)``;
        ``delivered_version`` is what the named ``since_last`` export last delivered."""
        where, args = [], []
        for column, value in (
            ("s.site", flt.site),
            ("s.section", flt.section),
            ("s.language", flt.language),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if flt.since is not None:
            where.append("s.date_key >= ?")
            args.append(flt.since)
        if flt.until is not None:
            where.append("s.date_key < ?")
            args.append(flt.until)
        keep = "s.pub_sort, length(s.canonical), s.id"
        if dedup == "url":
            key, order = "s.sid", "s.sid"
        elif dedup == "content":
            key = "coalesce(s.content_fp, 'sid:' || s.sid)"
            order = f"s.content_fp IS NULL, s.content_fp, s.sid * (s.content_fp IS NULL), {keep}"
        elif dedup == "near":
            key, order = "s.near_cluster", f"s.near_cluster, {keep}"
        else:
            raise ValueError(f"unknown dedup level {dedup!r}")
        join, delivered = "", "NULL"
        if since_last is not None:
            join = "LEFT JOIN deliveries d ON d.name = ? AND d.sid = s.sid"
            delivered = "d.version"
            args.insert(0, since_last)
        sql = (
            f"SELECT s.sid, s.id, s.canonical, s.latest_version, {key}, {delivered} "
            f"FROM stories s {join} {'WHERE ' + ' AND '.join(where) if where else ''} "
            f"ORDER BY {order}"
        )
        yield from self._stream(sql, args)

    # -- export selection (temp tables live as long as the connection) -----------

    def begin_selection(self) -> None:
        """Fresh temp tables for one export: the kept stories and what gets delivered."""
        with self._guard():
            self.db.execute("DROP TABLE IF EXISTS temp.kept")
            self.db.execute("DROP TABLE IF EXISTS temp.delivered")
            self.db.execute(
                "CREATE TEMP TABLE kept (sid INTEGER PRIMARY KEY, cluster_id TEXT NOT NULL, "
                "duplicates BLOB NOT NULL, min_version INTEGER NOT NULL)"
            )
            self.db.execute(
                "CREATE TEMP TABLE delivered (sid INTEGER PRIMARY KEY, version INTEGER NOT NULL)"
            )

    def add_selection(
        self,
        kept: Iterable[tuple[int, str, bytes, int]],
        delivered: Iterable[tuple[int, int]] = (),
    ) -> None:
        with self._guard():
            self.db.executemany("INSERT INTO temp.kept VALUES (?, ?, ?, ?)", kept)
            self.db.executemany("INSERT OR REPLACE INTO temp.delivered VALUES (?, ?)", delivered)

    def iter_selection(
        self, all_versions: bool
    ) -> Iterator[tuple[bytes, str, int, bytes, bytes, str, bytes, str]]:
        """Rows of the kept stories in story order (first seen first), one per version
        (``all_versions``) or the latest only. Yields ``(payload, id, version, changed,
        changes, cluster_id, duplicates_json, last_seen)``."""
        cond = (
            "v.sid = k.sid AND v.version >= k.min_version"
            if all_versions
            else ("v.vid = s.latest_vid")
        )
        sql = (
            "SELECT v.payload, s.id, v.version, v.changed, v.changes, k.cluster_id, "
            "k.duplicates, s.last_seen FROM temp.kept k JOIN stories s ON s.sid = k.sid "
            f"JOIN versions v ON {cond} ORDER BY k.sid, v.version"
        )
        yield from self._stream(sql, ())

    def record_delivery(self, name: str) -> None:
        """Remember, under ``name``, the story versions the last selection delivered."""
        with self._guard():
            self.db.execute(
                "INSERT OR REPLACE INTO deliveries (name, sid, version) "
                "SELECT ?, sid, version FROM temp.delivered",
                (name,),
            )
            self.db.commit()

    def end_selection(self) -> None:
        with self._guard():
            self.db.execute("DROP TABLE IF EXISTS temp.kept")
            self.db.execute("DROP TABLE IF EXISTS temp.delivered")


def default_store_path(archive: Path | str) -> Path:
    """Where an archive keeps its item store."""
    return ArchiveLayout(archive).item_store_db
