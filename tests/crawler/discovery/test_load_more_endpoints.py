"""Load-more endpoints found in a page's structure, and JSON answers of several shapes."""

from __future__ import annotations

from parsel import Selector

from crawler.discovery.json_listing import parse_json, read_json_listing
from crawler.discovery.load_more import load_more_urls

BASE = "https://example.org/sport/"


def story(url: str, _text: str = "") -> bool:
    return "/2026/" in url


def test_a_pagers_page_buttons_ask_for_the_next_page_only() -> None:
    html = '<ul><li data-page="2">2</li><li data-page="3">3</li><li data-page="9">9</li></ul>'
    assert load_more_urls(Selector(text=html), BASE, 10) == [BASE + "?page=2"]


def test_a_button_with_an_endpoint_and_a_page_asks_the_endpoint_for_that_page() -> None:
    html = '<button data-endpoint="/ajax/more?section=sport" data-page="2">...</button>'
    found = load_more_urls(Selector(text=html), BASE, 10)
    assert found == ["https://example.org/ajax/more?section=sport&page=2"]


def test_links_images_and_script_files_are_no_endpoints() -> None:
    html = (
        '<a href="/sport/?page=2" data-page="2">2</a><img data-src="/img/a.jpg">'
        '<button data-src="/static/more.js">x</button><div data-href="/">like</div>'
    )
    assert load_more_urls(Selector(text=html), BASE, 10) == []


def test_an_offset_built_in_a_script_starts_after_the_stories_listed() -> None:
    html = "<script>const next = `/api/list?offset=${shown}&limit=12`;</script>"
    found = load_more_urls(Selector(text=html), BASE, 12)
    assert found == ["https://example.org/api/list?limit=12&offset=12"]


def test_a_json_answer_holding_html_and_saying_there_is_more_moves_its_offset_on() -> None:
    doc = parse_json(
        b' {"html": "<li><a href=\\"/sport/2026/11/01/a.html\\">A</a></li>'
        b'<li><a href=\\"/sport/2026/11/02/b.html\\">B</a></li>", "hasMore": true}'
    )
    listing = read_json_listing(doc, "https://example.org/api/list?offset=12", story)
    assert [s.url for s in listing.stories] == [
        "https://example.org/sport/2026/11/01/a.html",
        "https://example.org/sport/2026/11/02/b.html",
    ]
    assert listing.next_url == "https://example.org/api/list?offset=14"


def test_a_json_answer_without_more_ends_the_section() -> None:
    doc = {"results": [{"link": "/sport/2026/11/01/a.html", "headline": "A story"}]}
    listing = read_json_listing(doc, "https://example.org/api/list?page=4", story)
    assert listing.stories[0].title == "A story" and listing.next_url is None
    assert parse_json(b"<html></html>") is None
