"""Sauti ya Pwani's Joomla pages other than the K2 item: site chrome, category and tag
lists, Joomla's ``?start=N`` offset pagination (hold-out, see :mod:`demosite.outlets.pwani`).
"""

from __future__ import annotations

import re
from functools import partial
from html import escape

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import sw_day, sw_k2
from demosite.outlets.site import url_slug
from demosite.outlets.stories import Story

esc = partial(escape, quote=False)


class JoomlaPages(HoldoutOutlet):
    """Everything of the Joomla 3 + K2 template but the item view."""

    # -- Joomla's pagination: ?start=N is an offset ---------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/?start={(page - 1) * self.page_size}"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get("start", ["0"])[0]
        if not raw.isdigit() or int(raw) % self.page_size:
            return None
        return mt[1], int(raw) // self.page_size + 1

    # -- shared blocks -------------------------------------------------------------------

    def _user(self, name: str) -> str:
        n = self.words["authors"].index(name)
        return f"/itemlist/user/{62 + n}-{url_slug(name).replace('-', '')}"

    def _header(self) -> str:
        d = self.stories[0].published
        menu = "".join(
            f'<li class="item-{101 + i}"><a href="/{slug}/">{esc(name)}</a></li>'
            for i, (slug, (name, _)) in enumerate(self.words["sections"].items())
        )
        ticker = "".join(
            f'<li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in self.stories[:3]
        )
        return (
            f'<div class="topbar"><span class="today">{sw_day(d)}</span>'
            f'<a href="/mawasiliano">Wasiliana nasi</a>'
            '</div>\n<header id="header"><h1 class="logo"><a href="/"><img src="/static/'
            f'logo.png" alt="{self.name}">{self.name}</a></h1>\n<nav class="mainmenu"><ul '
            f'class="nav menu"><li class="item-101"><a href="/">Nyumbani</a></li>{menu}</ul>'
            f'</nav></header>\n<div class="breaking"><span>HABARI MPYA:</span><ul>{ticker}'
            "</ul></div>\n"
        )

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][3:8]
        items = "".join(
            f'<li><a class="moduleItemTitle" href="{s.path}">{esc(s.headline)}</a><span '
            f'class="moduleItemDateCreated">{sw_k2(s.published)}</span></li>'
            for s in top
        )
        return (
            '<aside id="sidebar"><div class="moduletable"><h3>Zilizosomwa Zaidi</h3><ul '
            f'class="k2ItemsBlock">{items}</ul></div>\n<div class="moduletable newsletter">'
            "<h3>Jarida la Sauti ya Pwani</h3><p>Jiandikishe upate habari muhimu kila asubuhi "
            'kupitia barua pepe yako.</p><form action="/jarida"><input name="email" '
            'placeholder="Barua pepe yako"><button>Jiandikishe</button></form></div>\n<div '
            'class="moduletable banner"><span class="ad-label">TANGAZO</span><img src="/static/'
            'banners/bima.png" alt=""></div></aside>\n'
        )

    def _footer(self) -> str:
        return (
            '<footer id="footer"><p>Hakimiliki © 2026 Sauti ya Pwani. Haki zote '
            'zimehifadhiwa.</p><a href="/sera-ya-faragha">Sera ya faragha</a></footer>\n'
        )

    # -- listings ------------------------------------------------------------------------

    def _pager(self, slug: str, page: int, pages: int) -> str:
        def li(label: str, n: int) -> str:
            return f'<li><a title="{label}" href="{self.page_path(slug, n)}">{label}</a></li>'

        links = [li("Anza", 1), li("Iliyotangulia", page - 1)] if page > 1 else []
        for n in range(1, pages + 1):
            links.append(
                f'<li class="active"><a>{n}</a></li>'
                if n == page
                else f'<li><a href="{self.page_path(slug, n)}">{n}</a></li>'
            )
        if page < pages:
            links += [li("Inayofuata", page + 1), li("Mwisho", pages)]
        return (
            f'<div class="k2Pagination"><ul class="pagination-list">{"".join(links)}</ul>'
            f'<p class="counter">Ukurasa {page} kati ya {pages}</p></div>'
        )

    def _list(self, title: str, items: list[Story], pager: str = "") -> str:
        rows = "".join(
            f'<div class="catItemView"><div class="catItemHeader"><span class="catItemDate'
            f'Created">{sw_k2(s.published)}</span><h3 class="catItemTitle"><a href="{s.path}">'
            f'{esc(s.headline)}</a></h3></div><div class="catItemImageBlock"><img src="'
            f'{s.pictures[0].src}" alt=""></div><div class="catItemIntroText"><p>{esc(s.lead)}'
            f'</p></div><a class="k2ReadMore" href="{s.path}">Soma zaidi...</a></div>\n'
            for s in items
        )
        body = (
            f'{self._header()}<main id="k2Container" class="itemListView"><div class="item'
            f'ListCategory"><h2>{esc(title)}</h2></div><div class="itemList">\n{rows}</div>'
            f"{pager}</main>\n{self._sidebar()}{self._footer()}"
        )
        return self.doc(title, "", body)

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        return self._list(self.section_name(slug), items, self._pager(slug, page, pages))

    def hub(self, path: str) -> str | None:
        """K2 tag, user and sub-category pages: listings, never items."""
        if mt := re.fullmatch(r"/itemlist/tag/([a-z0-9-]+)", path):
            items = [s for s in self.stories if any(url_slug(t) == mt[1] for t in s.topics)]
            name = next((t for s in items for t in s.topics if url_slug(t) == mt[1]), "")
        elif mt := re.fullmatch(r"/itemlist/user/(\d+)-[a-z]+", path):
            n = int(mt[1]) - 62
            name = self.words["authors"][n] if 0 <= n < len(self.words["authors"]) else ""
            items = [s for s in self.stories if name in s.authors]
        elif mt := re.fullmatch(r"/([a-z]+)/([a-z0-9-]+)", path):
            name, items = self.by_topic(mt[2], mt[1])
        else:
            return None
        return self._list(name, items) if name and items else None
