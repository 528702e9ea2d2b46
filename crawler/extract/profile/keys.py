"""Keys of texts, stable across processes and runs (``hash()`` is salted per process)."""

from __future__ import annotations

import hashlib


def key_of(text: str) -> int:
    """A stable 64-bit key of ``text`` (blake2b)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def norm_text(text: str) -> str:
    """Text as compared across pages: whitespace collapsed, case folded. Digits are kept:
    two dates or two scores are not one template text."""
    return " ".join(text.replace("\xa0", " ").split()).casefold()
