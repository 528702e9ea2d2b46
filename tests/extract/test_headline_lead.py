"""The headline and the lead: what the reader sees above the text, each from the page's
structured data only when the page shows it."""

from __future__ import annotations

from crawler.extract.article import extract_article
from tests.extract.story_pages import en_page


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
