"""Without a seed's timezone, a UTC stamp takes the offset the page itself shows.

Each case is a template shape seen on US and UK news sites: the local form of an instant
sits in a ``<time>``'s text, in a CMS's naive local meta stamp, or only beside the
update's instant; the page's offset is read from any such pair."""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.dates.parse import parse_clock_first, parse_date

BODY = "<p>Ein Absatz mit genug Text, damit er als Haupttext gilt und bleibt, auch hier.</p>" * 3


def _page(head: str, byline: str) -> bytes:
    return (
        f'<html lang="en"><head>{head}</head><body><article><h1>A headline</h1>'
        f'<div class="byline">{byline}</div>{BODY}</article></body></html>'
    ).encode()


def _ld(published: str, modified: str | None = None) -> str:
    mod = f', "dateModified": "{modified}"' if modified else ""
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A",'
        f' "datePublished": "{published}"{mod}}}</script>'
    )


def _published(head: str, byline: str = "") -> str | None:
    return extract_article("https://news.test/a", None, _page(head, byline)).published


def test_the_local_wall_clock_in_a_time_elements_text_gives_the_offset() -> None:
    byline = '<time datetime="2024-03-05T06:40:12+00:00">March 4, 2024 10:40 PM</time>'
    assert _published(_ld("2024-03-05T06:40:12+00:00"), byline) == "2024-03-04T22:40:12-08:00"


def test_a_naive_local_meta_stamp_beside_the_utc_one_gives_the_offset() -> None:
    head = _ld("2024-03-05T03:15:00Z") + '<meta name="sailthru.date" content="2024-03-04 22:15:00">'
    assert _published(head) == "2024-03-04T22:15:00-05:00"


def test_the_update_instant_in_local_form_gives_the_offset_of_the_publication() -> None:
    head = _ld("2024-03-05T04:02:30Z", "2024-03-05T04:30:00Z")
    byline = (
        '<time class="timestamp" datetime="2024-03-05T04:30:00Z">'
        "10:30 pm CST, Monday, March 4, 2024</time>"
    )
    item = extract_article("https://news.test/a", None, _page(head, byline))
    assert (item.published, item.modified) == (
        "2024-03-04T22:02:30-06:00",
        "2024-03-04T22:30:00-06:00",
    )
    # the update's offset also from a meta tag that states it
    head = _ld("2024-03-05T04:02:30Z", "2024-03-05T04:30:10Z")
    head += '<meta property="og:updated_time" content="2024-03-04T23:30:10-05:00">'
    assert _published(head) == "2024-03-04T23:02:30-05:00"


def test_a_display_form_without_seconds_still_matches_its_instant() -> None:
    head = _ld("2024-03-05T06:07:41+0000")
    byline = '<time datetime="2024-03-05T01:07:00-0500">March 5, 2024 / 1:07 AM</time>'
    assert _published(head, byline) == "2024-03-05T01:07:41-05:00"


def test_a_time_of_another_event_gives_no_offset() -> None:
    head = _ld("2024-03-05T06:07:41Z") + '<meta name="sailthru.date" content="2024-03-04 22:13:00">'
    assert _published(head) == "2024-03-05T06:07:41+00:00"


def test_a_dateline_may_give_its_clock_before_its_date() -> None:
    assert parse_clock_first("11:26 pm EST, Tuesday, November 19, 2019") == (
        "2019-11-19T23:26:00-05:00"
    )
    assert parse_clock_first("Published 10:02 AM EST Nov 19, 2019", "America/New_York") == (
        "2019-11-19T10:02:00-05:00"
    )
    assert parse_clock_first("02.12.2025") == "2025-12-02"  # a d.m. date is not a clock
    assert parse_clock_first("Nov 19, 2019 · 2 min read · 5:30") == "2019-11-19"


def test_a_byline_day_before_a_utc_stamp_no_local_form_places_is_the_day_read() -> None:
    byline = '<time datetime="2024-03-04">March 4, 2024</time>'
    assert _published(_ld("2024-03-05T04:50:22+00:00"), byline) == "2024-03-04"
    # the same day, a day no real offset reaches, or two days off: the stamp stands
    assert _published(_ld("2024-03-04T04:50:22+00:00"), byline) == "2024-03-04T04:50:22+00:00"
    assert _published(_ld("2024-03-05T15:10:00+00:00"), byline) == "2024-03-05T15:10:00+00:00"
    assert _published(_ld("2024-03-06T04:50:22+00:00"), byline) == "2024-03-06T04:50:22+00:00"


def test_without_a_seed_a_single_zone_language_gives_the_pages_timezone() -> None:
    def published(lang: str) -> str | None:
        html = _page(_ld("2024-03-04T20:30:00Z"), "").replace(
            b'lang="en"', f'lang="{lang}"'.encode()
        )
        return extract_article("https://news.test/a", None, html).published

    assert published("ja") == "2024-03-05T05:30:00+09:00"  # the day a reader in Tokyo saw
    assert published("pl") == "2024-03-04T21:30:00+01:00"
    # languages of several zones keep the stamp as written
    assert published("es") == published("en") == "2024-03-04T20:30:00+00:00"


def test_a_zone_written_after_the_clock_gives_the_dateline_its_offset() -> None:
    assert parse_date("Nov. 4, 2024 7:04 pm ET") == "2024-11-04T19:04:00-05:00"
    assert parse_date("July 4, 2024 10:00 ET") == "2024-07-04T10:00:00-04:00"  # ET's rules
    assert parse_date("March 4, 2024 at 2:26 PM HST") == "2024-03-04T14:26:00-10:00"
    # the seed's timezone still holds the result; "et" (French "and") is no zone
    assert parse_date("March 4, 2024, 9:24 pm ET", "Europe/Berlin") == ("2024-03-05T03:24:00+01:00")
    assert parse_date("le 4 mars 2024 à 10h30 et mis à jour", "Europe/Paris") == (
        "2024-03-04T10:30:00+01:00"
    )


def test_a_clock_first_dateline_with_its_zone_is_the_published_instant() -> None:
    byline = '<div class="publish-date">Published 11:11 PM EST Mar 4, 2024</div>'
    assert _published("", byline) == "2024-03-04T23:11:00-05:00"
    # without a zone and no timezone known, the clock's offset would be made up: the day only
    assert _published("", byline.replace(" EST", "")) == "2024-03-04"


def test_a_wall_clock_showing_the_update_unshifted_gives_the_publication_no_offset() -> None:
    # a page whose local time is UTC shows the update's 07:25 as its clock: that is no
    # +07:30 offset of the publication at 23:55 the day before (found on a real outlet)
    head = _ld("2025-02-11T23:55:00+0000", "2025-02-12T07:25:30+0000")
    byline = "<span>Updated 12.2.2025 7:25</span>"
    assert _published(head, byline)[:10] == "2025-02-11"
