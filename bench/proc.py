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
    """What one finished child cost: wall time, CPU time and peak RSS.

    ``maxrss_mb`` is the largest single process's peak (``os.wait4``: the child or one of
    its waited-for children); ``tree_rss_mb`` the peak of the RSS summed over the child and
    its descendants (an extraction pool's workers), sampled from /proc (0: not sampled).
    """

    returncode: int
    wall: float
    cpu: float  # user + sys seconds
    maxrss_mb: float
    timed_out: bool = False
    tree_rss_mb: float = 0.0


def _tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and of all its descendants, in MB (Linux /proc; 0 elsewhere)."""
    total, stack = 0, [pid]
    while stack:
        proc = stack.pop()
        try:
            with open(f"/proc/{proc}/statm") as fh:
                total += int(fh.read().split()[1])
            for task in os.listdir(f"/proc/{proc}/task"):
                with open(f"/proc/{proc}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError, IndexError):
            continue  # the process has just ended
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


class _TreeRss(threading.Thread):
    """Samples :func:`_tree_rss_mb` of a child every half second; ``peak`` is the highest."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, _tree_rss_mb(self.pid))


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
        sampler = _TreeRss(child.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
            sampler.done.set()
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        returncode=child.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        timed_out=killed.is_set(),
        tree_rss_mb=sampler.peak,
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
