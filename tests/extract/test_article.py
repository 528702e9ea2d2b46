"""Page-object extraction against the saved-page cases (``cases.py``) and their expected JSON."""

from __future__ import annotations

import json
import os

import pytest

from crawler.extract.article import EXTRACTOR_VERSION, extract_article
from crawler.extract.rules import ExtractionRules
from crawler.items import ArticleItem
from tests.extract.story_pages import RUNNING_TEXT
from tests.fixture_cases import dumps

from . import cases

NAMES = cases.names()
BERLIN = ExtractionRules(timezone="Europe/Berlin", language="de")


def load(name: str) -> tuple[str, dict, bytes, ExtractionRules | None]:
    case = cases.load(name)
    return case.url, case.headers, case.body, case.rules


def extract(name: str) -> ArticleItem:
    return cases.load(name).extract()


def test_fixture_set_is_complete() -> None:
    assert {"dpa-seed", "demo-jsonld", "demo-microdata", "english-summer", "cp1252"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_fixture_matches_expected_json(name: str) -> None:
    case = cases.load(name)
    item = case.extract()
    assert item.extractor == {
        "version": EXTRACTOR_VERSION,
        "rules_hash": (case.rules or ExtractionRules()).hash(),
    }
    expected = json.loads(case.expected_path.read_text(encoding="utf-8"))
    assert cases.output(item) == expected
    # byte for byte as the regenerate command writes it: an unchanged extractor, no diff
    assert dumps(cases.output(item)) == case.expected_path.read_text(encoding="utf-8")


def test_dpa_seed_page() -> None:
    item = extract("dpa-seed")
    assert item.headline == "Moskau: Gespräche mit US-Unterhändlern haben begonnen"
    assert item.topics == ["Ukraine", "Russland"]
    assert item.published == "2025-12-02T17:52:59+01:00"
    assert item.published_raw == "02.12.2025 - 17:52:59"
    assert item.agency == "dpa"
    assert item.lead and item.lead.startswith("Nach Treffen mit der Ukraine")
    assert [(i.caption, i.credit) for i in item.images] == [
        ("Gastgeber für den US-Gesandten: Kremlchef Putin.", "Sergei Ilnitsky/EPA Pool via AP/dpa"),
        (
            "Der US-Sondergesandte Steve Witkoff ist erneut zu Gesprächen über eine mögliche "
            "Beendigung des Ukraine-Kriegs in Moskau. (Archivbild)",
            "Gavriil Grigorov/Pool Sputnik Kremlin/AP/dpa",
        ),
    ]
    assert item.body and item.body.startswith("Kremlchef Wladimir Putin hat")
    assert item.body.endswith("noch viel Arbeit vor den einzelnen Parteien liege.")
    assert item.body.count("\n\n") == 2
    for leftover in ("Foto:", "Gastgeber", "@ dpa.de", "Weitere Meldungen", "weiterlesen"):
        assert leftover not in item.body
    assert len(item.related) == 6
    assert [r.section for r in item.related] == [
        "Boerse", "Ausland", "Politik", "Ausland", "Politik", "Boerse"
    ]  # fmt: skip
    assert item.related[0].published == "2026-01-26T11:32:00+01:00"
    assert item.related[0].headline == "Kreml sieht Ukraine-Gespräche noch ganz am Anfang"
    assert item.related[0].teaser and item.related[0].teaser.startswith("Der Kreml sieht")
    assert item.related[5].url.endswith("/boerse/neue-angriffe-auf-die-ukraine-20000006.html")


def test_demo_page_fills_every_field_with_rules_and_without() -> None:
    url, headers, body, rules = load("demo-jsonld")
    with_rules = extract_article(url, headers, body, rules)
    without = extract_article(url, headers, body, None)
    for item in (with_rules, without):
        assert item.missing == {}
        assert item.authors == ["Anna Schmidt", "Jonas Weber"]
        assert item.modified == "2025-12-03T09:10:00+01:00"
        assert item.section == "Ausland"
    assert with_rules.to_dict() | {"extractor": None} == without.to_dict() | {"extractor": None}


def test_demo_page_without_structured_data_uses_dom() -> None:
    url, headers, body, _ = load("demo-jsonld")
    html = body.decode("utf-8")
    start = html.index('<script type="application/ld+json">')
    html = html[:start] + html[html.index("</script>", start) + 9 :]
    item = extract_article(url, headers, html.encode("utf-8"), BERLIN)
    assert item.published == "2025-12-02T17:52:59+01:00"
    assert item.published_source == "text"
    assert item.modified == "2025-12-03T09:10:00+01:00"
    assert item.modified_raw == "03.12.2025 - 09:10:00"
    assert item.authors == ["Anna Schmidt", "Jonas Weber"]
    assert item.topics == ["Ukraine", "Russland"]
    assert len(item.images) == 2 and item.images[0].credit.endswith("AP/dpa")
    assert "Aktualisiert" not in (item.body or "")


def test_english_summer_page() -> None:
    item = extract("english-summer")
    assert item.language == "en"
    assert item.published == "2025-07-15T17:52:59+02:00"
    assert item.published_source == "time-element"
    assert item.authors == ["Mary Jones", "Tom Brown"]
    assert [r.published for r in item.related] == [
        "2025-07-14T09:15:00+02:00",
        "2025-07-13T18:40:00+02:00",
    ]
    assert item.images[0].credit == "Jane Doe/AP"


def test_windows_1252_bytes_declared_utf8() -> None:
    item = extract("cp1252")
    assert item.headline == "Straßenbahn fährt wieder über die Brücke"
    assert item.lead and "–" in item.lead
    assert item.body and "5 €" in item.body and "dts" not in item.body
    assert item.agency == "dts"
    assert item.published == "2025-06-30T08:00:00+02:00"


def test_microdata_page_and_afp_marker() -> None:
    item = extract("demo-microdata")
    assert item.published_source == "microdata"
    assert item.agency == "AFP"
    assert item.body and item.body.startswith("Der Bundestag")
    assert (
        item.canonical_url == "http://news.demo.test/politik/2025/11/bundestag-haushalt-100001.html"
    )


def test_rules_selectors_override() -> None:
    url, headers, body, _ = load("dpa-seed")
    rules = ExtractionRules(
        timezone="Europe/Berlin",
        selectors={"related": ".more-news", "headline": "h1", "section": ".top-bar a:nth-child(3)"},
    )
    item = extract_article(url, headers, body, rules)
    assert len(item.related) == 6
    assert item.extractor["rules_hash"] == rules.hash()
    bad = ExtractionRules(selectors={"related": "!!not css", "body": "::nope("})
    assert extract_article(url, headers, body, bad).body


# --- bad input: never raises, says why -------------------------------------------------


def test_empty_body() -> None:
    item = extract_article("http://x.test/a", None, b"")
    assert item.missing["body"] == "empty response body"
    assert item.missing["published"] and item.missing["headline"]
    assert item.extractor["version"] == EXTRACTOR_VERSION


def test_binary_garbage() -> None:
    garbage = bytes(range(256)) * 40 + os.urandom(4096)
    item = extract_article("http://x.test/a", {"Content-Type": "application/octet-stream"}, garbage)
    assert isinstance(item, ArticleItem)
    assert "body" in item.missing and "headline" in item.missing


def test_broken_json_ld_is_tolerated() -> None:
    html = (
        b'<html lang="de"><head><script type="application/ld+json">{"@type": "NewsArticle",'
        b' "headline": "Kaputt",, </script><script type="application/ld+json">'
        b'{"@type": "NewsArticle", "headline": "Repariert",'
        b' "datePublished": "2025-12-02T17:52:59",}'
        b"</script></head><body><article><h1>DOM</h1><p>Ein Absatz mit genug Text, damit er"
        b" als Haupttext gilt und nicht verworfen wird.</p></article></body></html>"
    )
    item = extract_article("http://x.test/a", {}, html, BERLIN)
    assert item.headline == "Repariert"
    assert item.published == "2025-12-02T17:52:59+01:00"  # no offset: site-local time
    assert item.published_source == "json-ld"


def test_unknown_charset_and_wrong_header() -> None:
    html = '<html><head><meta charset="x-klingon"></head><body><h1>Täst</h1></body></html>'
    item = extract_article("http://x.test/a", {"Content-Type": "text/html; charset=nope"},
                           html.encode("cp1252"))  # fmt: skip
    assert item.headline == "Täst"


def test_ten_megabyte_page() -> None:
    para = b"<p>Absatz %d mit ein paar Worten, damit die Seite wirklich gross wird.</p>"
    body = (
        b'<html lang="de"><head><title>Gross</title></head><body><article><h1>Gross</h1>'
        b'<span class="date">02.12.2025 - 17:52:59</span>'
        + b"".join(para % i for i in range(140_000))
        + b"</article></body></html>"
    )
    assert len(body) > 10_000_000
    item = extract_article("http://x.test/a", None, body, BERLIN)
    assert item.headline == "Gross"
    assert item.published == "2025-12-02T17:52:59+01:00"
    assert item.body and item.body.startswith("Absatz 0 mit")


def test_modified_equal_to_published_is_not_an_update() -> None:
    html = (
        b'<html lang="de"><head><script type="application/ld+json">{"@type": "NewsArticle",'
        b' "headline": "T", "datePublished": "2025-12-02T17:52:59+01:00",'
        b' "dateModified": "2025-12-02T17:52:59+01:00"}</script></head><body><article><h1>T</h1>'
        b"<p>Ein Absatz mit genug Text, damit er als Haupttext gilt und bleibt.</p>"
        b"</article></body></html>"
    )
    item = extract_article("http://x.test/a", None, html, BERLIN)
    assert item.published == "2025-12-02T17:52:59+01:00"
    assert item.modified is None
    assert item.missing["modified"] == "modified date equals published date (json-ld)"


def test_generic_related_box_by_heading_in_a_list() -> None:
    html = (
        b'<html lang="de"><body><article><h1>Titel</h1><p>Ein Absatz mit genug Text, damit er'
        b" als Haupttext gilt und bleibt, auch wenn er kurz ist.</p></article>"
        b'<div class="box"><h3>Mehr zum Thema</h3><ul>'
        b'<li><a href="/x/1.html"><h4>Erste Meldung</h4></a> Kurzer Teaser.'
        b" (Sport, 05.08.2025 - 20:15)"
        b' <a href="/x/1.html">weiterlesen...</a></li>'
        b'<li><a href="/x/2.html">Zweite Meldung</a></li></ul></div></body></html>'
    )
    item = extract_article("http://x.test/a/b.html", None, html, BERLIN)
    assert [(r.url, r.headline, r.teaser, r.section, r.published) for r in item.related] == [
        ("http://x.test/x/1.html", "Erste Meldung", "Kurzer Teaser.", "Sport",
         "2025-08-05T20:15:00+02:00"),
        ("http://x.test/x/2.html", "Zweite Meldung", None, None, None),
    ]  # fmt: skip
    assert "Mehr zum Thema" not in (item.body or "") and "Teaser" not in (item.body or "")


def test_demo_site_articles_match_its_catalogue() -> None:
    """The bundled demo site knows what it rendered; every field must come back."""
    import gzip
    from urllib.parse import urlsplit

    content = pytest.importorskip("demosite.content")
    site = content.DemoSite()
    demo_rules = ExtractionRules(
        timezone="Europe/Berlin",
        language="de",
        selectors={
            "headline": "h1.headline",
            "body": "div.article-body",
            "related": "aside.related",
        },
    )
    articles = site.visible_articles()[:40]
    assert {a.markup for a in articles} == {"jsonld", "microdata", "meta"}
    for art in articles:
        resp = site.get(urlsplit(art.url).path, {"Accept-Encoding": "identity"})
        body = resp.body
        if resp.header("content-encoding") == "gzip":
            body = gzip.decompress(body)
        for rules in (demo_rules, None):
            item = extract_article(art.url, dict(resp.headers), body, rules)
            assert item.headline == art.headline
            assert item.lead == art.lead
            assert item.published == art.published.isoformat()
            assert item.modified == (art.modified.isoformat() if art.modified else None)
            assert item.authors == art.authors
            assert item.agency == art.agency
            assert item.topics == art.topics
            assert item.section == art.section
            assert item.language == art.language
            assert item.body == "\n\n".join(art.body)
            assert [(i.url, i.caption, i.credit) for i in item.images] == list(
                map(tuple, art.images)
            )
            assert [r.url for r in item.related] == [r.url for r in site.related_articles(art)]


def test_charset_declaration_mistakes() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><h1>Grüße aus Köln</h1></body></html>'
    )
    item = extract_article("http://x.test/a", {"Content-Type": "text/html"}, page.encode("utf-8"))
    assert item.headline == "Grüße aus Köln"  # declared latin-1, really UTF-8
    xhtml = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + page.replace("Köln", "Köln “Mitte”")
    item = extract_article("http://x.test/a", None, xhtml.encode("cp1252"))
    assert item.headline == "Grüße aus Köln “Mitte”"


def test_raw_scrapy_style_headers_are_tolerated() -> None:
    page = "<html><body><h1>Straße – 5 €</h1></body></html>".encode("cp1252")
    headers = {b"Content-Type": [b"text/html; charset=windows-1252"]}
    item = extract_article("http://x.test/a", headers, page)  # type: ignore[arg-type]
    assert item.headline == "Straße – 5 €"


def test_story_article_after_teaser_articles_is_the_scope() -> None:
    teasers = "".join(
        f'<article class="teaser"><figure><img src="/t{i}.jpg"></figure>'
        f'<a href="/other-{i}">Another story number {i}</a></article>'
        for i in range(4)
    )
    story = (
        "<article><h1>Harbour reopens</h1><figure><img src='/story.jpg'>"
        "<figcaption>Ships return to the harbour. Foto: Jane Roe</figcaption></figure>"
        + RUNNING_TEXT * 3
        + "</article>"
    )
    html = f"<html><body>{teasers}{story}</body></html>".encode()
    item = extract_article("https://x.test/a", None, html)
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("https://x.test/story.jpg", "Ships return to the harbour.", "Jane Roe")
    ]
