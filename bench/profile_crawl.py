"""Profile one in-process ``newsarchiver crawl`` with cProfile.

    python bench/profile_crawl.py OUT.prof SEED ARCHIVE PROXY

Runs the CLI's crawl command under :class:`cProfile.Profile` and dumps the stats. The
profiler counts the reactor thread's CPU time (``time.thread_time``), not wall time: on a
shared machine a wall-clock profile charges every function with the time other processes
held the core, and with an extraction pool the crawl's own other processes and threads
are not the reactor's cost.
"""

from __future__ import annotations

import cProfile
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.cli import main as cli_main  # noqa: E402


def main() -> None:
    """Profile the crawl given on the command line."""
    out, seed, archive, proxy = sys.argv[1:5]
    sys.argv = ["newsarchiver", "crawl", seed, "--archive", archive, "--proxy", proxy]
    sys.argv.append("--no-progress")
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    try:
        cli_main()
    except SystemExit:
        pass
    finally:
        profiler.disable()
        profiler.dump_stats(out)


if __name__ == "__main__":
    main()
