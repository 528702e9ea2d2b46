"""Benchmark: Parquet export against JSONL export of the same item store (time, peak RSS, size).

    .venv/bin/python bench/export_formats.py [--items 1000000] [--keep DIR]

Builds N synthetic items with ``bench/export.py``'s generator, written as an item log and
ingested as ``export`` does (or reuses the store a ``--keep DIR`` run left in DIR), then
runs each export in its own child process, so each peak RSS is that export's alone:
``--format jsonl``, ``--format parquet`` and ``--format parquet --partitioned`` (site/day
folders), all ``--versions latest --dedup content``. Prints one line per format (rows,
seconds, peak RSS, output size), the load average after each, and each Parquet export's
time and peak RSS against JSONL's, measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: One export in a child: prints "rows seconds"; the parent reads the child's peak RSS.
CHILD = """
import sys, time
from pathlib import Path
from archive.exports.export import export
from archive.stores.item_store import ItemStore
store = ItemStore(Path(sys.argv[1]))
start = time.perf_counter()
result = export(store, sys.argv[2], dedup="content", format=sys.argv[3],
                partitioned=sys.argv[4] == "1")
print(result.rows, time.perf_counter() - start)
store.close()
"""
FORMATS = (("jsonl", False, "export.jsonl"), ("parquet", False, "export.parquet"))
FORMATS += (("parquet", True, "export-parts"),)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(db: Path, out: Path, fmt: str, partitioned: bool) -> tuple[int, float, float, int]:
    """(rows, seconds, peak RSS MB, output bytes) of one export in a child process."""
    args = [sys.executable, "-c", CHILD, str(db), str(out), fmt, "1" if partitioned else "0"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
    _, status, usage = os.wait4(proc.pid, 0)
    output = proc.stdout.read().decode().split()
    proc.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{fmt} export failed")
    return int(output[0]), float(output[1]), usage.ru_maxrss / 1024, _size(out)


def _load(when: str) -> None:
    """The machine is shared: every figure comes with the load it was measured under."""
    print("load average " + "/".join(f"{x:.1f}" for x in os.getloadavg()) + f" {when}")


def main() -> None:
    from archive.layout import ArchiveLayout
    from bench.export import bench_args, fill_store

    args = bench_args(
        __doc__.splitlines()[0], "use (or build) the store in this folder", build_only=True
    )
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsarchiver-bench-"))
    db = ArchiveLayout(folder).item_store_db
    if not db.exists():
        store, built = fill_store(folder, args.items, args.words)
        store.close()
        print(built, flush=True)
    if args.build_only:
        return
    _load("before the exports")
    results = {}
    for fmt, partitioned, name in FORMATS:
        rows, seconds, peak, size = run(db, folder / name, fmt, partitioned)
        label = fmt + (" --partitioned" if partitioned else "")
        results[label] = seconds, peak
        print(
            f"{label:22} rows {rows}  {seconds:.1f} s  peak RSS {peak:.0f} MB  "
            f"output {size / 1e6:.0f} MB",
            flush=True,
        )
        _load(f"after {label}")
        if partitioned:  # thousands of small files: not worth keeping
            shutil.rmtree(folder / name, ignore_errors=True)
    base_s, base_mb = results["jsonl"]
    for label, (seconds, peak) in results.items():
        if label != "jsonl":
            print(f"{label} / jsonl: time {seconds / base_s:.2f}x, peak RSS {peak / base_mb:.2f}x")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
