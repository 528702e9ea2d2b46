"""The Prairie Dispatch: a Midwestern daily of a newspaper chain, served as AMP pages.

Serves (host ``www.prairiedispatch.test``, America/Chicago): ``/news/``, ``/business/``,
``/sports/`` with a "Load more stories" link to ``?offset=N`` (no ``rel``, no page
number); articles ``/story/SECTION/YYYY/MM/DD/HEADLINE/ID007/``; RSS ``/feed/``; news
sitemap ``/sitemap-news.xml`` (robots.txt) listing every story.
Traps: AMP markup (``<html amp>``, ``amp-img`` without ``<img>``, ``amp-ad``); the header
prints today's date and a "Trending" strip of story links; JSON-LD with the byline as one
string and, on half the pages, UTC ("Z") dates; "By <a>X</a>, <a>Y</a> and <a>Z</a>"
bylines followed by the paper's (or the agency's) name in a sibling element; the
subhead as lead; the photo credit in an element beside the ``figcaption`` (class
"attribution"); body paragraphs after the second marked ``paywall`` (the metered-
paywall script hides them, the text is in the page); AP datelines "PEORIA, Ill. (AP) — ";
"Filed under:" topic links; after the body, a plain list of more stories with thumbnails
and dates, with neither a heading nor a "related" class.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import en_ap, en_long, en_today, utc_z
from demosite.outlets.site import Outlet, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_east import MW

STATES = {"Peoria": "Ill.", "Bloomington": "Ill.", "Champaign": "Ill.", "Springfield": "Ill.",
          "Decatur": "Ill.", "Normal": "Ill."}  # fmt: skip


def _gannett_time(dt: datetime) -> str:
    """``10:30 p.m. CT Nov. 27, 2025``"""
    hour = dt.hour % 12 or 12
    ampm = "a.m." if dt.hour < 12 else "p.m."
    return f"{hour}:{dt.minute:02d} {ampm} CT {en_ap(dt).rsplit(' ', 2)[0]}"


class Dispatch(Outlet):
    name = "The Prairie Dispatch"
    language = "en"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.prairiedispatch.test",
            timezone="America/Chicago",
            words=MW,
            count=26,
            first_id=87110300,
            newest=datetime(2025, 11, 27, 23, 40),
            step=timedelta(hours=5, minutes=29),
        )

    def story_path(self, s: Story) -> str:
        return f"/story/{s.section_slug}/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/{s.id}007/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.index % 10 == 0:  # three reporters share the story
            pool = [a for a in MW["authors"] if a not in s.authors]
            s.authors.append(pool[s.index % len(pool)])
        if s.agency == "AP":
            s.body[0] = f"{s.place.upper()}, {STATES[s.place]} (AP) — {s.body[0]}"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("offset", ["0"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit():
            return None
        if int(raw) % self.page_size:
            return None
        return mt[1], int(raw) // self.page_size + 1

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html amp lang="{self.language}">\n<head>\n<meta charset="utf-8">\n'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
            f"<title>{escape(title)} | {escape(self.name)}</title>\n"
            '<meta name="viewport" content="width=device-width,minimum-scale=1">\n'
            "<style amp-boilerplate>body{visibility:hidden}</style>\n"
            "<style amp-custom>.paywall{display:block}</style>\n"
            f"{self.alternate()}\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def _chrome(self) -> str:
        nav = "".join(
            f'<li><a href="/{slug}/">{escape(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        trending = "".join(
            f'<a class="trend" href="{s.path}">{escape(s.headline)}</a>' for s in self.stories[:4]
        )
        return (
            '<header class="site-header"><div class="date-bar">'
            f'{en_today(self.stories[0].published, MW["months"])}</div><a class="logo" href="/">'
            f'{escape(self.name)}</a><nav class="site-nav"><ul>{nav}</ul></nav>'
            f'<div class="trending-bar"><span class="label">Trending:</span> {trending}</div>'
            "</header>\n"
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        cards = "".join(
            f'<div class="promo"><a href="{s.path}"><amp-img src="{s.pictures[0].src}" width="320" '
            f'height="180" layout="responsive" alt=""></amp-img><span class="promo-title">'
            f'{escape(s.headline)}</span></a><span class="promo-date">{en_ap(s.published)}</span>'
            "</div>\n"
            for s in items
        )
        more = ""
        if page < pages:
            more = (
                f'<a class="load-more" href="/{slug}/?offset={page * self.page_size}">'
                "Load more stories</a>"
            )
        body = f"{self._chrome()}<main><h1>{escape(name)}</h1>\n{cards}{more}</main>"
        return self.doc(name, "", body)

    def _byline(self, s: Story) -> str:
        links = [f'<a class="author-link" href="/staff/{url_slug(n)}/">{escape(n)}</a>'
                 for n in s.authors]  # fmt: skip
        names = links[0] if len(links) == 1 else f"{', '.join(links[:-1])} and {links[-1]}"
        affil = "Associated Press" if s.agency == "AP" else self.name
        return f'<div class="byline">By {names} <div class="affil">{affil}</div></div>'

    def _figure(self, p) -> str:  # noqa: ANN001 - a stories.Picture
        return (
            f'<figure class="story-photo"><amp-img src="{p.src}" width="1200" height="675" '
            f'layout="responsive" alt="{escape(p.caption)}"></amp-img><figcaption>'
            f'{escape(p.caption)}</figcaption><span class="attribution">{escape(p.credit)}'
            "</span></figure>\n"
        )

    def article(self, s: Story) -> str:
        stamp = utc_z if s.variant else (lambda dt: dt.isoformat())
        byline_text = s.authors[0] if len(s.authors) == 1 else (
            f"{', '.join(s.authors[:-1])} and {s.authors[-1]}"
        )  # fmt: skip
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": s.url,
            "headline": s.headline,
            "datePublished": stamp(s.published),
            "dateModified": stamp(s.modified or s.published),
            "author": {"@type": "Person", "name": byline_text},
            "image": [p.src for p in s.pictures],
            "publisher": {"@type": "Organization", "name": self.name},
        }
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n{json_ld(ld)}\n'
        when = (
            f'<span class="published">Published <time datetime="{s.published.isoformat()}">'
            f"{_gannett_time(s.published)}</time></span>"
        )
        if s.modified:
            when += f' <span class="updated">Updated {_gannett_time(s.modified)}</span>'
        paras = [
            f'<p class="paywall">{escape(t)}</p>' if n >= 2 and s.variant == 0 else
            f"<p>{escape(t)}</p>"
            for n, t in enumerate(s.body)
        ]  # fmt: skip
        paras.insert(
            min(3, len(paras)),
            '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/news">'
            "<div fallback>Advertisement</div></amp-ad>",
        )
        if len(s.pictures) > 1:
            paras.insert(2, self._figure(s.pictures[1]))
        more = "".join(
            f'<li><a href="{r.path}"><amp-img src="{r.pictures[0].src}" width="120" height="68" '
            f'layout="fixed" alt=""></amp-img><span>{escape(r.headline)}</span></a> '
            f'<span class="ts">{en_long(r.published, MW["months"])}</span></li>'
            for r in self.related(s)
        )
        body = (
            f'{self._chrome()}<main>\n<article class="story">\n'
            f'<a class="section-label" href="/{s.section_slug}/">{escape(s.section)}</a>\n'
            f'<h1 class="headline">{escape(s.headline)}</h1>\n'
            f'<h2 class="subhead">{escape(s.lead)}</h2>\n{self._byline(s)}\n'
            f'<div class="timestamp">{when}</div>\n{self._figure(s.pictures[0])}'
            f'<div class="story-text">\n{"".join(paras)}\n</div>\n'
            f'<p class="tag-line">Filed under: <a href="/topic/{url_slug(s.topic)}/">'
            f"{escape(s.topic)}</a></p>\n</article>\n"
            f'<div class="story-list"><ul>{more}</ul></div>\n</main>\n'
            '<footer><a href="/about/">About us</a> <a href="/privacy/">Privacy</a> '
            f"© {s.published.year} {escape(self.name)}</footer>"
        )
        return self.doc(s.headline, head, body)
