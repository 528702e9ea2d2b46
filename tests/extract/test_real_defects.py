"""General defects found on real outlets, each on a small hand-made page.

The real pages themselves are in ``shared/benchmarks/news-fields`` and measured by
``bench/extraction.py``; these pages only show each rule's shape.
"""

from __future__ import annotations

import json

from crawler.extract.article import extract_article

BODY = "".join(
    f"<p>Paragraph {i} of the story carries enough words to count as running text here.</p>"
    for i in range(6)
)


def page(head: str = "", top: str = "", body: str = BODY, ld: dict | None = None) -> bytes:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f"<html lang='en'><head>{head}{script}</head><body><article>{top}{body}"
        "</article></body></html>"
    ).encode()


def test_structured_headline_with_site_suffix_is_the_shown_h1() -> None:
    for suffix in (" - The Daily Paper", " | Sport", " | 毎日新聞"):
        ld = {"@type": "NewsArticle", "headline": "Bridge reopens after repairs" + suffix}
        item = extract_article(
            "https://x.test/a", None, page(top="<h1>Bridge reopens after repairs</h1>", ld=ld)
        )
        assert item.headline == "Bridge reopens after repairs"


def test_structured_headline_with_a_dash_of_its_own_stays_whole() -> None:
    ld = {"@type": "NewsArticle", "headline": "Storm - and then the flood"}
    shown = "<h1>Storm - and then the flood</h1>"
    item = extract_article("https://x.test/a", None, page(top=shown, ld=ld))
    assert item.headline == "Storm - and then the flood"
    other = "<h1>Something else entirely</h1>"  # no h1 is the headline's head: kept as is
    ld = {"@type": "NewsArticle", "headline": "Bridge reopens - The Daily Paper"}
    item = extract_article("https://x.test/a", None, page(top=other, ld=ld))
    assert item.headline == "Bridge reopens - The Daily Paper"


INTRO = (
    "The council voted to close the old bridge for two years while engineers replace "
    "its rusted steel frame and widen the footpaths on both sides."
)


def test_unshown_structured_description_yields_to_the_shown_meta_description() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": "A photo caption."}
    head = f'<meta name="description" content="{INTRO}">'
    top = f"<h1>Bridge closes</h1><div><span>Springfield.</span> <span>{INTRO}</span></div>"
    item = extract_article("https://x.test/a", None, page(head=head, top=top, ld=ld))
    assert item.lead == "Springfield. " + INTRO  # the whole intro the reader sees
    assert INTRO not in (item.body or "")


def test_a_shown_structured_description_stays_the_lead() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": INTRO}
    head = '<meta name="description" content="Other words for the search engines only.">'
    top = f'<h1>Bridge closes</h1><p class="lead">{INTRO}</p>'
    item = extract_article("https://x.test/a", None, page(head=head, top=top, ld=ld))
    assert item.lead == INTRO


def test_credit_element_is_the_first_with_text_not_an_image_named_source() -> None:
    figure = (
        '<figure><img class="story-image__source" src="/p.jpg" alt="x">'
        '<figcaption class="caption"><span>The mayor at the opening</span>'
        '<span class="caption__credit">Jane Roe/Reuters</span></figcaption></figure>'
    )
    item = extract_article("https://x.test/a", None, page(top="<h1>Opening</h1>" + figure))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The mayor at the opening", "Jane Roe/Reuters")
    ]


def test_story_article_after_teaser_articles_is_the_scope() -> None:
    teasers = "".join(
        f'<article class="teaser"><figure><img src="/t{i}.jpg"></figure>'
        f'<a href="/other-{i}">Another story number {i}</a></article>'
        for i in range(4)
    )
    story = (
        "<article><h1>Harbour reopens</h1><figure><img src='/story.jpg'>"
        "<figcaption>Ships return to the harbour. Foto: Jane Roe</figcaption></figure>"
        + BODY * 3
        + "</article>"
    )
    html = f"<html><body>{teasers}{story}</body></html>".encode()
    item = extract_article("https://x.test/a", None, html)
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("https://x.test/story.jpg", "Ships return to the harbour.", "Jane Roe")
    ]


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
        item = extract_article("https://x.test/a", None, page(top=top, ld=ld))
        assert item.authors == names, extra


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
    item = extract_article("https://x.test/a", None, page(top=STORY + tags, body=""))
    assert item.topics == ["Anna Muster", "Springfield"]
    one = chips(("/tag/harbour/", "Harbour"))  # one link is enough through a tag path
    item = extract_article("https://x.test/a", None, page(top=STORY + one, body=""))
    assert item.topics == ["Harbour"]


def test_topic_links_that_are_not_the_story_s_chips_are_no_topics() -> None:
    menu = chips(("/politik/", "Politik"), ("/sport/", "Sport"))  # above the text
    others = chips(("/people/john-doe/", "John Doe"), ("/people/max-roe/", "Max Roe"))
    plain = chips(("/2025/harbour-story-1", "Harbour"), ("/sport/", "Sport"))
    for html in (menu + STORY, STORY + others, STORY + plain):
        item = extract_article("https://x.test/a", None, page(top=html, body=""))
        assert item.topics == [], html


def test_a_related_box_holding_most_of_the_text_is_not_dropped_from_the_body() -> None:
    import lxml.html

    from crawler.extract.body import extract_body

    text = "".join(
        f"<p>Paragraph {i} of the story, with a link to <a href='/story-{i}'>another "
        "story</a> in the middle of its running text, as some sites do.</p>"
        for i in range(5)
    )
    tree = lxml.html.fromstring(
        f"<html><body><nav>Home Sport</nav><div class='x'>{text}</div></body></html>"
    )
    box = tree.xpath("//div")[0]  # taken for a related box by its many story links
    body, _ = extract_body(tree, set(), [], related_box=box)
    assert body and body.count("Paragraph") == 5
