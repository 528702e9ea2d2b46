"""A header or reason phrase that is not UTF-8 loses nothing.

HTTP header bytes are whatever the server sent (Latin-1 in practice, RFC 9110 calls the
rest obs-text); the page must be archived with those bytes and extracted like any other.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def _warc_bytes(archive: Path) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) for p in (archive / "warc").glob("*.warc.gz"))


def test_latin1_header_and_reason_phrase_are_archived_as_received_and_extracted(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/muller.html"]))
    body = article("Müller wins").encode("utf-8")
    disposition = 'inline; filename="Müller.html"'  # sent as Latin-1: one 0xFC byte
    faults.route(
        "/news/muller.html",
        lambda hit: (
            200,
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Disposition", disposition)],
            body,
        ),
    )
    faults.reasons["/news/muller.html"] = "Très bien"
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    assert result.warnings == []
    assert [i["headline"] for i in result.items()] == ["Müller wins"]
    data = _warc_bytes(result.archive)
    assert b"\r\n\r\nHTTP/1.1 200 Tr\xe8s bien\r\n" in data
    assert b'\r\nContent-Disposition: inline; filename="M\xfcller.html"\r\n' in data
    warcio = Path(sys.executable).parent / "warcio"
    files = [str(p) for p in (result.archive / "warc").glob("*.warc.gz")]
    assert subprocess.run([str(warcio), "check", *files]).returncode == 0
