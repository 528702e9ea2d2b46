"""Recovery of ``*.warc.gz.open`` files a killed writer left behind (``archive/warc/recovery.py``):
a half-written record is cut off, the complete records kept, the file renamed, and a file still
held by a live writer left alone."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

from archive.warc.writer import WarcFileWriter
from tests.archive.warc.test_writer import read_records, warcio_check, write_three
from tests.conftest import ROOT


def test_stale_open_file_is_recovered(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, host_tag="h")
    pointers = write_three(writer)
    open_path = tmp_path / (pointers[0].file + ".open")
    good = open_path.read_bytes()
    # simulate kill -9 in the middle of a record: copy the bytes, add half a gzip member
    crashed = tmp_path / "crashed-20260101000000000-00000-h.warc.gz.open"
    crashed.write_bytes(good + gzip.compress(b"WARC/1.1\r\n" + b"x" * 5000)[:-4])
    empty = tmp_path / "empty-20260101000000000-00000-h.warc.gz.open"
    empty.write_bytes(b"\x1f\x8b\x08\x00garbage")

    other = WarcFileWriter(tmp_path, host_tag="h")
    assert other.recovered == ["crashed-20260101000000000-00000-h.warc.gz"]
    assert open_path.exists()  # still locked by its live writer: untouched
    assert not crashed.exists() and not empty.exists()
    recovered = tmp_path / "crashed-20260101000000000-00000-h.warc.gz"
    assert recovered.read_bytes() == good
    assert warcio_check(recovered).returncode == 0
    writer.close()
    other.close()


# Writes exchanges until killed; argv: WARC folder [, index folder for live CDXJ lines].
KILL_SCRIPT = """
import sys
from datetime import UTC, datetime
from archive.index.cdxj_live import LiveIndex
from archive.warc.writer import WarcFileWriter
sink = LiveIndex.for_writer(sys.argv[2]) if len(sys.argv) > 2 else None
w = WarcFileWriter(sys.argv[1], host_tag="k", sink=sink)
i = 0
while True:
    w.write_exchange(url=f"http://example.org/{i}", method="GET", request_headers=[],
                     request_body=b"", protocol="HTTP/1.1", status=200, reason="OK",
                     response_headers=[], body=bytes(range(256)) * 64, ip_address=None,
                     fetched_at=datetime.now(UTC))
    if i == 0:
        print("written", flush=True)
    i += 1
"""


def kill_9_mid_write(*args: str) -> None:
    """Run KILL_SCRIPT with ``args`` until it has written, then SIGKILL it mid-record."""
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"written\n"
        time.sleep(0.3)
    finally:
        proc.kill()  # SIGKILL: no close(), no rename
        proc.wait()


def test_recovery_after_real_kill_9(tmp_path: Path) -> None:
    kill_9_mid_write(str(tmp_path))
    (stale,) = tmp_path.glob("*.warc.gz.open")
    writer = WarcFileWriter(tmp_path, host_tag="k")
    assert writer.recovered == [stale.name[: -len(".open")]]
    assert not list(tmp_path.glob("*.open"))
    recovered = tmp_path / writer.recovered[0]
    assert warcio_check(recovered).returncode == 0
    types = [r["type"] for r in read_records(recovered)]
    assert types[0] == "warcinfo" and types.count("response") >= 1
