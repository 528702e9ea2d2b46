"""Date parsing and normalisation to the site's true UTC offset."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates.labels import is_update_label
from crawler.extract.dates.parse import parse_date, parse_url_date
from crawler.extract.rules import ExtractionRules

BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("02.12.2025 - 17:52:59", "2025-12-02T17:52:59+01:00"),
        ("2.12.2025, 17:52 Uhr", "2025-12-02T17:52:00+01:00"),
        ("2. Dezember 2025, 17:52 Uhr", "2025-12-02T17:52:00+01:00"),
        ("15. Juli 2025 um 08:05 Uhr", "2025-07-15T08:05:00+02:00"),
        ("December 2, 2025, 5:52 PM", "2025-12-02T17:52:00+01:00"),
        ("July 4, 2025 12:15 AM", "2025-07-04T00:15:00+02:00"),
        ("2 December 2025", "2025-12-02"),
        ("2025-12-02T17:52:59+01:00", "2025-12-02T17:52:59+01:00"),
        ("2025-12-02T16:52:59Z", "2025-12-02T17:52:59+01:00"),
        ("2025-07-02T15:52:59.123+00:00", "2025-07-02T17:52:59+02:00"),
        ("2025-12-02T17:52:59", "2025-12-02T17:52:59+01:00"),  # no offset: site-local
        ("2025-12-02", "2025-12-02"),  # a bare date stays a bare date
        ("02.12.2025", "2025-12-02"),
        ("Stand: 02.12.2025 - 17:52:59 Uhr", "2025-12-02T17:52:59+01:00"),
    ],
)
def test_formats_in_berlin(raw: str, expected: str) -> None:
    assert parse_date(raw, BERLIN) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # feeds (RFC 822) and datelines state a numeric offset after the clock: it is the
        # instant's own offset, never site-local time
        ("Mon, 07 Dec 2026 10:00:00 -0500", "2026-12-07T16:00:00+01:00"),
        ("Mon, 07 Dec 2026 10:00:00 +0000", "2026-12-07T11:00:00+01:00"),
        ("Mon, 07 Dec 2026 10:00:00 +0100", "2026-12-07T10:00:00+01:00"),
        ("7 December 2026 10:00 +05:30", "2026-12-07T05:30:00+01:00"),
        ("Mon, 07 Dec 2026 10:00:00 GMT", "2026-12-07T11:00:00+01:00"),
        ("7 December 2026 10:00 GMT+02:00", "2026-12-07T09:00:00+01:00"),
        ("07.12.2026 10:00-11:30", "2026-12-07T10:00:00+01:00"),  # a time range
    ],
)
def test_numeric_offset_after_the_clock(raw: str, expected: str) -> None:
    assert parse_date(raw, BERLIN) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30.03.2025 01:59", "2025-03-30T01:59:00+01:00"),  # last minute of winter time
        ("30.03.2025 03:00", "2025-03-30T03:00:00+02:00"),  # first minute of summer time
        ("30.03.2025 02:30", "2025-03-30T02:30:00+01:00"),  # gap: offset before the jump
        ("26.10.2025 01:59", "2025-10-26T01:59:00+02:00"),
        ("26.10.2025 02:30", "2025-10-26T02:30:00+02:00"),  # ambiguous: first occurrence
        ("26.10.2025 03:00", "2025-10-26T03:00:00+01:00"),
    ],
)
def test_dst_boundaries(raw: str, expected: str) -> None:
    assert parse_date(raw, BERLIN) == expected


def test_other_timezones_and_none() -> None:
    assert parse_date("2025-07-01T12:00:00", "America/New_York") == "2025-07-01T12:00:00-04:00"
    assert parse_date("2025-07-01T12:00:00+02:00", None) == "2025-07-01T12:00:00+02:00"
    assert parse_date("2025-07-01T12:00:00", None) == "2025-07-01T12:00:00+00:00"
    assert parse_date("2025-07-01T12:00:00", "Not/AZone") == "2025-07-01T12:00:00+00:00"


@pytest.mark.parametrize("raw", ["", None, "kein Datum", "31.02.2025 - 10:00", "99:99"])
def test_no_date(raw: str | None) -> None:
    assert parse_date(raw, BERLIN) is None


def test_url_date_and_update_label() -> None:
    assert parse_url_date("https://x.test/2025/12/02/story.html") == "2025-12-02"
    assert parse_url_date("https://x.test/2025/13/02/story.html") is None
    assert parse_url_date("https://x.test/science/2019/11/8/20948348/air") == "2019-11-08"
    assert parse_url_date("https://x.test/opinion/2019/nov/18/view") == "2019-11-18"
    assert parse_url_date("https://x.test/news/20191118-story.html") == "2019-11-18"
    # a date in a slug names an event, digits glued to more digits are an id
    assert parse_url_date("https://x.test/news/hearing-moments-2019-11-19/") is None
    assert parse_url_date("https://x.test/col/201911181077343476-title/") is None
    assert parse_url_date("https://x.test/a?from=/2019/11/18/") is None
    assert is_update_label("Aktualisiert: 03.12.2025 - 09:10:00")
    assert is_update_label("Updated December 3, 2025")
    assert not is_update_label("02.12.2025 - 17:52:59")


def _page(meta: str, body: str) -> bytes:
    return (
        f'<html lang="de"><head>{meta}</head><body><article><h1>Titel</h1>{body}'
        "<p>Ein Absatz mit genug Text, damit er als Haupttext gilt und bleibt.</p></article>"
        '<aside class="related"><h2>Weitere Meldungen</h2><div><a href="/a">A</a> Teaser '
        '(Politik, 01.01.2026 - 08:00) <a href="/a">weiterlesen...</a></div></aside>'
        "</body></html>"
    ).encode()


RULES = ExtractionRules(timezone=BERLIN)


def test_article_date_beats_update_line_and_related_box() -> None:
    body = (
        '<div class="meta"><span class="updated">Aktualisiert: 03.12.2025 - 09:10:00</span> '
        '<span class="date">02.12.2025 - 17:52:59</span></div>'
    )
    item = extract_article("http://x.test/a", None, _page("", body), RULES)
    assert item.published == "2025-12-02T17:52:59+01:00"
    assert item.published_source == "text"
    assert item.modified == "2025-12-03T09:10:00+01:00"
    assert item.modified_raw == "03.12.2025 - 09:10:00"
    assert item.related[0].published == "2026-01-01T08:00:00+01:00"


def test_json_ld_date_without_offset_is_site_local() -> None:
    meta = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "2025-07-10T08:00:00", "dateModified": "2025-07-10"}</script>'
    )
    item = extract_article("http://x.test/a", None, _page(meta, ""), RULES)
    assert item.published == "2025-07-10T08:00:00+02:00"
    assert item.published_raw == "2025-07-10T08:00:00"
    assert item.modified == "2025-07-10"  # date-only stays date-only


def test_meta_and_url_fallbacks() -> None:
    meta = '<meta property="article:published_time" content="2025-12-02T16:52:59Z">'
    item = extract_article("http://x.test/a", None, _page(meta, ""), RULES)
    assert (item.published, item.published_source) == ("2025-12-02T17:52:59+01:00", "meta")
    item = extract_article("http://x.test/2025/12/02/a.html", None, _page("", ""), RULES)
    assert (item.published, item.published_source) == ("2025-12-02", "url")
    item = extract_article("http://x.test/a", None, _page("", ""), RULES)
    assert item.published is None and "published" in item.missing
