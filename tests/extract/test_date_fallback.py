"""The marked low-confidence published day of a page that states none a candidate reads."""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.context import Listed
from crawler.extract.dates.candidates import LOW_CONFIDENCE
from crawler.extract.dates.listed import apply_listed_date

_TEXT = "<p>Rain fell on the coast for the whole afternoon and the police closed the roads.</p>"
_DATE = {"Date": "Tue, 15 Oct 2024 08:12:31 GMT"}


def _page(head: str = "", after: str = "") -> bytes:
    return (
        f"<html><head><title>Rain</title>{head}</head><body><article><h1>Rain on the coast"
        f"</h1>{_TEXT}</article>{after}</body></html>"
    ).encode()


def test_a_day_only_htmldate_finds_is_kept_and_marked_low_confidence() -> None:
    image = '<meta property="og:image" content="https://x.test/uploads/2024/03/05/rain.jpg">'
    item = extract_article("https://x.test/story/rain", _DATE, _page(image))
    assert (item.published, item.published_source) == ("2024-03-05", "htmldate")
    assert item.published_source in LOW_CONFIDENCE
    assert "published" not in item.missing


def test_a_copyright_year_is_no_day() -> None:
    item = extract_article("https://x.test/story/rain", _DATE, _page(after="<p>© 2024</p>"))
    assert item.published is None and "published" in item.missing


def test_no_day_after_the_response_was_sent() -> None:
    image = '<meta property="og:image" content="https://x.test/uploads/2024/11/05/rain.jpg">'
    item = extract_article("https://x.test/story/rain", _DATE, _page(image))
    assert item.published is None


def test_a_feed_date_beats_the_fallback() -> None:
    image = '<meta property="og:image" content="https://x.test/uploads/2024/03/05/rain.jpg">'
    item = extract_article("https://x.test/story/rain", _DATE, _page(image))
    feed = Listed("feed", "https://x.test/feed", "2024-03-04T10:00:00+00:00")
    apply_listed_date(item, [feed], "UTC")
    assert (item.published, item.published_source) == ("2024-03-04T10:00:00+00:00", "feed")


def test_a_date_the_page_states_is_no_guess() -> None:
    meta = '<meta property="article:published_time" content="2024-03-06T10:00:00Z">'
    item = extract_article("https://x.test/story/rain", _DATE, _page(meta))
    assert item.published_source == "meta" and item.published_source not in LOW_CONFIDENCE


def test_readers_dates_a_script_writes_are_no_guess() -> None:
    widget = "<script>document.write('<i>2024-02-24 10:15:59</i> Great story')</script>"
    item = extract_article("https://x.test/story/rain", _DATE, _page(after=widget))
    assert item.published is None and "published" in item.missing
