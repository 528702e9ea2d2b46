"""Topics: labelled tag lines, tag boxes and breadcrumb trails."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import (
    DATED_URL,
    RUNNING_TEXT,
    SLUG_URL,
    dated_story,
    en_page,
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


STORY = "<h1>Harbour reopens</h1>" + "".join(
    f"<p>Paragraph {i}: the harbour of Springfield reopened after the storm, said "
    "mayor Anna Muster, and the first ferries crossed the bay again this morning "
    "with their usual load of commuters.</p>"
    for i in range(4)
)


def chips(*links: tuple[str, str]) -> str:
    return "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links) + "</ul>"


def test_tag_chips_after_the_text_are_the_topics() -> None:
    tags = chips(("/politik/anna-muster/", "Anna Muster"), ("/region/springfield", "Springfield"))
    item = extract_article("https://x.test/a", None, en_page(top=STORY + tags, body=""))
    assert item.topics == ["Anna Muster", "Springfield"]
    one = chips(("/tag/harbour/", "Harbour"))  # one link is enough through a tag path
    item = extract_article("https://x.test/a", None, en_page(top=STORY + one, body=""))
    assert item.topics == ["Harbour"]


def test_topic_links_that_are_not_the_story_s_chips_are_no_topics() -> None:
    menu = chips(("/politik/", "Politik"), ("/sport/", "Sport"))  # above the text
    others = chips(("/people/john-doe/", "John Doe"), ("/people/max-roe/", "Max Roe"))
    plain = chips(("/2025/harbour-story-1", "Harbour"), ("/sport/", "Sport"))
    for html in (menu + STORY, STORY + others, STORY + plain):
        item = extract_article("https://x.test/a", None, en_page(top=html, body=""))
        assert item.topics == [], html


def test_what_the_json_ld_says_the_article_is_about_is_a_topic() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Opening",
        "about": [{"@type": "Thing", "name": "Cronaca"}],
        "keywords": [{"@type": "DefinedTerm", "name": "County budget"}, "Toruń"],
    }
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Opening</h1>", ld=ld))
    assert item.topics == ["County budget", "Toruń", "Cronaca"]


def test_a_keyword_home_is_a_topic_where_a_home_crumb_is_not() -> None:
    crumbs = (
        "<nav class='breadcrumb'><a href='/'>Home</a> <a href='/interiors/'>Interiors</a></nav>"
    )
    head = "<meta name='keywords' content='Home, Clothes airers'>"
    item = extract_article(
        "https://x.test/a", None, en_page(head=head, top=crumbs + "<h1>Airers</h1>")
    )
    assert item.topics == ["Interiors", "Home", "Clothes airers"]


def test_links_the_page_marks_as_its_tags_are_topics_without_their_hash() -> None:
    # rel="tag" in the article's own footer; a WordPress category link names the section
    footer = (
        "<footer><nav><a rel='tag' href='/thema/budget'>#Budget</a> "
        "<a rel='tag' href='/thema/torun'>Toruń</a> "
        "<a rel='category tag' href='/category/news/'>News</a></nav></footer>"
    )
    site = "<footer><a rel='tag' href='/thema/weather'>Weather</a></footer>"
    page = en_page(top="<h1>Opening</h1>", body=RUNNING_TEXT + footer).replace(
        b"</body>", site.encode() + b"</body>"
    )
    assert extract_article("https://x.test/a", None, page).topics == ["Budget", "Toruń"]


def test_tags_a_vendor_meta_names_are_topics() -> None:
    head = (
        "<meta name='parsely-tags' content='County budget, Toruń'>"
        "<meta property='dmp:tags' content='Budget'><meta name='viewport' content='a, b'>"
    )
    item = extract_article("https://x.test/a", None, en_page(head=head, top="<h1>Opening</h1>"))
    assert item.topics == ["County budget", "Toruń", "Budget"]


def test_a_tag_box_whose_class_says_so_in_camel_case() -> None:
    box = (
        "<div class='articleTags'><span class='articleTag'>"
        "<a href='/person/jane-roe/'>Jane Roe</a></span></div>"
    )
    page = en_page(top="<h1>Opening</h1>", body=RUNNING_TEXT + box)
    assert extract_article("https://x.test/a", None, page).topics == ["Jane Roe"]


def test_a_short_heading_right_above_the_headline_is_its_kicker() -> None:
    top = "<header><h2>Tour de Ski </h2><h1>Opening</h1></header>"
    assert extract_article("https://x.test/a", None, en_page(top=top)).topics == ["Tour de Ski"]
    # a separator, a date or a link above the headline is no kicker
    for above in ("<span>|</span>", "<p>12.01.2026</p>", "<h2><a href='/ski'>Ski</a></h2>"):
        top = f"<header>{above}<h1>Opening</h1></header>"
        assert extract_article("https://x.test/a", None, en_page(top=top)).topics == []


def test_a_vendor_s_targeting_pairs_and_ids_are_no_tags() -> None:
    head = "<meta property='mrf:tags' content='Post ID:2780232;Primary Category:AI;Budget;58'>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top="<h1>Opening</h1>"))
    assert item.topics == ["Budget"]
