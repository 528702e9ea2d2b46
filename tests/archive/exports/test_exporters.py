"""Export formats come from one registry: the output name's extension picks the exporter,
and a name no format writes is refused in one line instead of getting JSON lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from archive.exports.export import ExportError, export
from archive.exports.exporter import EXPORTERS, RowExporter, export_format
from archive.jsonl import JsonlWriter
from archive.stores.item_store import ItemStore
from crawler.cli.export import export_command
from tests.archive.stores.test_item_store import article


@pytest.fixture
def store(tmp_path: Path) -> ItemStore:
    s = ItemStore(tmp_path / "items.sqlite3")
    s.add(article())
    yield s
    s.close()


@pytest.mark.parametrize("name", ["rows.csv", "rows.json", "rows.gz", "rows.jsonl.bz2"])
def test_an_out_name_no_format_writes_is_refused_in_one_line_and_nothing_is_written(
    tmp_path: Path, name: str
) -> None:
    archive = tmp_path / "archive"
    with JsonlWriter(archive / "items" / "demo-20251202T100000Z.jsonl") as writer:
        writer.write(article())
    res = CliRunner().invoke(
        export_command, ["--archive", str(archive), "--out", str(tmp_path / name)]
    )
    suffix = Path(name).suffix
    assert res.exit_code == 2, res.output
    assert res.stderr == (
        f"error: --out {name}: no export format writes {suffix} files "
        "(known: .jsonl, .jsonl.gz, .parquet)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]  # nothing written
    assert not (archive / "state").exists()  # refused before the store is opened


def test_the_out_extension_picks_the_format_when_none_is_given(
    store: ItemStore, tmp_path: Path
) -> None:
    export(store, tmp_path / "a.parquet")
    assert pq.read_table(tmp_path / "a.parquet").column("headline").to_pylist() == [
        article()["headline"]
    ]
    export(store, tmp_path / "a.jsonl.gz")
    with gzip.open(tmp_path / "a.jsonl.gz") as fh:
        assert [orjson.loads(line)["headline"] for line in fh] == [article()["headline"]]
    for plain in ("a.jsonl", "a"):  # no extension: the default format, JSON lines
        export(store, tmp_path / plain)
        (line,) = (tmp_path / plain).read_bytes().splitlines()
        assert orjson.loads(line)["headline"] == article()["headline"]


def test_a_format_and_an_extension_that_disagree_are_refused(
    store: ItemStore, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="--out a.jsonl names a jsonl file, not parquet"):
        export(store, tmp_path / "a.jsonl", format="parquet")
    with pytest.raises(ExportError, match="--out a.parquet names a parquet file, not jsonl"):
        export(store, tmp_path / "a.parquet", format="jsonl")
    assert list(tmp_path.glob("a.*")) == []
    export(store, tmp_path / "a.jsonl.gz", format="jsonl")  # the same rows, compressed
    assert (tmp_path / "a.jsonl.gz").read_bytes()[:2] == b"\x1f\x8b"


def test_every_registered_format_loads_an_exporter_of_its_name() -> None:
    for fmt in EXPORTERS.values():
        exporter = fmt.load()
        assert issubclass(exporter, RowExporter) and exporter.name == fmt.name
        for extension in fmt.extensions:
            assert export_format(Path(f"rows{extension}")) is fmt
        assert export_format(Path("rows"), fmt.name) is fmt
    with pytest.raises(ExportError, match="--partitioned needs --format parquet"):
        export_format(Path("rows"), partitioned=True)


@pytest.mark.parametrize(
    ("name", "partitioned"),
    [("a.jsonl", False), ("a.jsonl.gz", False), ("a.parquet", False), ("parts", True)],
)
def test_an_export_that_fails_midway_leaves_nothing_and_delivers_nothing(
    store: ItemStore, tmp_path: Path, name: str, partitioned: bool
) -> None:
    store.add(article("/politik/zwei.html", headline="Zweite Meldung"))
    out = tmp_path / "out"

    def stop_at_second(rows: int) -> None:
        if rows == 2:
            raise OSError(28, "No space left on device")

    fmt = "parquet" if partitioned else None
    with pytest.raises(ExportError, match="No space left on device"):
        export(store, out / name, since_last="weekly", on_row=stop_at_second, format=fmt,
               partitioned=partitioned)  # fmt: skip
    assert list(out.iterdir()) == []  # neither the output nor a temporary file
    assert export(store, out / name, since_last="weekly", format=fmt,
                  partitioned=partitioned).rows == 2  # fmt: skip
