"""Distant supervision: where an outlet's pages show what their structured data states.

On a page whose JSON-LD, microdata or meta tags state a field (its headline, authors,
section, keywords, description), the places of the page (:func:`~crawler.extract.profile.
features.place`) whose texts are that value are evidence of where the template shows the
field. A place *agrees* on a page when its texts are the stated value exactly (for a list,
the same set of texts). The learner keeps, per field and place, on how many pages it agreed;
every third labelled page (by its URL's key) is held out: the place chosen on the others is
measured on them, and a field is used only when its place agreed on at least
:data:`AGREEMENT` of the held-out pages, :data:`MIN_HELD` of them at least. The extractor
then reads the field at that place on the outlet's pages that state nothing.
"""

from __future__ import annotations

from typing import Any

from crawler.extract.profile.keys import key_of, norm_text

#: The fields learned, and whether each is a list of texts.
FIELDS = {"headline": False, "authors": True, "section": False, "topics": True, "lead": False}
#: Share of held-out pages a place must agree on to be used.
AGREEMENT = 0.9
#: Held-out pages a place must be measured on to be used.
MIN_HELD = 3
#: One labelled page in this many (by its URL's key) is held out.
HOLD_EVERY = 3


def held_out(page_key: int) -> bool:
    return page_key % HOLD_EVERY == 0


def field_evidence(
    blocks: list[tuple[Any, tuple[str, ...], str, int]], stated: dict[str, list[str]]
) -> tuple[dict[str, dict[int, bool]], dict[int, str]]:
    """``{field: {place key: agrees}}`` of each place showing one of the stated values, and
    each place key's words. ``blocks``: :func:`~crawler.extract.profile.features.
    short_blocks` of the page; ``stated``: field -> stated values (one for a scalar)."""
    by_place: dict[tuple[str, ...], list[str]] = {}
    for _, chain, text, _ in blocks:
        if text:
            by_place.setdefault(chain, []).append(norm_text(text))
    out: dict[str, dict[int, bool]] = {}
    words: dict[int, str] = {}
    for name, values in stated.items():
        wanted = {norm_text(v) for v in values if v and v.strip()}
        if not wanted:
            continue
        found: dict[int, bool] = {}
        for chain, texts in by_place.items():
            if wanted.isdisjoint(texts):
                continue
            agrees = set(texts) == wanted if FIELDS[name] else texts[0] in wanted
            where = " > ".join(chain)
            key = key_of("field\0" + where)
            found[key] = agrees
            words[key] = where
        out[name] = found
    return out, words
