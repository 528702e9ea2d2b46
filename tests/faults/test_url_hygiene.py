"""Session ids and tracking parameters in URLs, and over-long URLs.

Session ids (``;jsessionid=``, ``?sid=``) that change on every link made 110 fetches and
110 items for 10 stories: they are stripped before a request is made, like tracking
parameters in story ids. Tracking parameters (``?utm_source=rss``, ``?ref=rss``) on feed
links made a second fetch and a second item line for a story the section page linked
cleanly: they are stripped the same way, and counted in the summary. A URL longer than
2,083 characters (``URLLENGTH_LIMIT``) was dropped with an INFO line only: it is counted
in the summary with a WARNING line.
"""

from __future__ import annotations

from pathlib import Path

from archive.urls import normalize_url as canonical_url
from archive.urls import strip_params
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def test_session_ids_are_stripped_before_fetching(faults: FaultServer, tmp_path: Path) -> None:
    links = []
    for n in range(10):
        links += [
            f"http://{SITE}/news/{n}.html;jsessionid=A{n}B7F3C9",
            f"http://{SITE}/news/{n}.html?sid=x{n}y",
            f"http://{SITE}/news/{n}.html?PHPSESSID=abc{n}&sid=z{n}",
        ]
    faults.page("/", section([]))
    faults.page("/sec/", section(links))
    for n in range(10):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    fetched = sorted(h.url for h in faults.hits if h.path.startswith("/news/"))
    assert fetched == sorted(f"http://{SITE}/news/{n}.html" for n in range(10))
    assert sorted(i["url"] for i in result.items()) == fetched


def _feed(links: list[str]) -> str:
    items = "".join(f"<item><title>T</title><link>{u.replace('&', '&amp;')}</link></item>"
                    for u in links)  # fmt: skip
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def test_tracking_parameters_make_no_second_fetch_or_item(
    faults: FaultServer, tmp_path: Path
) -> None:
    clean = [f"http://{SITE}/news/{n}.html" for n in range(5)]
    tracked = [f"{u}?utm_source=rss&utm_medium=feed" for u in clean]
    feed_only = f"http://{SITE}/news/feed-only.html"
    alternate = f'<link rel="alternate" type="application/rss+xml" href="http://{SITE}/feed.xml">'
    faults.page("/", section([]))
    faults.page("/sec/", section(clean).replace("<body>", f"<head>{alternate}</head><body>"))
    faults.page("/feed.xml", _feed([*tracked, f"{feed_only}?ref=rss&fbclid=X1"]))
    for n in range(5):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    faults.page("/news/feed-only.html", article("Feed only"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    # an article pattern that, like most outlets' patterns, does not forbid a query
    seed.write_text(seed.read_text().replace(".html$'", ".html'"))
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    assert faults.hits_for("/feed.xml"), "the feed was not read"
    fetched = sorted(h.url for h in faults.hits if h.path.startswith("/news/"))
    assert fetched == sorted([*clean, feed_only])
    urls = sorted(i["url"] for i in result.items())
    assert urls == fetched
    assert len({canonical_url(u) for u in urls}) == len(urls)
    assert "links       12 tracking parameters stripped" in result.proc.stdout, result.proc.stdout


def test_tracking_parameters_are_stripped_only_where_they_name_no_content() -> None:
    assert strip_params("http://s.test/a.html?id=7&utm_source=rss&REF=RSS&gclid=1") == (
        "http://s.test/a.html?id=7",
        3,
    )
    for kept in ("?ref=home", "?ref=123", "?page=2", "?p=4", "?id=9&source=wire"):
        assert strip_params(f"http://s.test/a.html{kept}") == (f"http://s.test/a.html{kept}", 0)
    assert canonical_url("http://s.test/a.html?ref=rss&id=1") == "http://s.test/a.html?id=1"


def test_session_ids_do_not_change_a_story_id() -> None:
    plain = canonical_url("http://site.test/news/1.html?page=2")
    assert canonical_url("http://site.test/news/1.html;jsessionid=ABC?page=2&sid=9") == plain
    assert canonical_url("http://site.test/news/1.html?page=2&JSESSIONID=1") == plain


def test_an_over_long_url_is_counted_with_a_line(faults: FaultServer, tmp_path: Path) -> None:
    long_url = f"http://{SITE}/news/long-" + "x" * 2100 + ".html"
    faults.page("/", section([]))
    faults.page("/sec/", section([long_url, f"http://{SITE}/news/ok.html"]))
    faults.page("/news/ok.html", article("Fine"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert not [h for h in faults.hits if h.path.startswith("/news/long-")]
    assert [i["headline"] for i in result.items()] == ["Fine"]
    assert [w for w in result.warnings if "URLLENGTH_LIMIT" in w] == [
        f"WARNING: {long_url[:100]}...: URL longer than 2083 characters (URLLENGTH_LIMIT), "
        "not followed (further ones counted only)"
    ]
    assert any(
        ln.startswith("dropped ") and "1 url too long" in ln
        for ln in result.proc.stdout.splitlines()
    ), result.proc.stdout
