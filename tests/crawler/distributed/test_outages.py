"""The shared services go away mid-run and come back: two real workers, a real PostgreSQL
cluster of the test's own (stopped and started again), a real redis-server.

Every wait is for a state (a line a worker printed, a run over on the frontier, a process
ended), never for a fixed time. What each test checks at the end: every article of the
demo site has exactly one item line over all the workers' logs, the run's row counts them
all, and the workers end with the exit code the README gives.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from tests.crawler.distributed.crawl_setup import (
    ARTICLES,
    article_fetches,
    finished_runs,
    items_of,
    seed_file,
    start_held,
    start_workers,
)
from tests.workers import WorkerProc, frontier, leases_by_worker, run_over, wait_for

PAUSED = "pausing, waiting up to"
RESUMED = "reachable again after"


@pytest.fixture(scope="module")
def own_cluster():
    """A PostgreSQL cluster these tests may stop (not the session's, which others use)."""
    from tests.services import PostgresCluster

    with PostgresCluster() as cluster:
        yield cluster


def _article_lines(archive) -> Counter:
    return Counter(i["url"].split("news.demo.test", 1)[1] for i in items_of(archive))


def _stories(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM newsarchiver_items.stories")).scalar()
    finally:
        engine.dispose()


def _all_once(archive, site_server) -> None:
    """Every article fetched has exactly one item line, and the run's row counts them."""
    lines = _article_lines(archive)
    assert set(lines) == set(article_fetches(site_server)) and len(lines) == ARTICLES
    assert [u for u, n in lines.items() if n > 1] == []
    (run,) = wait_for("the run's row", lambda: finished_runs(archive), timeout=60)
    assert run.items == ARTICLES, run


def test_a_brief_database_outage_pauses_the_workers_and_the_run_loses_nothing(
    tmp_path, redis_server, site_server, own_cluster
):
    database = own_cluster.create_database()
    archive = tmp_path / "archive"
    workers = start_workers(redis_server.url, archive, "--database", database)
    try:
        start_held(site_server, seed_file(tmp_path), redis_server.url)
        wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=300)
        own_cluster.stop()
        # A worker meets the outage at its next store call and waits for the database (a
        # worker with no store call to make while it lasts has nothing to pause).
        wait_for("a worker to pause", lambda: any(PAUSED in w.output() for w in workers), 120)
        paused = [w for w in workers if PAUSED in w.output()]
        assert len(items_of(archive)) < ARTICLES
    finally:
        if own_cluster.proc is None:
            own_cluster.start()  # same port, same data
    front = frontier(redis_server.url)
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    codes = [w.stop() for w in workers]
    outputs = [w.output() for w in workers]
    assert codes == [0, 0], outputs
    for w, out in zip(workers, outputs, strict=True):
        assert "Traceback" not in out, out[-3000:]
        assert w not in paused or RESUMED in out, out[-3000:]  # every paused worker resumed
    _all_once(archive, site_server)
    (run,) = finished_runs(archive)
    assert run.outcome == "ok" and run.errors == 0, run
    assert _stories(database) == ARTICLES


def test_a_long_database_outage_ends_the_workers_with_store_lost_and_a_restart_loses_nothing(
    tmp_path, redis_server, site_server, own_cluster
):
    database = own_cluster.create_database()
    archive = tmp_path / "archive"
    limit = "NEWSARCHIVER_STORE_OUTAGE_LIMIT=1"
    workers = start_workers(redis_server.url, archive, "--database", database, limit)
    try:
        start_held(site_server, seed_file(tmp_path), redis_server.url)
        wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=300)
        own_cluster.stop()
        codes = [w.proc.wait(120) for w in workers]
        outputs = [w.output() for w in workers]
        for w in workers:
            w.stop()
    finally:
        if own_cluster.proc is None:
            own_cluster.start()
    assert codes == [7, 7], outputs
    for out in outputs:
        assert "the shared database is unreachable" in out and "Traceback" not in out, out
    assert 0 < len(items_of(archive)) < ARTICLES

    front = frontier(redis_server.url)
    assert front.active("demo")  # what was not done went back to the frontier
    workers = start_workers(redis_server.url, archive, "--database", database)
    wait_for("the resumed run to finish", lambda: run_over(front, "demo"), timeout=300)
    assert [w.stop() for w in workers] == [0, 0]
    _all_once(archive, site_server)


def test_a_killed_worker_started_again_at_once_takes_over_its_id_and_nothing_is_lost(
    tmp_path, redis_server, site_server
):
    archive = tmp_path / "archive"
    # A heartbeat key that outlives any start-up of the new process, however slow: the id
    # is free only because its process is gone (until now: exit 3 for the next 60 s).
    workers = start_workers(redis_server.url, archive, "NEWSARCHIVER_WORKER_TTL=60")
    start_held(site_server, seed_file(tmp_path), redis_server.url)
    wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=300)
    # Every leased request waits at the site's door: no worker is between a fetch and its
    # ack when w2 is killed, so what follows does not depend on timing.
    counter, host, front = site_server.counter, site_server.site.host, frontier(redis_server.url)
    counter.hold()

    def parked() -> bool:
        leased = sum(leases_by_worker(front, "demo").values())
        return leased > 0 and leased == counter.waiting(host)

    wait_for("every leased request to wait at the site", parked)
    workers[1].kill()
    again = WorkerProc(redis_server.url, archive, "w2")
    wait_for("w2 to take over", lambda: "taking over its id" in again.output(), timeout=120)
    counter.release()
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    assert [workers[0].stop(), again.stop()] == [0, 0], again.output()[-2000:]
    _all_once(archive, site_server)
