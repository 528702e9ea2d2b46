"""The seed's ``[schedule] timeout``: a graceful stop inside the crawl (``crawl`` and the
scheduler), and the scheduler killing a crawl's process group that outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from archive.stores.run_log import RunLog
from crawler.cron.jobs import CrawlScheduler
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.conftest import newsarchiver
from tests.crawler.cron.test_schedule import cli_prefix, runs, wait_for

ROOT = Path(__file__).resolve().parents[3]
DEMO_SEED = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")


def slow_seed(folder: Path, name: str, proxy: str, timeout: str) -> Path:
    """The demo seed under another name, with a timeout and one request at a time."""
    text = DEMO_SEED.replace('name = "demo"', f'name = "{name}"', 1)
    start = text.index("[schedule]")
    end = text.index("\n\n", start)
    text = text[:start] + f'[schedule]\ncron = "0 3 * * *"\ntimeout = "{timeout}"' + text[end:]
    text += f'\n[fetch]\nproxy = "{proxy}"\nconcurrency = 1\n'
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_crawl_stops_gracefully_at_the_seed_timeout(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=60), port=0, latency_ms=300) as server:
        seed = slow_seed(tmp_path, "slow", server.proxy_url, "3s")
        started = time.monotonic()
        proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
        took = time.monotonic() - started
    # At 300 ms per request the full crawl takes well over a minute.
    assert took < 30, took
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "(closespider_timeout)" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert not list((archive / "warc").glob("*.open"))  # WARC file closed properly
    with RunLog.open(archive) as log:
        (run,) = log.runs("slow")
    assert run.outcome == "timeout" and run.exit_code == 1, run
    assert "timeout" in (run.message or ""), run
    status = newsarchiver("status", "--archive", str(archive), "--seeds", str(tmp_path))
    row = next(ln for ln in status.stdout.splitlines() if ln.startswith("slow "))
    assert row.split()[3] == "timeout", status.stdout


#: The scheduler's grace before it kills a crawl past its timeout: far longer than a loaded
#: machine needs to start a crawl and stop it gracefully, so only a real hang reaches it.
GRACE = 90


def test_scheduler_records_a_timed_out_crawl(tmp_path: Path) -> None:
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    log_path = tmp_path / "scheduler.log"
    with DemoSiteServer(DemoSite(articles=60), port=0, latency_ms=300) as server:
        slow_seed(seeds, "slow", server.proxy_url, "2s")
        cmd = [
            *cli_prefix(), "schedule", "--seeds", str(seeds), "--archive", str(archive),
            "--every-seconds", "1", "--rescan-seconds", "0.5", "--timeout-grace", str(GRACE),
        ]  # fmt: skip
        with log_path.open("w") as log_fh:
            proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            wait_for(
                "a finished run", lambda: any(r.finished for r in runs(archive)), 180, log_path
            )
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=40) == 0, log_path.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    first = runs(archive, "slow")[0]
    # exit code 1 and a duration inside the grace period: the crawl stopped itself at its
    # timeout; a crawl the scheduler had to kill has no exit code of its own
    assert first.outcome == "timeout" and first.exit_code == 1, first
    assert first.seconds is not None and first.seconds < GRACE, first
    assert "Traceback" not in log_path.read_text()


HANGING_PYTHON = """#!/bin/sh
# Stands in for a crawl that ignores its timeout and SIGINT, with a child of its own.
trap '' INT TERM
sleep 300 &
echo $! > "{pidfile}"
wait
"""


def test_scheduler_kills_the_process_group_of_a_crawl_past_its_timeout(tmp_path: Path) -> None:
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    seed = slow_seed(seeds, "stuck", "http://127.0.0.1:9", "1s")
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "fake-python"
    fake.write_text(HANGING_PYTHON.format(pidfile=pidfile), encoding="utf-8")
    fake.chmod(0o755)
    sched = CrawlScheduler(seeds, archive, timeout_grace=1.0, python=str(fake))
    sched.start()
    try:
        started = time.monotonic()
        sched.run_site("stuck", str(seed))
        took = time.monotonic() - started
    finally:
        sched.stop()
    assert 1.5 < took < 15, took
    (run,) = runs(archive, "stuck")
    assert run.outcome == "timeout" and run.exit_code == -signal.SIGKILL, run
    assert "killed" in (run.message or ""), run
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        # A zombie is dead too (its parent was killed; init reaps it).
        stat = Path(f"/proc/{child}/stat")
        if stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the crawl's child {child} survived the kill")


def test_seed_timeout_reaches_scrapy_settings() -> None:
    from crawler.addon import seed_settings
    from crawler.seed import parse_seed

    data = {
        "name": "t",
        "timezone": "UTC",
        "schedule": {"cron": "*/5 * * * *", "timeout": "1h30m"},
        "sections": [{"name": "a", "url": "http://x.test/"}],
    }
    seed = parse_seed(data, Path("t.toml"))
    assert seed.schedule == "*/5 * * * *" and seed.timeout_seconds == 5400
    assert seed_settings(seed)["CLOSESPIDER_TIMEOUT"] == 5400
