"""Η Φωνή της Λάρισας: a Greek regional news portal on a custom Greek news CMS.

Written before reading the extractor's rules (after the alfoldi fixes), to measure how
they generalise to a language, a script and a template family they were not built with.

Serves (host ``www.fonilarisas.test``, Europe/Athens): ``/ellada/``, ``/oikonomia/``,
``/athlitika/`` paginated as ``?pg=N`` by numbered links and "Επόμενη ›"; articles
``/SECTION/ID/greeklish-slug`` (Latin transliteration, no trailing slash); RSS
``/rss.xml``; a news sitemap ``/sitemap_news.xml`` (robots.txt). Story 5 is only in the
feed, 10 only in the sitemap.
Traps: even stories carry ``NewsArticle`` JSON-LD (local ``+02:00`` stamps, every author),
a ``<time>`` with "02 Δεκεμβρίου 2026, 14:05" and "Τελευταία ενημέρωση: 02 Δεκεμβρίου 2026,
15:40" as text only, and bylines "Του Γιώργου Παπαδόπουλου και της Μαρίας Κωνσταντίνου"
(the names declined: the nominative is only in the JSON-LD); odd ones have no structured
data, "Τετάρτη, 2/12/2026 14:05" and "Ενημερώθηκε: 2/12/2026 15:40" in plain ``div``s,
"Γράφει ο Name" / "Γράφουν ο A και η B" bylines, a lazy lead image (placeholder ``src``,
real one in ``data-src``) and an unlabelled box of related cards; every 7th story is by
"Newsroom", agency copy says "Πηγή: ΑΠΕ-ΜΠΕ". Captions "Caption Φωτ.: ΑΠΕ-ΜΠΕ/Name" (credit in
a span) and, in the text, a ``div`` (no figure) "Caption | ΦΩΤΟ: Eurokinissi"; a breadcrumb
"Αρχική › Section › Topic"; an inline "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ:" paragraph, a "ΔΙΑΦΗΜΙΣΗ" slot in
the text, "Διαβάστε επίσης" after it on even stories; header date, share bar, a
"Δημοφιλή" list with times, a cookie banner.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.site import Outlet, json_ld
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_el import EL, greeklish

esc = partial(escape, quote=False)
MONTHS, WEEKDAYS = EL["months"], EL["weekdays"]
READ_ALSO = '<p><strong>ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ: <a href="{href}">{headline}</a></strong></p>'


def el_long(dt: datetime) -> str:
    """``02 Δεκεμβρίου 2026, 14:05``"""
    return f"{dt.day:02d} {MONTHS[dt.month - 1]} {dt.year}, {dt:%H:%M}"


def el_short(dt: datetime) -> str:
    """``2/12/2026 14:05``"""
    return f"{dt.day}/{dt.month}/{dt.year} {dt:%H:%M}"


def el_weekday(dt: datetime) -> str:
    """``Τετάρτη, 2/12/2026 14:05``"""
    return f"{WEEKDAYS[dt.weekday()]}, {el_short(dt)}"


class Larisa(Outlet):
    name = "Η Φωνή της Λάρισας"
    language = "el"
    page_size = 3
    feed_path = "/rss.xml"
    sitemap_path = "/sitemap_news.xml"
    page_query = "pg"
    read_also_html = READ_ALSO

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.fonilarisas.test",
            timezone="Europe/Athens",
            words=EL,
            count=17,
            first_id=645120,
            newest=datetime(2026, 12, 2, 14, 5),
            step=timedelta(hours=6, minutes=41),
            feed_only=frozenset({5}),
            sitemap_only=frozenset({10}),
            organization="Newsroom",
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.id}/{greeklish(s.headline)}"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic]
        for p in s.pictures:  # ΑΠΕ-ΜΠΕ credits "ΑΠΕ-ΜΠΕ/Name", Eurokinissi itself, staff by name
            who, agency = p.credit.split("/")
            p.credit = {"ΑΠΕ-ΜΠΕ": f"ΑΠΕ-ΜΠΕ/{who}", "Eurokinissi": "Eurokinissi"}.get(agency, who)

    # -- listings ------------------------------------------------------------------------

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{slug}/">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        d = self.stories[0].published
        today = f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"
        return (
            f'<div class="topbar"><span class="today">{today}</span> '
            '<span class="weather">Λάρισα 9°C</span></div>\n'
            f'<header id="masthead"><a class="brand" href="/">{esc(self.name)}</a>'
            f'<ul class="nav-menu">{nav}</ul></header>\n'
        )

    def _card(self, s: Story) -> str:
        return (
            f'<div class="news-item"><a href="{s.path}"><img src="{s.pictures[0].src}" alt=""></a>'
            f'<span class="cat">{esc(s.topic)}</span><h3><a href="{s.path}">{esc(s.headline)}'
            f'</a></h3><span class="date">{el_short(s.published)}</span></div>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        nums = "".join(
            f'<span class="current">{n}</span>' if n == page
            else f'<a href="{self.page_path(slug, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page < pages:
            nums += f'<a href="{self.page_path(slug, page + 1)}">Επόμενη ›</a>'
        body = (
            f'{self._header()}<div class="container"><h1 class="cat-title">{esc(name)}</h1>\n'
            f'{"".join(self._card(s) for s in items)}<div class="paging">{nums}</div></div>'
        )
        return self.doc(f"{name}", "", body)

    def hub(self, path: str) -> str | None:
        """Author and tag pages linked from the articles: listings, no articles."""
        mt = re.fullmatch(r"/(author|tag)/([a-z0-9-]+)/", path)
        if not mt:
            return None
        if mt[1] == "author":
            items = [s for s in self.stories if mt[2] in map(greeklish, s.authors)]
            title = next((a for s in items for a in s.authors if greeklish(a) == mt[2]), None)
        else:
            items = [
                s for s in self.stories if s.reach == "section" and greeklish(s.topic) == mt[2]
            ]
            title = items[0].topic if items else None
        if not title:
            return None
        cards = "".join(self._card(s) for s in items)
        body = f'{self._header()}<div class="container"><h1>{esc(title)}</h1>{cards}</div>'
        return self.doc(title, "", body)

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        pic = s.pictures[0].src
        head = (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:image" content="{pic}">\n'
            f'<link rel="canonical" href="{s.url}">\n'
        )
        if s.variant == 1:
            return head
        kind = "Organization" if s.organization else "Person"
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": [pic],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": kind, "name": a} for a in s.authors],
            "publisher": {"@type": "Organization", "name": self.name},
            "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
        }
        return (
            head
            + f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
            + json_ld(ld)
            + "\n"
        )

    def _byline(self, s: Story) -> str:
        source = ' <span class="source">Πηγή: ΑΠΕ-ΜΠΕ</span>' if s.agency == "ΑΠΕ-ΜΠΕ" else ""
        if s.organization:
            return f'<div class="author">{esc(s.authors[0])}{source}</div>'
        if s.variant == 0:
            names = [
                f'{EL["genitive"][a].split(" ", 1)[0]} <a href="/author/{greeklish(a)}/">'
                f"{esc(EL['genitive'][a].split(' ', 1)[1])}</a>"
                for a in s.authors
            ]
            text = " και ".join(names)
            return f'<div class="author">{text[0].upper()}{text[1:]}{source}</div>'
        arts = [("η " if a in EL["female"] else "ο ") + esc(a) for a in s.authors]
        verb = "Γράφουν" if len(arts) > 1 else "Γράφει"
        return f'<div class="author-line">{verb} {" και ".join(arts)}{source}</div>'

    def _dates(self, s: Story) -> str:
        if s.variant == 0:
            when = f'<time datetime="{s.published.isoformat()}">{el_long(s.published)}</time>'
            if s.modified:
                when += f' <span class="upd">Τελευταία ενημέρωση: {el_long(s.modified)}</span>'
            return f'<div class="article-dates">{when}</div>'
        when = f'<div class="date-pub">{el_weekday(s.published)}</div>'
        if s.modified:
            when += f'<div class="date-upd">Ενημερώθηκε: {el_short(s.modified)}</div>'
        return when

    def _lead_photo(self, s: Story) -> str:
        p = s.pictures[0]
        img = (
            f'<img src="{p.src}" alt="{escape(s.headline)}">' if s.variant == 0
            else f'<img src="/static/placeholder.gif" data-src="{p.src}" class="lazy" alt="">'
        )  # fmt: skip
        return (
            f'<figure class="main-photo">{img}<figcaption>{esc(p.caption)} '
            f'<span class="credit">Φωτ.: {esc(p.credit)}</span></figcaption></figure>\n'
        )

    def _text(self, s: Story) -> str:
        paras = self.paragraphs(s)
        if len(s.pictures) > 1:
            p = s.pictures[1]
            photo = (
                f'<div class="inline-image"><img src="{p.src}" alt=""><p class="img-caption">'
                f"{esc(p.caption)} | ΦΩΤΟ: {esc(p.credit)}</p></div>"
            )
            paras.insert(min(3, len(paras)), photo)
        ad = '<div class="ad-slot"><span>ΔΙΑΦΗΜΙΣΗ</span><div id="ad-inread"></div></div>'
        paras.insert(1, ad)
        return f'<div class="article-body">\n{"".join(paras)}\n</div>\n'

    def _more(self, s: Story) -> str:
        rel = self.related(s)
        if s.variant == 0:
            items = "".join(f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in rel)
            return f'<div class="read-also"><h3>Διαβάστε επίσης</h3><ul>{items}</ul></div>\n'
        cards = "".join(
            f'<div class="rel-card"><a href="{r.path}"><img src="{r.pictures[0].src}" alt="">'
            f"<span>{esc(r.headline)}</span></a></div>"
            for r in rel
        )
        return f'<div class="rel-grid">{cards}</div>\n'

    def _popular(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][1:6]
        items = "".join(
            f'<li><span class="time">{s.published:%H:%M}</span> <a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in top
        )
        return f'<aside class="sidebar"><h3>Δημοφιλή</h3><ol>{items}</ol></aside>\n'

    def article(self, s: Story) -> str:
        crumbs = (
            f'<div class="breadcrumbs"><a href="/">Αρχική</a> › <a href="/{s.section_slug}/">'
            f'{esc(s.section)}</a> › <a href="/tag/{greeklish(s.topic)}/">{esc(s.topic)}</a></div>'
        )
        share = (
            '<div class="share"><span>Κοινοποίηση:</span> <a href="#">Facebook</a> '
            '<a href="#">Twitter</a> <a href="#">Viber</a></div>'
        )
        body = (
            f'{self._header()}<div class="container"><div class="main-col">\n{crumbs}\n'
            f'<div class="article">\n<h1 class="article-title">{esc(s.headline)}</h1>\n'
            f'<h2 class="article-subtitle">{esc(s.lead)}</h2>\n{self._byline(s)}\n'
            f"{self._dates(s)}\n{share}\n{self._lead_photo(s)}{self._text(s)}</div>\n"
            f"{self._more(s)}</div>\n{self._popular()}</div>\n"
            f'<footer class="site-footer">© {s.published.year} {esc(self.name)}. '
            'Απαγορεύεται η αναδημοσίευση χωρίς άδεια. <a href="/oroi-chrisis">Όροι χρήσης</a>'
            '</footer>\n<div id="cookie-consent"><p>Χρησιμοποιούμε cookies για να σας '
            "προσφέρουμε καλύτερη εμπειρία περιήγησης.</p><button>Αποδοχή</button></div>\n"
        )
        return self.doc(s.headline, self._head(s), body)
