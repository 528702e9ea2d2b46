"""``newsarchiver history`` and the version diffs end to end: two real crawls of the demo site
with one clock step between them (three recent stories get a paragraph added), then the
export's ``changes`` and the history command's text and HTML page (opened in real chromium)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.urls import story_id
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.browser import ARTIFACTS, chromium, require_chromium
from tests.conftest import newsarchiver
from tests.crawler.middlewares.test_incremental import advance_clock, crawl


@pytest.fixture(scope="module")
def edited_archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    archive = tmp_path_factory.mktemp("history") / "archive"
    knobs = {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": 2.0,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_NOW": DemoSite(clock=1).site_time().isoformat(),
    }
    with DemoSiteServer(DemoSite(), port=0) as server:
        crawl(archive, server.proxy_url, **knobs)
        advance_clock(server)
        crawl(archive, server.proxy_url, **knobs)
    out = archive.parent / "all.jsonl"
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), "--versions", "all")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    edited = [r for r in rows if r["version"] == 2]
    assert len(edited) == 3, [r["url"] for r in edited]
    return {"archive": archive, "rows": rows, "edited": edited}


def test_an_updated_story_has_its_added_paragraph_in_changes_body(edited_archive: dict) -> None:
    for row in edited_archive["edited"]:
        first = next(r for r in edited_archive["rows"] if r["id"] == row["id"] and r is not row)
        assert row["changed_fields"] == ["body", "modified"]
        (op,) = row["changes"]["body"]["ops"]
        paragraphs = first["body"].split("\n\n")
        assert op == {"op": "insert", "new_index": len(paragraphs), "text": op["text"]}
        assert row["body"] == first["body"] + "\n\n" + op["text"]
        assert row["changes"]["modified"] == {"old": first["modified"], "new": row["modified"]}
        assert "related" not in row["changes"]


def test_history_prints_versions_captures_and_the_diff(edited_archive: dict) -> None:
    row = edited_archive["edited"][0]
    added = row["changes"]["body"]["ops"][0]["text"]
    proc = newsarchiver("history", row["url"], "--archive", str(edited_archive["archive"]))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith(f"story {row['id']}  {row['url']}\n2 version(s), ")
    assert "version 1  " in out and "(first version)" in out
    assert f"version 2  {row['warc']['date']}  (body, modified)" in out
    assert f"inserted: {{+{added}+}}" in out  # not a terminal: wdiff markers, no colour
    assert "\033[" not in out
    assert out.count("    captured ") >= 2 and "response 200" in out
    by_id = newsarchiver("history", row["id"], "--archive", str(edited_archive["archive"]))
    assert by_id.stdout == out
    coloured = newsarchiver(
        "history", row["id"], "--color", "--archive", str(edited_archive["archive"])
    )
    assert f"\033[32m{added}\033[0m" in coloured.stdout


def test_history_html_page_renders_side_by_side_in_chromium(edited_archive: dict) -> None:
    require_chromium()
    row = edited_archive["edited"][0]
    added = row["changes"]["body"]["ops"][0]["text"]
    page = edited_archive["archive"].parent / "history.html"
    proc = newsarchiver(
        "history", row["url"], "--archive", str(edited_archive["archive"]), "--html", str(page)
    )
    assert proc.returncode == 0 and f"wrote {page}" in proc.stderr, proc.stderr
    shot = ARTIFACTS / "history-html.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.goto(page.as_uri())
        columns = tab.locator("section.version")
        assert columns.count() == 2
        boxes = [columns.nth(i).bounding_box() for i in range(2)]
        assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]  # side by side
        inserted = columns.nth(1).locator("p.ins")
        assert inserted.inner_text() == added
        colour = inserted.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour != "rgba(0, 0, 0, 0)"  # highlighted
        assert columns.nth(0).locator("p.ins").count() == 0
        tab.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["http://news.demo.test/nope.html"], "no such story in the archive"),
        (["0123456789abcdef"], "no such story in the archive"),
    ],
)
def test_unknown_story_is_one_line(edited_archive: dict, args: list[str], message: str) -> None:
    proc = newsarchiver("history", *args, "--archive", str(edited_archive["archive"]))
    assert proc.returncode == 2
    assert (
        proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr
    )


def test_history_without_an_archive_is_one_line(tmp_path: Path) -> None:
    proc = newsarchiver("history", story_id("http://x.test/a"), "--archive", str(tmp_path / "no"))
    assert (
        proc.returncode == 2 and proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    )
