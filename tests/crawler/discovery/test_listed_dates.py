"""A page without a date of its own gets its feed's date whatever the crawl met first.

The loopback site lists every article on its section page AND in its feed (announced by
the home page); the pages state no date, only the one in their URL. The server decides
the order: either the section page is answered only once the feed has been served, or
the feed only once the section page has. Both crawls must give every article the feed's
date (a better source than the URL's bare day). Before the fix, the section-first crawl
dated them by their URL only.
"""

from __future__ import annotations

import threading
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from archive.jsonl import read_jsonl
from tests.conftest import newsarchiver
from tests.crawler.discovery.loopback import RecordingServer

HTML = "text/html; charset=utf-8"
#: path -> published (Paris, +01:00 in November)
ARTICLES = {
    f"/politique/2025/11/{n:02d}/article-{n}.html": f"2025-11-{n:02d}T{7 + n:02d}:30:00+01:00"
    for n in range(1, 6)
}
SEED = """name = "ordre"
timezone = "Europe/Paris"
language = "fr"
allowed_domains = ["127.0.0.1"]

[[sections]]
name = "Politique"
url = "{url}/politique/"
"""
WAIT = 60  # only a broken crawl waits this long: the gate opens on a start request


class OrderedSite(RecordingServer):
    """``first`` is ``"feed"`` or ``"section"``: the other waits until it was served."""

    def __init__(self, first: str, teaser_times: bool = False) -> None:
        super().__init__(self.route)
        self.first = first
        self.teaser_times = teaser_times  # the section page shows each article's time
        self.served = {"feed": threading.Event(), "section": threading.Event()}

    def route(self, path: str) -> tuple[int, str, bytes]:
        if path == "/":
            link = f'<link rel="alternate" type="application/rss+xml" href="{self.url}/rss.xml">'
            return 200, HTML, f"<html><head>{link}</head><body>Le Site</body></html>".encode()
        if path == "/rss.xml" and self.teaser_times:
            return 404, HTML, b"<html><body>introuvable</body></html>"
        if path in ("/rss.xml", "/politique/"):
            kind = "feed" if path == "/rss.xml" else "section"
            if kind != self.first:
                self.served[self.first].wait(WAIT)
            status, ctype, body = 200, *(self.feed() if kind == "feed" else self.section())
            self.served[kind].set()
            return status, ctype, body
        if path in ARTICLES:
            return 200, HTML, self.article(path)
        return 404, HTML, b"<html><body>introuvable</body></html>"

    def section(self) -> tuple[str, bytes]:
        links = "".join(
            f'<li><a href="{p}">Titre</a> <time datetime="{d}">{d[11:16]}</time></li>'
            if self.teaser_times
            else f'<li><a href="{p}">Titre</a></li>'
            for p, d in ARTICLES.items()
        )
        return HTML, f"<html><body><ul>{links}</ul></body></html>".encode()

    def feed(self) -> tuple[str, bytes]:
        items = "".join(
            f"<item><title>T</title><link>{self.url}{p}</link>"
            f"<pubDate>{format_datetime(datetime.fromisoformat(d))}</pubDate></item>"
            for p, d in ARTICLES.items()
        )
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
        return "application/rss+xml", (rss + "</channel></rss>").encode()

    @staticmethod
    def article(path: str) -> bytes:
        text = "<p>Un paragraphe assez long pour faire un vrai corps d'article, vraiment.</p>"
        return f"<html><body><article><h1>Titre</h1>{text * 3}</article></body></html>".encode()


def crawl_dates(first: str, tmp_path: Path, teasers: bool = False) -> dict[str, tuple[str, str]]:
    with OrderedSite(first, teasers) as site:
        seed = tmp_path / "ordre.toml"
        seed.write_text(SEED.format(url=site.url), encoding="utf-8")
        archive = tmp_path / "archive"
        proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
        assert proc.returncode == 0, proc.stderr[-3000:]
        hits = list(site.hits)
        base = site.url
    first_article = min(hits.index(p) for p in ARTICLES)
    assert hits.index("/rss.xml") < first_article  # the feed was asked for before any article
    (items_file,) = (archive / "items").glob("*.jsonl")
    return {
        i["url"].removeprefix(base): (i["published"], i["published_source"])
        for i in read_jsonl(items_file)
    }


@pytest.mark.parametrize("first", ["section", "feed"])
def test_listing_dates_do_not_depend_on_what_the_crawl_met_first(first, tmp_path) -> None:
    got = crawl_dates(first, tmp_path)
    assert got == {path: (published, "feed") for path, published in ARTICLES.items()}


def test_without_a_feed_the_section_page_teaser_time_dates_an_undated_page(tmp_path) -> None:
    got = crawl_dates("section", tmp_path, teasers=True)
    assert got == {path: (published, "listing") for path, published in ARTICLES.items()}


def test_the_best_announcement_is_the_same_whatever_the_order() -> None:
    from crawler.extract.context import Listed
    from crawler.extract.dates.listed import best_listed
    from crawler.spiders.listed_dates import Announcements

    url = "http://x.test/a.html"
    found = [
        Listed("sitemap", "http://x.test/s.xml", "2025-11-02T09:00:00+00:00", "b"),
        Listed("listing", "http://x.test/", "2025-11-02T08:00:00+00:00", "a"),
        Listed("feed", "http://x.test/rss", "2025-11-02T10:00:00+00:00", "c"),
        Listed("feed", "http://x.test/rss2", "2025-11-02T07:00:00+00:00", "d"),
        Listed("feed", "http://x.test/rss3", "not a date", "e"),
        Listed("feed", None, None, None),  # says nothing: not kept
    ]
    for order in (found, found[::-1], found[2:] + found[:2]):
        announced = Announcements()
        for listed in order:
            announced.add(url, listed)
        assert set(announced.get(url)) == set(found[:5])  # every one, for the context
        assert best_listed(announced.get(url)).raw == "d"  # a feed's, the earliest of its rank


def test_a_teaser_date_is_the_date_next_to_one_article_link_only() -> None:
    from crawler.discovery.teasers import teaser_dates
    from crawler.extract.structured import parse_html

    html = (
        "<html><body><ul>"
        '<li><a href="/2025/a.html">A</a>'
        '<time datetime="2025-11-02T09:00:00+01:00">9:00</time></li>'
        '<li><a href="/2025/b.html">B</a><span class="when">3.11.2025, 10:15</span></li>'
        '<li><a href="/2025/c.html">C</a></li></ul>'
        '<div><a href="/2025/d.html">D</a><a href="/2025/e.html">E</a>'
        '<time datetime="2025-11-04">4 Nov</time></div></body></html>'
    )
    got = teaser_dates(
        parse_html(html), "http://x.test/", lambda u: u.endswith(".html"), "Europe/Paris"
    )
    assert got == {
        "http://x.test/2025/a.html": ("2025-11-02T09:00:00+01:00", "2025-11-02T09:00:00+01:00"),
        "http://x.test/2025/b.html": ("2025-11-03T10:15:00+01:00", "3.11.2025, 10:15"),
    }
