"""The smaller surprises a new user met on the way, one test each."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import BIN, newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def _crawled(faults: FaultServer, tmp_path: Path) -> tuple[Path, Path]:
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/{n}.html" for n in range(3)]))
    for n in range(3):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stderr
    return seed, tmp_path / "archive"


def _one_error(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def test_export_of_a_folder_that_is_no_archive_is_refused_and_creates_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = newsarchiver("export", "--archive", str(empty), "--out", str(tmp_path / "o.jsonl"))
    assert "no archive here" in _one_error(proc)
    assert list(empty.iterdir()) == [] and not (tmp_path / "o.jsonl").exists()


def test_export_of_an_unknown_site_names_the_sites_there_are(faults: FaultServer, tmp_path):
    _, archive = _crawled(faults, tmp_path)
    # After a crawl, the summary says what the store holds, not "0 new stories".
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(tmp_path / "all.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert "the store holds 3 stories" in proc.stderr and "(0 new stories" not in proc.stderr
    out = tmp_path / "o.jsonl"
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), "--site", "nosuch")
    assert _one_error(proc) == "error: no site 'nosuch' in this archive (sites: faults)"
    assert not out.exists()


def test_extract_batch_with_a_missing_page_says_so_and_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(article("Here"), encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"id": "a", "url": "http://x.test/a", "path": str(page)})
        + "\n"
        + json.dumps({"id": "b", "url": "http://x.test/b", "path": "missing.html"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = newsarchiver("extract", "--batch", str(manifest), "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(warnings) == 1 and f"{manifest}:2: cannot read missing.html" in warnings[0]
    assert len(out.read_text().splitlines()) == 2  # nothing lost: the line is still there


def test_report_without_out_writes_report_html_as_the_readme_shows(
    faults: FaultServer, tmp_path: Path
) -> None:
    _, archive = _crawled(faults, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(
        [str(BIN / "newsarchiver"), "report", "--archive", str(archive)],
        cwd=work, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (work / "report.html").is_file() and "report: report.html" in proc.stderr


def test_worker_start_problems_are_error_lines(tmp_path: Path) -> None:
    archive = str(tmp_path / "a")
    down = newsarchiver("worker", "--redis", "redis://127.0.0.1:9/0", "--archive", archive)
    assert _one_error(down).startswith("error: cannot reach Redis at redis://127.0.0.1:9/0")
    bad = newsarchiver("worker", "--redis", "notaurl", "--archive", archive)
    assert _one_error(bad).startswith("error: bad Redis URL 'notaurl'")


def test_a_dead_proxy_is_named(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy="http://u:pw@127.0.0.1:9")
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 4, result.proc.stderr
    refused = [w for w in result.warnings if "/sec/" in w]
    assert refused == [
        f"WARNING: http://{SITE}/sec/: connection refused by the proxy 127.0.0.1:9 (is it running?)"
    ]
    assert "pw" not in result.proc.stderr.replace("proxy", "")


def test_status_refuses_a_missing_seeds_folder_and_names_a_bad_seed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    proc = newsarchiver("status", "--archive", str(archive), "--seeds", "/nonexistent")
    assert _one_error(proc) == "error: /nonexistent: no such seeds folder"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bad.toml").write_text('name = "bad"\ntimezone = "Mars/Base"\n', encoding="utf-8")
    proc = newsarchiver("status", "--archive", str(archive), "--seeds", str(seeds))
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        f"warning: {seeds / 'bad.toml'}: field 'timezone': unknown IANA timezone 'Mars/Base'; "
        "its site is not shown"
    ]
