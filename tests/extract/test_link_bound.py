"""A flood of links (or images) cut from a page's text before parsing, and exactly on its tree."""

from __future__ import annotations

from crawler.extract.link_bound import (
    bound_images,
    cut_elements_in_text,
    cut_images,
    cut_links,
    drop_images_in_text,
    drop_links_in_text,
    elements_not_read,
    images_not_read,
    note_elements_not_read,
)
from crawler.extract.structured import parse_html
from crawler.items import ArticleItem, Image

PAGE = (
    "<p>x<a href=1>one</a> t1 <A HREF=2>two</a> t2 <a href=3>three</a> t3 "
    "<abbr>k</abbr><aside>a</aside><a href=4>open <a href=5>five</a> t5 <a href=6>six"
)


def test_links_past_the_bound_go_with_their_text_and_the_text_after_them_stays() -> None:
    assert drop_links_in_text(PAGE, 1) == ("<p>x<a href=1>one</a> t1  t2  t3 "
                                           "<abbr>k</abbr><aside>a</aside> t5 six", 5)  # fmt: skip


def test_a_page_within_the_bound_is_the_same_string() -> None:
    assert drop_links_in_text(PAGE, 6) == (PAGE, 0)


def test_text_and_tree_agree_on_what_is_left() -> None:
    text, dropped = drop_links_in_text(PAGE, 2)
    tree = parse_html(PAGE)
    assert cut_links(tree, 2) == 2 + dropped
    assert [a.get("href") for a in parse_html(text).iter("a")] == ["1", "2"]
    assert [a.get("href") for a in tree.iter("a")] == ["1", "2"]


IMAGES = (
    '<figure><img src="1.jpg"></figure><IMG SRC="2.jpg"/><p>t<img alt="x>y" src=3.jpg>u</p>'
    '<amp-img src="4.jpg"></amp-img><imgur>k</imgur><img\nsrc="5.jpg">'
)


def test_images_past_the_bound_are_cut_from_the_text_and_from_the_tree() -> None:
    text, dropped = drop_images_in_text(IMAGES, 2)
    assert (text, dropped) == (
        '<figure><img src="1.jpg"></figure><IMG SRC="2.jpg"/><p>tu</p></amp-img><imgur>k</imgur>',
        3,
    )
    assert drop_images_in_text(IMAGES, 5) == (IMAGES, 0)
    tree = parse_html(IMAGES)
    assert cut_images(tree, 2) == 5
    assert [i.get("src") for i in tree.iter("img", "amp-img")] == ["1.jpg", "2.jpg"]


def test_an_item_keeps_the_first_images_and_says_how_many_it_lost() -> None:
    item = ArticleItem(url="http://x.test/a", images=[Image(url=f"{n}.jpg") for n in range(7)])
    bound_images(item, 100, 5)
    assert [i.url for i in item.images] == [f"{n}.jpg" for n in range(5)]
    assert item.missing["images"] == (
        "102 images of the page past the first 5 not read ([links] max_images_per_page)"
    )
    assert images_not_read(item) == 102
    within = ArticleItem(url="http://x.test/b", images=[Image(url="a.jpg")])
    bound_images(within, 0, 5)
    assert (len(within.images), within.missing, images_not_read(within)) == (1, {}, 0)


def test_a_page_is_read_up_to_its_element_bound() -> None:
    page = "<ul>" + "<li>x</li>" * 10 + "</ul><p>after</p>"
    assert cut_elements_in_text(page, 11) == ("<ul>" + "<li>x</li>" * 10 + "</ul>", 1)
    assert cut_elements_in_text(page, 5) == ("<ul>" + "<li>x</li>" * 4, 7)
    assert cut_elements_in_text(page, 12) == (page, 0)
    item = ArticleItem(url="http://x.test/a", body="x")
    note_elements_not_read(item, 7)
    assert item.missing["body"] == "7 elements of the page past the first 20000 not read"
    assert elements_not_read(item) == 7
