"""Child processes measured with ``os.wait4``, and the demo site in its own process."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"


@dataclass
class ChildRun:
    """What one finished child cost: wall time, CPU time and peak RSS."""

    returncode: int
    wall: float
    cpu: float  # user + sys seconds
    maxrss_mb: float
    timed_out: bool = False


def run_measured(
    argv: list[str], *, stdout: Path, stderr: Path, timeout: float, cwd: Path = ROOT
) -> ChildRun:
    """Run ``argv`` to completion (killed after ``timeout`` s) and return its rusage."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd, start_new_session=True)
        killed = threading.Event()

        def _kill() -> None:
            killed.set()
            os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, _kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        returncode=child.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        timed_out=killed.is_set(),
    )


class DemoSiteProcess:
    """``newsarchiver demo-site`` in a separate process; ``proxy`` is its proxy URL."""

    def __init__(self, articles: int, latency_ms: float) -> None:
        self.argv = [
            str(VENV_BIN / "newsarchiver"),
            "demo-site",
            "--port",
            "0",
            "--articles",
            str(articles),
            "--latency-ms",
            str(latency_ms),
        ]
        self.proc: subprocess.Popen[str] | None = None
        self.proxy = ""

    def __enter__(self) -> DemoSiteProcess:
        self.proc = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # "demo site http://... via proxy http://127.0.0.1:P"
        if "via proxy" not in line:
            self.__exit__()
            raise RuntimeError(f"demo site did not start: {line!r}")
        self.proxy = line.rsplit(" ", 1)[-1].strip()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
