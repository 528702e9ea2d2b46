"""Tiny real JPEGs (baseline, greyscale, DC-only blocks), deterministic per key.

Written by hand so the demo needs no imaging library; every image is a valid JPEG that
browsers and pywb show, with incompressible filler so it weighs what a news photo weighs.
"""

from __future__ import annotations

import hashlib
import random
import struct


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = 0
                self.n = 0

    def flush(self) -> bytes:
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


#: Bytes of incompressible filler per image, so images weigh what news photos weigh
#: (tens of KB) and archive figures (revisit savings, throughput) are not skewed by
#: unrealistically tiny files.
JPEG_FILLER = 30_000


def make_jpeg(key: str, width: int = 48, height: int = 32, filler: int = JPEG_FILLER) -> bytes:
    """A valid greyscale JPEG whose shading, COM and filler segments depend on ``key``."""
    h = hashlib.sha256(key.encode()).digest()
    bw, bh = width // 8, height // 8
    # DC-only table: categories 0..11 all with 4-bit codes 0000..1011.
    dc_bits = bytes([0, 0, 0, 12] + [0] * 12)
    dc_vals = bytes(range(12))
    # AC table with one symbol: EOB (0x00), code "0".
    ac_bits = bytes([1] + [0] * 15)
    ac_vals = b"\x00"
    bits = _BitWriter()
    prev = 0
    for by in range(bh):
        for bx in range(bw):
            level = (h[0] + bx * h[1] // 4 + by * h[2] // 4) % 200 + 28
            dc = 8 * (level - 128)
            diff = dc - prev
            prev = dc
            cat = abs(diff).bit_length()
            bits.write(cat, 4)
            if cat:
                bits.write(diff if diff > 0 else diff + (1 << cat) - 1, cat)
            bits.write(0, 1)  # EOB
    data = bits.flush()
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xFE, f"newsarchiver demo image {key}".encode()),
            *_filler_segments(key, filler),
            _segment(0xDB, b"\x00" + bytes([1] * 64)),
            _segment(0xC0, struct.pack(">BHHBBBB", 8, height, width, 1, 1, 0x11, 0)),
            _segment(0xC4, b"\x00" + dc_bits + dc_vals),
            _segment(0xC4, b"\x10" + ac_bits + ac_vals),
            _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            data,
            b"\xff\xd9",
        ]
    )


def _filler_segments(key: str, size: int) -> list[bytes]:
    """APP15 segments (ignored by decoders) of deterministic pseudo-random bytes."""
    data = random.Random(f"filler-{key}").randbytes(size)
    return [_segment(0xEF, data[i : i + 65000]) for i in range(0, size, 65000)]
