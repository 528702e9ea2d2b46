"""Session ids in URLs and over-long URLs.

Session ids (``;jsessionid=``, ``?sid=``) that change on every link made 110 fetches and
110 items for 10 stories: they are stripped before a request is made, like tracking
parameters in story ids. A URL longer than 2,083 characters (``URLLENGTH_LIMIT``) was
dropped with an INFO line only: it is counted in the summary with a WARNING line.
"""

from __future__ import annotations

from pathlib import Path

from archive.urls import normalize_url as canonical_url
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
