"""Credentials never reach the archive.

A seed may not carry a user name or password in a section URL (``check-seed`` says so in
one line, without echoing them); proxy credentials are used for the proxy and kept out of
every file of the archive.
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

from tests.conftest import newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def test_check_seed_refuses_credentials_in_a_section_url(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://bob:hunter2@{SITE}/sec/"])
    proc = newsarchiver("check-seed", str(seed))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        f"error: {seed}: field 'sections[0].url': must not contain a user name or password "
        "(user:password@host); they would be sent to every page and written into the "
        "archive. Remove them"
    ]
    assert "hunter2" not in proc.stdout + proc.stderr


def _archive_bytes(archive: Path) -> bytes:
    out = []
    for path in archive.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            out.append(gzip.decompress(data) if path.name.endswith(".gz") else data)
    return b"\n".join(out)


def test_proxy_credentials_are_used_but_never_archived(faults: FaultServer, tmp_path: Path):
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Behind a proxy"))
    proxy = f"http://proxyuser:s3cretpw@127.0.0.1:{faults.port}"
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=proxy)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stderr
    token = base64.b64encode(b"proxyuser:s3cretpw")
    assert all(
        h.headers.get("Proxy-Authorization") == f"Basic {token.decode()}" for h in faults.hits
    )
    data = _archive_bytes(result.archive)
    assert b"WARC/1.1" in data and b"Behind a proxy" in data  # the archive was read
    assert b"s3cretpw" not in data and token not in data
    assert "s3cretpw" not in result.proc.stdout + result.proc.stderr
