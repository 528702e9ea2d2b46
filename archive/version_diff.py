"""What changed between two versions of a story: paragraph and word diffs, list and image diffs.

Why: a version's ``changed_fields`` says *that* the body changed; studying silent edits needs
*what* changed. These pure functions turn the old and new content of a story into the
``changes`` object stored with each new version (documented in
``archive/schema/export-row.schema.json``). Deterministic: the same two versions always give
the same JSON (difflib without its automatic junk heuristic).

Text (headline, lead, body) is split into paragraphs at blank lines. Paragraph operations, in
order of position::

    {"op": "insert",  "new_index": j, "text": ...}
    {"op": "delete",  "old_index": i, "text": ...}
    {"op": "replace", "old_index": i, "new_index": j, "old": ..., "new": ...,
     "words": [{"op": "equal" | "delete" | "insert", "text": ...}, ...]}

Indexes are 0-based paragraph positions in the old and the new text. A paragraph counts as
*replaced* (edited) when at least :data:`EDIT_RATIO` of its words survive; otherwise it is a
deletion plus an insertion. ``words`` is a redline of the edited paragraph: the ``equal`` and
``delete`` spans concatenated give the old paragraph, ``equal`` and ``insert`` the new one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

__all__ = [
    "EDIT_RATIO",
    "diff_images",
    "diff_list",
    "diff_paragraphs",
    "diff_words",
    "paragraph_blocks",
    "paragraphs",
    "version_changes",
]

#: Share of matching words above which a changed paragraph is an edit, not a new paragraph.
EDIT_RATIO = 0.5
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TOKEN = re.compile(r"\s+|[^\s]+")
#: Fields stored with their old and new values (short, so kept whole next to the diff).
WHOLE_VALUE_FIELDS = ("headline", "lead", "authors", "published", "modified")


def paragraphs(text: str | None) -> list[str]:
    """The non-empty paragraphs of ``text`` (split at blank lines, each stripped)."""
    if not text:
        return []
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _matcher(a: list[str], b: list[str]) -> SequenceMatcher:
    return SequenceMatcher(None, a, b, autojunk=False)


def diff_words(old: str, new: str) -> list[dict[str, str]]:
    """Word-level redline of one paragraph (whitespace kept, so spans rebuild both texts)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    spans: list[dict[str, str]] = []

    def emit(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if spans and spans[-1]["op"] == op:
            spans[-1]["text"] += "".join(tokens)
        else:
            spans.append({"op": op, "text": "".join(tokens)})

    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "equal":
            emit("equal", a[i1:i2])
        else:
            emit("delete", a[i1:i2])
            emit("insert", b[j1:j2])
    return spans


def _similar(old: str, new: str) -> bool:
    a, b = old.split(), new.split()
    return _matcher(a, b).ratio() >= EDIT_RATIO


def _replace_block(old: list[str], new: list[str], i0: int, j0: int) -> list[dict[str, Any]]:
    """Pair the paragraphs of a changed block in order; unpaired ones are deletes/inserts."""
    ops: list[dict[str, Any]] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _similar(old[i], new[j]):
            ops.append(
                {
                    "op": "replace",
                    "old_index": i0 + i,
                    "new_index": j0 + j,
                    "old": old[i],
                    "new": new[j],
                    "words": diff_words(old[i], new[j]),
                }
            )
            i, j = i + 1, j + 1
        elif i < len(old) and (len(old) - i >= len(new) - j):
            ops.append({"op": "delete", "old_index": i0 + i, "text": old[i]})
            i += 1
        else:
            ops.append({"op": "insert", "new_index": j0 + j, "text": new[j]})
            j += 1
    return ops


def paragraph_blocks(old: str | None, new: str | None) -> list[dict[str, Any]]:
    """Every paragraph of both texts in reading order: the operations of
    :func:`diff_paragraphs` plus ``{"op": "equal", "old_index", "new_index", "text"}`` for the
    unchanged ones (what a side-by-side or redline view shows)."""
    a, b = paragraphs(old), paragraphs(new)
    ops: list[dict[str, Any]] = []
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "equal":
            ops += [
                {"op": "equal", "old_index": i1 + k, "new_index": j1 + k, "text": a[i1 + k]}
                for k in range(i2 - i1)
            ]
        elif tag == "delete":
            ops += [{"op": "delete", "old_index": i, "text": a[i]} for i in range(i1, i2)]
        elif tag == "insert":
            ops += [{"op": "insert", "new_index": j, "text": b[j]} for j in range(j1, j2)]
        else:
            ops += _replace_block(a[i1:i2], b[j1:j2], i1, j1)
    return ops


def diff_paragraphs(old: str | None, new: str | None) -> list[dict[str, Any]]:
    """Paragraph operations turning ``old`` into ``new`` (see the module docstring)."""
    return [op for op in paragraph_blocks(old, new) if op["op"] != "equal"]


def diff_list(old: list | None, new: list | None) -> dict[str, list]:
    """Entries added and removed (each list in its own order), e.g. authors."""
    old, new = list(old or []), list(new or [])
    return {
        "added": [x for x in new if x not in old],
        "removed": [x for x in old if x not in new],
    }


def _image(entry: Any) -> dict[str, Any]:
    if isinstance(entry, dict):
        return {k: entry.get(k) for k in ("url", "caption", "credit")}
    url, caption, credit = (list(entry) + [None, None, None])[:3]
    return {"url": url, "caption": caption, "credit": credit}


def diff_images(old: list | None, new: list | None) -> dict[str, list]:
    """Images added, removed (by URL) and changed (same URL, other caption or credit).

    Entries are image dicts or the store's ``[url, caption, credit]`` triples."""
    a = {i["url"]: i for i in map(_image, old or [])}
    b = {i["url"]: i for i in map(_image, new or [])}
    return {
        "added": [i for url, i in b.items() if url not in a],
        "removed": [i for url, i in a.items() if url not in b],
        "changed": [
            {"url": url, "old": a[url], "new": i}
            for url, i in b.items()
            if url in a and a[url] != i
        ],
    }


def version_changes(
    old: dict[str, Any], new: dict[str, Any], changed: list[str]
) -> dict[str, dict[str, Any]]:
    """The ``changes`` object of a new version: one entry per name in ``changed``."""
    out: dict[str, dict[str, Any]] = {}
    for name in changed:
        a, b = old.get(name), new.get(name)
        entry: dict[str, Any] = {"old": a, "new": b} if name in WHOLE_VALUE_FIELDS else {}
        if name in ("headline", "lead", "body"):
            entry["ops"] = diff_paragraphs(a, b)
        elif name == "authors":
            entry |= diff_list(a, b)
        elif name == "images":
            entry |= diff_images(a, b)
        out[name] = entry
    return out
