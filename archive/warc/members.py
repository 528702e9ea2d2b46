"""One gzip member per WARC record, at a level chosen by what the record holds.

warcio's writer gzips every record at level 9. A JPEG, PNG or WOFF2 payload is compressed
already, and so is a page stored with its ``Content-Encoding: gzip``: level 9 took 0.8 ms
for a 30 KB demo image to save 0.15 % of it, and the images of a crawl cost the crawl
process more compression time than its HTML pages. Such a response is written as a
*stored* member (deflate level 0: copied, with its CRC), still one standard gzip member
per record that every WARC reader opens; everything else keeps level 9, the archive's
size being what it was.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import GzippingWrapper, WARCWriter

#: The level of every record whose payload is not known to be compressed already.
LEVEL = 9
#: Media types whose bytes are compressed already (a deflate pass gains nothing on them).
#: SVG, BMP and TIFF images are not among them: they compress.
COMPRESSED_TYPES = frozenset(
    {
        "image/jpeg",
        "image/jpg",
        "image/pjpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/avif",
        "image/heic",
        "image/heif",
        "image/jxl",
        "font/woff",
        "font/woff2",
        "application/font-woff",
        "application/font-woff2",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-brotli",
        "application/zstd",
    }
)
COMPRESSED_KINDS = ("video/", "audio/")
#: Content codings of a payload stored as it came (a gzipped HTML page is stored gzipped).
COMPRESSED_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "br", "zstd", "compress"})


def level_for(record: ArcWarcRecord) -> int:
    """0 for a response whose payload is compressed already (its media type or its
    content coding says so), else 9."""
    if record.rec_type != "response" or record.http_headers is None:
        return LEVEL
    http = record.http_headers
    coding = (http.get_header("Content-Encoding") or "").rsplit(",", 1)[-1].strip().lower()
    media = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if coding in COMPRESSED_CODINGS:
        return 0
    if media in COMPRESSED_TYPES or media.startswith(COMPRESSED_KINDS):
        return 0
    return LEVEL


class _Member(GzippingWrapper):
    """warcio's gzip member writer at ``level``."""

    def __init__(self, out: BinaryIO, level: int) -> None:
        super().__init__(out)
        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)


class MemberWriter(WARCWriter):
    """warcio's WARC/1.1 writer, each record one gzip member at :func:`level_for`'s level."""

    def __init__(self, filebuf: BinaryIO) -> None:
        super().__init__(filebuf, gzip=False, warc_version="WARC/1.1")

    def write_record(self, record: ArcWarcRecord, params: object = None) -> None:
        """Write ``record`` as one gzip member (warcio flushes the member at its end)."""
        self._write_warc_record(_Member(self.out, level_for(record)), record)
