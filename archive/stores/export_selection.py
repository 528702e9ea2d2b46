"""Which stories an export writes: the filter query, and the chosen set as one object.

Why an object: an export first folds the matching stories into duplicate clusters (the rules
are ``archive.exports``'), then reads the kept stories' versions back in story order, and
only once its file is complete remembers what it delivered. The chosen set lives in
temporary tables of the store's connection; :meth:`ItemStore.selection` fills them in one
call and drops them when the ``with`` block ends, so no step can be forgotten or reordered.
The store is typed by :class:`SelectionStore`, what a selection uses of either backend, so
this module, which ``item_store`` calls, does not import it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

import orjson

#: Kept stories written to the temp tables per batch.
BATCH = 5000
#: Story ids looked up per query (``Selection.latest_items``).
LOOKUP_BATCH = 500

#: One kept story: ``(sid, cluster_id, duplicates_json, min_version)``.
Kept = tuple[int, str, bytes, int]
#: Story versions a cluster delivers: ``[(sid, version), ...]``.
Delivered = list[tuple[int, int]]
#: One row read back: ``(payload, id, version, changed, changes, cluster_id,
#: duplicates_json, last_seen)``.
Row = tuple[bytes, str, int, bytes, bytes, str, bytes, str]


@dataclass(frozen=True)
class StoryFilter:
    """Export filters; ``since`` is inclusive, ``until`` exclusive, both compared with the
    story's date key (UTC ISO published date, else its first fetch time)."""

    site: str | None = None
    section: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None


def story_query(flt: StoryFilter, dedup: str, since_last: str | None) -> tuple[str, list[Any]]:
    """SQL of the stories matching ``flt``, ordered by duplicate cluster and, within a
    cluster, by the keep rule (earliest published, shortest canonical URL, smallest id).

    Rows: ``(sid, id, canonical, latest_version, cluster_key, delivered_version)``;
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
        # Spelled so that SQLite and PostgreSQL (strict types) run the same text.
        key = "CASE WHEN s.content_fp IS NULL THEN 'sid:' || s.sid ELSE '' || s.content_fp END"
        alone = "CASE WHEN s.content_fp IS NULL THEN s.sid ELSE 0 END"
        order = f"s.content_fp IS NULL, s.content_fp, {alone}, {keep}"
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
    return sql, args


class SelectionStore(Protocol):
    """What a selection uses of the item store (SQLite or PostgreSQL): its connection under
    its guard, the temp-schema and type spellings of its dialect, streaming and commit."""

    TEMP: str
    BLOB: str
    BIGINT: str
    conn: Any

    def guard(self) -> AbstractContextManager[None]: ...

    def stream(self, sql: str, params: Any = ()) -> Iterator[Any]: ...

    def commit(self) -> None: ...


class Selection:
    """The kept stories of one export; made by :meth:`ItemStore.selection`."""

    def __init__(
        self, store: SelectionStore, clusters: Iterable[tuple[Kept, Delivered]], all_versions: bool
    ) -> None:
        self.store = store
        self.all_versions = all_versions
        self._clusters = iter(clusters)
        self._streams: list[Iterator[Row]] = []

    def __enter__(self) -> Selection:
        self._drop()
        store, temp = self.store, self.store.TEMP
        with store.guard():
            db = store.conn
            db.execute(
                f"CREATE TEMP TABLE kept (sid {store.BIGINT} PRIMARY KEY, cluster_id TEXT NOT "
                f"NULL, duplicates {store.BLOB} NOT NULL, min_version INTEGER NOT NULL)"
            )
            db.execute(
                f"CREATE TEMP TABLE delivered (sid {store.BIGINT} PRIMARY KEY, "
                "version INTEGER NOT NULL)"
            )
            while batch := list(islice(self._clusters, BATCH)):
                db.executemany(
                    f"INSERT INTO {temp}.kept VALUES (?, ?, ?, ?)", [k for k, _ in batch]
                )
                db.executemany(
                    f"INSERT INTO {temp}.delivered VALUES (?, ?) "
                    "ON CONFLICT (sid) DO UPDATE SET version = excluded.version",
                    [pair for _, delivered in batch for pair in delivered],
                )
        return self

    def rows(self) -> Iterator[Row]:
        """The kept stories' rows in story order (first stored first), one per version
        from the cluster's ``min_version`` (``all_versions``) or the latest only."""
        cond = (
            "v.sid = k.sid AND v.version >= k.min_version"
            if self.all_versions
            else "v.vid = s.latest_vid"
        )
        stream = self.store.stream(
            "SELECT v.payload, s.id, v.version, v.changed, v.changes, k.cluster_id, "
            f"k.duplicates, s.last_seen FROM {self.store.TEMP}.kept k "
            "JOIN stories s ON s.sid = k.sid "
            f"JOIN versions v ON {cond} ORDER BY k.sid, v.version"
        )
        self._streams.append(stream)
        return stream

    def latest_items(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Story id -> the latest stored item of each story among ``ids`` it holds (the
        linked stories of related boxes: ``archive.exports.related_fill``)."""
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), LOOKUP_BATCH):
            chunk = ids[start : start + LOOKUP_BATCH]
            marks = ", ".join("?" * len(chunk))
            sql = (
                "SELECT s.id, v.payload FROM stories s JOIN versions v ON v.vid = s.latest_vid "
                f"WHERE s.id IN ({marks})"
            )
            for id_, payload in self.store.stream(sql, chunk):
                out[id_] = orjson.loads(payload)
        return out

    def deliver(self, name: str) -> None:
        """Remember, under ``name``, the story versions this selection delivered (call it
        once the export file is complete)."""
        with self.store.guard():
            self.store.conn.execute(
                "INSERT INTO deliveries (name, sid, version) "
                f"SELECT CAST(? AS TEXT), sid, version FROM {self.store.TEMP}.delivered "
                "WHERE true ON CONFLICT (name, sid) DO UPDATE SET version = excluded.version",
                (name,),
            )
        self.store.commit()

    def _drop(self) -> None:
        with self.store.guard():
            self.store.conn.execute(f"DROP TABLE IF EXISTS {self.store.TEMP}.kept")
            self.store.conn.execute(f"DROP TABLE IF EXISTS {self.store.TEMP}.delivered")

    def __exit__(self, *exc: object) -> None:
        for stream in self._streams:
            stream.close()  # type: ignore[attr-defined]
        self._drop()
