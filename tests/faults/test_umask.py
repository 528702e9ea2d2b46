"""Exports and batch extractions get the mode the umask asks for."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from archive.atomic import temp_beside
from tests.conftest import DemoCrawl, newsarchiver


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_temp_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    import os

    old = os.umask(umask)
    try:
        fd, path = temp_beside(tmp_path / "out.jsonl")
        os.close(fd)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_export_and_batch_extract_respect_the_umask(demo_crawl: DemoCrawl, tmp_path: Path):
    out = tmp_path / "export.jsonl"
    proc = newsarchiver(
        "export", "--archive", str(demo_crawl.archive), "--out", str(out), umask=0o002
    )
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o664  # was 0600 whatever the umask

    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Title</h1><p>Text.</p></body></html>", encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "1", "url": "http://x.test/a", "path": str(page)}) + "\n")
    batch = tmp_path / "batch.jsonl"
    proc = newsarchiver("extract", "--batch", str(manifest), "--out", str(batch), umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(batch.stat().st_mode) == 0o644
