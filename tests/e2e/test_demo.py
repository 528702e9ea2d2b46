"""End to end: `newsarchiver demo` crawls the bundled site over loopback into an archive."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.jsonl import read_jsonl
from demosite.content import DemoSite
from tests.conftest import DemoCrawl, newsarchiver

OFFSET_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def items(archive: Path) -> list[dict]:
    files = sorted((archive / "items").glob("*.jsonl"))
    assert files, "no items file written"
    return list(read_jsonl(files[0]))


def warc_files(archive: Path) -> list[Path]:
    return sorted((archive / "warc").glob("*.warc.gz"))


def responses(archive: Path) -> dict[str, list]:
    """URL -> [(http headers, raw payload bytes)] of every response record."""
    found: dict[str, list] = {}
    for path in warc_files(archive):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    found.setdefault(url, []).append((rec.http_headers, rec.raw_stream.read()))
    return found


def test_demo_finishes_with_summary_and_exit_0(demo_crawl: DemoCrawl) -> None:
    proc = demo_crawl.proc
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    for label in ("pages", "items", "warc", "time"):
        assert re.search(rf"^{label}\s+\S", out, re.M), out
    pages = int(re.search(r"^pages\s+(\d+)", out, re.M).group(1))
    assert pages > 220


def test_every_warc_file_passes_warcio_check(demo_crawl: DemoCrawl) -> None:
    files = warc_files(demo_crawl.archive)
    assert files
    assert not list((demo_crawl.archive / "warc").glob("*.open"))
    warcio = Path(sys.executable).parent / "warcio"
    proc = subprocess.run([str(warcio), "check", *map(str, files)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_visible_article_became_a_complete_item(demo_crawl: DemoCrawl) -> None:
    site = DemoSite()
    expected = {a.url for a in site.visible_articles()}
    got = {i["url"]: i for i in items(demo_crawl.archive)}
    assert expected <= set(got), sorted(expected - set(got))[:5]
    for url in expected:
        item = got[url]
        assert item["headline"], url
        assert OFFSET_RE.match(item["published"] or ""), (url, item["published"])
        assert item["body"] and len(item["body"]) > 200, url
        assert item["images"] and all(img["credit"] for img in item["images"]), url
        assert len(item["related"]) == 6, url
        assert item["warc"]["record_id"].startswith("<urn:uuid:"), url
        assert item["site"] == "demo"


def test_seed_story_item(demo_crawl: DemoCrawl) -> None:
    seed_story = next(a for a in DemoSite().visible_articles() if a.url.endswith("-100000.html"))
    item = next(i for i in items(demo_crawl.archive) if i["url"] == seed_story.url)
    assert item["headline"] == "Moskau: Gespräche mit US-Unterhändlern haben begonnen"
    assert item["published"] == "2025-12-02T17:52:59+01:00"
    assert item["agency"] == "dpa"
    assert item["topics"] == ["Ukraine", "Russland"]
    assert [img["credit"] for img in item["images"]] == [
        "Sergei Ilnitsky/EPA Pool via AP/dpa",
        "Gavriil Grigorov/Pool Sputnik Kremlin/AP/dpa",
    ]
    assert "Foto:" not in item["body"]
    assert "Weitere Meldungen" not in item["body"]


def test_item_warc_pointer_leads_to_its_response_record(demo_crawl: DemoCrawl) -> None:
    for item in items(demo_crawl.archive)[:25]:
        ptr = item["warc"]
        with (demo_crawl.archive / "warc" / ptr["file"]).open("rb") as fh:
            fh.seek(ptr["offset"])
            member = fh.read(ptr["length"])
        rec = next(iter(ArchiveIterator(__import__("io").BytesIO(member))))
        assert rec.rec_type == "response"
        assert rec.rec_headers.get_header("WARC-Target-URI") == item["url"]
        assert rec.rec_headers.get_header("WARC-Record-ID") == ptr["record_id"]
        assert rec.rec_headers.get_header("WARC-Payload-Digest") == ptr["payload_digest"]


def test_robots_txt_is_archived_and_obeyed(demo_crawl: DemoCrawl) -> None:
    captured = responses(demo_crawl.archive)
    assert "http://news.demo.test/robots.txt" in captured
    assert not [u for u in captured if "/intern/" in u]


def test_gzip_bodies_are_archived_as_sent(demo_crawl: DemoCrawl, demo_server) -> None:
    captured = responses(demo_crawl.archive)
    gzipped = [
        (url, raw)
        for url, recs in captured.items()
        for headers, raw in recs
        if (headers.get_header("Content-Encoding") or "").lower() == "gzip"
    ]
    assert gzipped, "the demo site gzips some responses; none were captured encoded"
    for url, raw in gzipped[:5]:
        assert raw[:2] == b"\x1f\x8b"
        conn = http.client.HTTPConnection("127.0.0.1", demo_server.port, timeout=10)
        conn.request("GET", url, headers={"Accept-Encoding": "gzip", "Host": "news.demo.test"})
        sent = conn.getresponse().read()
        conn.close()
        assert gzip.decompress(raw) == gzip.decompress(sent), url


def test_second_demo_run_into_the_same_folder(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    # A copy of the session's crawl: the other tests read that one as one crawl's archive.
    archive = tmp_path / "archive"
    shutil.copytree(demo_crawl.archive, archive)
    first_files = {p.name for p in warc_files(archive)}
    proc = newsarchiver("demo", "--archive", str(archive), "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert {p.name for p in warc_files(archive)} > first_files
    assert len(list((archive / "items").glob("*.jsonl"))) == 2
    # Same site state: recent stories are re-checked conditionally (304), nothing re-extracted.
    not_modified = int(re.search(r"^revisits\s+(\d+) not modified", proc.stdout, re.M).group(1))
    assert not_modified > 0, proc.stdout


def test_article_images_and_css_are_archived_for_replay(demo_crawl: DemoCrawl) -> None:
    captured = responses(demo_crawl.archive)
    seed_story = next(a for a in DemoSite().visible_articles() if a.url.endswith("-100000.html"))
    for url, _caption, _credit in seed_story.images:
        assert url in captured, url
        headers, raw = captured[url][0]
        assert headers.get_header("Content-Type") == "image/jpeg"
        assert raw[:3] == b"\xff\xd8\xff"
    assert "http://news.demo.test/assets/site.css" in captured


def test_status_shows_crawls_run_by_hand(demo_crawl: DemoCrawl) -> None:
    proc = newsarchiver("status", "--archive", str(demo_crawl.archive), "--seeds", "seeds")
    assert proc.returncode == 0, proc.stderr
    row = next(line.split() for line in proc.stdout.splitlines() if line.startswith("demo "))
    assert row[3] == "ok" and row[4] == "0", row  # outcome, exit code of the last run
