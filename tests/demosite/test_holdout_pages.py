"""The hold-outs pregoner (TYPO3), moambe (1C-Bitrix) and tonlesap (Hugo): every truth field
is on the page as a reader sees it, and the CMSs' own URL rules hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html import unescape

import pytest

from demosite.outlets import OUTLETS
from demosite.outlets.localtime import (
    ca_long,
    ca_short,
    ka_bitrix,
    ka_long,
    km_long,
    km_short,
)

#: How each outlet prints a date on its two templates (variant 0, variant 1).
DATES: dict[str, tuple[Callable[[datetime], str], Callable[[datetime], str]]] = {
    "pregoner": (ca_long, ca_short),
    "moambe": (ka_long, ka_bitrix),
    "tonlesap": (km_long, km_short),
}


def page_text(name: str, path: str) -> str:
    resp = OUTLETS[name]().get(path)
    assert resp.status == 200, path
    return unescape(resp.body.decode())


@pytest.mark.parametrize("name", list(DATES))
def test_every_truth_field_is_printed_on_the_story_page(name: str) -> None:
    o = OUTLETS[name]()
    assert o.holdout
    for s in o.stories:
        page = page_text(name, s.path)
        fields = [s.headline, s.lead, *s.body, *s.authors]
        fields += [t for p in s.pictures for t in (p.caption, p.credit)]
        fields += s.topics + [o.by_id[r].path for r in s.related]
        missing = [f for f in fields if f not in page and f.replace("'", "&#x27;") not in page]
        assert not missing, (s.url, missing)
        assert DATES[name][s.variant](s.published) in page, s.url
        if s.modified:  # the update at least to the minute, in the template's own words
            assert (
                s.modified.isoformat() in page
                or DATES[name][s.variant](s.modified) in page
                or (f"{s.modified:%H:%M}" in page)
            ), s.url


@pytest.mark.parametrize("name", list(DATES))
def test_only_the_newer_template_carries_json_ld_and_og_tags(name: str) -> None:
    o = OUTLETS[name]()
    for s in o.stories:
        page = page_text(name, s.path)
        has = "application/ld+json" in page and 'property="og:title"' in page
        assert has == (s.variant == 0), s.url
        if s.variant == 0:
            assert f'"datePublished": "{s.published.isoformat()}"' in page


def test_typo3_list_pages_need_their_chash() -> None:
    o = OUTLETS["pregoner"]()
    good = o.page_path("politica", 2)
    assert "cHash=" in good and o.get(good).status == 200
    assert o.get(re.sub(r"cHash=\w+", "cHash=0", good)).status == 404
    assert o.get(good.split("&cHash")[0]).status == 404


def test_hugo_serves_page_one_as_an_alias_of_the_section() -> None:
    o = OUTLETS["tonlesap"]()
    alias = o.get("/national/page/1/").body.decode()
    assert 'http-equiv="refresh" content="0; url=http://www.tonlesapnews.test/national/"' in alias
    assert o.get("/national/page/2/").status == 200


def test_bitrix_codes_are_latin_transliterations_of_the_headline() -> None:
    o = OUTLETS["moambe"]()
    for s in o.stories:
        assert re.fullmatch(r"/news/[a-z]+/[a-z0-9_]+(?:-\d)?/", s.path), s.path
    assert o.get(o.page_path("economy", 2)).status == 200
