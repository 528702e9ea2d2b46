"""APScheduler set-up: one persistent job per seed file, each due run one supervised crawl.

* **APScheduler 3.x** ``BackgroundScheduler`` with a SQLAlchemy job store in
  ``<archive>/state/scheduler.sqlite3``: the next run time of each site survives a restart,
  and a run missed while the runner was down is made up once (``coalesce=True``) if it is
  less than ``misfire_grace_time`` late.
* **No overlap per site**: ``max_instances=1`` per job (a due run while the previous one still
  runs is recorded as ``skipped``); the crawl's own per-site lock also guards against a crawl
  started by hand (exit code 3, recorded as ``locked``).
* **Seed folder re-scanned** every ``rescan_seconds``: new seed files get a job, changed ones
  (schedule, timezone, file) are rescheduled, removed ones lose their job.
* **The executor runs the crawl**: :class:`CrawlExecutor` (APScheduler's documented extension
  point for executors, ``_do_submit_job``) hands each due job to this runner's
  :class:`~crawler.cron.supervise.Supervisor`, so the stored job needs no module global to find
  the runner, and a job that comes due while the runner shuts down is dropped quietly instead
  of being submitted to a closed pool.
* One runner per archive: ``<archive>/state/scheduler.lock`` (``flock``).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.executors.base import run_job
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from archive.layout import ArchiveLayout
from archive.stores.locks import Locked, PidLock
from archive.stores.run_log import RunLog
from crawler.cron.seeds import make_trigger, scan_seeds
from crawler.cron.supervise import Supervisor

logger = logging.getLogger("newsarchiver.schedule")

JOB_PREFIX = "crawl:"
JOBSTORE = "default"
DEFAULT_RESCAN_SECONDS = 30.0
DEFAULT_MISFIRE_GRACE = 300
DEFAULT_STOP_TIMEOUT = 60.0
DEFAULT_MAX_PARALLEL = 4
DEFAULT_TIMEOUT_GRACE = 60.0


class CronError(RuntimeError):
    """The cron runner cannot start. ``str(err)`` is the one line shown to the user."""

    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked


def crawl_job(site: str, seed_path: str) -> None:
    """What the job store records for a site; :class:`CrawlExecutor` runs the crawl instead."""
    raise RuntimeError(f"{site}: crawl jobs run through CrawlExecutor only")


@dataclass(frozen=True)
class _Due:
    """The parts of a due job ``run_job`` reads, with the supervisor's ``run_site`` as func."""

    id: str
    misfire_grace_time: int | None
    func: Callable[..., None]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class CrawlExecutor(ThreadPoolExecutor):
    """A thread pool that runs each due job as ``run_site(site, seed_path)``."""

    def __init__(self, run_site: Callable[[str, str], None], max_workers: int) -> None:
        super().__init__(max_workers)
        self._run_site = run_site
        self._closed = False

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        # Called under the executor's lock by submit_job; shutdown() takes it too.
        if self._closed:
            logger.debug("%s: due while shutting down; not started", job.id)
            return
        due = _Due(job.id, job.misfire_grace_time, self._run_site, tuple(job.args), {})
        future = self._pool.submit(run_job, due, JOBSTORE, run_times, self._logger.name)
        future.add_done_callback(partial(self._done, job.id))

    def _done(self, job_id: str, future: Any) -> None:
        exc = future.exception()
        if exc is not None:
            self._run_job_error(job_id, exc, exc.__traceback__)
        else:
            self._run_job_success(job_id, future.result())

    def shutdown(self, wait: bool = True) -> None:
        with self._lock or contextlib.nullcontext():
            self._closed = True
        super().shutdown(wait)


def _fmt(value: datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


class CrawlScheduler:
    """Schedules one crawl job per seed file; see the module docstring."""

    def __init__(
        self,
        seeds_dir: Path,
        archive_dir: Path,
        *,
        rescan_seconds: float = DEFAULT_RESCAN_SECONDS,
        every_seconds: float | None = None,
        misfire_grace_seconds: int = DEFAULT_MISFIRE_GRACE,
        max_parallel: int = DEFAULT_MAX_PARALLEL,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
        timeout_grace: float = DEFAULT_TIMEOUT_GRACE,
        python: str = sys.executable,
        redis_url: str | None = None,
    ) -> None:
        self.redis_url = redis_url  # each due run is queued on this frontier (crawler/distributed)
        self.seeds_dir = Path(seeds_dir).resolve()
        self.layout = ArchiveLayout(Path(archive_dir).resolve())
        self.archive_dir = self.layout.root
        self.rescan_seconds = rescan_seconds
        self.every_seconds = every_seconds
        self.misfire_grace_seconds = misfire_grace_seconds
        self.max_parallel = max_parallel
        self.stop_timeout = stop_timeout
        self.timeout_grace = timeout_grace
        self.python = python
        self._scheduler: Any = None
        self._run_log: RunLog | None = None
        self._lock: PidLock | None = None
        self._supervisor: Supervisor | None = None
        self._reported: dict[str, str] = {}  # seed problems already logged (path -> line)

    # --- lifecycle ---------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        lock = PidLock(self.layout.scheduler_lock)
        try:
            self._lock = lock.acquire()
        except Locked as exc:
            raise CronError(
                f"a scheduler is already running for {self.archive_dir} (pid {exc.holder}); "
                f"lock file {exc.path}",
                locked=True,
            ) from None
        except OSError as exc:
            raise CronError(
                f"cannot use archive folder {self.archive_dir}: {exc.strerror or exc}"
            ) from None

    def start(self) -> None:
        """Take the archive's cron lock, load the job store, sync seeds, start firing."""

        if not self.seeds_dir.is_dir():
            raise CronError(f"{self.seeds_dir}: no such seeds folder")
        self._acquire_lock()
        try:
            self._run_log = RunLog.open(self.archive_dir)
            stale = self._run_log.mark_unfinished(
                self.archive_dir, "the scheduler stopped while this crawl ran"
            )
            if stale:
                logger.warning("%d run(s) left unfinished by an earlier scheduler", stale)
            self.layout.runs_dir.mkdir(parents=True, exist_ok=True)
            self._supervisor = Supervisor(
                self.layout,
                self._run_log,
                python=self.python,
                timeout_grace=self.timeout_grace,
                stop_timeout=self.stop_timeout,
                redis_url=self.redis_url,
            )
            store = SQLAlchemyJobStore(url=f"sqlite:///{self.layout.scheduler_db}")
            executor = CrawlExecutor(self._supervisor.run_site, self.max_parallel)
            self._scheduler = BackgroundScheduler(
                jobstores={JOBSTORE: store},
                executors={"default": executor},
                job_defaults={
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": self.misfire_grace_seconds,
                },
                timezone=UTC,
            )
            self._scheduler.add_listener(
                self._on_event, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED | EVENT_JOB_ERROR
            )
            # Paused until the jobs match the seed folder: a job of a removed seed must not fire.
            self._scheduler.start(paused=True)
            self.sync()
            self._scheduler.resume()
        except Exception:
            self._teardown()
            raise

    def run_site(self, site: str, seed_path: str) -> None:
        """Run one crawl of ``site`` now, in the foreground (what a due job does)."""
        assert self._supervisor is not None, "start() first"
        self._supervisor.run_site(site, seed_path)

    def serve(self, stop: threading.Event) -> None:
        """Re-scan the seed folder every ``rescan_seconds`` until ``stop`` is set."""
        while not stop.wait(self.rescan_seconds):
            try:
                self.sync()
            except Exception as exc:  # a bad scan must not end the runner
                logger.error(
                    "re-scanning %s failed: %s: %s", self.seeds_dir, type(exc).__name__, exc
                )

    def stop(self) -> None:
        """Start no more crawls, interrupt running ones gracefully, wait, release the lock."""
        if self._scheduler is None:
            return
        if self._supervisor is not None:
            self._supervisor.stopping.set()
        try:
            self._scheduler.pause()
        except Exception:  # already shut down
            pass
        if self._supervisor is not None:
            self._supervisor.stop_all()
        self._scheduler.shutdown(wait=True)
        self._teardown()

    def _teardown(self) -> None:
        if self._run_log is not None:
            self._run_log.close()
            self._run_log = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- seeds -> jobs ---------------------------------------------------------------------

    def _report_problems(self, problems: list[str]) -> set[str]:
        """Log each seed problem once (until it changes); returns the invalid seed paths."""
        current: dict[str, str] = {}
        for line in problems:
            path = line.split(": ", 1)[0]
            current[path] = line
            if self._reported.get(path) != line:
                logger.error("%s", line)
        self._reported = current
        return {str(Path(p).resolve()) for p in current}

    def sync(self) -> dict[str, list[str]]:
        """Make the jobs match the seed folder; returns the sites added/changed/removed."""
        changes: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
        if not self.seeds_dir.is_dir():
            # An unmounted or renamed folder must not unschedule every site.
            logger.error("%s: seeds folder missing; keeping the current schedule", self.seeds_dir)
            return changes
        specs, problems = scan_seeds(self.seeds_dir)
        invalid_paths = self._report_problems(problems)
        jobs = {
            j.id[len(JOB_PREFIX) :]: j
            for j in self._scheduler.get_jobs()
            if j.id.startswith(JOB_PREFIX)
        }
        for site, spec in specs.items():
            name = spec.fingerprint(self.every_seconds)
            job = jobs.get(site)
            if job is not None and job.name == name:
                continue
            self._scheduler.add_job(
                crawl_job,
                trigger=make_trigger(spec, self.every_seconds),
                args=[site, spec.seed_path],
                id=JOB_PREFIX + site,
                name=name,
                replace_existing=True,
            )
            changes["changed" if job is not None else "added"].append(site)
        for site, job in jobs.items():
            seed_path = job.args[1] if len(job.args) > 1 else ""
            if site in specs or seed_path in invalid_paths:
                continue  # a broken seed keeps its last schedule; its crawls report the error
            self._scheduler.remove_job(job.id)
            changes["removed"].append(site)
        for kind, sites in changes.items():
            for site in sites:
                job = self._scheduler.get_job(JOB_PREFIX + site)
                nxt = getattr(job, "next_run_time", None) if job else None
                logger.info(
                    "%s: schedule %s%s", site, kind, f", next run {_fmt(nxt)}" if nxt else ""
                )
        return changes

    def jobs(self) -> dict[str, datetime | None]:
        """Site -> next run time of every scheduled site."""
        return {
            j.id[len(JOB_PREFIX) :]: j.next_run_time
            for j in self._scheduler.get_jobs()
            if j.id.startswith(JOB_PREFIX)
        }

    def _on_event(self, event: JobExecutionEvent) -> None:
        site = event.job_id[len(JOB_PREFIX) :] if event.job_id.startswith(JOB_PREFIX) else ""
        if event.code == EVENT_JOB_MAX_INSTANCES:
            logger.warning("%s: previous crawl still running; this run is skipped", site)
            if self._run_log is not None:
                self._run_log.record_skipped(site, None, "previous crawl still running")
        elif event.code == EVENT_JOB_ERROR:
            logger.error("%s: scheduler job failed: %s", site, event.exception)
        elif event.code != EVENT_JOB_EXECUTED:
            logger.warning("%s: run due at %s was missed", site, _fmt(event.scheduled_run_time))
