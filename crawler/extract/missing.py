"""Why a field is empty: every field the extractor could not fill is named in
``item.missing`` with the reason, so an empty field is never silent."""

from __future__ import annotations

from crawler.extract.decode import MAX_BODY_BYTES
from crawler.items import ArticleItem

REASONS = {
    "canonical_url": "no <link rel=canonical> or og:url",
    "section": (
        "no section selector, seed section linked to, named or listing the page, "
        "articleSection or article:section (a page read alone: nor a section-like URL path)"
    ),
    "language": "no <html lang>, Content-Language, og:locale, inLanguage or rules.language",
    "headline": "no headline in json-ld/microdata, no <h1>, og:title or <title>",
    "lead": "no description in json-ld/microdata, no lead element or meta description",
    "body": "no main text found",
    "authors": "no byline, json-ld/microdata author or meta author",
    "agency": "no agency line (@ dpa.de), (dpa)/(AFP) marker or agency author",
    "topics": "no breadcrumb, keywords or json-ld keywords",
    "published": "no date found in json-ld, microdata, meta, time element, text or url",
    "modified": "no dateModified, modified meta or 'Aktualisiert'/'Updated' line",
    "images": "no figure, gallery image, json-ld image or og:image",
    "related": "no related-stories box (related class or 'Weitere Meldungen'-like heading)",
}


def fill_missing(item: ArticleItem, truncated: bool = False) -> ArticleItem:
    """Name every empty field of ``item`` in ``item.missing`` (its reason kept if set)."""
    for name, reason in REASONS.items():
        value = getattr(item, name)
        if value in (None, "", []) and name not in item.missing:
            if truncated:
                reason += f" (page truncated to its first {MAX_BODY_BYTES} bytes)"
            item.missing[name] = reason
    return item
