"""Related-story boxes: which groups of links beside the text are the story's related box."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import (
    DATED_URL,
    SLUG_URL,
    dated_story,
    dated_story_link,
    slug_href,
    slug_story,
)


def test_an_unlabelled_list_of_sibling_stories_with_dates_is_the_related_box() -> None:
    box = (
        "<div class='story-list'><ul>"
        + "".join(dated_story_link(n, 20 + n) for n in range(3))
        + "</ul></div>"
    )
    item = extract_article(DATED_URL, None, dated_story(after=box))
    assert [r.url for r in item.related] == [
        f"http://x.test/story/news/2025/11/{20 + n}/another-story-number-{n}/{2000 + n}/"
        for n in range(3)
    ]
    assert "Another story" not in (item.body or "")
    assert item.body and item.body.startswith("The county board voted")


def test_links_in_the_header_a_ranking_or_without_dates_are_no_related_box() -> None:
    dated = "".join(dated_story_link(n, 20 + n) for n in range(3))
    trending = "".join(  # no date beside the links, and in the page header
        f'<a href="/story/news/2025/11/2{n}/trending-story-{n}/{3000 + n}/">A trending story '
        f"about the county {n}</a>"
        for n in range(4)
    )
    ranked = f"<div><h3>Most read</h3><ul>{dated}</ul></div>"
    for page in (dated_story(header=trending), dated_story(after=ranked)):
        assert extract_article(DATED_URL, None, page).related == []


def test_a_heading_whose_first_box_with_links_is_the_article_names_no_related_box() -> None:
    text = "".join(f"<p>{'Running text of the article, sentence after sentence. ' * 5}</p>" * 3)
    page = (
        "<html><body><div class='wrap'><h3>Read more</h3><p>Intro with <a href='/a'>one</a> "
        f"and <a href='/b'>two</a> links.</p>{text}</div></body></html>"
    ).encode()
    item = extract_article("http://x.test/news/story-1234567.html", None, page)
    assert item.related == []
    assert item.body and "Running text of the article" in item.body


def test_two_bare_links_to_sibling_stories_right_after_the_text_are_the_related_box() -> None:
    pair = "".join(
        f'<a href="{slug_href(n)}">Another story about the county {n}</a>' for n in (1, 2)
    )
    item = extract_article(SLUG_URL, None, slug_story(after=f"<div class='links'>{pair}</div>"))
    assert [r.url for r in item.related] == [f"http://x.test{slug_href(n)}" for n in (1, 2)]
    assert item.body and "Another story" not in item.body
    # the same pair before the text is no box: nothing says it is about this story
    assert (
        extract_article(
            SLUG_URL, None, slug_story(before=f"<div class='links'>{pair}</div>")
        ).related
        == []
    )


def test_card_headings_count_as_entries_and_a_picture_link_is_the_same_story() -> None:
    cards = "".join(
        f'<div class="card"><a href="{slug_href(n)}"><img src="/i{n}.jpg" alt=""></a>'
        f'<h3><a href="{slug_href(n)}">Another story about the county {n}</a></h3></div>'
        for n in range(3)
    )
    box = f"<div class='more'><h2>Something else</h2>{cards}</div><p>Advert</p>"
    item = extract_article(SLUG_URL, None, slug_story(after=box))
    assert [r.url for r in item.related] == [f"http://x.test{slug_href(n)}" for n in range(3)]


def test_card_teasers_are_part_of_their_entry_not_text_a_box_may_not_hold() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="{slug_href(n)}">Another story about the county {n}</a>'
        f"</h3><p>The teaser of that other story, which says what it is about in a line or "
        f"two.</p></div>"
        for n in range(3)
    )
    item = extract_article(SLUG_URL, None, slug_story(after=f"<div class='more'>{cards}</div>"))
    assert len(item.related) == 3
    assert item.body and "teaser of that other story" not in item.body


def test_a_page_that_sets_every_heading_in_h1_still_has_a_related_box() -> None:
    # the related heading and each card's title are <h1>s; the cards' teasers are long
    # paragraphs inside their links: a related box, not the story's text
    cards = "".join(
        f'<li><a href="{slug_href(n)}"><div><h1>Another story about the county {n}</h1>'
        f"<p>A long teaser of the other story number {n}, which tells at length what the "
        "county's other board decided this week about the roads, the schools and the "
        "parks, and what residents said about it at the meeting.</p></div></a></li>"
        for n in range(3)
    )
    box = f"<div class='box'><h1>You might also like</h1><ul>{cards}</ul></div>"
    item = extract_article(SLUG_URL, None, slug_story(after=box))
    assert [r.headline for r in item.related] == [
        f"Another story about the county {n}" for n in range(3)
    ]
    assert "A long teaser" not in (item.body or "")


def test_a_link_taken_for_another_sites_without_resolving_it_resolves_to_another_host() -> None:
    from urllib.parse import urljoin, urlsplit

    from crawler.extract.related_shape import _elsewhere

    page = "https://www.ex.test/news/2024/03/story-one/"
    hrefs = [
        "https://other.test/news/2024/03/story-two/",
        "//other.test/a",
        "HTTPS://WWW.EX.TEST/news/2024/03/story-two/",
        "http://ex\t.test/news/2024/03/story-two/",
        "https://ex.test.other.test/a",
        "/news/2024/03/story-two/",
        "http:/news/2024/03/story-two/",
        "https://user@Ex.Test:8080/a",
    ]
    for href in hrefs:
        resolved = (urlsplit(urljoin(page, href)).hostname or "").removeprefix("www.")
        if _elsewhere(href, "ex.test"):
            assert resolved != "ex.test", href
    assert [_elsewhere(h, "ex.test") for h in hrefs] == [True, True] + [False] * 6
