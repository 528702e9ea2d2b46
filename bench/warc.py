"""Throughput of ``WarcFileWriter.write_exchange`` against gzip-compressing the same bytes.

warcio compresses each record as its own gzip member with ``zlib.compressobj(9, ...)``, so
the floor is zlib at level 9 over exactly the bytes the writer compressed: every record of
the file it wrote (warcinfo, and a response and a request record per exchange), taken
back out of the file uncompressed, one gzip member each. The floor does no digests, no
header building and no I/O; that is what the ratio measures. Both rates are MB of bodies
per second.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive.warc.writer import WarcFileWriter

WARCIO_LEVEL = 9  # warcio.warcwriter.GzippingWrapper


@dataclass
class WarcResult:
    """MB/s (of body bytes) for the writer and for the zlib floor, median of repeats."""

    mb: float
    writer_mbs: float
    floor_mbs: float

    @property
    def ratio(self) -> float:
        return self.writer_mbs / self.floor_mbs if self.floor_mbs else 0.0


def synthetic_bodies(count: int, size: int, seed: int = 11) -> list[bytes]:
    """``count`` distinct HTML-like bodies of about ``size`` bytes (news-page compressibility)."""
    rng = random.Random(seed)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyzäöü", k=rng.randint(2, 10)))]
    words += [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 10)))
        for _ in range(5000)
    ]
    bodies = []
    for i in range(count):
        parts = [f"<html><head><title>Artikel {i}</title></head><body>"]
        length = len(parts[0])
        while length < size:
            para = '<p class="text">' + " ".join(rng.choices(words, k=40)) + "</p>\n"
            parts.append(para)
            length += len(para.encode())
        bodies.append("".join(parts).encode()[:size])
    return bodies


def record_bytes(path: Path) -> list[bytes]:
    """The uncompressed bytes of every gzip member (one WARC record each) of ``path``."""
    data = memoryview(path.read_bytes())
    out = []
    pos = 0
    while pos < len(data):
        member = zlib.decompressobj(zlib.MAX_WBITS + 16)
        parts = []
        # Fed in small slices: ``unused_data`` (a copy of what follows the member) then
        # stays small instead of copying the rest of the file once per record.
        while not member.eof and pos < len(data):
            chunk = data[pos : pos + 65536]
            parts.append(member.decompress(chunk))
            pos += len(chunk)
        pos -= len(member.unused_data)
        out.append(b"".join(parts))
    return out


def _time_writer(bodies: list[bytes], directory: Path) -> float:
    now = datetime.now(UTC)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    start = time.perf_counter()
    with WarcFileWriter(directory, host_tag="bench") as writer:
        for i, body in enumerate(bodies):
            writer.write_exchange(
                url=f"http://news.bench.test/politik/2025/11/story-{i}.html",
                method="GET",
                request_headers=[("User-Agent", "bench"), ("Accept", "text/html")],
                request_body=b"",
                protocol="HTTP/1.1",
                status=200,
                reason="OK",
                response_headers=headers,
                body=body,
                ip_address="127.0.0.1",
                fetched_at=now,
            )
    return time.perf_counter() - start


def _time_floor(records: list[bytes]) -> float:
    start = time.perf_counter()
    for body in records:
        comp = zlib.compressobj(WARCIO_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        comp.compress(body)
        comp.flush()
    return time.perf_counter() - start


def bench_warc(count: int = 2000, size: int = 60_000, repeats: int = 3) -> WarcResult:
    """Interleave writer and floor runs ``repeats`` times; report medians."""
    bodies = synthetic_bodies(count, size)
    mb = sum(map(len, bodies)) / 1e6
    writer_s, floor_s = [], []
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as tmp:
        for r in range(repeats):
            directory = Path(tmp) / str(r)
            writer_s.append(_time_writer(bodies, directory))
            records = [rec for path in sorted(directory.iterdir()) for rec in record_bytes(path)]
            floor_s.append(_time_floor(records))
            del records
    return WarcResult(mb, mb / statistics.median(writer_s), mb / statistics.median(floor_s))
