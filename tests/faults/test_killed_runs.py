"""A crawl killed with -9 does not stay ``running`` in the run log."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from archive.report.captures import read_run_log
from archive.stores.run_log import RunLog
from crawler.cron.status import collect_status
from tests.conftest import BIN, ROOT
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, Hit, article, section


def _status(archive: Path) -> dict:
    """What `newsarchiver status --json` prints for the one site."""
    (row,) = collect_status(archive, None)
    return row.to_dict()


def test_a_killed_crawl_is_shown_and_recorded_as_killed(faults: FaultServer, tmp_path: Path):
    release = threading.Event()

    def hang(hit: Hit):
        release.wait(30)
        return 200, [("Content-Type", "text/html; charset=utf-8")], article("Slow").encode()

    faults.page("/sec/", section([f"http://{SITE}/news/slow.html"]))
    faults.route("/news/slow.html", hang)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive)]
    proc = subprocess.Popen([*cmd, "--no-progress"], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not faults.hits_for("/news/slow.html") and proc.poll() is None:
        assert time.monotonic() < deadline, "the crawl never asked for the slow page"
        time.sleep(0.05)
    proc.kill()  # SIGKILL: no chance to finish its run-log row
    proc.wait()
    release.set()

    row = _status(archive)
    assert row["last_outcome"] == "killed" and row["failures"] == 1, row
    assert f"crawl process {proc.pid} is gone" in row["message"]
    (seen,) = read_run_log(archive)  # what the health report shows
    assert seen.outcome == "killed"

    # The next crawl of the site (it holds the lock) records the dead row as killed.
    assert crawl(seed, archive).proc.returncode == 0
    with RunLog.open(archive) as run_log:
        first, second = run_log.runs()
    assert (first.outcome, first.pid) == ("killed", proc.pid) and first.finished
    assert second.outcome == "ok"
    row = _status(archive)
    assert (row["last_outcome"], row["runs"], row["failures"]) == ("ok", 2, 1), row


def test_a_run_on_the_frontier_has_no_pid_and_stays_running(tmp_path: Path) -> None:
    """Many workers crawl it (crawler.distributed.run_record): no one process to check."""
    from archive.stores.run_log import as_seen

    with RunLog.open(tmp_path) as run_log:
        run_id = run_log.start("site", "seed.toml", pid=None)
        (run,) = run_log.unfinished()
    assert run.id == run_id and as_seen(run, tmp_path).outcome == "running"


def test_a_live_crawl_keeps_its_row_and_a_reused_pid_does_not(tmp_path: Path) -> None:
    """The scheduler's start closes the rows of crawls that are gone, not of one running."""
    from archive.stores.locks import SiteLock, lock_held
    from archive.stores.run_log import as_seen

    me = os.getpid()  # alive, like a running crawl, or a killed crawl's reused pid
    live, stale = SiteLock(tmp_path, "live"), SiteLock(tmp_path, "stale")
    stale.acquire().release()
    stale.path.write_text(f"{me}\n")  # what kill -9 leaves: the pid, but no flock
    with live, RunLog.open(tmp_path) as run_log:
        assert lock_held(live.path) is True and lock_held(stale.path) is False
        kept = run_log.start("live", "live.toml", pid=me)
        gone = run_log.start("stale", "stale.toml", pid=me)
        assert [as_seen(r, tmp_path).outcome for r in run_log.unfinished()] == [
            "running",
            "killed",
        ]
        assert run_log.mark_unfinished(tmp_path, "the scheduler stopped") == 1
        by_id = {r.id: r for r in run_log.runs()}
    assert by_id[kept].outcome == "running" and by_id[kept].finished is None
    assert (by_id[gone].outcome, by_id[gone].message) == ("interrupted", "the scheduler stopped")
