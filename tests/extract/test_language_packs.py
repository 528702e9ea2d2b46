"""Every entry of every language pack, checked against the code that reads it.

The cases are generated from the packs themselves (``crawler/extract/lang/data``), so a
language added as one file is tested as soon as it exists: its byline words start a byline,
its "and" words split names, its source labels and agencies are recognised.
"""

from __future__ import annotations

import pytest

from crawler.extract.agency import agency_from_line, agency_from_text, canonical
from crawler.extract.authors import extra_co_authors, is_byline_line, parse_byline
from crawler.extract.lang import PACKS, entry

#: What a pack may hold: "section.key" → the type of its value.
KEYS = {
    "byline.words": list,
    "byline.labels": list,
    "byline.and": list,
    "byline.particles": list,
    "byline.declined_prefixes": list,
    "source.labels": list,
    "source.photo_prefixes": list,
    "agency.known": dict,
    "agency.material_labels": list,
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
                items = value if isinstance(value, list) else [*value, *value.values()]
                assert all(isinstance(v, str) and v.strip() == v and v for v in items), key
                found[key] = True
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
