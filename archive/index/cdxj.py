"""A sorted CDXJ index of an archive's closed WARC files, kept up to date incrementally.

Why: pywb (and ``wacz``) find captures through a CDXJ index (``<surt urlkey> <timestamp>
<json>`` lines, sorted). Re-indexing every WARC after each crawl would grow with the whole
archive, so only WARC files that are not in the index yet are read, with the ``cdxj-indexer``
package (the indexer pywb and py-wacz use), and their lines are merged into the existing index.

Layout (``<archive>/indexes/``)
    * ``index.cdxj``: one plain-text, sorted CDXJ file for the whole archive. Response, revisit,
      resource and metadata records are indexed (cdxj-indexer's defaults); ``filename`` is the
      WARC file's name relative to ``<archive>/warc/``.
    * ``indexed-files.txt``: names of the WARC files already merged into ``index.cdxj``.

``304 Not Modified`` captures (conditional re-fetches of an unchanged page; written as
*server-not-modified* ``revisit`` records since the raw-HTTP handler, as plain ``response``
records before) stay in the WARC files but are left out of the index: pywb replays the capture
closest to the requested time with that record's own status line (a revisit too: only the
payload comes from the original), so a 304 would hide the page from "latest" replay; without it
pywb falls back to the closest 200 capture, which holds exactly the representation the 304
confirmed.

Only finished files (``*.warc.gz``, never ``*.open``) are indexed: a file still being written
would be indexed half and never again. Updates hold an exclusive ``flock`` on
``indexes/.lock``, write the new index to a temporary file, fsync it and rename it over the old
one, so readers (a running pywb) always see a complete index. If a run dies between the rename
and the ledger update, the next run indexes those files again; identical lines are merged away.
"""

from __future__ import annotations

import fcntl
import heapq
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer

from archive.index.cdxj_live import drop_pending, pending_lines
from archive.layout import INDEX_LOCK_NAME, INDEX_NAME, LEDGER_NAME, WARC_GLOB, ArchiveLayout

__all__ = [
    "INDEX_NAME",
    "IndexUpdate",
    "index_warc_files",
    "update_archive_index",
    "update_index",
]

#: HTTP statuses left out of the replay index (see the module docstring).
SKIP_STATUSES = frozenset({"304"})


@dataclass
class IndexUpdate:
    """What an index update did (for the crawl summary and tests)."""

    index: Path
    new_files: list[str] = field(default_factory=list)
    new_lines: int = 0
    total_lines: int = 0


INDEXED_RECORDS = ("response", "revisit", "resource", "metadata")  # cdxj-indexer's own default


def _replayable(line: str, skip_statuses: frozenset[str]) -> bool:
    if not line.strip():
        return False
    try:
        data = json.loads(line.split(" ", 2)[2])
    except (IndexError, ValueError):
        return True
    return str(data.get("status", "")) not in skip_statuses


def index_warc_files(
    paths: Iterable[Path], *, skip_statuses: Iterable[str] = SKIP_STATUSES
) -> list[str]:
    """CDXJ lines (with ``\\n``) for the given WARC files, sorted, filenames as basenames."""

    inputs = [str(p) for p in paths]
    if not inputs:
        return []
    skip = frozenset(str(s) for s in skip_statuses)
    out = io.StringIO()
    indexer = CDXJIndexer(out, inputs)
    # Importing `wacz` appends "warcinfo" to the class-wide default list; pin this index's
    # record types on the instance (the library compares the two to skip warc-fields records).
    indexer.DEFAULT_RECORDS = indexer.include_records = list(INDEXED_RECORDS)
    indexer.process_all()
    lines = [line + "\n" for line in out.getvalue().splitlines() if _replayable(line, skip)]
    lines.sort()
    return lines


def _read_ledger(path: Path) -> set[str]:
    try:
        return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line}
    except FileNotFoundError:
        return set()


def _unique(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
        previous = line


def _replace_file(path: Path, lines: Iterable[str]) -> int:
    """Write ``lines`` to ``path`` atomically (temp file, fsync, rename); returns the count."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
                count += 1
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # e.g. disk full: the old index stays as it was
        raise
    return count


def _new_lines(warc_dir: Path, index_dir: Path, names: list[str]) -> list[str]:
    """Sorted, replayable CDXJ lines of the WARC files ``names``.

    A file the crawl's writer indexed as it wrote it (:mod:`archive.index.cdxj_live`) is not read
    again; any other (written by another tool, recovered after a crash) is read with
    cdxj-indexer.
    """
    lines: list[str] = []
    unread: list[str] = []
    for name in names:
        live = pending_lines(index_dir, name)
        if live is None:
            unread.append(name)
        else:
            lines.extend(line for line in live if _replayable(line, SKIP_STATUSES))
    lines.extend(index_warc_files(warc_dir / name for name in unread))
    lines.sort()
    return lines


def update_index(warc_dir: Path, index_dir: Path) -> IndexUpdate:
    """Merge the WARC files in ``warc_dir`` not yet indexed into ``index_dir/index.cdxj``."""
    warc_dir, index_dir = Path(warc_dir), Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    index = index_dir / INDEX_NAME
    ledger = index_dir / LEDGER_NAME
    with open(index_dir / INDEX_LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = _read_ledger(ledger)
        closed = sorted(p.name for p in warc_dir.glob(WARC_GLOB)) if warc_dir.is_dir() else []
        todo = [name for name in closed if name not in done]
        update = IndexUpdate(index=index, new_files=todo)
        if not todo and index.exists():
            with open(index, encoding="utf-8") as fh:
                update.total_lines = sum(1 for _ in fh)
            return update
        new_lines = _new_lines(warc_dir, index_dir, todo)
        update.new_lines = len(new_lines)
        if index.exists():
            with open(index, encoding="utf-8") as old:
                update.total_lines = _replace_file(
                    index, _unique(heapq.merge(old, iter(new_lines)))
                )
        else:
            update.total_lines = _replace_file(index, _unique(new_lines))
        _replace_file(ledger, (name + "\n" for name in sorted(done | set(todo))))
        drop_pending(index_dir, todo)
        return update


def update_archive_index(archive_dir: Path) -> IndexUpdate:
    """Bring ``<archive>/indexes/index.cdxj`` up to date with ``<archive>/warc/``.

    Call it after a crawl (the WARC writer has closed its files) and before replay or packaging.
    """
    layout = ArchiveLayout(archive_dir)
    return update_index(layout.warc_dir, layout.indexes_dir)
