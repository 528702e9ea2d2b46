"""Every language pack's next-page labels and "page" words, read by discovery's pagination."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.discovery.pagination import next_page, page_number
from tests.extract.test_language_packs import cases

URL = "https://example.test/news/politik"


@pytest.mark.parametrize(("lang", "label"), cases("pagination.next_labels"))
def test_a_next_label_in_the_seed_language_marks_the_next_page(lang: str, label: str) -> None:
    html = f"<a href='/a/story'>Weiter zum Artikel</a><a href='/news/older'>{label.upper()} »</a>"
    assert next_page(Selector(text=html), URL, "a.none", lang) == "https://example.test/news/older"
    assert next_page(Selector(text=html), URL, "a.none", None) == "https://example.test/news/older"
    html = f"<a href='/news/older' aria-label='{label}'>›</a>"
    assert next_page(Selector(text=html), URL, "a.none", lang) == "https://example.test/news/older"


@pytest.mark.parametrize(("lang", "word"), cases("pagination.page_words"))
def test_a_page_word_numbers_a_listing_page(lang: str, word: str) -> None:
    assert page_number(f"{URL}?{word}=3") == (URL, 3)
    assert page_number(f"{URL}/{word}/3/") == (URL, 3)
