"""The JSONL item log: one object per line, and a torn last line is cut on reopen."""

from __future__ import annotations

from pathlib import Path

from archive.jsonl import JsonlWriter, read_jsonl, repair_tail


def test_lines_round_trip_utf8(tmp_path: Path) -> None:
    path = tmp_path / "items" / "demo.jsonl"
    with JsonlWriter(path) as writer:
        writer.write({"headline": "Grüße aus Köln «Test»", "n": 1})
        writer.write({"headline": "zwei", "n": 2})
    raw = path.read_bytes()
    assert raw.count(b"\n") == 2 and raw.endswith(b"\n")
    assert "Grüße aus Köln «Test»".encode() in raw
    assert [r["n"] for r in read_jsonl(path)] == [1, 2]


def test_torn_last_line_is_cut_back_and_appending_continues(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2}\n{"n": 3, "body": "half')
    assert [r["n"] for r in read_jsonl(path)] == [1, 2]
    with JsonlWriter(path) as writer:
        assert writer.repaired_bytes == len(b'{"n": 3, "body": "half')
        writer.write({"n": 4})
    assert [r["n"] for r in read_jsonl(path)] == [1, 2, 4]


def test_repair_of_file_without_any_newline_empties_it(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"x" * 200_000)
    assert repair_tail(path) == 200_000
    assert path.read_bytes() == b""
    assert repair_tail(tmp_path / "missing.jsonl") == 0
