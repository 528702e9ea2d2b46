"""Throughput of ``WarcFileWriter.write_exchange`` against gzip-compressing the same bytes.

warcio compresses each record as its own gzip member with ``zlib.compressobj(9, ...)``, so
the floor is zlib at level 9 over the same bodies, one member per body.
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

from archive.warc_writer import WarcFileWriter

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


def _time_floor(bodies: list[bytes]) -> float:
    start = time.perf_counter()
    for body in bodies:
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
            writer_s.append(_time_writer(bodies, Path(tmp) / str(r)))
            floor_s.append(_time_floor(bodies))
    return WarcResult(mb, mb / statistics.median(writer_s), mb / statistics.median(floor_s))
