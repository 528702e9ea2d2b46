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
