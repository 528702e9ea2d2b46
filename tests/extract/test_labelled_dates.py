"""A dateline that says it is the publication date counts wherever the template puts it."""

from __future__ import annotations

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
