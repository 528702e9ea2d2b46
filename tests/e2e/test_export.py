"""Exports over real demo crawls: wire stories fold, ids are stable, versions follow updates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from demosite.content import DemoSite
from tests.conftest import DemoCrawl, newsarchiver

SCHEMA = Path(__file__).resolve().parents[2] / "archive" / "schema" / "export-row.schema.json"


def export(archive: Path, out: Path, *args: str) -> list[dict]:
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), *args)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def second_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A separate crawl of the same demo site state, into a fresh archive."""
    archive = tmp_path_factory.mktemp("second") / "archive"
    proc = newsarchiver("demo", "--archive", str(archive), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    return archive


def test_wire_story_under_two_sections_is_one_row(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    rows = export(demo_crawl.archive, tmp_path / "out.jsonl", "--dedup", "content")
    site = DemoSite()
    copies = [a for a in site.visible_articles() if a.wire_copy]
    assert copies, "the demo site has wire stories under two sections"
    assert len(rows) == len(site.visible_articles()) - len(copies)
    by_url = {a.url: a for a in site.visible_articles()}
    for copy in copies:
        original = next(a for a in by_url.values() if a.id == copy.story_id)
        holders = [
            r
            for r in rows
            if {r["url"], *(d["url"] for d in r["duplicates"])} >= {copy.url, original.url}
        ]
        assert len(holders) == 1, copy.url
        assert holders[0]["cluster_id"] == holders[0]["id"]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for row in rows:
        validator.validate(row)
        assert row["warc"]["record_id"] and row["extractor"]["version"]


def test_ids_are_identical_across_two_separate_crawls(
    demo_crawl: DemoCrawl, second_archive: Path, tmp_path: Path
) -> None:
    first = export(demo_crawl.archive, tmp_path / "a.jsonl", "--dedup", "url")
    second = export(second_archive, tmp_path / "b.jsonl", "--dedup", "url")
    assert len(first) == len(DemoSite().visible_articles())
    assert {r["url"]: r["id"] for r in first} == {r["url"]: r["id"] for r in second}


def test_updated_story_is_a_second_version(second_archive: Path, tmp_path: Path) -> None:
    proc = newsarchiver("demo", "--archive", str(second_archive), "--clock", "1", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    updated = [a for a in DemoSite(clock=1).visible_articles() if a.modified]
    assert updated
    latest = export(second_archive, tmp_path / "latest.jsonl", "--dedup", "url")
    every = export(second_archive, tmp_path / "all.jsonl", "--dedup", "url", "--versions", "all")
    for story in updated:
        assert [r["version"] for r in latest if r["url"] == story.url] == [2], story.url
        versions = sorted((r["version"], r) for r in every if r["url"] == story.url)
        assert [v for v, _ in versions] == [1, 2], story.url
        assert "body" in versions[1][1]["changed_fields"]
    # Stories whose related box changed but whose text did not stay at version 1.
    untouched = {a.url for a in DemoSite(clock=1).visible_articles() if not a.modified}
    same = [r for r in latest if r["url"] in untouched]
    assert all(r["version"] == 1 for r in same)
    refetched = [r for r in same if r["last_seen"] and r["last_seen"] > r["fetched_at"]]
    assert refetched, "some unchanged stories were re-fetched (their related box moved on)"
