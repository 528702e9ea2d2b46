"""ព័ត៌មានទន្លេសាប (Tonle Sap News): a Khmer news site in Phnom Penh built with Hugo, a
static site generator, and the PaperMod theme (hold-out, written before reading the
extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.tonlesapnews.test`` (Asia/Phnom_Penh, +07:00). Khmer is written without spaces
between words. Sections ``/national/``, ``/economy/``, ``/sport/`` paged Hugo's way,
``/national/page/2/`` (``/national/page/1/`` is an alias page that refreshes to
``/national/``), linked by "« មុន" / "បន្ទាប់ »" and numbers; posts
``/SECTION/YYYY/MM/SLUG/`` where SLUG is the Khmer title as Hugo's ``urlize`` makes it
(percent-encoded); RSS ``/index.xml``; sitemap ``/sitemap.xml`` (plain, with lastmod).
Story 3 is only in the feed, 14 only in the sitemap.

Even posts use PaperMod's layout (OpenGraph, BlogPosting JSON-LD, "ថ្ងៃចន្ទ ទី៧ ខែធ្នូ
ឆ្នាំ២០២៦ ម៉ោង ១៨:៣០ · 3 min · A & B"); odd posts were imported from the old WordPress
site and keep its layout (no OpenGraph or JSON-LD, the logo as ``h1``, "៧ ធ្នូ ២០២៦ | ៦:៣០
ល្ងាច" with the time of day named, "អត្ថបទ៖ A និង B"). BENCHMARKS.md describes both in full.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape, unescape
from urllib.parse import quote

from demosite.outlets.localtime import km_long, km_short
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.tonlesap_pages import HugoPages, esc, go_time, urlize
from demosite.outlets.words_km import KM

DESK = "ក្រុមការងារព័ត៌មានទន្លេសាប"
TELEGRAM = (
    '<p class="tg-promo">📢 ចុចតាមដាន <a href="https://t.me/tonlesapnews">Telegram</a> របស់យើង '
    "ដើម្បីទទួលបានព័ត៌មានថ្មីៗមុនគេ!</p>"
)


class Tonlesap(HugoPages):
    name = "ព័ត៌មានទន្លេសាប"
    language = "km"
    page_size = 3
    feed_path = "/index.xml"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.tonlesapnews.test",
            timezone="Asia/Phnom_Penh",
            words=KM,
            count=20,
            first_id=9101,
            newest=datetime(2026, 12, 7, 18, 30),
            step=timedelta(hours=4, minutes=29),
            feed_only=frozenset({3}),
            sitemap_only=frozenset({14}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m}/{urlize(s.headline)}/"

    def prepare(self, s: Story) -> None:
        if s.index % 3 != 1:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 1 else [])
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "staff" else agency

    # -- the post ------------------------------------------------------------------------

    def _head(self, s: Story) -> str:
        if s.variant == 1:
            return ""
        tags = "".join(f'<meta property="article:tag" content="{escape(t)}">\n' for t in s.topics)
        plain = unescape(re.sub(r"<[^>]+>", "", self._text(s, False)))  # Hugo's .Content | plainify
        crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": s.section,
             "item": f"http://{self.host}/{s.section_slug}/"},
            {"@type": "ListItem", "position": 2, "name": s.headline, "item": s.url}]}  # fmt: skip
        post = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": s.headline,
            "name": s.headline,
            "description": s.lead,
            "keywords": list(s.topics),
            "articleBody": plain,
            "wordCount": str(len(plain.split())),
            "inLanguage": "km",
            "image": s.pictures[0].src,
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": "Person", "name": a} for a in s.authors],
            "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
            "publisher": {"@type": "Organization", "name": self.name,
                          "logo": {"@type": "ImageObject", "url": f"http://{self.host}/images/logo.png"}},
        }  # fmt: skip
        head = (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            f'<meta name="author" content="{escape(" & ".join(s.authors))}">\n'
            f'<link rel="canonical" href="{s.url}">\n'
            f'<meta property="og:url" content="{s.url}">\n'
            f'<meta property="og:site_name" content="{self.name}">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:description" content="{escape(s.lead)}">\n'
            '<meta property="og:locale" content="km">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="article:section" content="{s.section_slug}">\n'
            f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
            '<meta property="article:modified_time" content="'
            f'{(s.modified or s.published).isoformat()}">\n'
            f'{tags}<meta property="og:image" content="{s.pictures[0].src}">\n'
        )
        return head + f"{json_ld(crumbs)}\n{json_ld(post)}\n"

    def _figure(self, p: Picture, old: bool) -> str:
        if old:
            return (
                f'<p><img class="aligncenter size-large" src="{p.src}" alt="" width="800"></p>\n'
                f'<p class="caption"><em>{esc(p.caption)}</em><br><em>រូបថត៖ {esc(p.credit)}</em>'
                "</p>"
            )
        return (
            f'<figure class="align-center"><img loading="lazy" src="{p.src}" alt="'
            f'{escape(p.caption)}"><figcaption><p>{esc(p.caption)} (រូបថត៖ {esc(p.credit)})</p>'
            "</figcaption></figure>"
        )

    def _text(self, s: Story, old: bool) -> str:
        heads = set(self.words["subheads"])
        sub = "<p><strong>{}</strong></p>" if old else '<h2 id="{0}">{0}</h2>'
        out = [sub.format(esc(t)) if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            o = self.by_id[s.read_also]
            out.insert(s.read_also_at, f'<p><strong>អានផងដែរ៖</strong> <a href="{o.url}">'
                                       f"{esc(o.headline)}</a></p>")  # fmt: skip
        if len(s.pictures) > 1:
            out.insert(3, self._figure(s.pictures[1], old))
        if old:
            out.insert(0, self._figure(s.pictures[0], True))
        out.insert(2, '<div class="ads-inarticle"><small>ពាណិជ្ជកម្ម</small><ins class="adsbygoogle" '
                      'data-ad-slot="5512"></ins></div>')  # fmt: skip
        out.append(TELEGRAM)
        return "\n".join(out)

    def _related(self, s: Story, old: bool) -> str:
        rows = "".join(
            f'<li><a href="{r.url}">{esc(r.headline)}</a>'
            + ("" if old else f' <span class="date">{km_short(r.published).split(" | ")[0]}</span>')
            + "</li>"
            for r in self.related(s)
        )
        return f'<div class="related-posts"><h3>អត្ថបទទាក់ទង</h3><ul>{rows}</ul></div>\n'

    def _share(self, s: Story) -> str:
        u = quote(s.url, safe="")
        return (
            '<ul class="share-buttons"><li><a target="_blank" rel="noopener noreferrer" aria-label'
            f'="share on facebook" href="https://facebook.com/sharer/sharer.php?u={u}">Facebook</a>'
            '</li><li><a target="_blank" rel="noopener noreferrer" aria-label="share on telegram" '
            f'href="https://telegram.me/share/url?text=&amp;url={u}">Telegram</a></li><li><a '
            f'aria-label="share on x" href="https://x.com/intent/tweet/?url={u}">X</a></li></ul>\n'
        )

    def _paginav(self, s: Story) -> str:
        i = self.stories.index(s)
        out = '<nav class="paginav">'
        if i + 1 < len(self.stories):
            o = self.stories[i + 1]
            out += (f'<a class="prev" href="{o.url}"><span class="title">« មុន</span><br><span>'
                    f"{esc(o.headline)}</span></a>")  # fmt: skip
        if i > 0:
            o = self.stories[i - 1]
            out += (f'<a class="next" href="{o.url}"><span class="title">បន្ទាប់ »</span><br>'
                    f"<span>{esc(o.headline)}</span></a>")  # fmt: skip
        return out + "</nav>\n"

    def _new(self, s: Story) -> str:
        meta = f"<span title='{go_time(s.published)}'>{km_long(s.published)}</span>"
        if s.modified:
            meta += f"&nbsp;·&nbsp;<span>កែប្រែ៖ {km_long(s.modified)}</span>"
        meta += f"&nbsp;·&nbsp;{3 + s.index % 3} min&nbsp;·&nbsp;{esc(' & '.join(s.authors))}"
        p = s.pictures[0]
        tags = "".join(f'<li><a href="{self._tag_path(t)}">{esc(t)}</a></li>' for t in s.topics)
        return (
            f'<article class="post-single">\n<header class="post-header"><div class="breadcrumbs">'
            f'<a href="/">ទំព័រដើម</a>&nbsp;»&nbsp;<a href="/{s.section_slug}/">{esc(s.section)}'
            f'</a></div><h1 class="post-title entry-hint-parent">{esc(s.headline)}</h1><div class="'
            f'post-description">{esc(s.lead)}</div><div class="post-meta">{meta}</div></header>\n'
            f'<figure class="entry-cover"><img loading="eager" src="{p.src}" alt="'
            f'{escape(p.caption)}"><p>{esc(p.caption)} (រូបថត៖ {esc(p.credit)})</p></figure>\n'
            f'<div class="post-content">\n{self._text(s, False)}\n</div>\n'
            '<footer class="post-footer"><ul class="post-tags">'
            f"{tags}</ul>\n{self._related(s, False)}{self._paginav(s)}{self._share(s)}</footer>\n"
            "</article>"
        )

    def _old(self, s: Story) -> str:
        when = f"ចុះផ្សាយ៖ {km_short(s.published)}"
        if s.modified:
            when += f" &nbsp; កែប្រែចុងក្រោយ៖ {km_short(s.modified)}"
        names = " និង ".join(s.authors)
        tags = ", ".join(f'<a href="{self._tag_path(t)}" rel="tag">{esc(t)}</a>' for t in s.topics)
        return (
            f'<div class="breadcrumb"><a href="/">ទំព័រដើម</a> / <a href="/{s.section_slug}/">'
            f'{esc(s.section)}</a></div>\n<div class="single-post post-{s.id}"><h2 class="entry-'
            f'title">{esc(s.headline)}</h2>\n<div class="entry-meta">{when}</div>\n'
            f"{self._share(s)}<div "
            f'class="entry-summary"><p>{esc(s.lead)}</p></div>\n<div class="entry-content">\n'
            f'{self._text(s, True)}\n<p class="byline">អត្ថបទ៖ {esc(names)}</p>\n</div>\n<div '
            f'class="tags">ស្លាក៖ {tags}</div>\n{self._related(s, True)}</div>'
        )

    def article(self, s: Story) -> str:
        old = s.variant == 1
        main = self._old(s) if old else self._new(s)
        return self._page(s.headline, self._head(s), main, old=old)
