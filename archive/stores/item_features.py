"""What the item store derives from one item before touching the database, alone or by batch.

Why apart from :mod:`archive.stores.item_store`: re-ingesting an archive of a million items
spent most of its time in per-item text work (normalising words, hashing shingles, MinHash),
and numpy's cost per call dominates a news-sized body. :func:`prepare` computes the costly
parts of a whole batch at once (:func:`archive.fingerprints.near_keys_many`); a
:class:`Features` not prepared computes them itself when asked. Either way the values are
the same, so a store built in batches is the store built item by item.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import orjson

from archive import fingerprints as fp
from archive.urls import id_of_normalized, normalize_url

#: Fields whose change makes a new version.
CONTENT_FIELDS = ("headline", "lead", "body", "authors", "published", "modified", "images")

_UNSET: Any = object()


def utc_key(value: str | None) -> str | None:
    """ISO date/time -> sortable UTC string (``2025-12-02T16:52:59Z`` or a bare date)."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 10:
        try:
            return datetime.strptime(value, "%Y-%m-%d").strftime("%Y-%m-%d")
        except ValueError:
            return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_of(item: dict[str, Any]) -> dict[str, Any]:
    """The fields that make a version (images as url, caption, credit only)."""
    images = [
        [i.get("url"), i.get("caption"), i.get("credit")]
        for i in item.get("images") or []
        if isinstance(i, dict)
    ]
    out = {k: item.get(k) for k in CONTENT_FIELDS}
    out["images"] = images
    return out


def content_hash(content: dict[str, Any]) -> bytes:
    data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(data, digest_size=16).digest()


def version_key(item: dict[str, Any]) -> bytes:
    """What decides whether an item is a new version of its story (the related box is not in it)."""
    return content_hash(content_of(item))


class Features:
    """One item's story id, content hash and, on demand, its body's fingerprints.

    Raises ``ValueError`` for an item with neither ``canonical_url`` nor ``url``."""

    __slots__ = ("item", "canonical", "id", "content", "chash", "fetched", "_words", "_near")

    def __init__(self, item: dict[str, Any]) -> None:
        url = item.get("canonical_url") or item.get("url")
        if not url or not isinstance(url, str):
            raise ValueError("item has neither canonical_url nor url")
        self.item = item
        self.canonical = normalize_url(url)
        self.id = id_of_normalized(self.canonical)
        self.content = content_of(item)
        self.chash = content_hash(self.content)  # = version_key(item)
        self.fetched: str = item.get("fetched_at") or ""
        self._words: list[str] | None = None
        self._near: fp.NearKeys | None = _UNSET

    @property
    def body_words(self) -> list[str]:
        if self._words is None:
            self._words = fp.words(self.item.get("body"))
        return self._words

    @property
    def content_fp(self) -> int | None:
        return fp.content_fingerprint(self.item.get("headline"), None, self.body_words)

    @property
    def near(self) -> fp.NearKeys | None:
        """The body's shingles, MinHash and band keys; None for a body too short."""
        if self._near is _UNSET:
            self._near = fp.near_keys(self.body_words)
        return self._near


def prepare(batch: list[Features]) -> None:
    """Compute the body fingerprints of ``batch`` in one pass (see the module docstring)."""
    todo = [f for f in batch if f._near is _UNSET]
    for f, near in zip(todo, fp.near_keys_many([f.body_words for f in todo]), strict=True):
        f._near = near
