"""Warta Celebes: an Indonesian regional news portal in Makassar (hold-out, written before
reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.wartacelebes.test`` (Asia/Makassar, WITA); sections ``/sulsel/``,
``/nasional/``, ``/bisnis/`` paged by ``?page=N`` ("Selanjutnya"); articles
``/read/YYYY/MM/DD/HHMMxxxx/slug``; RSS ``/rss/``; news sitemap ``/sitemap-news.xml``.
Story 3 is only in the feed, 12 only in the sitemap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.site import json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_id import ID

esc = partial(escape, quote=False)
BACA_JUGA = '<p><strong>Baca juga: <a class="inner-link" href="{href}">{headline}</a></strong></p>'
WA_PROMO = (
    "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran "
    "andalanmu akses berita Warta Celebes WhatsApp Channel: "
    '<a href="https://whatsapp.com/channel/wartacelebes">https://whatsapp.com/channel/'
    "wartacelebes</a>. Pastikan kamu sudah install aplikasi WhatsApp ya."
)


def wita(dt: datetime) -> str:
    """``06/12/2026, 18:30 WITA``"""
    return f"{dt:%d/%m/%Y, %H:%M} WITA"


class Warta(HoldoutOutlet):
    name = "Warta Celebes"
    language = "id"
    page_size = 3
    feed_path = "/rss/"
    read_also_html = BACA_JUGA

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.wartacelebes.test",
            timezone="Asia/Makassar",
            words=ID,
            count=20,
            first_id=18300041,
            newest=datetime(2026, 12, 6, 18, 30),
            step=timedelta(hours=6, minutes=11),
            feed_only=frozenset({3}),
            sitemap_only=frozenset({12}),
            organization="Tim Redaksi",
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/read/{s.published:%Y/%m/%d/%H%M}{s.id % 10000:04d}/{url_slug(s.headline, 70)}"

    def prepare(self, s: Story) -> None:
        dateline = s.place.upper() if s.section_slug == "sulsel" else "JAKARTA"
        s.body[0] = f"{dateline}, Wartacelebes.com - {s.body[0]}"
        if s.index % 3 != 1:
            s.body.insert(3, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 1 else [])
        if s.agency != "ANTARA":
            s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = {"ANTARA": f"ANTARA FOTO/{who}", "SHUTTERSTOCK": "SHUTTERSTOCK"}.get(
                agency, f"WARTACELEBES/{who.upper()}"
            )

    # -- shared blocks -------------------------------------------------------------------

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{sec}/">{esc(name)}</a></li>'
            for sec, (name, _) in self.words["sections"].items()
        )
        return (
            '<div class="cookie-consent"><p>Kami menggunakan cookie untuk meningkatkan '
            'pengalaman Anda. <a href="/privasi">Kebijakan privasi</a></p><button>Setuju</button>'
            '</div>\n<header class="header"><a class="logo" href="/"><img src="/static/logo.png" '
            f'alt="{self.name}"></a><ul class="nav">{nav}<li><a href="/indeks/">Indeks</a></li>'
            "</ul></header>\n"
        )

    def _popular(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][1:6]
        items = "".join(
            f'<div class="most__item"><span class="most__count">{n}</span><a href="{s.path}">'
            f'<h4>{esc(s.headline)}</h4></a><span class="most__date">{wita(s.published)}</span>'
            "</div>"
            for n, s in enumerate(top, 1)
        )
        return f'<div class="most__wrap"><h3>Terpopuler</h3>{items}</div>\n'

    def _footer(self) -> str:
        return (
            "<footer><p>Copyright 2008 - 2026 PT Warta Celebes Media. All Rights Reserved.</p>"
            '<a href="/pedoman-media-siber">Pedoman Media Siber</a></footer>\n'
        )

    # -- listings ------------------------------------------------------------------------

    def listing(self, sec: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(sec)
        rows = "".join(
            f'<div class="article__list"><a class="article__link" href="{s.path}"><img src="'
            f'{s.pictures[0].src}" alt=""><h3 class="article__title">{esc(s.headline)}</h3></a>'
            f'<div class="article__date">{wita(s.published)}</div></div>\n'
            for s in items
        )
        nums = "".join(
            f'<span class="paging__link--active">{n}</span>' if n == page
            else f'<a class="paging__link" href="{self.page_path(sec, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page < pages:
            nums += (
                f'<a class="paging__link" href="{self.page_path(sec, page + 1)}">Selanjutnya</a>'
            )
        body = (
            f'{self._header()}<div class="container"><h1 class="section__title">{esc(name)}</h1>'
            f'\n{rows}<div class="paging">{nums}</div></div>\n{self._popular()}{self._footer()}'
        )
        return self.doc(f"Berita {name} Hari Ini", "", body)

    def hub(self, path: str) -> str | None:
        """Tag (``/tag/slug``) and author (``/penulis/slug``) pages: listings, no articles."""
        mt = re.fullmatch(r"/(tag|penulis)/([a-z0-9-]+)", path)
        if not mt:
            return None
        if mt[1] == "tag":
            items = [s for s in self.stories if any(url_slug(t) == mt[2] for t in s.topics)]
            names = [t for s in items for t in s.topics if url_slug(t) == mt[2]]
        else:
            items = [s for s in self.stories if any(url_slug(a) == mt[2] for a in s.authors)]
            names = [a for s in items for a in s.authors if url_slug(a) == mt[2]]
        if not items:
            return None
        rows = "".join(f'<li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in items)
        return self.doc(names[0], "", f"{self._header()}<h1>{esc(names[0])}</h1><ul>{rows}</ul>")

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:
            return head + (
                f'<meta property="og:image" content="http://{self.host}/static/og-default.png">\n'
            )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": [p.src for p in s.pictures],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "articleSection": s.section,
            "keywords": [*s.topics],
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "Organization", "name": self.name},
        }
        return head + (
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
            f'<meta name="content_PublishedDate" content="{s.published:%Y-%m-%d %H:%M:%S}">\n'
            f"{json_ld(ld)}\n"
        )

    def _credit(self, s: Story) -> str:
        editor = self.words["editors"][s.index % 3]
        if s.variant == 0:
            people = "".join(
                f'<div class="credit__item"><img class="credit__photo" src="/static/penulis/'
                f'{url_slug(a)}.jpg" width="40" height="40" alt=""><h6>Penulis</h6>'
                f'<a href="/penulis/{url_slug(a)}">{esc(a)}</a></div>'
                for a in s.authors
            )
            return (
                f'<div class="credit">{people}<div class="credit__item"><h6>Editor</h6>'
                f"<span>{esc(editor)}</span></div></div>\n"
            )
        who = ", ".join(map(esc, s.authors))
        if s.section_slug == "sulsel" and not s.organization:
            who = f"Kontributor {esc(s.place)}, {who}"
        return f'<div class="read__credit">Penulis: {who} | Editor: {esc(editor)}</div>\n'

    def _photo(self, n: int, s: Story) -> str:
        p = s.pictures[n]
        shown = f"{esc(p.caption)} ({esc(p.credit)})"
        if n == 0:
            return (
                f'<div class="photo"><div class="photo__wrap"><img src="{p.src}" alt="'
                f'{escape(p.caption)}"></div><div class="photo__caption">{shown}</div></div>\n'
            )
        return (
            f'<figure class="photo-inline"><img src="{p.src}" alt=""><figcaption>{shown}'
            "</figcaption></figure>"
        )

    def _content(self, s: Story) -> str:
        heads = set(self.words["subheads"])
        paras = [f"<h2>{esc(t)}</h2>" if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            other = self.by_id[s.read_also]
            paras.insert(
                s.read_also_at, BACA_JUGA.format(href=other.path, headline=esc(other.headline))
            )
        if len(s.pictures) > 1:
            paras.insert(4, self._photo(1, s))
        paras.insert(2, '<div class="ads-on-body"><p class="ads-label">ADVERTISEMENT</p></div>')
        if s.agency:
            paras.append('<p class="read__source">Sumber: Antara</p>')
        paras.append(f'<p class="wa-channel"><strong>{WA_PROMO}</strong></p>')
        return f'<div class="read__content">\n{"".join(paras)}\n</div>\n'

    def _related(self, s: Story) -> str:
        rel = self.related(s)
        if s.variant == 0:
            items = "".join(
                f'<li><a href="{r.path}">{esc(r.headline)}</a><span>{wita(r.published)}</span></li>'
                for r in rel
            )
            return f'<div class="related"><h3>Berita Terkait</h3><ul>{items}</ul></div>\n'
        cards = "".join(
            f'<div class="related__card"><a href="{r.path}"><img src="{r.pictures[0].src}" '
            f'alt=""><h4>{esc(r.headline)}</h4></a></div>'
            for r in rel
        )
        return f'<div class="related-grid">{cards}</div>\n'

    def article(self, s: Story) -> str:
        crumbs = (
            f'<ul class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/'
            f'{s.section_slug}/">{esc(s.section)}</a></li><li><a href="/tag/'
            f'{url_slug(s.topic)}">{esc(s.topic)}</a></li></ul>\n'
        )
        when = f'<div class="read__time">Warta Celebes - {wita(s.published)}'
        if s.modified:
            when += f'<span class="read__update">Diperbarui {wita(s.modified)}</span>'
        tags = "".join(f'<li><a href="/tag/{url_slug(t)}">{esc(t)}</a></li>' for t in s.topics)
        share = (
            '<div class="social--share"><span>Bagikan artikel ini melalui</span>'
            '<a href="https://wa.me/?text=">WhatsApp</a><a href="https://facebook.com/sharer">'
            'Facebook</a><a href="https://x.com/intent/post">X</a><a href="https://t.me/share">'
            "Telegram</a></div>\n"
        )
        support = (
            '<div class="apresiasi"><p>Kirimkan Apresiasi Spesial untuk mendukung jurnalisme '
            'Warta Celebes</p><a href="/apresiasi">Kirim Apresiasi</a></div>\n'
        )
        body = (
            f'{self._header()}{crumbs}<div class="read__header"><h1 class="read__title">'
            f"{esc(s.headline)}</h1>\n{when}</div></div>\n"
            f"{self._credit(s) if s.variant == 0 else ''}{share}"
            f'<div class="read__excerpt"><p>{esc(s.lead)}</p></div>\n'
            f"{self._photo(0, s)}{self._content(s)}"
            f"{self._credit(s) if s.variant == 1 else ''}{support}"
            f'<div class="tag__article"><h3>Tag</h3><ul>{tags}</ul></div>\n{share}'
            f"{self._related(s)}{self._popular()}{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body)
