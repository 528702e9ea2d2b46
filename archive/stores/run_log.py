"""The log of scheduled crawl runs: what ran when, how long, and how it ended.

``<archive>/state/runs.sqlite3`` (WAL), one row per crawl the scheduler started: site, seed
file, start and end time, exit code and its meaning, pages and items counted by the crawl,
and one line saying what went wrong. ``newsarchiver status`` reads it; it is a separate file
from the URL state store so the scheduler's writes never wait for a crawl's.

Scrapy-free: the scheduler and ``status`` use it without importing the crawler.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout
from archive.stores.base import SqliteStore
from archive.stores.locks import lock_held
from archive.stores.schema import RUN_COLUMNS, RUN_LOG, sqlite_ddl

#: Exit code of ``newsarchiver crawl`` -> outcome word (see the README's table).
OUTCOMES = {0: "ok", 1: "partial", 2: "config", 3: "locked", 4: "failed", 5: "disk_full"}
#: Scrapy finish reason of a crawl stopped by its seed's ``[schedule] timeout``.
TIMEOUT_FINISH_REASON = "closespider_timeout"


def outcome_for(
    exit_code: int | None,
    *,
    interrupted: bool = False,
    timed_out: bool = False,
    finish_reason: str | None = None,
) -> str:
    """The outcome word for a crawl process's exit code (negative: killed by a signal).

    ``timeout``: the crawl was stopped by its seed's ``[schedule] timeout``, gracefully
    (finish reason ``closespider_timeout``, exit code 1) or killed by the scheduler after
    the grace period (``timed_out``).
    """
    if timed_out or (finish_reason == TIMEOUT_FINISH_REASON and exit_code in (None, 1)):
        return "timeout"
    if interrupted:
        return "interrupted"
    if exit_code is None:
        return "error"
    if exit_code < 0:
        return "killed"
    return OUTCOMES.get(exit_code, "error")


def runs_path(archive_dir: Path | str) -> Path:
    return ArchiveLayout(archive_dir).run_log_db


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Run:
    id: int
    site: str
    seed: str | None
    started: str
    finished: str | None
    seconds: float | None
    exit_code: int | None
    outcome: str
    pages: int | None
    items: int | None
    errors: int | None
    message: str | None
    pid: int | None

    @property
    def started_at(self) -> datetime:
        return datetime.fromisoformat(self.started)

    @property
    def finished_at(self) -> datetime | None:
        return datetime.fromisoformat(self.finished) if self.finished else None


def gone_message(run: Run) -> str:
    """The line ``status`` and the run log show for a crawl that died without a word."""
    return (
        f"crawl process {run.pid} is gone without finishing its run "
        "(killed, e.g. kill -9 or out of memory, crashed, or the disk was full)"
    )


def crawl_alive(run: Run, lock_path: Path) -> bool:
    """Whether the crawl of a ``running`` row still runs: its pid is alive *and* holds the
    site's lock file (a killed crawl's pid may have been reused by another process, and
    its pid stays written in the file; a crawl that released the lock has ended). Never
    takes the lock itself. A row without a pid (a run on the frontier, crawled by many
    workers) counts as running."""
    if not run.pid:
        return True  # a run on the frontier (many workers, no one process): cannot tell here
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    if lock_held(lock_path) is False:
        return False
    try:
        holder = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return False
    return holder == str(run.pid)


def as_seen(run: Run, archive_dir: Path | str) -> Run:
    """``run`` as ``status`` and the report show it: a ``running`` row whose crawl is gone
    is ``killed`` (reading only; the site's next crawl records it so)."""
    if run.outcome != "running" or run.finished is not None:
        return run
    if crawl_alive(run, ArchiveLayout(archive_dir).site_lock(run.site)):
        return run
    return replace(run, outcome="killed", message=gone_message(run))


class RunLogLogic:
    """What the run log does, on either backend: every statement is written once (``?``
    placeholders, SQL both SQLite and PostgreSQL accept); a backend gives :meth:`_rows`
    (rows as dicts) and :meth:`_insert` (the new row's id)."""

    #: The table's name in the backend's database.
    TABLE = "runs"

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _insert(self, sql: str, params: tuple = ()) -> int:
        raise NotImplementedError

    def start(
        self,
        site: str,
        seed: str | None,
        *,
        pid: int | None = None,
        started: datetime | None = None,
    ) -> int:
        """A crawl started: returns the run id to pass to ``finish``. A row without ``pid``
        is a run on the shared frontier (``crawler.distributed.run_record``), started when
        it was queued."""
        return self._insert(
            f"INSERT INTO {self.TABLE} (site, seed, started, outcome, pid) "
            "VALUES (?, ?, ?, 'running', ?) RETURNING id",
            (site, seed, _iso(started or datetime.now(UTC)), pid),
        )

    def set_pid(self, run_id: int, pid: int) -> None:
        self._rows(f"UPDATE {self.TABLE} SET pid = ? WHERE id = ?", (pid, run_id))

    def finish(
        self,
        run_id: int,
        *,
        exit_code: int | None,
        outcome: str,
        pages: int | None = None,
        items: int | None = None,
        errors: int | None = None,
        message: str | None = None,
    ) -> None:
        """A crawl ended (in whatever way): record how."""
        now = datetime.now(UTC)
        row = self._rows(f"SELECT started FROM {self.TABLE} WHERE id = ?", (run_id,))
        seconds = None
        if row:
            seconds = (now - datetime.fromisoformat(row[0]["started"])).total_seconds()
        self._rows(
            f"UPDATE {self.TABLE} SET finished = ?, seconds = ?, exit_code = ?, outcome = ?, "
            "pages = ?, items = ?, errors = ?, message = ? WHERE id = ?",
            (_iso(now), seconds, exit_code, outcome, pages, items, errors, message, run_id),
        )

    def record_skipped(self, site: str, seed: str | None, message: str) -> int:
        """A due run that did not start (the previous one was still running)."""
        now = _iso(datetime.now(UTC))
        return self._insert(
            f"INSERT INTO {self.TABLE} (site, seed, started, finished, seconds, outcome, message) "
            "VALUES (?, ?, ?, ?, 0, 'skipped', ?) RETURNING id",
            (site, seed, now, now, message),
        )

    def mark_unfinished(self, archive_dir: Path | str, message: str) -> int:
        """Close the rows of crawls that are gone (a scheduler that died took its crawls
        with it); returns how many. A crawl still running (started by hand, or by another
        process) keeps its row, and so do runs on the shared frontier (no pid: their
        workers finish them)."""
        layout = ArchiveLayout(archive_dir)
        gone = [
            r.id
            for r in self.unfinished()
            if r.pid and not crawl_alive(r, layout.site_lock(r.site))
        ]
        for run_id in gone:
            self.finish(run_id, exit_code=None, outcome="interrupted", message=message)
        return len(gone)

    def unfinished(self, site: str | None = None) -> list[Run]:
        """Rows still ``running`` (of ``site``): live crawls, or ones killed before the end."""
        return [r for r in self.runs(site) if r.outcome == "running" and r.finished is None]

    def mark_killed(self, run_id: int, message: str) -> None:
        """A crawl whose process is gone without finishing its row (kill -9, OOM, crash).

        ``finished`` is when this was noticed; ``seconds`` stays unknown (NULL).
        """
        self._rows(
            f"UPDATE {self.TABLE} SET finished = ?, outcome = 'killed', message = ? "
            "WHERE id = ? AND finished IS NULL",
            (_iso(datetime.now(UTC)), message, run_id),
        )

    def runs(self, site: str | None = None, *, include_skipped: bool = True) -> list[Run]:
        """Runs in start order (oldest first)."""
        where, params = [], []
        if site is not None:
            where.append("site = ?")
            params.append(site)
        if not include_skipped:
            where.append("outcome != 'skipped'")
        sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM {self.TABLE}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [Run(**r) for r in self._rows(sql + " ORDER BY id", tuple(params))]

    def last_runs(self) -> dict[str, Run]:
        """The latest run (not counting skipped ones) of every site."""
        rows = self._rows(
            f"SELECT {', '.join(RUN_COLUMNS)} FROM {self.TABLE} WHERE id IN "
            f"(SELECT MAX(id) FROM {self.TABLE} WHERE outcome != 'skipped' GROUP BY site)"
        )
        return {r["site"]: Run(**r) for r in rows}

    def last_complete(self, site: str) -> Run | None:
        """The latest run of ``site`` that finished everything it set out to do (``ok``):
        what it read from a listing, it also fetched."""
        rows = self._rows(
            f"SELECT {', '.join(RUN_COLUMNS)} FROM {self.TABLE} "
            "WHERE site = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1",
            (site,),
        )
        return Run(**rows[0]) if rows else None

    def stats(self) -> dict[str, dict[str, Any]]:
        """Per site: number of runs and of runs per outcome."""
        out: dict[str, dict[str, Any]] = {}
        sql = f"SELECT site, outcome, COUNT(*) AS n FROM {self.TABLE} GROUP BY site, outcome"
        for row in self._rows(sql):
            entry = out.setdefault(row["site"], {"runs": 0})
            entry[row["outcome"]] = row["n"]
            if row["outcome"] != "skipped":
                entry["runs"] += row["n"]
        return out


class RunLog(RunLogLogic, SqliteStore):
    """The runs table of one archive. Safe to use from several threads (one lock each call)."""

    KIND = "run log"
    CONSEQUENCE = "the history of earlier runs is then not shown"
    SCHEMA = sqlite_ddl(RUN_LOG)
    MAIN_TABLE = "runs"
    THREAD_SAFE = True

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        super().__init__(path)
        self.conn.row_factory = sqlite3.Row

    def migrate(self, conn: sqlite3.Connection, version: int | None) -> None:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(runs)")}
        missing = sorted(set(RUN_COLUMNS) - cols)
        if missing:
            raise self.fail(f"table 'runs' lacks column(s) {missing}")

    @classmethod
    def open(cls, archive_dir: Path | str) -> RunLog:
        return cls(runs_path(archive_dir))

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self._lock, self.guard():
            return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def _insert(self, sql: str, params: tuple = ()) -> int:
        with self._lock, self.guard():
            # Every row fetched: the statement ends (and its write commits) here.
            return int(self.conn.execute(sql, params).fetchall()[0][0])

    def close(self) -> None:
        with self._lock:
            super().close()

    def __enter__(self) -> RunLog:
        return self
