"""The batch contract: manifest in, one JSON line per page out, never a crash."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import orjson

from crawler.extract.batch import run_batch
from crawler.extract.rules import ExtractionRules

from .cases import CASES


def test_run_batch(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(CASES / "dpa-seed" / "page.html", pages / "seed.html")
    (pages / "demo.html.gz").write_bytes(
        gzip.compress((CASES / "demo-jsonld" / "page.html").read_bytes())
    )
    abs_path = (pages / "seed.html").resolve()
    lines = [
        {
            "id": "a",
            "url": "https://www.nachrichten-portal.example/ausland/x.html",
            "path": str(abs_path),
        },
        {
            "id": "b",
            "url": "http://news.demo.test/ausland/2025/12/y.html",
            "path": "pages/demo.html.gz",
        },
        {"id": "c", "url": "http://news.demo.test/missing.html", "path": "pages/missing.html"},
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_bytes(b"\n".join(orjson.dumps(x) for x in lines) + b"\n")
    out = tmp_path / "out" / "items.jsonl"
    rules = ExtractionRules(timezone="Europe/Berlin", language="de")

    assert run_batch(manifest, out, rules) == 3
    records = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    a, b, c = records
    assert a["published"] == "2025-12-02T17:52:59+01:00"
    assert len(a["images"]) == 2 and len(a["related"]) == 6
    assert a["extractor"]["rules_hash"] == rules.hash()
    assert b["headline"] == "Moskau: Gespräche mit US-Unterhändlern haben begonnen"
    assert b["authors"] == ["Anna Schmidt", "Jonas Weber"]
    assert c["url"] == "http://news.demo.test/missing.html"
    assert "FileNotFoundError" in c["missing"]["body"]
    assert list(out.parent.iterdir()) == [out]  # no temp file left behind


def test_run_batch_bad_manifest_lines(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('not json\n\n{"id": "x", "url": "http://x.test/"}\n[1, 2]\n')
    out = tmp_path / "o.jsonl"
    assert run_batch(manifest, out) == 3
    records = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert records[0]["id"] == "line-1" and "bad manifest line" in records[0]["missing"]["body"]
    assert records[1] == {
        "id": "x",
        "url": "http://x.test/",
        "extractor": records[1]["extractor"],
        "missing": {"body": "manifest line has no path"},
    }
    assert "bad manifest line" in records[2]["missing"]["body"]
