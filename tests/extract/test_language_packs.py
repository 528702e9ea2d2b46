"""Every entry of every language pack, checked against the code that reads it.

The cases are generated from the packs themselves (``crawler/extract/lang/data``), so a
language added as one file is tested as soon as it exists: its byline words start a byline,
its "and" words split names, its source labels and agencies are recognised.
"""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from crawler.discovery.calendar import calendar_date
from crawler.extract import (
    body,
    bylines,
    headline,
    related_shape,
    topics,
)
from crawler.extract.agency import agency_from_line, agency_from_text, canonical
from crawler.extract.authors import extra_co_authors, is_byline_line, parse_byline
from crawler.extract.body import _SHARE_RE
from crawler.extract.credits import clean_credit, split_caption
from crawler.extract.dates import item as item_dates
from crawler.extract.dates import sources as date_sources
from crawler.extract.lang import PACKS, entry, words
from crawler.extract.page import Page, token_match
from crawler.extract.related import HEADING_RE, MORE_RE, READ_ALSO_RE
from crawler.extract.related_shape import _RANKING
from crawler.extract.rules import ExtractionRules
from crawler.extract.topics import _BREADCRUMB_LABEL, _TOPIC_SEGMENT, TOPIC_LABEL

#: What a pack may hold: "section.key" → the type of its value.
KEYS = {
    "byline.words": list,
    "byline.labels": list,
    "byline.and": list,
    "byline.separators": list,
    "byline.particles": list,
    "byline.declined_prefixes": list,
    "source.labels": list,
    "source.photo_prefixes": list,
    "agency.known": dict,
    "agency.material_labels": list,
    "dates.month_regexes": bool,
    "dates.month_extras": dict,
    "dates.time_links": list,
    "dates.ordinal_suffixes": list,
    "dates.month_links": list,
    "dates.published": list,
    "dates.published_links": list,
    "dates.updated": list,
    "dates.ymd_marks": list,
    "dates.clock_marks": list,
    "dates.am": list,
    "dates.pm": list,
    "credits.labels": list,
    "credits.by_labels": list,
    "credits.abbreviations": list,
    "credits.taken_by": list,
    "credits.photo_agencies": list,
    "related.headings": list,
    "related.heading_starts": list,
    "related.read_also": list,
    "related.more_links": list,
    "related.ranking": list,
    "related.ranking_numbered": list,
    "topics.labels": list,
    "topics.breadcrumb_labels": list,
    "topics.url_segments": list,
    "chrome.lines": list,
    "chrome.share_on": list,
    "pagination.next_labels": list,
    "pagination.page_words": list,
    "topics.home_labels": list,
    "calendar.date_params": list,
    "dates.clock_words": list,
    "dates.timezone": str,
    "dates.zones": dict,
    **{
        f"markup.{name}": list
        for name in (
            "byline_classes",
            "noise_classes",
            "date_chrome_classes",
            "masthead_date_classes",
            "dateline_classes",
            "modified_classes",
            "date_keys",
            "lead_classes",
            "topic_classes",
            "kicker_classes",
            "crumb_classes",
            "sidebar_classes",
            "image_classes",
            "caption_strip_classes",
        )
    },  # fmt: skip
}


def cases(key: str) -> list[tuple[str, str]]:
    """(language, entry) of every pack's entries at ``key``."""
    return [(code, word) for code, pack in PACKS.items() for word in entry(pack, key) or ()]


def test_every_pack_holds_only_known_keys_of_the_right_type() -> None:
    found = {}
    for code, pack in PACKS.items():
        assert len(code) == 2 and code.isalpha() and code.islower(), code
        for section, values in pack.items():
            for name, value in values.items():
                key = f"{section}.{name}"
                assert key in KEYS, f"{code}.toml: unknown key {key}"
                assert isinstance(value, KEYS[key]), f"{code}.toml: {key} is no {KEYS[key]}"
                found[key] = True
                if isinstance(value, bool | str):
                    continue
                items = value if isinstance(value, list) else list(value)
                assert all(isinstance(v, str) and v.strip() == v and v for v in items), key
    assert sorted(found) == sorted(KEYS)  # every known key is used by some pack


@pytest.mark.parametrize(("lang", "word"), cases("byline.words"))
def test_a_byline_word_starts_a_byline(lang: str, word: str) -> None:
    line = f"{word.capitalize()} Anna Nowak"
    assert parse_byline(line) == (["Anna Nowak"], None)
    assert parse_byline(f"{word}: Anna Nowak") == (["Anna Nowak"], None)
    assert is_byline_line(line)


@pytest.mark.parametrize(("lang", "word"), cases("byline.labels"))
def test_a_byline_label_starts_a_byline_with_a_colon(lang: str, word: str) -> None:
    assert parse_byline(f"{word.capitalize()}: Anna Nowak") == (["Anna Nowak"], None)
    assert is_byline_line(f"{word.capitalize()}: Anna Nowak")
    assert not is_byline_line(f"{word.capitalize()} Anna Nowak")


@pytest.mark.parametrize(("lang", "word"), cases("byline.and"))
def test_an_and_word_splits_names(lang: str, word: str) -> None:
    names, _ = parse_byline(f"Anna Nowak {word} Jan Kowalski")
    assert names == ["Anna Nowak", "Jan Kowalski"]


@pytest.mark.parametrize(("lang", "mark"), cases("byline.separators"))
def test_a_separator_splits_names(lang: str, mark: str) -> None:
    assert parse_byline(f"Anna Nowak{mark}Jan Kowalski")[0] == ["Anna Nowak", "Jan Kowalski"]
    assert parse_byline(f"佐藤一郎{mark}鈴木花子")[0] == ["佐藤一郎", "鈴木花子"]


@pytest.mark.parametrize(("lang", "word"), cases("byline.particles"))
def test_a_name_particle_stays_inside_a_name(lang: str, word: str) -> None:
    assert extra_co_authors([], [f"Anna {word} Nowak"]) == [f"Anna {word} Nowak"]


@pytest.mark.parametrize(("lang", "word"), cases("byline.declined_prefixes"))
def test_a_declined_article_before_a_name_is_dropped(lang: str, word: str) -> None:
    assert parse_byline(f"{word.capitalize()} Anna Nowak") == (["Anna Nowak"], None)
    assert not is_byline_line(f"{word.capitalize()} Anna Nowak")


@pytest.mark.parametrize(("lang", "label"), cases("source.labels"))
def test_a_source_label_names_the_agency(lang: str, label: str) -> None:
    assert parse_byline(f"Anna Nowak {label.capitalize()}: dpa") == (["Anna Nowak"], "dpa")
    assert agency_from_line(f"{label.capitalize()}: AFP") == "AFP"
    for prefix in (w for _, w in cases("source.photo_prefixes")):
        assert agency_from_line(f"{prefix.capitalize()}/{label}: dts") == "dts"


@pytest.mark.parametrize(("lang", "label"), cases("agency.material_labels"))
def test_a_material_label_names_the_agency(lang: str, label: str) -> None:
    assert agency_from_line(f"{label.capitalize()} dpa") == "dpa"


@pytest.mark.parametrize(("lang", "token"), cases("agency.known"))
def test_a_known_agency_is_recognised_in_its_usual_spelling(lang: str, token: str) -> None:
    spelling = PACKS[lang]["agency"]["known"][token]
    assert canonical(token.upper()) == spelling or canonical(token) == spelling
    assert agency_from_text(f"Athens ({spelling}) - The minister said") == spelling
    assert parse_byline(f"Anna Nowak, {spelling}") == (["Anna Nowak"], spelling)
    assert parse_byline(spelling) == ([], spelling)


def bare(text: str) -> str:
    """Greek as written in capitals: without its accents."""
    return text.upper().translate(str.maketrans("ΆΈΉΊΌΎΏ", "ΑΕΗΙΟΥΩ"))


@pytest.mark.parametrize(("lang", "label"), cases("credits.labels") + cases("source.labels"))
def test_a_credit_label_is_split_from_the_caption(lang: str, label: str) -> None:
    cap = "Der Kanzler im Bundestag."
    assert split_caption(f"{cap} {label.capitalize()}: Anna Nowak") == (cap, "Anna Nowak")
    assert split_caption(f"{cap} ({label}: Anna Nowak)") == (cap, "Anna Nowak")
    assert clean_credit(f"{label.upper()}: Anna Nowak") == "Anna Nowak"


@pytest.mark.parametrize(("lang", "name"), cases("credits.photo_agencies"))
def test_a_photo_agency_after_a_slash_ends_the_caption(lang: str, name: str) -> None:
    assert split_caption(f"The minister. Jane Doe / {name}") == (
        "The minister.",
        f"Jane Doe / {name}",
    )


@pytest.mark.parametrize(("lang", "label"), cases("credits.by_labels"))
def test_a_photo_by_label_needs_no_colon(lang: str, label: str) -> None:
    assert split_caption(f"The minister. {label} Jane Doe/Reuters") == (
        "The minister.",
        "Jane Doe/Reuters",
    )


@pytest.mark.parametrize(("lang", "word"), cases("credits.abbreviations"))
def test_an_abbreviated_credit_label_is_split(lang: str, word: str) -> None:
    for form in (word, word.capitalize()):
        assert split_caption(f"Premier w Sejmie {form} Jan Nowak/PAP") == (
            "Premier w Sejmie",
            "Jan Nowak/PAP",
        )


@pytest.mark.parametrize(("lang", "word"), cases("credits.taken_by"))
def test_a_taken_by_word_after_the_name_is_dropped(lang: str, word: str) -> None:
    assert split_caption(f"首相官邸で＝田中一郎{word}") == ("首相官邸で", "田中一郎")


@pytest.mark.parametrize(("lang", "heading"), cases("related.headings"))
def test_a_related_heading_is_recognised(lang: str, heading: str) -> None:
    assert HEADING_RE.match(heading.capitalize())
    assert HEADING_RE.match(f"{heading.upper()}:")
    if lang == "el":
        assert HEADING_RE.match(bare(heading))
    assert not HEADING_RE.match(f"{heading} und der Haushalt 2026 im Bundestag")


@pytest.mark.parametrize(("lang", "start"), cases("related.heading_starts"))
def test_a_related_heading_may_start_so(lang: str, start: str) -> None:
    assert HEADING_RE.match(f"{start.capitalize()} Politik")


@pytest.mark.parametrize(("lang", "label"), cases("related.read_also"))
def test_a_read_also_label_starts_an_inline_link(lang: str, label: str) -> None:
    assert READ_ALSO_RE.match(f"{label.capitalize()}: The budget passes the Bundestag")
    if lang == "el":
        assert READ_ALSO_RE.match(f"{bare(label)}: Ο προϋπολογισμός")


@pytest.mark.parametrize(("lang", "label"), cases("related.more_links"))
def test_a_more_link_is_no_headline(lang: str, label: str) -> None:
    assert MORE_RE.match(f"{label.capitalize()} …")


@pytest.mark.parametrize(("lang", "label"), cases("related.ranking"))
def test_a_ranking_heading_is_recognised(lang: str, label: str) -> None:
    assert _RANKING.match(f"» {label.capitalize()}")


@pytest.mark.parametrize(("lang", "label"), cases("related.ranking_numbered"))
def test_a_numbered_ranking_heading_is_recognised(lang: str, label: str) -> None:
    assert _RANKING.match(f"{label.capitalize()} 10")
    assert not _RANKING.match(f"{label.capitalize()}secret")


@pytest.mark.parametrize(("lang", "label"), cases("topics.labels"))
def test_a_topic_label_starts_a_line_of_topic_links(lang: str, label: str) -> None:
    assert TOPIC_LABEL.match(f"{label.capitalize()}: Politik, Haushalt")


@pytest.mark.parametrize(("lang", "label"), cases("topics.breadcrumb_labels"))
def test_a_breadcrumb_label_names_a_trail(lang: str, label: str) -> None:
    assert _BREADCRUMB_LABEL.search(f"{label.capitalize()} navigation")


@pytest.mark.parametrize(("lang", "segment"), cases("topics.url_segments"))
def test_a_topic_url_segment_is_recognised(lang: str, segment: str) -> None:
    assert _TOPIC_SEGMENT.fullmatch(segment)


@pytest.mark.parametrize(("lang", "line"), cases("chrome.lines"))
def test_a_furniture_line_is_recognised(lang: str, line: str) -> None:
    assert _SHARE_RE.match(line.capitalize())
    assert not _SHARE_RE.match(f"{line} the budget")


@pytest.mark.parametrize(("lang", "words"), cases("chrome.share_on"))
def test_a_share_on_line_names_a_network(lang: str, words: str) -> None:
    assert _SHARE_RE.match(f"{words.capitalize()} Mastodon")


def classed_page(cls: str) -> tuple[Page, object]:
    """A page whose article holds one element of class ``cls``, and that element."""
    html = (
        f"<html><body><article><h1>Title</h1><div class='{cls}'><img src='/a.jpg'>Text</div>"
        "<p>Body text of the story.</p></article></body></html>"
    )
    page = Page("https://example.test/a", lxml.html.fromstring(html), ExtractionRules(), False)
    return page, page.tree.xpath("//div")[0]


def _tokens(names: str, word: str) -> bool:
    page, el = classed_page(f"story__{word} other")
    return token_match(page, names) == [el]


#: What each markup key's words must do in the module that reads them.
MARKUP = {
    "byline_classes": lambda w: bylines._BYLINE.search(f"article-{w}-box"),
    "noise_classes": lambda w: body._NOISE_CLASS_RE.search(f" box {w}-x "),
    "date_chrome_classes": lambda w: date_sources._CHROME_RE.search(f"box-{w.upper()}s"),
    "masthead_date_classes": lambda w: (
        date_sources._CHROME_RE.search(f"top {w}") and not date_sources._CHROME_RE.search(f"x{w}x")
    ),
    "dateline_classes": lambda w: date_sources._DATELINE_CLS.search(f"story-{w}"),
    "modified_classes": lambda w: date_sources._MODIFIED_CLS.search(f"story-{w}"),
    "date_keys": lambda w: item_dates._DATE_KEY.search(f"item{w.capitalize()}At"),
    "lead_classes": lambda w: _tokens(headline._LEAD_CLASSES, w),
    "topic_classes": lambda w: (
        _tokens(topics._TAG_CLASSES, w)
        and (not w.isalpha() or topics._CAMEL_TAGS.search(f"article{w.capitalize()} x"))
    ),
    "kicker_classes": lambda w: _tokens(topics._KICKER, w),
    "crumb_classes": lambda w: topics._CRUMB_CLASS.search(f"nav-{w}s"),
    "sidebar_classes": lambda w: related_shape._CHROME_CLASS.search(f"col {w}-box"),
    "image_classes": lambda w: classed_page(f"x-{w}")[0].find_cls_images(
        *words("markup.image_classes")
    ),
    "caption_strip_classes": lambda w: classed_page(f"x-{w}")[0].find_cls(
        *words("markup.caption_strip_classes")
    ),
}


@pytest.mark.parametrize(
    ("key", "lang", "word"), [(k, c, w) for k in MARKUP for c, w in cases(f"markup.{k}")]
)
def test_a_markup_word_is_read_where_its_key_says(key: str, lang: str, word: str) -> None:
    assert MARKUP[key](word)


@pytest.mark.parametrize(("lang", "label"), cases("topics.home_labels"))
def test_a_breadcrumb_home_link_is_no_topic(lang: str, label: str) -> None:
    crumbs = (
        f"<nav class='breadcrumb'><a href='/'>{label.capitalize()}</a> › "
        "<a href='/politik/'>Politik</a></nav>"
    )
    html = f"<html><body>{crumbs}<article><h1>Title</h1><p>Body.</p></article></body></html>"
    page = Page("https://example.test/a", lxml.html.fromstring(html), ExtractionRules(), False)
    assert topics.find_topics(page) == ["Politik"]


@pytest.mark.parametrize(("lang", "param"), cases("calendar.date_params"))
def test_a_date_parameter_marks_an_archive_by_day(lang: str, param: str) -> None:
    assert calendar_date(f"https://example.test/archiv?{param}=2026-11-09") == date(2026, 11, 9)
