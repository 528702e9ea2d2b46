"""A site profile in words, for ``newsarchiver profile SITE``: per part, what was learned,
where on the page, from how many pages, on what share of them."""

from __future__ import annotations

from crawler.extract.profile.model import (
    BODY_SHARE,
    IMAGE_SHARE,
    LINK_SHARE,
    TEMPLATE_SHARE,
    VALUE_MIN_PAGES,
    VALUE_MIN_PAGES_OF,
    VALUE_SHARE,
    SiteProfile,
)

#: Entries listed per part (the file holds them all).
SHOWN = 12


def describe(profile: SiteProfile, hash_: str | None = None) -> list[str]:
    """The lines ``newsarchiver profile`` prints."""
    head = f"site {profile.site}: profile v{profile.version} {hash_ or profile.hash()}, "
    if not profile.usable:
        return [
            head + f"{profile.status}: learned from {profile.pages} article pages, needs "
            f"{profile.min_pages}; the generic extractor alone is used"
        ]
    n = profile.pages
    lines = [head + f"learned from {n} article pages"]

    def part(title: str, entries: list[str], total: int) -> None:
        lines.append(f"{title}: {total}")
        lines.extend(f"  {e}" for e in entries[:SHOWN])
        if total > SHOWN:
            lines.append(f"  ... {total - SHOWN} more in the profile file")

    part(
        f"template lines (a text on >= {BODY_SHARE:.0%} of pages, anywhere: no body line)",
        [f"{e['share']:.0%} of {n} pages  {e['sample']}" for e in profile.texts],
        len(profile.texts),
    )
    part(
        f"template blocks (a place and its text on >= {TEMPLATE_SHARE:.0%} of pages: no topic)",
        [f"{e['share']:.0%} of {n} pages  {e['sample']}" for e in profile.blocks],
        len(profile.blocks),
    )
    part(
        f"template images (same URL at the same place on >= {IMAGE_SHARE:.0%} of pages)",
        [f"{e['share']:.0%} of {n} pages  {e['sample']}" for e in profile.images],
        len(profile.images),
    )
    part(
        "template image places (few URLs over many pages: avatars, logos)",
        [
            f"{e['pages']} pages, {e['distinct_urls']} distinct URLs  {e['where']}"
            for e in profile.image_places
        ],
        len(profile.image_places),
    )
    lines.append(
        f"template links (same URL at the same place on >= {LINK_SHARE:.0%} of pages: "
        f"no related story): {len(profile.links)}"
    )
    part(
        "related-story places (headline-like links to the site's stories, other ones on "
        "nearly every page)",
        [
            f"{e['pages']} pages, {e['distinct_links']} distinct links  {e['where']}"
            for e in profile.related
        ],
        len(profile.related),
    )
    part(
        "read-also labels (before a link to another story, a new one each time)",
        [
            f"{e['label']!r}  on {e['pages']} pages, {e['distinct_links']} distinct links"
            for e in profile.labels
        ],
        len(profile.labels),
    )
    shares = ", ".join(
        f"{k} {v:.0%} ({VALUE_MIN_PAGES_OF.get(k, VALUE_MIN_PAGES)} pages)"
        for k, v in VALUE_SHARE.items()
    )
    part(
        f"template values (given on >= this share of the pages giving the field: {shares}; "
        "never the story's)",
        [_value(e) for e in profile.values],
        len(profile.values),
    )
    lines.append(
        "fields learned from the pages' structured data (where the page shows the stated "
        "value; measured on held-out pages):"
    )
    for name, e in sorted(profile.fields.items()):
        head = f"  {name}: {'used' if e['used'] else 'not used'}"
        if "where" in e:
            head += (
                f", at {e['where']}, learned from {e['learned_from']} pages, agreement "
                f"{e['agreement']:.2f} on {e['held_out_pages']} held-out pages"
            )
        else:
            head += f", {e['labelled_pages']} pages state it"
        lines.append(head + (f" ({e['why']})" if e.get("why") else ""))
    if not profile.fields:
        lines.append("  none: no page states a field in structured data")
    return lines


def _value(e: dict) -> str:
    """One template value in words; an author kept as the stories' says why."""
    line = f"{e['share']:.0%} of {e['pages']} pages  {e['sample']}"
    if e["field"] == "authors":
        line += f"  (another author beside it on {e['beside']} pages, {e['others']} others)"
        if not e.get("template", True):
            line += f": kept, {e['why']}"
    return line
