"""The archive's bookkeeping of a run on the frontier: its run-log row and the CDXJ index.

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
share one archive folder for them (as they do for replay and WACZ).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout
from crawler.distributed.frontier import Frontier, Run
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


def share_started(frontier: Frontier, layout: ArchiveLayout, run: Run, holder: str) -> None:
    """A worker takes a share of ``run``: the first one opens the run's row."""
    from archive.stores import StoreError
    from archive.stores.run_log import RunLog

    if not frontier.join(run.site, holder):
        return
    try:
        with RunLog.open(layout.root) as run_log:
            row = run_log.start(run.site, run.seed_path, started=_started(run))
    except StoreError as exc:
        console.warning("site %s: run not recorded in the run log: %s", run.site, exc)
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
    from archive.index.cdxj import update_archive_index

    try:
        update_archive_index(layout.root)
    except Exception as exc:  # the WARCs are safe; `newsarchiver index` redoes this
        console.warning("CDXJ index not updated: %s", exc)
    if not frontier.leave(run.site, holder, share_totals(stats)):
        return None
    record = frontier.run_record(run.site)
    reason = TIMEOUT_REASON if record.timed_out else "finished"
    seconds = max(0.0, frontier.now() - record.started_ms / 1000)
    summary = CrawlSummary.from_stats(
        {**record.totals, "finish_reason": reason},
        site=run.site,
        archive_dir=layout.root,
        log_file=log_file,
        warc_files=len(layout.warc_files()),
        seconds=seconds,
    )
    lost = record.totals.get(LOST_SHARES, 0)
    return _finish_row(layout, run, record.log_row, summary, lost)


def _finish_row(
    layout: ArchiveLayout, run: Run, row: int | None, summary: CrawlSummary, lost: int = 0
) -> str:
    from archive.stores import StoreError
    from archive.stores.run_log import RunLog, outcome_for
    from crawler.run import utc_stamp, write_json

    code = int(summary.exit_code)
    outcome = outcome_for(code, finish_reason=summary.finish_reason)
    message = summary.stop_message()
    if message is None and code:
        message = f"{summary.errors} errors over {summary.pages} pages (see the workers' logs)"
    if lost:
        note = (f"{lost} worker share(s) ended without closing (killed, or cut off from "
                "Redis): their figures are the ones last reported")  # fmt: skip
        message = f"{message}; {note}" if message else note
    try:
        with RunLog.open(layout.root) as run_log:
            if row is None:  # the opening worker could not write it
                row = run_log.start(run.site, run.seed_path, started=_started(run))
            run_log.finish(row, outcome=outcome, message=message, **summary.run_log_figures())
    except StoreError as exc:
        console.warning("site %s: run not recorded in the run log: %s", run.site, exc)
    data = {"state": "finished", "run_id": row, "site": run.site, "seed": run.seed_path,
            "outcome": outcome, "message": message, "recorded_by": "frontier"}  # fmt: skip
    try:
        write_json(layout.run_summary(run.site, utc_stamp(), "frontier"), data | summary.to_json())
    except OSError as exc:
        console.warning("site %s: cannot write the run's summary: %s", run.site, exc)
    return outcome
