"""The parsed page every field extractor reads: tree, structured data, article scope.

One :class:`Page` per response, built once by :func:`crawler.extract.article.extract_article`
and handed to the field finders (``article.py``, ``dates/``, ``images.py``), so the
JSON-LD, microdata and meta tags are parsed once and "in the article, outside the related box"
means the same for every field.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from crawler.extract.credits import clean
from crawler.extract.rules import ExtractionRules
from crawler.extract.structured import Structured, css_select, json_ld, meta_tags, microdata


class Page:
    """Everything the field extractors share for one page."""

    def __init__(self, url: str, tree: Any, rules: ExtractionRules, rules_given: bool) -> None:
        self.url = url
        self.tree = tree
        # one Python proxy per element for the whole page: lxml.html looks up each proxy's
        # class in Python, again whenever a scan meets an element no one holds
        self._proxies = list(tree.iter())
        self.rules = rules
        self.rules_given = rules_given
        base = tree.xpath("//base/@href")
        self.base = urljoin(url, base[0].strip()) if base else url
        self.ld = json_ld(tree)
        self.md = microdata(tree)
        self.meta = meta_tags(tree)
        self.structs: list[Structured] = [s for s in (self.ld, self.md) if s]
        scopes = tree.xpath("//article") or tree.xpath(
            "//*[@itemtype][contains(@itemtype,'Article')]"
        )
        scopes = scopes or tree.xpath("//main") or tree.xpath("//body") or [tree]
        self.scope = _scope(scopes)
        self._related_box: Any = None
        self._related_set: set[Any] = set()
        self._classed: list[tuple[Any, str]] | None = None
        self._class_texts: dict[bool, tuple[str, list[int]]] = {}
        self._order: dict[Any, int] | None = None
        self._scope_set: set[Any] | None = None
        self._texts: dict[Any, str] = {}
        #: The words the reader sees (body text without scripts), built on first use.
        self.visible_words: str | None = None
        self.tz: str | None = None
        #: When the server sent the page (its Date header; None: not known): the day that
        #: "yesterday" and a date without its year are read against.
        self.fetched: datetime | None = None
        #: The page seen through its site's profile (None: no profile).
        self.profile: Any = None
        #: The same, for the values the outlet gives a field on many pages (None: no profile).
        self.values: Any = None
        #: What several field finders read, found once (the date candidates' stages).
        self.memo: dict[str, Any] = {}

    @property
    def related_box(self) -> Any:
        return self._related_box

    @related_box.setter
    def related_box(self, box: Any) -> None:
        self._related_box = box
        self._related_set = set(box.iter()) if box is not None else set()

    def text(self, el: Any) -> str:
        """The element's text, whitespace collapsed, computed once per element: the byline,
        agency, topic, date and read-also scans read the same paragraphs and boxes, and
        the tree is not changed while fields are read."""
        try:
            return self._texts[el]
        except KeyError:
            text = self._texts[el] = clean(el.text_content())
            return text

    def css(self, name: str, root: Any = None) -> list[Any]:
        sel = self.rules.selectors.get(name)
        if not sel:
            return []
        try:
            return [el for el in css_select(root if root is not None else self.tree, sel)]
        except Exception:  # noqa: BLE001 - a broken seed selector is ignored
            return []

    def is_template(self, el: Any) -> bool:
        """The site's profile knows ``el`` (its place and text) on most of the site's pages."""
        return self.profile is not None and self.profile.template_block(el, self.text(el))

    def template_value(self, name: str, value: str) -> bool:
        """The site's profile knows ``value`` as one the outlet gives field ``name`` on many
        of its pages (a logo as the ``<h1>``, a site-wide description): not the story's."""
        return self.values is not None and self.values.template_value(name, value)

    def in_related(self, el: Any) -> bool:
        return el in self._related_set

    def in_scope(self, el: Any) -> bool:
        if self._scope_set is None:
            self._scope_set = set(self.scope.iterdescendants())
        return el in self._scope_set

    def classed(self) -> list[tuple[Any, str]]:
        """Every element with a class, with its lower-cased class (the tree is not yet
        mutated while fields are read, so this is built once per page)."""
        if self._classed is None:
            self._classed = [(el, el.get("class").lower()) for el in self.tree.xpath("//*[@class]")]
        return self._classed

    def with_class(
        self, rx: re.Pattern[str], *, cased: bool = False, token_start: bool = False
    ) -> list[Any]:
        """The elements whose lower-cased class (``cased``: the class as written, for
        camelCase words) ``rx`` finds, in document order; ``token_start``: only where the
        match starts a class token (after a start, whitespace, ``-`` or ``_``).

        One search over every class of the page joined by newlines, instead of one search
        per element (a Python call each, for thousands of elements, several scans a page).
        So ``rx`` must never match a newline: class words, with lookarounds for boundaries.
        The token start is checked here, not by a lookbehind in ``rx``: a pattern that
        starts with its words lets Python's regex engine skip to their first letters.
        """
        classed = self.classed()
        if cased not in self._class_texts:
            classes = [el.get("class") for el, _ in classed] if cased else [c for _, c in classed]
            starts, at = [], 0
            for c in classes:
                starts.append(at)
                at += len(c) + 1
            self._class_texts[cased] = "\n".join(classes), starts
        text, starts = self._class_texts[cased]
        out: list[Any] = []
        at = 0
        while mt := rx.search(text, at):
            if token_start and mt.start() and not _token_edge(text[mt.start() - 1]):
                at = mt.start() + 1  # inside a word: on with the next place
                continue
            i = bisect_right(starts, mt.start()) - 1
            out.append(classed[i][0])
            if i + 1 == len(starts):
                break
            at = starts[i + 1]  # on with the next element's class
        return out

    def in_order(self, elements: set[Any]) -> list[Any]:
        """``elements`` in document order."""
        if self._order is None:
            self._order = {el: i for i, el in enumerate(self._proxies)}
        return sorted(elements, key=self._order.__getitem__)

    def scoped(self, found: list[Any]) -> list[Any]:
        found = [el for el in found if not self.in_related(el)]
        return [el for el in found if self.in_scope(el)] or found

    def find(self, xpath: str) -> list[Any]:
        """Elements in the article scope (falling back to the page), outside the related box."""
        found = [el for el in self.scope.xpath("." + xpath) if not self.in_related(el)]
        if not found:
            found = [el for el in self.tree.xpath(xpath) if not self.in_related(el)]
        return found

    def find_cls(self, *names: str) -> list[Any]:
        """Like ``find``: elements whose class contains one of ``names`` (case-insensitive)."""
        return self.scoped(self.with_class(_any_of(names)))

    def find_tokens(self, *names: str) -> list[Any]:
        """Like ``find``: elements with one of ``names`` as a class token (case-sensitive)."""
        wanted = set(names)
        found = [el for el, _ in self.classed() if wanted & set(el.get("class").split())]
        return self.scoped(found)

    def find_cls_images(self, *names: str) -> list[Any]:
        """``<img>`` elements inside elements whose class contains one of ``names``."""
        imgs: list[Any] = []
        seen: set[Any] = set()
        for box in self.with_class(_any_of(names)):
            for img in box.iter("img", "amp-img"):
                if img not in seen:
                    seen.add(img)
                    imgs.append(img)
        return self.scoped(imgs)


#: A first <article> shorter than this is a teaser, not the story.
TEASER_CHARS = 1000


def _scope(candidates: list[Any]) -> Any:
    """The longest of the first three candidates; when even that is a teaser and a later
    one is not (a page that lists teaser <article>s before the story's own), the longest
    of them all. (A page of teasers only keeps the first: its scope falls back to the
    page wherever it finds nothing.)"""
    length = {id(el): len(el.text_content()) for el in candidates}
    first = max(candidates[:3], key=lambda el: length[id(el)])
    longest = max(candidates, key=lambda el: length[id(el)])
    return longest if length[id(first)] < TEASER_CHARS <= length[id(longest)] else first


@lru_cache(maxsize=64)
def _any_of(names: tuple[str, ...]) -> re.Pattern[str]:
    """One search for "contains one of ``names``" instead of a substring test per name."""
    return re.compile("|".join(re.escape(n) for n in names))


def token_match(page: Page, names: str, keep: Any = None) -> list[Any]:
    """Elements (scope first, outside the related box) with a class token like ``x-lead``;
    with ``keep``, only those it accepts (before the scope is preferred: an accepted element
    outside the article beats none)."""
    found = page.with_class(_token_rx(names), token_start=True)
    return page.scoped([el for el in found if keep(el)] if keep else found)


@lru_cache(maxsize=64)
def _token_rx(names: str) -> re.Pattern[str]:
    """``names`` before an end, whitespace, ``-`` or ``_``, matching no newline (the start
    of a token is checked by :meth:`Page.with_class`, ``token_start``).

    Plain words are compiled as a trie (``s(?:ubtitle|ummary)``): otherwise Python's regex
    engine tried each of twenty words at every position of the page's classes."""
    words = names.split("|")
    body = _trie(words) if all(_PLAIN.fullmatch(w) for w in words) else names
    return re.compile(r"(?:" + body + r")(?![^\s_-])")


def _token_edge(ch: str) -> bool:
    """What ends the token before a class token: whitespace, ``-`` or ``_``."""
    return ch.isspace() or ch in "-_"


_PLAIN = re.compile(r"[a-z0-9_-]+")


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, one branch per distinct next letter."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(root)


def _branches(node: dict[str, dict]) -> str:
    alts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if "" in node else body
