"""El Pregoner del Vallès: a Catalan local paper in Sabadell on TYPO3 with the news extension
(tx_news) (hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.pregonervalles.test`` (Europe/Madrid). Sections are TYPO3 pages ``/politica``,
``/economia``, ``/societat`` (no trailing slash, as TYPO3's route enhancers make them),
paged by tx_news's Fluid widget: ``?tx_news_pi1[@widget_0][currentPage]=2&cHash=…``, a
page whose cHash does not match is a 404 as on a real TYPO3. News ``/SECTION/noticia/
SLUG`` (the path segment from the title); RSS ``/rss.xml`` (the feed page type); the seo
extension's sitemap index ``/sitemap.xml`` with ``?sitemap=pages`` and ``?sitemap=news``.
Story 5 is only in the feed, 16 only in the sitemap.

Even stories use the 2022 site (``og:``, JSON-LD, "Per A i B", tx_news's ``<time>`` with
the day alone in ``datetime``); odd stories were migrated from the 2014 site (no ``og:`` or
JSON-LD, the logo as ``h1``, a signature box). BENCHMARKS.md describes both in full.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from urllib.parse import quote

from demosite.outlets.localtime import ca_long, ca_short
from demosite.outlets.pregoner_pages import TYPO3Pages, esc
from demosite.outlets.site import join_names, json_ld, url_slug
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_ca import CA

DESK = "Redacció"


class Pregoner(TYPO3Pages):
    name = "El Pregoner del Vallès"
    language = "ca"
    page_size = 3
    feed_path = "/rss.xml"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.pregonervalles.test",
            timezone="Europe/Madrid",
            words=CA,
            count=21,
            first_id=48211,
            newest=datetime(2026, 12, 7, 19, 10),
            step=timedelta(hours=4, minutes=13),
            feed_only=frozenset({5}),
            sitemap_only=frozenset({16}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        """TYPO3's unique path segment: an older record with the same title keeps the plain
        slug, the newer one gets ``-1``, ``-2``."""
        slug = url_slug(s.headline, 200)
        older = [o for o in self.stories if o.index > s.index and url_slug(o.headline, 200) == slug]
        return f"/{s.section_slug}/noticia/{slug}" + (f"-{len(older)}" if older else "")

    def prepare(self, s: Story) -> None:
        if s.index % 3 != 0:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 1 else [])
        if s.agency and s.agency != "staff" and not s.organization:
            s.body[0] = f"{s.place} ({s.agency}).- {s.body[0]}"
            s.authors, s.organization = [s.agency], True
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "staff" else f"{who} / {agency}"

    # -- the news record -----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        if s.variant == 1:
            return ""
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": [p.src for p in s.pictures],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": "Organization" if s.organization else "Person", "name": a}
                       for a in s.authors],
            "publisher": {"@type": "NewsMediaOrganization", "name": self.name,
                          "logo": f"http://{self.host}/fileadmin/templates/img/logo.png"},
            "mainEntityOfPage": s.url,
            "articleSection": s.section,
            "inLanguage": "ca",
        }  # fmt: skip
        return (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:description" content="{escape(s.lead)}">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:url" content="{s.url}">\n'
            '<meta name="twitter:card" content="summary_large_image">\n'
            f'<link rel="canonical" href="{s.url}">\n{json_ld(ld)}\n'
        )

    def _share(self, s: Story) -> str:
        u = quote(s.url, safe="")
        return (
            f'<div class="share"><span>Comparteix:</span> <a href="https://www.facebook.com/sharer'
            f'/sharer.php?u={u}">Facebook</a> <a href="https://x.com/intent/tweet?url={u}">X</a> '
            f'<a href="https://api.whatsapp.com/send?text={u}">WhatsApp</a> <a href="https://t.me'
            f'/share/url?url={u}">Telegram</a> <a href="mailto:?subject={quote(s.headline)}">'
            "Correu</a></div>\n"
        )

    def _figure(self, p: Picture, new: bool) -> str:
        if new:
            return (
                f'<figure class="mediaelement mediaelement-image"><a href="{p.src}" '
                'class="lightbox" rel="lightbox[news]">'
                f'<img src="{p.src}" alt="{escape(p.caption)}" width="780">'
                f'</a><figcaption class="news-img-caption">{esc(p.caption)} <span class="news-img'
                f'-copyright">Foto: {esc(p.credit)}</span></figcaption></figure>'
            )
        return (
            f'<div class="news-img-wrap"><img src="{p.src}" title="{escape(p.caption)}" alt="" '
            f'width="600"><p class="news-img-caption">{esc(p.caption)} (Foto: {esc(p.credit)})'
            "</p></div>"
        )

    def _rte_figure(self, p: Picture) -> str:
        """A picture the editor put into the text (CKEditor's image), lazy-loaded by lazysizes."""
        return (
            f'<figure class="image"><img class="lazyload" src="/static/placeholder.gif" data-src="'
            f'{p.src}" alt="{escape(p.caption)}" width="600"><noscript><img src="{p.src}" alt="">'
            f"</noscript><figcaption>{esc(p.caption)}. Foto: {esc(p.credit)}</figcaption></figure>"
        )

    def _text(self, s: Story) -> str:
        new = s.variant == 0
        heads = set(self.words["subheads"])
        para = "<p>{}</p>" if new else '<p class="bodytext">{}</p>'
        sub = "<h3>{}</h3>" if new else '<p class="bodytext"><b>{}</b></p>'
        out = [sub.format(esc(t)) if t in heads else para.format(esc(t)) for t in s.body]
        if s.read_also is not None:
            o = self.by_id[s.read_also]
            link = f'<a href="{o.path}">{esc(o.headline)}</a>'
            out.insert(s.read_also_at, para.format(f"<strong>LLEGEIX TAMBÉ:</strong> {link}"))
        if len(s.pictures) > 1:
            out.insert(
                3, self._rte_figure(s.pictures[1]) if new else self._figure(s.pictures[1], new)
            )
        out.insert(2, '<div class="banner-inread"><span>Publicitat</span><div id="div-gpt-ad-'
                      'inread"></div></div>')  # fmt: skip
        out.append('<div class="promo-butlleti">Rep cada matí les notícies del Vallès: <a href='
                   '"/butlleti">subscriu-te al nostre butlletí</a>.</div>')  # fmt: skip
        return "\n".join(out)

    def _tags(self, s: Story) -> str:
        chips = "".join(f'<a class="tag" href="{self._tag_path(t)}">{esc(t)}</a>' for t in s.topics)
        return f'<div class="news-tags"><span>Etiquetes:</span> {chips}</div>\n'

    def _related(self, s: Story, new: bool) -> str:
        rows = "".join(
            (f'<li><span class="news-related-news-date">{r.published:%d/%m/%Y}</span> ' if new
             else "<li>") + f'<a href="{r.path}">{esc(r.headline)}</a></li>'
            for r in self.related(s)
        )  # fmt: skip
        title = "Notícies relacionades" if new else "També et pot interessar"
        return (
            f'<div class="news-related news-related-news"><h4>{title}</h4><ul>{rows}</ul></div>\n'
        )

    def _updated(self, s: Story, new: bool) -> str:
        if not s.modified:
            return ""
        if new:
            return f' <span class="news-updated">Actualitzat: {ca_short(s.modified)}</span>'
        if s.modified.date() == s.published.date():
            return f" (Actualitzada a les {s.modified:%H:%M})"
        return f" (Actualitzada el {ca_short(s.modified)})"

    def _byline(self, s: Story) -> str:
        names = [
            esc(a) if s.organization else f'<a href="/autors/{url_slug(a)}">{esc(a)}</a>'
            for a in s.authors
        ]
        return join_names(names, "i") if s.organization else "Per " + join_names(names, "i")

    def _new(self, s: Story) -> str:
        return (
            f'<div class="news news-single"><div class="article" itemscope itemtype="http://schema'
            '.org/Article"><div class="header"><span class="news-topic"><a href="'
            f'{self._tag_path(s.topic)}">{esc(s.topic)}</a></span><h1 itemprop="headline">'
            f"{esc(s.headline)}</h1>"
            f'</div>\n<div class="lead" itemprop="description">{esc(s.lead)}</div>\n<div class="'
            f'news-meta"><span class="news-author">{self._byline(s)}</span> <span class="news-list'
            f'-date"><time itemprop="datePublished" datetime="{s.published:%Y-%m-%d}">'
            f"{ca_long(s.published)}</time></span>{self._updated(s, True)}</div>\n{self._share(s)}"
            f'<div class="news-img-wrap">{self._figure(s.pictures[0], True)}</div>\n<div class="'
            f'news-text-wrap" itemprop="articleBody">\n{self._text(s)}\n</div>\n{self._tags(s)}'
            f"{self._share(s)}{self._related(s, True)}</div></div>"
        )

    def _old(self, s: Story) -> str:
        who = esc(join_names(s.authors, "i"))
        return (
            f'<div class="news news-single"><div class="article"><h2 class="news-title">'
            f'{esc(s.headline)}</h2>\n<p class="news-date">{ca_short(s.published)}'
            f'{self._updated(s, False)}</p>\n<p class="teaser"><strong>{esc(s.lead)}</strong></p>'
            f'\n{self._figure(s.pictures[0], False)}\n<div class="signatura"><span class="autor">'
            f'{who}</span><br><span class="lloc">{esc(s.place)}</span></div>\n<div class="news-text'
            f'-wrap">\n{self._text(s)}\n</div>\n{self._tags(s)}{self._related(s, False)}'
            f"{self._share(s)}</div></div>"
        )

    def article(self, s: Story) -> str:
        crumbs = (
            f'<nav class="breadcrumb"><span>Sou a:</span> <ol><li><a href="/">Inici</a></li><li>'
            f'<a href="/{s.section_slug}">{esc(s.section)}</a></li><li class="active">'
            f"{esc(s.headline)}</li></ol></nav>\n"
        )
        main = crumbs + (self._new(s) if s.variant == 0 else self._old(s))
        return self._page(s.headline, self._head(s), main, logo_h1=s.variant == 1)
