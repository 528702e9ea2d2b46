"""Runs on the frontier started by the scheduler and ended by the seed's timeout."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import orjson

from tests.conftest import ROOT, newsarchiver
from tests.crawler.distributed.crawl_setup import (
    ARTICLES,
    article_fetches,
    finished_runs,
    seed_file,
    start_workers,
)
from tests.workers import (
    enqueue,
    frontier,
    run_over,
    wait_for,
)


def test_schedule_queues_due_runs_on_the_frontier(tmp_path, redis_server):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "demo.toml").write_text((ROOT / "seeds" / "demo.toml").read_text())
    from tests.workers import cli

    proc = subprocess.Popen(
        cli("schedule", "--seeds", str(seeds), "--archive", str(tmp_path / "a"),
            "--redis", redis_server.url, "--every-seconds", "1"),
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    front = frontier(redis_server.url)
    try:
        wait_for("the scheduler to queue a run", lambda: front.active("demo"), timeout=120)
        assert front.remaining("demo", 60_000, 3)[0] >= 5  # the seed's start requests
        runs_dir = tmp_path / "a" / "state" / "runs"
        # The run is on the frontier before its child has written the summary; until the
        # child exits, due runs are skipped as overlapping, so wait for the summary first.
        wait_for("the queued run's summary", lambda: "queued" in _outcomes(runs_dir), timeout=120)
        wait_for("a due run refused by the frontier", lambda: _refused(tmp_path / "a"), timeout=120)
    finally:
        proc.terminate()
        proc.wait(60)
    # The queued run's row is the workers' to write: the scheduler wrote none for it, only
    # for the due runs after it: refused (`locked`) while it was still on the frontier,
    # skipped while a child was still running, or interrupted by the scheduler's stop.
    assert _outcomes(runs_dir).count("queued") == 1
    rows = finished_runs(tmp_path / "a")
    assert any(r.outcome == "locked" and "still on the frontier" in r.message for r in rows)
    allowed = {"locked", "skipped", "interrupted"}
    assert {r.outcome for r in rows} <= allowed, [(r.outcome, r.message) for r in rows]


def _outcomes(runs_dir: Path) -> list[str]:
    summaries = [orjson.loads(p.read_bytes()) for p in runs_dir.glob("*.json")]
    return [s.get("outcome") for s in summaries]


def _refused(archive: Path) -> bool:
    rows = finished_runs(archive)
    return any(r.outcome == "locked" and "still on the frontier" in r.message for r in rows)


def test_a_frontier_run_past_its_seeds_timeout_ends_with_outcome_timeout(
    tmp_path, redis_server, site_server
):
    archive = tmp_path / "archive"
    # One request at a time per worker: held at the door, it fills the worker's downloader,
    # so the engine never asks the scheduler for more; the timeout must fire all the same.
    full = ("CONCURRENT_REQUESTS=1", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    workers = start_workers(redis_server.url, archive, *full)
    seed = seed_file(tmp_path, timeout="2s")
    site_server.counter.hold()
    queued = enqueue(seed, redis_server.url, site_server.proxy_url)
    assert queued.returncode == 0, queued.stderr
    assert not (seed.parent / "state").exists()  # queueing archives nothing beside the seed
    front = frontier(redis_server.url)
    # Every fetch waits at the site's door until the timeout has stopped the run.
    wait_for("the timeout", lambda: front.r.hget("newsarchiver:site:demo:run", "timed_out"))
    site_server.counter.release()
    wait_for("the run to end", lambda: run_over(front, "demo"), timeout=120)
    wait_for("the run's row in the run log", lambda: finished_runs(archive), timeout=60)
    assert [w.stop() for w in workers] == [0, 0], [w.output()[-2000:] for w in workers]

    (run,) = finished_runs(archive)
    assert (run.outcome, run.exit_code) == ("timeout", 1)
    assert run.message.startswith("stopped by the seed's timeout after")
    assert len(article_fetches(site_server)) < ARTICLES
    assert front.stats("demo")["timeout_dropped"] > 0  # queued or leased when it stopped
    status = newsarchiver("status", "--archive", str(archive))
    assert re.search(r"demo\b.*\btimeout\b", status.stdout), status.stdout
    again = enqueue(seed, redis_server.url, site_server.proxy_url)
    assert again.returncode == 0, again.stderr  # the stopped run is over: a new one starts
