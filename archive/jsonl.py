"""Append-only JSONL files that never hold a partial line.

Each record is serialised first and handed to the kernel in one ``write`` of the full
line, so readers never see half a record while a crawl runs. A write that fails part-way
(full disk, quota) is cut back to the end of the previous line before the error is raised,
so later lines never follow half a record. If a process is killed in the middle of a write
anyway (kill -9), reopening the file cuts the torn tail back to the last newline: the
complete lines before it are kept.

Every reader of a JSONL log goes through :class:`JsonlReader`: Linux can cut a ``write`` of
more than one page short when a kill -9 arrives, and each crawl writes a file of its own, so
a killed crawl's log may keep a torn last line until its site's next crawl cuts it
(:func:`archive.resume.settle_logged_items`). A line is an item only once its newline is
written, even when the bytes before it parse: the torn line's item was never recorded as
logged, so the next crawl fetches and logs it again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

logger = logging.getLogger(__name__)


def repair_tail(path: Path) -> int:
    """Truncate ``path`` after its last newline; returns how many bytes were cut."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if size == 0:
        return 0
    with path.open("rb+") as fh:
        pos = size
        chunk = 65536
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            block = fh.read(pos - start)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                break
            pos = start
        else:
            keep = 0
        if keep < size:
            fh.truncate(keep)
        return size - keep


class JsonlWriter:
    """Appends one JSON object per line to ``path`` (created with its parent folders)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.repaired_bytes = repair_tail(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.lines = 0

    def write(self, record: dict[str, Any]) -> None:
        """Append one line; on ``OSError`` (e.g. ENOSPC) nothing of it stays in the file."""
        line = orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS) + b"\n"
        view = memoryview(line)
        start = os.fstat(self._fd).st_size
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError:
            try:
                os.ftruncate(self._fd, start)  # freeing blocks works on a full disk
            except OSError:
                pass  # the next open cuts the torn tail (repair_tail)
            raise
        self.lines += 1

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class JsonlReader:
    """The objects of the complete lines of one JSONL log, from byte ``start`` on.

    An unterminated last line is not read (``torn`` holds its length; one warning per
    read); a complete line that is not a JSON object is skipped and counted in ``bad``.
    ``end`` is the byte after the last complete line read: where to read on next time.
    """

    def __init__(self, path: Path | str, start: int = 0) -> None:
        self.path = Path(path)
        self.start = self.end = start
        self.torn = 0
        self.bad = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.path.open("rb") as fh:
            fh.seek(self.start)
            for line in fh:
                if not line.endswith(b"\n"):
                    self.torn = len(line)
                    logger.warning(
                        "%s ends in a partial line (%d bytes, a crawl writing it or killed "
                        "while it wrote): not read as an item",
                        self.path,
                        self.torn,
                    )
                    break
                self.end += len(line)
                if not line.strip():
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    record = None
                if isinstance(record, dict):
                    yield record
                else:
                    self.bad += 1


def read_jsonl(path: Path | str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file's complete lines (see :class:`JsonlReader`)."""
    return iter(JsonlReader(path))
