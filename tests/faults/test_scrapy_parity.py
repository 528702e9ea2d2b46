"""``scrapy crawl news`` ends like ``newsarchiver crawl``, side by side.

Same exit code and the same one ``error:`` line for a bad seed, no seed, a dead site and an
interrupted crawl (Scrapy's own command exits 0 for the last two and prints tracebacks for
the first two).
"""

from __future__ import annotations

import signal
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import BIN, ROOT
from tests.faults.conftest import SITE, write_seed
from tests.faults.server import FaultServer, Hit, article, section


def _newsarchiver(seed: Path, archive: Path) -> list[str]:
    return [str(BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive),
            "--no-progress"]  # fmt: skip


def _scrapy(seed: Path | None, archive: Path) -> list[str]:
    args = [str(BIN / "scrapy"), "crawl", "news", "-s", f"NEWSARCHIVER_ARCHIVE_DIR={archive}"]
    return [*args, "-s", "LOG_LEVEL=ERROR", *(["-a", f"seed={seed}"] if seed else [])]


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def _error_lines(proc: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]


def test_a_bad_seed_is_one_error_line_and_exit_2_for_both(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"])
    seed.write_text(seed.read_text().replace("Europe/Berlin", "Mars/Base"))
    ours = _run(_newsarchiver(seed, tmp_path / "a"))
    theirs = _run(_scrapy(seed, tmp_path / "b"))
    assert (ours.returncode, theirs.returncode) == (2, 2), theirs.stderr
    assert _error_lines(ours) == _error_lines(theirs) != []
    assert len(_error_lines(theirs)) == 1


def test_no_seed_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    proc = _run(_scrapy(None, tmp_path / "b"))
    assert proc.returncode == 2, proc.stderr
    assert _error_lines(proc) == ["error: no seed given: use `-a seed=seeds/NAME.toml`"]


def test_a_dead_site_is_exit_4_for_both(faults: FaultServer, tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/gone/"], proxy=faults.proxy_url)
    ours = _run(_newsarchiver(seed, tmp_path / "a"))
    theirs = _run(_scrapy(seed, tmp_path / "b"))
    assert (ours.returncode, theirs.returncode) == (4, 4), theirs.stderr
    assert "Traceback" not in ours.stderr + theirs.stderr


@pytest.mark.parametrize("how", ["newsarchiver", "scrapy"])
def test_an_interrupted_crawl_is_exit_1_for_both(
    faults: FaultServer, tmp_path: Path, how: str
) -> None:
    held, release = threading.Event(), threading.Event()

    def hold(hit: Hit) -> tuple[int, list[tuple[str, str]], bytes]:
        held.set()
        release.wait(60)
        return 200, [("Content-Type", "text/html")], article("Late").encode()

    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/late.html"]))
    faults.route("/news/late.html", hold)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"
    cmd = _newsarchiver(seed, archive) if how == "newsarchiver" else _scrapy(seed, archive)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert held.wait(120), "the crawl never reached the held article"
        proc.send_signal(signal.SIGINT)
    finally:
        release.set()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out.decode() + err.decode()
    assert b"Traceback" not in err
