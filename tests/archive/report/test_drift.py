"""Fill rates and drift warnings computed from hand-made item logs (no crawl needed)."""

from __future__ import annotations

from pathlib import Path

import orjson

from archive.report.drift import ALL_SECTIONS, find_drifts
from archive.report.fields import filled_fields
from archive.report.runs import parse_items_name, read_runs


def item(n: int, section: str, **fields: object) -> dict:
    base = {
        "url": f"http://news.example.test/{section.lower()}/story-{n}.html",
        "section": section,
        "headline": f"Story {n}",
        "published": "2026-11-30T08:15:00+01:00",
        "authors": ["Jo Reporter"],
        "lead": "A lead.",
        "body": "Body text.",
        "topics": [section],
        "images": [{"url": "http://news.example.test/i.jpg", "caption": "c", "credit": "dpa"}],
        "related": [{"url": "http://news.example.test/other.html"}],
    }
    return base | fields


def write_log(archive: Path, stamp: str, items: list[dict], site: str = "example") -> None:
    folder = archive / "items"
    folder.mkdir(parents=True, exist_ok=True)
    lines = b"".join(orjson.dumps(i) + b"\n" for i in items)
    (folder / f"{site}-{stamp}.jsonl").write_bytes(lines)


def test_a_degraded_value_counts_as_missing() -> None:
    filled = filled_fields(item(1, "Sport", published="2026-11-30", images=[{"url": "x"}]))
    assert filled["published"] is False  # a date without time and offset
    assert filled["images_credited"] is False  # an image, but no credit
    assert filled["headline"] is True
    assert filled_fields(item(1, "Sport", published="2026-11-30T07:15:00Z"))["published"] is True


def test_item_log_names_give_site_and_start() -> None:
    site, started = parse_items_name(Path("my-site-20261130T081500Z.jsonl"))
    assert (site, started.isoformat()) == ("my-site", "2026-11-30T08:15:00+00:00")
    assert parse_items_name(Path("notes.jsonl")) is None


def test_new_stories_and_versions_follow_the_item_store_rules(tmp_path: Path) -> None:
    write_log(tmp_path, "20261130T080000Z", [item(1, "Sport"), item(2, "Sport")])
    # story 1 unchanged but for its related box (not a version); story 2 edited; story 3 new
    write_log(
        tmp_path,
        "20261130T090000Z",
        [item(1, "Sport", related=[]), item(2, "Sport", body="Edited."), item(3, "Sport")],
    )
    first, second = read_runs(tmp_path)
    assert (first.new_stories, first.new_versions) == (2, 0)
    assert (second.new_stories, second.new_versions) == (1, 1)


def test_a_field_lost_in_one_section_is_named_with_examples(tmp_path: Path) -> None:
    politik = [item(n, "Politik") for n in range(6)]
    write_log(tmp_path, "20261130T080000Z", politik + [item(10 + n, "Sport") for n in range(4)])
    write_log(tmp_path, "20261130T090000Z", politik + [item(20 + n, "Sport") for n in range(4)])
    lost = [item(30 + n, "Sport", authors=[]) for n in range(4)]
    write_log(tmp_path, "20261130T100000Z", politik + lost)
    drifts = find_drifts(read_runs(tmp_path))
    by_place = {(d.section, d.field): d for d in drifts}
    sport = by_place[("Sport", "authors")]
    assert (sport.site, sport.baseline, sport.latest) == ("example", 1.0, 0.0)
    assert sport.examples == tuple(i["url"] for i in lost)
    # the site as a whole fell from 100 % to 60 %: above the default 20-point margin too
    assert by_place[(ALL_SECTIONS, "authors")].latest == 0.6
    assert all(d.field == "authors" for d in drifts)
    assert find_drifts(read_runs(tmp_path), margin=0.5) == [sport]


def test_no_warning_without_history_or_with_too_few_items(tmp_path: Path) -> None:
    write_log(tmp_path, "20261130T080000Z", [item(1, "Sport"), item(2, "Sport")])
    assert find_drifts(read_runs(tmp_path)) == []  # one run: nothing to compare with
    write_log(tmp_path, "20261130T090000Z", [item(3, "Sport", authors=[]), item(4, "Sport")])
    # two items per run are below the three a rate needs before it counts
    assert find_drifts(read_runs(tmp_path)) == []


def test_sites_are_compared_with_their_own_runs_only(tmp_path: Path) -> None:
    for stamp in ("20261130T080000Z", "20261130T090000Z"):
        write_log(tmp_path, stamp, [item(n, "Sport") for n in range(4)], site="a")
    write_log(tmp_path, "20261130T100000Z", [item(n, "Sport", authors=[]) for n in range(4)], "b")
    assert find_drifts(read_runs(tmp_path)) == []  # site b has no earlier run
