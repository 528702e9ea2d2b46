"""Item 7 (issue 12): a crawl killed with -9 does not stay ``running`` in the run log."""

from __future__ import annotations

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
