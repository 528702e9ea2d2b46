"""The seed folder as the cron runner sees it: one schedule per site, problems as lines.

A seed file that stops validating is reported once per change of its problem, and its site
keeps its last good job (its crawls then record the config error), so a typo never silently
unschedules a site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger

from crawler.crontab import cron_trigger
from crawler.seed import SeedError, load_seed


@dataclass(frozen=True)
class SiteSpec:
    """What the cron runner needs from one seed file."""

    site: str
    seed_path: str  # absolute
    schedule: str  # 5-field cron, in ``timezone``
    timezone: str

    def fingerprint(self, every_seconds: float | None) -> str:
        """Changes whenever the job must be rescheduled (stored as the job's name)."""
        when = f"every {every_seconds:g}s" if every_seconds else self.schedule
        return f"{self.site} | {when} | {self.timezone} | {self.seed_path}"


def scan_seeds(seeds_dir: Path) -> tuple[dict[str, SiteSpec], list[str]]:
    """Valid seeds by site name, plus one problem line per file that cannot be scheduled."""
    specs: dict[str, SiteSpec] = {}
    problems: list[str] = []
    for path in sorted(Path(seeds_dir).glob("*.toml")):
        try:
            seed = load_seed(path)
        except SeedError as exc:
            problems.append(str(exc))
            continue
        if seed.name in specs:
            problems.append(
                f"{path}: site name '{seed.name}' is already used by "
                f"{specs[seed.name].seed_path}; this file is not scheduled"
            )
            continue
        specs[seed.name] = SiteSpec(seed.name, str(path.resolve()), seed.schedule, seed.timezone)
    return specs, problems


def make_trigger(spec: SiteSpec, every_seconds: float | None = None) -> Any:
    """The seed's cron in its timezone, or a fixed interval (``--every-seconds``, for tests)."""

    if every_seconds:
        return IntervalTrigger(seconds=every_seconds, timezone=UTC)
    return cron_trigger(spec.schedule, spec.timezone)  # cron's weekdays: 0 and 7 = Sunday


def seed_timeout(seed_path: str) -> float | None:
    """The seed's ``[schedule] timeout`` in seconds (None: none, or the seed is invalid)."""
    try:
        return load_seed(seed_path).timeout_seconds
    except SeedError:
        return None  # the crawl itself reports the seed error
