"""Topics: labelled tag lines, tag boxes and breadcrumb trails."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import (
    DATED_URL,
    SLUG_URL,
    dated_story,
    slug_story,
)


def test_topics_come_from_a_labelled_line_and_from_breadcrumb_and_tags_together() -> None:
    filed = "<p class='tag-line'>Filed under: <a href='/topic/budget/'>County Budget</a></p>"
    item = extract_article(DATED_URL, None, dated_story(article_extra=filed))
    assert item.topics == ["County Budget"]
    assert "Filed under" not in (item.body or "")
    both = (
        "<nav class='breadcrumb'><a href='/'>Strona główna</a> <a href='/news/'>News</a></nav>"
        "<div class='field--name-field-tags'><div>Tagi</div><a href='/tagi/a'>Budżet</a>"
        "<a href='/tagi/b'>Toruń</a></div>"
    )
    # the home crumb ("/") is no topic
    assert extract_article(DATED_URL, None, dated_story(article_extra=both)).topics == [
        "News",
        "Budżet",
        "Toruń",
    ]


def test_a_line_of_links_from_home_is_a_breadcrumb_and_an_unlinked_last_crumb_a_topic() -> None:
    trail = (
        "<div class='path'><a href='/'>The Daily</a> » <a href='/news/'>News</a> » "
        "<a href='/news/topic/budget/'>Budget</a></div>"
    )
    page = slug_story().replace(b"<main>", trail.encode() + b"<main>")
    assert extract_article(SLUG_URL, None, page).topics == ["News", "Budget"]
    listed = (
        "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/news/'>News</a>"
        "</li><li><span>Budget</span></li></ol>"
    )
    page = slug_story().replace(b"<main>", listed.encode() + b"<main>")
    assert extract_article(SLUG_URL, None, page).topics == ["News", "Budget"]
    # the trail's last crumb may be the headline itself: no topic
    titled = listed.replace("Budget", "County board approves budget")
    page = slug_story().replace(b"<main>", titled.encode() + b"<main>")
    assert extract_article(SLUG_URL, None, page).topics == ["News"]
