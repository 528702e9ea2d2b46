"""Rules found on outlets written after the extractor (folha, kurier, dispatch; issue 11).

Each test is one general rule on a small page of its own, so a rule is kept for what it
does, not for the outlet it was found on.
"""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.authors import with_linked_names
from crawler.extract.credits import split_caption
from crawler.extract.rules import ExtractionRules

TEXT = (
    "<p>The county board voted late Tuesday to approve the new budget after a long and "
    "heated debate that ran well past midnight in the old courthouse.</p>"
    "<p>Opponents said the vote came too fast and that residents had not been heard; "
    "supporters said the plan had been studied from every angle for more than a year.</p>"
)
URL = "http://x.test/story/news/2025/11/27/county-board-approves-budget/1001/"


def _story(n: int, day: int) -> str:
    return (
        f'<li><a href="/story/news/2025/11/{day}/another-story-number-{n}/{2000 + n}/">'
        f"Another story about the county, number {n}</a> <span>November {day}, 2025</span></li>"
    )


def _page(after: str = "", header: str = "", article_extra: str = "") -> bytes:
    return (
        f"<html><body><header>{header}</header><main><article><h1>County board approves "
        f"budget</h1>{article_extra}<div class='story-text'>{TEXT}</div></article>{after}"
        "</main></body></html>"
    ).encode()


def test_an_unlabelled_list_of_sibling_stories_with_dates_is_the_related_box() -> None:
    box = (
        "<div class='story-list'><ul>"
        + "".join(_story(n, 20 + n) for n in range(3))
        + "</ul></div>"
    )
    item = extract_article(URL, None, _page(after=box))
    assert [r.url for r in item.related] == [
        f"http://x.test/story/news/2025/11/{20 + n}/another-story-number-{n}/{2000 + n}/"
        for n in range(3)
    ]
    assert "Another story" not in (item.body or "")
    assert item.body and item.body.startswith("The county board voted")


def test_links_in_the_header_a_ranking_or_without_dates_are_no_related_box() -> None:
    dated = "".join(_story(n, 20 + n) for n in range(3))
    trending = "".join(  # no date beside the links, and in the page header
        f'<a href="/story/news/2025/11/2{n}/trending-story-{n}/{3000 + n}/">A trending story '
        f"about the county {n}</a>"
        for n in range(4)
    )
    ranked = f"<div><h3>Most read</h3><ul>{dated}</ul></div>"
    for page in (_page(header=trending), _page(after=ranked)):
        assert extract_article(URL, None, page).related == []


def test_a_heading_whose_first_box_with_links_is_the_article_names_no_related_box() -> None:
    text = "".join(f"<p>{'Running text of the article, sentence after sentence. ' * 5}</p>" * 3)
    page = (
        "<html><body><div class='wrap'><h3>Read more</h3><p>Intro with <a href='/a'>one</a> "
        f"and <a href='/b'>two</a> links.</p>{text}</div></body></html>"
    ).encode()
    item = extract_article("http://x.test/news/story-1234567.html", None, page)
    assert item.related == []
    assert item.body and "Running text of the article" in item.body


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
    page = _page(article_extra=byline).replace(
        b"<html>", f'<html><head><script type="application/ld+json">{ld}</script></head>'.encode()
    )
    rules = ExtractionRules(timezone="America/Sao_Paulo", language="pt")
    assert extract_article(URL, None, page, rules).authors == ["Ana Souza", "Pedro Lima"]


def test_topics_come_from_a_labelled_line_and_from_breadcrumb_and_tags_together() -> None:
    filed = "<p class='tag-line'>Filed under: <a href='/topic/budget/'>County Budget</a></p>"
    item = extract_article(URL, None, _page(article_extra=filed))
    assert item.topics == ["County Budget"]
    assert "Filed under" not in (item.body or "")
    both = (
        "<nav class='breadcrumb'><a href='/'>Strona główna</a> <a href='/news/'>News</a></nav>"
        "<div class='field--name-field-tags'><div>Tagi</div><a href='/tagi/a'>Budżet</a>"
        "<a href='/tagi/b'>Toruń</a></div>"
    )
    # the home crumb ("/") is no topic
    assert extract_article(URL, None, _page(article_extra=both)).topics == [
        "News",
        "Budżet",
        "Toruń",
    ]


def test_amp_images_with_the_credit_beside_the_caption() -> None:
    fig = (
        "<figure><amp-img src='/img/1.jpg' width='1200' height='675' layout='responsive'>"
        "</amp-img><figcaption>Parents fill a meeting.</figcaption>"
        "<span class='attribution'>Ron Johnson/Journal Star</span></figure>"
    )
    item = extract_article(URL, None, _page(article_extra=fig))
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("http://x.test/img/1.jpg", "Parents fill a meeting.", "Ron Johnson/Journal Star")
    ]
    assert "Ron Johnson" not in (item.body or "")


def test_an_abbreviated_photo_label_splits_the_credit_off() -> None:
    assert split_caption("Ratusz w Toruniu. fot. Jan Nowak/PAP") == (
        "Ratusz w Toruniu.",
        "Jan Nowak/PAP",
    )
    assert split_caption("Fot. Jan Nowak/PAP") == (None, "Jan Nowak/PAP")


def test_an_image_box_inside_the_text_is_dropped_without_the_text() -> None:
    inline = (
        "<div class='wp-caption'><img src='/img/2.jpg'><p class='wp-caption-text'>The hall "
        "(Foto: Rovena Rosa/Agência Brasil)</p></div>"
        "<p><strong>Leia mais:</strong> <a href='/story/news/2025/11/20/x/9/'>Another one</a></p>"
    )
    page = _page().replace(
        b"<div class='story-text'>", f"<div class='story-text'>{inline}".encode()
    )
    item = extract_article(URL, None, page)
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The hall", "Rovena Rosa/Agência Brasil")
    ]
    assert item.body and item.body.startswith("The county board voted")
    assert "Leia mais" not in item.body and "The hall" not in item.body


def test_paragraphs_marked_for_a_metered_paywall_are_text_but_a_prompt_is_not() -> None:
    gated = (
        "<p class='paywall'>A short paragraph of the text, behind the meter.</p>"
        "<p class='paywall'>Analysts expect the fight to drag on into the new year, and the "
        "county board plans to release its full report in January.</p>"
        "<div class='paywall'><a href='/subscribe'>Subscribe to keep reading</a></div>"
    )
    page = _page().replace(b"</div></article>", f"{gated}</div></article>".encode())
    body = extract_article(URL, None, page).body or ""
    assert "behind the meter" in body and "drag on into the new year" in body
    assert "Subscribe" not in body


def test_the_subhead_section_label_and_source_line_stay_out_of_the_body() -> None:
    top = "<h2 class='subhead'>New figures caught officials off guard.</h2><p>Źródło: PAP</p>"
    page = _page(article_extra=top).replace(
        b"<article><h1>", b"<article><a class='section-label' href='/news/'>News</a><h1>"
    )
    item = extract_article(URL, None, page)
    assert item.lead == "New figures caught officials off guard."
    assert item.body is not None
    assert item.body.split("\n\n")[0].startswith("The county board voted")
    assert "Źródło" not in item.body and "News" not in item.body.split("\n\n")[0]


def test_agencies_of_other_countries_are_no_authors() -> None:
    from crawler.extract.authors import parse_byline

    assert parse_byline("Anna Lindqvist och Erik Berg/TT") == (
        ["Anna Lindqvist", "Erik Berg"],
        "TT",
    )
    assert parse_byline("Jan Nowak, PAP") == (["Jan Nowak"], "PAP")
