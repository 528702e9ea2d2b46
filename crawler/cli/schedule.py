"""``schedule`` and ``status``: thin click shells over the cron runner (``crawler.cron``).

Exit codes follow the README: 0 after a clean shutdown (SIGTERM / SIGINT), 2 for a
configuration problem (no seeds folder, damaged state files), 3 when another scheduler
already runs for the same archive.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

import click

from archive.stores import StoreError
from crawler.cli.common import archive_option, fail, seeds_option
from crawler.crawl_log import RedactingFormatter
from crawler.cron.jobs import (
    DEFAULT_MAX_PARALLEL,
    DEFAULT_MISFIRE_GRACE,
    DEFAULT_RESCAN_SECONDS,
    DEFAULT_STOP_TIMEOUT,
    DEFAULT_TIMEOUT_GRACE,
    CrawlScheduler,
    CronError,
)
from crawler.cron.seeds import scan_seeds
from crawler.cron.status import collect_status, format_status
from crawler.distributed.frontier import FrontierError, connect
from crawler.exit_codes import ExitCode


def _setup_logging(verbose: bool) -> None:
    """One timestamped line per scheduler event on stderr (APScheduler's own: warnings)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s: %(message)s", "%Y-%m-%dT%H:%M:%S%z")
    )
    ours = logging.getLogger("newsarchiver.schedule")
    ours.setLevel(logging.DEBUG if verbose else logging.INFO)
    ours.addHandler(handler)
    ours.propagate = False
    aps = logging.getLogger("apscheduler")
    # Its warnings (skipped / missed runs) are reported by the scheduler in our own words.
    aps.setLevel(logging.INFO if verbose else logging.ERROR)
    aps.addHandler(handler)
    aps.propagate = False


@click.command()
@seeds_option("Folder of seed files (*.toml); re-scanned while running.")
@archive_option("Archive folder the crawls write to.")
@click.option(
    "--rescan-seconds",
    type=click.FloatRange(min=0.2),
    default=DEFAULT_RESCAN_SECONDS,
    show_default=True,
    help="How often the seeds folder is re-scanned for added, changed or removed seeds.",
)
@click.option(
    "--max-parallel",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_PARALLEL,
    show_default=True,
    help="Crawls of different sites that may run at the same time.",
)
@click.option(
    "--misfire-grace",
    type=click.IntRange(min=1),
    default=DEFAULT_MISFIRE_GRACE,
    show_default=True,
    help="Seconds a missed run may be late and still run (once) after a restart.",
)
@click.option(
    "--stop-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_STOP_TIMEOUT,
    show_default=True,
    help="Seconds running crawls get to finish after SIGTERM/SIGINT before being forced.",
)
@click.option(
    "--timeout-grace",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT_GRACE,
    show_default=True,
    help="Seconds a crawl may run past its seed's [schedule] timeout before it is killed.",
)
@click.option(
    "--every-seconds",
    type=click.FloatRange(min=0.5),
    default=None,
    hidden=True,
    help="Testing: run every site every N seconds instead of its cron schedule.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also log APScheduler's own messages.")
@click.option("--redis", "redis_url", help="Queue each due run on this shared frontier (workers).")
def schedule(
    seeds_dir: Path,
    archive: Path,
    rescan_seconds: float,
    max_parallel: int,
    misfire_grace: int,
    stop_timeout: float,
    timeout_grace: float,
    every_seconds: float | None,
    verbose: bool,
    redis_url: str | None,
) -> None:
    """Crawl every seed in --seeds on its cron schedule until SIGTERM or Ctrl-C."""

    _setup_logging(verbose)
    if redis_url:  # unreachable now: one line, not a failed run every half hour
        try:
            connect(redis_url).close()
        except FrontierError as exc:
            fail(str(exc))
    sched = CrawlScheduler(
        seeds_dir,
        archive,
        rescan_seconds=rescan_seconds,
        every_seconds=every_seconds,
        misfire_grace_seconds=misfire_grace,
        max_parallel=max_parallel,
        stop_timeout=stop_timeout,
        timeout_grace=timeout_grace,
        redis_url=redis_url,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if not stop.is_set():
            logging.getLogger("newsarchiver.schedule").info(
                "%s received: shutting down", signal.Signals(signum).name
            )
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        sched.start()
    except CronError as exc:
        fail(str(exc), ExitCode.LOCKED if exc.locked else ExitCode.CONFIG)
    except StoreError as exc:
        fail(str(exc))
    log = logging.getLogger("newsarchiver.schedule")
    jobs = sched.jobs()
    log.info(
        "scheduler started: %d site(s) from %s into %s (pid %d)",
        len(jobs),
        sched.seeds_dir,
        sched.archive_dir,
        os.getpid(),
    )
    try:
        sched.serve(stop)
    finally:
        sched.stop()
    log.info("scheduler stopped")


@click.command()
@archive_option("Archive folder.")
@seeds_option("Folder of seed files (for schedules of sites that never ran).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site instead.")
def status(archive: Path, seeds_dir: Path, as_json: bool) -> None:
    """Per site: last run, its outcome and counts, and the next scheduled run."""

    if not archive.is_dir():
        fail(f"{archive}: no such archive folder (give --archive DIR)")
    given = click.get_current_context().get_parameter_source("seeds_dir")
    if given is not click.core.ParameterSource.DEFAULT and not seeds_dir.is_dir():
        fail(f"{seeds_dir}: no such seeds folder")
    if seeds_dir.is_dir():
        for problem in scan_seeds(seeds_dir)[1]:  # a seed left out is never silent
            click.echo(f"warning: {problem}; its site is not shown", err=True)
    try:
        rows = collect_status(archive, seeds_dir)
    except StoreError as exc:
        fail(str(exc))
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
        return
    click.echo(format_status(archive, rows))


COMMANDS = [schedule, status]
