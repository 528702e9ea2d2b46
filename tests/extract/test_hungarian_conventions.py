"""Hungarian page conventions, each rule on a small page of its own: a day-only ``datetime``
refined by its own text, Hungarian bylines and update labels, and a story card embedded in the
text without a label.
"""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.authors import parse_byline
from crawler.extract.rules import ExtractionRules
from tests.extract.story_pages import TEXT

URL = "http://x.test/belfold/2026/12/01/a-kozgyules-dontott"
HU = ExtractionRules(timezone="Europe/Budapest", language="hu")
CARD = (
    '<figure class="card"><a href="/gazdasag/2026/11/30/uj-tervek-keszultek">'
    "<div><div>Új tervek készültek a városban</div><span>Alföldi Hírek</span></div></a></figure>"
)


def _page(meta: str, text: str = TEXT) -> bytes:
    return (
        f"<html lang='hu'><body><article><h1>A közgyűlés döntött</h1><div class='meta'>{meta}"
        f"</div><div class='text'>{text}</div></article></body></html>"
    ).encode()


def test_a_day_only_datetime_takes_the_clock_time_its_own_text_gives() -> None:
    time = '<time datetime="2026-12-01">2026. december 1., kedd 13:38</time>'
    assert extract_article(URL, None, _page(time), HU).published == "2026-12-01T13:38:00+01:00"
    # a full machine stamp is not second-guessed by its text
    stamped = '<time datetime="2026-12-01T12:38:00.000Z">2026. december 1. 09:00</time>'
    item = extract_article(URL, None, _page(stamped), HU)
    assert item.published == "2026-12-01T13:38:00+01:00"


def test_hungarian_update_label_gives_the_modified_date_not_the_published() -> None:
    meta = (
        '<time datetime="2026-12-01">2026. december 1., kedd 13:38</time> '
        "<span>Utolsó frissítés: 2026. 12. 01. 15:20</span>"
    )
    item = extract_article(URL, None, _page(meta), HU)
    assert (item.published, item.modified) == (
        "2026-12-01T13:38:00+01:00",
        "2026-12-01T15:20:00+01:00",
    )


def test_hungarian_bylines_label_conjunction_and_source() -> None:
    assert parse_byline("Szerző: Kovács Péter és Nagy Anna")[0] == ["Kovács Péter", "Nagy Anna"]
    assert parse_byline("Szerző: Tóth Eszter | Forrás: MTI") == (["Tóth Eszter"], "MTI")
    assert parse_byline("Írta: Varga Zsófia")[0] == ["Varga Zsófia"]


def test_a_link_card_between_paragraphs_is_a_related_story_and_the_text_stays() -> None:
    first, second = TEXT.split("</p>", 1)
    item = extract_article(URL, None, _page("", f"{first}</p>{CARD}{second}"), HU)
    assert [r.url for r in item.related] == [
        "http://x.test/gazdasag/2026/11/30/uj-tervek-keszultek"
    ]
    assert item.body and "county board voted" in item.body and "heard" in item.body
    # the same card after the text, or a link to the home page, is no embedded story
    assert extract_article(URL, None, _page("", TEXT + CARD), HU).related == []
    home = CARD.replace("/gazdasag/2026/11/30/uj-tervek-keszultek", "/")
    assert extract_article(URL, None, _page("", f"{first}</p>{home}{second}"), HU).related == []
