"""The research export: one row per story, duplicates folded but listed, versions,
--since-last, atomic writes, the row schema, and one-line errors for user mistakes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from scrapy.utils.test import get_crawler

from archive.exports.export import ExportError, export
from archive.jsonl import JsonlWriter, read_jsonl
from archive.stores.item_store import ItemStore
from crawler.cli.export import export_command
from crawler.items import ArticleItem
from crawler.pipelines.item_store import ItemStorePipeline
from tests.archive.stores.test_item_store import SITE, article
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "archive/schema/export-row.schema.json").read_text())


def rows(path: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(path))


def near_copy(item: dict[str, Any], path: str) -> dict[str, Any]:
    words = item["body"].split(" ")
    words[150] = "Opposition"
    return article(path, headline=item["headline"].replace(":", " -") + "!", body=" ".join(words))


@pytest.fixture
def store(tmp_path: Path) -> ItemStore:
    s = ItemStore(tmp_path / "state" / "items.sqlite3")
    yield s
    s.close()


def test_same_story_at_two_urls_is_one_row_listing_the_other(
    store: ItemStore, tmp_path: Path
) -> None:
    a = store.add(article("/politik/wire-story-1.html"))
    b = store.add(article("/ausland/wire-1.html", section="Ausland", related="/x.html"))
    out = tmp_path / "out.jsonl"
    result = export(store, out, dedup="content")
    assert (result.rows, result.clusters, result.duplicates_folded) == (1, 1, 1)
    (row,) = rows(out)
    # Same publication time: the shorter canonical URL is kept.
    assert row["id"] == b.id and row["cluster_id"] == b.id
    assert row["duplicates"] == [
        {"id": a.id, "url": "https://news.demo.test/politik/wire-story-1.html"}
    ]
    assert row["warc"]["file"] == "newsarchiver-1.warc.gz" and row["discovery"]["depth"] == 1
    by_url = (
        rows(tmp_path / "url.jsonl") if export(store, tmp_path / "url.jsonl", dedup="url") else []
    )
    assert sorted(r["id"] for r in by_url) == sorted([a.id, b.id])
    assert all(r["duplicates"] == [] and r["cluster_id"] == r["id"] for r in by_url)


def test_keep_rule_prefers_the_earliest_published(store: ItemStore, tmp_path: Path) -> None:
    late = store.add(article("/a.html", published="2025-12-02T12:00:00+01:00"))
    early = store.add(article("/politik/longer-url.html", published="2025-12-02T08:00:00+01:00"))
    undated = store.add(article("/b.html", published=None))
    export(store, tmp_path / "o.jsonl", dedup="content")
    (row,) = rows(tmp_path / "o.jsonl")
    assert row["id"] == early.id
    assert [d["id"] for d in row["duplicates"]] == [late.id, undated.id]


def test_lightly_edited_copy_is_one_near_cluster_but_two_content_clusters(
    store: ItemStore, tmp_path: Path
) -> None:
    original = article("/politik/wire-2.html")
    store.add(original)
    store.add(near_copy(original, "/ausland/wire-2-copy.html"))
    store.add(article("/sport/other.html", seed=42, headline="Ganz anders"))
    near = export(store, tmp_path / "near.jsonl", dedup="near")
    content = export(store, tmp_path / "content.jsonl", dedup="content")
    assert (near.rows, near.duplicates_folded) == (2, 1)
    assert (content.rows, content.duplicates_folded) == (3, 0)
    kept = [r for r in rows(tmp_path / "near.jsonl") if r["duplicates"]]
    assert len(kept) == 1 and kept[0]["duplicates"][0]["url"].endswith("/wire-2-copy.html")


def test_updated_story_once_with_latest_and_twice_with_all(
    store: ItemStore, tmp_path: Path
) -> None:
    store.add(article())
    store.add(article(headline="Merz: Regeln beschlossen", fetched_at="2025-12-02T16:00:00Z"))
    store.add(  # related box only: no version
        article(
            headline="Merz: Regeln beschlossen",
            related="/y.html",
            fetched_at="2025-12-02T18:00:00Z",
        )
    )
    export(store, tmp_path / "latest.jsonl", versions="latest")
    export(store, tmp_path / "all.jsonl", versions="all")
    (latest,) = rows(tmp_path / "latest.jsonl")
    assert latest["version"] == 2 and latest["previous_version"] == 1
    assert latest["changed_fields"] == ["headline"]
    assert latest["changes"]["headline"]["new"] == "Merz: Regeln beschlossen"
    assert latest["last_seen"] == "2025-12-02T18:00:00Z"
    v1, v2 = rows(tmp_path / "all.jsonl")
    assert (v1["version"], v1["previous_version"], v1["changed_fields"]) == (1, None, [])
    assert v2 == latest and v1["id"] == v2["id"]


def test_rows_validate_against_the_schema(store: ItemStore, tmp_path: Path) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert "1.1.0" in SCHEMA["$id"]
    validator = Draft202012Validator(SCHEMA)
    original = article("/politik/wire-3.html")
    store.add(original)
    store.add(near_copy(original, "/ausland/wire-3.html"))
    store.add(article("/politik/wire-3.html", headline="Neu", fetched_at="2025-12-03T00:00:00Z"))
    edited = {  # every kind of change at once: paragraph, word, list and image diffs
        "headline": "Neu und anders",
        "lead": "Ein ganz anderer Vorspann.",
        "body": original["body"].replace(". ", ". Nachtrag. ", 1) + "\n\nNoch ein Absatz.",
        "authors": ["Anna Schmidt", "Ben Ott"],
        "images": [{"url": "https://news.demo.test/img/9.jpg", "caption": "Neu"}],
        "modified": "2025-12-03T02:00:00+01:00",
    }
    store.add(article("/politik/wire-3.html", fetched_at="2025-12-03T03:00:00Z", **edited))
    store.add(ArticleItem(url="https://news.demo.test/bare").to_dict())
    for dedup in ("url", "content", "near"):
        out = tmp_path / f"{dedup}.jsonl"
        export(store, out, dedup=dedup, versions="all")
        found = rows(out)
        assert found
        for row in found:
            errors = [e.message for e in validator.iter_errors(row)]
            assert errors == [], errors
    bad = dict(found[0], version=0, surprise=1)
    assert len(list(validator.iter_errors(bad))) == 2


def test_exception_mid_export_leaves_no_file_under_the_final_name(
    store: ItemStore, tmp_path: Path
) -> None:
    for i in range(5):
        store.add(article(f"/s/{i}.html", seed=i, headline=f"Story {i}"))
    out = tmp_path / "exports" / "out.jsonl"

    def boom(n: int) -> None:
        if n == 3:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export(store, out, on_row=boom)
    assert not out.exists() and list(out.parent.iterdir()) == []
    out.write_bytes(b"previous export\n")
    with pytest.raises(RuntimeError):
        export(store, out, on_row=boom, since_last="daily")
    assert out.read_bytes() == b"previous export\n"
    assert list(out.parent.iterdir()) == [out]
    # The failed run delivered nothing, so the next one still delivers everything.
    assert export(store, out, since_last="daily").rows == 5 and len(rows(out)) == 5


def test_since_last_delivers_only_new_stories_and_versions(
    store: ItemStore, tmp_path: Path
) -> None:
    a = store.add(article("/a.html", seed=1, headline="A"))
    store.add(article("/b.html", seed=2, headline="B"))
    first = export(store, tmp_path / "1.jsonl", since_last="weekly")
    assert first.rows == 2
    assert export(store, tmp_path / "2.jsonl", since_last="weekly").rows == 0
    assert (tmp_path / "2.jsonl").read_bytes() == b""
    store.add(article("/a.html", seed=1, headline="A2", fetched_at="2025-12-03T00:00:00Z"))
    c = store.add(article("/c.html", seed=3, headline="C"))
    store.add(article("/b.html", seed=2, headline="B", related="/z.html"))  # not new
    third = export(store, tmp_path / "3.jsonl", since_last="weekly", versions="all")
    got = {(r["id"], r["version"]) for r in rows(tmp_path / "3.jsonl")}
    assert got == {(a.id, 2), (c.id, 1)} and third.rows == 2
    assert export(store, tmp_path / "4.jsonl", since_last="weekly").rows == 0
    assert export(store, tmp_path / "5.jsonl", since_last="other").rows == 3  # names independent


def test_filters_fields_and_gzip(store: ItemStore, tmp_path: Path) -> None:
    store.add(article("/p.html", seed=1, headline="P", published="2025-12-01T23:30:00+01:00"))
    store.add(
        article(
            "/s.html",
            seed=2,
            headline="S",
            section="Sport",
            language="en",
            published="2025-12-03T10:00:00+01:00",
        )
    )

    def ids(**kw: Any) -> list[str]:
        out = tmp_path / "f.jsonl.gz"
        export(store, out, fields="headline,section", **kw)
        with gzip.open(out) as fh:
            lines = [orjson.loads(line) for line in fh]
        assert all(list(r) == ["id", "headline", "section"] for r in lines)
        return sorted(r["headline"] for r in lines)

    assert ids() == ["P", "S"]
    assert ids(section="Sport") == ["S"] and ids(lang="de") == ["P"]
    assert ids(since="2025-12-01", until="2025-12-01") == ["P"]  # 22:30 UTC, whole day
    assert ids(since="2025-12-02") == ["S"] and ids(until="2025-12-02T00:00:00Z") == ["P"]
    assert ids(site="nope") == []


def test_user_mistakes_are_one_line_export_errors(store: ItemStore, tmp_path: Path) -> None:
    store.add(article())
    with pytest.raises(ExportError, match="unknown field 'headlin'") as exc:
        export(store, tmp_path / "x.jsonl", fields=["headline", "headlin"])
    assert "\n" not in str(exc.value)
    with pytest.raises(ExportError, match="--since '2025-13-01'"):
        export(store, tmp_path / "x.jsonl", since="2025-13-01")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export(store, blocker / "out.jsonl")
    assert list(tmp_path.glob("*.jsonl")) == []
    empty = export(store, tmp_path / "empty.jsonl", section="Nothing")
    assert empty.rows == 0 and (tmp_path / "empty.jsonl").read_bytes() == b""


def test_cli_ingests_new_item_files_then_exports(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with JsonlWriter(archive / "items" / "demo-20251202T100000Z.jsonl") as writer:
        original = article("/politik/w.html")
        writer.write(original)
        writer.write(article("/ausland/w.html", section="Ausland"))
        writer.write(near_copy(original, "/sport/w.html"))
    runner = CliRunner()
    out = tmp_path / "out.jsonl"
    res = runner.invoke(export_command, ["--archive", str(archive), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "ingested 3 items from 1 files" in res.stderr and "2 stories" in res.stderr
    assert len(rows(out)) == 2
    res = runner.invoke(
        export_command, ["--archive", str(archive), "--out", str(out), "--dedup", "near"]
    )
    assert "no new item files" in res.stderr and len(rows(out)) == 1
    res = runner.invoke(
        export_command, ["--archive", str(archive), "--out", str(out), "--section", "Kultur"]
    )
    assert res.exit_code == 0 and "no stories match" in res.stderr
    for bad, needle in (
        (["--fields", "bogus"], "unknown field 'bogus'"),
        (["--until", "yesterday"], "--until 'yesterday'"),
        (["--archive", str(tmp_path / "missing")], "no such archive folder"),
    ):
        res = runner.invoke(export_command, ["--archive", str(archive), "--out", str(out), *bad])
        assert res.exit_code == 2 and res.stderr.startswith("error: ") and needle in res.stderr
        assert res.stderr.count("\n") == 1
    (archive / "state" / "items.sqlite3").write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        (archive / "state" / f"items.sqlite3{suffix}").unlink(missing_ok=True)
    res = runner.invoke(export_command, ["--archive", str(archive), "--out", str(out)])
    assert res.exit_code == 2 and "not a usable item store" in res.stderr


def test_pipeline_adds_items_and_sets_stats(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSARCHIVER_ARCHIVE_DIR": str(tmp_path)})
    pipeline = ItemStorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for item in (
        ArticleItem.from_dict(article()),
        ArticleItem.from_dict(article(fetched_at="2025-12-03T00:00:00Z")),
        ArticleItem.from_dict(article(headline="Neu")),
        ArticleItem.from_dict(article("/other.html", seed=5)),
    ):
        assert pipeline.process_item(item) is item
    pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert stats["newsarchiver/new_stories"] == 2
    assert stats["newsarchiver/new_versions"] == 1 and stats["newsarchiver/unchanged"] == 1
    with ItemStore(tmp_path / "state" / "items.sqlite3") as store:
        assert store.story_count() == 2 and store.version_count() == 3


def test_clusters_and_kept_rows_do_not_depend_on_ingest_order(tmp_path: Path) -> None:
    original = article("/politik/wire-9.html", published="2025-12-02T10:00:00+01:00")
    items = [
        original,
        article("/ausland/wire-9.html", published="2025-12-02T09:00:00+01:00"),
        near_copy(original, "/sport/wire-9-copy.html"),
        article("/boerse/solo.html", seed=77, headline="Solo"),
    ]
    results = []
    for name, order in (("fwd", items), ("rev", list(reversed(items)))):
        with ItemStore(tmp_path / f"{name}.sqlite3") as store:
            for item in order:
                store.add(item)
            export(store, tmp_path / f"{name}.jsonl", dedup="near")
        results.append(
            sorted(
                (r["id"], r["cluster_id"], str(r["duplicates"]))
                for r in rows(tmp_path / f"{name}.jsonl")
            )
        )
    assert results[0] == results[1] and len(results[0]) == 2
    kept = [r for r in results[0] if r[2] != "[]"][0]
    assert "wire-9-copy" in kept[2] and "politik/wire-9" in kept[2]  # the earliest is kept


def test_related_stories_take_their_date_from_the_linked_storys_own_item(
    store: ItemStore, tmp_path: Path
) -> None:
    linked = article(
        "/politik/other-1.html",
        seed=2,
        headline="Andere Meldung in voller Länge",
        published="2025-12-01T18:30:00+01:00",
    )
    linking = article("/politik/merz-neue-regeln-1001.html", seed=1)
    page_related = [
        # the box gave a headline only; the URL differs by a tracking parameter
        {"url": SITE + "/politik/other-1.html?utm_source=box", "headline": "Andere Meldung"},
        {"url": SITE + "/politik/not-archived-9.html", "headline": "Nicht archiviert"},
        {"url": SITE + "/politik/other-1.html", "published": "2025-11-30", "section": "Inland"},
    ]
    linking["related"] = [{**RELATED_NONE, **r} for r in page_related]
    store.add(linked)
    added = store.add(linking)
    out = tmp_path / "out.jsonl"
    export(store, out, dedup="url")
    (row,) = [r for r in rows(out) if r["id"] == added.id]
    first, missing, dated = row["related"]
    assert first == {
        "url": SITE + "/politik/other-1.html?utm_source=box",
        "headline": "Andere Meldung",  # what the page gave is kept
        "teaser": None,
        "section": "Politik",
        "published": "2025-12-01T18:30:00+01:00",
    }
    assert missing == {**RELATED_NONE, **page_related[1]}  # not in the archive: as it was
    assert dated["published"] == "2025-11-30" and dated["section"] == "Inland"
    assert dated["headline"] == "Andere Meldung in voller Länge"
    Draft202012Validator(SCHEMA).validate(row)
    # the stored item is not changed: only the export is completed
    (stored,) = store.versions_of(added.id)
    assert stored["item"]["related"] == linking["related"]


RELATED_NONE = {"headline": None, "teaser": None, "section": None, "published": None}
