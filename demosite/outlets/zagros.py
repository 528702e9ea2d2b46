"""پیک زاگرس (Peyk-e Zagros): a Persian provincial news site in Kermanshah on the
Bootstrap-based news CMS many Iranian agencies and papers share (hold-out, written before
reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.peykzagros.test`` (Asia/Tehran, +03:30), right to left; services
``/service/politics``, ``/service/economy``, ``/service/society`` paged by ``?page=N``
(Persian-digit numbers, "بعدی"); articles ``/news/ID/PERSIAN-SLUG`` (the slug
percent-encoded); RSS ``/rss``; news sitemap ``/sitemap-news.xml``. Story 4 is only in the
feed, 15 only in the sitemap.

Every date a reader sees is Solar Hijri in Persian digits. Even stories use the 2023
skin: JSON-LD and ``og:type article`` with Gregorian ``+03:30`` stamps, a ``<time>`` whose
``datetime`` is Gregorian and whose text is "دوشنبه ۱۶ آذر ۱۴۰۵ - ۱۸:۳۰", an over-title
(روتیتر), the lead as ``p.item-summary``, the reporter after the text ("خبرنگار: A، B").
Odd stories keep the legacy skin: no JSON-LD and no Gregorian date at all, "تاریخ انتشار:
۱۴۰۵/۰۹/۱۶ - ۱۸:۳۰", "نویسنده: A و B" in the info line, "انتهای پیام/" closing the text.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape
from urllib.parse import quote, unquote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import fa_digits, fa_long, fa_numeric
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_fa import FA

esc = partial(escape, quote=False)
DESK = "تحریریه پیک زاگرس"
RUTITR = ["در نشست خبری مطرح شد", "با حضور مسئولان استانی", "گزارش اختصاصی"]
COMMENTS = [("محمد", "کاش زودتر به این موضوع رسیدگی شود."), ("ناشناس", "فقط وعده می‌دهند.")]


def fa_slug(headline: str) -> str:
    """The CMS's slug: the headline's words joined by hyphens, percent-encoded."""
    words = re.sub(r"[:؛،؟?«»\"'.!]", " ", headline).split()
    return quote("-".join(words), safe="-")


def credit_of(p: Picture) -> str:
    return f"عکس: {esc(p.credit)}"


class Zagros(HoldoutOutlet):
    name = "پیک زاگرس"
    language = "fa"
    page_size = 3
    feed_path = "/rss"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.peykzagros.test",
            timezone="Asia/Tehran",
            words=FA,
            count=20,
            first_id=2841350,
            newest=datetime(2026, 12, 7, 18, 40),
            step=timedelta(hours=5, minutes=17),
            feed_only=frozenset({4}),
            sitemap_only=frozenset({15}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/news/{s.id}/{fa_slug(s.headline)}"

    def prepare(self, s: Story) -> None:
        if s.index % 3 != 1:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 0 else [])
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "staff" else f"{agency} - {who}"

    # -- URLs ----------------------------------------------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        return f"/service/{slug}" + (f"?page={page}" if page > 1 else "")

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/service/([a-z]+)", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get("page", ["1"])[0]
        return (mt[1], int(raw)) if raw.isdigit() and int(raw) >= 1 else None

    def seed(self) -> dict:
        seed = super().seed()
        for sec, slug in zip(seed["sections"], self.words["sections"], strict=True):
            sec["url"] = f"http://{self.host}{self.page_path(slug, 1)}"
        return seed

    def _tag_path(self, tag: str) -> str:
        return "/tags/" + quote(tag.replace(" ", "-"))

    def hub(self, path: str) -> str | None:
        """Tag pages ``/tags/WORD``: a listing of the stories with that tag."""
        if not path.startswith("/tags/"):
            return None
        tag = unquote(path.removeprefix("/tags/")).replace("-", " ")
        items = [s for s in self.stories if tag in s.topics and s.reach == "section"]
        if not items:
            return None
        body = f'{self._header()}<main class="container"><h1 class="tag-title">{esc(tag)}</h1>'
        return self.doc(tag, "", body + self._cards(items) + "</main>" + self._footer())

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="fa" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)} - {self.name}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="stylesheet" href="/static/css/bootstrap.rtl.min.css">\n'
            f"{self.alternate()}\n{head}</head>\n<body>\n{body}\n"
            '<div class="cookie-notice fixed-bottom bg-dark text-white p-2" id="cookieNotice">'
            "این وب‌سایت برای بهبود تجربه کاربری از کوکی استفاده می‌کند. <button "
            'class="btn btn-sm btn-light">متوجه شدم</button></div>\n'
            '<script src="/static/js/bootstrap.bundle.min.js"></script>\n</body>\n</html>\n'
        )

    def _header(self) -> str:
        today = self.stories[0].published
        nav = "".join(
            f'<li class="nav-item"><a class="nav-link" href="{self.page_path(slug, 1)}">'
            f"{esc(name)}</a></li>"
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            '<div class="top-bar bg-light small"><div class="container d-flex justify-content-'
            f'between"><span class="today">{fa_long(today).split(" - ")[0]}</span><span>'
            '<a href="/archive">آرشیو</a> | <a href="/about">درباره ما</a> | <a href="/contact">'
            'تماس با ما</a></span></div></div>\n<header class="site-header"><nav class="navbar '
            'navbar-expand-lg"><div class="container"><a class="navbar-brand" href="/"><img '
            f'src="/static/img/logo.png" alt="{self.name}"></a><ul class="navbar-nav"><li '
            f'class="nav-item"><a class="nav-link" href="/">صفحه نخست</a></li>{nav}</ul><form '
            'class="d-flex" action="/search"><input class="form-control" name="q" placeholder='
            '"جستجو"></form></div></nav></header>\n'
        )

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][2:8]
        items = "".join(
            f'<li class="list-group-item"><a href="{s.path}">{esc(s.headline)}</a> <span '
            f'class="text-muted small">{fa_digits(f"{s.published:%H:%M}")}</span></li>'
            for s in top
        )
        return (
            '<aside class="col-lg-4"><div class="card most-visited"><div class="card-header">'
            f'پربازدیدترین</div><ul class="list-group list-group-flush">{items}</ul></div>\n'
            '<div class="ad-box text-center"><span class="ad-label">تبلیغات</span><a href="'
            '/redirect/ads/112"><img src="/static/ads/banner-300.jpg" alt=""></a></div>\n'
            '<div class="card newsletter"><div class="card-body"><h5>خبرنامه پیک زاگرس</h5><p>'
            'مهم‌ترین اخبار استان را هر روز در ایمیل خود دریافت کنید.</p><input class="form-'
            'control" placeholder="ایمیل"><button class="btn btn-primary">عضویت</button></div>'
            "</div></aside>\n"
        )

    def _footer(self) -> str:
        return (
            '<footer class="site-footer bg-dark text-white"><div class="container"><p>کلیه حقوق '
            "این سایت متعلق به پیک زاگرس است. استفاده از مطالب با ذکر منبع بلامانع است.</p><p>"
            "دارای مجوز از وزارت فرهنگ و ارشاد اسلامی</p></div></footer>\n"
        )

    # -- listings ------------------------------------------------------------------------

    def _cards(self, items: list[Story]) -> str:
        return "".join(
            f'<div class="card news-card mb-3"><div class="row g-0"><div class="col-4"><a '
            f'href="{s.path}"><img class="img-fluid" src="{s.pictures[0].src}" alt=""></a></div>'
            f'<div class="col-8 card-body"><h3 class="card-title"><a href="{s.path}">'
            f'{esc(s.headline)}</a></h3><p class="card-text">{esc(s.lead)}</p><span class="'
            f'text-muted small">{fa_long(s.published)}</span></div></div></div>\n'
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        nums = "".join(
            f'<li class="page-item{" active" if n == page else ""}"><a class="page-link" '
            f'href="{self.page_path(slug, n)}">{fa_digits(str(n))}</a></li>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            nums += (f'<li class="page-item"><a class="page-link" href="'
                     f'{self.page_path(slug, page + 1)}">بعدی</a></li>')  # fmt: skip
        body = (
            f'{self._header()}<div class="container"><div class="row"><main class="col-lg-8">'
            f'<h1 class="service-title">{esc(name)}</h1>\n{self._cards(items)}<nav><ul class="'
            f'pagination">{nums}</ul></nav></main>\n{self._sidebar()}</div></div>{self._footer()}'
        )
        return self.doc(name, "", body)

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:description" content="{escape(s.lead)}">\n'
        )
        if s.variant == 1:
            return head + '<meta property="og:image" content="/static/img/share.jpg">\n'
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": s.url,
            "headline": s.headline,
            "description": s.lead,
            "image": [p.src for p in s.pictures],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "Organization", "name": self.name,
                          "logo": {"@type": "ImageObject", "url": f"http://{self.host}/static/img/logo.png"}},
            "inLanguage": "fa",
        }  # fmt: skip
        head += (
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
            f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
            f'<link rel="canonical" href="{s.url}">\n{json_ld(ld)}\n'
        )
        if s.modified:
            head += f'<meta property="article:modified_time" content="{s.modified.isoformat()}">\n'
        return head

    def _share(self, s: Story) -> str:
        return (
            '<div class="share-bar"><span>اشتراک‌گذاری:</span><a href="https://t.me/share/url?'
            f'url={s.url}">تلگرام</a><a href="https://eitaa.com/share/url?url={s.url}">ایتا</a>'
            f'<a href="https://x.com/intent/post?url={s.url}">ایکس</a><a href="whatsapp://send'
            f'?text={s.url}">واتس‌اپ</a><a class="short-link" href="/x/{s.id % 9999}">لینک کوتاه'
            "</a></div>\n"
        )

    def _figure(self, p: Picture, legacy: bool) -> str:
        if legacy:
            return (
                f'<div class="news_image"><img src="{p.src}" alt="{escape(p.caption)}"><br>'
                f"<span>{esc(p.caption)} / {credit_of(p)}</span></div>"
            )
        return (
            f'<figure class="item-img"><img class="img-fluid" src="{p.src}" alt="'
            f'{escape(p.caption)}"><figcaption>{esc(p.caption)} <span class="photo-credit">'
            f"{credit_of(p)}</span></figcaption></figure>"
        )

    def _text(self, s: Story) -> list[str]:
        legacy = s.variant == 1
        heads = set(self.words["subheads"])
        sub = "<p><strong>{}</strong></p>" if legacy else '<h3 class="subtitle">{}</h3>'
        just = ' style="text-align: justify;"' if legacy else ""
        paras = [sub.format(esc(t)) if t in heads else f"<p{just}>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            o = self.by_id[s.read_also]
            link = f'<a href="{o.path}">{esc(o.headline)}</a>'
            box = (f"<p><strong>بیشتر بخوانید:</strong> {link}</p>"
                   if legacy else f'<div class="read-more-box"><span>بیشتر بخوانید:</span> <a '
                   f'href="{o.path}">{esc(o.headline)}</a></div>')  # fmt: skip
            paras.insert(s.read_also_at, box)
        if len(s.pictures) > 1:
            paras.insert(3, self._figure(s.pictures[1], legacy))
        paras.insert(
            1,
            '<div class="ad-inline"><span class="ad-label">تبلیغات</span><div id="adv-inarticle-1">'
            "</div></div>",
        )
        if legacy:
            paras.append("<p>انتهای پیام/</p>")
        return paras

    def _messenger(self) -> str:
        return (
            '<div class="messenger-promo alert alert-info">اخبار فوری استان را در کانال پیک زاگرس '
            'در <a href="https://eitaa.com/peykzagros">ایتا</a>، <a href="https://ble.ir/'
            'peykzagros">بله</a> و <a href="https://t.me/peykzagros">تلگرام</a> دنبال کنید.'
            "</div>\n"
        )

    def _related(self, s: Story) -> str:
        items = "".join(
            f'<li><a href="{r.path}">{esc(r.headline)}</a> <span class="date">'
            f"{fa_numeric(r.published)}</span></li>"
            for r in self.related(s)
        )
        return f'<section class="related-news"><h4>اخبار مرتبط</h4><ul>{items}</ul></section>\n'

    def _comments(self, s: Story) -> str:
        rows = ""
        if s.index % 3 == 2:
            rows = "".join(
                f'<li class="comment"><span class="comment-author">{esc(who)}</span> <span '
                f'class="comment-date">{fa_long(s.published + timedelta(minutes=53 * n))}</span>'
                f"<p>{esc(text)}</p></li>"
                for n, (who, text) in enumerate(COMMENTS, 1)
            )
        count = fa_digits(str(len(COMMENTS) if rows else 0))
        return (
            f'<section class="comments" id="comments"><h4>نظرات ({count})</h4><ul>{rows}</ul>'
            '<form class="comment-form"><input name="name" placeholder="نام"><textarea name='
            '"body" placeholder="نظر شما"></textarea><button>ارسال نظر</button></form><p class='
            '"small">نظرات حاوی توهین منتشر نمی‌شود.</p></section>\n'
        )

    def _tags(self, s: Story, label: str) -> str:
        links = "".join(f'<a class="tag" href="{self._tag_path(t)}">{esc(t)}</a>' for t in s.topics)
        return f'<div class="tags"><span>{label}</span>{links}</div>\n'

    def _new(self, s: Story) -> str:
        when = f'<time datetime="{s.published.isoformat()}">{fa_long(s.published)}</time>'
        if s.modified:
            when += f' <span class="updated">به‌روزرسانی: {fa_long(s.modified)}</span>'
        names = "، ".join(f'<a href="/author/{self.words["authors"].index(a) + 11}">{esc(a)}</a>'
                         if a in self.words["authors"] else esc(a) for a in s.authors)  # fmt: skip
        over = (f'<p class="item-uptitle">{RUTITR[s.index % 3]}</p>'
                if s.index % 4 != 2 else "")  # fmt: skip
        return (
            f'<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item">'
            f'<a href="/">صفحه نخست</a></li><li class="breadcrumb-item"><a href="'
            f'{self.page_path(s.section_slug, 1)}">{esc(s.section)}</a></li><li class="breadcrumb'
            f'-item active">{esc(s.topic)}</li></ol></nav>\n<article class="news-item" id="item">'
            f'<div class="item-nav d-flex justify-content-between"><span class="item-code">کد '
            f'خبر: {fa_digits(str(s.id))}</span><span class="item-date">{when}</span></div>\n'
            f'<div class="item-header">{over}<h1 class="item-title">{esc(s.headline)}</h1>'
            f'<p class="item-summary">{esc(s.lead)}</p></div>\n{self._share(s)}'
            f'{self._figure(s.pictures[0], False)}\n<div class="item-body"><div class="item-'
            f'text" itemprop="articleBody">\n{"".join(self._text(s))}\n</div></div>\n<div class='
            f'"item-author">خبرنگار: {names}</div>\n{self._tags(s, "برچسب‌ها:")}'
            f"{self._messenger()}{self._related(s)}{self._comments(s)}</article>"
        )

    def _legacy(self, s: Story) -> str:
        info = f"کد خبر: {fa_digits(str(s.id))} | تاریخ انتشار: {fa_numeric(s.published)}"
        if s.modified:
            info += f" | آخرین به‌روزرسانی: {fa_numeric(s.modified)}"
        info += f" | نویسنده: {esc(' و '.join(s.authors))}"
        return (
            f'<div id="content"><div class="news_path"><a href="/">صفحه نخست</a> &raquo; <a '
            f'href="{self.page_path(s.section_slug, 1)}">{esc(s.section)}</a></div>\n<div '
            f'class="news_nav">{info}</div>\n<div class="news_toolbar"><a href="/print/{s.id}">'
            f'نسخه چاپی</a> <a href="/send/{s.id}">ارسال به دوستان</a> <span>اندازه قلم: '
            f'<a href="#">+</a> <a href="#">-</a></span></div>\n<div class="news_rutitr">'
            f'{esc(s.topic)}</div><h1 class="title">{esc(s.headline)}</h1>\n<div class="news_'
            f'lead" id="lead">{esc(s.lead)}</div>\n{self._figure(s.pictures[0], True)}\n<div '
            f'class="body" id="newsBody">\n{"".join(self._text(s))}\n</div>\n'
            f"{self._tags(s, 'کلمات کلیدی:')}{self._share(s)}{self._related(s)}"
            f"{self._messenger()}{self._comments(s)}</div>"
        )

    def article(self, s: Story) -> str:
        page = self._new(s) if s.variant == 0 else self._legacy(s)
        body = (
            f'{self._header()}<div class="container"><div class="row"><main class="col-lg-8">\n'
            f"{page}\n</main>\n{self._sidebar()}</div></div>{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body)
