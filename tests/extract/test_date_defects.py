"""Date defects found on unseen outlets, each generic: clocks written with characters,
dates without their year, relative days, a masthead's "today", update lines with a
``<time>`` inside."""

from __future__ import annotations

from crawler.extract.article import extract_article

_TEXT = "<p>Rain fell on the coast for the whole afternoon and the police closed the roads.</p>"


def _page(lang: str, dateline: str, before: str = "") -> bytes:
    return (
        f'<html lang="{lang}"><head><title>Rain</title></head><body>{before}<article>'
        f"<h1>Rain on the coast</h1>{dateline}{_TEXT}</article></body></html>"
    ).encode()


def _date(when: str) -> dict[str, str]:
    return {"Date": when}


def test_a_relative_day_without_a_response_date_is_no_date() -> None:
    line = '<p class="date">Gestern, 21:22</p>'
    item = extract_article("https://x.test/a", None, _page("de", line))
    assert item.published is None


def test_a_masthead_today_is_never_the_publication_date() -> None:
    masthead = '<header><a href="/">Zeitung</a><span>Dienstag, 15. Oktober 2024</span></header>'
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("de", "", before=masthead))
    assert item.published is None and "published" in item.missing


def test_an_update_line_in_the_page_language_with_a_time_inside() -> None:
    line = (
        '<p><time datetime="2024-10-14T09:00:00+02:00">14.10.2024</time></p>'
        '<p>Zuletzt aktualisiert: <time datetime="2024-10-15T10:30:00+02:00">'
        "15.10.2024, 10:30</time></p>"
    )
    item = extract_article("https://x.test/a", None, _page("de", line))
    assert item.published == "2024-10-14T09:00:00+02:00"
    assert item.modified == "2024-10-15T10:30:00+02:00"


def test_a_clock_in_characters_after_a_year_first_date() -> None:
    line = '<p class="date">2024年10月15日 12時30分</p>'
    item = extract_article("https://x.test/a", None, _page("ja", line))
    assert item.published == "2024-10-15T12:30:00+09:00"


def test_a_clock_in_characters_with_the_afternoon_word() -> None:
    line = '<p class="date">2024年10月15日 午後0時30分</p>'
    item = extract_article("https://x.test/a", None, _page("ja", line))
    assert item.published == "2024-10-15T12:30:00+09:00"


def test_a_date_without_its_year_takes_the_year_of_the_fetch() -> None:
    line = '<p class="date">13 жовтня, 13:24</p>'
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("uk", line))
    assert item.published == "2024-10-13T13:24:00+03:00"


def test_a_year_less_date_in_january_read_in_december_is_last_years() -> None:
    line = '<p class="date">30 грудня, 13:24</p>'
    fetched = _date("Thu, 02 Jan 2025 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("uk", line))
    assert item.published == "2024-12-30T13:24:00+02:00"


def test_a_slashed_year_less_date_in_brackets() -> None:
    line = '<p class="date">（10/14 17:00）</p>'
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("ja", line))
    assert item.published == "2024-10-14T17:00:00+09:00"


def test_a_year_less_date_takes_the_year_of_the_url() -> None:
    line = '<p class="date">13 жовтня, 13:24</p>'
    item = extract_article("https://x.test/2023/news/a", None, _page("uk", line))
    assert item.published == "2023-10-13T13:24:00+03:00"


def test_yesterday_with_a_clock_is_read_against_the_response_date() -> None:
    line = '<p class="date">Gestern, 21:22</p>'
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("de", line))
    assert item.published == "2024-10-14T21:22:00+02:00"


def test_yesterday_in_a_sentence_of_the_body_is_no_publication_date() -> None:
    line = "<p>Gestern, 21:22 Uhr, rief die Polizei die Anwohner zur Vorsicht auf.</p>"
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("de", line))
    assert item.published is None


def test_what_is_no_day_against_the_response_date() -> None:
    from datetime import UTC, datetime

    from crawler.extract.dates.reference import Reference, read_with_reference

    ref = Reference(datetime(2024, 10, 15, 8, 12, tzinfo=UTC), None)
    for text in ("Heute", "vor 2 Stunden", "5 Kommentare", "Teil 5", "Heute, 23:30"):
        assert read_with_reference(text, "Europe/Berlin", ("de",), ref) is None, text
    assert read_with_reference("Gestern", "Europe/Berlin", ("de",), ref) == "2024-10-14"


def test_an_update_line_with_a_relative_day_gives_the_modified_date() -> None:
    line = (
        '<p class="date"><time datetime="2024-10-12T09:00:00+02:00">12.10.2024</time></p>'
        "<p>Aktualisiert: Gestern, 21:22</p>"
    )
    fetched = _date("Tue, 15 Oct 2024 08:12:31 GMT")
    item = extract_article("https://x.test/a", fetched, _page("de", line))
    assert item.published == "2024-10-12T09:00:00+02:00"
    assert item.modified == "2024-10-14T21:22:00+02:00"
