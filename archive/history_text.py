"""A story's history as terminal text: versions, capture times, paragraph and word diffs.

Why a plain-text form: it is the first thing a researcher looks at (and pipes into ``less`` or a
notebook). With ``color`` deletions are red and insertions green (ANSI); without it they are
marked ``[-deleted-]`` and ``{+inserted+}`` (the wdiff convention), so the output stays readable
in a log or a file.
"""

from __future__ import annotations

from typing import Any

from archive.history import StoryHistory, Version
from archive.version_diff import diff_images, diff_list, paragraph_blocks

__all__ = ["render_text"]

_RED, _GREEN, _BOLD, _DIM, _RESET = "\033[31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"
TEXT_FIELDS = ("headline", "lead", "body")


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def deleted(self, text: str) -> str:
        return f"{_RED}{text}{_RESET}" if self.color else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        return f"{_GREEN}{text}{_RESET}" if self.color else f"{{+{text}+}}"

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.color else text

    def dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self.color else text


def _captures(version: Version, style: _Style) -> list[str]:
    lines = []
    for cap in version.captures:
        where = f"{cap.filename}@{cap.offset}"
        lines.append(style.dim(f"    captured {cap.iso}  {cap.kind} {cap.status}  {where}"))
    return lines


def _text_diff(name: str, old: str | None, new: str | None, style: _Style) -> list[str]:
    lines = []
    for block in paragraph_blocks(old, new):
        op = block["op"]
        if op == "equal":
            continue
        if op == "insert":
            pos = f"¶{block['new_index'] + 1}"
            lines.append(f"  {name} {pos} inserted: {style.inserted(block['text'])}")
        elif op == "delete":
            pos = f"¶{block['old_index'] + 1}"
            lines.append(f"  {name} {pos} deleted: {style.deleted(block['text'])}")
        else:
            marked = "".join(
                s["text"]
                if s["op"] == "equal"
                else (
                    style.deleted(s["text"]) if s["op"] == "delete" else style.inserted(s["text"])
                )
                for s in block["words"]
            )
            lines.append(f"  {name} ¶{block['new_index'] + 1} edited: {marked}")
    return lines


def _field_diff(name: str, old: dict[str, Any], new: dict[str, Any], style: _Style) -> list[str]:
    a, b = old.get(name), new.get(name)
    if name in TEXT_FIELDS:
        return _text_diff(name, a, b, style)
    if name == "authors":
        d = diff_list(a, b)
        parts = [style.inserted(x) for x in d["added"]] + [style.deleted(x) for x in d["removed"]]
        return [f"  authors: {', '.join(parts)}"]
    if name == "images":
        d = diff_images(a, b)
        out = [
            f"  image added: {style.inserted(i['url'])}  {i['caption'] or ''}" for i in d["added"]
        ]
        out += [f"  image removed: {style.deleted(i['url'])}" for i in d["removed"]]
        for c in d["changed"]:
            was, now = c["old"]["caption"] or "", c["new"]["caption"] or ""
            out.append(f"  image {c['url']}: {style.deleted(was)} {style.inserted(now)}")
        return out
    return [f"  {name}: {style.deleted(str(a))} -> {style.inserted(str(b))}"]


def render_text(history: StoryHistory, *, color: bool = False) -> str:
    """The whole history as text (ends with a newline)."""
    style = _Style(color)
    versions = history.versions
    captures = sum(len(v.captures) for v in versions)
    lines = [
        style.bold(f"story {history.id}  {history.url}"),
        f"{len(versions)} version(s), {captures} capture(s) in the index",
    ]
    previous: Version | None = None
    for version in versions:
        item = version.item
        changed = ", ".join(version.changed_fields) or "first version"
        lines.append("")
        lines.append(
            style.bold(f"version {version.number}  {version.captured_at or '?'}") + f"  ({changed})"
        )
        if previous is None:
            lines.append(f"  headline: {item.get('headline') or ''}")
            lines.append(f"  authors: {', '.join(item.get('authors') or [])}")
            lines.append(f"  published: {item.get('published')}")
        else:
            for name in version.changed_fields:
                lines += _field_diff(name, previous.item, item, style)
        lines += _captures(version, style)
        previous = version
    return "\n".join(lines) + "\n"
