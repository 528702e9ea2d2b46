"""How the demo site's newsroom writes one article: its words, byline, images and updates.

Pure functions of the article's own random stream (``rng``) and its section, apart from
the catalogue's bookkeeping (which articles exist when, wire copies, the clock). The order
of the draws from ``rng`` is part of the demo site's determinism: changing it changes every
article, and the truth files written from them.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from typing import Any

from demosite.corpus import (
    AUTHORS_DE,
    AUTHORS_EN,
    CAPTIONS,
    CP1252_SENTENCES,
    CREDITS_DE,
    CREDITS_EN,
    GENERIC_DE,
    HEADLINES,
    LEADS,
    SEED_STORY,
    SENTENCES,
    SLOTS_DE,
    SLOTS_EN,
    TOPICS,
    UPDATE_DE,
    UPDATE_EN,
    fill,
)
from demosite.model import ArticleInfo, Section, article_charset, fmt_en, markup_kind


def _info(aid: int, index: int, sec: Section, published: datetime, **words: Any) -> ArticleInfo:
    """An article without its URL yet (the catalogue adds it from headline and date)."""
    return ArticleInfo(
        id=aid,
        url="",
        path="",
        section=sec.name,
        section_slug=sec.slug,
        language=sec.language,
        published=published,
        modified=None,
        markup=markup_kind(aid),
        charset=article_charset(aid, sec.language),
        story_id=aid,
        index=index,
        **words,
    )


def seed_story(aid: int, index: int, sec: Section, published: datetime, base_url: str):
    """Article 0: the fixed story the extraction tests know word for word."""
    images = [
        (f"{base_url}images/{aid}-{n}.jpg", cap, credit)
        for n, (cap, credit) in enumerate(SEED_STORY["images"], 1)
    ]
    return _info(
        aid, index, sec, published,
        headline=SEED_STORY["headline"], lead=SEED_STORY["lead"], authors=[],
        topics=["Ukraine", "Russland"], images=images, agency="dpa",
        body=list(SEED_STORY["body"]),
    )  # fmt: skip


def wire_copy(orig: ArticleInfo, aid: int, index: int, sec: Section) -> ArticleInfo:
    """The same agency story under a second section's URL (its own id and markup)."""
    return replace(
        orig,
        id=aid,
        section=sec.name,
        section_slug=sec.slug,
        markup=markup_kind(aid),
        charset=article_charset(aid, sec.language),
        wire_copy=True,
        index=index,
        body=list(orig.body),
        images=list(orig.images),
        topics=list(orig.topics),
        authors=list(orig.authors),
    )


def _slots(rng: random.Random, lang: str) -> dict[str, str]:
    slots = SLOTS_EN if lang == "en" else SLOTS_DE
    return {name: rng.choice(values) for name, values in slots.items()}


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _topics(rng: random.Random, sec: Section) -> list[str]:
    n_topics = rng.choice([1, 2, 2, 2, 3])
    topics: list[str] = []
    pool = TOPICS[sec.slug]
    weights = [3, 3] + [1] * (len(pool) - 2)  # the two big running stories lead
    while len(topics) < n_topics:
        t = rng.choices(pool, weights=weights)[0]
        if t not in topics:
            topics.append(t)
    return topics


def _body(rng: random.Random, sec: Section, ctx: dict[str, str], charset: str) -> list[str]:
    pool = SENTENCES[sec.slug] + (GENERIC_DE if sec.language == "de" else [])
    pool = rng.sample(pool, len(pool))  # each sentence template at most once
    body: list[str] = []
    for _ in range(rng.randint(3, 5)):
        take = rng.randint(2, 4)
        sents, pool = pool[:take], pool[take:]
        if sents:
            body.append(" ".join(fill(rng, s, ctx) for s in sents))
    if charset == "windows-1252":
        body.insert(1, fill(rng, rng.choice(CP1252_SENTENCES), ctx))
    return body


def _byline(rng: random.Random, lang: str) -> tuple[str | None, list[str]]:
    """The agency (or None) and the authors (some agency stories have both)."""
    roll = rng.random()
    if lang == "en":
        agency = "Reuters" if roll < 0.6 else None
    else:
        agency = "dpa" if roll < 0.6 else "AFP" if roll < 0.75 else "dts" if roll < 0.85 else None
    authors: list[str] = []
    if agency is None or rng.random() < 0.3:
        names = AUTHORS_EN if lang == "en" else AUTHORS_DE
        authors = rng.sample(names, rng.choice([1, 1, 2]))
    return agency, authors


def written_article(
    rng: random.Random, aid: int, index: int, sec: Section, published: datetime, base_url: str
) -> ArticleInfo:
    """A new article of section ``sec``, written from the corpus."""
    lang = sec.language
    ctx = _slots(rng, lang)
    if lang == "de":
        ctx["team2"] = rng.choice([t for t in SLOTS_DE["team"] if t != ctx["team"]])
    headline = _capitalised(fill(rng, rng.choice(HEADLINES[sec.slug]), ctx))
    lead = _capitalised(fill(rng, rng.choice(LEADS[sec.slug]), ctx))
    topics = _topics(rng, sec)
    body = _body(rng, sec, ctx, article_charset(aid, lang))
    agency, authors = _byline(rng, lang)
    if agency in ("AFP", "Reuters"):
        place = ctx.get("fcity") if sec.slug == "ausland" else ctx["city"]
        body[0] = f"{place} ({agency}) - {body[0]}"
    credits = CREDITS_EN if lang == "en" else CREDITS_DE
    images = []
    for n in range(1, rng.randint(1, 3) + 1):
        cap = fill(rng, rng.choice(CAPTIONS[sec.slug]), ctx)
        images.append((f"{base_url}images/{aid}-{n}.jpg", cap, rng.choice(credits)))
    return _info(
        aid, index, sec, published,
        headline=headline, lead=lead, authors=authors, topics=topics, images=images,
        agency=agency, body=body,
    )  # fmt: skip


def update_paragraph(rng: random.Random, lang: str, at: datetime) -> str:
    """The paragraph an update adds at the end of the story, dated in the site's style."""
    ctx = _slots(rng, lang)
    if lang == "en":
        return f"Update ({fmt_en(at)}): " + fill(rng, rng.choice(UPDATE_EN), ctx)
    return f"Nachtrag ({at:%d.%m.%Y, %H:%M} Uhr): " + fill(rng, rng.choice(UPDATE_DE), ctx)
