"""One run's bookkeeping, written once: its run-log row, the CDXJ index, the JSON summary.

Why: a run is recorded the same way whoever crawls it, but the code was written twice, for
a crawl in one process (``crawler.run.CrawlRun``) and for a run on the shared frontier that
several workers crawl in shares (``crawler.distributed.run_record``), and the two had
drifted (which message explains a failed run, what happens when the row could not be
opened). :class:`RunRecorder` now does what both do: open the row, bring the CDXJ index up
to date once the WARC files are closed, turn the run's :class:`CrawlSummary` into its
outcome and one line, finish the row and write the summary JSON. The two *drivers* only
decide when: the local one (``CrawlRun``) opens the row as its process starts, with its pid
(rows of the site still ``running`` are crawls killed before they could finish them), and
finishes it when its engine stops; the shared one (``run_record``) opens it for the first
share of a run (no pid: no one process is the run) and finishes it when the last share
closes, from the figures all shares added up.

The run log is bookkeeping: when it cannot be written (a full disk) the crawl still runs;
the problem is kept in :attr:`RunRecorder.problem` for the driver to report.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.atomic import write_text_atomically
from archive.layout import ArchiveLayout
from archive.stores import StoreError
from archive.stores.protocols import RunLogAPI
from archive.stores.run_log import gone_message, outcome_for
from archive.stores.shared import StoreFactory
from crawler.summary import SHUTDOWN_REASON, CrawlSummary

logger = logging.getLogger(__name__)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` atomically (a reader never sees half a summary)."""
    write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=1))


class RunRecorder:
    """Records one run of ``site`` in the archive of ``layout``; see the module docstring."""

    def __init__(
        self, layout: ArchiveLayout, site: str, seed: str | None, *, console: logging.Logger
    ) -> None:
        self.layout = layout
        self.site = site
        self.seed = seed
        #: The driver's console (``newsarchiver.crawl`` or ``newsarchiver.worker``).
        self.console = console
        self.run_id: int | None = None
        #: Why the run log could not be written (reported by the driver), if it could not.
        self.problem: StoreError | None = None

    def run_log(self) -> RunLogAPI:
        """The archive's run log: a file of the archive folder, which ``status`` and
        ``report`` read, whichever backend holds the crawl state."""
        return StoreFactory(self.layout.root).run_log()

    def open(self, *, pid: int | None = None, started: datetime | None = None) -> int | None:
        """Open the run's row (``running``). With ``pid`` (a crawl in one process, holding
        the site's lock) rows of the site still running are crawls killed before they
        could finish them: they are marked so. Returns the row's id (None: not written)."""
        try:
            with self.run_log() as runs:
                if pid is not None:
                    for stale in runs.unfinished(self.site):
                        if stale.pid:  # not a run on the frontier (it holds no lock)
                            runs.mark_killed(stale.id, gone_message(stale))
                self.run_id = runs.start(self.site, self.seed, pid=pid, started=started)
        except StoreError as exc:
            self.problem = exc
        return self.run_id

    def update_index(self, *, quiet: bool = False) -> None:
        """Index the run's closed WARC files (``newsarchiver index`` redoes this when it
        fails; ``quiet``: only to the log file, when another line already says why)."""
        from archive.index.cdxj import update_archive_index

        try:
            update_archive_index(self.layout.root)
        except Exception as exc:  # the WARCs are safe
            (logger if quiet else self.console).warning("CDXJ index not updated: %s", exc)

    def finish(
        self,
        summary: CrawlSummary,
        *,
        explain: str | None = None,
        note: str | None = None,
        open_if_missing: datetime | None = None,
    ) -> tuple[str, str | None]:
        """Finish the row with the outcome ``summary`` stands for; returns the outcome word
        and the line explaining it: why the run stopped early, else ``explain`` when it
        failed; ``note`` is added to either. ``open_if_missing``: the row's start, to
        write it now if :meth:`open` could not (a shared run's row is the run's record)."""
        code = int(summary.exit_code)
        reason = summary.finish_reason
        outcome = outcome_for(code, interrupted=reason == SHUTDOWN_REASON, finish_reason=reason)
        message = summary.stop_message() or (explain if code else None)
        if note:
            message = f"{message}; {note}" if message else note
        if self.run_id is None and open_if_missing is not None:
            self.open(started=open_if_missing)
        if self.run_id is not None:
            try:
                with self.run_log() as runs:
                    runs.finish(
                        self.run_id, outcome=outcome, message=message, **summary.run_log_figures()
                    )
            except StoreError as exc:
                self.problem = exc
        return outcome, message

    def write_summary(self, path: Path, data: dict[str, Any]) -> bool:
        """The run's JSON summary (``<archive>/logs/``), with its row's id; False (and a
        line in the log file) when it cannot be written."""
        try:
            write_json(path, {"run_id": self.run_id} | data)
        except OSError as exc:
            logger.warning("cannot write %s: %s", path, exc)
            return False
        return True
