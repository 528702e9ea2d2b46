"""Per-crawl extraction figures, read from the item logs of an archive folder.

Why the item logs: each crawl writes exactly one ``items/<site>-<UTC start>.jsonl`` with
every item it extracted, so one file is one run's extraction output, complete and never
half-written (the logger writes whole lines only). Counting from them needs no crawler and
gives the same figures however often the report is made.

New stories and new versions are decided the way the item store decides them: a story is
its canonical id (:func:`archive.urls.story_id`), and a version is a change of its content
key (:func:`archive.stores.item_store.version_key`), so a changed related-stories box is
never a new version here either.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.jsonl import read_jsonl
from archive.layout import STAMP_PATTERN, ArchiveLayout, parse_file_stamp
from archive.report.fields import FIELDS, Item, body_length, filled_fields
from archive.stores.item_store import version_key
from archive.urls import redact_secrets, story_id

_STAMP = re.compile(rf"^(?P<site>.+)-(?P<stamp>{STAMP_PATTERN})(?:-[\w.-]+)?\.jsonl$")
#: Example URLs kept per (section, field) for a drift warning.
EXAMPLES = 5


@dataclass
class FieldCount:
    """How many items of a run (or of one section in it) had a field filled."""

    filled: int = 0
    total: int = 0
    missing_urls: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.filled / self.total if self.total else None

    def add(self, filled: bool, url: str) -> None:
        self.total += 1
        if filled:
            self.filled += 1
        elif len(self.missing_urls) < EXAMPLES:
            self.missing_urls.append(redact_secrets(url))


@dataclass
class RunItems:
    """One crawl's item log, summarised (a run on the frontier: every worker's log of it)."""

    site: str
    started: datetime
    path: Path
    paths: list[Path] = field(default_factory=list)
    items: int = 0
    new_stories: int = 0
    new_versions: int = 0
    body_lengths: list[int] = field(default_factory=list)
    sections: Counter = field(default_factory=Counter)
    #: story id -> (publication day, section) of every story in this run
    stories: dict[str, tuple[str, str]] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    fields: dict[str, FieldCount] = field(default_factory=dict)
    by_section: dict[str, dict[str, FieldCount]] = field(default_factory=dict)

    @property
    def median_body(self) -> int:
        return int(statistics.median(self.body_lengths)) if self.body_lengths else 0

    def fill_rates(self) -> dict[str, float | None]:
        return {name: count.rate for name, count in self.fields.items()}

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "started": self.started.isoformat(),
            "items_file": self.path.name,
            "items_files": [p.name for p in self.paths or [self.path]],
            "items": self.items,
            "new_stories": self.new_stories,
            "new_versions": self.new_versions,
            "median_body_chars": self.median_body,
            "sections": dict(self.sections),
            "fill": self.fill_rates(),
            "fill_by_section": {
                section: {name: count.rate for name, count in counts.items()}
                for section, counts in self.by_section.items()
            },
        }


def parse_items_name(path: Path) -> tuple[str, datetime] | None:
    """``(site, start)`` from an item log's name, or None for a file of another shape."""
    match = _STAMP.match(path.name)
    if match is None:
        return None
    started = parse_file_stamp(match["stamp"])
    return match["site"], started


def read_runs(
    archive: Path | str, *, site: str | None = None, since: datetime | None = None
) -> list[RunItems]:
    """Every run's figures, oldest first. ``since`` keeps later runs (earlier ones still
    count for deciding what is a new story or version)."""
    logs: dict[tuple[datetime, str], list[Path]] = {}
    for path in ArchiveLayout(archive).item_logs():
        parsed = parse_items_name(path)
        if parsed is not None and (site is None or parsed[0] == site):
            # Workers' logs of one frontier run share its stamp (their ids follow it).
            logs.setdefault((parsed[1], parsed[0]), []).append(path)
    seen: dict[tuple[str, str], bytes] = {}
    runs = []
    for (started, run_site), paths in sorted(logs.items()):
        run = _read_one(run_site, started, sorted(paths), seen)
        if since is None or started >= since:
            runs.append(run)
    return runs


def _read_one(
    site: str, started: datetime, paths: list[Path], seen: dict[tuple[str, str], bytes]
) -> RunItems:
    run = RunItems(site=site, started=started, path=paths[0], paths=paths)
    run.fields = {name: FieldCount() for name in FIELDS}
    for path in paths:
        for item in read_jsonl(path):
            _count(run, item, seen)
    return run


def _count(run: RunItems, item: Item, seen: dict[tuple[str, str], bytes]) -> None:
    url = item.get("url") or ""
    section = item.get("section") or "(none)"
    run.items += 1
    run.hosts.add((urlsplit(url).hostname or "").lower())
    run.sections[section] += 1
    run.body_lengths.append(body_length(item))
    per_section = run.by_section.setdefault(section, {name: FieldCount() for name in FIELDS})
    for name, filled in filled_fields(item).items():
        run.fields[name].add(filled, url)
        per_section[name].add(filled, url)
    sid = story_id(item.get("canonical_url") or url)
    run.stories[sid] = ((item.get("published") or "")[:10] or "(no date)", section)
    key = (run.site, sid)
    fingerprint = version_key(item)
    before = seen.get(key)
    if before is None:
        run.new_stories += 1
    elif before != fingerprint:
        run.new_versions += 1
    seen[key] = fingerprint
