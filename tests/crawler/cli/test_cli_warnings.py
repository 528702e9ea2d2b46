"""A warning from the code a command runs (not the command's own ``click.echo``) reaches the
user as every other warning does: one line starting ``WARNING:``, never a bare message
(Python's last resort for a logger without handlers prints the message alone)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import newsarchiver

URL = "https://news.demo.test/1.html"


def _archive_with_a_torn_item_log(root: Path) -> Path:
    """One capture, and an item log that ends in part of a line (a crawl killed mid-write)."""
    archive = root / "archive"
    (archive / "items").mkdir(parents=True)
    line = b'{"url": "%s", "site": "demo", "headline": "One"}\n' % URL.encode()
    (archive / "items" / "demo-20261207T000000Z.jsonl").write_bytes(line + line[:20])
    (archive / "warc").mkdir()
    with (archive / "warc" / "newsarchiver-20261207000000-00000.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = BytesIO(b"<html><h1>One</h1></html>")
        writer.write_record(writer.create_warc_record(URL, "response", payload=body,
                                                      http_headers=head))  # fmt: skip
    return archive


def test_export_report_and_wacz_say_a_torn_item_line_as_a_warning(tmp_path: Path) -> None:
    archive = _archive_with_a_torn_item_log(tmp_path)
    for command, out in (("export", "out.jsonl"), ("report", "report.html"), ("wacz", "a.wacz")):
        proc = newsarchiver(command, "--archive", str(archive), "--out", str(tmp_path / out))
        assert proc.returncode == 0, proc.stderr
        torn = [ln for ln in proc.stderr.splitlines() if "ends in a partial line" in ln]
        assert torn and all(ln.startswith("WARNING: ") for ln in torn), (command, proc.stderr)
