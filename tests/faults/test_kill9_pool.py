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
from pathlib import Path
from urllib.parse import urlsplit

from tests.faults.killed_crawls import (
    articles_fetched,
    check_stores,
    check_warcs,
    crawl_to_the_end,
    kill_9,
    logged,
    start_demo_crawl,
    wait_until,
)

WORKERS = 2
HELD = 20  # fetched articles whose items the pool still owes when the crawl is killed
POOL = f"extract_workers = {WORKERS}\n"


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


def test_kill_9_while_the_pool_holds_pages_loses_nothing_and_leaves_nothing_partial(
    tmp_path: Path,
):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=1000), port=0) as server:
        proc = start_demo_crawl(archive, server.proxy_url, POOL)
        log = archive / "logs"
        wait_until(
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
        before = {urlsplit(u).path for u in logged(archive)}
        wait_until(
            lambda: len(articles_fetched(server.counter) - before) >= HELD,
            f"{HELD} articles fetched but not extracted",
        )
        assert proc.poll() is None, proc.output()
        kill_9(proc)
        held = articles_fetched(server.counter) - {urlsplit(u).path for u in logged(archive)}
        assert len(held) >= HELD  # the pool (or the scraper queue before it) had them
        for pid in workers:
            os.kill(pid, signal.SIGCONT)
        wait_until(lambda: not any(map(_alive, workers)), "the workers of the killed crawl exit")

        check_stores(archive)
        check_warcs(archive, set())
        _, paths = crawl_to_the_end(archive, server, POOL)
    assert held <= paths
