"""The shared driver of :class:`crawler.run_recorder.RunRecorder`: a run on the frontier.

Why here: a run on the frontier is crawled by several workers, each in a share of its own,
so no worker's crawl is the run (``crawler.run.CrawlRun``, one process per crawl, is off in
workers). The first worker to take a share opens the run's row in the run log (outcome
``running``); every worker brings the CDXJ index up to date once its share has closed its
WARC files; each share adds its figures to the run's totals in Redis, and the worker whose
share closes last, once nothing is queued or leased, finishes the row with the outcome a
one-machine crawl with those figures would get (``ok``, ``partial``, ``failed``, or
``timeout`` when the seed's ``[schedule] timeout`` stopped it). ``status`` and ``report``
then read the run like any other, and replay finds every worker's captures in the index.
The run log and the index are files of the archive folder, so workers on several machines
share one archive folder for them (as they do for replay and WACZ). Opening and finishing
the row, the outcome and its line, the index and the summary JSON are the recorder's, as
for a crawl in one process (``crawler.run.CrawlRun``, the local driver).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from archive.jsonl import read_jsonl
from archive.layout import ArchiveLayout, file_stamp
from archive.stores import StoreError
from crawler.distributed.frontier import Frontier, Run
from crawler.run_recorder import RunRecorder
from crawler.summary import TIMEOUT_REASON, CrawlSummary

console = logging.getLogger("newsarchiver.worker")

#: Crawl stats a share adds to the run's totals (what ``CrawlSummary`` reads).
SUMMED_STATS = (
    "response_received_count",
    "item_scraped_count",
    "newsarchiver/errors",
    "newsarchiver/skipped",
    "newsarchiver/warc_bytes",
    "newsarchiver/not_modified",
    "newsarchiver/section_pages",
    "newsarchiver/skipped_unchanged",
)
#: Internal errors (``spider_exceptions/*``) of all shares, in one total.
INTERNAL = "spider_exceptions/all"
#: Shares whose worker died (kill -9): their figures are the ones they last reported.
LOST_SHARES = "newsarchiver/lost_shares"


def _recorder(layout: ArchiveLayout, run: Run) -> RunRecorder:
    return RunRecorder(layout, run.site, run.seed_path, console=console)


def share_started(frontier: Frontier, layout: ArchiveLayout, run: Run, holder: str) -> None:
    """A worker takes a share of ``run``: the first one opens the run's row (no pid: no
    one process is the run)."""
    if not frontier.join(run.site, holder):
        return
    recorder = _recorder(layout, run)
    row = recorder.open(started=_started(run))
    if row is None:
        console.warning("site %s: run not recorded in the run log: %s", run.site, recorder.problem)
        return
    frontier.set_log_row(run.site, row)


def _started(run: Run) -> datetime:
    """The row starts when the run was queued (the timeout counts from then, and the
    workers' item logs carry that stamp)."""
    return datetime.fromtimestamp(run.started_ms / 1000, UTC)


def share_totals(stats: dict[str, Any]) -> dict[str, int]:
    totals = {name: int(stats.get(name) or 0) for name in SUMMED_STATS}
    totals[INTERNAL] = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    return totals


def logged_items(run: Run, layout: ArchiveLayout) -> int:
    """The items in the run's item logs (every worker's file of it, complete lines): what
    the run archived, also what a killed worker logged after its last report to the
    frontier (0 for logs that cannot be read; the figures the workers added stand then)."""
    count = 0
    for path in layout.items_dir.glob(f"{run.site}-{run.stamp}*.jsonl"):
        try:
            count += sum(1 for _ in read_jsonl(path))
        except OSError as exc:
            console.warning("site %s: cannot count the items of %s: %s", run.site, path, exc)
    return count


def share_closed(
    frontier: Frontier,
    layout: ArchiveLayout,
    run: Run,
    holder: str,
    stats: dict[str, Any],
    log_file: Path,
) -> str | None:
    """A worker's share closed: index its WARC files, add its figures; the last share
    records the run's outcome. Returns that outcome, or None if the run goes on elsewhere."""
    recorder = _recorder(layout, run)
    recorder.update_index()
    if not frontier.leave(run.site, holder, share_totals(stats)):
        return None
    record = frontier.run_record(run.site)
    reason = TIMEOUT_REASON if record.timed_out else "finished"
    seconds = max(0.0, frontier.now() - record.started_ms / 1000)
    totals = dict(record.totals)
    # A share whose worker died added only what it last reported; its item log has all.
    logged = logged_items(run, layout)
    totals["item_scraped_count"] = max(totals.get("item_scraped_count", 0), logged)
    summary = CrawlSummary.from_stats(
        {**totals, "finish_reason": reason},
        site=run.site,
        archive_dir=layout.root,
        log_file=log_file,
        warc_files=len(layout.warc_files()),
        seconds=seconds,
    )
    recorder.run_id = record.log_row
    return _finish_row(recorder, run, summary, record.totals.get(LOST_SHARES, 0))


def _finish_row(recorder: RunRecorder, run: Run, summary: CrawlSummary, lost: int = 0) -> str:
    """The last share closed: the run's outcome, in the row (written now if the opening
    worker could not) and in the summary JSON."""

    explain = f"{summary.errors} errors over {summary.pages} pages (see the workers' logs)"
    note = None
    if lost:
        note = (f"{lost} worker share(s) ended without closing (killed, or cut off from "
                "Redis): their figures are the ones last reported, their items counted in "
                "the item logs")  # fmt: skip
    outcome, message = recorder.finish(
        summary, explain=explain, note=note, open_if_missing=_started(run)
    )
    if recorder.problem is not None:
        console.warning("site %s: run not recorded in the run log: %s", run.site, recorder.problem)
    data = {"state": "finished", "site": run.site, "seed": run.seed_path, "outcome": outcome,
            "message": message, "recorded_by": "frontier"}  # fmt: skip
    path = recorder.layout.run_summary(run.site, file_stamp(), "frontier")
    if not recorder.write_summary(path, data | summary.to_json()):
        console.warning("site %s: cannot write the run's summary %s", run.site, path)
    return outcome


def run_lost(layout: ArchiveLayout, run: Run, why: object) -> None:
    """Redis came back without the frontier: the run's queue and totals are gone, so no
    share will finish its row, which ``status`` would show ``running`` for ever. Each worker
    whose share of ``run`` closed on the lost frontier finishes it: ``interrupted``, with
    ``why`` and the items the run's logs hold (what was archived stays). The row is found
    without Redis: the site's row without a pid that started when the run was queued,
    still open or finished so by another worker, whose count a later worker's items (its
    crawl closed after) raise: every worker counts after its own items are written."""
    recorder = _recorder(layout, run)
    recorder.update_index(quiet=True)
    message = f"{why}; what was archived stays: queue the run again (crawl --redis)"
    started = _started(run)
    try:
        with recorder.run_log() as runs:
            for row in runs.runs(run.site):
                if row.pid or abs(row.started_at - started) >= timedelta(milliseconds=1):
                    continue
                open_row = row.outcome == "running" and row.finished is None
                if open_row or (row.outcome == "interrupted" and row.message == message):
                    items = max(logged_items(run, layout), row.items or 0)
                    runs.finish(row.id, exit_code=None, outcome="interrupted", items=items,
                                message=message)  # fmt: skip
    except StoreError as exc:
        console.warning("site %s: run not recorded in the run log: %s", run.site, exc)
