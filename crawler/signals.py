"""newsarchiver's own crawl signals, in one module every component imports.

Why one module: the components that write to the archive (WARC capture, incremental state,
item log, item store) report a failed write, and the disk-full extension
(:mod:`crawler.extensions.disk_full`) stops the crawl on it. Both sides import the signal
from here, so middlewares and pipelines do not import an extension (as Scrapy's own
components import ``scrapy.signals``, never each other).

``write_failed`` (``path``, ``error``, ``url`` optional) is sent by :func:`report_write_failure`;
:func:`is_disk_full` and :func:`describe` read its error the same way everywhere.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

#: errno values that mean "no room": the disk, the user's quota, or the file size limit.
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_SQLITE_FULL = 13

#: Signal sent by components that could not write: ``path``, ``error``, ``url`` (optional).
write_failed = object()


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 10:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def is_disk_full(exc: BaseException) -> bool:
    """True if ``exc`` (or what caused it) says the disk or quota is full."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in FULL_ERRNOS:
            return True
        if isinstance(e, sqlite3.Error) and getattr(e, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        if "database or disk is full" in str(e) or "No space left on device" in str(e):
            return True
    return False


def describe(exc: BaseException) -> str:
    """A short human description of a write failure."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.strerror:
            return e.strerror.lower() if e.errno in FULL_ERRNOS else e.strerror
        if isinstance(e, sqlite3.Error):
            return str(e)
    return str(exc) or type(exc).__name__


def report_write_failure(
    crawler: Crawler | None, path: str | Path, exc: BaseException, url: str | None = None
) -> None:
    """Tell the crawl that ``path`` could not be written; it stops (once) on the first."""
    if crawler is None:
        return
    crawler.signals.send_catch_log(write_failed, path=str(path), error=exc, url=url)
