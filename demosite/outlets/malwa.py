"""मालवा समाचार (Malwa Samachar): a Hindi local news site in Indore on Blogger, with a
custom domain (hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.malwasamachar.test`` (Asia/Kolkata, IST). Sections are Blogger labels,
``/search/label/मध्य%20प्रदेश`` and so on, paged by "पुरानी पोस्ट" to
``?updated-max=…&max-results=3&start=3&by-date=false``; as on every Blogger blog,
robots.txt disallows ``/search``. Posts ``/YYYY/MM/blog-post_DD.html`` (Blogger's permalink
for a title it cannot transliterate; ``_DD_2`` for the second of a day); Atom
``/feeds/posts/default``; sitemap ``/sitemap.xml``. Story 6 is only in the feed, 13 only in
the sitemap.

Even posts use a newer responsive theme: BlogPosting JSON-LD, a search description (the
lead), the account's avatar and name, ``<time>`` with "7 दिसंबर 2026", "अपडेटेड: …" for
updated posts. Odd posts are older posts on the classic layout: the date header "सोमवार,
7 दिसंबर 2026", "द्वारा Malwa Samachar पर 6:30 pm" (the shared account), no description,
the old editor's ``<div>``/``<br>`` text. Both: the lead bolded as the text's first
paragraph, "इंदौर।" datelines, "रिपोर्ट: A और B" lines, Blogger's ``tr-caption-container``
tables with "(फोटो: X)" credits, "ये भी पढ़ें:" links, a hand-made "इन्हें भी पढ़ें" list
at the end, labels (the section label first), Blogger's cookie notice and comments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from html import escape
from urllib.parse import quote, unquote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import MONTHS_HI, WEEKDAYS_HI, hi_blogger, hi_clock, hi_long
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_hi import HI

esc = partial(escape, quote=False)
DESK = "मालवा समाचार डेस्क"
ACCOUNT = "Malwa Samachar"
COMMENTS = [("Ramesh Patel", "बहुत बढ़िया खबर, धन्यवाद"), ("अज्ञात", "काम कब शुरू होगा?")]


def join_hi(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} और {names[-1]}"


def hi_day(dt: datetime) -> str:
    """``सोमवार, 7 दिसंबर 2026`` (the classic layout's date header)."""
    return f"{WEEKDAYS_HI[dt.weekday()]}, {dt.day} {MONTHS_HI[dt.month - 1]} {dt.year}"


class Malwa(HoldoutOutlet):
    name = "मालवा समाचार"
    language = "hi"
    page_size = 3
    feed_kind = "atom"
    feed_path = "/feeds/posts/default"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.malwasamachar.test",
            timezone="Asia/Kolkata",
            words=HI,
            count=20,
            first_id=7301,
            newest=datetime(2026, 12, 7, 18, 50),
            step=timedelta(hours=3, minutes=41),
            feed_only=frozenset({6}),
            sitemap_only=frozenset({13}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        same_day = [o for o in self.stories if o.published.date() == s.published.date()]
        k = sorted(same_day, key=lambda o: o.published).index(s) + 1
        tail = "" if k == 1 else f"_{k}"
        return f"/{s.published:%Y/%m}/blog-post_{s.published:%d}{tail}.html"

    def prepare(self, s: Story) -> None:
        s.body[0] = f"{s.place}। {s.body[0]}"
        if s.index % 3 != 2:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.section, s.topic] + (
            [self.words["tags"][s.index % 4]] if s.index % 2 == 0 else []
        )
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "staff" else agency

    # -- labels as sections --------------------------------------------------------------

    def _label_path(self, label: str) -> str:
        return "/search/label/" + quote(label)

    def page_path(self, slug: str, page: int) -> str:
        path = self._label_path(self.section_name(slug))
        if page == 1:
            return path
        last = self.listed(slug)[(page - 1) * self.page_size - 1].published
        stamp = quote(last.isoformat(timespec="milliseconds"), safe=":")
        start = (page - 1) * self.page_size
        return (
            f"{path}?updated-max={stamp}&max-results={self.page_size}&start={start}&by-date=false"
        )

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        if not path.startswith("/search/label/"):
            return None
        label = unquote(path.removeprefix("/search/label/"))
        slug = next((k for k, (n, _) in self.words["sections"].items() if n == label), None)
        raw = query.get("start", ["0"])[0]
        if slug is None or not raw.isdigit() or int(raw) % self.page_size:
            return None
        return slug, int(raw) // self.page_size + 1

    def seed(self) -> dict:
        seed = super().seed()
        for sec, slug in zip(seed["sections"], self.words["sections"], strict=True):
            sec["url"] = f"http://{self.host}{self.page_path(slug, 1)}"
        return seed

    def hub(self, path: str) -> str | None:
        """Pages of the other labels (``/search/label/इंदौर``): post lists, no posts."""
        if not path.startswith("/search/label/"):
            return None
        label = unquote(path.removeprefix("/search/label/"))
        items = [s for s in self.stories if label in s.topics and s.reach == "section"]
        if not items:
            return None
        return self._page(label, self._snippets(items), "")

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == "/robots.txt":  # Blogger's own, whatever the blog
            text = (
                "User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: "
                f"/search\nAllow: /\n\nSitemap: http://{self.host}{self.sitemap_path}\n"
            )
            return "text/plain; charset=utf-8", text.encode(), None
        if path == "/p/contact.html":  # the blog's one static page
            main = (
                "<div class='post-outer'><h3 class='post-title entry-title'>संपर्क करें</h3><div "
                "class='post-body entry-content'><p>खबर, विज्ञापन या सुझाव के लिए हमें लिखें: "
                "malwasamachar.news@gmail.com</p><p>व्हाट्सऐप: 98xxxxxx10</p></div></div>"
            )
            return "text/html; charset=utf-8", self._page("संपर्क करें", main, "").encode(), None
        return super()._render(path, query)

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            "<!DOCTYPE html>\n<html class='v2' dir='ltr' lang='hi'>\n<head>\n<meta "
            "content='width=device-width, initial-scale=1' name='viewport'/>\n<meta content="
            f"'text/html; charset=UTF-8' http-equiv='Content-Type'/>\n<meta content='blogger' "
            f"name='generator'/>\n<title>{escape(title)}</title>\n{self.alternate()}\n{head}"
            "</head>\n<body class='item-view'>\n<div class='cookie-choices-info' id='cookieChoi"
            "ceInfo'><span class='cookie-choices-text'>यह साइट Google की सेवाएं देने और ट्रैफ़िक"
            " का विश्लेषण करने के लिए कुकी का उपयोग करती है.</span><a class='cookie-choices-"
            "button' href='#'>ठीक है</a></div>\n" + body + "\n</body>\n</html>\n"
        )

    def _header(self) -> str:
        labels = "".join(
            f"<li><a href='{self._label_path(name)}'>{esc(name)}</a></li>"
            for name, _ in self.words["sections"].values()
        )
        return (
            "<header class='header'><div class='header-widget'><a href='/'><img alt='"
            f"{self.name}' src='/static/logo.png'/></a><p class='description'>इंदौर और मालवा-"
            "निमाड़ की हर खबर</p></div><nav class='menu'><ul><li><a href='/'>होम</a></li>"
            f"{labels}<li><a href='/p/contact.html'>संपर्क करें</a></li></ul></nav></header>\n"
        )

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][3:8]
        posts = "".join(
            f"<li><div class='item-title'><a href='{s.path}'>{esc(s.headline)}</a></div><div "
            f"class='item-date'>{hi_blogger(s.published)}</div></li>"
            for s in top
        )
        labels = "".join(
            f"<li><a dir='ltr' href='{self._label_path(n)}'>{esc(n)}</a><span dir='ltr'>("
            f"{len(self.listed(slug))})</span></li>"
            for slug, (n, _) in self.words["sections"].items()
        )
        return (
            "<aside class='sidebar'><div class='widget PopularPosts' id='PopularPosts1'><h3 "
            f"class='title'>लोकप्रिय पोस्ट</h3><ul>{posts}</ul></div>\n<div class='widget HTML' "
            "id='HTML2'><span class='ad-label'>विज्ञापन</span><ins class='adsbygoogle' data-ad-"
            "slot='4431'></ins></div>\n<div class='widget Label' id='Label1'><h3 class='title'>"
            f"लेबल</h3><ul>{labels}</ul></div>\n<div class='widget HTML' id='HTML3'><h3 class='"
            "title'>हमसे जुड़ें</h3><a href='https://whatsapp.com/channel/malwasamachar'>WhatsApp "
            "चैनल</a> <a href='https://t.me/malwasamachar'>Telegram</a></div></aside>\n"
        )

    def _page(self, title: str, main: str, head: str) -> str:
        body = (
            f"{self._header()}<div class='content'><main class='main section' id='main'><div "
            f"class='widget Blog' data-version='2' id='Blog1'>\n{main}\n</div></main>\n"
            f"{self._sidebar()}</div><footer class='footer'><p>© 2026 {self.name}. सर्वाधिकार "
            "सुरक्षित.</p><p>Blogger द्वारा संचालित.</p></footer>"
        )
        return self.doc(title, head, body)

    # -- listings ------------------------------------------------------------------------

    def _snippets(self, items: list[Story]) -> str:
        return "".join(
            f"<article class='post-outer-container'><div class='snippet-thumbnail'><img src='"
            f"{s.pictures[0].src}' alt=''/></div><h3 class='post-title'><a href='{s.path}'>"
            f"{esc(s.headline)}</a></h3><div class='post-snippet'>{esc(s.lead)}</div><span "
            f"class='published'>{hi_blogger(s.published)}</span></article>\n"
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        more = ""
        if page < pages:
            older = escape(self.page_path(slug, page + 1))
            more = (f"<a class='blog-pager-older-link' href='{older}' title='पुरानी पोस्ट'>"
                    "पुरानी पोस्ट</a>")  # fmt: skip
        main = (
            f"<div class='status-msg-body'><b>{esc(name)}</b> लेबल वाली पोस्ट दिखाई जा रही हैं. "
            f"<a href='/'>सभी पोस्ट दिखाएं</a></div>\n{self._snippets(items)}<div class='blog-"
            f"pager' id='blog-pager'>{more}<a class='home-link' href='/'>मुख्यपृष्ठ</a></div>"
        )
        return self._page(f"{self.name}: {name}", main, "")

    # -- the post ------------------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = (
            f"<link href='{s.url}' rel='canonical'/>\n<meta content='{escape(s.url)}' "
            f"property='og:url'/>\n<meta content='{escape(s.headline)}' property='og:title'/>\n"
            f"<meta content='{s.pictures[0].src}' property='og:image'/>\n"
        )
        if s.variant == 1:  # no search description: Blogger's snippet of the text
            snippet = " ".join(p for p in s.body if p not in self.words["subheads"])
            cut = f"{esc(s.lead)} {esc(snippet)}"[:150]
            return head + f"<meta content='{cut}...' property='og:description'/>\n"
        ld = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
            "headline": s.headline,
            "description": s.lead,
            "image": [p.src for p in s.pictures],
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": {"@type": "Person", "name": s.authors[0]},
            "publisher": {"@type": "Organization", "name": self.name},
        }
        return head + (
            f"<meta content='{escape(s.lead)}' name='description'/>\n<meta content='"
            f"{escape(s.lead)}' property='og:description'/>\n<meta content='article' "
            f"property='og:type'/>\n{json_ld(ld)}\n"
        )

    def _figure(self, p: Picture) -> str:
        return (
            "<table align='center' cellpadding='0' cellspacing='0' class='tr-caption-container'"
            " style='margin-left: auto; margin-right: auto;'><tbody><tr><td style='text-align: "
            f"center;'><a href='{p.src}' style='margin-left: auto; margin-right: auto;'><img "
            "border='0' data-original-height='720' data-original-width='1280' height='360' "
            f"src='{p.src}' width='640'/></a></td></tr><tr><td class='tr-caption' style='text-"
            f"align: center;'>{esc(p.caption)} (फोटो: {esc(p.credit)})</td></tr></tbody></table>"
        )

    def _text(self, s: Story) -> str:
        old = s.variant == 1
        para = "<div style='text-align: justify;'>{}</div>" if old else "<p>{}</p>"
        gap = "<div style='text-align: justify;'><br/></div>" if old else ""
        heads = set(self.words["subheads"])
        out = [para.format(f"<b>{esc(s.lead)}</b>")]
        if old and s.modified:
            out.insert(0, para.format(f"<i>अपडेटेड: {hi_long(s.modified)}</i>"))
        if len(s.authors) > 1 or old:
            out.append(para.format(f"<i>रिपोर्ट: {esc(join_hi(s.authors))}</i>"))
        out.append(self._figure(s.pictures[0]))
        for n, t in enumerate(s.body):
            if t in heads:
                out.append(para.format(f"<b>{esc(t)}</b>") if old else f"<h3>{esc(t)}</h3>")
            elif n == 0:
                place, rest = t.split("। ", 1)
                out.append(para.format(f"<b>{esc(place)}।</b> {esc(rest)}"))
            else:
                out.append(para.format(esc(t)))
            if n == s.read_also_at - 1 and s.read_also is not None:
                o = self.by_id[s.read_also]
                out.append(para.format(f"<b>ये भी पढ़ें:</b> <a href='{o.path}'>{esc(o.headline)}</a>"))
            if n == 1:
                out.append("<div class='ad-inpost'><span>विज्ञापन</span><ins class='adsbygoogle'"
                           " data-ad-slot='7781'></ins></div>")  # fmt: skip
            if n == 2 and len(s.pictures) > 1:
                out.append(self._figure(s.pictures[1]))
        links = "".join(
            f"<li><a href='{r.path}'>{esc(r.headline)}</a></li>" for r in self.related(s)
        )
        out.append(para.format("<b>इन्हें भी पढ़ें:</b>") + f"<ul>{links}</ul>")
        out.append(para.format(
            "ताज़ा खबरों के लिए हमारे <a href='https://whatsapp.com/channel/malwasamachar'>"
            "WhatsApp चैनल</a> से जुड़ें।"))  # fmt: skip
        return gap.join(out)

    def _labels(self, s: Story, word: str) -> str:
        links = ", ".join(
            f"<a href='{self._label_path(t)}' rel='tag'>{esc(t)}</a>" for t in s.topics
        )
        return f"<span class='post-labels'>{word} {links}</span>"

    def _comments(self, s: Story) -> str:
        rows = ""
        if s.index % 4 == 1:
            rows = "".join(
                f"<li class='comment'><div class='comment-block'><cite class='user'>{esc(who)}"
                f"</cite><span class='datetime'><a href='{s.path}?showComment={n}'>"
                f"{hi_blogger(s.published)} को {hi_clock(s.published + timedelta(minutes=61 * n))}"
                f" बजे</a></span><p class='comment-content'>{esc(text)}</p></div></li>"
                for n, (who, text) in enumerate(COMMENTS, 1)
            )
        count = f"{len(COMMENTS)} टिप्पणियां:" if rows else "कोई टिप्पणी नहीं:"
        return (
            f"<div class='comments' id='comments'><h4>{count}</h4><ol>{rows}</ol><h4 id='"
            "comment-post-message'>एक टिप्पणी भेजें</h4><iframe class='blogger-iframe-colorize' "
            "id='comment-editor' src='about:blank'></iframe></div>\n"
        )

    def _pager(self, s: Story) -> str:
        i = self.stories.index(s)
        newer = self.stories[i - 1] if i > 0 else None
        older = self.stories[i + 1] if i + 1 < len(self.stories) else None
        out = "<div class='blog-pager' id='blog-pager'>"
        if newer is not None:
            out += f"<a class='blog-pager-newer-link' href='{newer.path}'>नई पोस्ट</a>"
        if older is not None:
            out += f"<a class='blog-pager-older-link' href='{older.path}'>पुरानी पोस्ट</a>"
        return out + "<a class='home-link' href='/'>मुख्यपृष्ठ</a></div>\n"

    def _share(self, s: Story) -> str:
        return (
            f"<div class='post-share-buttons'><a href='https://www.facebook.com/sharer.php?u={s.url}'"
            f" title='Facebook पर शेयर करें'>Facebook</a><a href='https://wa.me/?text={s.url}'>"
            "WhatsApp</a><a href='https://x.com/intent/post'>X</a><a href='https://t.me/share/"
            "url'>Telegram</a></div>"
        )

    def _new(self, s: Story) -> str:
        when = (f"<time class='aTtmp' datetime='{s.published.isoformat()}' title='प्रकाशित: "
                f"{hi_long(s.published)}'>{s.published.day} {MONTHS_HI[s.published.month - 1]} "
                f"{s.published.year}</time>")  # fmt: skip
        if s.modified:
            when += f"<span class='pUpd'>अपडेटेड: {hi_long(s.modified)}</span>"
        first = s.authors[0]
        known = self.words["authors"]
        avatar = known.index(first) if first in known else "desk"
        return (
            f"<div class='brdCmb'><a href='/'>होम</a> › <a href='{self._label_path(s.section)}'>"
            f"{esc(s.section)}</a></div>\n<article class='ntry post'><h1 class='pTtl aTtl'>"
            f"{esc(s.headline)}</h1><div class='pInf'><div class='pIm'><img alt='' height='40' "
            f"src='/static/avatars/{avatar}.jpg' width='40'/></div><div class='pNm'><span "
            f"class='nm'>{esc(first)}</span>{when}</div></div>\n{self._share(s)}\n"
            f"<div class='pEnt' id='postID-{s.id}'><div class='"
            f"post-body postBody' id='postBody'>\n{self._text(s)}\n</div></div>\n<div class='"
            f"pLbls'>{self._labels(s, 'टैग:')}</div>\n{self._share(s)}\n</article>\n"
            f"{self._pager(s)}{self._comments(s)}"
        )

    def _old(self, s: Story) -> str:
        stamp = s.published.isoformat(timespec="milliseconds")
        return (
            f"<div class='date-outer'><h2 class='date-header'><span>{hi_day(s.published)}</span>"
            "</h2><div class='post-outer'><div class='post hentry uncustomized-post-template' "
            "itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>"
            f"<meta content='{s.pictures[0].src}' itemprop='image_url'/><a name='{s.id}'></a>"
            f"<h3 class='post-title entry-title' itemprop='name'>{esc(s.headline)}</h3>\n<div "
            f"class='post-body entry-content' id='post-body-{s.id}' itemprop='description "
            f"articleBody'>\n{self._text(s)}\n<div style='clear: both;'></div></div>\n<div class="
            "'post-footer'><div class='post-footer-line post-footer-line-1'><span class='post-"
            "author vcard'>द्वारा <span class='fn' itemprop='author' itemscope='itemscope' "
            "itemtype='http://schema.org/Person'><a class='g-profile' href='https://www.blogger."
            f"com/profile/0419' rel='author' title='author profile'><span itemprop='name'>"
            f"{ACCOUNT}</span></a></span></span> <span class='post-timestamp'>पर <a class='"
            f"timestamp-link' href='{s.url}' rel='bookmark' title='permanent link'><abbr class='"
            f"published' itemprop='datePublished' title='{stamp}'>"
            f"{hi_clock(s.published)}</abbr></a></span></div>{self._share(s)}<div class='post-"
            f"footer-line post-footer-line-2'>{self._labels(s, 'लेबल:')}</div></div></div>\n"
            f"{self._comments(s)}</div></div>{self._pager(s)}"
        )

    def article(self, s: Story) -> str:
        main = self._new(s) if s.variant == 0 else self._old(s)
        return self._page(f"{s.headline} | {self.name}", main, self._head(s))
