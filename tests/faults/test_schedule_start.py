"""The scheduler's crawls start whatever folder it runs in.

``cd /srv && newsarchiver schedule --seeds seeds --archive archive``: a data folder named
like one of the project's packages must not shadow the code (children run through the
installed entry point, not ``python -m crawler.cli`` from the working folder), a crawl
that fails at start is a ``failed`` row with its error line, and the project's own package
folders are refused as archive folders.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from archive.stores.run_log import RunLog
from crawler.cron.jobs import CrawlScheduler
from tests.conftest import BIN, ROOT, newsarchiver
from tests.faults.conftest import SITE, write_seed
from tests.faults.server import FaultServer, article, section


def _finished_runs(archive: Path) -> list:
    if not (archive / "state" / "runs.sqlite3").exists():
        return []
    with RunLog.open(archive) as log:
        return [r for r in log.runs(None, include_skipped=False) if r.finished]


def test_schedule_in_a_folder_holding_an_archive_folder_runs_its_crawls(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Scheduled"))
    (tmp_path / "seeds").mkdir()
    write_seed(tmp_path / "seeds", [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"  # named like the project's archive package
    log = tmp_path / "schedule.log"
    cmd = [str(BIN / "newsarchiver"), "schedule", "--seeds", "seeds", "--archive", "archive"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*cmd, "--every-seconds", "1"], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 120  # bounds a hang only (crawls start slowly under load)
        while not _finished_runs(archive) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    runs = _finished_runs(archive)
    assert runs, log.read_text()
    assert (runs[0].outcome, runs[0].exit_code) == ("ok", 0), (runs[0], log.read_text())


FAILING_PYTHON = """#!/bin/sh
echo "Traceback (most recent call last):" >&2
echo '  File "x.py", line 1, in <module>' >&2
echo "ModuleNotFoundError: No module named 'crawler.cli'" >&2
exit 1
"""


def test_a_crawl_that_fails_at_start_is_a_failed_row_with_its_error_line(tmp_path: Path):
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    seed = write_seed(seeds, [f"http://{SITE}/sec/"])
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text(FAILING_PYTHON, encoding="utf-8")
    fake.chmod(0o755)
    sched = CrawlScheduler(seeds, archive, python=str(fake))
    sched.start()
    try:
        sched.run_site("faults", str(seed))
    finally:
        sched.stop()
    (run,) = _finished_runs(archive)
    assert (run.outcome, run.exit_code) == ("failed", 1), run
    assert run.message == "ModuleNotFoundError: No module named 'crawler.cli'", run


def test_the_projects_own_package_folders_are_not_archive_folders(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy="http://127.0.0.1:9")
    before = sorted(p.name for p in (ROOT / "archive").iterdir())
    for folder in ("archive", "crawler", str(ROOT / "demosite")):
        proc = newsarchiver("crawl", str(seed), "--archive", folder, "--no-progress", fresh=True)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
        assert "Python package" in lines[0] and "--archive" in lines[0], lines[0]
    proc = newsarchiver("status", "--archive", "archive", fresh=True)
    assert proc.returncode == 2 and "Python package" in proc.stderr, proc.stderr
    assert sorted(p.name for p in (ROOT / "archive").iterdir()) == before
