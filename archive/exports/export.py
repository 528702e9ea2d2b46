"""Researcher export: one JSONL row per story (or per version), duplicates folded, not lost.

Rules (the README of an export):

- Rows are the stored item of a story version plus ``id``, ``version``,
  ``previous_version``, ``changed_fields``, ``changes``, ``cluster_id``, ``duplicates``
  and ``last_seen``; the shape is ``archive/schema/export-row.schema.json``.
- Filters (``site``, ``section``, ``lang``, ``since``, ``until``) pick stories first;
  duplicates are then folded among the picked stories. ``since``/``until`` compare the
  story's publication date in UTC (its first fetch when it has none); a bare ``until``
  date includes that whole day.
- ``dedup``: ``url`` = one row per story id; ``content`` = stories with the same content
  fingerprint fold into one row; ``near`` = stories in the same MinHash/LSH cluster fold.
  The kept row is the earliest published (undated last), then the shortest canonical
  URL, then the smallest id. It lists the others as ``duplicates: [{id, url}]`` in that
  same order, and ``cluster_id`` is the kept row's id.
- ``versions="all"`` writes every version of each kept story, oldest first. Stories come
  in the order they were first stored (crawl order), so reruns give the same file.
- ``since_last=NAME`` writes only clusters with something the export called NAME has not
  delivered (a new story or a new version of any member); with ``versions="all"`` only the
  undelivered versions of the kept story (its latest when only a duplicate is new). What
  was delivered is recorded only after the file is complete.
- A related story's missing ``published``, ``headline`` and ``section`` are taken from
  the linked story's own latest item when the archive holds it
  (:mod:`archive.exports.related_fill`); what the page gave is kept.
- Output is written to a temporary file beside ``out`` and renamed at the end, so a failed
  export never leaves a file under the final name. The format is ``format`` or the one
  ``out``'s extension names (``.jsonl``, ``.jsonl.gz``, ``.parquet``: the registry of
  :mod:`archive.exports.exporter`); an extension no format writes is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

import orjson

from archive.exports.exporter import ExportError, export_format
from archive.exports.related_fill import fill_related
from archive.exports.row_schema import ITEM_FIELDS, KNOWN_FIELDS, ROW_FIELDS, SCHEMA
from archive.stores.export_selection import Delivered, Kept, StoryFilter
from archive.stores.item_store import ItemStore, utc_key

DEDUP_LEVELS = ("url", "content", "near")

__all__ = [
    "DEDUP_LEVELS",
    "ITEM_FIELDS",
    "KNOWN_FIELDS",
    "ROW_FIELDS",
    "SCHEMA",
    "ExportError",
    "ExportResult",
    "export",
    "parse_fields",
]


@dataclass(frozen=True)
class ExportResult:
    rows: int
    clusters: int
    duplicates_folded: int
    path: Path


def parse_fields(spec: str | list[str] | None) -> list[str] | None:
    """``"a,b,c"`` or a list -> validated field list (``id`` always first)."""
    if spec is None:
        return None
    names = [n.strip() for n in spec.split(",")] if isinstance(spec, str) else list(spec)
    names = [n for n in names if n]
    for name in names:
        if name not in KNOWN_FIELDS:
            raise ExportError(f"unknown field {name!r} (known: {', '.join(KNOWN_FIELDS)})")
    return ["id"] + [n for n in dict.fromkeys(names) if n != "id"]


def _bound(value: str | None, what: str, *, upper: bool) -> str | None:
    """ISO date/datetime -> the store's UTC key; a bare upper date includes its day."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return (day + timedelta(days=1)).isoformat() if upper else day.isoformat()
        datetime.fromisoformat(text)
    except ValueError:
        raise ExportError(
            f"--{what} {value!r} is not an ISO date (2025-12-01) or date-time"
        ) from None
    key = utc_key(text)
    assert key is not None
    return key + "\x00" if upper else key


def _clusters(
    stories: Iterator[tuple[int, str, str, int, Any, int | None]],
    since_last: str | None,
    all_versions: bool,
) -> Iterator[tuple[tuple[int, str, bytes, int], list[tuple[int, int]], int]]:
    """Fold ordered stories into (kept row, delivered pairs, duplicate count) per cluster."""
    for _, group in groupby(stories, key=lambda r: r[4]):
        members = list(group)
        kept = members[0]
        if since_last is not None:
            if all(d is not None and d >= latest for _, _, _, latest, _, d in members):
                continue
            delivered_kept = kept[5] or 0
            min_version = delivered_kept + 1 if delivered_kept < kept[3] else kept[3]
        else:
            min_version = 1
        if not all_versions:
            min_version = kept[3]
        dups = orjson.dumps([{"id": m[1], "url": m[2]} for m in members[1:]])
        yield (
            (kept[0], kept[1], dups, min_version),
            [(m[0], m[3]) for m in members],
            len(members) - 1,
        )


class _ClusterCount:
    """Counts clusters and folded duplicates as the selection consumes them."""

    def __init__(self) -> None:
        self.clusters = self.folded = 0

    def counted(
        self, clusters: Iterator[tuple[Kept, Delivered, int]]
    ) -> Iterator[tuple[Kept, Delivered]]:
        for kept, delivered, n_dups in clusters:
            self.clusters += 1
            self.folded += n_dups
            yield kept, delivered


def export(
    store: ItemStore,
    out: Path | str,
    *,
    site: str | None = None,
    section: str | None = None,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    versions: str = "latest",
    dedup: str = "content",
    fields: list[str] | str | None = None,
    since_last: str | None = None,
    on_row: Callable[[int], None] | None = None,
    format: str | None = None,  # noqa: A002
    partitioned: bool = False,
) -> ExportResult:
    """Write the export file ``out`` (see the module docstring); ``on_row(n)`` is called
    after each row with the count so far (progress; an exception from it aborts).
    ``format``: a name of :data:`~archive.exports.exporter.EXPORTERS` (default: by ``out``'s
    extension); ``partitioned``: Parquet as a folder by site and day."""
    out = Path(out)
    selected = parse_fields(fields)
    exporter = export_format(out, format, partitioned=partitioned).load()(
        out, selected, partitioned=partitioned
    )
    if versions not in ("latest", "all"):
        raise ExportError(f"versions must be 'latest' or 'all', not {versions!r}")
    if dedup not in DEDUP_LEVELS:
        raise ExportError(f"dedup must be one of {', '.join(DEDUP_LEVELS)}, not {dedup!r}")
    flt = StoryFilter(
        site=site,
        section=section,
        language=lang,
        since=_bound(since, "since", upper=False),
        until=_bound(until, "until", upper=True),
    )
    all_versions = versions == "all"
    try:
        exporter.start_exporting()
    except OSError as exc:
        exporter.discard()
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    done = False
    stats = _ClusterCount()
    stories = store.select_stories(flt, dedup, since_last)
    try:
        clustered = stats.counted(_clusters(stories, since_last, all_versions))
        with store.selection(clustered, all_versions=all_versions) as selection:
            stories.close()
            rows = 0
            for row in fill_related(selection.rows(), selection.latest_items):
                exporter.export_row(row)
                rows += 1
                if on_row is not None:
                    on_row(rows)
            exporter.finish_exporting()
            done = True
            if since_last is not None:
                selection.deliver(since_last)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        stories.close()
        if not done:
            exporter.discard()
    clusters, folded = stats.clusters, stats.folded
    return ExportResult(rows=rows, clusters=clusters, duplicates_folded=folded, path=out)
