"""A story's history as one self-contained HTML page: versions side by side, changes marked.

Why a page: long bodies with several edits are easier to compare in columns than in a
terminal, and a single file (inline CSS, no script, no external resource) can be mailed or
attached to a paper's data. Column *k* shows version *k*; paragraphs inserted since version
*k-1* are green, deleted ones are shown struck through in red where they stood, and an edited
paragraph shows its word-level redline. Images are listed (URL, caption, credit), not loaded.
"""

from __future__ import annotations

from html import escape
from typing import Any

from archive.history import StoryHistory, Version
from archive.version_diff import diff_images, diff_list, paragraph_blocks

__all__ = ["render_html"]

CSS = """
body { font: 15px/1.45 Georgia, serif; margin: 1.5em; color: #111; background: #fff; }
h1 { font-size: 1.3em; } .meta { color: #555; font: 13px/1.4 sans-serif; }
.versions { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(22em, 1fr);
  gap: 1.2em; overflow-x: auto; }
.version { border: 1px solid #ccc; border-radius: 4px; padding: 0.8em 1em; }
.version h2 { font: bold 14px sans-serif; margin: 0 0 0.3em; }
.headline { font-size: 1.15em; font-weight: bold; } .lead { font-weight: bold; }
ins, .ins { background: #d5f5d5; text-decoration: none; }
del, .del { background: #fadada; color: #8a1010; text-decoration: line-through; }
p.ins, p.del { padding: 0 0.2em; } ul { padding-left: 1.2em; }
.field { font: 12px sans-serif; color: #555; text-transform: uppercase; margin-top: 0.8em; }
"""


def _redline(words: list[dict[str, str]]) -> str:
    out = []
    for span in words:
        text = escape(span["text"])
        if span["op"] == "delete":
            out.append(f"<del>{text}</del>")
        elif span["op"] == "insert":
            out.append(f"<ins>{text}</ins>")
        else:
            out.append(text)
    return "".join(out)


def _text(old: str | None, new: str | None, css: str, *, first: bool) -> str:
    if first:
        blocks = paragraph_blocks(new, new)
    else:
        blocks = paragraph_blocks(old, new)
    out = []
    for block in blocks:
        op = block["op"]
        if op == "equal":
            out.append(f'<p class="{css}">{escape(block["text"])}</p>')
        elif op == "insert":
            out.append(f'<p class="{css} ins">{escape(block["text"])}</p>')
        elif op == "delete":
            out.append(f'<p class="{css} del">{escape(block["text"])}</p>')
        else:
            out.append(f'<p class="{css} edited">{_redline(block["words"])}</p>')
    return "\n".join(out)


def _authors(old: list | None, new: list | None, first: bool) -> str:
    gone = [] if first else diff_list(old, new)["removed"]
    added = set([] if first else diff_list(old, new)["added"])
    parts = [f"<ins>{escape(a)}</ins>" if a in added else escape(a) for a in new or []]
    parts += [f"<del>{escape(a)}</del>" for a in gone]
    return ", ".join(parts)


def _images(old: list | None, new: list | None, first: bool) -> str:
    d = diff_images([] if first else old, new)
    added = {i["url"] for i in d["added"]} if not first else set()
    changed = {c["url"] for c in d["changed"]}
    items = []
    for img in new or []:
        caption = escape(" - ".join(x for x in (img.get("caption"), img.get("credit")) if x))
        css = ' class="ins"' if img.get("url") in added or img.get("url") in changed else ""
        items.append(f"<li{css}>{escape(img.get('url') or '')}<br>{caption}</li>")
    if not first:
        items += [f'<li class="del">{escape(i["url"] or "")}</li>' for i in d["removed"]]
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _column(version: Version, previous: Version | None) -> str:
    item, first = version.item, previous is None
    old: dict[str, Any] = previous.item if previous else {}
    changed = ", ".join(version.changed_fields) or "first version"
    captures = "".join(
        f"<li>{escape(c.iso)} {escape(c.kind)} {escape(c.status)}</li>" for c in version.captures
    )
    parts = [
        '<section class="version">',
        f"<h2>Version {version.number}</h2>",
        f'<div class="meta">archived {escape(version.captured_at or "?")}<br>'
        f"changed: {escape(changed)}<br>modified: {escape(str(item.get('modified')))}</div>",
        _text(old.get("headline"), item.get("headline"), "headline", first=first),
        f'<div class="meta">{_authors(old.get("authors"), item.get("authors"), first)}</div>',
        _text(old.get("lead"), item.get("lead"), "lead", first=first),
        _text(old.get("body"), item.get("body"), "body", first=first),
        '<div class="field">Images</div>',
        _images(old.get("images"), item.get("images"), first),
        '<div class="field">Captures</div>',
        f'<ul class="meta">{captures}</ul>',
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def render_html(history: StoryHistory) -> str:
    """The complete page (UTF-8 text)."""
    columns, previous = [], None
    for version in history.versions:
        columns.append(_column(version, previous))
        previous = version
    title = escape(history.versions[-1].item.get("headline") or history.url)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>History: {title}</title>\n<style>{CSS}</style></head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p class="meta">story {escape(history.id)} · {escape(history.url)} · '
        f"{len(history.versions)} version(s)</p>\n"
        f'<div class="versions">\n{"".join(columns)}\n</div>\n</body></html>\n'
    )
