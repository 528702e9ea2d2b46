"""The headline and the lead: what the reader sees above the text, each from the page's
structured data only when the page shows it."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import RUNNING_TEXT, en_page


def test_structured_headline_with_site_suffix_is_the_shown_h1() -> None:
    for suffix in (" - The Daily Paper", " | Sport", " | 毎日新聞"):
        ld = {"@type": "NewsArticle", "headline": "Bridge reopens after repairs" + suffix}
        item = extract_article(
            "https://x.test/a", None, en_page(top="<h1>Bridge reopens after repairs</h1>", ld=ld)
        )
        assert item.headline == "Bridge reopens after repairs"


def test_structured_headline_with_a_dash_of_its_own_stays_whole() -> None:
    ld = {"@type": "NewsArticle", "headline": "Storm - and then the flood"}
    shown = "<h1>Storm - and then the flood</h1>"
    item = extract_article("https://x.test/a", None, en_page(top=shown, ld=ld))
    assert item.headline == "Storm - and then the flood"
    other = "<h1>Something else entirely</h1>"  # no h1 is the headline's head: kept as is
    ld = {"@type": "NewsArticle", "headline": "Bridge reopens - The Daily Paper"}
    item = extract_article("https://x.test/a", None, en_page(top=other, ld=ld))
    assert item.headline == "Bridge reopens - The Daily Paper"


INTRO = (
    "The council voted to close the old bridge for two years while engineers replace "
    "its rusted steel frame and widen the footpaths on both sides."
)


def test_unshown_structured_description_yields_to_the_shown_meta_description() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": "A photo caption."}
    head = f'<meta name="description" content="{INTRO}">'
    top = f"<h1>Bridge closes</h1><div><span>Springfield.</span> <span>{INTRO}</span></div>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top, ld=ld))
    assert item.lead == "Springfield. " + INTRO  # the whole intro the reader sees
    assert INTRO not in (item.body or "")


def test_a_shown_structured_description_stays_the_lead() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": INTRO}
    head = '<meta name="description" content="Other words for the search engines only.">'
    top = f'<h1>Bridge closes</h1><p class="lead">{INTRO}</p>'
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top, ld=ld))
    assert item.lead == INTRO


SEO = "Everything you need to know about the bridge, in one search-friendly summary."


def test_a_shown_standfirst_beats_a_structured_description_the_page_does_not_show() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": SEO}
    top = f'<h1>Bridge closes</h1><p class="article-subtitle">{INTRO}</p>'
    item = extract_article("https://x.test/a", None, en_page(top=top, ld=ld))
    assert item.lead == INTRO
    shown = f'<h1>Bridge closes</h1><p class="article-subtitle">{INTRO}</p><div>{SEO}</div>'
    item = extract_article("https://x.test/a", None, en_page(top=shown, ld=ld))
    assert item.lead == SEO  # shown too: the publisher's own summary stays the lead


def test_a_teaser_of_another_story_or_a_button_is_no_lead() -> None:
    teaser = (
        '<figure class="inline-teaser"><div class="teaser__title">Read also: the old ferry'
        " returns to the river after ten years in the dry dock</div></figure>"
        '<button class="btn-summary">Summary of the news, read by a machine</button>'
        '<div class="teaser"><a href="/b">Another story about the town hall and its new'
        " roof, with pictures</a></div>"
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Bridge</h1>" + teaser))
    assert item.lead is None


def test_a_bold_first_paragraph_is_the_lead_and_not_also_body() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": SEO}
    text = f"<p><strong>{INTRO}</strong></p>" + RUNNING_TEXT
    item = extract_article(
        "https://x.test/a", None, en_page(top="<h1>Bridge closes</h1>", body=text, ld=ld)
    )
    assert item.lead == INTRO
    assert INTRO not in (item.body or "")
    assert "Paragraph 0 of the story" in (item.body or "")
    plain = f"<p>{INTRO}</p>" + RUNNING_TEXT  # an ordinary first paragraph stays text
    item = extract_article(
        "https://x.test/a", None, en_page(top="<h1>Bridge closes</h1>", body=plain, ld=ld)
    )
    assert item.lead == SEO
    assert INTRO in (item.body or "")


def test_a_label_with_a_lead_class_is_no_lead() -> None:
    top = (
        '<h1>Bridge closes</h1><span class="teaser__subtitle">Breakpoint:</span>'
        f'<div class="entry-excerpt"><p>{INTRO}</p></div>'
    )
    item = extract_article("https://x.test/a", None, en_page(top=top))
    assert item.lead == INTRO


def test_the_summary_the_page_shows_is_the_lead_whichever_meta_tag_holds_it() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge closes", "description": SEO}
    head = f'<meta name="description" content="{SEO}">'
    head += f'<meta property="og:description" content="{INTRO}">'
    top = f"<h1>Bridge closes</h1><div><p>{INTRO}</p></div>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top, ld=ld))
    assert item.lead == INTRO


def test_a_kicker_the_share_title_leaves_out_is_no_part_of_the_headline() -> None:
    head = '<meta property="og:title" content="Judy Lybke, a gallerist of his own kind">'
    ld = {
        "@type": "NewsArticle",
        "headline": "New Leipzig School: Judy Lybke, a gallerist of his own kind",
    }
    item = extract_article("https://x.test/a", None, en_page(head=head, ld=ld))
    assert item.headline == "Judy Lybke, a gallerist of his own kind"
    h1 = "<h1>New Leipzig School: Judy Lybke, a gallerist of his own kind</h1>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=h1))
    assert item.headline == "Judy Lybke, a gallerist of his own kind"
    # a share title that is only part of the headline's own sentence changes nothing
    head = '<meta property="og:title" content="a gallerist of his own kind">'
    item = extract_article("https://x.test/a", None, en_page(head=head, ld=ld))
    assert item.headline == ld["headline"]


def test_of_two_structured_headlines_the_one_the_page_shows_is_the_headline() -> None:
    ld = {"@type": "NewsArticle", "headline": "The best kettles in 2023, tried and tested"}
    top = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">The best kettles to save energy, from £20</h1></div>'
    )
    item = extract_article("https://x.test/a", None, en_page(top=top, ld=ld))
    assert item.headline == "The best kettles to save energy, from £20"
    # the first, shown once its site suffix is cut, stays before a subheading set as an h1
    first = {"@type": "NewsArticle", "headline": "Pipeline flagged - The Daily Paper"}
    sub = (
        '<h1>Pipeline flagged</h1><div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">… groups concerned</h1></div>'
    )
    item = extract_article("https://x.test/a", None, en_page(top=sub, ld=first))
    assert item.headline == "Pipeline flagged"
    top = top.replace("h1", "h2")  # neither shown as the page's h1: the first stays
    item = extract_article("https://x.test/a", None, en_page(top=top, ld=ld))
    assert item.headline == ld["headline"]


def test_a_share_title_that_is_the_headline_with_words_left_out_is_the_headline() -> None:
    short = "Chelsea send clear message of intent on proud day at Cobham"
    head = f'<meta property="og:title" content="{short}">'
    h1 = f"<h1>{short} in battling win over Tottenham</h1>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=h1))
    assert item.headline == short
    head = '<meta property="og:title" content="I sell Disney World holidays">'
    ld = {"@type": "NewsArticle", "headline": "I sell Walt Disney World holidays"}
    item = extract_article("https://x.test/a", None, en_page(head=head, ld=ld))
    assert item.headline == "I sell Disney World holidays"
    # a title cut short with an ellipsis is no headline of its own
    for cut in ("…", "..."):
        head = f'<meta property="og:title" content="{short} in battling{cut}">'
        item = extract_article("https://x.test/a", None, en_page(head=head, top=h1))
        assert item.headline == f"{short} in battling win over Tottenham"
    # a title keeping only a few of the headline's words is a fragment: no headline
    head = '<meta property="og:title" content="Chelsea send clear message">'
    item = extract_article("https://x.test/a", None, en_page(head=head, top=h1))
    assert item.headline == f"{short} in battling win over Tottenham"
    # nor the rest after a kicker whose colon the headline keeps (the kicker rule decides)
    head = '<meta property="og:title" content="Report: activist killed - judiciary denies">'
    kicked = "Protests 2022: Report: activist killed - judiciary denies"
    ld = {"@type": "NewsArticle", "headline": kicked}
    item = extract_article("https://x.test/a", None, en_page(head=head, ld=ld))
    assert item.headline == ld["headline"]


def test_a_breadcrumbs_h1_yields_to_the_heading_that_shows_the_share_title() -> None:
    ld = {"@type": "NewsArticle", "headline": "Olympics: German aggressor impresses"}
    crumbs = (
        '<nav class="breadcrumb"><a href="/">Home</a> <a href="/sport">Sport</a>'
        "<h1>Olympics: German aggressor impresses</h1></nav>"
    )
    story = "German aggressor impresses, France falls apart"
    head = f'<meta property="og:title" content="{story}">'
    top = f'{crumbs}<h2><span class="kicker">Dream team</span> <span>{story}</span></h2>'
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top, ld=ld))
    assert item.headline == story
    # a trail of links without a class; a share title "Kicker: Headline"
    trail = '<div><a href="/">Home</a><a href="/world">World</a><h1>Trump posts a photo</h1></div>'
    head = '<meta property="og:title" content="After criticism: Trump posts again">'
    top = f"{trail}<h2><span>After criticism</span> <div>Trump posts again</div></h2>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top))
    assert item.headline == "Trump posts again"
    # a headline set in two spans is one headline
    head = '<meta property="og:title" content="After criticism, Trump posts again">'
    top = f"{trail}<h2><span>After criticism,</span> <span>Trump posts again</span></h2>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top))
    assert item.headline == "After criticism, Trump posts again"
    # the crumb's headline shown over the story too stays the headline
    top = f"{trail}<h2>Trump posts a photo</h2><h3>After criticism, Trump posts again</h3>"
    item = extract_article("https://x.test/a", None, en_page(head=head, top=top))
    assert item.headline == "Trump posts a photo"
