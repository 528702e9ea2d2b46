"""Payload digests and the capture a digest points at: the WARC layer's own vocabulary.

Why here: a ``WARC-Payload-Digest`` and the ``WARC-Refers-To*`` fields of a revisit are parts of
the format. The record builders, the writer and the reader speak them; the digest stores
(``archive.stores.digest_index`` and its PostgreSQL twin) only keep them, so they import this
module and not the other way round.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, fields

__all__ = ["DigestEntry", "payload_digest"]


def payload_digest(body: bytes) -> str:
    """``sha1:<BASE32>`` of the stored payload, the same string warcio writes to the record."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass(frozen=True)
class DigestEntry:
    """The original record a revisit refers to."""

    url: str
    digest: str
    record_id: str
    date: str
    file: str
    offset: int
    length: int

    def to_dict(self) -> dict:
        """The ``revisit_of`` part of an item's WARC pointer."""
        return dict(zip(_NAMES, self.row(), strict=True))

    def row(self) -> tuple[str, str, str, str, str, int, int]:
        """The fields in order, as the digest stores' rows hold them. Every field is a str or
        an int, so no copy is needed: ``dataclasses.astuple`` deep-copied each one, a tenth
        of the capture middleware's own time."""
        return (
            self.url,
            self.digest,
            self.record_id,
            self.date,
            self.file,
            self.offset,
            self.length,
        )


_NAMES = tuple(f.name for f in fields(DigestEntry))
