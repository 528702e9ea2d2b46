"""Small hand-made article pages the extraction rule tests share.

Each rule test builds one page of its own around the same running text, so a rule is kept for
what it does on any page, not for the outlet it was first seen on. Two URL shapes: a dated
story path (``DATED_URL``) and a slug with an id (``SLUG_URL``); the related-story tests link
sibling stories of the same shape.
"""

from __future__ import annotations

import json

#: Two paragraphs of running text, long enough to be the body of any test page.
TEXT = (
    "<p>The county board voted late Tuesday to approve the new budget after a long and "
    "heated debate that ran well past midnight in the old courthouse.</p>"
    "<p>Opponents said the vote came too fast and that residents had not been heard; "
    "supporters said the plan had been studied from every angle for more than a year.</p>"
)
DATED_URL = "http://x.test/story/news/2025/11/27/county-board-approves-budget/1001/"
SLUG_URL = "http://x.test/news/county-board-approves-budget-1001.html"


def dated_story_link(n: int, day: int) -> str:
    """A list entry linking the ``n``-th sibling story of ``DATED_URL``'s shape, with its date."""
    return (
        f'<li><a href="/story/news/2025/11/{day}/another-story-number-{n}/{2000 + n}/">'
        f"Another story about the county, number {n}</a> <span>November {day}, 2025</span></li>"
    )


def dated_story(after: str = "", header: str = "", article_extra: str = "") -> bytes:
    """The story at ``DATED_URL``: ``article_extra`` after the headline, ``after`` after the
    article, ``header`` in the page header."""
    return (
        f"<html><body><header>{header}</header><main><article><h1>County board approves "
        f"budget</h1>{article_extra}<div class='story-text'>{TEXT}</div></article>{after}"
        "</main></body></html>"
    ).encode()


def slug_href(n: int) -> str:
    """The path of the ``n``-th sibling story of ``SLUG_URL``'s shape."""
    return f"/news/another-story-about-the-county-{2000 + n}.html"


def slug_story(after: str = "", before: str = "") -> bytes:
    """The story at ``SLUG_URL``: ``before`` and ``after`` around its text, in the article."""
    return (
        f"<html><body><main><article><h1>County board approves budget</h1>{before}"
        f"<div class='text'>{TEXT}</div>{after}</article><footer>x</footer></main></body></html>"
    ).encode()


RUNNING_TEXT = "".join(
    f"<p>Paragraph {i} of the story carries enough words to count as running text here.</p>"
    for i in range(6)
)


def en_page(
    head: str = "", top: str = "", body: str = RUNNING_TEXT, ld: dict | None = None
) -> bytes:
    """An English article page: ``top`` (headline, lead, figures ...) before ``body`` in one
    ``<article>``, with ``ld`` as its JSON-LD."""
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f"<html lang='en'><head>{head}{script}</head><body><article>{top}{body}"
        "</article></body></html>"
    ).encode()
