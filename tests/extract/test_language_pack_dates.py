"""Every date word of every language pack, checked against the date code that reads it:
month names (dateparser's own, read without importing it), time links, ordinals, month
links, publication and update labels, year-first marks, clock words, timezones."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates import text as textdates
from crawler.extract.dates.labelled import labelled_lines
from crawler.extract.dates.labels import before_update_label, is_update_label
from crawler.extract.dates.parse import MONTHS, parse_date
from crawler.extract.lang import PACKS, entry
from crawler.extract.lang.months import MONTH_KEYS
from tests.extract.test_language_packs import cases


def month_cases() -> list[tuple[str, str, int]]:
    """(language, name, number) of every month name the fast regexes read, as dateparser's
    own data (imported here, where its cost does not matter) and the packs give them."""
    out = []
    for code, pack in PACKS.items():
        if not entry(pack, "dates.month_regexes"):
            continue
        info = importlib.import_module(f"dateparser.data.date_translation_data.{code}").info
        for number, key in enumerate(MONTH_KEYS, 1):
            out += [(code, name.lower(), number) for name in info[key]]
        out += [(code, name, n) for name, n in (entry(pack, "dates.month_extras") or {}).items()]
    return out


@pytest.mark.parametrize(("lang", "name", "number"), month_cases())
def test_a_month_name_is_read_day_first_and_month_first(lang: str, name: str, number: int) -> None:
    assert MONTHS[name] == number
    assert parse_date(f"28 {name} 2025") == f"2025-{number:02d}-28"
    assert parse_date(f"{name.capitalize()} 28, 2025") == f"2025-{number:02d}-28"


@pytest.mark.parametrize(("lang", "word"), cases("dates.time_links"))
def test_a_time_link_joins_a_date_and_its_clock(lang: str, word: str) -> None:
    for text in (f"28 November 2025 {word} 09:15", f"28.11.2025 {word} 09:15"):
        assert parse_date(text, "Europe/Berlin") == "2025-11-28T09:15:00+01:00", text


@pytest.mark.parametrize(("lang", "word"), cases("dates.ordinal_suffixes"))
def test_an_ordinal_suffix_follows_the_day(lang: str, word: str) -> None:
    assert parse_date(f"November 1{word}, 2025") == "2025-11-01"
    assert parse_date(f"1{word} novembre 2025") == "2025-11-01"


@pytest.mark.parametrize(("lang", "word"), cases("dates.month_links"))
def test_a_month_link_may_stand_around_the_month(lang: str, word: str) -> None:
    assert parse_date(f"28 {word} noviembre {word} 2025") == "2025-11-28"


@pytest.mark.parametrize(("lang", "word"), cases("dates.published"))
def test_a_published_label_dates_its_line(lang: str, word: str) -> None:
    links = entry(PACKS[lang], "dates.published_links") or [":"]
    for link in links:
        html = f"<html><body><div><p>x</p><p>{word.capitalize()} {link} 28.11.2025</p></div>"
        lines = list(
            labelled_lines(lxml.html.fromstring(html + "</body></html>"), lambda el: False)
        )
        assert [rest.strip() for rest, _ in lines] == ["28.11.2025"], link


@pytest.mark.parametrize(("lang", "word"), cases("dates.updated"))
def test_an_update_label_is_recognised(lang: str, word: str) -> None:
    assert is_update_label(f"{word.capitalize()}: 29.11.2025")
    assert before_update_label(f"28.11.2025, {word} 29.11.2025") == "28.11.2025, "


@pytest.mark.parametrize("lang", [c for c, p in PACKS.items() if entry(p, "dates.ymd_marks")])
def test_year_first_marks_and_meridiem_words_are_read(lang: str) -> None:
    y, m, d = entry(PACKS[lang], "dates.ymd_marks")
    assert parse_date(f"2019{y} 11{m} 20{d}") == "2019-11-20"
    for word in entry(PACKS[lang], "dates.pm"):
        assert parse_date(f"2019{y}11{m}20{d} {word} 3:15", "Asia/Tokyo").startswith(
            "2019-11-20T15:15"
        )
    for word in entry(PACKS[lang], "dates.am"):
        assert parse_date(f"2019{y}11{m}20{d} {word} 3:15", "Asia/Tokyo").startswith(
            "2019-11-20T03:15"
        )


@pytest.mark.parametrize(("lang", "word"), cases("dates.clock_words"))
def test_a_clock_word_marks_a_clock_time(lang: str, word: str) -> None:
    assert textdates._CLOCK.search(f"28.11.2025 {word} 12.30")
    assert textdates._CLOCK.search(f"28.11.2025 {word.upper()}12.30")


@pytest.mark.parametrize("lang", [c for c, p in PACKS.items() if entry(p, "dates.timezone")])
def test_a_language_of_one_timezone_dates_a_page_without_a_seed(lang: str) -> None:
    zone = ZoneInfo(entry(PACKS[lang], "dates.timezone"))
    assert textdates.LANGUAGE_TIMEZONES[lang] == zone.key
    html = (
        f"<html lang='{lang}'><head><meta property='article:published_time' "
        "content='2025-07-01T10:00:00Z'></head><body><article><h1>T</h1><p>Text.</p>"
        "</article></body></html>"
    )
    item = extract_article("https://example.test/a", None, html.encode(), None)
    offset = datetime(2025, 7, 1, 10, tzinfo=UTC).astimezone(zone).isoformat()
    assert item.published == offset


@pytest.mark.parametrize(("lang", "abbr"), cases("dates.zones"))
def test_a_zone_abbreviation_after_the_clock_gives_the_offset(lang: str, abbr: str) -> None:
    value = entry(PACKS[lang], "dates.zones")[abbr]
    zone = ZoneInfo(value) if "/" in value else None
    offset = datetime(2019, 11, 18, 20, 15, tzinfo=zone).strftime("%z") if zone else value
    offset = "+00:00" if offset == "Z" else offset[:3] + ":" + offset[-2:]
    assert parse_date(f"18.11.2019 20:15 {abbr}") == f"2019-11-18T20:15:00{offset}"
    assert parse_date(f"November 18, 2019 8:15 pm ({abbr})") == f"2019-11-18T20:15:00{offset}"


@pytest.mark.parametrize("lang", [c for c, p in PACKS.items() if entry(p, "dates.clock_marks")])
def test_a_clock_written_with_the_packs_marks_is_read(lang: str) -> None:
    y, m, d = entry(PACKS[lang], "dates.ymd_marks")
    hour, minute = entry(PACKS[lang], "dates.clock_marks")
    day = f"2019{y}11{m}20{d}"
    assert parse_date(f"{day} 12{hour}30{minute}", "Asia/Tokyo") == "2019-11-20T12:30:00+09:00"
    assert parse_date(f"{day} 9{hour}5{minute}", "Asia/Tokyo") == "2019-11-20T09:05:00+09:00"
    for word in entry(PACKS[lang], "dates.pm"):
        assert parse_date(f"{day} {word}0{hour}30{minute}", "Asia/Tokyo") == (
            "2019-11-20T12:30:00+09:00"
        )


@pytest.mark.parametrize(("lang", "word"), cases("dates.updated"))
def test_an_update_line_with_a_time_inside_gives_the_modified_date(lang: str, word: str) -> None:
    """ "<word> <time datetime=...>" in any pack's language: the update, never the
    publication."""
    html = (
        f'<html lang="{lang}"><body><article><h1>Title of the story</h1>'
        '<p><time datetime="2024-10-14T09:00:00+02:00">14.10.2024</time></p>'
        f'<p>{word.capitalize()} <time datetime="2024-10-15T10:30:00+02:00">15.10.2024 10:30'
        "</time></p><p>Rain fell on the coast for the whole afternoon.</p></article></body>"
        "</html>"
    ).encode()
    item = extract_article("https://x.test/a", None, html)
    instant = datetime.fromisoformat  # the language's own timezone may show it
    assert instant(item.published or "") == instant("2024-10-14T09:00:00+02:00")
    assert instant(item.modified or "") == instant("2024-10-15T10:30:00+02:00")
