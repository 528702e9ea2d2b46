"""Rules found on the outlets written before reading the extractor (vecernik, ege; issue 11).

As in ``test_unseen_templates`` (whose article text these pages share), each test is one
general rule on a small page of its own.
"""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.test_unseen_templates import TEXT

URL = "http://x.test/news/county-board-approves-budget-1001.html"


def _href(n: int) -> str:
    return f"/news/another-story-about-the-county-{2000 + n}.html"


def _page(after: str = "", before: str = "") -> bytes:
    return (
        f"<html><body><main><article><h1>County board approves budget</h1>{before}"
        f"<div class='text'>{TEXT}</div>{after}</article><footer>x</footer></main></body></html>"
    ).encode()


def test_two_bare_links_to_sibling_stories_right_after_the_text_are_the_related_box() -> None:
    pair = "".join(f'<a href="{_href(n)}">Another story about the county {n}</a>' for n in (1, 2))
    item = extract_article(URL, None, _page(after=f"<div class='links'>{pair}</div>"))
    assert [r.url for r in item.related] == [f"http://x.test{_href(n)}" for n in (1, 2)]
    assert item.body and "Another story" not in item.body
    # the same pair before the text is no box: nothing says it is about this story
    assert (
        extract_article(URL, None, _page(before=f"<div class='links'>{pair}</div>")).related == []
    )


def test_card_headings_count_as_entries_and_a_picture_link_is_the_same_story() -> None:
    cards = "".join(
        f'<div class="card"><a href="{_href(n)}"><img src="/i{n}.jpg" alt=""></a>'
        f'<h3><a href="{_href(n)}">Another story about the county {n}</a></h3></div>'
        for n in range(3)
    )
    box = f"<div class='more'><h2>Something else</h2>{cards}</div><p>Advert</p>"
    item = extract_article(URL, None, _page(after=box))
    assert [r.url for r in item.related] == [f"http://x.test{_href(n)}" for n in range(3)]


def test_card_teasers_are_part_of_their_entry_not_text_a_box_may_not_hold() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="{_href(n)}">Another story about the county {n}</a>'
        f"</h3><p>The teaser of that other story, which says what it is about in a line or "
        f"two.</p></div>"
        for n in range(3)
    )
    item = extract_article(URL, None, _page(after=f"<div class='more'>{cards}</div>"))
    assert len(item.related) == 3
    assert item.body and "teaser of that other story" not in item.body


def test_a_line_of_links_from_home_is_a_breadcrumb_and_an_unlinked_last_crumb_a_topic() -> None:
    trail = (
        "<div class='path'><a href='/'>The Daily</a> » <a href='/news/'>News</a> » "
        "<a href='/news/topic/budget/'>Budget</a></div>"
    )
    page = _page().replace(b"<main>", trail.encode() + b"<main>")
    assert extract_article(URL, None, page).topics == ["News", "Budget"]
    listed = (
        "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/news/'>News</a>"
        "</li><li><span>Budget</span></li></ol>"
    )
    page = _page().replace(b"<main>", listed.encode() + b"<main>")
    assert extract_article(URL, None, page).topics == ["News", "Budget"]
    # the trail's last crumb may be the headline itself: no topic
    titled = listed.replace("Budget", "County board approves budget")
    page = _page().replace(b"<main>", titled.encode() + b"<main>")
    assert extract_article(URL, None, page).topics == ["News"]


def test_the_one_container_of_the_running_text_is_read_without_the_header_block() -> None:
    header = (
        "<h2 class='spot'>What the story is about, in one line.</h2>"
        "<div class='muhabir'>Haber: <a href='/yazar/ayse/'>Ayşe Yılmaz</a></div>"
        "<div class='tarih'>Güncelleme: 2 Aralık 2026 Çarşamba 10:47</div>"
    )
    text = TEXT + "<p>" + "A third paragraph of the same article, long enough to count. " * 2
    page = (
        f"<html><body><main><article><h1>County board approves budget</h1>{header}"
        f"<div id='story'>{text}</p></div></article></main></body></html>"
    ).encode()
    body = extract_article(URL, None, page).body or ""
    assert body.startswith("The county board voted") and body.endswith("long enough to count.")


def test_bylines_with_a_label_word_and_a_source_label_of_other_languages() -> None:
    from crawler.extract.authors import parse_byline

    assert parse_byline("Haber: Ayşe Yılmaz ve Mehmet Demir Kaynak: İHA") == (
        ["Ayşe Yılmaz", "Mehmet Demir"],
        "İHA",
    )
    assert parse_byline("Haber: Haber Merkezi") == (["Haber Merkezi"], None)  # the newsroom
    assert parse_byline("Autor: Jana Dvořáková, Tomáš Procházka, ČTK") == (
        ["Jana Dvořáková", "Tomáš Procházka"],
        "ČTK",
    )


def test_photo_labels_of_other_languages_and_a_labelled_credit_beside_the_caption() -> None:
    from crawler.extract.credits import split_caption

    assert split_caption("İzmir çevre yolu. (Fotoğraf: Emre Tazegül/AA)") == (
        "İzmir çevre yolu.",
        "Emre Tazegül/AA",
    )
    assert split_caption("Radnice v Brně. Snímek: Vít Šimánek") == (
        "Radnice v Brně.",
        "Vít Šimánek",
    )
    figure = (
        '<figure><img src="/p.jpg" alt=""><figcaption>The county courthouse.</figcaption>'
        "<small>Fotoğraf: Onur Çoban/DHA</small></figure>"
    )
    item = extract_article(URL, None, _page(before=figure))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The county courthouse.", "Onur Çoban/DHA")
    ]


def test_an_update_label_of_other_languages_before_a_colon_gives_the_modified_date() -> None:
    from crawler.extract.rules import ExtractionRules

    dates = (
        "<div class='tarih'><span>Yayınlanma: 2 Aralık 2026 Çarşamba 08:59</span> "
        "<span>Güncelleme: 2 Aralık 2026 Çarşamba 10:47</span></div>"
    )
    rules = ExtractionRules(timezone="Europe/Istanbul", language="tr")
    item = extract_article(URL, None, _page(before=dates), rules)
    assert (item.published, item.modified) == (
        "2026-12-02T08:59:00+03:00",
        "2026-12-02T10:47:00+03:00",
    )
