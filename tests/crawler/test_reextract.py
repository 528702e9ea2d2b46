"""Re-extraction gives the crawl's items: a crawl's WARCs, re-extracted, line for line."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from crawler.extract.capture import CRAWL_ONLY_FIELDS

from ..conftest import ROOT, DemoCrawl, newsarchiver
from .discovery.outlet import ARTICLES, Outlet
from .discovery.test_crawl_discovery import crawl


def comparable(line: bytes) -> bytes:
    """The item line without the fields only the crawl knows, serialised as the crawl does."""
    item = orjson.loads(line)
    for name in CRAWL_ONLY_FIELDS:
        item.pop(name)
    return orjson.dumps(item, option=orjson.OPT_NON_STR_KEYS)


def test_no_item_field_is_left_to_the_crawl_alone() -> None:
    assert CRAWL_ONLY_FIELDS == ()


@pytest.fixture()
def outlet():
    with Outlet() as site:
        yield site


def test_reextract_gives_every_field_of_the_crawls_items_listing_dates_and_discovery_too(
    outlet: Outlet, tmp_path: Path
) -> None:
    """The outlet's undated pages take the date their feed or sitemap entry gave, its pages
    are reached through sections, a feed and sitemaps: all that is the crawl's knowledge,
    archived with each capture, so the WARC files alone give the same items, field for
    field (``published*``, ``section``, ``discovery``, ``fetched_at``, ``warc``)."""
    proc, items, archive = crawl(outlet, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(items) == len(ARTICLES)
    sources = {i["published_source"] for i in items.values()}
    vias = {i["discovery"]["via"] for i in items.values()}
    assert {"feed", "sitemap"} <= sources and {"section", "feed", "sitemap"} <= vias
    out = tmp_path / "again.jsonl"
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    seed = tmp_path / "courrier.toml"
    proc = newsarchiver("reextract", *map(str, warcs), "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    again = {(i := orjson.loads(line))["url"].removeprefix(outlet.url): i for line in
             out.read_bytes().splitlines()}  # fmt: skip
    assert sorted(again) == sorted(items)
    for path, item in items.items():
        differ = {k: (v, again[path].get(k)) for k, v in item.items() if again[path].get(k) != v}
        assert not differ, (path, differ)
    (items_file,) = (archive / "items").glob("*.jsonl")
    crawled = items_file.read_bytes().splitlines()
    assert sorted(out.read_bytes().splitlines()) == sorted(crawled)  # byte for byte


def test_reextracted_demo_items_are_the_crawls_byte_for_byte(
    demo_crawl: DemoCrawl, tmp_path: Path
) -> None:
    assert demo_crawl.proc.returncode == 0, demo_crawl.proc.stderr
    (items_file,) = (demo_crawl.archive / "items").glob("*.jsonl")
    warcs = sorted((demo_crawl.archive / "warc").glob("*.warc.gz"))
    out = tmp_path / "again.jsonl"
    seed = ROOT / "seeds" / "demo.toml"
    proc = newsarchiver("reextract", *map(str, warcs), "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    crawled = items_file.read_bytes().splitlines()
    again = out.read_bytes().splitlines()
    assert len(crawled) >= 220
    assert sorted(map(comparable, again)) == sorted(map(comparable, crawled))
    assert sorted(again) == sorted(crawled)  # byte for byte, discovery included
    assert f"{len(crawled)} items -> {out}, 0 failed" in proc.stderr


def test_reextract_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    seed = ROOT / "seeds" / "demo.toml"
    missing = tmp_path / "nope.warc.gz"
    proc = newsarchiver(
        "reextract", str(missing), "--seed", str(seed), "--out", str(tmp_path / "o")
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: no such WARC file: {missing}"


def test_reextract_of_a_truncated_or_foreign_file_warns_keeps_what_it_read_and_exits_1(
    tmp_path: Path,
) -> None:
    from archive.warc.writer import WarcFileWriter
    from tests.archive.warc.test_reader import exchange
    from tests.faults.server import article

    with WarcFileWriter(tmp_path / "warc", prefix="a") as writer:
        urls = [f"http://news.demo.test/politik/2025/12/story-{n}.html" for n in range(3)]
        pointers = [exchange(writer, u, article(f"Story {n}").encode()) for n, u in enumerate(urls)]
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    path.write_bytes(path.read_bytes()[: pointers[-1].offset + 50])  # cut inside the third
    text = tmp_path / "notes.warc.gz"
    text.write_text("hello\n", encoding="utf-8")
    seed, out = ROOT / "seeds" / "demo.toml", tmp_path / "o.jsonl"
    proc = newsarchiver("reextract", str(path), str(text), "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(f"warning: {path}: truncated: ends in an incomplete record")
    assert lines[1].startswith(f"warning: {text}: not a WARC file (")
    assert lines[2:] == [f"2 items -> {out}, 0 failed, 2 damaged or unreadable WARC files"]
    assert [orjson.loads(line)["headline"] for line in out.read_bytes().splitlines()] == [
        "Story 0",
        "Story 1",
    ]


@pytest.mark.parametrize("name", ["bulletin", "diario", "alfoldi"])
def test_reextract_of_a_fixture_outlet_gives_the_crawls_items_field_for_field(
    name: str, tmp_path: Path
) -> None:
    """bulletin: slug-only story URLs (candidates) and hub pages the crawl did not keep;
    diario: stories only in its sitemap, the section from every listing that linked them;
    alfoldi: feed and sitemap listings."""
    from tests.e2e.test_outlets import FIXTURES, crawl_items

    archive = tmp_path / "archive"
    crawled = {i["url"]: i for i in crawl_items(name, archive)}
    out = tmp_path / "again.jsonl"
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    seed = FIXTURES / name / "seed.toml"
    proc = newsarchiver("reextract", *map(str, warcs), "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    again = {(i := orjson.loads(line))["url"]: i for line in out.read_bytes().splitlines()}
    assert sorted(again) == sorted(crawled)
    for url, item in crawled.items():
        differ = {k: (v, again[url].get(k)) for k, v in item.items() if again[url].get(k) != v}
        assert not differ, (url, differ)
    if name == "bulletin":
        assert len(crawled) == 15
        # the two "special coverage" hubs the crawl fetched as candidates and did not keep
        assert "2 pages linked like a story that are no article" in proc.stderr


def test_a_damaged_crawl_context_is_one_warning_and_the_capture_is_still_extracted(
    tmp_path: Path,
) -> None:
    from archive.warc.writer import WarcFileWriter
    from tests.archive.warc.test_reader import exchange
    from tests.faults.server import article

    url = "http://news.demo.test/politik/2025/12/story-1.html"
    with WarcFileWriter(tmp_path / "warc", prefix="a") as writer:
        exchange(writer, url, article("Story").encode(), metadata=[("newsarchiver-context", "{")])
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    seed, out = ROOT / "seeds" / "demo.toml", tmp_path / "o.jsonl"
    proc = newsarchiver("reextract", str(path), "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(f"warning: {url}: crawl context is not JSON (")
    assert lines[0].endswith("); extracted without it")
    (item,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert (item["headline"], item["discovery"]) == ("Story", None)
