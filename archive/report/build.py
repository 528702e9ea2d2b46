"""The crawl health report as data: one :class:`Report` per archive, also as JSON.

The HTML page (:mod:`archive.report.html`) and ``--json`` both render this one object, so
what monitoring reads and what a person sees are the same figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from archive.report.captures import CaptureStats, http_errors_by_run, read_captures, read_run_log
from archive.report.drift import DEFAULT_MARGIN, Drift, find_drifts
from archive.report.runs import RunItems, read_runs
from archive.stores.run_log import Run


@dataclass
class SiteReport:
    """Everything the report says about one site."""

    site: str
    runs: list[Run] = field(default_factory=list)
    item_runs: list[RunItems] = field(default_factory=list)
    errors_by_run: dict[int, Counter] = field(default_factory=dict)
    captures: CaptureStats = field(default_factory=CaptureStats)
    drifts: list[Drift] = field(default_factory=list)

    @property
    def median_seconds(self) -> float | None:
        secs = [r.seconds for r in self.runs if r.seconds is not None]
        return statistics.median(secs) if secs else None

    def _stories(self) -> dict[str, tuple[str, str]]:
        """Every story of the site once (its latest day and section)."""
        stories: dict[str, tuple[str, str]] = {}
        for run in self.item_runs:
            stories.update(run.stories)
        return stories

    def stories_per_day(self) -> Counter:
        return Counter(day for day, _ in self._stories().values())

    def stories_per_section(self) -> Counter:
        return Counter(section for _, section in self._stories().values())

    def item_run_for(self, run: Run) -> RunItems | None:
        """The item log a logged run wrote: the one whose stamp falls inside the run."""
        start = run.started_at.replace(microsecond=0)
        end = run.finished_at or start
        for item_run in self.item_runs:
            if start <= item_run.started <= end:
                return item_run
        return None

    def run_rows(self) -> list[dict[str, Any]]:
        """The run log's rows with their error kinds (HTTP status from the index, the rest
        counted as ``other`` from the run log's error total)."""
        rows = []
        for run in self.runs:
            kinds = Counter(self.errors_by_run.get(run.id, {}))
            other = (run.errors or 0) - sum(kinds.values())
            if other > 0:
                kinds["other"] = other
            item_run = self.item_run_for(run)
            rows.append(
                {
                    "id": run.id,
                    "started": run.started,
                    "seconds": run.seconds,
                    "outcome": run.outcome,
                    "pages": run.pages,
                    "items": run.items,
                    "errors": run.errors,
                    "errors_by_kind": dict(sorted(kinds.items())),
                    "new_stories": item_run.new_stories if item_run else None,
                    "new_versions": item_run.new_versions if item_run else None,
                    "items_file": item_run.path.name if item_run else None,
                    "message": run.message,
                }
            )
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "runs": self.run_rows(),
            "median_crawl_seconds": self.median_seconds,
            "extraction_runs": [r.to_json() for r in self.item_runs],
            "stories_per_day": dict(sorted(self.stories_per_day().items())),
            "stories_per_section": dict(self.stories_per_section().most_common()),
            "archive": self.captures.to_json(),
            "drift": [d.to_json() for d in self.drifts],
        }


@dataclass
class Report:
    archive: Path
    generated: datetime
    days: int | None
    margin: float
    sites: list[SiteReport]

    @property
    def drifts(self) -> list[Drift]:
        return [d for s in self.sites for d in s.drifts]

    def to_json(self) -> dict[str, Any]:
        return {
            "archive": str(self.archive),
            "generated": self.generated.isoformat(timespec="seconds"),
            "days": self.days,
            "drift_margin": self.margin,
            "drift": [d.to_json() for d in self.drifts],
            "sites": [s.to_json() for s in self.sites],
        }


def build_report(
    archive: Path | str,
    *,
    site: str | None = None,
    days: int | None = None,
    margin: float = DEFAULT_MARGIN,
    now: datetime | None = None,
) -> Report:
    """Read an archive folder's item logs, run log and index into a :class:`Report`."""
    archive = Path(archive)
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days) if days else None
    item_runs = read_runs(archive, site=site, since=since)
    runs = [r for r in read_run_log(archive, site) if since is None or r.started_at >= since]
    names = sorted({r.site for r in item_runs} | {r.site for r in runs})
    sites = []
    for name in names:
        report = SiteReport(
            site=name,
            runs=[r for r in runs if r.site == name],
            item_runs=[r for r in item_runs if r.site == name],
        )
        report.captures = read_captures(archive, _hosts(report.item_runs))
        report.errors_by_run = http_errors_by_run(report.runs, report.captures.errors)
        report.drifts = find_drifts(report.item_runs, margin=margin)
        sites.append(report)
    return Report(archive=archive, generated=now, days=days, margin=margin, sites=sites)


def _hosts(runs: list[RunItems]) -> set[str]:
    """The hosts a site's items were fetched from: its captures in the shared index."""
    return {host for run in runs for host in run.hosts}
