"""The scheduler for real: seconds-level schedules, crawl subprocesses against the demo site,
a site whose crawls fail, seed files added and removed while it runs, SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.stores.run_log import Run, RunLog
from crawler.cron.seeds import scan_seeds
from demosite.content import DemoSite
from demosite.server import DemoSiteServer

ROOT = Path(__file__).resolve().parents[3]
DEMO_SEED = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")


def cli_prefix() -> list[str]:
    """``newsarchiver``, as the cron runner's own children are started."""
    return [sys.executable, "-m", "crawler.cli"]


def write_seed(folder: Path, name: str, proxy: str) -> Path:
    text = DEMO_SEED.replace('name = "demo"', f'name = "{name}"', 1)
    text += f'\n[fetch]\nproxy = "{proxy}"\n'
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def runs(archive: Path, site: str | None = None) -> list[Run]:
    if not (archive / "state" / "runs.sqlite3").exists():
        return []
    with RunLog.open(archive) as log:
        return log.runs(site, include_skipped=False)


def wait_for(what: str, check: Callable[[], bool], timeout: float, log: Path) -> None:
    """Poll until ``check()``; ``timeout`` only bounds a hang (crawls start slowly under load)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; scheduler log:\n{log.read_text()[-4000:]}")


def finished(archive: Path, site: str, n: int) -> Callable[[], bool]:
    return lambda: len([r for r in runs(archive, site) if r.finished]) >= n


class HoldingProxy:
    """A loopback "proxy" that accepts connections and answers none until released."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self.held = threading.Event()
        self._released = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            if self._released.is_set():
                conn.close()
                continue
            self._conns.append(conn)
            self.held.set()

    def release(self) -> None:
        """Close every held connection (the crawl sees them fail) and refuse new ones."""
        self._released.set()
        for conn in self._conns:
            conn.close()

    def __enter__(self) -> HoldingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._sock.close()


def no_crawl_in_flight(log: Path, site: str) -> bool:
    """Every crawl of ``site`` the scheduler started has finished and been recorded."""
    text = log.read_text()
    return text.count(f"{site}: crawl started") == text.count(f"{site}: crawl finished")


def sigint_logged(archive: Path) -> bool:
    """The newest alpha crawl log shows that Scrapy received the scheduler's SIGINT."""
    logs = sorted((archive / "logs").glob("alpha-*.log"), key=lambda p: p.stat().st_mtime)
    return bool(logs) and "Received SIGINT" in logs[-1].read_text()


def test_scan_seeds_reports_bad_and_duplicate_files(tmp_path: Path) -> None:
    write_seed(tmp_path, "one", "http://127.0.0.1:9")
    (tmp_path / "two.toml").write_text(
        DEMO_SEED.replace('name = "demo"', 'name = "one"', 1), encoding="utf-8"
    )
    (tmp_path / "bad.toml").write_text('name = "bad"\ntimezone = "Mars/Base"\n', encoding="utf-8")
    (tmp_path / "cron.toml").write_text(
        DEMO_SEED.replace('name = "demo"', 'name = "cron"', 1).replace("*/30 * * * *", "*/30 *"),
        encoding="utf-8",
    )
    specs, problems = scan_seeds(tmp_path)
    assert list(specs) == ["one"]
    assert len(problems) == 3 and all("\n" not in p for p in problems)
    assert any("unknown IANA timezone" in p for p in problems)
    assert any("field 'schedule.cron': is not a valid cron expression" in p for p in problems)
    assert any("already used" in p for p in problems)


def test_schedule_runs_sites_without_overlap_and_stops_cleanly(tmp_path: Path) -> None:
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    log_path = tmp_path / "scheduler.log"
    # Latency keeps each crawl busy for a couple of seconds, so runs queue up behind
    # each other and SIGTERM can land in the middle of one.
    with DemoSiteServer(DemoSite(articles=40), port=0, latency_ms=60) as server:
        write_seed(seeds, "alpha", server.proxy_url)
        write_seed(seeds, "down", f"http://127.0.0.1:{refused_port()}")
        cmd = [
            *cli_prefix(),
            "schedule",
            "--seeds",
            str(seeds),
            "--archive",
            str(archive),
            "--every-seconds",
            "1",
            "--rescan-seconds",
            "0.5",
            "--stop-timeout",
            "20",
        ]
        with log_path.open("w") as log_fh:
            proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            wait_for("first alpha run", finished(archive, "alpha", 1), 120, log_path)
            # A seed file added while running gets a job.
            write_seed(seeds, "beta", server.proxy_url)
            wait_for("two failing runs of down", finished(archive, "down", 2), 120, log_path)
            wait_for("a beta run", finished(archive, "beta", 1), 120, log_path)
            wait_for("three alpha runs", finished(archive, "alpha", 3), 120, log_path)

            # A second scheduler on the same archive refuses to start.
            second = subprocess.run(
                [*cmd[:-2], "--stop-timeout", "1"], capture_output=True, text=True, timeout=30
            )
            assert second.returncode == 3, second.stderr
            assert "already running" in second.stderr

            # A removed seed file loses its job.
            (seeds / "down.toml").unlink()
            wait_for("down removed", lambda: "down: schedule removed" in log_path.read_text(),
                     10, log_path)  # fmt: skip
            # A crawl started just before the removal is recorded when it ends.
            wait_for("the last down crawl recorded", lambda: no_crawl_in_flight(log_path, "down"),
                     30, log_path)  # fmt: skip
            down_runs = len(runs(archive, "down"))

            # SIGTERM while a crawl is running inside Scrapy: point alpha at a proxy that
            # holds every request, wait until the next alpha crawl's first request is held,
            # SIGTERM, and answer only once that crawl has logged Scrapy's SIGINT message.
            # So the crawl is certainly mid-flight when the interrupt lands (a crawl that
            # finished on its own just before would rightly be "ok", exit 0).
            with HoldingProxy() as gate:
                write_seed(seeds, "alpha", gate.url)
                wait_for("a held alpha request", gate.held.is_set, 120, log_path)
                proc.send_signal(signal.SIGTERM)
                wait_for("the alpha crawl's SIGINT", lambda: sigint_logged(archive), 120, log_path)
                gate.release()
                rc = proc.wait(timeout=40)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    log_text = log_path.read_text()
    assert rc == 0, log_text[-4000:]
    assert "SIGTERM received" in log_text and "scheduler stopped" in log_text
    assert "Traceback" not in log_text, log_text[-4000:]

    _assert_runs_never_overlap_and_end_as_expected(archive, down_runs)
    _assert_the_interrupted_crawl_closed_its_warc(archive)
    _assert_status_shows_each_site(archive, seeds)


def _assert_runs_never_overlap_and_end_as_expected(archive: Path, down_runs: int) -> None:
    """Every run finished and recorded, none overlapping; the last alpha run interrupted."""
    # Runs of one site never overlap; every run is finished and recorded.
    for site in ("alpha", "beta", "down"):
        site_runs = runs(archive, site)
        assert all(r.finished for r in site_runs), site_runs
        for prev, nxt in zip(site_runs, site_runs[1:], strict=False):
            assert nxt.started_at >= prev.finished_at, (site, prev, nxt)
    alpha = runs(archive, "alpha")
    assert [r.outcome for r in alpha[:-1]] == ["ok"] * (len(alpha) - 1), alpha
    assert alpha[0].pages and alpha[0].items == 40, alpha[0]
    # Later runs may skip archived articles (incremental re-crawls), never the sections.
    assert all(r.pages for r in alpha[1:-1])
    last = alpha[-1]
    assert last.outcome == "interrupted", last
    # Scrapy stopped gracefully on the scheduler's SIGINT: finish reason "shutdown", exit 1
    # (even when the signal lands before the first response: interrupted is not "site down").
    assert last.exit_code == 1, last
    down = runs(archive, "down")
    assert len(down) >= 2 and len(down) == down_runs
    assert all(r.outcome == "failed" and r.exit_code == 4 for r in down[:2]), down
    assert "connection refused" in (down[0].message or "")


def _assert_the_interrupted_crawl_closed_its_warc(archive: Path) -> None:
    """No .open file; every WARC file passes warcio check."""
    # The interrupted crawl closed its WARC file properly.
    assert not list((archive / "warc").glob("*.open"))
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            assert sum(1 for _ in ArchiveIterator(fh)) >= 1
    warcio = Path(sys.executable).parent / "warcio"
    files = sorted(map(str, (archive / "warc").glob("*.warc.gz")))
    check = subprocess.run([str(warcio), "check", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert list((archive / "state" / "runs").glob("alpha-*.json"))


def _assert_status_shows_each_site(archive: Path, seeds: Path) -> None:
    """``status``: one row per site, its last outcome and the next run."""
    # status: one row per site, last outcome and next run.
    status = subprocess.run(
        [*cli_prefix(), "status", "--archive", str(archive), "--seeds", str(seeds)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert status.returncode == 0, status.stderr
    out = status.stdout
    assert "scheduler not running" in out
    rows = {line.split()[0]: line for line in out.splitlines()[3:] if line and ":" not in line[:6]}
    assert rows["alpha"].split()[3] == "interrupted"
    assert rows["beta"].split()[3] in ("ok", "interrupted")
    # (a run started just before the seed file was removed may end "config": no such file)
    assert rows["down"].split()[3] in ("failed", "interrupted", "config")
    assert rows["down"].endswith("(no seed file)")
    assert "alpha: interrupted (SIGINT/SIGTERM) after 0 pages" in out


def test_schedule_refuses_missing_seeds_folder(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*cli_prefix(), "schedule", "--seeds", str(tmp_path / "nope"), "--archive",
         str(tmp_path / "a")],
        capture_output=True,
        text=True,
        timeout=30,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: ") and "no such seeds folder" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def run_briefly(cmd: list[str], log_path: Path, until: str) -> str:
    """Start the scheduler, wait for a log line, SIGTERM it; returns its log."""
    with log_path.open("w") as log_fh:
        proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_for(repr(until), lambda: until in log_path.read_text(), 120, log_path)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log_path.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return log_path.read_text()


def test_jobs_persist_and_are_reconciled_on_restart(tmp_path: Path) -> None:
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    write_seed(seeds, "keep", "http://127.0.0.1:9")
    gone = write_seed(seeds, "gone", "http://127.0.0.1:9")
    base = [*cli_prefix(), "schedule", "--seeds", str(seeds), "--archive", str(archive)]
    text = run_briefly(base, tmp_path / "one.log", "scheduler started")
    assert "keep: schedule added" in text and "gone: schedule added" in text

    status = subprocess.run(
        [*cli_prefix(), "status", "--archive", str(archive), "--seeds", str(seeds)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert status.returncode == 0 and "never run" in status.stdout, status.stdout
    # The next run comes from the job store: the demo seed's "*/30 * * * *" (Berlin time).
    keep_row = next(ln for ln in status.stdout.splitlines() if ln.startswith("keep "))
    nxt = datetime.strptime(" ".join(keep_row.split()[-2:]), "%Y-%m-%d %H:%M:%SZ")
    assert nxt.minute in (0, 30) and nxt.second == 0, keep_row

    # Restart with one seed removed and the other rescheduled: jobs follow the folder.
    gone.unlink()
    hourly = [*base, "--every-seconds", "3600"]
    text = run_briefly(hourly, tmp_path / "two.log", "scheduler started")
    assert "gone: schedule removed" in text and "keep: schedule changed" in text
    assert "keep: schedule added" not in text
