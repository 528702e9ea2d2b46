"""Story URLs without id or date: which links are candidates, which fetched pages articles."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.discovery.links import SiteLinks
from crawler.extract.pagekind import is_article_page
from crawler.items import ArticleItem
from crawler.seed import DEFAULT_ARTICLE_PATTERN

LINKS = SiteLinks(["news.test"], DEFAULT_ARTICLE_PATTERN, candidates=True)


@pytest.mark.parametrize(
    "path",
    [
        "/nyheter/a/AbC12/polisen-larmades-till-centrum",
        "/artikel/regeringen-presenterar-ny-budget/jxqvr",
        "/politics/why-the-vote-failed",
        "/nyheter/a/Xk3Pq",
    ],
)
def test_slug_and_opaque_id_paths_are_candidates(path: str) -> None:
    assert LINKS.is_candidate("https://news.test" + path)


@pytest.mark.parametrize(
    "path",
    [
        "/politics/",  # a section
        "/politics/topic/budget",  # short topic slug
        "/author/rebecca-lawson",  # an author page
        "/tag/city-council-budget/",  # three words: a tag, not a headline
        "/politics/?offset=5",  # a listing with a query
        "/img/a-long-image-file-name.jpg",  # a file
        "/2025/11/28/already-matched-by-the-pattern/",  # the pattern's, not a candidate
    ],
)
def test_sections_tags_authors_files_are_not_candidates(path: str) -> None:
    assert not LINKS.is_candidate("https://news.test" + path)


def test_headline_length_link_text_makes_a_candidate() -> None:
    url = "https://news.test/politics/story"
    assert not LINKS.is_candidate(url, "Budget")
    assert LINKS.is_candidate(url, "Why the vote on the budget failed in the end")


def test_no_candidates_with_the_seeds_own_pattern_or_offsite() -> None:
    own = SiteLinks(["news.test"], r"/story/", candidates=False)
    assert not own.is_candidate("https://news.test/politics/why-the-vote-failed")
    assert not LINKS.is_candidate("https://other.test/politics/why-the-vote-failed")


BODY = " ".join(["word"] * 60)


def page(head: str = "", body: str = "") -> object:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>").root


def item(**kw: str) -> ArticleItem:
    fields = {"headline": "A headline", "published": "2025-11-28T10:00:00+01:00", "body": BODY}
    return ArticleItem(url="https://news.test/x", **{**fields, **kw})


def test_declared_article_or_not() -> None:
    ld = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script>'
    assert is_article_page(page(head=ld), item(body=""))
    assert is_article_page(page(head='<meta property="og:type" content="article">'), item())
    assert not is_article_page(page(head='<meta property="og:type" content="website">'), item())


def test_undeclared_page_is_an_article_with_dated_text_and_no_teasers() -> None:
    assert is_article_page(page(body="<h1>A headline</h1>"), item())
    assert not is_article_page(page(), item(published=""))
    assert not is_article_page(page(), item(body="too short"))
    teasers = "".join(f'<div><a href="/s{n}"><h3>Story {n}</h3></a></div>' for n in range(3))
    assert not is_article_page(page(body=teasers), item())
    # the same card headings after the article's text are its "more stories" box
    text = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    assert is_article_page(page(body=f"<h1>A headline</h1>{text}{teasers}"), item())
    assert not is_article_page(page(body=f"<h1>A headline</h1>{teasers}{text}"), item())


def test_crawl_counts_and_names_the_story_like_pages_that_are_no_article(tmp_path) -> None:
    from demosite.outlets import OUTLETS
    from demosite.server import DemoSiteServer
    from tests.conftest import newsarchiver
    from tests.e2e.test_outlets import FIXTURES

    with DemoSiteServer(OUTLETS["bulletin"](), port=0) as server:
        proc = newsarchiver(
            "crawl", str(FIXTURES / "bulletin" / "seed.toml"), "--archive", str(tmp_path / "a"),
            "--proxy", server.proxy_url, "--no-progress",
        )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    lines = [
        ln for ln in out.splitlines() if "linked like a story, but the page is no article" in ln
    ]
    hubs = {"the-road-to-election-day-in-the-valley", "how-the-port-expansion-reshapes-local-jobs"}
    assert {ln.split("/series/")[1].split(":")[0] for ln in lines} == hubs
    assert "0 errors, 2 skipped" in out
