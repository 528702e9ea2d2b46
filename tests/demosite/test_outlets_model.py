"""The fixture outlets themselves: truth files in step, every story reachable as promised."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from demosite.outlets import OUTLETS, Outlet
from demosite.outlets.files import seed_toml, truth_json

FIXTURES = Path(__file__).parents[1] / "fixtures" / "outlets"
HREF = re.compile(r"""href=(?:"([^"]+)"|'([^']+)')""")  # Blogger quotes with '


def section_pages(o: Outlet) -> tuple[set[str], set[str]]:
    """(listing URLs, article URLs linked from them), following every listing link."""
    todo = [sec["url"] for sec in o.seed()["sections"]]
    seen: set[str] = set()
    articles: set[str] = set()
    story_urls = {s.url for s in o.stories}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        resp = o.get(url.removeprefix(o.base_url[:-1]))
        assert resp.status == 200, url
        for double, single in HREF.findall(resp.body.decode()):
            link = urljoin(url, (double or single).replace("&amp;", "&"))
            if link in story_urls:
                articles.add(link)
            elif o.page_of(*_split(link, o)) is not None:
                todo.append(link)
    return seen, articles


def _split(url: str, o: Outlet) -> tuple[str, dict]:
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def sitemap_locs(o: Outlet, path: str) -> set[str]:
    """The page URLs of a sitemap, following a sitemap index to its sitemaps."""
    root = ET.fromstring(o.get(path).body)
    locs = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    if root.tag.endswith("sitemapindex"):
        return set().union(*(sitemap_locs(o, loc.removeprefix(o.base_url[:-1])) for loc in locs))
    return locs


@pytest.mark.parametrize("name", list(OUTLETS))
def test_committed_seed_and_truth_match_the_outlet(name: str) -> None:
    o = OUTLETS[name]()
    assert (FIXTURES / name / "seed.toml").read_text(encoding="utf-8") == seed_toml(o)
    assert (FIXTURES / name / "truth.json").read_text(encoding="utf-8") == truth_json(o)


@pytest.mark.parametrize("name", list(OUTLETS))
def test_listed_stories_are_on_section_pages_and_the_rest_only_in_feed_or_sitemap(
    name: str,
) -> None:
    o = OUTLETS[name]()
    pages, linked = section_pages(o)
    assert len(pages) > len(o.seed()["sections"])  # every section has a second page
    listed = {s.url for s in o.stories if s.reach == "section"}
    assert linked == listed
    feed = o.get(o.feed_path).body.decode()
    in_sitemap = sitemap_locs(o, o.sitemap_path)
    by_url = {s.url: s for s in o.stories}
    # an outlet may list only its newest stories (bulletin), never a sitemap-only one
    fed, mapped = {s.url for s in o.in_feed()}, {s.url for s in o.in_sitemap()}
    for s in o.stories:
        assert (s.url in feed) == (s.url in fed), s.url
        assert (s.url in in_sitemap) == (s.url in mapped), s.url
        assert s.url not in fed or s.reach != "sitemap", s.url
        assert s.url not in mapped or s.reach != "feed", s.url
    for row in o.truth():
        assert all(by_url[r].reach == "section" for r in row["related"])
    robots = o.get("/robots.txt").body.decode()
    assert f"Sitemap: {o.base_url[:-1]}{o.sitemap_path}" in robots


@pytest.mark.parametrize("name", list(OUTLETS))
def test_every_article_and_image_is_served_and_identical_on_every_request(name: str) -> None:
    o, again = OUTLETS[name](), OUTLETS[name]()
    for s in o.stories:
        first = o.get(s.path)
        assert first.status == 200 and first.body == again.get(s.path).body
        assert s.headline in first.body.decode() or "&" in s.headline
        for p in s.pictures:
            assert o.get(p.src.removeprefix(o.base_url[:-1])).header("Content-Type") == "image/jpeg"
    assert o.get("/no/such/page").status == 404


def test_outlets_differ_in_language_and_each_truth_row_is_complete() -> None:
    langs = {OUTLETS[n]().language for n in OUTLETS}
    # fmt: off
    assert langs == {"de", "en", "fr", "es", "it", "nl", "pt", "pl", "sv", "cs", "tr", "hu", "el",
                     "ja", "vi", "id", "sw", "he", "fa", "zh", "hi", "ca", "ka", "km"}
    # fmt: on
    for name in OUTLETS:
        rows = json.loads((FIXTURES / name / "truth.json").read_text(encoding="utf-8"))
        assert 15 <= len(rows) <= 40  # bulletin (discovery) has 15
        photoless = getattr(OUTLETS[name], "photoless", False)  # some stories have none
        for row in rows:
            assert row["headline"] and row["body"] and row["authors"]
            assert row["images"] or photoless
            assert re.search(r"[+-]\d\d:\d\d$", row["published"]), row["published"]
