"""The archive's disk fills up under two workers of a shared run, and is freed again.

A worker whose crawl meets a full disk stops that crawl (its one line, as a one-machine
crawl's) and takes the site's run up again from the frontier; what it was fetching when the
disk filled must go back to the frontier, not count as done. After space is freed the run
ends with every article logged once and counted once.
"""

from __future__ import annotations

import subprocess

from tests.crawler.distributed.crawl_setup import (
    ARTICLES,
    every_article_once,
    items_of,
    seed_file,
    start_workers,
)
from tests.workers import enqueue, frontier, leases_by_worker, run_over, wait_for

STOPPED = "disk full while writing"


def test_a_full_disk_under_two_workers_loses_nothing_once_space_is_freed(
    tmp_path, redis_server, site_server, postgres_url, mount_tmpfs
):
    archive = mount_tmpfs(tmp_path / "archive", "64m")
    workers = start_workers(redis_server.url, archive, "--database", postgres_url)
    filler = archive / "filler"
    counter, front = site_server.counter, frontier(redis_server.url)
    try:
        # The disk fills while the run's first requests (its section pages) wait at the
        # site's door: each of them then meets the full disk, whatever the timing.
        counter.hold()
        queued = enqueue(seed_file(tmp_path), redis_server.url, site_server.proxy_url)
        assert queued.returncode == 0, queued.stderr
        wait_for("both workers to hold leases", lambda: (
            set(leases_by_worker(front, "demo")) == {"w1", "w2"}
        ))  # fmt: skip
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
        counter.release()
        wait_for("a worker to stop on the full disk", lambda: any(
            STOPPED in w.output() for w in workers
        ), timeout=120)  # fmt: skip
        assert len(items_of(archive)) < ARTICLES
    finally:
        filler.unlink(missing_ok=True)
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    codes = [w.stop() for w in workers]
    outputs = [w.output() for w in workers]
    assert codes == [0, 0], outputs
    assert all("Traceback" not in out for out in outputs), outputs
    every_article_once(archive, site_server)
