"""One crawl child at a time per site: start it, watch its timeout, stop it, read its summary.

Each crawl runs as ``newsarchiver crawl SEED --archive DIR --no-progress --summary-json
PATH`` (the installed entry point beside the interpreter; ``python -P -m crawler.cli``
where there is none: never ``python -m`` alone, which imports from the working folder, so
a data folder named ``archive`` there shadowed the code) in its own session: Twisted's
reactor cannot be restarted in a process, a crashing crawl cannot take the cron runner
down, and a Ctrl-C on the terminal reaches only the runner, which forwards exactly one
SIGINT (a second one would force Scrapy to stop uncleanly).

The crawl writes its own run-log row and its JSON summary (``crawler.run``); the supervisor
reads that file, never the crawl's stdout. It writes to the run log only what the crawl could
not: a crawl that never got as far as its row (bad seed, site locked, cannot start), or one
that died without finishing it (killed after its timeout, SIGKILL, crash).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout, file_stamp
from archive.stores.run_log import RunLog, outcome_for
from crawler.cron.seeds import seed_timeout
from crawler.run import write_json

logger = logging.getLogger("newsarchiver.schedule")

#: Seconds to wait after the second SIGINT before a crawl still running is killed.
FORCE_WAIT = 10.0


@dataclass
class _Child:
    site: str
    proc: subprocess.Popen
    interrupted: bool = False
    timed_out: bool = False  # killed by the supervisor after timeout + grace


def first_problem_line(stderr: str, exit_code: int | None) -> str | None:
    """The line worth showing in ``status`` from a crawl that left no summary."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for prefix in ("error:", "ERROR:", "CRITICAL:"):
        for ln in lines:
            if ln.startswith(prefix):
                return ln[:500]
    if exit_code and lines:
        return lines[-1][:500]
    return None


def entry_point(python: str) -> list[str]:
    """How to start ``newsarchiver`` with ``python``: its console script when installed."""
    script = Path(python).parent / "newsarchiver"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [python, "-P", "-m", "crawler.cli"]  # -P: nothing from the working folder


def read_summary(path: Path) -> dict[str, Any] | None:
    """The crawl's JSON summary, or None when it wrote none (or not a whole one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class Supervisor:
    """Runs crawl children for the cron runner; thread-safe (one thread per running crawl)."""

    def __init__(
        self,
        layout: ArchiveLayout,
        run_log: RunLog,
        *,
        python: str,
        timeout_grace: float,
        stop_timeout: float,
        redis_url: str | None = None,
    ) -> None:
        self.redis_url = redis_url  # queue each run on this frontier instead (workers crawl)
        self.layout = layout
        self.run_log = run_log
        self.python = python
        self.timeout_grace = timeout_grace
        self.stop_timeout = stop_timeout
        self._running: dict[str, _Child] = {}
        self._guard = threading.Lock()
        self.stopping = threading.Event()

    def crawl_command(self, seed_path: str, summary: Path) -> list[str]:
        return [*entry_point(self.python), "crawl", seed_path,
                "--archive", str(self.layout.root), "--no-progress",
                "--summary-json", str(summary),
                *(["--redis", self.redis_url] if self.redis_url else [])]  # fmt: skip

    def run_site(self, site: str, seed_path: str) -> None:
        """Run one crawl of ``site`` in a child process and make sure it is recorded."""
        if self.stopping.is_set():
            return
        timeout = seed_timeout(seed_path)
        summary_path = self.layout.run_summary(site, file_stamp(), "cron")
        started = datetime.now(UTC)
        try:
            proc = subprocess.Popen(
                self.crawl_command(seed_path, summary_path),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # the summary is in the JSON file
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
        except OSError as exc:
            self._record(site, seed_path, None, None, f"cannot start: {exc}", summary_path)
            logger.error("%s: cannot start crawl: %s", site, exc)
            return
        child = _Child(site, proc)
        with self._guard:
            self._running[site] = child
            stopping = self.stopping.is_set()
        if stopping:  # stop() began between the check above and registering
            self._signal(child, signal.SIGINT, "stopping: interrupting crawl")
        logger.info("%s: crawl started (pid %d)", site, proc.pid)
        try:
            stderr = self._wait(child, timeout)
        finally:
            with self._guard:
                self._running.pop(site, None)
        summary = read_summary(summary_path) or {}
        if summary.get("state") != "finished":
            summary = self._settle(child, seed_path, timeout, summary, stderr, summary_path)
        seconds = (datetime.now(UTC) - started).total_seconds()
        self._log_result(site, proc.returncode, summary, seconds)

    def _settle(
        self,
        child: _Child,
        seed_path: str,
        timeout: float | None,
        summary: dict[str, Any],
        stderr: str,
        path: Path,
    ) -> dict[str, Any]:
        """Record a crawl that left no finished row: why it ended, in one line."""
        code = child.proc.returncode
        outcome = outcome_for(code, interrupted=child.interrupted, timed_out=child.timed_out)
        if child.timed_out:
            message = (
                f"still running {self.timeout_grace:g} s after the seed's timeout "
                f"({timeout or 0:g} s): killed"
            )
        elif child.interrupted:
            message = "interrupted by scheduler shutdown"
        else:
            message = first_problem_line(stderr, code)
            if not summary and outcome in ("partial", "error"):
                # It wrote no summary at all: it never started, whatever its exit code says.
                outcome = "failed"
        return self._record(
            child.site, seed_path, code, outcome, message, path,
            run_id=summary.get("run_id"), stderr=stderr,
        )  # fmt: skip

    def _record(
        self,
        site: str,
        seed_path: str,
        code: int | None,
        outcome: str | None,
        message: str | None,
        path: Path,
        *,
        run_id: int | None = None,
        stderr: str = "",
    ) -> dict[str, Any]:
        outcome = outcome or "error"
        if run_id is None:
            run_id = self.run_log.start(site, seed_path)
        self.run_log.finish(run_id, exit_code=code, outcome=outcome, message=message)
        data = {"state": "finished", "run_id": run_id, "site": site, "seed": seed_path,
                "exit_code": code, "outcome": outcome, "message": message,
                "recorded_by": "cron", "stderr": stderr[-20000:]}  # fmt: skip
        try:
            write_json(path, data)
        except OSError as exc:
            logger.warning("%s: cannot write %s: %s", site, path, exc)
        return data

    def _log_result(self, site: str, code: int | None, summary: dict, seconds: float) -> None:
        outcome = summary.get("outcome") or "error"
        message = summary.get("message")
        logger.log(
            logging.INFO if outcome in ("ok", "queued") else logging.WARNING,
            "%s: crawl finished: %s (exit %s), %s pages, %s items, %.1f s%s",
            site,
            outcome,
            code,
            summary.get("pages", "?"),
            summary.get("items", "?"),
            seconds,
            f": {message}" if message and outcome != "ok" else "",
        )

    def _wait(self, child: _Child, timeout: float | None) -> str:
        """Wait for the crawl; kill its process group ``timeout_grace`` after its timeout."""
        proc = child.proc
        if not timeout:
            return proc.communicate()[1]
        try:
            return proc.communicate(timeout=timeout + self.timeout_grace)[1]
        except subprocess.TimeoutExpired:
            pass
        if child.interrupted:  # stop() is already taking care of it
            return proc.communicate()[1]
        child.timed_out = True
        logger.warning(
            "%s: crawl still running %g s after its timeout of %g s: killing it (pid %d)",
            child.site,
            self.timeout_grace,
            timeout,
            proc.pid,
        )
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the whole group
        except ProcessLookupError:
            pass
        return proc.communicate()[1]

    def _signal(self, child: _Child, signum: int, why: str) -> None:
        child.interrupted = True
        try:
            child.proc.send_signal(signum)
        except ProcessLookupError:
            return
        logger.info("%s: %s (pid %d)", child.site, why, child.proc.pid)

    def stop_all(self) -> None:
        """Interrupt every running crawl once, wait, force, and finally kill stragglers."""
        self.stopping.set()
        with self._guard:
            running = list(self._running.values())
        for child in running:
            self._signal(child, signal.SIGINT, "stopping: interrupting crawl")
        deadline = time.monotonic() + self.stop_timeout
        escalated = False
        while True:
            with self._guard:
                left = [c for c in self._running.values() if c.proc.poll() is None]
            if not left:
                return
            if time.monotonic() > deadline:
                if escalated:
                    for child in left:
                        self._signal(child, signal.SIGKILL, "still running: killing")
                    return
                for child in left:
                    self._signal(child, signal.SIGINT, "still running: forcing Scrapy to stop")
                deadline = time.monotonic() + FORCE_WAIT
                escalated = True
            time.sleep(0.1)
