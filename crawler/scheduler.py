"""Run every seed's crawl on its cron schedule, one child process per crawl.

``newsarchiver schedule`` builds a :class:`CrawlScheduler` over a folder of seed files and
an archive folder. Design choices, and why:

* **APScheduler 3.x** ``BackgroundScheduler`` with a SQLAlchemy job store in
  ``<archive>/state/scheduler.sqlite3``: the next run time of each site survives a restart,
  and a run missed while the scheduler was down is made up once (``coalesce=True``) if it is
  less than ``misfire_grace_time`` late.
* **One subprocess per crawl** (``python -m crawler.cli crawl SEED --archive DIR
  --no-progress``): Twisted's reactor cannot be restarted in a process, and a crawl that
  crashes cannot take the scheduler down. Exit code, duration, pages and items (parsed from
  the crawl's summary) go into the run log (``archive.stores.run_log``), and the crawl's full
  stdout/stderr into ``<archive>/state/runs/<site>-<start>.json``.
* **No overlap per site**: ``max_instances=1`` per job (a due run while the previous one
  still runs is recorded as ``skipped``); the crawl's own per-site lock also guards against
  a crawl started by hand (exit code 3, recorded as ``locked``).
* **Seed folder re-scanned** every ``rescan_seconds``: new seed files get a job, changed
  ones (schedule, timezone, file) are rescheduled, removed ones lose their job. A seed file
  that stops validating keeps its last job, so its crawls record the config error.
* **Clean shutdown**: ``stop()`` stops starting crawls, sends each running crawl SIGINT
  (Scrapy then closes the spider gracefully, which closes the WARC files), escalates to a
  second SIGINT and finally SIGKILL only after ``stop_timeout``. Crawls run in their own
  session so a Ctrl-C on the terminal reaches only the scheduler, which forwards exactly one
  SIGINT (a second one would force Scrapy to stop uncleanly).
* **Per-crawl timeout**: a seed's ``[schedule] timeout`` reaches the crawl as Scrapy's
  ``CLOSESPIDER_TIMEOUT`` (a graceful stop, exit code 1); if the crawl is still running
  ``timeout_grace`` seconds after that, the scheduler kills its process group (SIGKILL; the
  next crawl recovers the ``.open`` WARC file). Both are recorded as outcome ``timeout``.
* One scheduler per archive: ``<archive>/state/scheduler.lock`` (``flock``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.stores.locks import Locked, PidLock
from archive.stores.run_log import RunLog, outcome_for
from archive.stores.url_state import state_dir
from crawler.seed import SeedError, load_seed

logger = logging.getLogger("newsarchiver.schedule")

JOBSTORE_FILENAME = "scheduler.sqlite3"
LOCK_FILENAME = "scheduler.lock"
JOB_PREFIX = "crawl:"
DEFAULT_RESCAN_SECONDS = 30.0
DEFAULT_MISFIRE_GRACE = 300
DEFAULT_STOP_TIMEOUT = 60.0
DEFAULT_MAX_PARALLEL = 4
DEFAULT_TIMEOUT_GRACE = 60.0

_PAGES_RE = re.compile(r"^pages\s+(\d+) fetched.*?(\d+) errors", re.M)
_ITEMS_RE = re.compile(r"^items\s+(\d+)", re.M)
_REASON_RE = re.compile(r"^time\s+\S+ s \(([^)]*)\)", re.M)


class SchedulerError(RuntimeError):
    """The scheduler cannot start. ``str(err)`` is the one line shown to the user."""


def jobstore_path(archive_dir: Path | str) -> Path:
    return state_dir(archive_dir) / JOBSTORE_FILENAME


#: Set in the environment of crawls the scheduler starts (their run is logged here).
SCHEDULED_RUN_ENV = "NEWSARCHIVER_SCHEDULED_RUN"


def lock_path(archive_dir: Path | str) -> Path:
    return state_dir(archive_dir) / LOCK_FILENAME


def runs_dir(archive_dir: Path | str) -> Path:
    return state_dir(archive_dir) / "runs"


# --- seeds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSpec:
    """What the scheduler needs from one seed file."""

    site: str
    seed_path: str  # absolute
    schedule: str  # 5-field cron, in ``timezone``
    timezone: str

    def fingerprint(self, every_seconds: float | None) -> str:
        """Changes whenever the job must be rescheduled (stored as the job's name)."""
        when = f"every {every_seconds:g}s" if every_seconds else self.schedule
        return f"{self.site} | {when} | {self.timezone} | {self.seed_path}"


def scan_seeds(seeds_dir: Path) -> tuple[dict[str, SiteSpec], list[str]]:
    """Valid seeds by site name, plus one problem line per file that cannot be scheduled."""
    specs: dict[str, SiteSpec] = {}
    problems: list[str] = []
    for path in sorted(Path(seeds_dir).glob("*.toml")):
        try:
            seed = load_seed(path)
        except SeedError as exc:
            problems.append(str(exc))
            continue
        if seed.name in specs:
            problems.append(
                f"{path}: site name '{seed.name}' is already used by "
                f"{specs[seed.name].seed_path}; this file is not scheduled"
            )
            continue
        specs[seed.name] = SiteSpec(seed.name, str(path.resolve()), seed.schedule, seed.timezone)
    return specs, problems


def make_trigger(spec: SiteSpec, every_seconds: float | None = None) -> Any:
    """The seed's cron in its timezone, or a fixed interval (``--every-seconds``, for tests)."""
    from apscheduler.triggers.interval import IntervalTrigger

    from crawler.cronspec import cron_trigger

    if every_seconds:
        return IntervalTrigger(seconds=every_seconds, timezone=UTC)
    return cron_trigger(spec.schedule, spec.timezone)  # cron's weekdays: 0 and 7 = Sunday


def parse_summary(stdout: str) -> dict[str, int | None]:
    """Pages, errors and items from the summary ``newsarchiver crawl`` prints."""
    pages = errors = items = None
    m = _PAGES_RE.search(stdout)
    if m:
        pages, errors = int(m[1]), int(m[2])
    m = _ITEMS_RE.search(stdout)
    if m:
        items = int(m[1])
    return {"pages": pages, "errors": errors, "items": items}


def parse_finish_reason(stdout: str) -> str | None:
    """Scrapy's finish reason from the summary's ``time`` line (``finished``, ...)."""
    m = _REASON_RE.search(stdout)
    return m[1] if m else None


def seed_timeout(seed_path: str) -> float | None:
    """The seed's ``[schedule] timeout`` in seconds (None: none, or the seed is invalid)."""
    try:
        return load_seed(seed_path).timeout_seconds
    except SeedError:
        return None  # the crawl itself reports the seed error


def _message(stderr: str, exit_code: int | None) -> str | None:
    """The line worth showing in ``status``: the first error, else the first warning."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for prefix in ("error:", "ERROR:", "CRITICAL:"):
        for ln in lines:
            if ln.startswith(prefix):
                return ln[:500]
    if exit_code:
        warnings = [ln for ln in lines if ln.startswith("WARNING:")]
        if warnings:
            more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
            return (warnings[0][:400] + more)[:500]
        if lines:
            return lines[-1][:500]
    return None


# --- the job function (module level: the job store keeps a reference to it) --------------

_current: CrawlScheduler | None = None


def run_site_job(site: str, seed_path: str) -> None:
    """Entry point APScheduler calls; delegates to the scheduler running in this process."""
    sched = _current
    if sched is None:
        logger.error("%s: no scheduler running in this process; run skipped", site)
        return
    sched.run_site(site, seed_path)


# --- the scheduler ------------------------------------------------------------------------


def _background_scheduler_class(base: type) -> type:
    """BackgroundScheduler that submits nothing once it is no longer running.

    APScheduler 3.11's loop runs ``_process_jobs`` once more after ``shutdown()`` woke it,
    and a job due at that moment is submitted to the already closed executor ("cannot
    schedule new futures after shutdown", with a traceback). Only checking ``PAUSED`` there
    is the bug; we also skip when stopped.
    """
    from apscheduler.schedulers.base import STATE_RUNNING

    class _Scheduler(base):  # type: ignore[misc, valid-type]
        def _process_jobs(self) -> float | None:
            if self.state != STATE_RUNNING:
                return None
            return super()._process_jobs()

    return _Scheduler


@dataclass
class _Running:
    site: str
    proc: subprocess.Popen
    run_id: int
    interrupted: bool = False
    timed_out: bool = False  # killed by the scheduler after timeout + grace


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
        self.archive_dir = Path(archive_dir).resolve()
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
        self._running: dict[str, _Running] = {}
        self._guard = threading.Lock()
        self._stopping = threading.Event()
        self._reported: dict[str, str] = {}  # seed problems already logged (path -> line)

    # --- lifecycle ---------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        lock = PidLock(lock_path(self.archive_dir))
        try:
            self._lock = lock.acquire()
        except Locked as exc:
            raise SchedulerError(
                f"a scheduler is already running for {self.archive_dir} (pid {exc.holder}); "
                f"lock file {exc.path}"
            ) from None
        except OSError as exc:
            raise SchedulerError(
                f"cannot use archive folder {self.archive_dir}: {exc.strerror or exc}"
            ) from None

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def start(self) -> None:
        """Take the archive's scheduler lock, load the job store, sync seeds, start firing."""
        global _current
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        try:
            from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
        except ImportError:
            raise SchedulerError(
                "the scheduler's job store needs SQLAlchemy: pip install 'sqlalchemy>=2'"
            ) from None

        if not self.seeds_dir.is_dir():
            raise SchedulerError(f"{self.seeds_dir}: no such seeds folder")
        self._acquire_lock()
        try:
            self._run_log = RunLog.open(self.archive_dir)
            stale = self._run_log.mark_unfinished("the scheduler stopped while this crawl ran")
            if stale:
                logger.warning("%d run(s) left unfinished by an earlier scheduler", stale)
            runs_dir(self.archive_dir).mkdir(parents=True, exist_ok=True)
            store = SQLAlchemyJobStore(url=f"sqlite:///{jobstore_path(self.archive_dir)}")
            self._scheduler = _background_scheduler_class(BackgroundScheduler)(
                jobstores={"default": store},
                executors={"default": ThreadPoolExecutor(self.max_parallel)},
                job_defaults={
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": self.misfire_grace_seconds,
                },
                timezone=UTC,
            )
            _current = self
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

    def serve(self, stop: threading.Event) -> None:
        """Re-scan the seed folder every ``rescan_seconds`` until ``stop`` is set."""
        while not stop.wait(self.rescan_seconds):
            try:
                self.sync()
            except Exception as exc:  # a bad scan must not end the scheduler
                logger.error(
                    "re-scanning %s failed: %s: %s", self.seeds_dir, type(exc).__name__, exc
                )

    def stop(self) -> None:
        """Start no more crawls, interrupt running ones gracefully, wait, release the lock."""
        if self._scheduler is None:
            return
        self._stopping.set()
        try:
            self._scheduler.pause()
        except Exception:  # already shut down
            pass
        with self._guard:
            running = list(self._running.values())
        for entry in running:
            self._signal(entry, signal.SIGINT, "stopping: interrupting crawl")
        deadline = time.monotonic() + self.stop_timeout
        escalated = False
        while True:
            with self._guard:
                left = [e for e in self._running.values() if e.proc.poll() is None]
            if not left:
                break
            if time.monotonic() > deadline:
                if not escalated:
                    for entry in left:
                        self._signal(entry, signal.SIGINT, "still running: forcing Scrapy to stop")
                    deadline = time.monotonic() + 10
                    escalated = True
                else:
                    for entry in left:
                        self._signal(entry, signal.SIGKILL, "still running: killing")
                    break
            time.sleep(0.1)
        self._scheduler.shutdown(wait=True)
        self._teardown()

    def _teardown(self) -> None:
        global _current
        if _current is self:
            _current = None
        if self._run_log is not None:
            self._run_log.close()
            self._run_log = None
        self._release_lock()

    def _signal(self, entry: _Running, signum: int, why: str) -> None:
        entry.interrupted = True
        try:
            entry.proc.send_signal(signum)
        except ProcessLookupError:
            return
        logger.info("%s: %s (pid %d)", entry.site, why, entry.proc.pid)

    # --- seeds -> jobs ---------------------------------------------------------------------

    def sync(self) -> dict[str, list[str]]:
        """Make the jobs match the seed folder; returns the sites added/changed/removed."""
        changes: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
        if not self.seeds_dir.is_dir():
            # An unmounted or renamed folder must not unschedule every site.
            logger.error("%s: seeds folder missing; keeping the current schedule", self.seeds_dir)
            return changes
        specs, problems = scan_seeds(self.seeds_dir)
        current_problems = {}
        for line in problems:
            path = line.split(": ", 1)[0]
            current_problems[path] = line
            if self._reported.get(path) != line:
                logger.error("%s", line)
        self._reported = current_problems
        invalid_paths = {str(Path(p).resolve()) for p in current_problems}

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
                run_site_job,
                trigger=make_trigger(spec, self.every_seconds),
                args=[site, spec.seed_path],
                id=JOB_PREFIX + site,
                name=name,
                replace_existing=True,
            )
            changes["changed" if job is not None else "added"].append(site)
        for site, job in jobs.items():
            if site in specs:
                continue
            seed_path = job.args[1] if len(job.args) > 1 else ""
            if seed_path in invalid_paths:
                continue  # keep the last good schedule; its crawls report the seed error
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

    def _on_event(self, event: Any) -> None:
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES

        site = event.job_id[len(JOB_PREFIX) :] if event.job_id.startswith(JOB_PREFIX) else ""
        if event.code == EVENT_JOB_MAX_INSTANCES:
            logger.warning("%s: previous crawl still running; this run is skipped", site)
            if self._run_log is not None:
                self._run_log.record_skipped(site, None, "previous crawl still running")
        elif event.code == EVENT_JOB_ERROR:
            logger.error("%s: scheduler job failed: %s", site, event.exception)
        else:
            logger.warning("%s: run due at %s was missed", site, _fmt(event.scheduled_run_time))

    # --- one crawl --------------------------------------------------------------------------

    def crawl_command(self, seed_path: str) -> list[str]:
        return [
            self.python,
            "-m",
            "crawler.cli",
            "crawl",
            seed_path,
            "--archive",
            str(self.archive_dir),
            "--no-progress",
            *(["--redis", self.redis_url] if self.redis_url else []),
        ]

    def run_site(self, site: str, seed_path: str) -> None:
        """Run one crawl of ``site`` in a child process and record how it went."""
        if self._stopping.is_set() or self._run_log is None:
            return
        run_log = self._run_log
        timeout = seed_timeout(seed_path)
        run_id = run_log.start(site, seed_path)
        started = datetime.now(UTC)
        # The crawl process sees it is scheduled and leaves the run log to us.
        env = {**os.environ, "PYTHONUNBUFFERED": "1", SCHEDULED_RUN_ENV: str(run_id)}
        try:
            proc = subprocess.Popen(
                self.crawl_command(seed_path),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            run_log.finish(run_id, exit_code=None, outcome="error", message=f"cannot start: {exc}")
            logger.error("%s: cannot start crawl: %s", site, exc)
            return
        entry = _Running(site, proc, run_id)
        with self._guard:
            self._running[site] = entry
            stopping = self._stopping.is_set()
        if stopping:  # stop() began between the check above and registering
            self._signal(entry, signal.SIGINT, "stopping: interrupting crawl")
        run_log.set_pid(run_id, proc.pid)
        logger.info("%s: crawl started (pid %d)", site, proc.pid)
        try:
            stdout, stderr = self._wait(entry, timeout)
        finally:
            with self._guard:
                self._running.pop(site, None)
        code = proc.returncode
        counts = parse_summary(stdout)
        reason = parse_finish_reason(stdout)
        outcome = outcome_for(
            code, interrupted=entry.interrupted, timed_out=entry.timed_out, finish_reason=reason
        )
        # An interrupted crawl's last line is often just Scrapy's or Python's reaction
        # to SIGINT (KeyboardInterrupt when it arrived during start-up): say what happened.
        message = _message(stderr, 0 if entry.interrupted or outcome == "timeout" else code)
        if entry.timed_out:
            message = (
                f"still running {self.timeout_grace:g} s after the seed's timeout "
                f"({timeout:g} s): killed"
            )
        elif outcome == "timeout" and not message:
            message = f"stopped by the seed's timeout ({timeout or 0:g} s)"
        if entry.interrupted and not message:
            message = "interrupted by scheduler shutdown"
        run_log.finish(run_id, exit_code=code, outcome=outcome, message=message, **counts)
        seconds = (datetime.now(UTC) - started).total_seconds()
        self._write_result(site, started, run_id, code, outcome, seconds, counts, stdout, stderr)
        level = logging.INFO if outcome == "ok" else logging.WARNING
        logger.log(
            level,
            "%s: crawl finished: %s (exit %s), %s pages, %s items, %.1f s%s",
            site,
            outcome,
            code,
            counts["pages"] if counts["pages"] is not None else "?",
            counts["items"] if counts["items"] is not None else "?",
            seconds,
            f": {message}" if message and outcome != "ok" else "",
        )

    def _wait(self, entry: _Running, timeout: float | None) -> tuple[str, str]:
        """Wait for the crawl; kill its process group ``timeout_grace`` after its timeout."""
        proc = entry.proc
        if not timeout:
            return proc.communicate()
        try:
            return proc.communicate(timeout=timeout + self.timeout_grace)
        except subprocess.TimeoutExpired:
            pass
        if entry.interrupted:  # stop() is already taking care of it
            return proc.communicate()
        entry.timed_out = True
        logger.warning(
            "%s: crawl still running %g s after its timeout of %g s: killing it (pid %d)",
            entry.site,
            self.timeout_grace,
            timeout,
            proc.pid,
        )
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the whole group
        except ProcessLookupError:
            pass
        return proc.communicate()

    def _write_result(
        self,
        site: str,
        started: datetime,
        run_id: int,
        code: int | None,
        outcome: str,
        seconds: float,
        counts: dict[str, int | None],
        stdout: str,
        stderr: str,
    ) -> None:
        """Keep the crawl's own output next to the run log (it has one line per failed fetch)."""
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        path = runs_dir(self.archive_dir) / f"{site}-{stamp}-{run_id}.json"
        data = {
            "run_id": run_id,
            "site": site,
            "started": started.isoformat(timespec="seconds"),
            "seconds": round(seconds, 3),
            "exit_code": code,
            "outcome": outcome,
            **counts,
            "stdout": stdout[-20000:],
            "stderr": stderr[-20000:],
        }
        try:
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            logger.warning("%s: cannot write %s: %s", site, path, exc)


def _fmt(value: datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


# --- status (read-only: works while a scheduler runs, or without one) -------------------------


@dataclass
class SiteStatus:
    site: str
    seed: str | None
    schedule: str | None
    last_started: str | None
    last_outcome: str | None
    last_exit: int | None
    last_seconds: float | None
    pages: int | None
    items: int | None
    message: str | None
    runs: int
    failures: int
    next_run: str | None
    urls: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def scheduler_pid(archive_dir: Path | str) -> int | None:
    """The pid of the scheduler holding the archive's lock, or None if none runs."""
    path = lock_path(archive_dir)
    if not path.is_file():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def stored_next_runs(archive_dir: Path | str) -> dict[str, datetime]:
    """Next run times from the job store, read with plain SQL (no unpickling)."""
    import sqlite3

    path = jobstore_path(archive_dir)
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("SELECT id, next_run_time FROM apscheduler_jobs").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    out = {}
    for job_id, ts in rows:
        if job_id.startswith(JOB_PREFIX) and ts is not None:
            out[job_id[len(JOB_PREFIX) :]] = datetime.fromtimestamp(float(ts), UTC)
    return out


_NOT_FAILURES = frozenset({"runs", "ok", "skipped", "running"})


def collect_status(archive_dir: Path, seeds_dir: Path | None) -> list[SiteStatus]:
    """Per site: last run, its outcome and counts, and the next run."""
    from archive.stores.url_state import UrlStateStore, state_path

    archive_dir = Path(archive_dir)
    specs: dict[str, SiteSpec] = {}
    if seeds_dir is not None and Path(seeds_dir).is_dir():
        specs, _ = scan_seeds(Path(seeds_dir))
    last: dict = {}
    stats: dict = {}
    if (state_dir(archive_dir) / "runs.sqlite3").is_file():
        with RunLog.open(archive_dir) as run_log:
            last = run_log.last_runs()
            stats = run_log.stats()
    urls: dict[str, dict[str, int]] = {}
    if state_path(archive_dir).is_file():
        with UrlStateStore.open(archive_dir) as store:
            urls = store.site_counts()
    next_runs = stored_next_runs(archive_dir)
    now = datetime.now(UTC)
    out = []
    for site in sorted(set(specs) | set(last) | set(next_runs)):
        spec = specs.get(site)
        run = last.get(site)
        nxt = next_runs.get(site)
        if nxt is None and spec is not None:
            nxt = make_trigger(spec).get_next_fire_time(None, now)
        st = stats.get(site, {})
        out.append(
            SiteStatus(
                site=site,
                seed=spec.seed_path if spec else (run.seed if run else None),
                schedule=spec.schedule if spec else None,
                last_started=run.started if run else None,
                last_outcome=run.outcome if run else None,
                last_exit=run.exit_code if run else None,
                last_seconds=run.seconds if run else None,
                pages=run.pages if run else None,
                items=run.items if run else None,
                message=run.message if run else None,
                runs=st.get("runs", 0),
                failures=sum(v for k, v in st.items() if k not in _NOT_FAILURES),
                next_run=nxt.astimezone(UTC).isoformat(timespec="seconds") if nxt else None,
                urls=urls.get(site, {}).get("known"),
            )
        )
    return out


def format_status(archive_dir: Path, rows: list[SiteStatus]) -> str:
    """The table ``newsarchiver status`` prints."""
    pid = scheduler_pid(archive_dir)
    head = f"scheduler running (pid {pid})" if pid else "scheduler not running"
    lines = [f"archive     {Path(archive_dir).resolve()}", f"{head}"]
    if not rows:
        lines.append("no sites (no seed files and no runs yet)")
        return "\n".join(lines)

    def t(value: str | None) -> str:
        if not value:
            return "-"
        return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")

    header = ("SITE", "LAST RUN", "OUTCOME", "EXIT", "PAGES", "ITEMS", "TOOK", "RUNS", "FAILED",
              "URLS", "NEXT RUN")  # fmt: skip
    table = [header]
    for r in rows:
        table.append(
            (
                r.site,
                t(r.last_started),
                r.last_outcome or "never run",
                "-" if r.last_exit is None else str(r.last_exit),
                "-" if r.pages is None else str(r.pages),
                "-" if r.items is None else str(r.items),
                "-" if r.last_seconds is None else f"{r.last_seconds:.1f}s",
                str(r.runs),
                str(r.failures),
                "-" if r.urls is None else str(r.urls),
                t(r.next_run) if r.schedule else "(no seed file)",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for r in rows:
        if r.message and r.last_outcome not in ("ok", None):
            lines.append(f"{r.site}: {r.message}")
    return "\n".join(lines)
