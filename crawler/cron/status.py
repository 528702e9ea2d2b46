"""``newsarchiver status``: per site, the last run, its outcome and counts, the next run.

Read-only: it works while a cron runner is running or without one, reading the run log, the
URL state and the job store (plain SQL, no unpickling of APScheduler's jobs).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout
from archive.stores.locks import Locked, PidLock
from archive.stores.run_log import Run, RunLog, as_seen
from archive.stores.url_state import UrlStateStore
from crawler.cron.jobs import JOB_PREFIX
from crawler.cron.seeds import SiteSpec, make_trigger, scan_seeds


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
    """The pid of the cron runner holding the archive's lock, or None if none runs."""
    path = ArchiveLayout(archive_dir).scheduler_lock
    if not path.is_file():
        return None
    try:
        PidLock(path).acquire().release()
    except Locked as exc:
        return int(exc.holder) if exc.holder.isdigit() else -1
    except OSError:
        return None
    return None


def stored_next_runs(archive_dir: Path | str) -> dict[str, datetime]:
    """Next run times from the job store, read with plain SQL (no unpickling)."""
    path = ArchiveLayout(archive_dir).scheduler_db
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


def _show_killed(gone: list[Run], last: dict[str, Run], stats: dict[str, dict]) -> None:
    """Rows still ``running`` whose crawl is gone count as ``killed`` (status writes nothing:
    the site's next crawl records them so in the run log)."""
    for run in gone:
        entry = stats.setdefault(run.site, {"runs": 0})
        entry["running"] = entry.get("running", 1) - 1
        entry["killed"] = entry.get("killed", 0) + 1
        if run.site in last and last[run.site].id == run.id:
            last[run.site] = run


def collect_status(archive_dir: Path, seeds_dir: Path | None) -> list[SiteStatus]:
    """Per site: last run, its outcome and counts, and the next run."""

    archive_dir = Path(archive_dir)
    layout = ArchiveLayout(archive_dir)
    specs: dict[str, SiteSpec] = {}
    if seeds_dir is not None and Path(seeds_dir).is_dir():
        specs, _ = scan_seeds(Path(seeds_dir))
    last: dict = {}
    stats: dict = {}
    if layout.run_log_db.is_file():
        with RunLog.open(archive_dir) as run_log:
            last = run_log.last_runs()
            stats = run_log.stats()
            seen = [as_seen(r, archive_dir) for r in run_log.unfinished()]
            gone = [r for r in seen if r.outcome == "killed"]
        _show_killed(gone, last, stats)
    urls: dict[str, dict[str, int]] = {}
    if layout.url_state_db.is_file():
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
