"""``export --format parquet``: the JSONL export's rows, read back with pyarrow and DuckDB.

The same archive is exported as JSONL and as Parquet (one file, and a folder partitioned by
site/day); row counts, ids, order and every value must agree, nested columns included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from archive.exports import parquet, parquet_parts
from archive.exports.export import export as export_rows
from archive.exports.parquet import SCHEMA
from archive.stores.item_store import ItemStore, utc_key
from tests.archive.stores.test_item_store import SITE, article, body_text
from tests.conftest import DemoCrawl, newsarchiver


def canon(value: Any) -> Any:
    """JSON and Arrow spell "absent" differently (missing key vs null member): drop nulls."""
    if isinstance(value, dict):
        return {k: canon(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [canon(v) for v in value]
    return value


def from_arrow(row: dict[str, Any]) -> dict[str, Any]:
    return canon(row)


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def archive(demo_crawl: DemoCrawl, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo crawl's items plus one story with three versions (every kind of change)."""
    folder = tmp_path_factory.mktemp("parquet") / "archive"
    shutil.copytree(demo_crawl.archive / "items", folder / "items")
    store = ItemStore(folder / "state" / "items.sqlite3")
    store.add(article())
    store.add(
        article(
            headline="Merz: Neue Regeln beschlossen",
            body=body_text(1).replace(" ", " neu ", 1) + "\n\nNachtrag.",
            authors=["Anna Schmidt", "Ben Ott"],
            images=[{"url": SITE + "/img/2.jpg", "caption": "Neu", "credit": None}],
            modified="2025-12-02T15:00:00+01:00",
            fetched_at="2025-12-02T16:00:00Z",
        )
    )
    store.close()
    return folder


def export(archive: Path, out: Path, *args: str) -> None:
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("\n") == 1 and str(out) in proc.stderr


@pytest.fixture(scope="module")
def exports(archive: Path) -> dict[str, Path]:
    out = archive.parent
    export(archive, out / "all.jsonl", "--versions", "all")
    export(archive, out / "all.parquet", "--versions", "all", "--format", "parquet")
    export(archive, out / "parts", "--versions", "all", "--format", "parquet", "--partitioned")
    return {"jsonl": out / "all.jsonl", "file": out / "all.parquet", "folder": out / "parts"}


def test_parquet_file_has_the_jsonl_rows_in_order(exports: dict[str, Path]) -> None:
    rows = jsonl(exports["jsonl"])
    assert len(rows) > 200
    table = pq.read_table(exports["file"])
    assert table.schema.equals(SCHEMA)
    assert table.num_rows == len(rows)
    parquet_rows = [from_arrow(r) for r in table.to_pylist()]
    assert [r["id"] for r in parquet_rows] == [r["id"] for r in rows]
    for mine, theirs in zip(parquet_rows, rows, strict=True):
        assert mine == canon(theirs), theirs["id"]
    edited = next(r for r in parquet_rows if r["version"] == 2)
    assert edited["changes"]["body"]["ops"][-1] == {
        "op": "insert",
        "new_index": 3,
        "text": "Nachtrag.",
    }


def test_duckdb_reads_the_file_and_the_partitioned_folder(exports: dict[str, Path]) -> None:
    rows = jsonl(exports["jsonl"])
    file, folder = str(exports["file"]), str(exports["folder"])
    db = duckdb.connect()  # in memory
    ((count, ids),) = db.execute(f"SELECT count(*), count(DISTINCT id) FROM '{file}'").fetchall()
    assert (count, ids) == (len(rows), len({r["id"] for r in rows}))
    query = (
        "SELECT id, version, headline, images[1].url, warc.offset, discovery.via, "
        "changes.body.ops[1].op, changes.authors.added FROM {} ORDER BY id, version"
    )
    got = db.execute(query.format(f"'{file}'")).fetchall()
    want = sorted(
        (
            r["id"],
            r["version"],
            r["headline"],
            r["images"][0]["url"] if r["images"] else None,
            (r["warc"] or {}).get("offset"),
            (r["discovery"] or {}).get("via"),
            ((r["changes"].get("body") or {}).get("ops") or [{}])[0].get("op"),
            (r["changes"].get("authors") or {}).get("added"),
        )
        for r in rows
    )
    assert got == want
    parts = f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true)"
    assert db.execute(query.format(parts)).fetchall() == want
    days = db.execute(f"SELECT DISTINCT site, day FROM {parts}").fetchall()
    assert {site for site, _ in days} == {"demo"} and len(days) > 5


def _same_rows_as_jsonl(folder: Path, jsonl_path: Path) -> None:
    rows = {(r["id"], r["version"]): canon(r) for r in jsonl(jsonl_path)}
    files = sorted(folder.rglob("*.parquet"))
    assert files and all(f.parent.name.startswith("day=") for f in files)
    assert all(f.parent.parent.name == "site=demo" for f in files)
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    got = {}
    for row in table.to_pylist():
        day = row.pop("day")
        key = (row["id"], row["version"])
        assert key not in got
        got[key] = from_arrow(row)
        utc = utc_key(rows[key].get("published")) or utc_key(rows[key]["fetched_at"])
        assert day == utc[:10]  # the UTC day of publication
    assert got == rows


def test_partitioned_folder_has_every_row_once(exports: dict[str, Path]) -> None:
    _same_rows_as_jsonl(exports["folder"], exports["jsonl"])


def test_a_tiny_memory_budget_gives_the_same_rows(
    archive: Path, exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buffers written out early, part files closed and reopened as new parts: same rows."""
    monkeypatch.setattr(parquet_parts, "BUFFER_BYTES", 32 << 10)
    monkeypatch.setattr(parquet_parts, "OPEN_FILES", 2)
    monkeypatch.setattr(parquet, "CHUNK_BYTES", 64 << 10)  # rows come in many small tables
    store = ItemStore(archive / "state" / "items.sqlite3")
    try:
        export_rows(store, tmp_path / "parts", versions="all", format="parquet", partitioned=True)
    finally:
        store.close()
    assert any(p.name == "part-1.parquet" for p in (tmp_path / "parts").rglob("*"))
    _same_rows_as_jsonl(tmp_path / "parts", exports["jsonl"])


def test_fields_and_replacing_an_older_export(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "few.parquet"
    out.write_text("an older export")
    export(archive, out, "--format", "parquet", "--fields", "headline,site")
    table = pq.read_table(out)
    assert table.column_names == ["id", "headline", "site"]  # the JSONL key order
    assert [p.name for p in tmp_path.iterdir()] == ["few.parquet"]  # no temp file left


def test_partitioned_needs_parquet_in_one_line(archive: Path, tmp_path: Path) -> None:
    proc = newsarchiver(
        "export", "--archive", str(archive), "--out", str(tmp_path / "x"), "--partitioned"
    )
    assert proc.returncode == 2 and proc.stderr.startswith("error: ")
    assert proc.stderr.count("\n") == 1 and "parquet" in proc.stderr
