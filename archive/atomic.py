"""Files written whole or not at all: a temp file beside the target, renamed at the end.

Why one helper: ``tempfile.mkstemp`` creates its file mode 0600 whatever the umask, so an
export renamed into place was unreadable to the group a researcher shares it with. The temp
file here gets the mode a plain ``open(path, "w")`` would give (0666 minus the umask).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process umask (Linux reports it in /proc; elsewhere it is set and restored)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temp_beside(out: Path) -> tuple[int, Path]:
    """An open temp file in ``out``'s folder, mode 0666 & ~umask: ``(fd, path)``.

    Rename it onto ``out`` with ``os.replace`` when complete; unlink it on failure.
    """
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
    except OSError:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
        raise
    return fd, Path(name)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a synced temp file in its folder (umask honoured), then rename:
    a reader sees the old file or the whole new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
