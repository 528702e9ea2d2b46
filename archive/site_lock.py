"""One crawl per site at a time: an advisory lock file per site in the archive.

``flock`` locks vanish with the process that held them, so a crawl killed with -9 never
leaves a stale lock behind; the pid written into the file is only for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class SiteLocked(RuntimeError):
    """Another process holds the lock of this site."""


class SiteLock:
    def __init__(self, archive_dir: Path, site: str) -> None:
        self.path = Path(archive_dir) / "state" / f"{site}.lock"
        self.site = site
        self._fd = -1

    def acquire(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise SiteLocked(
                f"another crawl of site '{self.site}' is running (pid {holder}); "
                f"lock file {self.path}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd >= 0:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> SiteLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
