"""What the kill -9 and stop tests share: a demo crawl in a forked process, waiting for it
to reach a moment, killing it, and the checks that nothing is partial or lost after it.

The kill -9 soak, the pool kill and the profile stop tests each had their own copy of the
start, the wait, the kill and the final crawl's checks.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from warcio.checker import Checker

from archive.layout import ArchiveLayout
from tests import forkserver
from tests.conftest import BIN, ROOT, logged_items

ARTICLE_PATH = re.compile(r"^/[a-z]+/\d{4}/\d{2}/[^/]+\.html$")  # /politik/2025/12/slug.html
PATIENCE = 120.0  # seconds any one wait may take on a loaded machine


def start_demo_crawl(archive: Path, proxy: str, fetch: str = "") -> forkserver.Run:
    """A crawl of the demo seed without page requisites (half the fetches, the same article
    paths) plus the ``[fetch]`` lines ``fetch``: a fork of the pre-imported fork server,
    so a SIGKILL is a real one."""
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    seed = archive.parent / "demo.toml"
    seed.write_text(text + f"\n[fetch]\nrequisites = false\n{fetch}", encoding="utf-8")
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--proxy", proxy]
    return forkserver.server().spawn([*cmd, "--archive", str(archive), "--no-progress"])


def wait_until(condition: Callable[[], bool], what: str, proc: forkserver.Run | None = None):
    """Poll ``condition``; fails after ``PATIENCE`` seconds, or when ``proc`` ended first."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        assert proc is None or proc.poll() is None, proc.output()
        time.sleep(0.02)


def kill_9(proc: forkserver.Run) -> None:
    """SIGKILL unless it ended already; then reap it and close its captured output."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.output()


def articles_fetched(counter) -> set[str]:
    with counter._lock:
        return {p for p in counter.fetches if ARTICLE_PATH.match(p)}


def logged(archive: Path) -> list[str]:
    """Item URLs in log order, read as the product reads them (a torn last line is no item)."""
    return [item["url"] for item in logged_items(archive)]


def torn(archive: Path) -> set[Path]:
    """The item logs that end in a partial line (kill -9 can cut a write of more than a page
    short); the site's next crawl cuts it."""
    logs = ArchiveLayout(archive).item_logs()
    return {p for p in logs if p.stat().st_size and not p.read_bytes().endswith(b"\n")}


def check_stores(archive: Path) -> None:
    for db in sorted((archive / "state").glob("*.sqlite3")):
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", db
        finally:
            conn.close()


def check_warcs(archive: Path, checked: set[Path]) -> None:
    """``warcio check`` of the WARC files closed since the last call (its own code, in-process:
    a warcio process per kill cost more than reading the files)."""
    new = sorted(set((archive / "warc").glob("*.warc.gz")) - checked)
    if new:
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            failed = Checker(
                SimpleNamespace(inputs=list(map(str, new)), verbose=False)
            ).process_all()
        assert failed == 0, report.getvalue()
        checked.update(new)


def crawl_to_the_end(
    archive: Path, server, fetch: str = "", checked: set[Path] | None = None
) -> tuple[set[str], set[str]]:
    """The next, uninterrupted crawl; then nothing is partial (no ``.open`` WARC, the WARC
    files not in ``checked`` and the stores check, no torn item line left) and every article
    fetched so far is logged exactly once. Returns the article paths fetched and logged."""
    final = start_demo_crawl(archive, server.proxy_url, fetch).completed(timeout=600)
    assert final.returncode in (0, 1), final.stderr
    fetched = articles_fetched(server.counter)
    assert not list((archive / "warc").glob("*.open"))
    check_warcs(archive, set() if checked is None else checked)
    check_stores(archive)
    assert not torn(archive), f"a torn line was not cut: {sorted(torn(archive))}"
    paths = [urlsplit(u).path for u in logged(archive)]
    assert len(paths) == len(set(paths)), "an article was logged twice"
    assert fetched <= set(paths), "an article was fetched but its item is not in the log"
    return fetched, set(paths)
