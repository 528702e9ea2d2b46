"""A flood of links cut from a page's text before parsing, and exactly on its tree."""

from __future__ import annotations

from crawler.extract.link_bound import cut_links, drop_links_in_text
from crawler.extract.structured import parse_html

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
