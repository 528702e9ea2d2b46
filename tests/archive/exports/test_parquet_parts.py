"""The partitioned Parquet writer holds a fixed amount of rows, whatever the export's size.

Bounds are checked through the writer's own counters (bytes buffered, files open) and
through the peak RSS of a child process writing 10x more rows: it must not grow with them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from archive.exports.parquet_parts import PartitionWriter

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = pa.schema(
    [("id", pa.int64()), ("body", pa.string()), ("site", pa.string()), ("day", pa.string())]
)


def chunks(rows: int, partitions: int, size: int = 2000, body: int = 200):
    """Tables of ``size`` rows whose rows cycle over ``partitions`` site/day pairs."""
    for start in range(0, rows, size):
        ids = list(range(start, min(start + size, rows)))
        yield pa.table(
            {
                "id": pa.array(ids, pa.int64()),
                "body": pa.array([f"text {i:<3} " * (body // 10) for i in ids]),
                "site": pa.array([f"s{i % 3}" for i in ids]),
                "day": pa.array([f"2025-01-{1 + i % partitions // 3:02d}" for i in ids]),
            },
            schema=SCHEMA,
        )


def test_buffers_and_open_files_stay_within_their_bounds(tmp_path: Path) -> None:
    writer = PartitionWriter(tmp_path, SCHEMA, budget=64 << 10, open_files=4)
    total = 0
    for table in chunks(10_000, partitions=60):
        writer.add(table)
        total += table.nbytes
        assert writer.buffered <= writer.budget
    writer.close()
    assert total > 30 * writer.budget  # far more rows went through than were ever held
    assert 0 < writer.peak_buffered <= writer.budget and writer.peak_open == 4
    files = list(tmp_path.rglob("*.parquet"))
    assert len({f.parent for f in files}) == 60 and len(files) > 60  # folders got new parts
    got = ds.dataset(tmp_path, format="parquet", partitioning="hive").to_table().to_pylist()
    assert sorted(r["id"] for r in got) == list(range(10_000))
    for row in got:
        i = row["id"]
        assert (row["site"], row["day"]) == (f"s{i % 3}", f"2025-01-{1 + i % 60 // 3:02d}")
    for f in files:  # within one part file, rows keep the order they came in
        ids = ds.dataset(f, format="parquet").to_table().column("id").to_pylist()
        assert ids == sorted(ids)


CHILD = """
import sys
from pathlib import Path
from tests.archive.exports.test_parquet_parts import SCHEMA, chunks
from archive.exports.parquet_parts import PartitionWriter
writer = PartitionWriter(Path(sys.argv[2]), SCHEMA, budget=4 << 20)
for table in chunks(int(sys.argv[1]), partitions=150, size=4000, body=1000):
    writer.add(table)
writer.close()
"""


def _peak_rss_mb(rows: int, out: Path) -> float:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(rows), str(out)], cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss / 1024


def test_peak_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """5k rows against 60k (5 MB and 60 MB of bodies over 150 partitions, 4 MB budget):
    unbounded buffers would put the larger one ~55 MB higher."""
    small = _peak_rss_mb(5_000, tmp_path / "small")
    large = _peak_rss_mb(60_000, tmp_path / "large")
    print(f"peak RSS {small:.0f} MB at 5k rows, {large:.0f} MB at 60k rows")
    assert large - small < 20, (small, large)
    assert len(list((tmp_path / "large").rglob("*.parquet"))) >= 150
