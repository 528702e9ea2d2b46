"""A crawl killed with -9 while its extraction workers hold pages loses nothing.

The workers are stopped with SIGSTOP once both are ready, so every article fetched after
that waits in the pool (its WARC record written, its item not yet made); the crawl is killed
with -9 while it holds at least ``HELD`` such pages. Then: the workers exit by themselves
(their input ended), nothing is partial (closed WARC files pass ``warcio check``, SQLite
stores pass ``PRAGMA integrity_check``; an item line the kill cut short is cut by the next
crawl), and the next crawl logs every article ever fetched exactly once.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests import forkserver
from tests.conftest import BIN, ROOT
from tests.faults.test_kill9 import ARTICLE_PATH, _check_stores, _check_warcs, _logged, _torn

WORKERS = 2
HELD = 20  # fetched articles whose items the pool still owes when the crawl is killed
PATIENCE = 120.0  # seconds any one wait may take on a loaded machine


def _start(archive: Path, proxy: str) -> forkserver.Run:
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    seed = archive.parent / "demo.toml"
    fetch = f"\n[fetch]\nrequisites = false\nextract_workers = {WORKERS}\n"
    seed.write_text(text + fetch, encoding="utf-8")
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--proxy", proxy]
    return forkserver.server().spawn([*cmd, "--archive", str(archive), "--no-progress"])


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


def _articles_fetched(counter) -> set[str]:
    with counter._lock:
        return {p for p in counter.fetches if ARTICLE_PATH.match(p)}


def test_kill_9_while_the_pool_holds_pages_loses_nothing_and_leaves_nothing_partial(
    tmp_path: Path,
):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=1000), port=0) as server:
        proc = _start(archive, server.proxy_url)
        log = archive / "logs"
        _wait(
            lambda: (
                sum(p.read_text().count("extraction worker ready") for p in log.glob("*.log"))
                >= WORKERS
            ),
            "both extraction workers ready",
        )
        workers = _children(proc.pid)
        assert len(workers) == WORKERS, workers
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        logged = {urlsplit(u).path for u in _logged(archive)}
        _wait(
            lambda: len(_articles_fetched(server.counter) - logged) >= HELD,
            f"{HELD} articles fetched but not extracted",
        )
        assert proc.poll() is None, proc.output()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.output()
        held = _articles_fetched(server.counter) - {urlsplit(u).path for u in _logged(archive)}
        assert len(held) >= HELD  # the pool (or the scraper queue before it) had them
        for pid in workers:
            os.kill(pid, signal.SIGCONT)
        _wait(lambda: not any(map(_alive, workers)), "the workers of the killed crawl exit")

        _check_stores(archive)
        _check_warcs(archive, set())

        final = _start(archive, server.proxy_url).completed(timeout=600)
        assert final.returncode in (0, 1), final.stderr
        fetched = _articles_fetched(server.counter)
    assert not list((archive / "warc").glob("*.open"))
    _check_warcs(archive, set())
    _check_stores(archive)
    assert not _torn(archive)  # a line the kill cut short was cut by the next crawl
    paths = [urlsplit(u).path for u in _logged(archive)]
    assert len(paths) == len(set(paths)), "an article was logged twice"
    assert fetched <= set(paths), "an article was fetched but its item is not in the log"
    assert held <= set(paths)
