"""The archive's CDXJ index: sorted, pointing at the right records, updated incrementally."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from archive.index.cdxj import index_warc_files, update_archive_index
from archive.warc.pointer import WarcPointer
from archive.warc.writer import WarcFileWriter
from tests.conftest import BIN, ROOT, newsarchiver


def write_pages(writer: WarcFileWriter, urls: list[str]) -> list[WarcPointer]:
    return [
        writer.write_exchange(
            url=url,
            method="GET",
            request_headers=[("User-Agent", "t")],
            request_body=b"",
            protocol="HTTP/1.1",
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
            body=f"<html><body>{url}</body></html>".encode(),
            ip_address="127.0.0.1",
            fetched_at=datetime(2026, 11, 25, 10, 0, i, tzinfo=UTC),
        )
        for i, url in enumerate(urls)
    ]


def parse(index: Path) -> list[tuple[str, str, dict]]:
    rows = []
    for line in index.read_text(encoding="utf-8").splitlines():
        key, ts, data = line.split(" ", 2)
        rows.append((key, ts, json.loads(data)))
    return rows


def test_incremental_index_of_closed_files(tmp_path: Path) -> None:
    warc_dir = tmp_path / "warc"
    with WarcFileWriter(warc_dir, host_tag="h") as writer:
        first = write_pages(writer, ["http://b.example/2", "http://a.example/1"])
    update = update_archive_index(tmp_path)
    assert update.new_files == [first[0].file] and update.new_lines == 2
    rows = parse(update.index)
    assert [r[0] for r in rows] == ["example,a)/1", "example,b)/2"]  # SURT keys, sorted
    by_url = {r[2]["url"]: r[2] for r in rows}
    for ptr, url in zip(first, ["http://b.example/2", "http://a.example/1"], strict=True):
        assert by_url[url]["offset"] == str(ptr.offset)
        assert by_url[url]["length"] == str(ptr.length)
        assert by_url[url]["filename"] == ptr.file
        assert by_url[url]["digest"] == ptr.payload_digest

    # nothing new: nothing re-read, the index is unchanged
    before = update.index.read_bytes()
    again = update_archive_index(tmp_path)
    assert again.new_files == [] and again.total_lines == 2
    assert update.index.read_bytes() == before

    # a second file, plus one still being written (.open): only the closed one is added
    with WarcFileWriter(warc_dir, host_tag="h") as writer:
        second = write_pages(writer, ["http://a.example/0", "http://c.example/3"])
    still_open = WarcFileWriter(warc_dir, host_tag="h")
    write_pages(still_open, ["http://z.example/open"])
    update = update_archive_index(tmp_path)
    assert update.new_files == [second[0].file]
    assert update.new_lines == 2 and update.total_lines == 4
    text = update.index.read_text(encoding="utf-8")
    assert "z.example" not in text
    lines = text.splitlines(keepends=True)
    assert lines == sorted(lines)
    # the merged index equals a full re-index from scratch
    assert lines == index_warc_files(sorted(warc_dir.glob("*.warc.gz")))
    still_open.close()
    assert update_archive_index(tmp_path).new_lines == 1


def test_index_command_over_a_demo_crawl(tmp_path: Path, demo_crawl) -> None:
    """`newsarchiver index` over a copy of the shared demo crawl's WARCs."""
    archive = tmp_path / "archive"
    shutil.copytree(demo_crawl.archive / "warc", archive / "warc")
    proc = archive_cli("index", "--archive", str(archive))
    assert proc.returncode == 0, proc.stderr
    rows = parse(archive / "indexes" / "index.cdxj")
    urls = {r[2]["url"] for r in rows}
    assert "http://news.demo.test/robots.txt" in urls
    assert sum(r[2]["mime"] == "text/html" for r in rows) >= 220


_GROUP = (
    "import sys, click; from crawler.cli.archive import COMMANDS as C; "
    "click.Group(commands={c.name: c for c in C})(sys.argv[1:])"
)


def cli_argv(command: str) -> list[str]:
    """argv prefix for an archive command: `newsarchiver` once the lead has wired it in."""
    exe = BIN / "newsarchiver"
    listed = re.search(rf"^\s+{re.escape(command)}\s", newsarchiver("--help").stdout, re.M)
    if exe.exists() and listed:
        return [str(exe)]
    return [sys.executable, "-c", _GROUP]


def archive_cli(*args: str) -> subprocess.CompletedProcess:
    """Run an archive command (see :func:`cli_argv`) in a child process."""
    argv = cli_argv(args[0])
    if argv == [str(BIN / "newsarchiver")]:
        return newsarchiver(*args, timeout=120)
    return subprocess.run(
        [*cli_argv(args[0]), *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_the_index_holds_the_same_records_after_wacz_is_imported(tmp_path: Path) -> None:
    """Importing ``wacz`` appends warcinfo to cdxj_indexer's class-wide default record list;
    an index written in the same process (``archive package`` then ``index``) must not change."""
    with WarcFileWriter(tmp_path / "warc", host_tag="h") as writer:
        write_pages(writer, ["http://a.example/1"])
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    import wacz.waczindexer  # noqa: F401  (its import is what changes the default)

    lines = index_warc_files(files)
    assert [json.loads(line.split(" ", 2)[2])["url"] for line in lines] == ["http://a.example/1"]
