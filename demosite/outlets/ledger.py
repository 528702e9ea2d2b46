"""The Harbor Ledger: an American metro daily on a big-newsroom CMS.

Serves (host ``www.harborledger.test``, America/New_York): ``/politics/``,
``/business/``, ``/sports/`` paginated as ``?page=N`` with ``rel=next`` (link in the head
and on the "Next" button); articles ``/SECTION/YYYY/MM/DD/HEADLINE/``; RSS ``/feed/``;
news sitemap ``/sitemap-news.xml`` (robots.txt). Stories 5, 13 and 21 are linked from
nowhere but the sitemap.
Traps: JSON-LD on half the pages with UTC ("Z") dates that fall on another local day in
the evening; a "More in <Section>" rail placed before the body whose items carry their
own ``<time>`` elements; "By X and Y" bylines with author links and an organisation
author ("Ledger Editorial Board"); captions "Photo by X", "Credit: X" and "AP Photo/X";
tags list as topics; AP-style datelines "BRIDGEPORT (AP) — ".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import en_ap, utc_z
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_north import EN

ORG = "Ledger Editorial Board"


class Ledger(Outlet):
    name = "The Harbor Ledger"
    language = "en"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.harborledger.test",
            timezone="America/New_York",
            words=EN,
            count=30,
            first_id=730100,
            newest=datetime(2025, 11, 27, 23, 50),
            step=timedelta(hours=4, minutes=43),
            sitemap_only=frozenset({5, 13, 21}),
            organization=ORG,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.agency:
            s.body[0] = f"{s.place.upper()} ({s.agency}) — {s.body[0]}"
        for n, p in enumerate(s.pictures):
            if (s.index + n) % 3 == 2:
                p.credit = f"AP Photo/{p.credit.split('/')[0]}"

    def _caption(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        style = (s.index + n) % 3
        if style == 0:
            return f"{escape(p.caption)} Photo by {escape(p.credit)}"
        if style == 1:
            return f'{escape(p.caption)} <span class="credit">Credit: {escape(p.credit)}</span>'
        return f"{escape(p.caption)} ({escape(p.credit)})"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("page", ["1"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit():
            return None
        return mt[1], int(raw)

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        head = ""
        nxt = ""
        if page < pages:
            head = f'<link rel="next" href="/{slug}/?page={page + 1}">\n'
            nxt = f'<a class="btn-next" rel="next" href="/{slug}/?page={page + 1}">Next</a>'
        cards = "".join(
            f'<div class="card"><a class="card-link" href="{s.path}"><h3>{escape(s.headline)}</h3>'
            f'</a><time datetime="{s.published.isoformat()}">{en_ap(s.published)}</time></div>\n'
            for s in items
        )
        body = f"<main><h1>{escape(name)}</h1>\n{cards}<nav>{nxt}</nav></main>"
        return self.doc(name, head, body)

    def article(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="og:description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            author = (
                [{"@type": "Organization", "name": ORG}]
                if s.organization
                else [{"@type": "Person", "name": n} for n in s.authors]
            )
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "description": s.lead,
                "datePublished": utc_z(s.published),
                "dateModified": utc_z(s.modified or s.published),
                "author": author,
                "keywords": [s.topic],
                "articleSection": s.section,
            }
            head += json_ld(ld) + "\n"
        rail = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a> '
            f'<time datetime="{r.published.isoformat()}">{en_ap(r.published)}</time></li>'
            for r in self.related(s)
        )
        if s.organization:
            byline = f"By {escape(ORG)}"
        else:
            links = [f'<a href="/author/{url_slug(n)}/">{escape(n)}</a>' for n in s.authors]
            byline = f"By {join_names(links, 'and')}"
        stamp = (
            f'<time class="pub" datetime="{s.published.isoformat()}">{en_ap(s.published)}</time>'
        )
        if s.modified:
            stamp += (
                f' <span class="upd">Updated <time datetime="{s.modified.isoformat()}">'
                f"{en_ap(s.modified)}</time></span>"
            )
        figures = "".join(
            f'<figure><img src="{p.src}" alt=""><figcaption>{self._caption(s, n)}</figcaption>'
            "</figure>\n"
            for n, p in enumerate(s.pictures)
        )
        paras = "".join(f"<p>{escape(t)}</p>\n" for t in s.body)
        tags = f'<li><a href="/tag/{url_slug(s.topic)}/">{escape(s.topic)}</a></li>'
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n<div class="layout">\n'
            f'<aside class="rail"><h2>More in {escape(s.section)}</h2><ul>{rail}</ul></aside>\n'
            f'<article class="story">\n<h1>{escape(s.headline)}</h1>\n'
            f'<p class="dek">{escape(s.lead)}</p>\n<div class="byline">{byline}</div>\n'
            f'<div class="timestamp">{stamp}</div>\n{figures}'
            f'<div class="story-body">\n{paras}</div>\n'
            f'<ul class="tags">{tags}</ul>\n</article>\n</div>\n'
            '<footer><a href="/terms/">Terms of Use</a></footer>'
        )
        return self.doc(s.headline, head, body)
