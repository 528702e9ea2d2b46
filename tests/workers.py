"""Start `newsarchiver worker` processes and watch the frontier (tests and bench/distributed.py).

Every wait here is bounded and waits for a state (a key in Redis, a run finished), never for
a fixed time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis

from crawler.distributed.frontier import PREFIX, Frontier

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def cli(*args: str) -> list[str]:
    exe = BIN / "newsarchiver"
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "crawler.cli", *args]


def wait_for(what: str, check: Callable[[], object], timeout: float = 120) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class WorkerProc:
    """One `newsarchiver worker` child process."""

    def __init__(self, redis_url: str, archive: Path, worker_id: str, *sets: str) -> None:
        self.worker_id = worker_id
        self.log = archive.parent / f"{worker_id}.out"
        archive.parent.mkdir(parents=True, exist_ok=True)
        args = ["worker", "--redis", redis_url, "--archive", str(archive), "--id", worker_id]
        sets_iter = iter(sets)
        for s in sets_iter:  # "--option VALUE" pairs pass through, the rest are settings
            args += [s, next(sets_iter)] if s.startswith("--") else ["--set", s]
        self._out = self.log.open("w")
        self.proc = subprocess.Popen(
            cli(*args), stdout=self._out, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, timeout: float = 120) -> int:
        """SIGTERM (a clean stop) and the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self._out.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(30)
        self._out.close()


def frontier(redis_url: str) -> Frontier:
    return Frontier(redis.Redis.from_url(redis_url))


def leases_by_worker(front: Frontier, site: str) -> dict[str, int]:
    """How many leases each worker holds on ``site`` right now."""
    out: dict[str, int] = {}
    for value in front.r.hvals(f"{PREFIX}site:{site}:pending"):
        worker = value.decode().split("\t", 1)[0].split("@", 1)[0]
        out[worker] = out.get(worker, 0) + 1
    return out


def worker_registered(front: Frontier, worker_id: str) -> bool:
    return front.worker_owner(worker_id) is not None


def enqueue(seed: Path, redis_url: str, proxy: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli("crawl", str(seed), "--redis", redis_url, "--proxy", proxy),
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def run_over(front: Frontier, site: str) -> bool:
    return not front.active(site)
