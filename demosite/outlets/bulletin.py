"""The Valley Bulletin: an American news site whose story URLs carry no id and no date.

Serves (host ``www.valleybulletin.test``, America/New_York): ``/politics/`` and
``/business/``, each with a "Load more" link to ``?offset=N`` (no ``rel``, no "next"
label); story URLs in three slug-only shapes, by story: ``/SECTION/a/OPAQUE/HEADLINE``
(``OPAQUE`` a mixed-case id like ``Xk3Pq``), ``/article/HEADLINE/LETTERS`` (``jxqvr``)
and ``/SECTION/HEADLINE``; RSS ``/feed/`` and news sitemap ``/sitemap-news.xml`` list
only the five newest stories, so the older ones are found through "Load more" alone.
Traps: listing and article pages link look-alikes that are no articles: topic pages
``/SECTION/topic/TOPIC``, author pages ``/author/NAME``, and a "special coverage" hub
``/SECTION/series/LONG-HYPHENATED-TITLE`` linked with a headline-length text (a listing
page with teasers and dates). Half the stories have JSON-LD, the other half only a
``<time>`` and no ``og:type``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.dispatch import Dispatch
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_north import EN

WORDS = {**EN, "sections": {k: EN["sections"][k] for k in ("politics", "business")}}
#: The hub page of each section: (slug, link text), a listing that looks like a story.
SERIES = {
    "politics": (
        "the-road-to-election-day-in-the-valley",
        "Special coverage: the road to Election Day",
    ),
    "business": (
        "how-the-port-expansion-reshapes-local-jobs",
        "Special report: how the port expansion reshapes jobs",
    ),
}
_ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_LETTERS = "bcdfghjklmnpqrstvwxz"


def _code(n: int, alphabet: str, width: int = 5) -> str:
    """A deterministic opaque id, as CMSs without numeric ids put in their URLs."""
    n = n * 7919 + 104729
    out = ""
    for _ in range(width):
        n, r = divmod(n, len(alphabet))
        out += alphabet[r]
    return out


class Bulletin(Outlet):
    name = "The Valley Bulletin"
    language = "en"
    page_size = 5

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.valleybulletin.test",
            timezone="America/New_York",
            words=WORDS,
            count=15,
            first_id=300,
            newest=datetime(2025, 11, 28, 19, 20),
            step=timedelta(hours=7, minutes=13),
        )

    def story_path(self, s: Story) -> str:
        slug = url_slug(s.headline)
        if s.index % 3 == 0:
            code = _code(s.id, _ALNUM)
            if not (re.search(r"\d", code) and re.search(r"[A-Z]", code)):
                code = code[:3] + "9Q"
            return f"/{s.section_slug}/a/{code}/{slug}"
        if s.index % 3 == 1:
            return f"/article/{slug}/{_code(s.id, _LETTERS)}"
        return f"/{s.section_slug}/{slug}"

    page_of = Dispatch.page_of  # the same "?offset=N" listing URLs

    def in_feed(self) -> list[Story]:
        return self.stories[:5]

    def in_sitemap(self) -> list[Story]:
        return self.stories[:5]

    def hub(self, path: str) -> str | None:
        """Topic, author and series pages: listings that are no articles."""
        mt = re.fullmatch(r"/([a-z]+)/(topic|series)/([a-z0-9-]+)", path)
        ma = re.fullmatch(r"/author/([a-z0-9-]+)", path)
        if mt and mt[1] in self.words["sections"]:
            if mt[2] == "series" and SERIES[mt[1]][0] == mt[3]:
                title, items = SERIES[mt[1]][1], self.listed(mt[1])[:4]
            elif mt[2] == "topic":
                title, items = self.by_topic(mt[3], mt[1])
            else:
                return None
        elif ma:
            title, items = self.by_author(ma[1])
        else:
            return None
        if not title:
            return None
        # the series hub declares nothing: only its teasers tell it from a story
        head = "" if mt and mt[2] == "series" else '<meta property="og:type" content="website">\n'
        return self.doc(title, head, f"<main><h1>{escape(title)}</h1>\n{self._cards(items)}</main>")

    def _cards(self, items: list[Story]) -> str:
        return "".join(
            f'<div class="card"><a href="{s.path}"><h3>{escape(s.headline)}</h3></a>'
            f'<p>{escape(s.lead)}</p><time datetime="{s.published.isoformat()}">'
            f"{s.published:%b %d, %Y}</time></div>\n"
            for s in items
        )

    def _nav(self, slug: str) -> str:
        topics = "".join(
            f'<li><a href="/{slug}/topic/{url_slug(t)}">{escape(t)}</a></li>'
            for t in self.words["sections"][slug][1]
        )
        path, text = SERIES[slug]
        return (
            f'<nav class="topics"><ul>{topics}</ul></nav>\n'
            f'<div class="promo"><a href="/{slug}/series/{path}">{escape(text)}</a></div>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        more = ""
        if page < pages:
            more = (
                f'<a class="load-more" href="/{slug}/?offset={page * self.page_size}">Load more</a>'
            )
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n<main><h1>{escape(name)}</h1>\n'
            f"{self._nav(slug)}{self._cards(items)}{more}</main>"
        )
        return self.doc(name, "", body)

    def article(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": s.published.isoformat(),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
            }
            if s.modified:
                ld["dateModified"] = s.modified.isoformat()
            head += json_ld(ld) + "\n"
        links = [f'<a href="/author/{url_slug(n)}">{escape(n)}</a>' for n in s.authors]
        stamp = f'<time datetime="{s.published.isoformat()}">{s.published:%B %d, %Y}</time>'
        if s.modified:
            stamp += (
                f' Updated <time datetime="{s.modified.isoformat()}">{s.modified:%B %d, %Y}</time>'
            )
        figures = "".join(
            f'<figure><img src="{p.src}" alt=""><figcaption>{escape(p.caption)} '
            f"(Photo: {escape(p.credit)})</figcaption></figure>\n"
            for p in s.pictures
        )
        paras = "".join(f"<p>{escape(t)}</p>\n" for t in s.body)
        related = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n<main>\n'
            f'<article>\n<h1>{escape(s.headline)}</h1>\n<p class="dek">{escape(s.lead)}</p>\n'
            f'<div class="byline">By {join_names(links, "and")}</div>\n'
            f'<div class="dates">{stamp}</div>\n{figures}<div class="story-body">\n{paras}</div>\n'
            f'<p class="topic"><a href="/{s.section_slug}/topic/{url_slug(s.topic)}">'
            f"{escape(s.topic)}</a></p>\n</article>\n"
            f'<section class="related"><h2>Related</h2><ul>{related}</ul></section>\n'
            f"{self._nav(s.section_slug)}</main>\n<footer>Valley Bulletin</footer>"
        )
        return self.doc(s.headline, head, body)
