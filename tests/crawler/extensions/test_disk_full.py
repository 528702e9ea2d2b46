"""A full disk during a crawl, for real: the archive folder is a 2 MB tmpfs.

The crawl must stop with one clear line and exit code 5, keep everything it archived
before (closed WARC files valid, the ``.open`` file cut back to complete records, no half
JSONL line, SQLite stores intact), and a crawl after space was freed must recover the
``.open`` file and complete, so that together the two crawls hold every article.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.summary import CrawlSummary, ExitCode
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.conftest import newsarchiver

ROOT = Path(__file__).resolve().parents[3]
DEMO_SEED = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
WARCIO = Path(sys.executable).parent / "warcio"


def warc_records(path: Path) -> list[tuple[str, str | None, int]]:
    """(type, target URI, offset) of every record; raises on a torn record."""
    out = []
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            rec.content_stream().read()
            out.append(
                (
                    rec.rec_type,
                    rec.rec_headers.get_header("WARC-Target-URI"),
                    it.get_record_offset(),
                )
            )
    return out


def items_of(archive: Path) -> list[dict]:
    """Every item line; asserts that no file holds a partial or unparseable line."""
    out = []
    for path in sorted((archive / "items").glob("*.jsonl")):
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), f"{path.name} ends in a partial line"
        out.extend(orjson.loads(line) for line in data.splitlines())
    return out


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("full", "size", "workers"),
    [
        ("", "2m", 1),  # the whole archive folder: SQLite's WAL files usually fill it first
        ("warc", "1m", 1),  # only the WARC folder is full: the writer hits ENOSPC
        ("items", "64k", 1),  # only the item log's folder is full
        # With the extraction pool, pages captured whose items are still in the workers
        # when the disk fills: the crawl stops the same way, and the next crawl logs them.
        ("", "2m", 2),
    ],
)
def test_full_disk_stops_the_crawl_cleanly_and_the_next_crawl_completes(
    mount_tmpfs, tmp_path: Path, full: str, size: str, workers: int
) -> None:
    archive = tmp_path / "archive"
    small_disk = mount_tmpfs(archive / full if full else archive, size)
    site = DemoSite()
    expected = {a.url for a in site.visible_articles()}
    with DemoSiteServer(site, port=0) as server:
        seed = tmp_path / "seeds" / "demo.toml"
        seed.parent.mkdir()
        # With extraction in the crawl process some item lines are written before the disk
        # fills; with a pool that depends on when the workers' results come back. No site
        # profile: a first crawl holds its first 100 items while it learns one, so none
        # would be written before the disk fills (tests/faults/test_profile_stops.py covers
        # a crawl stopped while it holds them).
        fetch = f'\n[fetch]\nproxy = "{server.proxy_url}"\nextract_workers = {workers}\n'
        text = DEMO_SEED.replace("[extract]\n", "[extract]\nprofile = false\n")
        assert "profile = false" in text
        seed.write_text(text + fetch, "utf-8")
        first = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")

        # One clear line, the documented exit code, no traceback.
        assert first.returncode == ExitCode.DISK_FULL == 5, first.stdout + first.stderr
        assert "Traceback" not in first.stderr and "Logging error" not in first.stderr
        lines = [ln for ln in first.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, first.stderr
        line = lines[0]
        assert line.startswith(f"ERROR: disk full while writing {small_disk}/"), line
        assert "crawl stopped after" in line and "everything archived before is intact" in line
        assert "(disk_full)" in first.stdout

        # Nothing archived is damaged: closed WARC files pass `warcio check`, an .open file
        # left behind holds only complete records, items point at records that exist.
        warc_dir = archive / "warc"
        closed = sorted(warc_dir.glob("*.warc.gz"))
        assert closed or list(warc_dir.glob("*.open"))
        if closed:
            check = subprocess.run([str(WARCIO), "check", *map(str, closed)], capture_output=True)
            assert check.returncode == 0, check.stdout + check.stderr
        records: dict[str, dict[int, tuple[str, str | None]]] = {}
        for path in sorted(warc_dir.iterdir()):
            records[path.name] = {off: (t, url) for t, url, off in warc_records(path)}
        items = items_of(archive)
        if workers == 1:
            assert items, "some articles were archived before the disk filled up"
        for item in items:
            pointer = item["warc"]
            held = records.get(pointer["file"]) or records.get(pointer["file"] + ".open")
            assert held is not None, pointer
            assert held[pointer["offset"]] == ("response", item["url"]), pointer
        for name in ("urls.sqlite3", "items.sqlite3", "digests.sqlite3"):
            path = archive / "state" / name
            if path.exists():
                assert integrity(path) == "ok", name

        # Space freed: the next crawl recovers the .open file and completes.
        subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], check=True)
        second = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert not list(warc_dir.glob("*.open"))
    files = sorted(warc_dir.glob("*.warc.gz"))
    check = subprocess.run([str(WARCIO), "check", *map(str, files)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # Together the two crawls hold every article, each item pointing at its capture.
    items = items_of(archive)
    assert {i["url"] for i in items} >= expected
    by_file = {path.name: {off: (t, u) for t, u, off in warc_records(path)} for path in files}
    for item in items:
        pointer = item["warc"]
        # (an article re-fetched after its item was lost is a revisit of the first capture)
        kind, url = by_file[pointer["file"]][pointer["offset"]]
        assert url == item["url"] and kind in ("response", "revisit"), (pointer, kind)
    for name in ("urls.sqlite3", "items.sqlite3"):
        assert integrity(archive / "state" / name) == "ok"

    # `status` shows the disk-full run and its line.
    status = newsarchiver("status", "--archive", str(archive), "--seeds", str(seed.parent))
    assert status.returncode == 0, status.stderr


def test_jsonl_write_failure_leaves_no_partial_line(tmp_path: Path, monkeypatch) -> None:
    """ENOSPC part-way through a line: the line is cut back, the next one starts clean."""
    from archive import jsonl

    writer = jsonl.JsonlWriter(tmp_path / "x.jsonl")
    writer.write({"n": 1})
    real_write = os.write

    def half_then_enospc(fd: int, data: bytes) -> int:
        if len(data) > 10:
            real_write(fd, bytes(data[:10]))
            return 10
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jsonl.os, "write", half_then_enospc)
    with pytest.raises(OSError):
        writer.write({"n": 2, "text": "x" * 100})
    monkeypatch.setattr(jsonl.os, "write", real_write)
    writer.write({"n": 3})
    writer.close()
    assert (tmp_path / "x.jsonl").read_bytes() == b'{"n":1}\n{"n":3}\n'


@pytest.mark.parametrize(
    ("reason", "code"),
    [("disk_full", ExitCode.DISK_FULL), ("write_error", ExitCode.DISK_FULL)],
)
def test_disk_full_exit_code(reason: str, code: ExitCode) -> None:
    summary = CrawlSummary(
        site="s", archive_dir=Path("a"), pages=10, items=3, errors=0, skipped=0,
        warc_files=1, warc_bytes=1, seconds=1.0, items_file=None, log_file=Path("l"),
        finish_reason=reason,
    )  # fmt: skip
    assert summary.exit_code is code
