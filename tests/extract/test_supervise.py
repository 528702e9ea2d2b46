"""Distant supervision: the places an outlet's pages show what their structured
data states, learned on the pages that state it, measured on held-out ones, used on the
pages that state nothing. A made-up outlet whose class names and words no rule knows."""

from __future__ import annotations

import json

from crawler.extract.article import extract_article, extract_page
from crawler.extract.profile import ProfileLearner, SiteProfile

HOST = "http://tala.test"
AUTHORS = ("Amihan Dela Cruz", "Bayani Santos", "Liwayway Reyes")
SECTIONS = ("Ekonomiya", "Palakasan", "Kultura")
TAGS = ("palay", "ulan", "daungan", "halalan", "tulay", "pista")
PARA = (
    "Nagpulong ang konseho ng bayan kahapon upang pag-usapan ang bagong plano para sa "
    "daungan at ang mga tulay na kailangang ayusin bago dumating ang tag-ulan sa {n}."
)


def url(n: int) -> str:
    return f"{HOST}/balita/{2000 + n}/ulat-{n}"


def page(n: int, ld: bool, stated_section: str | None = None) -> bytes:
    author, section = AUTHORS[n % 3], SECTIONS[n % 3]
    tags = [TAGS[n % 6], TAGS[(n + 1) % 6]]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"Ulat bilang {n} tungkol sa bayan",
        "author": {"@type": "Person", "name": author},
        "articleSection": stated_section or section,
        "keywords": tags,
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>' if ld else ""
    paras = "".join(f"<p>{PARA.format(n=n * 10 + i)}</p>" for i in range(3))
    tag_list = "".join(f"<li><a href='/tatak/{t}/'>{t}</a></li>" for t in tags)
    return (
        f"<html lang='xx'><head><title>Ulat {n}</title>{script}</head><body><article>"
        f"<div class='kategorya'><a href='/seksyon/{section.lower()}/'>{section}</a></div>"
        f"<h1>Ulat bilang {n} tungkol sa bayan</h1>"
        f"<div class='tala'><span class='pangalan'>{author}</span></div>"
        f"<div class='article-body'>{paras}</div>"
        f"<ul class='mga-tatak'>{tag_list}</ul></article></body></html>"
    ).encode()


def learned(pages: int = 30, **kw: str) -> SiteProfile:
    learner = ProfileLearner("tala")
    for n in range(pages):
        stated = kw.get("stated_section") if n % 4 == 0 else None
        features = extract_page(url(n), None, page(n, n % 2 == 0, stated), features=True)[1]
        assert features is not None
        learner.add(features)
    return learner.profile()


def test_generic_extractor_misses_what_only_the_structured_data_names() -> None:
    item = extract_article(url(1), None, page(1, ld=False))
    assert item.authors == [] and item.section == "Balita"


def test_places_learned_on_labelled_pages_are_measured_and_used_on_the_others() -> None:
    profile = learned()
    fields = profile.fields
    assert fields["authors"]["where"] == "article > div.tala > span.pangalan"
    assert fields["section"]["where"] == "article > div.kategorya > a"
    assert fields["topics"]["where"] == "article > ul.mga-tatak > li > a"
    for name in ("authors", "section", "topics", "headline"):
        entry = fields[name]
        assert entry["used"] and entry["agreement"] == 1.0, (name, entry)
        assert entry["labelled_pages"] == 15
        assert entry["held_out_pages"] >= 3
        assert entry["learned_from"] == 15 - entry["held_out_pages"]
    item = extract_article(url(1), None, page(1, ld=False), profile=profile)
    assert item.authors == ["Bayani Santos"]
    assert item.section == "Palakasan"
    assert {"ulan", "daungan"} <= set(item.topics)
    assert "Bayani Santos" not in (item.body or "")
    # a page that states the fields keeps what it states
    stated = extract_article(url(2), None, page(2, ld=True), profile=profile)
    assert stated.authors == ["Liwayway Reyes"] and stated.section == "Kultura"


def test_a_place_that_disagrees_on_held_out_pages_is_not_used() -> None:
    # on half the labelled pages the structured section is not the one the page shows
    profile = learned(stated_section="Iba pa")
    entry = profile.fields["section"]
    assert not entry["used"] and entry["agreement"] < 0.9, entry
    item = extract_article(url(1), None, page(1, ld=False), profile=profile)
    assert item.section == "Balita"  # the generic extractor's, as without a profile
    assert item.authors == ["Bayani Santos"]  # the other fields are still used
