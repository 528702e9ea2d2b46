"""The crawl process and its extraction workers fix glibc's mmap threshold."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from crawler.malloc import give_back_big_buffers
from tests.conftest import ROOT


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_glibc_takes_the_fixed_threshold() -> None:
    assert give_back_big_buffers() is True


def test_an_extraction_worker_starts_with_it_set() -> None:
    """The worker's entry point calls it (a worker is a fresh interpreter, not a fork)."""
    code = (
        "import crawler.malloc as m, crawler.spiders.extraction_pool as p, os\n"
        "calls = []\n"
        "p.give_back_big_buffers = lambda: calls.append(1)\n"
        "os._exit = lambda code: print(len(calls), code)\n"
        "p.worker_main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, input=b"",
                          capture_output=True, timeout=60)  # fmt: skip
    # the worker prints to stderr: its stdout carries the answers
    assert proc.stderr.decode().split() == ["1", "0"], proc.stderr.decode()
