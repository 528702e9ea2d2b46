"""A full disk at start and a read-only archive are said as such.

Neither is a damaged store: the advice to move a store file away (losing URL state and run
history) is only given for a file SQLite proves damaged. Reading commands work on a
read-only archive (researchers mount archives read-only); writing ones say so in one line.
The read-only archive is a real read-only bind mount (the suite runs as root, where
permission bits would not stop a write).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section

STORY = f"http://{SITE}/news/one.html"


def _archive(faults: FaultServer, folder: Path, archive: Path) -> Path:
    faults.page("/", section([]))
    faults.page("/sec/", section([STORY, f"http://{SITE}/news/two.html"]))
    faults.page("/news/one.html", article("One"))
    faults.page("/news/two.html", article("Two"))
    seed = write_seed(folder, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, archive)
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    return seed


@pytest.fixture()
def read_only_view(tmp_path: Path) -> Iterator:
    """``view(folder)``: the folder bind-mounted read-only at a new path (unmounted after)."""
    mounted: list[Path] = []

    def view(folder: Path) -> Path:
        target = tmp_path / "read-only"
        target.mkdir()
        steps = [
            ["mount", "--bind", str(folder), str(target)],
            ["mount", "-o", "remount,bind,ro", str(target)],
        ]
        for step in steps:
            proc = subprocess.run(step, capture_output=True, text=True)
            if proc.returncode != 0:
                pytest.skip(f"cannot make a read-only bind mount here: {proc.stderr.strip()}")
            if step is steps[0]:
                mounted.append(target)
        return target

    try:
        yield view
    finally:
        for path in mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _one_error_line(proc: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "move the file away" not in lines[0]
    return lines[0]


def test_reading_commands_work_on_a_read_only_archive(
    faults: FaultServer, tmp_path: Path, read_only_view
) -> None:
    seed = _archive(faults, tmp_path, tmp_path / "archive")
    before = sorted(p.relative_to(tmp_path / "archive") for p in (tmp_path / "archive").rglob("*"))
    archive = read_only_view(tmp_path / "archive")
    assert subprocess.run(["touch", str(archive / "x")], capture_output=True).returncode != 0

    status = newsarchiver("status", "--archive", str(archive), "--seeds", str(seed.parent))
    assert status.returncode == 0, status.stderr
    assert "faults" in status.stdout and "ok" in status.stdout

    report = newsarchiver("report", "--archive", str(archive), "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)

    out = tmp_path / "export.jsonl"
    export = newsarchiver("export", "--archive", str(archive), "--out", str(out))
    assert export.returncode == 0, export.stderr
    assert sorted(json.loads(line)["headline"] for line in out.read_text().splitlines()) == [
        "One",
        "Two",
    ]
    history = newsarchiver("history", STORY, "--archive", str(archive))
    assert history.returncode == 0, history.stderr
    assert "One" in history.stdout

    wacz = newsarchiver("wacz", "--archive", str(archive), "--out", str(tmp_path / "a.wacz"))
    assert wacz.returncode == 0, wacz.stderr
    # Nothing was written into the archive (the mount would have refused it anyway).
    after = sorted(p.relative_to(tmp_path / "archive") for p in (tmp_path / "archive").rglob("*"))
    assert after == before


def test_writing_commands_on_a_read_only_archive_say_so_in_one_line(
    faults: FaultServer, tmp_path: Path, read_only_view
) -> None:
    seed = _archive(faults, tmp_path, tmp_path / "archive")
    archive = read_only_view(tmp_path / "archive")
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    assert proc.returncode == 5, proc.stdout + proc.stderr
    assert "read-only file system" in _one_error_line(proc)
    proc = newsarchiver("index", "--archive", str(archive))
    assert proc.returncode == 5, proc.stdout + proc.stderr
    assert "read-only file system" in _one_error_line(proc)
    out = tmp_path / "e.jsonl"
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), "--since-last", "x")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "read-only" in _one_error_line(proc)


def test_a_full_disk_at_start_is_exit_5_free_space_not_a_damaged_store(
    faults: FaultServer,
    tmp_path: Path,
    mount_tmpfs,
) -> None:
    disk = mount_tmpfs(tmp_path / "disk", "8m")
    seed = _archive(faults, tmp_path, disk / "archive")
    # Fill the disk, then free a few pages: a lock file can be written, a store cannot grow.
    filler = disk / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True)
    with filler.open("r+b") as fh:
        fh.truncate(filler.stat().st_size - 16384)
    proc = newsarchiver("crawl", str(seed), "--archive", str(disk / "archive"), "--no-progress")
    assert proc.returncode == 5, proc.stdout + proc.stderr
    assert "free space" in _one_error_line(proc)
    filler.unlink()
    proc = newsarchiver("crawl", str(seed), "--archive", str(disk / "archive"), "--no-progress")
    assert proc.returncode == 0, proc.stdout + proc.stderr
