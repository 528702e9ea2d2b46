"""``newsarchiver report`` over two real demo crawls, the second after the demo site changed
the article template of its Sport section so that bylines disappear."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.browser import ARTIFACTS, chromium, require_chromium
from tests.conftest import ROOT, newsarchiver

SEED = str(ROOT / "seeds" / "demo.toml")


@pytest.fixture(scope="module")
def drifted_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("report") / "archive"
    with DemoSiteServer(DemoSite(articles=60), port=0) as server:
        crawl = ["crawl", SEED, "--archive", str(archive), "--proxy", server.proxy_url]
        first = newsarchiver(*crawl, "--no-progress")
        assert first.returncode == 0, first.stderr[-2000:]
        # the template change goes through the site's own admin endpoint, as in a live demo
        request = urllib.request.Request(
            "http://news.demo.test/_admin/template?section=sport&drop=authors", method="POST"
        )
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({"http": server.proxy_url})
        )
        assert opener.open(request, timeout=10).read() == b"ok"
        second = newsarchiver(*crawl, "--no-progress", "--full")
        assert second.returncode == 0, second.stderr[-2000:]
    return archive


def test_drift_warning_names_site_section_and_field(drifted_archive: Path) -> None:
    proc = newsarchiver("report", "--archive", str(drifted_archive), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    places = {(d["site"], d["section"], d["field"]) for d in data["drift"]}
    assert ("demo", "Sport", "authors") in places
    assert {field for _, _, field in places} == {"authors"}  # nothing else moved
    sport = next(d for d in data["drift"] if d["section"] == "Sport")
    assert sport["latest"] == 0.0 and sport["baseline"] > 0.2
    assert sport["examples"] and all("/sport/" in url for url in sport["examples"])
    assert "WARNING: drift: demo / Sport / authors" in proc.stderr

    (site,) = data["sites"]
    runs = site["runs"]
    assert [r["outcome"] for r in runs] == ["ok", "ok"]
    assert runs[0]["new_stories"] == 60 and runs[1]["new_stories"] == 0
    # the Sport stories that lost their byline are new versions; nothing else changed
    first = site["extraction_runs"][0]
    with_byline = first["fill_by_section"]["Sport"]["authors"] * first["sections"]["Sport"]
    assert runs[1]["new_versions"] == round(with_byline) > 0
    archive = site["archive"]
    assert archive["full_records"] > 0 and archive["revisit_records"] > 0
    assert sum(site["stories_per_section"].values()) == 60  # each story once, not per run
    assert sum(site["stories_per_day"].values()) == 60


def test_fail_on_drift_exits_1_and_still_writes_the_page(drifted_archive: Path) -> None:
    out = drifted_archive.parent / "report.html"
    proc = newsarchiver(
        "report", "--archive", str(drifted_archive), "--out", str(out), "--fail-on-drift"
    )
    assert proc.returncode == 1
    assert out.is_file() and "demo / Sport / authors" in out.read_text(encoding="utf-8")
    without = newsarchiver("report", "--archive", str(drifted_archive), "--out", str(out))
    assert without.returncode == 0


def test_report_page_renders_in_chromium_without_errors(drifted_archive: Path) -> None:
    require_chromium()
    page = drifted_archive.parent / "health.html"
    proc = newsarchiver("report", "--archive", str(drifted_archive), "--out", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.split("<body>")[0]
    shot = ARTIFACTS / "health-report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1300, "height": 900})
        tab.on("pageerror", lambda exc: problems.append(str(exc)))
        tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        tab.on(
            "request", lambda req: problems.append(req.url) if req.url != page.as_uri() else None
        )
        tab.goto(page.as_uri())
        assert tab.locator("div.warn").inner_text().count("demo / Sport / authors") == 1
        charts = tab.locator("svg")
        assert charts.count() >= 5
        box = charts.first.bounding_box()
        assert box["width"] > 300 and box["height"] > 100  # drawn, not collapsed
        tab.screenshot(path=str(shot), full_page=True)
    assert problems == []  # no script error, no request: the page is self-contained
    assert shot.stat().st_size > 20_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--archive", "/nonexistent/archive", "--json"], "no such archive folder"),
        (["--json", "--days", "0"], "Invalid value for '--days'"),
        # no --out and no --json: report.html, as the README shows
        (["--archive", "/nonexistent/archive"], "no such archive folder"),
    ],
)
def test_user_mistakes_are_one_line(args: list[str], message: str) -> None:
    proc = newsarchiver("report", *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
