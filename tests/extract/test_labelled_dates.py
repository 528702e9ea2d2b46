"""A dateline that says it is the publication date counts wherever the template puts it."""

from __future__ import annotations

import re

import lxml.html

from crawler.extract.article import extract_article
from crawler.extract.rules import ExtractionRules

BODY = "<p>Ein Absatz mit genug Text, damit er als Haupttext gilt und bleibt, auch hier.</p>" * 3


def _item(body: str, tz: str | None = "Europe/Berlin"):
    html = f'<html lang="en"><head></head><body>{body}</body></html>'.encode()
    rules = ExtractionRules(timezone=tz) if tz else None
    return extract_article("https://news.test/a", None, html, rules)


def test_a_labelled_line_outside_the_article_beats_an_event_date_in_its_text() -> None:
    body = (
        f"<article><h1>Council votes</h1><p>On 3 March 2024, the council met.</p>{BODY}</article>"
        '<div class="about-box"><h3>About this story</h3>'
        "<p>Published: Monday, March 4th, 2024 at 11:08 a.m.</p></div>"
    )
    item = _item(body)
    assert (item.published, item.published_source) == ("2024-03-04T11:08:00+01:00", "text")


def test_loose_labelled_text_between_headline_and_body_is_read_and_the_body_kept() -> None:
    body = (
        '<div class="newsContent"><dl class="newsTitle"><dt>Ein Titel</dt></dl>'
        f"\n기사입력 :[ 2024-03-05 14:20 ]\n<div class='newsArticle'>{BODY}</div></div>"
    )
    item = _item(body, "Asia/Seoul")
    assert item.published == "2024-03-05T14:20:00+09:00"
    assert "genug Text" in item.body


def test_a_label_word_in_running_text_or_in_comments_is_no_dateline() -> None:
    body = (
        f"<article><h1>T</h1><p>We used data <em>published</em> in October 2018 by them.</p>"
        f"{BODY}</article>"
        '<div class="comments"><p>Posted on 6 March 2024 by a reader</p></div>'
    )
    item = _item(body)
    assert item.published is None


def test_the_lower_cased_label_search_misses_no_label_the_case_blind_one_finds() -> None:
    """The fast search reads ``lower()``-ed text; every character that matches a label's
    letter ignoring case but lower-cases to something else sends the page to the case-blind
    search (over every character Python knows)."""
    from crawler.extract.dates import labelled as labelled_dates
    from crawler.extract.lang import words

    letters = {ch for w in words("dates.published") for ch in w.lower()}
    blind = re.compile("[" + re.escape("".join(letters)) + "]", re.I)
    for code in range(0x110000):
        ch = chr(code)
        if ch.lower() == ch.upper() == ch or not blind.fullmatch(ch) or ch.lower() in letters:
            continue
        assert labelled_dates._UNFOLDABLE.fullmatch(ch), f"U+{code:04X} {ch!r}"


def test_a_label_with_a_dotted_capital_i_or_a_dotless_i_is_found_as_before() -> None:
    from crawler.extract.dates.labelled import labelled_lines

    for label in ("PUBLİSHED", "publıshed", "Published", "ОПУБЛИКОВАНО", "发布时间"):
        for before in ("", "<p>x İ y</p>"):  # the fast search, the case-blind one
            html = f"<html><body>{before}<p>{label}: 4 March 2024</p></body></html>"
            lines = list(labelled_lines(lxml.html.fromstring(html), lambda el: False))
            assert [rest.strip() for rest, _ in lines] == ["4 March 2024"], label
