"""Numeric dates as East Asian, Dutch, Spanish and Indian pages write them."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates.labels import is_date_line
from crawler.extract.dates.parse import parse_date
from crawler.extract.dates.text import parse_text_date
from crawler.extract.rules import ExtractionRules


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2024/03/05 10:30", "2024-03-05T10:30:00+09:00"),
        ("2024.03.05. 10:30", "2024-03-05T10:30:00+09:00"),
        ("입력 2024.03.05 오후 3:20", "2024-03-05T15:20:00+09:00"),
        ("2024년 3월 5일 오전 9:05", "2024-03-05T09:05:00+09:00"),
        ("2024年3月5日(火) 午後1:15", "2024-03-05T13:15:00+09:00"),
        ("发布时间：2024年03月05日 下午 12:30", "2024-03-05T12:30:00+09:00"),
        ("2024年3月5日", "2024-03-05"),
        ("v2024.03.051 build", None),  # a version number is no date
    ],
)
def test_year_first_dates_are_read_with_their_clock(text: str, want: str | None) -> None:
    assert parse_date(text, "Asia/Seoul") == want


@pytest.mark.parametrize(
    ("text", "languages", "want"),
    [
        ("05-03-2024 10:30", ("nl",), "2024-03-05T10:30:00+01:00"),
        ("05-03-2024", ("es",), "2024-03-05"),
        ("25-03-2024", ("en",), "2024-03-25"),
        ("05-03-2024", ("en",), None),
        # two-digit years: "Stand: 02.12.25, 17:52 Uhr", "11/19/19 06:56 AM EST"
        ("Stand: 02.12.25, 17:52 Uhr", ("de",), "2025-12-02T17:52:00+01:00"),
        ("11/19/19 06:56 AM EST", ("en",), "2019-11-19T06:56:00+01:00"),
        ("08.15.30", ("de",), None),  # a clock, never month first when dotted
        ("192.168.10.12", ("de",), None),
    ],
)
def test_dashed_day_month_year_reads_like_the_slashed_form(text, languages, want) -> None:
    assert parse_text_date(text, "Europe/Amsterdam", languages) == want


def test_a_korean_page_gives_its_dateline_and_keeps_it_out_of_the_body() -> None:
    body = (
        "<p>기사 본문입니다. 이 문단은 충분히 길어서 본문으로 남아야 합니다. 정말 그렇습니다.</p>"
        * 3
    )
    html = (
        '<html lang="ko"><body><article><h1>제목</h1>'
        f'<div class="info"><span>기자 홍길동</span></div><p>2024.03.05 오후 3:20</p>{body}'
        "</article></body></html>"
    ).encode()
    rules = ExtractionRules(timezone="Asia/Seoul", language="ko")
    item = extract_article("http://news.test/a", None, html, rules)
    assert item.published == "2024-03-05T15:20:00+09:00"
    assert "2024.03.05" not in item.body
    assert is_date_line("2024년 3월 5일 오전 9:05")
