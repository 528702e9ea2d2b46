"""A story's history from the item store and the CDXJ index: versions, captures, diffs as
terminal text (plain and coloured) and as one self-contained HTML page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive.history import HistoryError, story_history
from archive.history_html import render_html
from archive.history_text import render_text
from archive.stores.item_store import ItemStore
from archive.urls import story_id
from tests.archive.stores.test_item_store import SITE, article, body_text

URL = SITE + "/politik/merz-neue-regeln-1001.html"
ADDED = "Nachtrag: Die Abstimmung ist am Freitag."


def _index_line(url: str, ts: str, mime: str, offset: int) -> str:
    data = {"url": url, "mime": mime, "status": "200", "filename": "a.warc.gz"}
    return f"test,demo,news)/x {ts} {json.dumps(data | {'offset': str(offset)})}\n"


@pytest.fixture
def history_store(tmp_path: Path) -> tuple[ItemStore, Path]:
    store = ItemStore(tmp_path / "items.sqlite3")
    warc = {"file": "a.warc.gz", "offset": 0, "length": 1, "record_id": "<urn:uuid:1>"}
    store.add(article(warc=warc | {"date": "2025-12-02T10:00:00Z"}))
    edited = body_text(1).replace(" ", " neu ", 1) + "\n\n" + ADDED
    store.add(
        article(
            headline="Merz: Neue Regeln für den Haushalt beschlossen",
            body=edited,
            fetched_at="2025-12-02T16:00:00Z",
            warc=warc | {"date": "2025-12-02T16:00:00Z"},
        )
    )
    store.commit()
    index = tmp_path / "index.cdxj"
    index.write_text(
        _index_line(URL, "20251202100000", "text/html", 0)
        + _index_line(URL, "20251202120000", "warc/revisit", 10)
        + _index_line(URL, "20251202160000", "text/html", 20)
        + _index_line(SITE + "/other.html", "20251202160000", "text/html", 30),
        encoding="utf-8",
    )
    yield store, index
    store.close()


def test_versions_get_their_captures_and_the_story_is_found_by_url_or_id(history_store) -> None:
    store, index = history_store
    history = story_history(store, index, URL)
    assert history.id == story_id(URL)
    assert [v.number for v in history.versions] == [1, 2]
    first, second = history.versions
    assert [(c.timestamp, c.kind) for c in first.captures] == [
        ("20251202100000", "response"),
        ("20251202120000", "revisit"),  # the unchanged refetch belongs to version 1
    ]
    assert [c.iso for c in second.captures] == ["2025-12-02T16:00:00Z"]
    assert story_history(store, index, history.id).versions[1].item == second.item
    with pytest.raises(HistoryError, match="no such story"):
        story_history(store, index, SITE + "/nope.html")


def test_terminal_text_marks_deletions_and_insertions(history_store) -> None:
    store, index = history_store
    history = story_history(store, index, URL)
    plain = render_text(history, color=False)
    assert "version 2  2025-12-02T16:00:00Z  (headline, body)" in plain
    assert "headline ¶1 edited: Merz: Neue Regeln für den Haushalt{+ beschlossen+}" in plain
    assert f"body ¶4 inserted: {{+{ADDED}+}}" in plain
    assert re.search(r"body ¶1 edited: wort\d+\{\+ ?neu ?\+\}", plain)
    assert "captured 2025-12-02T12:00:00Z  revisit 200  a.warc.gz@10" in plain
    assert "\033[" not in plain
    coloured = render_text(history, color=True)
    assert f"\033[32m{ADDED}\033[0m" in coloured and "{+" not in coloured


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.marked: dict[str, list[str]] = {"ins": [], "del": []}

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        self.tags.append(tag)
        self.attrs += attrs
        css = dict(attrs).get("class", "") or ""
        kind = tag if tag in ("ins", "del") else next((k for k in ("ins", "del") if k in css), "")
        self.stack.append(kind)

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        kind = next((k for k in reversed(self.stack) if k), "")
        if kind and data.strip():
            self.marked[kind].append(data.strip())


def test_html_page_is_self_contained_with_one_column_per_version(history_store) -> None:
    store, index = history_store
    page = render_html(story_history(store, index, URL))
    parser = _Page()
    parser.feed(page)
    assert parser.tags.count("section") == 2
    assert not {"script", "link", "img", "iframe"} & set(parser.tags)
    assert not [a for a in parser.attrs if a[0] in ("src", "href")]
    assert ADDED in parser.marked["ins"] and "beschlossen" in parser.marked["ins"]
    assert "neu" in parser.marked["ins"]
    assert parser.marked["del"] == []  # nothing was removed
