"""The demo site's HTML and XML: home, section listings, articles, feeds and the news sitemap.

A mixin over :class:`~demosite.catalogue.Catalogue` (it needs ``host``, ``base_url`` and
the related-story picks); every method returns the page text, never a response.
"""

from __future__ import annotations

import json
from datetime import timedelta
from email.utils import format_datetime
from html import escape

from demosite.catalogue import State
from demosite.model import (
    PAGE_SIZE,
    SECTION_BY_SLUG,
    SECTIONS,
    SITE_NAME,
    ArticleInfo,
    Section,
    fmt_de,
    fmt_en,
    iso,
    slugify,
)

IMPRESSUM = (
    "<p>Demo-Nachrichten GmbH, Musterstraße 1, 10115 Berlin.</p>"
    "<p>Verantwortlich: Redaktion Demo-Nachrichten. Alle Meldungen sind frei erfunden "
    "und dienen nur zum Testen von newsarchiver.</p>"
)
INTERN = (
    "<p>Interne Redaktionsseite: Dienstpläne, Übergaben und Notizen. "
    "Crawler, die robots.txt beachten, sehen diese Seite nie.</p>"
)


class PageRenderer:
    """Page text for a catalogue (mixed into :class:`~demosite.content.DemoSite`)."""

    host: str
    base_url: str

    def _nav(self) -> str:
        links = " ".join(f'<a href="/{s.slug}/">{escape(s.name)}</a>' for s in SECTIONS)
        return f'<header><nav class="site-nav"><a href="/">Start</a> {links}</nav></header>'

    _FOOTER = (
        '<footer><a href="/impressum.html">Impressum</a> '
        '<a href="/intern/redaktion.html">Intern</a></footer></body></html>'
    )

    def _head(self, title: str, lang: str = "de", charset: str = "utf-8", extra: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">\n'
            f"<title>{escape(title)} | {SITE_NAME}</title>\n{extra}"
            '<link rel="stylesheet" href="/assets/site.css"></head>\n<body>'
        )

    def _teaser(self, a: ArticleInfo) -> str:
        date = fmt_en(a.published) if a.language == "en" else fmt_de(a.published, seconds=False)
        return (
            f'<article class="teaser"><a class="teaser-link" href="{a.url}">'
            f"{escape(a.headline)}</a><p>{escape(a.lead)}</p>"
            f'<span class="teaser-date">{date}</span></article>\n'
        )

    def _home(self, st: State) -> str:
        parts = [self._head("Startseite", extra=f'<link rel="canonical" href="{self.base_url}">\n')]
        parts.append(self._nav())
        parts.append('<main><h1 class="section-title">Nachrichten</h1>\n<ul class="sections">')
        for s in SECTIONS:
            parts.append(f'<li><a href="{self.base_url}{s.slug}/">{escape(s.name)}</a></li>')
        parts.append('</ul>\n<section class="latest"><h2>Neueste Meldungen</h2>\n')
        parts.extend(self._teaser(a) for a in st.articles[:PAGE_SIZE])
        parts.append("</section></main>\n")
        parts.append(self._FOOTER)
        return "".join(parts)

    def _listing(
        self, st: State, sec: Section, items: list[ArticleInfo], page: int, base: str
    ) -> str:
        canon = f"http://{self.host}{base}" + (f"?seite={page}" if page > 1 else "")
        feed = ""
        if sec.slug in SECTION_BY_SLUG:
            feed = (
                f'<link rel="alternate" type="application/rss+xml" '
                f'href="{self.base_url}{sec.slug}/feed.xml">\n'
            )
        title = sec.name + (f" – Seite {page}" if page > 1 else "")
        extra = f'<link rel="canonical" href="{canon}">\n{feed}'
        parts = [self._head(title, lang=sec.language, extra=extra), self._nav()]
        parts.append(
            f'<main><h1 class="section-title">{escape(sec.name)}</h1>\n<div class="teasers">\n'
        )
        start = (page - 1) * PAGE_SIZE
        parts.extend(self._teaser(a) for a in items[start : start + PAGE_SIZE])
        parts.append('</div>\n<nav class="pagination">')
        en = sec.language == "en"
        if page > 1:
            prev = base if page == 2 else f"{base}?seite={page - 1}"
            parts.append(f'<a rel="prev" href="{prev}">{"Previous" if en else "Zurück"}</a> ')
        if start + PAGE_SIZE < len(items):
            parts.append(
                f'<a rel="next" href="{base}?seite={page + 1}">{"Next" if en else "Weiter"}</a>'
            )
        parts.append("</nav></main>\n")
        parts.append(self._FOOTER)
        return "".join(parts)

    def _simple_page(self, title: str, text: str) -> str:
        return (
            self._head(title)
            + self._nav()
            + f"<main><h1>{escape(title)}</h1>{text}</main>\n"
            + self._FOOTER
        )

    def _article_page(self, st: State, a: ArticleInfo) -> bytes:
        images = list(a.images) if self.renders(a, "images") else []
        authors = a.authors if self.renders(a, "authors") else []
        micro = a.markup == "microdata"
        head_extra = self._article_head(a, images, authors)
        p = [self._head(a.headline, lang=a.language, charset=a.charset, extra=head_extra)]
        p.append(self._nav())
        p.append("\n<main>")
        if micro:
            p.append(
                '<article class="article" itemscope itemtype="https://schema.org/NewsArticle">\n'
            )
            p.append(f'<meta itemprop="datePublished" content="{iso(a.published)}">\n')
            if a.modified:
                p.append(f'<meta itemprop="dateModified" content="{iso(a.modified)}">\n')
            p.append(f'<link itemprop="mainEntityOfPage" href="{a.url}">\n')
        else:
            p.append('<article class="article">\n')
        crumbs = ", ".join(f'<a href="/thema/{slugify(t)}/">{escape(t)}</a>' for t in a.topics)
        p.append(f'<nav class="breadcrumb">{crumbs}</nav>\n')
        hp = ' itemprop="headline"' if micro else ""
        p.append(f'<h1 class="headline"{hp}>{escape(a.headline)}</h1>\n')
        p.append(f'<div class="meta">{_dates(a)}</div>\n')
        if authors:
            p.append(_byline(a, authors, micro))
        lp = ' itemprop="description"' if micro else ""
        p.append(f'<p class="lead"{lp}>{escape(a.lead)}</p>\n')
        p.append(self._gallery(a, images, micro))
        bp = ' itemprop="articleBody"' if micro else ""
        paras = "".join(f"<p>{escape(t)}</p>" for t in a.body)
        p.append(f'<div class="article-body"{bp}>{paras}</div>\n')
        if a.agency == "dpa":
            p.append('<p class="agency">@ dpa.de</p>\n')
        elif a.agency == "dts":
            p.append('<p class="agency">Foto/Quelle: dts</p>\n')
        p.append("</article>\n")
        p.append(self._related_box(st, a))
        p.append("</main>\n")
        p.append(self._FOOTER)
        return "".join(p).encode(a.charset, errors="xmlcharrefreplace")

    def _article_head(
        self, a: ArticleInfo, images: list[tuple[str, str, str]], authors: list[str]
    ) -> str:
        """Canonical link, description, keywords and (for JSON-LD articles) the NewsArticle."""
        head_extra = (
            f'<link rel="canonical" href="{a.url}">\n'
            f'<meta name="description" content="{escape(a.lead)}">\n'
            f'<meta name="keywords" content="{escape(", ".join(a.topics))}">\n'
        )
        if a.markup != "jsonld":
            return head_extra
        ld: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": a.url,
            "headline": a.headline,
            "description": a.lead,
            "datePublished": iso(a.published),
            "dateModified": iso(a.modified or a.published),
            "inLanguage": a.language,
            "articleSection": a.section,
            "keywords": a.topics,
            "image": [u for u, _, _ in images],
            "publisher": {
                "@type": "Organization",
                "name": SITE_NAME,
                "logo": {"@type": "ImageObject", "url": f"{self.base_url}assets/logo.png"},
            },
        }
        if authors:
            ld["author"] = [{"@type": "Person", "name": n} for n in authors]
        data = json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
        return head_extra + f'<script type="application/ld+json">{data}</script>\n'

    def _gallery(self, a: ArticleInfo, images: list[tuple[str, str, str]], micro: bool) -> str:
        """The images with captions and credits, and the captions again as one strip."""
        label = "Photo" if a.language == "en" else "Foto"
        p = ['<div class="gallery"><ul>\n']
        strip = []
        for u, cap, cr in images:
            src = u[len(self.base_url) - 1 :] if u.startswith(self.base_url) else u
            full = f"{cap} - {label}: {cr}"
            strip.append(escape(full))
            ip = ' itemprop="image"' if micro else ""
            p.append(
                f'<li><figure><img src="{src}"{ip} alt="{escape(cap)}" width="640" height="427">'
                f'<figcaption>{escape(full)}</figcaption><span class="credit">{escape(cr)}</span>'
                "</figure></li>\n"
            )
        p.append(f'</ul><div class="gallery-captions">{"".join(strip)}</div></div>\n')
        return "".join(p)

    def _related_box(self, st: State, a: ArticleInfo) -> str:
        """The related stories after the article (headline, teaser, section and date)."""
        en = a.language == "en"
        heading = "Related stories" if en else "Weitere Meldungen"
        more = "Read more..." if en else "weiterlesen..."
        p = [f'<aside class="related"><h2>{heading}</h2>\n']
        for r in self._related(st, a):
            p.append(
                f'<div class="related-item"><a class="related-headline" href="{r.url}">'
                f'{escape(r.headline)}</a> <p class="teaser">{escape(r.lead)}</p> '
                f'<span class="related-meta">({escape(r.section)}, '
                f"{fmt_de(r.published, seconds=False)})</span> "
                f'<a class="more" href="{r.url}">{more}</a></div>\n'
            )
        p.append("</aside>")
        return "".join(p)

    def _feed(self, st: State, sec: Section) -> str:
        items = st.by_section[sec.slug][:30]
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
            f"<title>{escape(sec.name)} | {SITE_NAME}</title>\n"
            f"<link>{self.base_url}{sec.slug}/</link>\n"
            f'<atom:link href="{self.base_url}{sec.slug}/feed.xml" rel="self" '
            'type="application/rss+xml"/>\n'
            f"<description>{escape(sec.name)}: aktuelle Meldungen</description>\n"
            f"<language>{sec.language}</language>\n"
            f"<lastBuildDate>{format_datetime(st.site_time)}</lastBuildDate>\n"
        ]
        for a in items:
            cats = "".join(f"<category>{escape(t)}</category>" for t in a.topics)
            out.append(
                f"<item><title>{escape(a.headline)}</title><link>{a.url}</link>"
                f"<description>{escape(a.lead)}</description>"
                f"<pubDate>{format_datetime(a.published)}</pubDate>"
                f'<guid isPermaLink="true">{a.url}</guid>{cats}</item>\n'
            )
        out.append("</channel>\n</rss>\n")
        return "".join(out)

    def _news_sitemap(self, st: State) -> str:
        since = st.site_time - timedelta(days=2)
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        ]
        for a in st.articles:
            if a.published < since:
                break
            out.append(
                f"<url><loc>{a.url}</loc><news:news><news:publication>"
                f"<news:name>{SITE_NAME}</news:name><news:language>{a.language}</news:language>"
                f"</news:publication><news:publication_date>{iso(a.published)}"
                f"</news:publication_date><news:title>{escape(a.headline)}</news:title>"
                f"<news:keywords>{escape(', '.join(a.topics))}</news:keywords>"
                f"</news:news><lastmod>{iso(a.modified or a.published)}</lastmod></url>\n"
            )
        out.append("</urlset>\n")
        return "".join(out)


def _dates(a: ArticleInfo) -> str:
    """Published and updated, in the language's own format."""
    if a.language == "en":
        meta = f'<time datetime="{iso(a.published)}">{fmt_en(a.published)}</time>'
        if a.modified:
            meta += (
                f' <span class="updated">Updated: <time datetime="{iso(a.modified)}">'
                f"{fmt_en(a.modified)}</time></span>"
            )
        return meta
    meta = f'<span class="date">{fmt_de(a.published)}</span>'
    if a.modified:
        meta += f' <span class="updated">Aktualisiert: {fmt_de(a.modified)}</span>'
    return meta


def _byline(a: ArticleInfo, authors: list[str], micro: bool) -> str:
    en = a.language == "en"
    if micro:
        names = [
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<span itemprop="name">{escape(n)}</span></span>'
            for n in authors
        ]
    else:
        names = [escape(n) for n in authors]
    joined = (" and " if en else " und ").join(names)
    return f'<p class="byline">{"By" if en else "Von"} {joined}</p>\n'
