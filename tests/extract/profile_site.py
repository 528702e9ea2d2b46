"""A small made-up outlet for the site-profile tests: one template, words of no language the
extractor has rules for, and the template faults a profile exists for (an advert label and
a promo inside the text, an author's avatar, a default ``og:image``, a "most read" list and
a breadcrumb crumb on every page, an outlet-specific read-also label). With ``stock``, also
what an outlet states the same on every page: its name as a logo ``<h1>``, a site-wide
description, keywords and author; JSON-LD with the story's own on two pages in three; no
``<article>`` element, the byline in no words."""

from __future__ import annotations

HOST = "http://ulat.test"
#: Words of no language: nothing the extractor's word lists know.
WORDS = (
    "balo kitu marenga sotu vimbe lakor tuvesi pamo derinak gulo hesti yumbaro "
    "ketari nomu falsi ribo qendo wapesi zuron milo"
).split()


def sentence(seed: int, n: int = 22) -> str:
    words = [WORDS[(seed * 7 + i * 3 + i * i) % len(WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + f" {seed * 13 + n}."


def story_url(n: int) -> str:
    return f"{HOST}/balita/{1000 + n}/kwento-{n}"


#: The writers of the stories (story ``n``: ``WRITERS[n % 4]``).
WRITERS = ("Amihan Dela Cruz", "Bayani Santos", "Dalisay Reyes", "Makisig Lopez")


def stock_head(n: int) -> str:
    """What the outlet states the same on every page (and the story's own on even pages)."""
    head = (
        "<meta name='description' content='Ang pinakabagong ulat mula sa buong kapuluan'>"
        f"<meta name='keywords' content='ulat, kapuluan, {WORDS[n % 7]}'>"
        "<meta name='author' content='Ulat Kapuluan'>"
    )
    if n % 3 != 1:
        head += (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            f'"headline": "{sentence(n, 8)}", "description": "{sentence(n + 500, 14)}", '
            f'"author": {{"@type": "Person", "name": "{WRITERS[n % 4]}"}}}}</script>'
        )
    return head


def page(n: int, og: bool = True, read_also: bool = True, stock: bool = False) -> bytes:
    """Story ``n`` of the outlet (its text differs from every other story's)."""
    paras = [f"<p>{sentence(n * 5 + i)} {sentence(n * 11 + i, 12)}</p>" for i in range(4)]
    paras.insert(2, "<p class='adv'>Reklamo</p>")
    paras.insert(3, "<div class='box'><p>Sumali sa aming lupon ng mga mambabasa ngayon</p></div>")
    if read_also:
        other = (n + 3) % 40
        paras.insert(
            4,
            f'<p>Kuyaw lamang: <a href="{story_url(other)}">{sentence(other, 6)}</a></p>',
        )
    most_read = "".join(
        f'<li><a href="{story_url(k)}">{sentence(k, 7)}</a></li>' for k in (90, 91, 92)
    )
    meta = f'<meta property="og:image" content="{HOST}/static/default.jpg">' if og else ""
    if stock:
        meta += stock_head(n)
    logo = "<div class='top'><h1 class='logo'><a href='/'>Ulat Kapuluan</a></h1></div>"
    byline = f"<span>{WRITERS[n % 4]}</span>" if stock else "<span>Ni Amihan Dela Cruz</span>"
    story = "div class='post'" if stock else "article"
    return (
        f"<html lang='xx'><head><title>Kwento {n}</title>{meta}</head><body>"
        f"{logo if stock else ''}"
        f"<nav class='crumbs'><a href='/'>Bahay</a> / <a href='/balita/'>Balita</a></nav>"
        f"<{story}><h1>{sentence(n, 8)}</h1>"
        f"<div class='who'><img src='/avatars/{n % 2}.png' width='40' height='40'>{byline}</div>"
        f"<div class='article-body'>{''.join(paras)}</div></{story.split()[0]}>"
        f"<aside class='related'><h3>Pinakabasa</h3><ul>{most_read}</ul></aside>"
        "</body></html>"
    ).encode()
