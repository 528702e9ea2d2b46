"""The shared services go away mid-run and come back: two real workers, a real PostgreSQL
cluster of the test's own and a real redis-server of each test's own (stopped and started
again; with an append-only file, as the README tells, or without persistence).

Every wait is for a state (a line a worker printed, a run over on the frontier, a process
ended), never for a fixed time. What each test checks at the end: every article of the
demo site has exactly one item line over all the workers' logs, the run's row counts them
all, and the workers end with the exit code the README gives.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT, newsarchiver
from tests.crawler.distributed.crawl_setup import (
    ARTICLES,
    every_article_once,
    finished_runs,
    items_of,
    seed_file,
    start_held,
    start_workers,
)
from tests.services import RedisServer
from tests.workers import WorkerProc, frontier, leases_by_worker, run_over, wait_for

PAUSED = "pausing, waiting up to"
RESUMED = "reachable again after"


@pytest.fixture(scope="module")
def own_cluster():
    """A PostgreSQL cluster these tests may stop (not the session's, which others use)."""
    from tests.services import PostgresCluster

    with PostgresCluster() as cluster:
        yield cluster


def _stories(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM newsarchiver_items.stories")).scalar()
    finally:
        engine.dispose()


def _park(site_server, redis_url: str) -> None:
    """Hold every request at the site's door until every leased one waits there: no worker
    is between a fetch and its ack, so what follows does not depend on timing."""
    counter, host, front = site_server.counter, site_server.site.host, frontier(redis_url)
    counter.hold()

    def parked() -> bool:
        leased = sum(leases_by_worker(front, "demo").values())
        return leased > 0 and leased == counter.waiting(host)

    wait_for("every leased request to wait at the site", parked)


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
    _resumed_and_nothing_lost(workers, paused, redis_server.url, archive, site_server)
    assert _stories(database) == ARTICLES


def test_a_long_database_outage_ends_the_workers_with_store_lost_and_a_restart_loses_nothing(
    tmp_path, redis_server, site_server, own_cluster
):
    database = own_cluster.create_database()
    said = "the shared database is unreachable"
    args = ("--database", database)
    _long_outage_then_restart(tmp_path, site_server, own_cluster, redis_server.url, 7, said, *args)


def test_a_killed_worker_started_again_at_once_takes_over_its_id_and_nothing_is_lost(
    tmp_path, redis_server, site_server
):
    archive = tmp_path / "archive"
    # A heartbeat key that outlives any start-up of the new process, however slow: the id
    # is free only because its process is gone (until now: exit 3 for the next 60 s).
    workers = start_workers(redis_server.url, archive, "NEWSARCHIVER_WORKER_TTL=60")
    start_held(site_server, seed_file(tmp_path), redis_server.url)
    wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=300)
    _park(site_server, redis_server.url)  # w2 is killed between no fetch and its ack
    workers[1].kill()
    again = WorkerProc(redis_server.url, archive, "w2")
    wait_for("w2 to take over", lambda: "taking over its id" in again.output(), timeout=120)
    site_server.counter.release()
    front = frontier(redis_server.url)
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    assert [workers[0].stop(), again.stop()] == [0, 0], again.output()[-2000:]
    every_article_once(archive, site_server)


def test_a_redis_restart_pauses_the_workers_and_the_run_loses_nothing(tmp_path, site_server):
    archive = tmp_path / "archive"
    with RedisServer(persist=True) as redis_server:
        workers = start_workers(redis_server.url, archive)
        start_held(site_server, seed_file(tmp_path), redis_server.url)
        wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=120)
        _park(site_server, redis_server.url)  # leases held by both workers over the restart
        redis_server.stop()
        # Each worker polls Redis every second: both meet the outage and wait for it.
        wait_for("both workers to pause", lambda: all(PAUSED in w.output() for w in workers), 60)
        redis_server.start()  # same port, same data (its append-only file)
        site_server.counter.release()
        _resumed_and_nothing_lost(workers, workers, redis_server.url, archive, site_server)


def test_a_long_redis_outage_ends_the_workers_with_redis_lost_and_a_restart_loses_nothing(
    tmp_path, site_server
):
    with RedisServer(persist=True) as redis_server:  # a restart keeps the frontier
        said = "Redis connection lost (Redis at"
        _long_outage_then_restart(tmp_path, site_server, redis_server, redis_server.url, 6, said)


def test_a_redis_restarted_empty_ends_the_workers_with_one_line_and_the_run_interrupted(
    tmp_path, site_server
):
    archive = tmp_path / "archive"
    with RedisServer(persist=False) as redis_server:
        workers = start_workers(redis_server.url, archive)
        start_held(site_server, seed_file(tmp_path), redis_server.url)
        wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=120)
        _park(site_server, redis_server.url)  # the run cannot end before the restart
        redis_server.stop()
        wait_for("both workers to pause", lambda: all(PAUSED in w.output() for w in workers), 60)
        redis_server.start()  # same port, nothing in it: the frontier is gone
        site_server.counter.release()  # the requests in flight end, their crawls close
        codes = [w.proc.wait(60) for w in workers]
        outputs = [w.output() for w in workers]
        for w in workers:
            w.stop()
    assert codes == [6, 6], outputs
    for out in outputs:
        said = [ln for ln in out.splitlines() if "without this worker's frontier" in ln]
        assert len(said) == 1 and said[0].startswith("ERROR:"), out[-3000:]
        assert "append-only file" in said[0] and "Traceback" not in out, out[-3000:]
    _no_traceback_in_the_logs(archive)
    # The run's row is finished, not left running for ever: interrupted, with the reason.
    status = newsarchiver("status", "--archive", str(archive), "--json")
    assert status.returncode == 0, status.stderr
    (row,) = [json.loads(line) for line in status.stdout.splitlines()]
    assert row["last_outcome"] == "interrupted", row
    assert "without this worker's frontier" in row["message"], row
    assert row["items"] == len(items_of(archive)), row


def _resumed_and_nothing_lost(workers, paused, redis_url, archive, site_server) -> None:
    """The service is back: the run finishes, the workers end with 0 and no traceback,
    every one of ``paused`` said it resumed, every article is logged once, the run is ok."""
    front = frontier(redis_url)
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    codes = [w.stop() for w in workers]
    outputs = [w.output() for w in workers]
    assert codes == [0, 0], outputs
    for w, out in zip(workers, outputs, strict=True):
        assert "Traceback" not in out, out[-3000:]
        assert w not in paused or RESUMED in out, out[-3000:]
    every_article_once(archive, site_server)
    (run,) = finished_runs(archive)
    assert run.outcome == "ok" and run.errors == 0, run


def _long_outage_then_restart(tmp_path, site_server, service, redis_url, code, said, *args):
    """Two workers (``args``) crawl until some items are logged; ``service`` (Redis or
    PostgreSQL) stops for longer than the limit: both workers end with ``code``, say
    ``said`` in one line and no traceback, and nothing written is lost (every WARC file
    closed and valid, every item line whole). The service comes back with its data: what
    was not done is still on the frontier, workers with the same ids (the old processes
    are gone: their ids are taken over) finish the run, and every article is logged once."""
    archive = tmp_path / "archive"
    workers = start_workers(redis_url, archive, *args, "NEWSARCHIVER_STORE_OUTAGE_LIMIT=1")
    try:
        start_held(site_server, seed_file(tmp_path), redis_url)
        wait_for("some items", lambda: len(items_of(archive)) >= 10, timeout=300)
        service.stop()
        codes = [w.proc.wait(120) for w in workers]
        outputs = [w.output() for w in workers]
        for w in workers:
            w.stop()
    finally:
        if service.proc is None:
            service.start()  # same port, same data
    assert codes == [code, code], outputs
    _no_traceback_in_the_logs(archive)
    for out in outputs:
        lost = [ln for ln in out.splitlines() if said in ln]
        assert len(lost) == 1 and "still unreachable after" in lost[0], out[-3000:]
        assert "Traceback" not in out, out[-3000:]
    assert not list((archive / "warc").glob("*.open"))
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    check = subprocess.run([str(ROOT / ".venv" / "bin" / "warcio"), "check", *map(str, warcs)],
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert 0 < len(items_of(archive)) < ARTICLES

    front = frontier(redis_url)
    assert front.active("demo")
    workers = start_workers(redis_url, archive, *args)
    wait_for("the resumed run to finish", lambda: run_over(front, "demo"), timeout=300)
    assert [w.stop() for w in workers] == [0, 0]
    every_article_once(archive, site_server)  # the run's row counts every item line once


def _no_traceback_in_the_logs(archive) -> None:
    """The workers' log files, not only their consoles, hold no traceback (a worker that
    stopped while one of its crawls was already closing once logged one there)."""
    for log in (archive / "logs").glob("worker-*.log"):
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in text, f"{log.name}: {text[text.find('Traceback') - 500 :]}"
