"""A damaged store of any kind is a configuration error; a site whose
section pages all fail is exit code 4, as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.layout import ArchiveLayout
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


@pytest.mark.parametrize("store", ["digest_db", "run_log_db"])
def test_a_damaged_digest_index_or_run_log_stops_the_crawl_in_one_line(
    faults: FaultServer, tmp_path: Path, store: str
) -> None:
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("A"))
    archive = tmp_path / "archive"
    path = getattr(ArchiveLayout(archive), store)
    path.parent.mkdir(parents=True)
    garbage = b"not a database\n" * 300
    path.write_bytes(garbage)
    result = crawl(write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url), archive)
    assert result.proc.returncode == 2, result.proc.stderr
    (line,) = result.proc.stderr.splitlines()
    assert line.startswith(f"error: {path}: ") and "move the file away" in line, line
    assert faults.hits == []  # nothing fetched
    assert path.read_bytes() == garbage


def test_every_section_answering_404_is_exit_4(faults: FaultServer, tmp_path: Path) -> None:
    """(One failing section among good ones stays exit 1: tests/e2e/test_errors.py.)"""
    # No route for /gone/ or /missing/: the fault server answers 404.
    seed = write_seed(tmp_path, [f"http://{SITE}/gone/", f"http://{SITE}/missing/"],
                      proxy=faults.proxy_url)  # fmt: skip
    result = crawl(seed, tmp_path / "a")
    assert result.proc.returncode == 4, result.proc.stdout + result.proc.stderr
    assert f"WARNING: http://{SITE}/gone/: HTTP 404" in result.warnings
    assert f"WARNING: http://{SITE}/missing/: HTTP 404" in result.warnings
