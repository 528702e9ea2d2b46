"""Fill-rate drift: a field that stopped being extracted on one site or section.

Why per section: a site usually changes one template at a time (the sport pages, the
live blogs), so a field that disappears from one section moves the site-wide rate by only
that section's share and can hide under a margin. Each section's latest rate is compared
with its mean over the previous runs in which the section had enough items to say
anything (``min_items``), and the site as a whole is checked the same way.

Pure functions over :class:`archive.report.runs.RunItems`; no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from archive.report.runs import FieldCount, RunItems

#: Default drop (in fill-rate points, 0..1) that raises a warning.
DEFAULT_MARGIN = 0.2
#: Previous runs a latest run is compared with.
DEFAULT_BASELINE_RUNS = 5
#: Items a section needs in a run before its fill rate counts.
DEFAULT_MIN_ITEMS = 3
#: The pseudo-section of a warning about a whole site.
ALL_SECTIONS = "(all sections)"


@dataclass(frozen=True)
class Drift:
    """One field whose fill rate fell in the latest run of a site (or one of its sections)."""

    site: str
    section: str
    field: str
    baseline: float
    latest: float
    run_started: str
    examples: tuple[str, ...]

    @property
    def drop(self) -> float:
        return self.baseline - self.latest

    def line(self) -> str:
        return (
            f"{self.site} / {self.section} / {self.field}: filled in {self.latest:.0%} of items "
            f"in the run of {self.run_started}, {self.baseline:.0%} before "
            "(template change suspected)"
        )

    def to_json(self) -> dict:
        return asdict(self) | {"drop": round(self.drop, 4), "examples": list(self.examples)}


def find_drifts(
    runs: list[RunItems],
    *,
    margin: float = DEFAULT_MARGIN,
    baseline_runs: int = DEFAULT_BASELINE_RUNS,
    min_items: int = DEFAULT_MIN_ITEMS,
) -> list[Drift]:
    """Drift warnings for the latest run of every site in ``runs`` (oldest first)."""
    by_site: dict[str, list[RunItems]] = {}
    for run in runs:
        by_site.setdefault(run.site, []).append(run)
    found: list[Drift] = []
    for site, site_runs in sorted(by_site.items()):
        latest, previous = site_runs[-1], site_runs[:-1][-baseline_runs:]
        if not previous:
            continue
        stamp = latest.started.isoformat()
        found += _compare(
            site,
            ALL_SECTIONS,
            latest.fields,
            [r.fields for r in previous],
            stamp,
            margin,
            min_items,
        )
        for section, counts in sorted(latest.by_section.items()):
            before = [r.by_section[section] for r in previous if section in r.by_section]
            found += _compare(site, section, counts, before, stamp, margin, min_items)
    return found


def _compare(
    site: str,
    section: str,
    latest: dict[str, FieldCount],
    previous: list[dict[str, FieldCount]],
    stamp: str,
    margin: float,
    min_items: int,
) -> list[Drift]:
    out = []
    for name, count in latest.items():
        if count.total < min_items:
            continue
        rates = [p[name].rate for p in previous if name in p and p[name].total >= min_items]
        if not rates:
            continue
        baseline = sum(rates) / len(rates)
        rate = count.rate or 0.0
        if baseline - rate > margin:
            out.append(Drift(site, section, name, baseline, rate, stamp, tuple(count.missing_urls)))
    return out
