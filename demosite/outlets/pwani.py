"""Sauti ya Pwani: a Swahili regional portal of the Tanzanian coast on Joomla 3 with K2
(hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.sautiyapwani.test`` (Africa/Dar_es_Salaam, EAT); K2 categories ``/kitaifa/``,
``/kimataifa/``, ``/biashara/``, ``/michezo/`` paged by Joomla's ``?start=N`` offsets
("Inayofuata"); items ``/SECTION/item/ID-slug``; RSS ``/feed/``; news sitemap
``/sitemap-news.xml``. Story 5 is only in the feed, 14 only in the sitemap.

The K2 item view puts the title in an ``h2`` (the logo is the page's ``h1``), the intro
text apart from the full text, image caption and credits in sibling spans; newer items
carry an SEO plugin's JSON-LD (every third story), older ones a template override with
the byline as the first paragraph of the text ("Na A, Place").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.localtime import sw_k2, sw_text
from demosite.outlets.pwani_pages import JoomlaPages
from demosite.outlets.site import json_ld, url_slug
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_sw import SW

esc = partial(escape, quote=False)
DESK = "Mwandishi Wetu"
SOMA = '<p><strong>SOMA ZAIDI:</strong> <a href="{href}">{headline}</a></p>'
WHATSAPP = (
    '<p><em>Pata habari zaidi kila siku kupitia chaneli yetu ya WhatsApp: <a href="'
    'https://whatsapp.com/channel/sautiyapwani">bofya hapa kujiunga</a></em></p>'
)


def shown(p: Picture) -> str:
    """Caption and credit as the editors type them into one line."""
    if p.credit == "Maktaba":
        return f"{esc(p.caption)} (Picha ya Maktaba)"
    if p.credit in ("AFP", "Reuters"):
        return f"{esc(p.caption)} (Picha: {p.credit})"
    return f"{esc(p.caption)} (Picha na {esc(p.credit)})"


class Pwani(JoomlaPages):
    name = "Sauti ya Pwani"
    language = "sw"
    page_size = 3
    page_query = "start"
    read_also_html = SOMA

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.sautiyapwani.test",
            timezone="Africa/Dar_es_Salaam",
            words=SW,
            count=20,
            first_id=4521,
            newest=datetime(2026, 12, 7, 16, 40),
            step=timedelta(hours=5, minutes=43),
            feed_only=frozenset({5}),
            sitemap_only=frozenset({14}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/item/{s.id}-{url_slug(s.headline, 60)}"

    def prepare(self, s: Story) -> None:
        if s.section_slug in ("kitaifa", "biashara"):  # the dateline opens the text
            s.body[0] = f"{s.place}. {s.body[0]}"
        if s.index % 3 != 2:
            s.body.insert(3, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 0 else [])
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "SP" else agency

    # -- the item page -------------------------------------------------------------------

    def _head(self, s: Story) -> str:
        p = s.pictures[0]
        desc = s.lead if s.variant == 0 else (
            "Sauti ya Pwani - Habari za kitaifa, kimataifa, biashara na michezo kutoka ukanda "
            "wa pwani."
        )  # fmt: skip
        head = (
            f'<meta name="keywords" content="habari, tanzania, pwani, tanga, michezo">\n'
            f'<meta name="description" content="{escape(desc)}">\n'
            f'<meta property="og:url" content="{s.url}">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:image" content="{p.src}">\n'
        )
        if s.variant == 0:
            head += f'<meta name="author" content="{escape(" na ".join(s.authors))}">\n'
        if s.index % 3 == 0:  # the SEO plugin, installed for the newer items only
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "description": s.lead,
                "image": {"@type": "ImageObject", "url": p.src},
                "datePublished": s.published.isoformat(),
                "dateModified": (s.modified or s.published).isoformat(),
                "author": [
                    {"@type": "Organization" if s.organization else "Person", "name": a}
                    for a in s.authors
                ],
                "publisher": {"@type": "Organization", "name": self.name},
                "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
            }
            head += json_ld(ld) + "\n"
        return head

    def _crumbs(self, s: Story) -> str:
        trail = [("/", "Nyumbani"), (f"/{s.section_slug}/", s.section),
                 (f"/{s.section_slug}/{url_slug(s.topic)}", s.topic)]  # fmt: skip
        lis = "".join(
            '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
            f'<a itemprop="item" href="{href}" class="pathway"><span itemprop="name">'
            f'{esc(name)}</span></a><span class="divider">»</span><meta itemprop="position" '
            f'content="{n}"></li>'
            for n, (href, name) in enumerate(trail, 1)
        )
        return (
            '<ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">'
            f'<li>Uko hapa: &#160;</li>{lis}<li class="active"><span itemprop="name">'
            f'{esc(s.headline)}</span><meta itemprop="position" content="4"></li></ul>\n'
        )

    def _author(self, s: Story) -> str:
        if s.organization or len(s.authors) > 1:  # K2's "created by alias": plain text
            return f'<span class="itemAuthor">Imeandikwa na {esc(" na ".join(s.authors))}</span>'
        a = s.authors[0]
        return (
            f'<span class="itemAuthor">Imeandikwa na <a rel="author" href="{self._user(a)}">'
            f"{esc(a)}</a></span>"
        )

    def _dates(self, s: Story) -> str:
        if s.variant == 0:
            return f'<span class="itemDateCreated">{sw_k2(s.published)}</span>'
        out = f'<span class="itemDateCreated">Imewekwa: {sw_text(s.published)}</span>'
        if s.modified:
            out += f' <span class="itemDateModified">Imesasishwa: {sw_text(s.modified)}</span>'
        return out

    def _image(self, s: Story) -> str:
        p = s.pictures[0]
        if s.variant == 0:
            caption = (
                f'<span class="itemImageCaption">{esc(p.caption)}</span><span class="itemImage'
                f'Credits">Picha: {esc(p.credit)}</span>'
            )
        else:
            caption = f'<span class="itemImageCaption">{shown(p)}</span>'
        return (
            f'<div class="itemImageBlock"><span class="itemImage"><a class="modal" rel="{{'
            f'handler: \'image\'}}" href="{p.src}" title="Bofya kuona picha kubwa"><img '
            f'src="{p.src}" alt="{escape(p.caption)}" style="width:900px; height:auto;"></a>'
            f'</span><div class="clr"></div>{caption}<div class="clr"></div></div>\n'
        )

    def _fulltext(self, s: Story) -> str:
        heads = set(self.words["subheads"])
        tag = "<h3>{}</h3>" if s.variant == 0 else "<p><strong>{}</strong></p>"
        paras = [tag.format(esc(t)) if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        if s.read_also is not None:
            other = self.by_id[s.read_also]
            paras.insert(s.read_also_at, SOMA.format(href=other.path, headline=esc(other.headline)))
        if len(s.pictures) > 1:
            p = s.pictures[1]
            paras.insert(
                4,
                '<p style="text-align: center;"><span class="wf_caption" role="figure" style='
                f'"display: inline-block;"><img src="{p.src}" alt="{escape(p.caption)}" '
                f'width="700" height="466"><span>{shown(p)}</span></span></p>',
            )
        paras.insert(
            2,
            '<div class="ads-inarticle"><span class="ad-label">TANGAZO</span><ins class="'
            'adsbygoogle" data-ad-slot="4410021"></ins></div>',
        )
        if s.variant == 1:
            who = " na ".join(s.authors)
            where = "" if s.organization else f", {s.place}"
            paras.insert(0, f"<p><strong>Na {esc(who)}{esc(where)}</strong></p>")
        paras.append(WHATSAPP)
        return f'<div class="itemFullText">\n{"".join(paras)}\n</div>\n'

    def _after(self, s: Story) -> str:
        out = ""
        if s.variant == 0 and s.modified:
            out += f'<div class="itemDateModified">Imehaririwa mwisho {sw_k2(s.modified)}</div>\n'
        tags = "".join(
            f'<li><a href="/itemlist/tag/{url_slug(t)}">{esc(t)}</a></li>' for t in s.topics
        )
        out += (
            '<div class="itemLinks"><div class="itemCategory"><span>Imechapishwa katika</span> '
            f'<a href="/{s.section_slug}/{url_slug(s.topic)}">{esc(s.topic)}</a></div><div '
            f'class="itemTagsBlock"><span>Imetambulishwa chini ya</span><ul class="itemTags">'
            f"{tags}</ul></div></div>\n"
        )
        if s.variant == 0 and not s.organization and len(s.authors) == 1:
            a = s.authors[0]
            n = self.words["authors"].index(a)
            latest = [o for o in self.stories if a in o.authors and o is not s]
            lis = "".join(f'<li><a href="{o.path}">{esc(o.headline)}</a></li>' for o in latest[:3])
            out += (
                f'<div class="itemAuthorBlock"><img class="itemAuthorAvatar" src="/static/k2/'
                f'users/{n}.jpg" width="40" height="40" alt="{escape(a)}"><div class="itemAuthor'
                f'Details"><h3 class="itemAuthorName"><a rel="author" href="{self._user(a)}">'
                f"{esc(a)}</a></h3><p>{esc(self.words['bios'][a])}</p></div></div>\n"
            )
            if lis:
                out += (
                    f'<div class="itemAuthorLatest"><h3>Habari zaidi kutoka kwa {esc(a)}</h3>'
                    f"<ul>{lis}</ul></div>\n"
                )
        return out

    def _related(self, s: Story) -> str:
        items = "".join(
            f'<li class="even"><a class="itemRelTitle" href="{r.path}">{esc(r.headline)}</a>'
            f'<div class="itemRelCat">katika <a href="/{r.section_slug}/">{esc(r.section)}</a>'
            "</div></li>"
            for r in self.related(s)
        )
        return f'<div class="itemRelated"><h3>Habari zinazohusiana</h3><ul>{items}</ul></div>\n'

    def _navigation(self, s: Story) -> str:
        """K2's previous (older) and next (newer) item of the same category."""
        same = self.listed(s.section_slug)
        at = same.index(s) if s in same else -1
        older = same[at + 1 : at + 2] if at >= 0 else []
        newer = same[at - 1 : at] if at > 0 else []
        links = [f'<a class="itemPrevious" href="{o.path}">« {esc(o.headline)}</a>' for o in older]
        links += [f'<a class="itemNext" href="{o.path}">{esc(o.headline)} »</a>' for o in newer]
        return (
            '<div class="itemNavigation"><span class="itemNavigationTitle">Zaidi katika kundi '
            f"hili:</span>{''.join(links)}</div>\n"
        )

    def _comments(self, s: Story) -> str:
        form = (
            '<div class="itemCommentsForm"><h3>Acha maoni</h3><form action="/comment"><textarea'
            ' name="commentText"></textarea><button>Tuma maoni</button></form></div>'
        )
        comments = self.words["comments"]
        if s.index % 4:
            return f'<div class="itemComments">{form}</div>\n'
        rows = "".join(
            f'<li class="{"odd" if n else "even"}"><span class="commentDate">'
            f'{sw_k2(s.published + timedelta(hours=3 + 17 * n))}</span><span class="comment'
            f'AuthorName"> imeandikwa na {esc(who)}</span><p>{esc(text)}</p></li>'
            for n, (who, text) in enumerate(comments)
        )
        return (
            f'<div class="itemComments"><h3 class="itemCommentsCounter"><span>{len(comments)}'
            f'</span> Maoni</h3><ul class="itemCommentsList">{rows}</ul>{form}</div>\n'
        )

    def article(self, s: Story) -> str:
        share = (
            '<div class="a2a_kit"><span>Shiriki habari hii:</span><a class="a2a_button_whats'
            f'app" href="https://www.addtoany.com/add_to/whatsapp?linkurl={s.url}">WhatsApp</a>'
            '<a class="a2a_button_facebook" href="https://www.addtoany.com/add_to/facebook">'
            'Facebook</a><a class="a2a_button_x" href="https://www.addtoany.com/add_to/x">X</a>'
            '<a class="a2a_button_telegram" href="https://www.addtoany.com/add_to/telegram">'
            "Telegram</a></div>\n"
        )
        toolbar = (
            '<div class="itemToolbar"><ul><li><span class="itemTextResizerTitle">ukubwa wa '
            'maandishi</span><a href="#" id="fontDecrease">punguza</a><a href="#" id="font'
            'Increase">ongeza</a></li><li><a class="itemPrintLink" rel="nofollow" href="#" '
            'onclick="window.print();return false;">Chapisha</a></li><li><span class="item'
            f'Hits">Imesomwa mara <b>{137 + 53 * s.index}</b></span></li></ul></div>\n'
        )
        lead = esc(s.lead) if s.variant == 0 else f"<strong>{esc(s.lead)}</strong>"
        header = (
            f'<div class="itemHeader">{self._dates(s)}<h2 class="itemTitle">{esc(s.headline)}'
            f"</h2>{self._author(s) if s.variant == 0 else ''}</div>\n"
        )
        body = (
            f'{self._header()}{self._crumbs(s)}<main id="k2Container" class="itemView">\n'
            f'{header}{toolbar}{share}<div class="itemBody">{self._image(s)}'
            f'<div class="itemIntroText"><p>{lead}</p></div>\n{self._fulltext(s)}'
            f'<div class="clr"></div></div>\n{self._after(s)}{share}{self._related(s)}'
            f"{self._navigation(s)}{self._comments(s)}</main>\n{self._sidebar()}"
            f"{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body)
