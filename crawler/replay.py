"""pywb, for replaying an archive folder: its config file and its ``wayback`` process.

pywb runs from its own virtualenv (``.venv-pywb/``, made by ``scripts/pywb-env.sh``) because it
pins an old redis client that conflicts with the crawler's dependencies; the ``wayback``
executable there is found through the environment variable ``NEWSARCHIVER_PYWB_BIN`` (a
``bin/`` folder; an environment variable, not a Scrapy setting: no crawl reads it) or next to
this repository. ``newsarchiver replay`` execs it; tests and tools use :class:`PywbServer`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from archive.index.cdxj import update_archive_index
from archive.layout import ArchiveLayout

ROOT = Path(__file__).resolve().parents[1]
COLLECTION = "archive"


def find_pywb() -> Path | None:
    """The ``bin/`` folder holding pywb's ``wayback``, or None when pywb is not installed."""
    candidates = [os.environ.get("NEWSARCHIVER_PYWB_BIN", ""), str(ROOT / ".venv-pywb" / "bin")]
    for directory in filter(None, candidates):
        if (Path(directory) / "wayback").is_file():
            return Path(directory)
    return None


def warc_timestamp(warc_date: str) -> str:
    """14-digit wayback timestamp of a WARC-Date (``2026-11-25T09:30:00.123Z`` -> ``2026...``)."""
    digits = "".join(ch for ch in warc_date if ch.isdigit())
    return digits[:14]


def write_pywb_config(
    replay_dir: Path, *, warc_dir: Path, index_path: Path, collection: str = COLLECTION
) -> Path:
    """Write a pywb ``config.yaml`` with one collection over the archive's WARCs and CDXJ.

    Frameless replay (no banner iframe) so ``/COLL/<ts>/<url>`` answers with the page itself.
    Paths are absolute, so the config works whatever pywb's working directory is.
    """
    replay_dir = Path(replay_dir)
    replay_dir.mkdir(parents=True, exist_ok=True)
    archive_paths = str(Path(warc_dir).resolve()) + os.sep
    # JSON strings are valid YAML scalars: no quoting surprises with odd paths.
    text = "\n".join(
        [
            "# Written by newsarchiver (crawler/replay.py); rewritten on every replay.",
            "collections:",
            f"  {collection}:",
            f"    index_paths: {json.dumps(str(Path(index_path).resolve()))}",
            f"    archive_paths: {json.dumps(archive_paths)}",
            "framed_replay: false",
            "enable_memento: true",
            "",
        ]
    )
    config = replay_dir / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def free_port(bind: str = "127.0.0.1") -> int:
    """A currently free TCP port on ``bind``."""
    with socket.socket() as sock:
        sock.bind((bind, 0))
        return int(sock.getsockname()[1])


class PywbServer:
    """Runs pywb's ``wayback`` over a replay folder (with ``config.yaml``) on loopback."""

    def __init__(
        self,
        replay_dir: Path,
        *,
        port: int = 0,
        bind: str = "127.0.0.1",
        pywb_bin: Path | None = None,
        collection: str = COLLECTION,
    ) -> None:
        self.replay_dir = Path(replay_dir).resolve()
        self.bind = bind
        self.port = port or free_port(bind)
        self.collection = collection
        self.pywb_bin = pywb_bin or find_pywb()
        if self.pywb_bin is None:
            raise FileNotFoundError("pywb is not installed: run scripts/pywb-env.sh")
        self.log_path = self.replay_dir / "pywb.log"
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.bind}:{self.port}/"

    def url(self, target: str, timestamp: str = "", mode: str = "id_") -> str:
        """Replay URL of ``target``; ``id_`` mode returns the archived payload unrewritten."""
        return f"{self.base_url}{self.collection}/{timestamp}{mode}/{target}"

    def start(self, timeout: float = 30.0) -> PywbServer:
        """Start pywb and wait until it answers (or raise with the tail of its log)."""
        log = open(self.log_path, "wb")  # noqa: SIM115 - handed to the child, closed below
        try:
            self.proc = subprocess.Popen(
                wayback_args(self.pywb_bin, self.replay_dir, self.bind, self.port),
                cwd=self.replay_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pywb exited with {self.proc.returncode}: {self._log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url, timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"pywb did not start in {timeout} s: {self._log_tail()}")
            time.sleep(0.2)

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def wait(self) -> int:
        assert self.proc is not None
        return self.proc.wait()

    def stop(self) -> None:
        """Stop the pywb process started by :meth:`start` (idempotent)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> PywbServer:
        return self.start() if self.proc is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def prepare_replay(archive: Path, replay_dir: Path | None = None) -> Path:
    """Update the archive's CDXJ index and write the pywb config; returns the replay folder."""

    layout = ArchiveLayout(Path(archive).resolve())
    update = update_archive_index(layout.root)
    replay_dir = Path(replay_dir) if replay_dir else layout.replay_dir
    write_pywb_config(replay_dir, warc_dir=layout.warc_dir, index_path=update.index)
    return replay_dir


def wayback_args(pywb_bin: Path, replay_dir: Path, bind: str, port: int) -> list[str]:
    """The ``wayback`` command line serving ``replay_dir`` on ``bind:port``."""
    return [str(pywb_bin / "wayback"), "-d", str(replay_dir), "-b", bind, "-p", str(port)]
