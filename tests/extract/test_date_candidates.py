"""The ranked date-candidate list: what is collected, what is left out, what wins."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates.candidates import choose, listed_candidate
from crawler.extract.dates.sources import published_candidates
from crawler.extract.dates.text import languages_for, parse_text_date
from crawler.extract.page import Page
from crawler.extract.rules import ExtractionRules
from crawler.extract.structured import parse_html

TEXT = "<p>Ein Absatz mit genug Text, damit er als Haupttext gilt und bleibt, auch hier.</p>"


def _html(head: str, before: str, article: str, after: str = "", body_cls: str = "") -> bytes:
    return (
        f'<html lang="en"><head>{head}</head><body class="{body_cls}">{before}'
        f"<article><h1>Title</h1>{article}{TEXT}</article>{after}</body></html>"
    ).encode()


def _item(html: bytes, rules: ExtractionRules | None = None, url: str = "http://x.test/a"):
    return extract_article(url, None, html, rules or ExtractionRules(timezone="Europe/Berlin"))


def test_a_cms_empty_date_gives_way_to_the_next_candidate() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "0001-01-01T00:00:00Z"}</script>'
    )
    item = _item(_html(head, "", '<span class="date">2. Dezember 2025, 17:52 Uhr</span>'))
    assert (item.published, item.published_source) == ("2025-12-02T17:52:00+01:00", "text")


def test_page_chrome_teasers_comments_and_related_dates_are_never_candidates() -> None:
    before = (
        '<div class="topbar"><span class="today">Freitag, 5. Dezember 2025</span></div>'
        "<header><nav><a href='/'>Home</a></nav><time datetime='2025-12-05'>today</time></header>"
    )
    after = (
        '<aside class="related"><h2>Related</h2><ul><li><a href="/b">B</a>'
        '<time datetime="2025-12-04T08:00:00+01:00">4 Dec</time></li><li><a href="/c">C</a>'
        "</li></ul></aside>"
        '<div class="comments"><span class="date">3. Dezember 2025</span></div>'
    )
    html = _html("", before, '<p class="byline">2 December 2025</p>', after)
    page = Page("http://x.test/a", parse_html(html.decode()), ExtractionRules(), True)
    page.related_box = page.tree.xpath("//aside")[0]
    dated = [c.raw for c in published_candidates(page) if any(ch.isdigit() for ch in c.raw)]
    assert dated == ["2 December 2025"]
    item = _item(html)
    assert (item.published, item.published_source) == ("2025-12-02", "text")


def test_a_layout_class_on_body_does_not_make_the_article_chrome() -> None:
    article = '<time class="updated" datetime="2018-08-13T08:04:08+00:00">Aug 13</time>'
    item = _item(_html("", "", article, body_cls="right-sidebar has-comments"))
    assert item.modified == "2018-08-13T10:04:08+02:00"


def test_a_bare_date_is_refined_by_a_time_on_the_same_day() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "2025-12-02"}</script>'
        '<meta property="article:published_time" content="2025-12-02T16:52:59Z">'
    )
    item = _item(_html(head, "", ""))
    assert (item.published, item.published_source) == ("2025-12-02T17:52:59+01:00", "meta")


@pytest.mark.parametrize(
    ("text", "lang", "tz", "want"),
    [
        ("28 listopada 2025, 09:15", "pl", "Europe/Warsaw", "2025-11-28T09:15:00+01:00"),
        ("28 ноября 2025, 09:15", "ru", "Europe/Moscow", "2025-11-28T09:15:00+03:00"),
        ("28 Kasım 2025", "tr", "Europe/Istanbul", "2025-11-28"),
        ("2025 und noch mehr Worte", "de", "Europe/Berlin", None),
    ],
)  # fmt: skip
def test_dates_in_words_of_other_languages_in_the_seed_timezone(text, lang, tz, want) -> None:
    assert parse_text_date(text, tz, languages_for(lang, None)) == want


def test_a_page_with_a_polish_dateline_and_a_polish_seed() -> None:
    rules = ExtractionRules(timezone="Europe/Warsaw", language="pl")
    item = _item(_html("", "", '<p class="data">28 listopada 2025, 09:15</p>'), rules)
    assert (item.published, item.published_source) == ("2025-11-28T09:15:00+01:00", "text")


def test_without_a_seed_the_page_language_or_a_small_default_set_is_tried() -> None:
    assert languages_for(None, "pl") == ("pl",)
    assert languages_for(None, None) == ("en", "de", "fr", "es")
    assert languages_for("xx", None) == ()


def test_a_listing_date_ranks_below_the_page_own_dates_and_above_the_url() -> None:
    html = _html("", "", '<span class="date">2. Dezember 2025, 17:52 Uhr</span>')
    rules = ExtractionRules(timezone="Europe/Berlin")
    page = Page("http://x.test/2025/12/01/a.html", parse_html(html.decode()), rules, True)
    feed = listed_candidate("2025-12-01T06:00:00+00:00", None, "feed")
    found, _ = choose([*published_candidates(page), feed], "Europe/Berlin")
    assert (found.value, found.source) == ("2025-12-02T17:52:00+01:00", "text")
    bare = Page(
        "http://x.test/2025/12/01/a.html", parse_html(_html("", "", "").decode()), rules, True
    )
    found, _ = choose([*published_candidates(bare), feed], "Europe/Berlin")
    assert (found.value, found.source) == ("2025-12-01T07:00:00+01:00", "feed")
    found, _ = choose(published_candidates(bare), "Europe/Berlin")
    assert (found.value, found.source) == ("2025-12-01", "url")


def test_without_a_timezone_a_utc_stamp_takes_the_offset_the_page_itself_shows() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "2019-11-20T01:50:59Z"}</script>'
    )
    head = ld
    dateline = '<p class="byline-date">Nov. 19, 2019 5:50 PM</p>'
    item = extract_article("http://x.test/a", None, _html(head, "", dateline))
    assert item.published == "2019-11-19T17:50:59-08:00"
    # the same instant with its offset elsewhere on the page says it too
    head += '<meta property="article:published_time" content="2019-11-19T19:50:59-06:00">'
    item = extract_article("http://x.test/a", None, _html(head, "", ""))
    assert item.published == "2019-11-19T19:50:59-06:00"
    # a time of another event (not a whole quarter hour away) changes nothing
    item = extract_article("http://x.test/a", None, _html(ld, "", "<p>Nov 19, 2019 5:51 PM</p>"))
    assert item.published == "2019-11-20T01:50:59+00:00"


def test_a_schema_org_subtype_of_article_or_webpage_is_read_as_the_article() -> None:
    for kind in ("MedicalWebPage", "ScholarlyArticle", "SocialMediaPosting"):
        head = (
            f'<script type="application/ld+json">{{"@type": "{kind}", "headline": "Tips",'
            ' "datePublished": "2024-02-14T08:00:00.000Z"}</script>'
        )
        item = _item(_html(head, "", '<div class="byline">Written by <a href="/t">A. B.</a></div>'))
        assert (item.published, item.published_source) == ("2024-02-14T09:00:00+01:00", "json-ld")


@pytest.mark.parametrize(
    ("text", "languages", "want"),
    [
        ("05/10/2018 - Publicado por: Ana", ("pt",), "2018-10-05"),
        ("19/11/2019 14:05", ("en",), "2019-11-19T14:05:00+01:00"),  # 19 can only be a day
        ("11/19/2019", ("en", "de"), "2019-11-19"),
        ("05/10/2018", ("en",), None),  # British or American: not guessed
        ("05/10/2018", ("en", "de", "fr", "es"), None),
    ],
)
def test_slashed_dates_are_read_day_first_unless_english_makes_them_ambiguous(
    text: str, languages: tuple[str, ...], want: str | None
) -> None:
    assert parse_text_date(text, "Europe/Berlin", languages) == want


def test_a_bold_date_in_a_small_cms_byline_is_a_candidate() -> None:
    byline = '<small class="text-muted"><b>05/10/2018</b> - Publicado por: Ana Lima</small>'
    html = _html("", "", byline).replace(b'lang="en"', b'lang="pt-BR"')
    item = extract_article("http://x.test/a", None, html)
    assert (item.published, item.published_source) == ("2018-10-05", "text")


def test_a_dateline_outranks_an_earlier_classed_sentence_that_mentions_a_date() -> None:
    article = (
        '<div class="statement__meta">— Jane Roe on Sunday, March 3rd, 2024 in an interview'
        " with a local radio station</div>"
        '<div class="byline-meta">By A. Writer</div>'
        '<span class="date">Monday, March 4th, 2024 at 11:08 a.m.</span>'
    )
    item = _item(_html("", "", article))
    assert item.published == "2024-03-04T11:08:00+01:00"


@pytest.mark.parametrize(
    "name", ["publish_date", "article.published", "dcterms.date", "citation_publication_date"]
)
def test_less_common_published_meta_names_are_read(name: str) -> None:
    head = f'<meta name="{name}" content="2024-03-04T08:22:00-05:00">'
    item = _item(_html(head, "", ""))
    assert (item.published, item.published_source) == ("2024-03-04T14:22:00+01:00", "meta")


def test_a_pages_candidates_are_collected_once_for_every_reader() -> None:
    """The choice, the offset evidence and the byline day read one collection per page."""
    from crawler.extract.dates.sources import modified_stages, published_stages

    html = (
        "<html><body><article><h1>T</h1><p class='dateline'>4 March 2024, 11:08</p>"
        "<time datetime='2024-03-04'>4 March</time><span>Updated: 5 March 2024</span>"
        f"{TEXT * 3}</article></body></html>"
    )
    page = Page("http://x.test/a", parse_html(html), ExtractionRules(), True)
    for stages in (published_stages, modified_stages):
        first = [list(stage()) for _, stage in stages(page)]
        again = [list(stage()) for _, stage in stages(page)]
        assert any(first) and all(
            a is b for x, y in zip(first, again, strict=True) for a, b in zip(x, y, strict=True)
        )
