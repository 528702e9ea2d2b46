"""A failed write reaches the writer's error hook, whatever record it was writing."""

from __future__ import annotations

import errno
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.recovery import OPEN_SUFFIX, recover_open_files
from archive.warc.writer import WarcFileWriter

FETCHED = datetime(2026, 11, 25, 9, 30, 1, tzinfo=UTC)
BODY = bytes(range(256)) * 64  # 16 KiB that gzip cannot shrink much


def _exchange(writer: WarcFileWriter, n: int) -> None:
    writer.write_exchange(
        url=f"http://127.0.0.1/a/{n}",
        method="GET",
        request_headers=[("User-Agent", "test")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "application/octet-stream")],
        body=BODY + n.to_bytes(4, "big"),
        ip_address="127.0.0.1",
        fetched_at=FETCHED,
    )


def _metadata(writer: WarcFileWriter, n: int) -> None:
    writer.write_metadata(
        url=f"http://127.0.0.1/a/{n}",
        refers_to="<urn:uuid:00000000-0000-0000-0000-000000000000>",
        fields=[("note", BODY.hex())],
        created_at=FETCHED,
    )


@pytest.mark.parametrize("write", [_exchange, _metadata], ids=["exchange", "metadata"])
def test_a_full_disk_calls_the_error_hook_with_the_open_file(
    mount_tmpfs,
    tmp_path: Path,
    write,
) -> None:
    warc_dir = mount_tmpfs(tmp_path / "warc", "256k")
    failures: list[tuple[Path, OSError]] = []
    writer = WarcFileWriter(warc_dir, on_error=lambda path, exc: failures.append((path, exc)))
    with pytest.raises(OSError) as raised:
        for n in range(1000):
            write(writer, n)
    assert len(failures) == 1
    path, exc = failures[0]
    assert exc is raised.value and exc.errno == errno.ENOSPC
    assert path.name.endswith(".warc.gz" + OPEN_SUFFIX) and path.parent == warc_dir
    assert n > 0
    # Every write before the failure is whole: in the finished file, or (when even cutting
    # the failed group back failed) in the .open file the next writer's recovery finishes.
    writer.close()
    recover_open_files(warc_dir)
    (warc,) = warc_dir.iterdir()
    assert warc.name.endswith(".warc.gz")
    with warc.open("rb") as fh:
        types = [record.rec_type for record in ArchiveIterator(fh)]
    per_write = ["response", "request"] if write is _exchange else ["metadata"]
    assert types[: 1 + len(per_write) * n] == ["warcinfo"] + per_write * n


def test_without_a_hook_the_error_is_only_raised(mount_tmpfs, tmp_path: Path) -> None:
    warc_dir = mount_tmpfs(tmp_path / "warc", "128k")
    writer = WarcFileWriter(warc_dir)
    with pytest.raises(OSError):
        for n in range(1000):
            _exchange(writer, n)
