"""The JSONL item log: one object per line; a torn last line is never read, and is cut on
reopen or by the site's next crawl."""

from __future__ import annotations

from pathlib import Path

from archive.jsonl import JsonlReader, JsonlWriter, read_jsonl, repair_tail
from archive.layout import ArchiveLayout
from archive.resume import cut_torn_tails


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


def test_an_unterminated_last_line_is_no_object_even_when_it_parses(tmp_path: Path) -> None:
    """A kill -9 can cut a write just before its newline: the bytes parse, yet the crawl
    never recorded the item as logged, so reading it would log the item twice."""
    path = tmp_path / "demo.jsonl"
    complete = b'{"n": 1}\n[2]\nnot json\n\n'
    path.write_bytes(complete + b'{"n": 3}')
    lines = JsonlReader(path)
    assert [r["n"] for r in lines] == [1]
    assert (lines.end, lines.torn, lines.bad) == (len(complete), len(b'{"n": 3}'), 2)
    on = JsonlReader(path, start=len(b'{"n": 1}\n'))
    assert list(on) == [] and on.end == len(complete)


def test_the_next_crawl_cuts_torn_tails_of_its_sites_crawl_logs_only(tmp_path: Path) -> None:
    """Workers' logs (their id in the name) may be live: only their writer repairs them."""
    layout = ArchiveLayout(tmp_path)
    layout.items_dir.mkdir()
    torn = b'{"n": 1}\n{"n": 2'
    names = [
        "news-20261201T000000Z.jsonl",  # an earlier crawl of the site, killed
        "news-20261201T000000Z-w1.jsonl",  # a worker's share of a run
        "news-extra-20261201T000000Z.jsonl",  # another site
    ]
    for name in names:
        (layout.items_dir / name).write_bytes(torn)
    assert cut_torn_tails(layout, "news") == {layout.items_dir / names[0]: len(b'{"n": 2')}
    assert [(layout.items_dir / n).read_bytes() for n in names] == [b'{"n": 1}\n', torn, torn]
    assert {p.name for p in layout.site_item_logs("news")} == set(names[:2])
