"""A multi-page article's next page and later pages, and the one item made of its pages."""

from __future__ import annotations

from parsel import Selector

from crawler.discovery.article_pages import first_article_page, next_article_page, page_key
from crawler.extract.paged import MAX_ARTICLE_PAGES, PagedArticle
from crawler.items import ArticleItem, Image

URL = "https://news.test/politik/2026/11/09/haushalt-streit-im-landtag/"


def page(body: str, head: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


def test_the_page_number_of_a_query_a_path_word_or_a_bare_number() -> None:
    key = "https://news.test/politik/2026/11/09/haushalt-streit-im-landtag"
    assert page_key(URL) == (key, 1)
    assert page_key(URL + "2/") == (key, 2)
    assert page_key(URL + "?page=3") == (key, 3)
    assert page_key(URL + "seite/4/") == (key, 4)


def test_rel_next_to_the_same_article_one_page_on_is_its_next_page() -> None:
    head = f'<link rel="next" href="{URL}?page=2">'
    assert next_article_page(page("<article><p>Text</p></article>", head), URL, "de") == (
        URL + "?page=2"
    )


def test_a_pager_inside_the_article_leads_on_whatever_its_words() -> None:
    pager = '<nav class="pages"><span>1</span> <a href="2/">2</a> <a href="3/">3</a></nav>'
    body = f"<article><p>Text</p>{pager}</article>"
    assert next_article_page(page(body), URL, "ja") == URL + "2/"
    # on page 2 the same pager leads to page 3, and the page knows its first page
    pager2 = f'<nav><a href="{URL}">1</a> <span>2</span> <a href="../3/">3</a></nav>'
    later = page(f"<article><p>More</p>{pager2}</article>")
    assert next_article_page(later, URL + "2/", "ja") == URL + "3/"
    assert first_article_page(later, URL + "2/") == URL


def test_a_next_page_label_of_the_language_reaches_a_page_url_of_no_numbered_form() -> None:
    body = f'<article><p>Text</p><a href="{URL}fortsetzung/">Nächste Seite »</a></article>'
    assert next_article_page(page(body), URL, "de") == URL + "fortsetzung/"


def test_links_that_are_not_this_articles_next_page_are_not_followed() -> None:
    other = "https://news.test/politik/2026/11/09/andere-geschichte/"
    head = f'<link rel="next" href="{other}">'  # the next story, as some blogs mark it
    body = (
        f'<article><p>Text</p><a href="{other}2/">2</a></article>'
        f'<section class="comments"><a href="{URL}?page=2">2</a></section>'  # comments pager
        '<nav><a rel="next" href="/politik/?page=2">Next</a></nav>'
    )
    assert next_article_page(page(body, head), URL, "en") is None
    assert first_article_page(page(body, head), URL) is None  # a first page has none


def pointer(n: int) -> dict:
    return {"file": "a.warc.gz", "offset": n * 100, "length": 90, "record_id": f"<urn:{n}>",
            "payload_digest": f"sha1:{n}", "date": "2026-11-09T10:00:00Z"}  # fmt: skip


def test_later_pages_add_their_text_images_and_capture_in_page_order() -> None:
    first = ArticleItem(url=URL, headline="H", body="One.\n\nTwo.", warc=pointer(1))
    first.images = [Image(url="https://news.test/a.jpg")]
    paged = PagedArticle.start(URL, first)
    assert paged.wants(URL + "2/") == URL + "2/"
    second = ArticleItem(url=URL + "2/", headline="H", body="Two.\n\nThree.", warc=pointer(2))
    second.images = [Image(url="https://news.test/a.jpg"), Image(url="https://news.test/b.jpg")]
    paged.add(URL + "2/", second)
    item = paged.item
    assert item.body == "One.\n\nTwo.\n\nThree."  # a paragraph repeated on page 2 once
    assert [i.url for i in item.images] == ["https://news.test/a.jpg", "https://news.test/b.jpg"]
    assert item.warc is not None and item.warc["offset"] == 100  # still the first page's
    assert [(p["url"], p["offset"]) for p in item.warc["pages"]] == [(URL, 100), (URL + "2/", 200)]
    assert paged.wants(URL) is None and paged.wants(None) is None  # a pager going back


def test_a_pager_that_never_ends_stops_at_the_page_limit() -> None:
    paged = PagedArticle.start(URL, ArticleItem(url=URL, body="p1", warc=pointer(1)))
    n = 1
    while (nxt := paged.wants(f"{URL}{n + 1}/")) is not None:
        n += 1
        paged.add(nxt, ArticleItem(url=nxt, body=f"p{n}", warc=pointer(n)))
    assert n == MAX_ARTICLE_PAGES == len(paged.item.warc["pages"])
