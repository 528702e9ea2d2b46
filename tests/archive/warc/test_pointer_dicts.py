"""The WARC pointer's and the digest entry's plain forms: what items and the digest stores
hold, key for key and in order (item lines are compared byte for byte)."""

from __future__ import annotations

from dataclasses import asdict, astuple

from archive.warc.digests import DigestEntry
from archive.warc.pointer import WarcPointer

ENTRY = DigestEntry("http://a.test/", "sha1:AB", "<urn:uuid:1>", "2025-01-01T00:00:00Z", "f", 7, 9)


def test_a_digest_entry_row_and_dict_are_its_fields_in_order() -> None:
    assert ENTRY.row() == astuple(ENTRY)
    assert list(ENTRY.to_dict().items()) == list(asdict(ENTRY).items())


def test_a_pointer_dict_leaves_out_what_is_unknown_and_keeps_the_order() -> None:
    full = WarcPointer("f", 1, 2, "<urn:uuid:2>", "sha1:CD", "2025", ENTRY.to_dict())
    assert list(full.to_dict().items()) == list(asdict(full).items())
    bare = WarcPointer("f", 1, 2, "<urn:uuid:2>", "sha1:CD")
    assert list(bare.to_dict()) == ["file", "offset", "length", "record_id", "payload_digest"]


def test_a_pointer_dict_is_a_copy() -> None:
    pointer = WarcPointer("f", 1, 2, "<urn:uuid:2>", "sha1:CD", "2025", ENTRY.to_dict())
    pointer.to_dict()["revisit_of"]["offset"] = 99
    assert pointer.revisit_of is not None and pointer.revisit_of["offset"] == 7
