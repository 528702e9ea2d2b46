"""The link from an item to the exact WARC record it was extracted from.

Why its own module: the pointer is the archive's one cross-reference (item logs, exports,
the digest index's revisits and re-extraction all carry it), while only the writer makes
them and only the reader follows them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WarcPointer:
    """Where a response (or revisit) record lives, so items can link to their exact capture.

    ``date`` is the record's WARC-Date (what a later revisit's ``WARC-Refers-To-Date`` needs);
    ``revisit_of`` is set when the record is a revisit: the original capture it refers to.
    """

    file: str
    offset: int
    length: int
    record_id: str
    payload_digest: str
    date: str = ""
    revisit_of: dict | None = None

    def to_dict(self) -> dict:
        """Plain dict (JSON-serializable) for ``request.meta`` and item logs.

        ``revisit_of`` only appears for revisit records, ``date`` only when known.
        """
        data: dict = {
            "file": self.file,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }
        if self.date:
            data["date"] = self.date
        if self.revisit_of is not None:  # a flat dict of str and int: a shallow copy is one
            data["revisit_of"] = dict(self.revisit_of)
        return data

    @property
    def is_revisit(self) -> bool:
        return self.revisit_of is not None
