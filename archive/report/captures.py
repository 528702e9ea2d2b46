"""Archive figures for the health report: WARC bytes per day, dedup savings, largest pages,
HTTP errors per run, read from the CDXJ index and the run log.

Why the CDXJ index and not the WARC files: the index already holds, for every capture, its
time, status, MIME type (``warc/revisit`` for a revisit record), and the length of its gzip
member in the WARC, so the report reads one sorted text file instead of every WARC.
``server-not-modified`` revisits (304s) are not in the index (see ``archive.index.cdxj``),
so the revisits counted here are identical-payload ones only; the report says so.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from archive.layout import ArchiveLayout
from archive.stores.run_log import Run, RunLog, as_seen
from archive.urls import redact_secrets

#: Largest captures listed.
LARGEST = 10


@dataclass
class CaptureStats:
    """Figures over every indexed capture (optionally one site's hosts only)."""

    bytes_per_day: Counter = field(default_factory=Counter)
    records_per_day: Counter = field(default_factory=Counter)
    full_records: int = 0
    full_bytes: int = 0
    revisit_records: int = 0
    revisit_bytes: int = 0
    # (length, url, timestamp) of the largest full captures
    largest: list[tuple[int, str, str]] = field(default_factory=list)
    # (capture time, status) of every capture that answered an error status
    errors: list[tuple[datetime, int]] = field(default_factory=list)

    @property
    def revisit_share(self) -> float | None:
        total = self.full_records + self.revisit_records
        return self.revisit_records / total if total else None

    def to_json(self) -> dict:
        return {
            "bytes_per_day": dict(sorted(self.bytes_per_day.items())),
            "records_per_day": dict(sorted(self.records_per_day.items())),
            "full_records": self.full_records,
            "full_bytes": self.full_bytes,
            "revisit_records": self.revisit_records,
            "revisit_bytes": self.revisit_bytes,
            "revisit_share": self.revisit_share,
            "largest": [
                {"url": url, "length": length, "timestamp": ts} for length, url, ts in self.largest
            ],
        }


def capture_time(timestamp: str) -> datetime:
    """A CDXJ 14-digit timestamp as an aware UTC datetime."""
    return datetime.strptime(timestamp[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def read_captures(archive: Path | str, hosts: set[str] | None = None) -> CaptureStats:
    """Scan ``indexes/index.cdxj`` (missing index: empty figures; run ``newsarchiver index``)."""
    stats = CaptureStats()
    index = ArchiveLayout(archive).index_file
    if not index.is_file():
        return stats
    heap: list[tuple[int, str, str]] = []
    with index.open(encoding="utf-8") as fh:
        for line in fh:
            _surt, timestamp, data = line.rstrip("\n").split(" ", 2)
            entry = json.loads(data)
            url = entry.get("url", "")
            if hosts is not None and _host(url) not in hosts:
                continue
            _add(stats, heap, timestamp, entry)
    stats.largest = sorted(heap, reverse=True)
    return stats


def _add(stats: CaptureStats, heap: list, timestamp: str, entry: dict) -> None:
    length = int(entry.get("length") or 0)
    day = f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}"
    stats.bytes_per_day[day] += length
    stats.records_per_day[day] += 1
    if entry.get("mime") == "warc/revisit":
        stats.revisit_records += 1
        stats.revisit_bytes += length
        return
    stats.full_records += 1
    stats.full_bytes += length
    item = (length, redact_secrets(entry.get("url", "")), timestamp)
    if len(heap) < LARGEST:
        heapq.heappush(heap, item)
    else:
        heapq.heappushpop(heap, item)
    status = str(entry.get("status") or "")
    if status.isdigit() and int(status) >= 400:
        stats.errors.append((capture_time(timestamp), int(status)))


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("@")[-1].split(":")[0].lower()


def read_run_log(archive: Path | str, site: str | None = None) -> list[Run]:
    """The run log's rows, oldest first (an archive without a run log: none; never creates one)."""
    path = ArchiveLayout(archive).run_log_db
    if not path.is_file():
        return []
    with RunLog(path) as log:
        return [as_seen(run, archive) for run in log.runs(site, include_skipped=False)]


def http_errors_by_run(runs: list[Run], errors: list[tuple[datetime, int]]) -> dict[int, Counter]:
    """Run id -> ``Counter({"http 404": n, ...})`` of error captures made during that run."""
    out: dict[int, Counter] = {}
    windows = [(r.started_at, r.finished_at, r.id) for r in runs if r.finished_at is not None]
    for when, status in errors:
        for start, end, run_id in windows:
            # CDXJ times have whole seconds; the run log has milliseconds
            if start.replace(microsecond=0) <= when <= end:
                out.setdefault(run_id, Counter())[f"http {status}"] += 1
                break
    return out
