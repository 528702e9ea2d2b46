"""Progress bars: drawn on a real terminal (a pty) once work lasts more than a moment, never
in a pipe (cron, logs) and never for quick work."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from tests.conftest import ROOT

#: ``steps`` updates, ``pause`` seconds apart, then "done" on stdout.
SCRIPT = """
import sys, threading
from crawler.progress import progress
steps, pause = int(sys.argv[1]), float(sys.argv[2])
ticker = threading.Event()
with progress("exporting", unit="rows", total=steps) as update:
    for n in range(1, steps + 1):
        ticker.wait(pause)
        update(n)
print("done")
"""


def run_on_a_terminal(steps: int, pause: float) -> str:
    """Run SCRIPT with stdout and stderr on a new pty; return all it printed."""
    leader, follower = pty.openpty()
    # a terminal of 24 rows and 100 columns (a new pty has none: 0 columns hide the bar)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(steps), str(pause)],
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_bar_on_a_terminal_for_long_work() -> None:
    out = run_on_a_terminal(steps=12, pause=0.15)  # 1.8 s > DELAY
    assert "exporting" in out and "rows" in out and "12/12" in out
    assert out.rstrip().endswith("done")


def test_no_bar_for_quick_work_or_without_a_terminal() -> None:
    assert "exporting" not in run_on_a_terminal(steps=3, pause=0.01)
    piped = subprocess.run(
        [sys.executable, "-c", SCRIPT, "12", "0.15"], capture_output=True, text=True, cwd=ROOT
    )
    assert piped.returncode == 0 and piped.stdout == "done\n" and piped.stderr == ""


def test_reextract_reports_every_article_capture_it_reads(demo_crawl, tmp_path) -> None:  # noqa: ANN001
    """The hook the bar of ``reextract`` hangs on: one step per article capture."""
    from crawler.reextract import reextract
    from crawler.seed import load_seed

    steps: list[int] = []
    warcs = sorted((demo_crawl.archive / "warc").glob("*.warc.gz"))
    seed = load_seed(ROOT / "seeds" / "demo.toml")
    result = reextract(warcs, seed, tmp_path / "items.jsonl", on_capture=steps.append)
    total = result.items + result.failed + sum(result.not_articles.values())
    assert result.items >= 220 and steps == list(range(1, total + 1))
