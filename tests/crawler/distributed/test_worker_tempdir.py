"""A worker's folder for the enqueued seeds is removed on every way it exits.

Each `newsarchiver worker` writes the seeds of the runs it crawls into a temporary folder;
before, the folder outlived the worker (hundreds piled up in /tmp). The workers here run
with their own TMPDIR, so the test sees exactly the folders they made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.layout import ArchiveLayout
from tests.conftest import newsarchiver
from tests.workers import WorkerProc, frontier, wait_for, worker_registered


def _seed_dirs(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("newsarchiver-seeds-*"))


@pytest.fixture()
def worker_tmp(tmp_path, monkeypatch) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    return tmp


def _started(tmp: Path, url: str, worker_id: str) -> list[Path]:
    wait_for("the worker to register", lambda: worker_registered(frontier(url), worker_id))
    return wait_for("the worker's seed folder", lambda: _seed_dirs(tmp))


def test_an_idle_worker_removes_its_seed_folder(tmp_path, worker_tmp, redis_server):
    proc = newsarchiver(
        "worker", "--redis", redis_server.url, "--archive", str(tmp_path / "a"),
        "--id", "idle", "--exit-when-idle",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # it got as far as the crawl loop (the log is set up just before the folder is made)
    assert list(ArchiveLayout(tmp_path / "a").logs_dir.glob("worker-idle-*.log"))
    assert _seed_dirs(worker_tmp) == []


def test_a_stopped_worker_removes_its_seed_folder(tmp_path, worker_tmp, redis_server):
    worker = WorkerProc(redis_server.url, tmp_path / "a", "stopped")
    made = _started(worker_tmp, redis_server.url, "stopped")
    assert len(made) == 1
    assert worker.stop() == 0
    assert _seed_dirs(worker_tmp) == []


def test_a_worker_that_lost_redis_removes_its_seed_folder(tmp_path, worker_tmp, redis_server):
    worker = WorkerProc(redis_server.url, tmp_path / "a", "lost")
    _started(worker_tmp, redis_server.url, "lost")
    redis_server.stop()
    assert worker.proc.wait(60) == 6, worker.output()
    worker.stop()
    assert "Traceback" not in worker.output()
    assert _seed_dirs(worker_tmp) == []
