"""Next page of a section listing: rel=next, labelled links, page-number patterns."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.discovery.pagination import labels_for, next_page, page_number
from crawler.seed import DEFAULT_NEXT_PAGE

SECTION = "https://news.test/politik/"


def find(html: str, url: str = SECTION, language: str | None = "de", css: str = DEFAULT_NEXT_PAGE):
    return next_page(Selector(text=html), url, css, language)


def test_rel_next_link_or_head_link() -> None:
    assert find('<a rel="next" href="?page=2">2</a>') == SECTION + "?page=2"
    assert (
        find('<head><link rel="next" href="/politik/s2"></head>') == "https://news.test/politik/s2"
    )


def test_a_comma_separated_seed_selector_is_used_whole() -> None:
    html = '<a class="more" href="/politik/mehr">mehr</a>'
    assert find(html, css="a.next, a.more") == "https://news.test/politik/mehr"


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("de", "Weiter »"),
        ("de", "Nächste Seite"),
        ("fr", "Suivant ›"),
        ("fr", "Page suivante"),
        ("es", "Siguiente"),
        ("it", "Successiva"),
        ("it", "Avanti"),
        ("nl", "Volgende"),
        ("pt", "Próxima"),
        ("en", "Next"),
        ("en", "Older posts"),
        ("fr", "Older"),  # English labels work whatever the seed's language
    ],
)
def test_next_labelled_link_in_the_seeds_language(language: str, label: str) -> None:
    html = f'<a href="/politik/a.html">Artikel</a> <a href="/politik/archiv-b">{label}</a>'
    assert find(html, language=language) == "https://news.test/politik/archiv-b"


def test_label_in_aria_label_of_an_arrow_link() -> None:
    html = '<a href="/politik/x" aria-label="Nächste Seite">→</a>'
    assert find(html) == "https://news.test/politik/x"


def test_read_more_links_are_not_next_pages() -> None:
    html = (
        '<a href="/politik/1.html">Weiterlesen</a> <a href="/politik/2.html">Weiter zum Artikel</a>'
    )
    assert find(html) is None


def test_labels_of_another_language_are_not_used() -> None:
    assert "volgende" not in labels_for("de")
    assert find('<a href="/politik/x">Volgende</a>', language="de") is None
    assert find('<a href="/politik/x">Volgende</a>', language=None) == "https://news.test/politik/x"


def test_query_page_number_pattern_without_rel_or_label() -> None:
    html = (
        '<a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a>'
        ' <a href="/sport/?page=2">other section</a>'
    )
    assert find(html) == SECTION + "?page=2"
    assert find(html, url=SECTION + "?page=2") == SECTION + "?page=3"
    assert find(html, url=SECTION + "?page=3") is None


def test_path_page_number_pattern() -> None:
    html = '<a href="/politik/page/2/">2</a> <a href="/politik/page/3/">3</a>'
    assert find(html, url="https://news.test/politik") == "https://news.test/politik/page/2/"
    assert (
        find(html, url="https://news.test/politik/page/2/") == "https://news.test/politik/page/3/"
    )


def test_the_word_page_of_other_languages_in_the_path() -> None:
    html = '<span>1</span> <a href="/zpravy/strana/2/">2</a> <a href="/zpravy/strana/3/">3</a>'
    url = "https://news.test/zpravy/"
    assert find(html, url=url, language="cs") == "https://news.test/zpravy/strana/2/"
    assert find(html, url=url + "strana/2/", language="cs") == url + "strana/3/"
    assert page_number(url + "sayfa/5") == ("https://news.test/zpravy", 5)
    # a section page linking a story or a topic with a number is no next page
    assert find('<a href="/zpravy/tema/2/">x</a> <a href="/zpravy/2/">y</a>', url=url) is None


def test_other_query_parameters_must_match() -> None:
    html = '<a href="/liste?cat=2&page=2">x</a> <a href="/liste?page=2&cat=1">y</a>'
    assert find(html, url="https://news.test/liste?cat=1") == "https://news.test/liste?page=2&cat=1"


def test_page_number_of_urls() -> None:
    assert page_number("https://news.test/politik/?page=3") == ("https://news.test/politik", 3)
    assert page_number("https://news.test/politik/page/4/") == ("https://news.test/politik", 4)
    assert page_number("https://news.test/?paged=2") == ("https://news.test/", 2)
    assert page_number("https://news.test/politik/") == ("https://news.test/politik", 1)


def test_no_next_page_and_self_links_are_ignored() -> None:
    assert find("<p>no links</p>") is None
    assert find(f'<a rel="next" href="{SECTION}">self</a>') is None
    assert find('<a href="javascript:more()">Weiter</a>') is None


def test_load_more_link_by_offset_whatever_the_step() -> None:
    html = (
        '<a class="load-more" href="/politik/?offset=12">Mehr laden</a>'
        ' <a href="/sport/?offset=6">other section</a> <a href="/politik/?offset=24">x</a>'
    )
    assert find(html) == SECTION + "?offset=12"
    assert find(html, url=SECTION + "?offset=12") == SECTION + "?offset=24"
    assert find('<a href="/politik/?offset=0">back</a>', url=SECTION + "?offset=12") is None


@pytest.mark.parametrize(
    ("here", "there"),
    [
        ("/belfold/", "/belfold/?oldal=2"),  # hu: "oldal" is "page", in the query
        ("/zpravy/?strana=2", "/zpravy/?strana=3"),
        ("/gundem/?sayfa=1", "/gundem/?sayfa=2"),
        ("/inrikes/sida/2/", "/inrikes/sida/3/"),
        ("/ellada/", "/ellada/?pg=2"),  # "pg", a short query word of custom CMSs
    ],
)
def test_a_page_number_under_the_word_page_of_other_languages(here: str, there: str) -> None:
    """No label the crawler knows, no rel=next: the number one higher is the next page."""
    url = "https://news.test" + here
    html = f'<a href="/other/?oldal=9">x</a> <a href="{there}">&gt;&gt;</a>'
    assert find(html, url=url, language="en") == "https://news.test" + there


def test_older_articles_labelled_in_hungarian() -> None:
    html = '<a href="/belfold/archiv">Régebbi cikkek →</a>'
    assert find(html, url="https://news.test/belfold/", language="hu").endswith("/archiv")


def test_next_page_labelled_in_greek() -> None:
    html = '<a href="/ellada/archive-2">Επόμενη ›</a>'
    assert find(html, url="https://news.test/ellada/", language="el").endswith("/archive-2")
