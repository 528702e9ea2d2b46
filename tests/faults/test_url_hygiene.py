"""Session ids and tracking parameters in URLs, and over-long URLs.

Session ids (``;jsessionid=``, ``?sid=``) that change on every link made 110 fetches and
110 items for 10 stories: they are stripped before a request is made (next pages and
page requisites too) and counted in the summary, and story ids ignore them. Tracking
parameters (``?utm_source=rss``, ``?ref=rss``) on feed links made a second fetch and a
second item line for a story the section page linked cleanly: they are stripped the same
way, and counted in the summary. A URL longer than 2,083 characters (``URLLENGTH_LIMIT``)
was dropped with an INFO line only: it is counted in the summary with a WARNING line.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from archive.urls import normalize_url as canonical_url
from archive.urls import strip_params
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, Hit, article, section


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
        0,
    )
    for kept in ("?ref=home", "?ref=123", "?page=2", "?p=4", "?id=9&source=wire"):
        assert strip_params(f"http://s.test/a.html{kept}") == (f"http://s.test/a.html{kept}", 0, 0)
    assert canonical_url("http://s.test/a.html?ref=rss&id=1") == "http://s.test/a.html?id=1"


def test_session_ids_are_stripped_and_counted_apart_from_tracking() -> None:
    url = "http://s.test/a.html;jsessionid=X9?sid=1&id=2&utm_source=a&PHPSESSID=f"
    assert strip_params(url) == ("http://s.test/a.html?id=2", 1, 3)


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


def test_a_site_giving_every_link_a_fresh_session_id_is_one_fetch_per_story(
    faults: FaultServer, tmp_path: Path
) -> None:
    """Section pages, their next page, stories and their stylesheet: every link carries a
    session id new on each page served, in the three usual spellings."""
    fresh = itertools.count(1)

    def sid(url: str) -> str:
        n = next(fresh)
        return (f"{url};jsessionid=J{n}X", f"{url}?sid=s{n}", f"{url}?PHPSESSID=p{n}")[n % 3]

    def html(body: str) -> Callable[[Hit], tuple[int, list[tuple[str, str]], bytes]]:
        return lambda hit: (200, [("Content-Type", "text/html")], body().encode())

    def listing(stories: range, next_page: str | None) -> Callable[[], str]:
        def body() -> str:
            page = section([sid(f"http://{SITE}/news/{n}.html") for n in stories])
            if next_page:
                pager = f'<a rel="next" href="{sid(next_page)}">Next page</a>'
                page = page.replace("</ul>", f"</ul>{pager}")
            return page

        return body

    def story(n: int) -> Callable[[], str]:
        return lambda: article(
            f"Story {n}", head=f'<link rel="stylesheet" href="{sid(f"http://{SITE}/site.css")}">'
        )

    faults.page("/", section([]))
    faults.route("/sec/", html(listing(range(5), f"http://{SITE}/sec/2")))
    faults.route("/sec/2", html(listing(range(3, 10), None)))
    for n in range(10):
        faults.route(f"/news/{n}.html", html(story(n)))
    faults.page("/site.css", "body { color: black }")
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    seed.write_text(seed.read_text().replace("max_section_pages = 1", "max_section_pages = 2"))
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    fetched = [h.url for h in faults.hits if h.path != "/robots.txt"]
    stories = [f"http://{SITE}/news/{n}.html" for n in range(10)]
    pages = ["/", "/sec/", "/sec/2", "/site.css"]  # the home page: read for feeds
    assert sorted(fetched) == sorted([*(f"http://{SITE}{p}" for p in pages), *stories])
    assert sorted(i["url"] for i in result.items()) == stories
    # 5 + 7 story links, 1 next page, 10 stylesheet links: each held one session id
    assert "23 session ids stripped" in result.proc.stdout, result.proc.stdout
