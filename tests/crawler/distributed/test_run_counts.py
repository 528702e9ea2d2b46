"""A run on the frontier counts every item its workers logged, also those of a worker that
died after its last report (once 593 logged vs 600 in the item logs)."""

from __future__ import annotations

import redis

from archive.jsonl import JsonlWriter
from archive.layout import ArchiveLayout
from archive.stores.run_log import RunLog
from crawler.distributed.frontier import Frontier, Run
from crawler.distributed.run_record import run_lost, share_closed, share_started

LEASE_MS = 60_000


def _log_items(layout: ArchiveLayout, run: Run, worker: str, count: int) -> None:
    """``count`` items in the worker's log of the run (as its JSONL pipeline names it)."""
    writer = JsonlWriter(layout.items_file(run.site, f"{run.stamp}-{worker}"))
    for n in range(count):
        writer.write({"url": f"https://news.demo.test/{worker}/{n}.html", "site": run.site})
    writer.close()


def test_the_run_log_counts_the_items_a_killed_workers_share_logged_after_its_report(
    tmp_path, redis_server
) -> None:
    layout = ArchiveLayout(tmp_path)
    front = Frontier(redis.Redis.from_url(redis_server.url))
    queued = Run("demo", "name = 'demo'", "seeds/demo.toml", None, {})
    assert front.start_run(queued, LEASE_MS, 3)
    front.activate("demo")
    run = Run(**{**queued.__dict__, "started_ms": front.run_record("demo").started_ms})
    tokens = {w: front.register_worker(w, ttl=30) for w in ("w1", "w2")}
    holders = {w: f"{w}@{token}" for w, token in tokens.items()}
    for worker in ("w1", "w2"):
        share_started(front, layout, run, holders[worker])
    # w2 reported 3 items, logged 2 more, and was killed (its heartbeat key is gone).
    front.report_share("demo", holders["w2"], {"item_scraped_count": 3})
    _log_items(layout, run, "w2", 5)
    front.unregister_worker("w2", tokens["w2"])
    _log_items(layout, run, "w1", 4)
    assert front.finish_run("demo", LEASE_MS, 3)
    stats = {"item_scraped_count": 4, "response_received_count": 6, "finish_reason": "finished"}
    share_closed(front, layout, run, holders["w1"], stats, tmp_path / "w1.log")
    with RunLog.open(tmp_path) as runs:
        (row,) = runs.runs()
    assert row.items == 9, row
    assert "1 worker share(s) ended without closing" in (row.message or "")


def test_a_lost_frontiers_row_counts_the_items_of_the_worker_whose_crawl_closed_last(
    tmp_path, redis_server
) -> None:
    # Redis came back empty: each worker finishes the run's row once its own crawl closed;
    # one whose in-flight page was logged after another worker finished the row raises the
    # count (the row said 10 while the logs held 11)
    layout = ArchiveLayout(tmp_path)
    front = Frontier(redis.Redis.from_url(redis_server.url))
    queued = Run("demo", "name = 'demo'", "seeds/demo.toml", None, {})
    assert front.start_run(queued, LEASE_MS, 3)
    front.activate("demo")
    run = Run(**{**queued.__dict__, "started_ms": front.run_record("demo").started_ms})
    token = front.register_worker("w1", ttl=30)
    share_started(front, layout, run, f"w1@{token}")
    why = "Redis at redis://127.0.0.1:1/0 came back without this worker's frontier"
    _log_items(layout, run, "w1", 4)
    run_lost(layout, run, why)
    _log_items(layout, run, "w2", 1)  # w2's crawl closed after w1 finished the row
    run_lost(layout, run, why)
    with RunLog.open(tmp_path) as runs:
        (row,) = runs.runs()
    assert (row.outcome, row.items) == ("interrupted", 5), row
    assert why in (row.message or "")
