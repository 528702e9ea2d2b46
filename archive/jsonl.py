"""Append-only JSONL files that never hold a partial line.

Each record is serialised first and handed to the kernel in one ``write`` of the full
line, so readers never see half a record while a crawl runs. A write that fails part-way
(full disk, quota) is cut back to the end of the previous line before the error is raised,
so later lines never follow half a record. If a process is killed in the middle of a write
anyway (kill -9), reopening the file cuts the torn tail back to the last newline: the
complete lines before it are kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson


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


def read_jsonl(path: Path | str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file, skipping a torn last line if one is present."""
    with Path(path).open("rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                yield orjson.loads(line)
