"""The demo site's catalogue: which articles exist at which clock, and their updates.

The catalogue is an infinite function of the article index ``i`` (see
:mod:`demosite.content`); each clock value gets one :class:`State` with the visible
articles, section and topic lists and the related-story picks. What an article says is
written in :mod:`demosite.writing`.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from demosite.model import (
    BASE_UTC,
    BERLIN,
    FIRST_ID,
    NEW_PER_STEP,
    SECTION_BY_SLUG,
    SECTION_WEIGHTS,
    SECTIONS,
    SPREAD,
    STEP,
    UPDATES_PER_STEP,
    WIRE_EVERY,
    ArticleInfo,
    Section,
    site_time_at,
    slugify,
)
from demosite.writing import seed_story, update_paragraph, wire_copy, written_article


@dataclass
class State:
    """Everything derived from one clock value (lazily filled caches)."""

    clock: int
    site_time: datetime
    articles: list[ArticleInfo]  # newest first
    by_id: dict[int, ArticleInfo]
    by_section: dict[str, list[ArticleInfo]]
    by_topic: dict[str, list[ArticleInfo]]
    pages: dict[str, tuple] = field(default_factory=dict)
    related: dict[int, list[ArticleInfo]] = field(default_factory=dict)


#: Fields :meth:`Catalogue.change_template` can take off a section's article template.
TEMPLATE_FIELDS = ("authors", "images")


class Catalogue:
    """Articles, their updates and the per-clock state; no HTML, no HTTP."""

    def __init__(
        self, articles: int = 220, clock: int = 0, seed: int = 2025, host: str = "news.demo.test"
    ) -> None:
        if articles < 1:
            raise ValueError("articles must be >= 1")
        self.articles = articles
        self.seed = seed
        self.host = host.lower()
        self.clock = max(0, int(clock))
        self._lock = threading.RLock()
        self._base: dict[int, ArticleInfo] = {}
        self._updates: dict[int, list[tuple[int, datetime]]] = {}
        self._updates_upto = 0
        self._states: dict[int, State] = {}
        #: (section slug, field) pairs a changed template no longer renders (see
        #: :meth:`change_template`): how a site's template change looks to the extractor.
        self.dropped: set[tuple[str, str]] = set()

    # -- public API -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}/"

    def advance_clock(self, steps: int = 1) -> None:
        with self._lock:
            self.clock = max(0, self.clock + int(steps))

    def change_template(self, section: str, drop: str | None) -> None:
        """Stop rendering ``drop`` (``authors`` or ``images``) on the article pages of
        one section (``drop=None``: render it again). Cached pages are rendered anew."""
        if drop is not None and drop not in TEMPLATE_FIELDS:
            raise ValueError(f"unknown field {drop!r}")
        with self._lock:
            self.dropped = {d for d in self.dropped if d[0] != section}
            if drop is not None:
                self.dropped.add((section, drop))
            for state in self._states.values():
                state.pages.clear()

    def renders(self, article: ArticleInfo, name: str) -> bool:
        """Whether the current template of ``article``'s section shows field ``name``."""
        return (article.section_slug, name) not in self.dropped

    def set_clock(self, clock: int) -> None:
        with self._lock:
            self.clock = max(0, int(clock))

    def site_time(self) -> datetime:
        return site_time_at(self.clock)

    def sections(self) -> list[Section]:
        return list(SECTIONS)

    def section_urls(self) -> list[str]:
        return [f"{self.base_url}{s.slug}/" for s in SECTIONS]

    def visible_articles(self) -> list[ArticleInfo]:
        """Every visible article URL, newest first (wire stories appear under both URLs)."""
        return list(self._state().articles)

    def article(self, article_id: int) -> ArticleInfo | None:
        """The visible article with this id at the current clock, or None."""
        return self._state().by_id.get(article_id)

    def related_articles(self, article: ArticleInfo) -> list[ArticleInfo]:
        return self._related(self._state(), article)

    def _rng(self, *parts: int) -> random.Random:
        key = self.seed
        for p in parts:
            key = key * 1_000_003 + p
        return random.Random(key)

    def _published(self, i: int) -> datetime:
        if i == 0:
            return datetime(2025, 12, 2, 17, 52, 59, tzinfo=BERLIN)
        if self._is_copy(i):
            return self._published(i - 1)
        rng = self._rng(1, i)
        n = self.articles
        if i < n:
            width = SPREAD / n
            t = BASE_UTC - timedelta(minutes=8) - width * i - width * (0.8 * rng.random())
        else:
            k, slot = divmod(i - n, NEW_PER_STEP)
            width = STEP / NEW_PER_STEP
            t = BASE_UTC + STEP * k + width * slot + width * (0.05 + 0.9 * rng.random())
        t = t.astimezone(BERLIN)
        return t.replace(microsecond=0)

    def _is_wire(self, i: int) -> bool:
        return i > 0 and (FIRST_ID + i) % WIRE_EVERY == 0

    def _is_copy(self, i: int) -> bool:
        return i > 1 and self._is_wire(i - 1)

    def _base_article(self, i: int) -> ArticleInfo:
        art = self._base.get(i)
        if art is None:
            art = self._make_article(i)
            self._base[i] = art
        return art

    def _make_article(self, i: int) -> ArticleInfo:
        aid = FIRST_ID + i
        rng = self._rng(2, i)
        if self._is_copy(i):
            orig = self._base_article(i - 1)
            others = [
                SECTION_BY_SLUG[s]
                for s in ("ausland", "politik", "boerse")
                if s != orig.section_slug
            ]
            sec = others[rng.randrange(len(others))]
            return self._with_url(wire_copy(orig, aid, i, sec))
        published = self._published(i)
        if i == 0:
            sec = SECTION_BY_SLUG["ausland"]
            return self._with_url(seed_story(aid, i, sec, published, self.base_url))
        if self._is_wire(i):
            sec = SECTION_BY_SLUG[rng.choice(["ausland", "politik"])]
        else:
            sec = rng.choices(SECTIONS, weights=SECTION_WEIGHTS)[0]
        return self._with_url(written_article(rng, aid, i, sec, published, self.base_url))

    def _with_url(self, art: ArticleInfo) -> ArticleInfo:
        pub = art.published
        path = f"/{art.section_slug}/{pub:%Y}/{pub:%m}/{slugify(art.headline)}-{art.id}.html"
        art.path = path
        art.url = f"http://{self.host}{path}"
        return art

    def _ensure_updates(self, clock: int) -> None:
        """Decide the story updates of clock steps 1..clock (each step: 3 stories)."""
        while self._updates_upto < clock:
            k = self._updates_upto + 1
            rng = self._rng(3, k)
            visible = self.articles + NEW_PER_STEP * (k - 1)
            recent = list(range(visible - 1, self.articles - 1, -1))[:60]
            recent += list(range(1, self.articles))[: 60 - len(recent)]
            recent = [i for i in recent if not self._is_copy(i)]
            for i in rng.sample(recent, min(UPDATES_PER_STEP, len(recent))):
                start = BASE_UTC + STEP * (k - 1)
                t = start + STEP * (0.1 + 0.8 * rng.random())
                self._updates.setdefault(i, []).append(
                    (k, t.astimezone(BERLIN).replace(microsecond=0))
                )
            self._updates_upto = k

    def _article_at(self, i: int, clock: int) -> ArticleInfo:
        base = self._base_article(i)
        story = i - 1 if base.wire_copy else i
        ups = [(k, t) for k, t in self._updates.get(story, []) if k <= clock]
        if not ups:
            return base
        body = list(base.body)
        for k, t in ups:
            body.append(update_paragraph(self._rng(4, story, k), base.language, t))
        return replace(base, body=body, modified=ups[-1][1])

    def _state(self) -> State:
        clock = self.clock
        st = self._states.get(clock)
        if st is not None:
            return st
        with self._lock:
            st = self._states.get(clock)
            if st is not None:
                return st
            self._ensure_updates(clock)
            site_time = site_time_at(clock)
            n = self.articles + NEW_PER_STEP * clock
            arts = [self._article_at(i, clock) for i in range(n)]
            arts = [a for a in arts if a.published <= site_time]
            arts.sort(key=lambda a: (a.published, a.id), reverse=True)
            by_section: dict[str, list[ArticleInfo]] = {s.slug: [] for s in SECTIONS}
            by_topic: dict[str, list[ArticleInfo]] = {}
            for a in arts:
                by_section[a.section_slug].append(a)
                for t in a.topics:
                    by_topic.setdefault(slugify(t), []).append(a)
            st = State(clock, site_time, arts, {a.id: a for a in arts}, by_section, by_topic)
            if len(self._states) >= 4:
                self._states.pop(next(iter(self._states)))
            self._states[clock] = st
            return st

    def _related(self, st: State, art: ArticleInfo) -> list[ArticleInfo]:
        got = st.related.get(art.id)
        if got is not None:
            return got
        cands: dict[int, ArticleInfo] = {}
        for t in art.topics:
            for other in st.by_topic.get(slugify(t), [])[:8]:
                cands[other.id] = other
        picked = sorted(cands.values(), key=lambda a: (a.published, a.id), reverse=True)
        picked = [a for a in picked if a.story_id != art.story_id]
        seen = {a.story_id for a in picked[:6]}
        if len(picked) < 6:
            for other in st.by_section[art.section_slug]:
                if len(picked) >= 6:
                    break
                if other.story_id != art.story_id and other.story_id not in seen:
                    picked.append(other)
                    seen.add(other.story_id)
        if len(picked) < 6:
            for other in st.articles:
                if len(picked) >= 6:
                    break
                if other.story_id != art.story_id and other.story_id not in seen:
                    picked.append(other)
                    seen.add(other.story_id)
        got = picked[:6]
        st.related[art.id] = got
        return got
