"""Body text: what the block reader keeps, what the lead rule keeps out (synthetic pages)."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import (
    DATED_URL,
    SLUG_URL,
    TEXT,
    dated_story,
)

LONG = "This sentence is long enough to count as a real paragraph of article text. "


def _page(body: str, head: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><title>T</title>"
        f"{head}</head><body><article><h1>Headline here</h1>{body}</article></body></html>"
    ).encode()


def _body(body: str, head: str = "") -> str:
    item = extract_article("https://example.test/a/1.html", None, _page(body, head))
    assert item.body, item.missing
    return item.body


def test_container_text_in_divs_and_loose_runs_is_read() -> None:
    body = _body(
        "<div itemprop='articleBody'><p>First para. " + LONG + "</p>"
        "<div class='x'>Second in a div. " + LONG + "</div>Loose text run. <b>bold</b> end."
        "<div class='read-more'>Read More</div><div>Third in a div. " + LONG + "</div></div>"
    )
    lines = body.split("\n\n")
    assert lines[0].startswith("First para.")
    assert lines[1].startswith("Second in a div.")
    assert lines[2] == "Loose text run. bold end."
    assert lines[3].startswith("Third in a div.")
    assert "Read More" not in body


def test_comment_inside_a_sentence_does_not_cut_it() -> None:
    body = _body("<div class='article-body'><p>He had suffered<!-- --> for months.</p></div>")
    assert body == "He had suffered for months."


def test_table_rows_are_lines_and_short_repeats_are_kept() -> None:
    body = _body(
        "<div class='article-body'><p>" + LONG * 2 + "</p><table>"
        "<tr><th>Pos</th><th>Name</th></tr><tr><td>1</td><td>Ann</td></tr>"
        "<tr><td>2</td><td>Ann</td></tr></table><h3>Lunch</h3><p>Soup</p><h3>Lunch</h3>"
        "<p>Salad</p><p>" + LONG * 2 + "</p></div>"
    )
    lines = body.split("\n\n")
    assert lines[1:4] == ["Pos Name", "1 Ann", "2 Ann"]
    assert lines[4:8] == ["Lunch", "Soup", "Lunch", "Salad"]
    assert len(lines) == 8  # the repeated long paragraph is a template duplicate


def test_byline_line_is_not_body() -> None:
    body = _body("<div class='article-body'><p>By Phil Helsel</p><p>" + LONG + "</p></div>")
    assert not body.startswith("By ")


def test_description_repeating_the_first_paragraph_stays_in_body() -> None:
    first = "The first paragraph is also the page's meta description and stays in the body."
    body = _body(
        f"<div class='article-body'><p>{first}</p><p>{LONG}</p></div>",
        head=f"<meta name='description' content=\"{first}\">",
    )
    assert body.startswith(first)


def test_a_lead_element_of_its_own_stays_out_of_body() -> None:
    item = extract_article(
        "https://example.test/a/1.html",
        None,
        _page("<p class='lead'>A standfirst of its own.</p><div><p>" + LONG + "</p></div>"),
    )
    assert item.lead == "A standfirst of its own."
    assert item.body and "standfirst" not in item.body


def test_an_intro_paragraph_among_the_paragraphs_is_the_first_of_them() -> None:
    item = extract_article(
        "https://example.test/a/1.html",
        None,
        _page(
            "<div><p class='article__content--intro'>The intro paragraph opens the text.</p>"
            f"<p>{LONG}</p><p>{LONG} Two.</p></div>"
        ),
    )
    assert item.lead == "The intro paragraph opens the text."
    assert item.body and item.body.startswith("The intro paragraph opens the text.")


def test_an_image_box_inside_the_text_is_dropped_without_the_text() -> None:
    inline = (
        "<div class='wp-caption'><img src='/img/2.jpg'><p class='wp-caption-text'>The hall "
        "(Foto: Rovena Rosa/Agência Brasil)</p></div>"
        "<p><strong>Leia mais:</strong> <a href='/story/news/2025/11/20/x/9/'>Another one</a></p>"
    )
    page = dated_story().replace(
        b"<div class='story-text'>", f"<div class='story-text'>{inline}".encode()
    )
    item = extract_article(DATED_URL, None, page)
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
    page = dated_story().replace(b"</div></article>", f"{gated}</div></article>".encode())
    body = extract_article(DATED_URL, None, page).body or ""
    assert "behind the meter" in body and "drag on into the new year" in body
    assert "Subscribe" not in body


def test_the_subhead_section_label_and_source_line_stay_out_of_the_body() -> None:
    top = "<h2 class='subhead'>New figures caught officials off guard.</h2><p>Źródło: PAP</p>"
    page = dated_story(article_extra=top).replace(
        b"<article><h1>", b"<article><a class='section-label' href='/news/'>News</a><h1>"
    )
    item = extract_article(DATED_URL, None, page)
    assert item.lead == "New figures caught officials off guard."
    assert item.body is not None
    assert item.body.split("\n\n")[0].startswith("The county board voted")
    assert "Źródło" not in item.body and "News" not in item.body.split("\n\n")[0]


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
    body = extract_article(SLUG_URL, None, page).body or ""
    assert body.startswith("The county board voted") and body.endswith("long enough to count.")


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


def _paras(prefix: str, n: int) -> str:
    return "".join(f"<p>{prefix} {i}: {LONG * 2}</p>" for i in range(n))


def test_a_text_cut_into_blocks_between_sidebars_is_read_whole_without_them() -> None:
    blocks = "".join(
        f"<div class='grid__row'><div class='grid__content'>{_paras(f'Block {b} text', 2)}</div>"
        f"<div class='grid__side'><p>Listen to our podcast {b}</p><p>Open the live map</p>"
        "</div></div>"
        for b in range(4)
    )
    page = f"<html><body><main><article><h1>Vote</h1>{blocks}</article></main></body></html>"
    body = extract_article(SLUG_URL, None, page.encode()).body or ""
    assert all(f"Block {b} text 1" in body for b in range(4))
    assert "podcast" not in body and "live map" not in body


def test_an_ad_wrapper_around_the_article_is_layout_not_furniture() -> None:
    teasers = "".join(
        f"<article><h2><a href='/t{i}'>Teaser {i}</a></h2></article>" for i in range(3)
    )
    page = (
        "<html><body><div class='article-ads-wrapper'><article><h1>Match</h1>"
        f"<section class='story'>{_paras('Match paragraph', 3)}</section>"
        f"<aside><p>Sponsored: {LONG}</p></aside></article></div>"
        f"<div class='teasers'>{teasers}{_paras('Advertiser content', 2)}</div></body></html>"
    ).encode()
    body = extract_article(SLUG_URL, None, page).body or ""
    assert "Match paragraph 2" in body
    assert "Advertiser content" not in body and "Sponsored" not in body


def test_a_line_that_is_only_a_labelled_photo_credit_is_not_body() -> None:
    picture = "<div><img src='/p.jpg'></div>"
    for credit in ("Photo: AFP", "Foto: Anna Nowak/dpa", "Photo by Jane Roe"):
        body = _body(f"<p>First para. {LONG}</p>{picture}<p>{credit}</p><p>Second. {LONG}</p>")
        assert credit not in body and "Second." in body, credit
    # a sentence about photos, a caption with its credit and a copyright notice are text
    for line in (
        "Photos of the flooded street were shared by residents all night.",
        "The mayor at the dam on Monday. Photo: AFP",
        "© 2025 The Daily Paper",
    ):
        assert line in _body(f"<p>First para. {LONG}</p><p>{line}</p><p>Second. {LONG}</p>")


def test_an_embedded_post_is_not_body_but_an_embedded_tweet_is() -> None:
    post = (
        "<blockquote class='instagram-media' data-instgrm-permalink='https://instagram.com/p/x'>"
        "<div><p>A post shared by the county board on the night of the vote</p></div></blockquote>"
    )
    for embed in (post, f"<div class='tiktok-embed'><p>{LONG}Dance!</p></div>"):
        body = _body(
            f"<div class='article-body'><p>First. {LONG}</p>{embed}<p>Last. {LONG}</p></div>"
        )
        assert "First." in body and "Last." in body
        assert "post shared" not in body and "Dance!" not in body
    # the public article-extraction benchmark's truth keeps a quoted tweet as text
    tweet = (
        "<blockquote class='twitter-tweet'><p lang='en'>Huge news for the county today, the"
        " budget passed at last!</p>&mdash; Jane (@jane) <a href='https://twitter.com/jane/"
        "status/1'>November 27, 2025</a></blockquote>"
    )
    assert "Huge news" in _body(f"<p>First. {LONG}</p>{tweet}<p>Last. {LONG}</p>")
    # a quotation in the text is text
    quote = "<blockquote><p>We will build the bridge next year, said the mayor.</p></blockquote>"
    assert "build the bridge" in _body(f"<p>First. {LONG}</p>{quote}<p>Last. {LONG}</p>")


def test_sub_headings_between_text_blocks_stay_in_the_body() -> None:
    body = _body(
        f"<div class='article-body'><p>First. {LONG}</p><h2>What happens next</h2>"
        f"<p>Second. {LONG}</p><h3>Reactions</h3><p>Third. {LONG}</p></div>"
    )
    lines = body.split("\n\n")
    assert lines[1] == "What happens next" and lines[3] == "Reactions"


def test_a_first_paragraph_sharing_words_with_the_lead_is_no_repeat_of_it() -> None:
    lead = "The county board approved the new budget on Tuesday after a long debate."
    first = (
        "The county board met on Tuesday in the courthouse, where the budget debate began "
        "with a long list of speakers from every town."
    )
    item = extract_article(
        "https://example.test/a/1.html",
        None,
        _page(f"<p class='lead'>{lead}</p><div><p>{first}</p><p>{LONG}</p><p>{LONG}</p></div>"),
    )
    assert item.lead == lead
    assert item.body and item.body.startswith(first) and lead not in item.body
