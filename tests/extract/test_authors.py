"""Authors: bylines read into names, structured and visible bylines together, agencies kept out."""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.authors import parse_byline, with_linked_names
from crawler.extract.rules import ExtractionRules
from tests.extract.story_pages import (
    DATED_URL,
    RUNNING_TEXT,
    dated_story,
    en_page,
)


def test_author_links_correct_a_byline_read_as_one_string() -> None:
    assert with_linked_names(["AutorAnna NowakJan Kowalski"], ["Anna Nowak", "Jan Kowalski"]) == [
        "Anna Nowak",
        "Jan Kowalski",
    ]
    assert with_linked_names(
        ["Mary Hart", "Luis García The Prairie Dispatch"], ["Mary Hart", "Luis García"]
    ) == ["Mary Hart", "Luis García"]
    # a name without a link stays; links that are no names ("Follow", "@x") change nothing
    assert with_linked_names(["Jane Doe", "John Roe"], ["John Roe", "Follow", "@jr"]) == [
        "Jane Doe",
        "John Roe",
    ]


def test_a_visible_byline_completes_a_structured_author() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ana Souza"}}'
    byline = (
        "<div class='post-author-name'>Por <a href='/author/ana/'>Ana Souza</a> e "
        "<a href='/author/pedro/'>Pedro Lima</a></div>"
    )
    page = dated_story(article_extra=byline).replace(
        b"<html>", f'<html><head><script type="application/ld+json">{ld}</script></head>'.encode()
    )
    rules = ExtractionRules(timezone="America/Sao_Paulo", language="pt")
    assert extract_article(DATED_URL, None, page, rules).authors == ["Ana Souza", "Pedro Lima"]


def test_agencies_of_other_countries_are_no_authors() -> None:

    assert parse_byline("Anna Lindqvist och Erik Berg/TT") == (
        ["Anna Lindqvist", "Erik Berg"],
        "TT",
    )
    assert parse_byline("Jan Nowak, PAP") == (["Jan Nowak"], "PAP")


def test_bylines_with_a_label_word_and_a_source_label_of_other_languages() -> None:

    assert parse_byline("Haber: Ayşe Yılmaz ve Mehmet Demir Kaynak: İHA") == (
        ["Ayşe Yılmaz", "Mehmet Demir"],
        "İHA",
    )
    assert parse_byline("Haber: Haber Merkezi") == (["Haber Merkezi"], None)  # the newsroom
    assert parse_byline("Autor: Jana Dvořáková, Tomáš Procházka, ČTK") == (
        ["Jana Dvořáková", "Tomáš Procházka"],
        "ČTK",
    )


def test_a_visible_byline_adds_only_name_like_co_authors_to_a_structured_author() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Harbour reopens",
        "author": {"@type": "Person", "name": "Jane Roe"},
    }
    for extra, names in [
        ("Email Jane Roe", ["Jane Roe"]),
        ("Follow us", ["Jane Roe"]),
        ("Reporter for Business and Politics in the City", ["Jane Roe"]),
        ("EXAMPLE.COM", ["Jane Roe"]),
        ("John Doe", ["Jane Roe", "John Doe"]),  # a co-author the markup left out
        ("Rafael de Almeida", ["Jane Roe", "Rafael de Almeida"]),
    ]:
        byline = f'<div class="byline"><a href="/a/roe">Jane Roe</a> / {extra}</div>'
        top = "<h1>Harbour reopens</h1>" + byline
        item = extract_article("https://x.test/a", None, en_page(top=top, ld=ld))
        assert item.authors == names, extra


def test_a_byline_label_alone_is_no_name() -> None:
    assert parse_byline("Von") == ([], None)
    assert parse_byline("By:") == ([], None)
    assert parse_byline("Von Anna Schmidt") == (["Anna Schmidt"], None)


def test_a_linked_name_with_the_desk_after_a_comma_gives_the_name() -> None:
    byline = (
        "<div class='authorWrapper'>von <a href='/p/ds'>David Straub, MDR THÜRINGEN</a>"
        " Stand: 28. April 2023, 05:00 Uhr</div>"
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Heat</h1>" + byline))
    assert item.authors == ["David Straub"]


def test_the_outlet_as_structured_author_yields_to_the_person_the_page_names() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Heat",
        "author": {"@type": "Organization", "name": "Daily Paper"},
        "publisher": {"@type": "Organization", "name": "Daily Paper"},
    }
    shown = "<h1>Heat</h1><span class='article__author'>Von Mia Berger</span>"
    item = extract_article("https://x.test/a", None, en_page(top=shown, ld=ld))
    assert item.authors == ["Mia Berger"]
    # a byline that names no person (initials, the outlet again) leaves the outlet
    for other in ("amw", "Daily Paper"):
        top = f"<h1>Heat</h1><span class='article__author'>{other}</span>"
        item = extract_article("https://x.test/a", None, en_page(top=top, ld=ld))
        assert item.authors == ["Daily Paper"]
    # an author who is no outlet of the page stays, whatever the byline shows
    ld["author"] = {"@type": "Person", "name": "Jonas Weber"}
    item = extract_article("https://x.test/a", None, en_page(top=shown, ld=ld))
    assert item.authors == ["Jonas Weber"]


def test_a_digit_inside_a_word_is_part_of_a_name_and_a_number_of_its_own_is_not() -> None:
    assert parse_byline("BR24 Redaktion")[0] == ["BR24 Redaktion"]
    assert parse_byline("Von Anna Schmidt, 28. April 2023")[0] == ["Anna Schmidt"]


def test_names_in_bold_above_the_text_are_the_byline_when_no_person_is_named() -> None:
    ld = {"@type": "NewsArticle", "headline": "Heat", "author": {"name": "Lesotho Daily"}}
    head = '<meta property="og:site_name" content="Lesotho Daily">'
    text = "<p>&nbsp;</p><p><strong>Jane Roe/John Doe</strong></p>" + RUNNING_TEXT
    page = en_page(head=head, top="<h1>Heat</h1>", body=text, ld=ld)
    item = extract_article("https://x.test/a", None, page)
    assert item.authors == ["Jane Roe", "John Doe"]
    assert "Jane Roe" not in (item.body or "")
    # a bold line that names no person is text, and the outlet stays the author
    text = "<p><strong>Read this first</strong></p>" + RUNNING_TEXT
    item = extract_article("https://x.test/a", None, en_page(head=head, body=text, ld=ld))
    assert item.authors == ["Lesotho Daily"]


def test_a_byline_label_of_the_language_is_no_part_of_the_name() -> None:
    assert parse_byline("Reporter: Jane Roe") == (["Jane Roe"], None)
    assert parse_byline("Текст: Олена Коваль") == (["Олена Коваль"], None)
    assert parse_byline("Автор: Анна Смирнова") == (["Анна Смирнова"], None)
    assert parse_byline("記者：佐藤一郎") == (["佐藤一郎"], None)  # a full-width colon
    assert parse_byline("Reporter Jane Roe") == (["Reporter Jane Roe"], None)  # no label


def test_names_are_split_on_the_separators_of_their_language() -> None:
    assert parse_byline("佐藤一郎、鈴木花子") == (["佐藤一郎", "鈴木花子"], None)
    ukrainian = parse_byline("Іван Петренко та Олена Коваль")
    assert ukrainian == (["Іван Петренко", "Олена Коваль"], None)
    assert parse_byline("Иван Петров и Анна Смирнова") == (["Иван Петров", "Анна Смирнова"], None)
    # the middle dot inside a foreign name written in katakana is no separator
    assert parse_byline("ジョン・スミス") == (["ジョン・スミス"], None)


def test_a_closing_byline_in_brackets_is_the_author_and_not_text() -> None:
    for tail, names in [
        ("<p>(Jane Roe)</p>", ["Jane Roe"]),
        ("<p>[Jane Roe and John Doe]</p>", ["Jane Roe", "John Doe"]),
        ("<p>（佐藤一郎）</p>", ["佐藤一郎"]),
    ]:
        item = extract_article(
            "https://x.test/a", None, en_page(top="<h1>Heat</h1>", body=RUNNING_TEXT + tail)
        )
        assert item.authors == names, tail
        assert names[0] not in (item.body or ""), tail
    # a closing remark in brackets is text, and so is a bracket before the end
    for tail in (
        "<p>(The story was updated on Friday.)</p>",
        "<p>(Jane Roe)</p><p>" + "More words here. " * 5 + "</p>",
    ):
        item = extract_article(
            "https://x.test/a", None, en_page(top="<h1>Heat</h1>", body=RUNNING_TEXT + tail)
        )
        assert item.authors == [], tail


def test_a_commenter_is_no_author() -> None:
    widget = (
        "<aside class='widget widget_recent_comments'><ul><li class='recentcomments'>"
        "<span class='comment-author-link'>Kaffeetrinker</span> on <a href='/b'>Story</a>"
        "</li></ul></aside>"
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Heat</h1>") + widget.encode())
    assert item.authors == []
    comments = "<div class='comments'><p class='author'>Jane Roe</p><p>Great story!</p></div>"
    page = en_page(
        top="<h1>Heat</h1><p class='byline'>By Mia Berger</p>", body=RUNNING_TEXT + comments
    )
    assert extract_article("https://x.test/a", None, page).authors == ["Mia Berger"]


def test_a_closing_byline_repeating_the_structured_author_leaves_the_body() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Heat",
        "author": {"@type": "Person", "name": "Jane Roe"},
    }
    page = en_page(top="<h1>Heat</h1>", body=RUNNING_TEXT + "<p>(Jane Roe)</p>", ld=ld)
    item = extract_article("https://x.test/a", None, page)
    assert item.authors == ["Jane Roe"]
    assert "Jane Roe" not in (item.body or "")
    # another name in brackets at the end is no repeat of the author: the text keeps it
    page = en_page(top="<h1>Heat</h1>", body=RUNNING_TEXT + "<p>(John Doe)</p>", ld=ld)
    assert "John Doe" in (extract_article("https://x.test/a", None, page).body or "")


def test_an_agency_linked_as_author_with_its_function_beside_it_is_the_agency() -> None:
    # "<a>SID</a><span>Nachrichtenagentur</span>" reads "SIDNachrichtenagentur"
    byline = (
        "<div class='story-authors'><div><a href='/autoren/sid/'>SID</a></div>"
        "<span class='author-function'>Nachrichtenagentur</span></div>"
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Heat</h1>" + byline))
    assert item.authors == [] and item.agency == "SID"


def test_a_byline_line_in_a_list_item_names_the_authors() -> None:
    meta = (
        "<ul class='information'><li>3 Minuten Lesezeit</li><li>Von: <span><a href='/bm'>"
        "Bill MCCARTHY</a>,</span> <span><a href='/mg'>Marisha GOLDHAMER</a></span></li></ul>"
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Heat</h1>" + meta))
    assert item.authors == ["Bill MCCARTHY", "Marisha GOLDHAMER"]
