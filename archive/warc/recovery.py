"""Finishing WARC files a killed writer left behind as ``*.warc.gz.open``.

Why: a crawl killed with -9 (or a machine losing power) leaves its current WARC file under
its ``.open`` name, possibly ending in a half-written gzip member. Every record before that
is valid, so the file is cut after its last complete member, fsynced and given its final
name; an empty one is removed. A file still ``flock``-ed by a live writer (possibly another
process) is left alone, and a finished file of the same name is never clobbered.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from pathlib import Path
from typing import BinaryIO

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
_READ_CHUNK = 1 << 20


def complete_members_end(fh: BinaryIO) -> int:
    """Byte offset just after the last complete gzip member (0 if there is none)."""
    fh.seek(0)
    good = pos = 0
    dec = None
    buf = b""
    while True:
        if not buf:
            buf = fh.read(_READ_CHUNK)
            if not buf:
                return good
        if dec is None:
            dec = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            dec.decompress(buf, _READ_CHUNK)  # output discarded; bounded to keep memory flat
        except zlib.error:
            return good
        if dec.eof:
            pos += len(buf) - len(dec.unused_data)
            good = pos
            buf = dec.unused_data
            dec = None
        else:
            pos += len(buf) - len(dec.unconsumed_tail)
            buf = dec.unconsumed_tail


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _recover_one(path: Path) -> str | None:
    """Finish one ``.open`` file; its final name, or None when it was left or removed."""
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    try:
        fh = open(path, "r+b")  # noqa: SIM115 - closed in finally
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if not path.exists():  # renamed by its writer between glob and lock
            return None
        end = complete_members_end(fh)
        if end == 0:
            path.unlink()
            return None
        fh.truncate(end)
        fh.flush()
        os.fsync(fh.fileno())
        if final.exists():
            return None  # never clobber a finished file; leave the .open for a human
        os.rename(path, final)
        return final.name
    finally:
        fh.close()


def recover_open_files(directory: Path) -> list[str]:
    """Finish ``*.warc.gz.open`` files left by a killed writer; returns the recovered names.

    Files still locked by a live writer (possibly another process) are left alone.
    """
    directory = Path(directory)
    recovered = [
        name
        for path in sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}"))
        if (name := _recover_one(path)) is not None
    ]
    if recovered:
        fsync_dir(directory)
    return recovered
