"""קול העמק (Kol HaEmek): a Hebrew regional news site on a Nuxt (Vue) front end
(hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.kolhaemek.test`` (Asia/Jerusalem), right to left; sections ``/news/``,
``/local/``, ``/economy/``, ``/sport/`` paged by ``?page=N`` (numbers and "לכתבות
קודמות"); articles ``/SECTION/article/OPAQUEID`` (no date, no number); RSS ``/feed/``;
news sitemap ``/sitemap-news.xml``. Story 2 is only in the feed, 13 only in the sitemap.

Even stories come from the new Vue components (JSON-LD, ``og:type article``, the lead as
an ``h2`` under the title, a ``<time>`` whose ``datetime`` is UTC and whose text is
"07.12.26 | 18:41"); odd ones are migrated articles in a legacy component (no JSON-LD, a
default share image, "מאת A וB | יום שני, 7 בדצמבר 2026, 18:41 | עודכן ב-20:16").
Every page ends with the ``window.__NUXT__`` state, which repeats the article.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import he_long, he_short, utc_ms
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_he import HE

esc = partial(escape, quote=False)
DESK = "מערכת קול העמק"
FLASH90 = "פלאש 90"
DV = "data-v-4f2a9c1e"
READ_ALSO = (
    f'<div class="read-also" {DV}><span class="read-also__label">קראו גם:</span> '
    '<a class="read-also__link" href="{href}">{headline}</a></div>'
)
READ_ALSO_LEGACY = '<p><strong>עוד באותו נושא:</strong> <a href="{href}">{headline}</a></p>'
TALKBACKS = [("כל הכבוד שסוף סוף מטפלים בזה", "משה, עפולה"), ("נאמין כשנראה", "רותי")]


def opaque(n: int) -> str:
    """A ynet-like opaque article id: ``h`` and nine base-36 characters."""
    x, out = (n * 2654435761) % 36**9, ""
    for _ in range(9):
        x, d = divmod(x, 36)
        out = "0123456789abcdefghijklmnopqrstuvwxyz"[d] + out
    return "h" + out


def credit_line(p: Picture) -> str:
    return f"(צילום: {esc(p.credit)})"


def join_he(names: list[str]) -> str:
    """``A``, ``A וB``: the conjunction is a prefix of the last name."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} ו{names[-1]}"


class Haemek(HoldoutOutlet):
    name = "קול העמק"
    language = "he"
    page_size = 3
    read_also_html = READ_ALSO

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.kolhaemek.test",
            timezone="Asia/Jerusalem",
            words=HE,
            count=22,
            first_id=771204,
            newest=datetime(2026, 12, 7, 17, 55),
            step=timedelta(hours=4, minutes=52),
            feed_only=frozenset({2}),
            sitemap_only=frozenset({13}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/article/{opaque(s.id)}"

    def prepare(self, s: Story) -> None:
        if s.index % 3 != 0:
            s.body.insert(3, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 1 else [])
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = {"staff": who, FLASH90: f"{who}, {FLASH90}"}.get(agency, agency)

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == "/_nuxt/app.3f9c2.js":  # the client bundle the pages preload
            return "application/javascript", b"window.__app_loaded=!0;\n", None
        return super()._render(path, query)

    # -- shared blocks -------------------------------------------------------------------

    def _keywords(self) -> list[str]:
        return [t for _, ts in self.words["sections"].values() for t in ts] + self.words["tags"]

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="he" dir="rtl" data-n-head="%7B%22lang%22:%7B%7D%7D">'
            f'\n<head>\n<meta charset="utf-8">\n<title>{escape(title)} | {self.name}</title>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'{self.alternate()}\n<link rel="preload" href="/_nuxt/app.3f9c2.js" as="script">\n'
            f'{head}</head>\n<body>\n<div id="__nuxt"><div id="__layout"><div class="layout" '
            f"{DV}>\n{body}\n</div></div></div>\n</body>\n</html>\n"
        )

    def _header(self) -> str:
        nav = "".join(
            f'<li class="nav__item"><a href="/{slug}/">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        flashes = "".join(
            f'<li class="flashes__item"><time>{s.published:%H:%M}</time><a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in self.stories[:4]
            if s.reach == "section"
        )
        return (
            f'<header class="site-header" {DV}><a class="site-header__logo" href="/"><img src="'
            f'/static/logo.png" alt="{self.name}"></a><nav><ul class="nav"><li class="nav__'
            f'item"><a href="/">ראשי</a></li>{nav}</ul></nav><a class="site-header__search" '
            f'href="/search">חיפוש</a></header>\n<div class="flashes" {DV}><span class="'
            f'flashes__title">מבזקים</span><ul>{flashes}</ul></div>\n'
        )

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][4:9]
        items = "".join(f'<li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in top)
        return (
            f'<aside class="sidebar" {DV}><div class="most-read"><h3>הכי נקראים</h3><ol>{items}'
            '</ol></div><div class="ad-slot ad-slot--side"><span class="ad-slot__label">'
            'פרסומת</span><div id="div-gpt-ad-1712-2"></div></div></aside>\n'
        )

    def _footer(self) -> str:
        return (
            f'<footer class="site-footer" {DV}><p>© כל הזכויות שמורות לקול העמק 2026</p><a '
            'href="/privacy">מדיניות פרטיות</a><a href="/accessibility">הצהרת נגישות</a>'
            "</footer>\n"
        )

    # -- listings ------------------------------------------------------------------------

    def _feed_items(self, items: list[Story]) -> str:
        return "".join(
            f'<article class="feed-item" {DV}><a href="{s.path}"><img src="{s.pictures[0].src}"'
            f' alt=""><h2 class="feed-item__title">{esc(s.headline)}</h2></a><p class="feed-item'
            f'__sub">{esc(s.lead)}</p><span class="feed-item__meta">{esc(join_he(s.authors))} | '
            f"{s.published:%d.%m.%y}</span></article>\n"
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        nums = "".join(
            f'<span class="pager__current">{n}</span>' if n == page
            else f'<a class="pager__num" href="{self.page_path(slug, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page < pages:
            more = self.page_path(slug, page + 1)
            nums += f'<a class="pager__more" href="{more}">לכתבות קודמות</a>'
        body = (
            f'{self._header()}<main class="section-page" {DV}><h1 class="section-page__title">'
            f'{esc(name)}</h1><div class="feed">\n{self._feed_items(items)}</div><div class="'
            f'pager">{nums}</div></main>\n{self._sidebar()}{self._footer()}'
        )
        return self.doc(name, "", body)

    def hub(self, path: str) -> str | None:
        """Tag (``/tag/N``) and author (``/author/N``) pages: listings, no articles."""
        parts = path.strip("/").split("/")
        if len(parts) != 2 or not parts[1].isdigit():
            return None
        n = int(parts[1])
        if parts[0] == "tag" and n < len(self._keywords()):
            title = self._keywords()[n]
            items = [s for s in self.stories if title in s.topics and s.reach == "section"]
        elif parts[0] == "author" and n < len(self.words["authors"]):
            title = self.words["authors"][n]
            items = [s for s in self.stories if title in s.authors]
        else:
            return None
        body = f'{self._header()}<main><h1>{esc(title)}</h1><div class="feed">'
        return self.doc(title, "", body + f"{self._feed_items(items)}</div></main>")

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = f'<meta data-hid="description" name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:  # a migrated article: the site's default share card
            return head + (
                '<meta property="og:type" content="website">\n'
                f'<meta property="og:image" content="http://{self.host}/static/og-default.jpg">\n'
            )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": [p.src for p in s.pictures],
            "datePublished": utc_ms(s.published),
            "dateModified": utc_ms(s.modified or s.published),
            "articleSection": s.section,
            "keywords": ", ".join(s.topics),
            "inLanguage": "he",
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "NewsMediaOrganization", "name": self.name},
        }
        return head + (
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
            f'<link rel="canonical" href="{s.url}">\n{json_ld(ld)}\n'
        )

    def _byline(self, s: Story) -> str:
        if s.organization:
            return f'<div class="authors"><span class="authors__name">{esc(DESK)}</span></div>'
        people = "".join(
            f'<a class="authors__name" href="/author/{self.words["authors"].index(a)}"><img '
            f'class="authors__avatar" src="/static/authors/{self.words["authors"].index(a)}.png" '
            f'width="40" height="40" alt="">{esc(a)}</a>'
            for a in s.authors
        )
        return f'<div class="authors">{people}</div>'

    def _header_block(self, s: Story) -> str:
        if s.variant == 0:
            when = f'<time datetime="{utc_ms(s.published)}">{he_short(s.published)}</time>'
            if s.modified:
                when += f'<span class="date__updated">עודכן: {he_short(s.modified)}</span>'
            return (
                f'<div class="article-header" {DV}><h1 class="article-header__title">'
                f'{esc(s.headline)}</h1><h2 class="article-header__subtitle">{esc(s.lead)}</h2>'
                f'<div class="article-header__meta">{self._byline(s)}<div class="date">{when}'
                "</div></div></div>\n"
            )
        meta = f"מאת {esc(join_he(s.authors))} | {he_long(s.published)}"
        if s.modified and s.modified.date() == s.published.date():
            meta += f" | עודכן ב-{s.modified:%H:%M}"
        elif s.modified:
            meta += f" | עודכן: {he_long(s.modified)}"
        return (
            f'<div class="legacy-article__head" {DV}><h1 class="legacy-article__title">'
            f'{esc(s.headline)}</h1><p class="legacy-article__sub">{esc(s.lead)}</p><div '
            f'class="legacy-article__meta">{meta}</div></div>\n'
        )

    def _main_picture(self, s: Story) -> str:
        p = s.pictures[0]
        if s.variant == 0:
            return (
                f'<figure class="media media--main" {DV}><img src="{p.src}" alt="'
                f'{escape(p.caption)}"><figcaption><span class="media__caption">{esc(p.caption)}'
                f'</span> <span class="media__credit">{credit_line(p)}</span></figcaption>'
                "</figure>\n"
            )
        return (
            f'<div class="legacy-article__image"><img src="{p.src}" alt=""><div class="legacy-'
            f'article__caption">{esc(p.caption)} {credit_line(p)}</div></div>\n'
        )

    def _share(self, s: Story) -> str:
        count = len(TALKBACKS) if s.index % 3 == 1 else 0
        return (
            f'<div class="share-bar" {DV}><button class="share-bar__listen">להאזנה לכתבה</button>'
            f'<a href="https://wa.me/?text={s.url}">וואטסאפ</a><a href="https://www.facebook.com'
            '/sharer/sharer.php">פייסבוק</a><a href="https://x.com/intent/post">X</a><a href="'
            f'mailto:?subject=">מייל</a><a class="share-bar__talkbacks" href="#comments">תגובות '
            f"({count})</a></div>\n"
        )

    def _body(self, s: Story) -> str:
        heads = set(self.words["subheads"])
        sub = (f'<h3 class="article-body__subtitle" {DV}>{{}}</h3>' if s.variant == 0
               else "<p><b>{}</b></p>")  # fmt: skip
        paras = [sub.format(esc(t)) if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            other = self.by_id[s.read_also]
            box = READ_ALSO if s.variant == 0 else READ_ALSO_LEGACY
            paras.insert(s.read_also_at, box.format(href=other.path, headline=esc(other.headline)))
        if len(s.pictures) > 1:
            p = s.pictures[1]
            paras.insert(
                3,
                f'<figure class="media" {DV}><img src="{p.src}" alt=""><figcaption>'
                f"{esc(p.caption)} {credit_line(p)}</figcaption></figure>",
            )
        paras.insert(
            1,
            f'<div class="ad-slot" {DV}><span class="ad-slot__label">פרסומת</span><div id="div-'
            'gpt-ad-1712-0"></div></div>',
        )
        paras.insert(
            4,
            f'<div class="newsletter-box" {DV}><h4 class="newsletter-box__title">הניוזלטר של '
            "קול העמק</h4><p>כל החדשות של העמק, פעם ביום, ישירות למייל שלכם</p><input "
            'type="email" placeholder="כתובת מייל"><button>להרשמה</button></div>',
        )
        paras.append(
            '<p class="telegram-promo"><a href="https://t.me/kolhaemek">הצטרפו לערוץ הטלגרם של '
            "קול העמק ועקבו אחרי העדכונים האחרונים</a></p>"
        )
        return f'<div class="article-body" {DV}>\n{"".join(paras)}\n</div>\n'

    def _related(self, s: Story) -> str:
        rel = self.related(s)
        if s.variant == 0:
            cards = "".join(
                f'<a class="card" href="{r.path}"><img src="{r.pictures[0].src}" alt=""><h4 '
                f'class="card__title">{esc(r.headline)}</h4><span class="card__date">'
                f"{r.published:%d.%m.%y}</span></a>"
                for r in rel
            )
            return (
                f'<section class="more-articles" {DV}><h3 class="more-articles__title">כתבות '
                f'נוספות</h3><div class="more-articles__grid">{cards}</div></section>\n'
            )
        items = "".join(f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in rel)
        return f'<div class="legacy-related"><h4>עוד בנושא</h4><ul>{items}</ul></div>\n'

    def _talkbacks(self, s: Story) -> str:
        rows = ""
        if s.index % 3 == 1:
            rows = "".join(
                f'<li class="talkback"><span class="talkback__num">{n}.</span><span class="'
                f'talkback__title">{esc(title)}</span><span class="talkback__author">{esc(who)}'
                f'</span><span class="talkback__date">'
                f"{he_short(s.published + timedelta(minutes=47 * n))}</span></li>"
                for n, (title, who) in enumerate(TALKBACKS, 1)
            )
        return (
            f'<section id="comments" class="talkbacks" {DV}><h3>תגובות</h3><button>הוסיפו '
            f"תגובה</button><ol>{rows}</ol></section>\n"
        )

    def _state(self, s: Story) -> str:
        state = {
            "layout": "default",
            "data": [{"article": {
                "id": s.id, "title": s.headline, "subTitle": s.lead,
                "authors": [{"name": a} for a in s.authors],
                "publishDate": utc_ms(s.published), "category": s.section_slug,
                "body": "".join(f"<p>{esc(t)}</p>" for t in s.body),
            }}],
            "serverRendered": True,
        }  # fmt: skip
        text = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
        return f"<script>window.__NUXT__={text};</script>"

    def article(self, s: Story) -> str:
        kw = self._keywords()
        crumbs = (
            f'<nav class="breadcrumbs" aria-label="breadcrumbs" {DV}><a href="/">ראשי</a><span>'
            f'›</span><a href="/{s.section_slug}/">{esc(s.section)}</a><span>›</span><a href='
            f'"/tag/{kw.index(s.topic)}">{esc(s.topic)}</a></nav>\n'
        )
        tags = "".join(
            f'<a class="tag-chip" href="/tag/{kw.index(t)}">{esc(t)}</a>' for t in s.topics
        )
        kind = "article-page" if s.variant == 0 else "article-page legacy-article"
        body = (
            f'{self._header()}<main class="{kind}" {DV}>\n{crumbs}{self._header_block(s)}'
            f'{self._share(s)}{self._main_picture(s)}{self._body(s)}<div class="tags" {DV}>'
            f'<span class="tags__title">תגיות:</span>{tags}</div>\n{self._share(s)}'
            f"{self._related(s)}{self._talkbacks(s)}</main>\n{self._sidebar()}{self._footer()}"
            f"{self._state(s)}"
        )
        return self.doc(s.headline, self._head(s), body)
