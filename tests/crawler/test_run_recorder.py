"""One run recorder (crawler.run_recorder) for a crawl in one process and a run on the shared
frontier: the same row, outcome and line for the same figures, whichever driver records."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from archive.layout import ArchiveLayout
from archive.stores.run_log import RunLog
from crawler.run_recorder import RunRecorder
from crawler.summary import CrawlSummary

console = logging.getLogger("newsarchiver.test")
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _summary(archive: Path, **stats: object) -> CrawlSummary:
    return CrawlSummary.from_stats(
        {"finish_reason": "finished", **stats},
        site="demo",
        archive_dir=archive,
        log_file=archive / "logs" / "x.log",
        warc_files=1,
        seconds=2.0,
    )


def test_the_local_and_the_shared_driver_record_the_same_figures_alike(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    failed = {"response_received_count": 9, "item_scraped_count": 4, "newsarchiver/errors": 3}
    rows = {}
    for driver, pid in (("local", os.getpid()), ("shared", None)):
        recorder = RunRecorder(layout, "demo", "seeds/demo.toml", console=console)
        run_id = recorder.open(pid=pid, started=T0)
        outcome, message = recorder.finish(_summary(tmp_path, **failed), explain="3 errors")
        assert recorder.write_summary(tmp_path / f"{driver}.json", {"outcome": outcome})
        rows[driver] = run_id, outcome, message
    with RunLog.open(tmp_path) as runs:
        got = {r.id: (r.outcome, r.pages, r.items, r.errors, r.message, r.pid) for r in runs.runs()}
    local, shared = rows["local"], rows["shared"]
    assert local[1:] == shared[1:] == ("partial", "3 errors")
    assert got[local[0]] == ("partial", 9, 4, 3, "3 errors", os.getpid())
    assert got[shared[0]] == ("partial", 9, 4, 3, "3 errors", None)
    assert (tmp_path / "shared.json").read_text().startswith('{\n "run_id": ')


def test_a_local_run_marks_killed_crawls_and_leaves_frontier_runs(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    with RunLog.open(tmp_path) as runs:
        killed = runs.start("demo", "seeds/demo.toml", pid=2**22 + 7)  # no such process
        frontier = runs.start("demo", "seeds/demo.toml")
    RunRecorder(layout, "demo", "seeds/demo.toml", console=console).open(pid=os.getpid())
    with RunLog.open(tmp_path) as runs:
        outcomes = {r.id: r.outcome for r in runs.runs()}
    assert outcomes[killed] == "killed" and outcomes[frontier] == "running"


def test_a_row_that_could_not_be_opened_is_written_at_the_end_of_a_shared_run(
    tmp_path: Path,
) -> None:
    layout = ArchiveLayout(tmp_path)
    blocker = layout.run_log_db
    blocker.mkdir(parents=True)  # a folder where the run log should be: cannot open
    recorder = RunRecorder(layout, "demo", None, console=console)
    assert recorder.open(started=T0) is None and "is not a file" in str(recorder.problem)
    blocker.rmdir()
    recorder.problem = None
    outcome, _ = recorder.finish(
        _summary(tmp_path, section_pages=1, item_scraped_count=1), open_if_missing=T0
    )
    with RunLog.open(tmp_path) as runs:
        (row,) = runs.runs()
    started = T0.isoformat(timespec="milliseconds")
    assert (outcome, row.outcome, row.id, row.started) == ("ok", "ok", recorder.run_id, started)
    assert recorder.problem is None
