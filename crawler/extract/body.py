"""Main text: plain paragraphs without captions, related boxes, agency lines or chrome.

A known body container (``rules.selectors["body"]``, ``[itemprop=articleBody]``,
``.article-body`` ...) is read block by block because that is exact: every block element
(``p``, ``div``, ``li`` ...) and every loose text run between blocks is one line, a table
row is one line. Otherwise the page is pruned of everything the other extractors already
claimed (headline, lead element, gallery, related box, byline) and of page furniture
(nav, share bars, comments, ads, sliders; never the wrappers of the main ``<article>``),
read from the container(s) holding its running text (``text_container.py``) or else
handed to trafilatura in its fast mode
(no readability/justext comparison: same F1 on the article-extraction benchmark, a
third of the time), re-run in full only when the fast result looks like a menu.
Precision comes from that pruning; trafilatura's own ``favor_precision`` cost recall.
Either way the result is cleaned line by line (agency, share, "read more" and byline
lines go; a long line repeated is a template duplicate, a short one is content);
paragraphs are joined by one blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import trafilatura

from crawler.extract.agency import AGENCY_LINE_RE, PAREN_RE, SOURCE_LABEL
from crawler.extract.authors import is_byline_line
from crawler.extract.credits import clean, is_credit_line
from crawler.extract.dates.labels import is_date_line
from crawler.extract.lang import alternation, pattern
from crawler.extract.related import MORE_RE, holds_headline
from crawler.extract.structured import css_select
from crawler.extract.text_container import dominant_parents
from crawler.extract.topics import TOPIC_LABEL

BODY_SELECTORS = (
    "[itemprop~=articleBody]",
    ".article-body",
    ".article__body",
    ".articleBody",
    ".article-text",
    ".article__text",
    ".story-body",
    ".entry-content",
    "#article-body",
)
#: A line this short that is only a labelled photo credit ("Photo: AFP") is no text.
CREDIT_LINE = 60
#: A line this long seen twice is a template duplicate; shorter repeats (table rows,
#: list items, "Pre-Workout Meal" headings of a menu) are content and kept.
REPEAT_MIN = 100
_KNOWN_IDS = {s[1:] for s in BODY_SELECTORS if s[0] == "#"}
_KNOWN_CLASS_RE = re.compile(
    r"(?:^|\s)(?:"
    + "|".join(re.escape(s[1:]) for s in BODY_SELECTORS if s[0] == ".")
    + r")(?:\s|$)"
)
#: Above this many characters of text, trafilatura is skipped (it is too slow there).
HUGE_TEXT = 1_500_000
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
_NOISE_TAGS_XPATH = (
    "//script|//style|//noscript|//template|//figure|//figcaption|//nav|//footer|//header"
    "|//aside|//form|//button|//iframe|//svg"
)
#: Class/id pieces (delimited by start, space, ``-`` or ``_``) of page furniture.
_NOISE_CLASS_RE = re.compile(
    r"(?<=[\s_-])(" + pattern("markup.noise_classes") + r")(?=[\s_-])",
    re.I,
)
#: An element holding more than this share of the page's text is never dropped as noise.
MAX_DROP_SHARE = 0.6
#: The same for the related box.
RELATED_MAX_SHARE = 0.75


def _known_containers(tree: Any) -> list[list[Any]]:
    """The elements matching each of ``BODY_SELECTORS``, in that order, from one scan
    (checking attributes in Python is several times faster than nine CSS queries)."""
    found: list[list[Any]] = [[] for _ in BODY_SELECTORS]
    for el in tree.xpath("//*[@class or @id or @itemprop]"):
        cls, ident, prop = el.get("class") or "", el.get("id"), el.get("itemprop") or ""
        known_class = _KNOWN_CLASS_RE.search(cls)
        if ident not in _KNOWN_IDS and not known_class and "articleBody" not in prop:
            continue
        tokens = set(cls.split()) | {"[itemprop~=" + p + "]" for p in prop.split()}
        for i, sel in enumerate(BODY_SELECTORS):
            if sel[0] == "#":
                if ident == sel[1:]:
                    found[i].append(el)
            elif (sel[1:] if sel[0] == "." else sel) in tokens:
                found[i].append(el)
    return found


def _noise(root: Any, relative: bool = False) -> list[Any]:
    prefix = "." if relative else ""
    tags = root.xpath(prefix + _NOISE_TAGS_XPATH.replace("|//", "|" + prefix + "//"))
    els = root.xpath(prefix + "//*[@class or @id]")
    names = [f" {el.get('class') or ''} {el.get('id') or ''} " for el in els]
    # the wrappers of the page's main <article> ("article-ads-wrapper") are layout
    articles = root.xpath(prefix + "//article")
    main = max(articles, key=_p_text) if articles else None
    around = set(main.iterancestors()) if main is not None and _p_text(main) else set()
    classed = []
    for i, found in _noise_names(names):
        if not (found <= _GATED and _running_text(els[i])) and els[i] not in around:
            classed.append(els[i])
    return tags + classed


#: ``_NOISE_CLASS_RE`` without IGNORECASE, for lower-cased ASCII names (the same matches:
#: case-folding differs from ``lower()`` only outside ASCII), several times faster.
_NOISE_LOWER_RE = re.compile(_NOISE_CLASS_RE.pattern)


def _noise_names(names: list[str]) -> Iterator[tuple[int, set[str]]]:
    """(index, furniture words) of each name string that holds one: ASCII names in one
    search over all of them joined by NUL (no attribute holds one), others one by one."""
    joined = "\0".join(names)
    if not joined.isascii():
        for i, text in enumerate(names):
            found = {m.lower() for m in _NOISE_CLASS_RE.findall(text)}
            if found:
                yield i, found
        return
    joined = joined.lower()
    i = at = 0
    current: set[str] = set()
    for mt in _NOISE_LOWER_RE.finditer(joined):
        n = i + joined.count("\0", at, mt.start())
        if n != i and current:
            yield i, current
            current = set()
        i, at = n, mt.start()
        current.add(mt.group(1))
    if current:
        yield i, current


#: Class pieces that mark text a script may hide (a metered paywall), not furniture: an
#: element so named is dropped only when it holds no running text (a "subscribe" prompt).
_GATED = {"paywall"}


def _prose(p: Any, least: int = 120) -> bool:
    text = p.text_content()
    return len(text) >= least and sum(len(a.text_content()) for a in p.iter("a")) < len(text) / 3


def _running_text(el: Any) -> bool:
    """Prose: a paragraph of 120+ characters, mostly not link text, or a shorter
    paragraph among such paragraphs (a short paragraph of the text, not a prompt)."""
    if any(_prose(p) for p in el.iter("p")):
        return True
    parent = el.getparent()
    return (
        el.tag == "p"
        and _prose(el, 40)
        and parent is not None
        and any(_prose(p) for p in parent.iterchildren("p") if p is not el)
    )


#: Social networks a share bar names, in no particular language.
_NETWORKS = ("twitter", "facebook", "whatsapp", "x", "linkedin")
#: A line of page furniture: a share or print button, "back to top", an ad label.
_SHARE_RE = re.compile(
    r"^("
    + pattern("chrome.lines")
    + "|"
    + pattern("chrome.share_on")
    + r" \w+|"
    + alternation(_NETWORKS)
    + r")$",
    re.I,
)


#: A line naming only the copy's source: "Źródło: PAP", "Fonte: Agência Brasil", "Source: AP".
_SOURCE_LINE = re.compile(r"^" + SOURCE_LABEL + r"\s*:\s*[^.!?:]{2,50}$", re.I)


def _p_text(el: Any) -> int:
    """Characters of paragraph text under ``el``: a cheap measure of "main text"."""
    return sum(len(p.text_content()) for p in el.iter("p"))


def _drop(el: Any, total: int = 0) -> None:
    """Remove ``el`` but keep its tail text; never the page itself or most of its paragraphs.

    ``total``: paragraph characters of the whole page (0 = no share check).
    """
    parent = el.getparent()
    if parent is None or el.tag in ("html", "body", "main"):
        return
    if total and el.tag not in ("script", "style") and _p_text(el) > total * MAX_DROP_SHARE:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


#: Elements that start a new line; text between them (inline runs) forms one paragraph.
_LINE_BREAKS = _BLOCKS | {
    "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "caption", "br", "hr", "h1", "header", "footer", "aside", "figure", "center", "address",
}  # fmt: skip


def _walk_lines(el: Any, out: list[str], cur: list[str]) -> None:
    """Append the text of ``el`` to ``cur``; block elements flush ``cur`` into ``out``."""
    block = el.tag in _LINE_BREAKS
    if block and cur:
        out.append("".join(cur))
        cur.clear()
    if el.tag in ("td", "th"):
        cur.append(" ")  # a table row is one line, its cells separated by spaces
    if el.text:
        cur.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk_lines(child, out, cur)
        if child.tail:
            cur.append(child.tail)
    if block and cur:
        out.append("".join(cur))
        cur.clear()
    elif el.tag in ("td", "th"):
        cur.append(" ")


def _blocks_text(container: Any) -> list[str]:
    """The paragraphs of a body container: block elements and loose text runs, in order."""
    total = _p_text(container)
    for el in _noise(container, relative=True):
        _drop(el, total)
    lines: list[str] = []
    cur: list[str] = []
    _walk_lines(container, lines, cur)
    if cur:
        lines.append("".join(cur))
    return [t for t in (clean(x) for x in lines) if t]


def _clean_lines(
    lines: list[str], exclude: set[str], template: Callable[[str], bool] | None = None
) -> list[str]:
    """The lines that are the story's text. ``template``: tells a line of the site's
    template (its profile) from the story's."""
    out: list[str] = []
    seen: set[str] = set()
    long_excludes = [x for x in exclude if len(x) > 30]
    for line in lines:
        line = clean(line)
        if not line or line in exclude or (line in seen and len(line) > REPEAT_MIN):
            continue
        if AGENCY_LINE_RE.match(line) or MORE_RE.match(line) or _SHARE_RE.match(line):
            continue
        if is_byline_line(line) or is_date_line(line):
            continue
        if (len(line) <= 120 and TOPIC_LABEL.match(line)) or _SOURCE_LINE.match(line):
            continue  # "Filed under: Budget", "Tagi: ...", "Źródło: PAP": furniture, not text
        if len(line) <= CREDIT_LINE and is_credit_line(line):
            continue  # "Photo: AFP" below a picture the images did not claim: its credit
        if any(line.startswith(x) for x in long_excludes):
            continue  # a captions strip glued to the next caption
        if template is not None and template(line):
            continue
        seen.add(line)
        out.append(line)
    if out:
        mt = PAREN_RE.match(out[0])
        if mt:  # a bare leading "(AFP) " marker; "Berlin (dpa) - " datelines are kept
            out[0] = out[0][mt.end() :].lstrip(" -–") or out[0]
    return out


def extract_body(
    tree: Any,
    exclude: set[str],
    claimed: list[Any],
    selector: str | None = None,
    related_box: Any = None,
    template: Callable[[str], bool] | None = None,
) -> tuple[str | None, str]:
    """Return ``(body, how)``; mutates ``tree`` (call it last). ``how`` explains a miss.

    ``exclude``: texts that must not appear as body lines (captions, lead, headline);
    ``claimed``: elements already used by other fields (removed before extraction unless
    they hold most of the page's paragraphs); ``related_box`` is always removed;
    ``template``: true for a line of the site's template (from its profile).
    """
    total = _p_text(tree)
    # a "related box" holding nearly all the paragraph text is the text (a body whose
    # paragraphs link many other stories); a real one beside a short story may hold 65 %
    if related_box is not None and not holds_headline(related_box):
        if _p_text(related_box) <= RELATED_MAX_SHARE * total:
            _drop(related_box)
    for el in claimed:
        if el is not None and el is not related_box:
            _drop(el, total)
    candidates: list[list[Any]] = []
    if selector:
        try:
            candidates.append(css_select(tree, selector))
        except Exception:  # noqa: BLE001 - bad seed selector
            pass
    candidates += _known_containers(tree)
    for found in candidates:
        if found:
            lines = _clean_lines([t for el in found for t in _blocks_text(el)], exclude, template)
            if lines:
                return "\n\n".join(lines), "selector"
    total = _p_text(tree)
    for el in _noise(tree):
        _drop(el, total)
    dominant = dominant_parents(tree)
    if dominant:
        lines = _clean_lines([t for el in dominant for t in _blocks_text(el)], exclude, template)
        if lines:
            return "\n\n".join(lines), "paragraphs"
    if len(tree.text_content()) > HUGE_TEXT:
        # trafilatura needs ~1.5 s per MB; a huge page gets the plain paragraph reader.
        root = next(iter(tree.xpath("//article|//main|//body")), tree)
        lines = _clean_lines(_blocks_text(root), exclude, template)
        return ("\n\n".join(lines), "paragraphs") if lines else (None, "huge page without text")
    try:
        # fast mode (no readability/justext comparison) first: it scores as well on the
        # article-extraction benchmark at a third of the time; the full run only when the
        # fast result looks like a menu (many short lines) or is empty
        text = _trafilatura(tree, fast=True)
        if not text or _menu_like(text):
            text = _trafilatura(tree, fast=False) or text
    except Exception as exc:  # noqa: BLE001 - trafilatura must not break extraction
        return None, f"trafilatura failed: {type(exc).__name__}"
    if not text:
        return None, "no body container and trafilatura found no main text"
    lines = _clean_lines(text.splitlines(), exclude, template)
    if not lines:
        return None, "main text consisted only of captions, agency or navigation lines"
    return "\n\n".join(lines), "trafilatura"


def _trafilatura(tree: Any, fast: bool) -> str | None:
    return trafilatura.extract(
        tree,
        fast=fast,
        favor_precision=False,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        output_format="txt",
    )


def _menu_like(text: str) -> bool:
    """Mostly lines of one to three words: a navigation list rather than an article."""
    lines = [x for x in text.splitlines() if x.strip()]
    short = sum(1 for x in lines if len(x.split()) <= 3)
    return len(lines) >= 10 and short > 0.5 * len(lines)
