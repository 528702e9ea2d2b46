"""`newsarchiver wacz` packs a demo crawl into a WACZ that py-wacz's validator accepts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.archive.index.test_cdxj import archive_cli
from tests.conftest import DemoCrawl

WACZ = Path(sys.executable).parent / "wacz"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(WACZ), "validate", "-f", str(path)], capture_output=True, text=True, timeout=120
    )


def test_wacz_of_a_demo_crawl_validates(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for sub in ("warc", "items"):
        shutil.copytree(demo_crawl.archive / sub, archive / sub)
    out = tmp_path / "out" / "demo.wacz"
    proc = archive_cli("wacz", "--archive", str(archive), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    result = validate(out)
    assert result.returncode == 0 and "is valid" in result.stdout, result.stdout + result.stderr

    items = [
        json.loads(line)
        for path in sorted((archive / "items").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]
    warcs = sorted(p.name for p in (archive / "warc").glob("*.warc.gz"))
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert {f"archive/{w}" for w in warcs} <= names
        assert {"datapackage.json", "datapackage-digest.json", "pages/pages.jsonl"} <= names
        assert any(n.startswith("indexes/") for n in names)
        for w in warcs:  # WARCs are stored, not deflated again (WACZ spec)
            assert zf.getinfo(f"archive/{w}").compress_type == zipfile.ZIP_STORED
        pages = [json.loads(line) for line in zf.read("pages/pages.jsonl").splitlines()]
        package = json.loads(zf.read("datapackage.json"))
    assert pages[0]["format"] == "json-pages-1.0"
    assert len(pages) - 1 == len({(i["url"], i["fetched_at"]) for i in items}) >= 220
    by_url = {i["url"]: i for i in items}
    for page in pages[1:]:
        assert page["title"] == by_url[page["url"]]["headline"]
        assert page["ts"]
    assert all(r["hash"].startswith("sha256:") for r in package["resources"])
    assert (archive / "indexes" / "index.cdxj").exists()  # the archive's index was updated


def test_validator_rejects_a_tampered_wacz(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    """Guards the test above: py-wacz's validator really checks the sha256 hashes."""
    archive = tmp_path / "archive"
    shutil.copytree(demo_crawl.archive / "warc", archive / "warc")
    out = tmp_path / "demo.wacz"
    assert archive_cli("wacz", "--archive", str(archive), "--out", str(out)).returncode == 0
    tampered = tmp_path / "tampered.wacz"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("archive/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.writestr(info, data)
    assert validate(tampered).returncode != 0
