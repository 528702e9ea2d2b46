"""日日新聞: a Japanese national daily (hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.nichinichi.test`` (Asia/Tokyo); sections ``/national/``, ``/politics/``,
``/business/`` paged by ``?page=N`` ("次へ"); articles
``/articles/YYYYMMDD/k00/00m/SEC/ID000c``; RSS ``/rss/index.rdf``-like at ``/rss/all.xml``;
news sitemap ``/sitemap/news.xml``. Story 4 is only in the feed, 11 only in the sitemap.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_ja import JA

esc = partial(escape, quote=False)
WEEKDAYS = "月火水木金土日"
SECTION_CODE = {"national": "040", "politics": "010", "business": "020"}
KYODO = "共同通信"


def ja_long(dt: datetime) -> str:
    """``2026年12月6日 18時30分``"""
    return f"{dt.year}年{dt.month}月{dt.day}日 {dt.hour}時{dt.minute:02d}分"


def ja_short(dt: datetime) -> str:
    """``2026/12/6 18:30``"""
    return f"{dt.year}/{dt.month}/{dt.day} {dt:%H:%M}"


class Nichinichi(HoldoutOutlet):
    name = "日日新聞"
    language = "ja"
    page_size = 3
    feed_path = "/rss/all.xml"
    sitemap_path = "/sitemap/news.xml"
    read_also_html = '<p class="inline-link">【関連記事】<a href="{href}">{headline}</a></p>'

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.nichinichi.test",
            timezone="Asia/Tokyo",
            words=JA,
            count=21,
            first_id=312400,
            newest=datetime(2026, 12, 6, 18, 30),
            step=timedelta(hours=5, minutes=17),
            feed_only=frozenset({4}),
            sitemap_only=frozenset({11}),
            organization="日日新聞",
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        code = SECTION_CODE[s.section_slug]
        return f"/articles/{s.published:%Y%m%d}/k00/00m/{code}/{s.id}000c"

    def prepare(self, s: Story) -> None:
        s.body = [p.replace("。 ", "。") for p in s.body]  # no spaces between sentences
        if s.index % 3 != 2:  # a sub-heading (小見出し) before the fourth paragraph
            s.body.insert(3, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 0 else [])
        if s.agency == "共同" and not s.organization:
            s.authors, s.organization = [KYODO], True
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = {"共同": "共同", "ロイター": "ロイター"}.get(agency, who)

    # -- shared blocks -------------------------------------------------------------------

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{slug}/">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        d = self.stories[0].published
        return (
            '<div id="cookie-notice"><p>当サイトではクッキーを使用しています。'
            "引き続き閲覧される場合は、クッキーの使用に同意したものとみなします。</p>"
            "<button>同意する</button></div>\n"
            '<header class="site-header"><a href="/">'
            f'<img src="/static/logo.png" alt="{self.name}"></a><span class="today">'
            f"{d.year}年{d.month}月{d.day}日（{WEEKDAYS[d.weekday()]}）"
            f'</span><nav><ul class="gnav"><li><a href="/">トップ</a></li>{nav}</ul></nav>'
            "</header>\n"
        )

    def _ranking(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][2:7]
        items = "".join(
            f'<li><a href="{s.path}">{esc(s.headline)}</a><span class="time">'
            f"{s.published:%H:%M}</span></li>"
            for s in top
        )
        return f'<aside class="ranking"><h2>アクセスランキング</h2><ol>{items}</ol></aside>\n'

    def _footer(self) -> str:
        return (
            '<footer><p>© The Nichinichi Shimbun Company. 無断転載禁止</p><a href="/privacy/">'
            "プライバシーポリシー</a></footer>\n"
        )

    # -- listings ------------------------------------------------------------------------

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        rows = "".join(
            f'<li class="list-item"><a href="{s.path}"><img src="{s.pictures[0].src}" alt="">'
            f"<h3>{esc(s.headline)}</h3></a><time>{s.published.month}/{s.published.day} "
            f"{s.published:%H:%M}</time></li>\n"
            for s in items
        )
        nums = "".join(
            f"<span>{n}</span>" if n == page else f'<a href="{self.page_path(slug, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            nums += f'<a class="next" href="{self.page_path(slug, page + 1)}">次へ</a>'
        body = (
            f'{self._header()}<main><h1 class="section-title">{esc(name)}</h1>'
            f'<ul class="article-list">\n{rows}</ul><div class="pager">{nums}</div></main>\n'
            f"{self._ranking()}{self._footer()}"
        )
        return self.doc(f"{name}ニュース", "", body)

    def hub(self, path: str) -> str | None:
        """Keyword (``/topics/N/``) and reporter (``/reporter/N/``) pages: listings."""
        parts = path.strip("/").split("/")
        if len(parts) != 2 or not parts[1].isdigit():
            return None
        n = int(parts[1])
        if parts[0] == "topics" and n < len(self._keywords()):
            title = self._keywords()[n]
            items = [s for s in self.stories if title in s.topics and s.reach == "section"]
        elif parts[0] == "reporter" and n < len(self.words["authors"]):
            title = self.words["authors"][n]
            items = [s for s in self.stories if title in s.authors]
        else:
            return None
        rows = "".join(f'<li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in items)
        body = f"{self._header()}<main><h1>{esc(title)}</h1><ul>{rows}</ul></main>"
        return self.doc(title, "", body)

    def _keywords(self) -> list[str]:
        topics = [t for _, ts in self.words["sections"].values() for t in ts]
        return topics + self.words["tags"]

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        if s.variant == 1:  # an older CMS path: the site's default card image, no JSON-LD
            return (
                f'<meta name="description" content="{escape(s.lead)}">\n'
                '<meta property="og:type" content="website">\n'
                f'<meta property="og:title" content="{escape(s.headline)}">\n'
                f'<meta property="og:image" content="http://{self.host}/static/ogp-default.png">\n'
            )
        pic = s.pictures[0].src
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": [pic],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "articleSection": s.section,
            "keywords": ",".join(s.topics),
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "Organization", "name": self.name},
            "mainEntityOfPage": s.url,
        }
        return (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:image" content="{pic}">\n'
            f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
            f'<link rel="canonical" href="{s.url}">\n{json_ld(ld)}\n'
        )

    def _dates(self, s: Story) -> str:
        if s.variant == 0:
            out = f'<time datetime="{s.published.isoformat()}">{ja_long(s.published)}</time>'
            if s.modified:
                out += f'<span class="updated">（最終更新 {ja_long(s.modified)}）</span>'
            return f'<div class="article-date">{out}</div>'
        out = f'<p class="date">{ja_short(s.published)}</p>'
        if s.modified:
            out += f'<p class="date-update">更新 {ja_short(s.modified)}</p>'
        return out

    def _byline(self, s: Story) -> str:
        if s.organization:
            return ""  # agency and desk copy: the mark closes the text instead
        names = "".join(
            f'<a class="reporter" href="/reporter/{self.words["authors"].index(a)}/">'
            f'<img class="avatar" src="/static/reporters/{self.words["authors"].index(a)}.jpg" '
            f'width="40" height="40" alt="">{esc(a)}記者</a>'
            for a in s.authors
        )
        return f'<div class="byline">{names}</div>\n'

    def _shown(self, caption: str, credit: str) -> str:
        if credit == "共同":
            return f"{esc(caption)}（共同）"
        if credit == "ロイター":
            return f"{esc(caption)}＝ロイター"
        return f"{esc(caption)}＝{esc(credit)}撮影"

    def _text(self, s: Story) -> str:
        heads = set(self.words["subheads"])
        paras = [f"<h2>{esc(t)}</h2>" if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            other = self.by_id[s.read_also]
            paras.insert(
                s.read_also_at,
                self.read_also_html.format(href=other.path, headline=esc(other.headline)),
            )
        if s.organization:
            mark = "（共同）" if s.authors == [KYODO] else "（日日新聞）"
            paras.append(f'<p class="credit-mark">{mark}</p>')
        elif s.variant == 1:  # older template: the reporters close the text
            paras.append(f'<p class="byline-end">【{"、".join(map(esc, s.authors))}】</p>')
        if len(s.pictures) > 1:
            p = s.pictures[1]
            paras.insert(
                4,
                f'<figure class="photo"><img src="{p.src}" alt=""><figcaption>'
                f"{self._shown(p.caption, p.credit)}</figcaption></figure>",
            )
        paras.insert(1, '<div class="ad"><p class="ad-label">広告</p><div id="ad-in"></div></div>')
        promo = (
            '<div class="line-promo"><p>日日新聞のLINE公式アカウントを友だち追加して、'
            '最新ニュースを受け取ろう</p><a href="https://line.me/R/ti/p/@nichinichi">友だち追加'
            "</a></div>"
            '<div class="member-banner"><p>有料会員になると、すべての記事が読み放題。'
            '今なら初月無料です。</p><a href="/membership/">詳しくはこちら</a></div>'
        )
        return f'<div class="article-body">\n{"".join(paras)}\n{promo}</div>\n'

    def _share(self) -> str:
        return (
            '<ul class="share"><li><a href="https://x.com/share">ポスト</a></li>'
            '<li><a href="https://www.facebook.com/share">シェア</a></li>'
            '<li><a href="https://b.hatena.ne.jp/entry">はてブ</a></li>'
            '<li><a href="https://line.me/share">LINE</a></li></ul>\n'
        )

    def _related(self, s: Story) -> str:
        rel = self.related(s)
        if s.variant == 0:
            items = "".join(
                f'<li><a href="{r.path}">{esc(r.headline)}</a><time>'
                f"{r.published.month}/{r.published.day} {r.published:%H:%M}</time></li>"
                for r in rel
            )
            return f'<section class="related"><h2>関連記事</h2><ul>{items}</ul></section>\n'
        cards = "".join(
            f'<div class="card"><a href="{r.path}"><img src="{r.pictures[0].src}" alt="">'
            f"<p>{esc(r.headline)}</p></a></div>"
            for r in rel
        )
        return f'<section class="recommend"><h3>あわせて読みたい</h3>{cards}</section>\n'

    def article(self, s: Story) -> str:
        kw = self._keywords()
        crumbs = (
            f'<nav class="breadcrumb"><ol><li><a href="/">トップ</a></li><li><a href="/'
            f'{s.section_slug}/">{esc(s.section)}</a></li><li><a href="/topics/'
            f'{kw.index(s.topic)}/">{esc(s.topic)}</a></li></ol></nav>\n'
        )
        tags = "".join(f'<a href="/topics/{kw.index(t)}/">{esc(t)}</a>' for t in s.topics)
        p = s.pictures[0]
        photo = (
            f'<figure class="photo-main"><img src="{p.src}" alt="{escape(p.caption)}">'
            f"<figcaption>{self._shown(p.caption, p.credit)}</figcaption></figure>\n"
        )
        body = (
            f'{self._header()}{crumbs}<main><article>\n<div class="article-header">'
            f"<h1>{esc(s.headline)}</h1>\n{self._dates(s)}\n"
            f"{self._byline(s) if s.variant == 0 else ''}{self._share()}</div>\n"
            f'<p class="summary">{esc(s.lead)}</p>\n{photo}{self._text(s)}'
            f'<div class="keywords"><span>キーワード</span>{tags}</div>\n'
            f"{self._share()}</article>\n{self._related(s)}</main>\n{self._ranking()}"
            f"{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body)
