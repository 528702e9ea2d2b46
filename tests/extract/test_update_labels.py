"""Update lines in more languages feed ``modified``, and comment dates stay out."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.rules import ExtractionRules
from tests.extract.story_pages import (
    SLUG_URL,
    slug_story,
)

BODY = "<p>Haberin metni burada yeterince uzun bir paragraf olarak duruyor, tamam mı.</p>" * 3


@pytest.mark.parametrize(
    ("line", "lang", "tz", "want"),
    [
        ("Güncelleme: 2 Aralık 2026 Çarşamba 10:47", "tr", "Europe/Istanbul",
         "2026-12-02T10:47:00+03:00"),
        ("Aktualizováno 2. prosince 2026 10:47", "cs", "Europe/Prague",
         "2026-12-02T10:47:00+01:00"),
        ("Päivitetty 2.12.2026 10:47", "fi", "Europe/Helsinki", "2026-12-02T10:47:00+02:00"),
    ],
)  # fmt: skip
def test_an_update_line_in_the_seed_language_is_the_modified_date(line, lang, tz, want) -> None:
    html = (
        f'<html lang="{lang}"><body><article><h1>Başlık</h1><div class="haber-tarih">'
        '<span class="yayin">1.12.2026 08:59</span> '
        f'<span class="guncel">{line}</span></div>{BODY}</article>'
        '<section class="yorumlar"><div class="yorum"><span class="tarih">03.12.2026 - 11:10'
        "</span><p>Çok güzel.</p></div></section></body></html>"
    ).encode()
    rules = ExtractionRules(timezone=tz, language=lang)
    item = extract_article("http://news.test/a-1h.htm", None, html, rules)
    assert item.modified == want
    assert item.published[:10] == "2026-12-01"


def test_comment_sections_named_in_turkish_or_czech_give_no_published_date() -> None:
    for cls in ("yorumlar", "komentare"):
        html = (
            f'<html lang="tr"><body><article><h1>Başlık</h1>{BODY}</article>'
            f'<section class="{cls}"><span class="date">03.12.2026 - 11:10</span></section>'
            "</body></html>"
        ).encode()
        item = extract_article("http://news.test/a", None, html, ExtractionRules())
        assert item.published is None


def test_an_update_label_of_other_languages_before_a_colon_gives_the_modified_date() -> None:
    dates = (
        "<div class='tarih'><span>Yayınlanma: 2 Aralık 2026 Çarşamba 08:59</span> "
        "<span>Güncelleme: 2 Aralık 2026 Çarşamba 10:47</span></div>"
    )
    rules = ExtractionRules(timezone="Europe/Istanbul", language="tr")
    item = extract_article(SLUG_URL, None, slug_story(before=dates), rules)
    assert (item.published, item.modified) == (
        "2026-12-02T08:59:00+03:00",
        "2026-12-02T10:47:00+03:00",
    )


def test_the_short_part_before_an_update_label_is_the_same_from_the_head_alone() -> None:
    """Only a text's head is searched for its update label: every cut of a long text
    gives what the whole-text search gives, also with a label's first letters at the cut."""
    from crawler.extract.dates.labels import before_update_label, short_before_update

    line = "Publié le 28 novembre 2025 à 09h15"
    for filler in range(0, 160, 7):
        for label in (", modifié le 29 novembre", " updated", " Updates", " aktualisiert"):
            text = line + "x" * filler + label + " and then a long paragraph " * 20
            whole = before_update_label(text)
            expected = whole if len(whole) <= 120 else None
            assert short_before_update(text, 120) == expected, (filler, label)
