"""Advisory lock files: one crawl per site, one scheduler per archive.

``flock`` locks vanish with the process that held them, so a crawl killed with -9 never
leaves a stale lock behind; the pid written into the file is only for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from archive.layout import ArchiveLayout


class Locked(RuntimeError):
    """Another process holds the lock; ``holder`` is the pid it wrote (or "unknown")."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"lock file {path} is held by pid {holder}")
        self.path = path
        self.holder = holder


class SiteLocked(Locked):
    """Another process is crawling this site."""


class PidLock:
    """A non-blocking exclusive ``flock`` on ``path`` that records the holder's pid."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd = -1

    def acquire(self) -> PidLock:
        """Take the lock or raise ``Locked`` at once; OSError if the folder is unusable."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise self._locked(holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def _locked(self, holder: str) -> Locked:
        return Locked(self.path, holder)

    def release(self) -> None:
        if self._fd >= 0:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> PidLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_held(path: Path) -> bool | None:
    """Whether some process holds a ``flock`` on ``path`` now, read from ``/proc/locks``
    without taking the lock (taking it, even briefly, could refuse a crawl starting at that
    moment). None where the kernel does not say (no ``/proc``): callers fall back to the
    pid written in the file, which a killed crawl leaves behind for a reused pid to match."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False  # no lock file: nobody holds it
    except OSError:
        return None
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # "1: FLOCK  ADVISORY  WRITE 5815 fe:00:6225934 0 EOF" (major:minor hex, inode decimal)
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        if "->" not in fields and len(fields) > 5 and fields[1] == "FLOCK":
            if fields[5] == wanted:
                return True
    return False


def held_here(path: Path) -> bool:
    """Whether this process holds the lock ``path`` now: it is held (``/proc/locks``) and
    the pid its holder wrote is ours. False where the kernel does not say."""
    if lock_held(path) is not True:
        return False
    try:
        return path.read_text(encoding="ascii", errors="replace").strip() == str(os.getpid())
    except OSError:
        return False


class SiteLock(PidLock):
    """The lock a crawl of one site holds in ``<archive>/state/<site>.lock``."""

    def __init__(self, archive_dir: Path, site: str) -> None:
        super().__init__(ArchiveLayout(archive_dir).site_lock(site))
        self.site = site

    def _locked(self, holder: str) -> SiteLocked:
        err = SiteLocked(self.path, holder)
        err.args = (
            f"another crawl of site '{self.site}' is running (pid {holder}); lock file {self.path}",
        )
        return err
