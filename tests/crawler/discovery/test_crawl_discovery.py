"""Crawls of a loopback outlet whose articles are mostly only in its feed and sitemaps.

The seed has the five fields a new user writes; feeds, sitemaps and both pagination
kinds must be found without being named.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.jsonl import read_jsonl
from tests.conftest import newsarchiver
from tests.crawler.discovery.outlet import ARTICLES, Outlet

SEED = """
name = "courrier"
timezone = "Europe/Paris"
language = "fr"
allowed_domains = ["127.0.0.1"]
{extra}
[[sections]]
name = "Politique"
url = "{url}/politique/"

[[sections]]
name = "Sport"
url = "{url}/sport/"
{tables}
"""


@pytest.fixture()
def outlet() -> Iterator[Outlet]:
    with Outlet() as site:
        yield site


def crawl(outlet: Outlet, tmp_path: Path, extra: str = "", tables: str = "") -> tuple:
    seed = tmp_path / "courrier.toml"
    seed.write_text(SEED.format(url=outlet.url, extra=extra, tables=tables), encoding="utf-8")
    archive = tmp_path / "archive"
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    (items_file,) = (archive / "items").glob("*.jsonl")
    items = {i["url"].removeprefix(outlet.url): i for i in read_jsonl(items_file)}
    return proc, items, archive


def archived_urls(archive: Path) -> set[str]:
    urls = set()
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    urls.add(rec.rec_headers.get_header("WARC-Target-URI"))
    return urls


def warnings(proc: subprocess.CompletedProcess) -> list[str]:
    return [line for line in proc.stderr.splitlines() if "WARNING" in line]


def test_five_field_seed_finds_every_article_through_feeds_sitemaps_and_pagination(
    outlet: Outlet, tmp_path: Path
) -> None:
    proc, items, archive = crawl(outlet, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert sorted(items) == sorted(a.path for a in ARTICLES)

    via = {a.reach: items[a.path]["discovery"]["via"] for a in ARTICLES}
    assert via == {
        "section": "section",
        "feed": "feed",
        "news": "sitemap",
        "monthly": "sitemap",
        "oldest": "sitemap",
    }
    for a in ARTICLES:
        item = items[a.path]
        if a.dated_page or a.reach != "section":
            # Paris is +01:00 in November: the listing's instant, in the seed's timezone.
            assert item["published"] == a.published, (a, item["published"])
        else:
            assert (item["published"], item["published_source"]) == (a.published[:10], "url")
        if not a.dated_page and a.reach != "section":
            # The page states no date: the listing's date stands in, from a better source
            # than the bare date in the URL.
            assert item["published_source"] == ("feed" if a.reach == "feed" else "sitemap")
            assert item["published_raw"]

    # Listings are fetched once each and archived like every other response.
    u = outlet.url
    listings = {
        f"{u}/robots.txt",
        f"{u}/",
        f"{u}/rss/une.xml",
        f"{u}/sitemap-index.xml",
        f"{u}/sitemaps/news.xml.gz",
        f"{u}/sitemaps/2025-11.xml",
        f"{u}/sitemaps/2025-10.xml",
        f"{u}/politique/?page=2",
        f"{u}/politique/?page=3",
        f"{u}/sport/suite-2",
    }
    assert listings <= archived_urls(archive)
    listing_paths = {x.removeprefix(u) for x in listings}
    assert all(outlet.hits.count(p) == 1 for p in listing_paths), outlet.hits
    # A feed entry that is not an article URL is not fetched.
    assert "/tag/politique" not in outlet.hits


def test_robots_sitemaps_are_read_when_the_seed_does_not_obey_robots(
    outlet: Outlet, tmp_path: Path
) -> None:
    proc, items, _ = crawl(outlet, tmp_path, tables="[fetch]\nobey_robots = false")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(items) == sorted(a.path for a in ARTICLES)
    assert outlet.hits.count("/robots.txt") == 1


def test_caps_a_hostile_feed_and_a_missing_one_are_one_warning_line_each(
    outlet: Outlet, tmp_path: Path
) -> None:
    proc, items, _ = crawl(
        outlet,
        tmp_path,
        extra=f'feeds = ["{outlet.url}/rss/evil.xml", "{outlet.url}/rss/gone.xml"]',
        tables="[links]\nmax_section_pages = 2\nmax_sitemaps = 2",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = warnings(proc)
    assert len(lines) == 4, lines
    evil, gone, pages, sitemaps = (
        next(line for line in lines if word in line)
        for word in ("evil.xml", "gone.xml", "page cap", "sitemap index")
    )
    # A feed that is gone is a line, not a partial crawl (exit code 0 above).
    assert gone == f"WARNING: {outlet.url}/rss/gone.xml: feed or sitemap: HTTP 404"
    assert "declares XML entities (entity expansion / XXE), refused" in evil
    assert re.search(r"section Politique: stopped at its page cap \(2 pages", pages)
    assert f"{outlet.url}/politique/?page=3" in pages
    assert "1 older child sitemaps not read (cap of 2 per crawl" in sitemaps
    assert "/xxe-target" not in outlet.hits
    assert "/sitemaps/2025-10.xml" not in outlet.hits
    left_out = {a.path for a in ARTICLES if a.reach == "oldest"} | {ARTICLES[4].path}
    assert sorted(items) == sorted(a.path for a in ARTICLES if a.path not in left_out)


def test_without_autodiscovery_only_the_seeds_own_feed_is_read(
    outlet: Outlet, tmp_path: Path
) -> None:
    proc, items, _ = crawl(
        outlet,
        tmp_path,
        extra=f'feeds = ["{outlet.url}/rss/une.xml"]',
        tables="[links]\nautodiscover = false\n[fetch]\nobey_robots = false",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not warnings(proc)
    reached = {"section", "feed"}
    assert sorted(items) == sorted(a.path for a in ARTICLES if a.reach in reached)
    assert not {"/", "/robots.txt", "/sitemap-index.xml"} & set(outlet.hits)


def test_a_missing_home_page_is_one_line_and_not_a_partial_crawl(tmp_path: Path) -> None:
    with Outlet(home=False) as outlet:
        proc, items, _ = crawl(outlet, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert warnings(proc) == [f"WARNING: {outlet.url}/: home page: HTTP 404"]
    # Its feed is announced nowhere else: only the feed's own articles are missing.
    assert sorted(items) == sorted(a.path for a in ARTICLES if a.reach != "feed")
