"""The dedup store: versions only on content change, idempotent re-ingest, stable ids,
exact and near duplicate clusters, and a clear error for a broken database file."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from archive.jsonl import JsonlWriter
from archive.stores import StoreError
from archive.stores.item_store import ItemStore
from archive.stores.shared import StoreFactory
from crawler.items import ArticleItem, Image, RelatedStory

SITE = "https://news.demo.test"
_VOCAB = [f"wort{i}" for i in range(400)] + ["Regierung", "Kanzler", "Bundestag", "Gesetz"]


def body_text(seed: int, words: int = 300) -> str:
    """A deterministic 300-word body in three paragraphs."""
    rng = random.Random(seed)
    ws = [rng.choice(_VOCAB) for _ in range(words)]
    third = words // 3
    return "\n\n".join(" ".join(ws[i : i + third]) + "." for i in range(0, words, third))


def article(
    path: str = "/politik/merz-neue-regeln-1001.html",
    *,
    seed: int = 1,
    headline: str = "Merz: Neue Regeln für den Haushalt",
    section: str = "Politik",
    related: str = "/politik/other-1.html",
    fetched_at: str = "2025-12-02T10:00:00Z",
    published: str | None = "2025-12-02T09:00:00+01:00",
    **changes: Any,
) -> dict[str, Any]:
    """A complete synthetic ``ArticleItem`` dict."""
    item = ArticleItem(
        url=SITE + path,
        canonical_url=SITE + path,
        site="demo",
        section=section,
        language="de",
        headline=headline,
        lead="Der Kanzler legt einen Plan vor.",
        body=body_text(seed),
        authors=["Anna Schmidt"],
        agency="dpa",
        topics=["Haushalt"],
        published=published,
        published_raw=published,
        published_source="json-ld" if published else None,
        images=[Image(url=SITE + "/img/1.jpg", caption="Der Kanzler", credit="dpa")],
        related=[RelatedStory(url=SITE + related, headline="Andere Meldung")],
        extractor={"version": "1", "rules_hash": "abc"},
        warc={
            "file": "newsarchiver-1.warc.gz",
            "offset": 0,
            "length": 100,
            "record_id": "<urn:uuid:1>",
            "payload_digest": "sha1:X",
        },
        fetched_at=fetched_at,
        discovery={"via": "section", "from_url": SITE + "/politik/", "depth": 1},
    ).to_dict()
    item.update(changes)
    return item


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path: Path):
    """Opens a new empty item store, in an SQLite file or a PostgreSQL database (real)."""
    made: list[Any] = []

    def make() -> Any:
        if request.param == "sqlite":
            store: Any = ItemStore(tmp_path / f"s{len(made)}.sqlite3")
        else:
            url = request.getfixturevalue("postgres_cluster").create_database()
            store = StoreFactory(tmp_path, url).item_store()
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def test_first_add_is_a_new_story_and_refetch_adds_nothing(new_store) -> None:
    store = new_store()
    first = store.add(article())
    assert first.is_new_story and first.is_new_version and first.version == 1
    again = store.add(article(fetched_at="2025-12-02T16:00:00Z", warc={"file": "other"}))
    assert (again.id, again.version) == (first.id, 1)
    assert not again.is_new_story and not again.is_new_version
    assert store.story_count() == 1 and store.version_count() == 1
    last_seen = store.conn.execute("SELECT last_seen FROM stories").fetchone()[0]
    assert last_seen == "2025-12-02T16:00:00Z"


def test_related_box_discovery_and_section_changes_make_no_version(new_store) -> None:
    store = new_store()
    store.add(article())
    result = store.add(
        article(
            related="/sport/new-related-9.html",
            fetched_at="2025-12-02T11:00:00Z",
            discovery={"via": "related", "from_url": SITE + "/x", "depth": 2},
        )
    )
    assert not result.is_new_version and store.version_count() == 1


def test_content_change_is_a_new_version_with_field_diff(new_store) -> None:
    store = new_store()
    v1 = store.add(article())
    v2 = store.add(
        article(
            headline="Merz: Neue Regeln für den Haushalt beschlossen",
            modified="2025-12-02T15:00:00+01:00",
            fetched_at="2025-12-02T16:00:00Z",
        )
    )
    assert v2.is_new_version and not v2.is_new_story and v2.version == 2 and v2.id == v1.id
    assert v2.changed_fields == ["headline", "modified"]
    versions = store.versions_of(v1.id)
    assert [v["version"] for v in versions] == [1, 2]
    headline = versions[1]["changes"]["headline"]
    assert headline["old"] == "Merz: Neue Regeln für den Haushalt"
    assert headline["new"] == "Merz: Neue Regeln für den Haushalt beschlossen"
    assert headline["ops"][0]["words"][-1] == {"op": "insert", "text": " beschlossen"}
    v3 = store.add(article(seed=2, fetched_at="2025-12-02T18:00:00Z", modified=None))
    assert v3.version == 3 and v3.changed_fields == ["headline", "body", "modified"]
    body = store.versions_of(v1.id)[2]["changes"]["body"]
    assert set(body) == {"ops"} and body["ops"]  # long field: the diff, not both texts


def test_an_added_body_paragraph_and_a_new_image_are_in_the_changes(new_store) -> None:
    store = new_store()
    v1 = store.add(article())
    body = body_text(1) + "\n\nNachtrag: Die Abstimmung ist am Freitag."
    images = [
        {"url": SITE + "/img/1.jpg", "caption": "Der Kanzler", "credit": "dpa"},
        {"url": SITE + "/img/2.jpg", "caption": "Das Kabinett", "credit": "AFP"},
    ]
    store.add(article(body=body, images=images, fetched_at="2025-12-02T16:00:00Z"))
    changes = store.versions_of(v1.id)[1]["changes"]
    paragraphs = len(body_text(1).split("\n\n"))
    assert changes["body"]["ops"] == [
        {
            "op": "insert",
            "new_index": paragraphs,
            "text": "Nachtrag: Die Abstimmung ist am Freitag.",
        }
    ]
    added = [{"url": SITE + "/img/2.jpg", "caption": "Das Kabinett", "credit": "AFP"}]
    assert changes["images"] == {"added": added, "removed": [], "changed": []}


def test_reingesting_old_captures_is_idempotent_but_a_later_revert_is_a_version(
    new_store,
) -> None:
    store = new_store()
    old = article()
    new = article(headline="Geänderte Schlagzeile", fetched_at="2025-12-02T12:00:00Z")
    store.add(old)
    store.add(new)
    store.add(old)  # the same two captures ingested again
    store.add(new)
    assert store.version_count() == 2
    revert = store.add(article(fetched_at="2025-12-03T08:00:00Z"))
    assert revert.is_new_version and revert.version == 3
    assert revert.changed_fields == ["headline"]


def test_images_caption_change_is_a_version(new_store) -> None:
    store = new_store()
    store.add(article())
    img = [{"url": SITE + "/img/1.jpg", "caption": "Neu", "credit": "dpa"}]
    result = store.add(article(images=img, fetched_at="2025-12-02T12:00:00Z"))
    assert result.version == 2 and result.changed_fields == ["images"]


def test_ids_are_stable_across_separate_stores(new_store) -> None:
    items = [article(), article("/ausland/b-2.html", seed=5), article("/c/?utm_source=x")]
    with new_store() as store_a:
        a = [store_a.add(i).id for i in items]
    with new_store() as store_b:
        b = [store_b.add(i).id for i in reversed(items)]
    assert a == list(reversed(b))
    assert len(set(a)) == 3


def _clusters(store: ItemStore) -> list[tuple[Any, Any]]:
    return store.conn.execute(
        "SELECT content_fp, near_cluster FROM stories ORDER BY sid"
    ).fetchall()


def test_same_story_at_two_urls_shares_content_and_near_cluster(new_store) -> None:
    store = new_store()
    a = store.add(article("/politik/wire-1.html"))
    b = store.add(article("/ausland/wire-1.html", section="Ausland", related="/x.html"))
    assert a.id != b.id and a.is_new_story and b.is_new_story
    (fp_a, near_a), (fp_b, near_b) = _clusters(store)
    assert fp_a == fp_b and near_a == near_b


def test_lightly_edited_copy_is_near_but_not_content_duplicate(new_store) -> None:
    store = new_store()
    original = article("/politik/wire-2.html")
    words = original["body"].split(" ")
    words[150] = "Opposition"
    edited = article(
        "/ausland/wire-2-copy.html",
        headline="Merz - Neue Regeln für den Haushalt!",
        body=" ".join(words),
    )
    store.add(original)
    store.add(edited)
    store.add(article("/sport/unrelated.html", seed=99, headline="Etwas anderes"))
    (fp_a, near_a), (fp_b, near_b), (fp_c, near_c) = _clusters(store)
    assert fp_a != fp_b and near_a == near_b
    assert near_c != near_a and fp_c not in (fp_a, fp_b)


def test_headline_punctuation_and_case_do_not_change_the_content_fingerprint(
    new_store,
) -> None:
    store = new_store()
    store.add(article("/a.html", headline="Merz: Neue Regeln"))
    store.add(article("/b.html", headline="„merz – neue Regeln“"))
    (fp_a, _), (fp_b, _) = _clusters(store)
    assert fp_a == fp_b


def test_ingest_jsonl_counts_and_skips_bad_lines(new_store, tmp_path: Path) -> None:
    path = tmp_path / "items" / "demo-1.jsonl"
    with JsonlWriter(path) as writer:
        writer.write(article("/a.html"))
        writer.write(article("/b.html", seed=3))
        writer.write(article("/a.html", headline="Neu", fetched_at="2025-12-02T12:00:00Z"))
        writer.write(article("/a.html", headline="Neu", fetched_at="2025-12-02T13:00:00Z"))
    with path.open("ab") as fh:
        fh.write(b"not json\n" + b'{"no_url": 1}\n' + orjson.dumps(article("/c.html"))[:50])
    store = new_store()
    counts = store.ingest_jsonl(path)
    assert (counts.items, counts.new_stories, counts.new_versions, counts.unchanged) == (4, 2, 1, 1)
    assert counts.errors == 2  # the torn last line is not an error: it is not complete yet
    again = store.ingest_new_files(tmp_path / "items")
    assert again.items == 4 and again.new_stories == 0 and again.new_versions == 0
    assert store.ingest_new_files(tmp_path / "items").items == 0  # name + size unchanged


def test_corrupted_database_gives_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "state" / "items.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not an sqlite database at all" * 200)
    with pytest.raises(StoreError) as exc:
        ItemStore(path)
    message = str(exc.value)
    assert str(path) in message and "\n" not in message and "not a usable item store" in message


def test_store_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with ItemStore(path) as store:
        first = store.add(article())
    with ItemStore(path) as store:
        assert store.add(article(fetched_at="2025-12-03T00:00:00Z")).version == 1
        assert store.add(article(headline="Neu")).version == 2
        assert store.story_count() == 1
        assert store.versions_of(first.id)[0]["item"]["headline"] == article()["headline"]


def test_estimated_jaccard_prefilter() -> None:
    """The MinHash estimate that spares exact checks of chance candidates."""
    import numpy as np

    from archive import fingerprints as fp

    text = " ".join(f"wort{i}" for i in range(300))
    near = text.replace("wort150", "anders")
    far = " ".join(f"other{i}" for i in range(300))
    sig = fp.minhash(fp.shingles(fp.words(text)))
    assert fp.estimated_jaccard(sig, fp.signature_bytes(sig)) == 1.0
    near_sig = fp.signature_bytes(fp.minhash(fp.shingles(fp.words(near))))
    assert fp.estimated_jaccard(sig, near_sig) >= fp.ESTIMATE_FLOOR
    far_sig = fp.signature_bytes(fp.minhash(fp.shingles(fp.words(far))))
    assert fp.estimated_jaccard(sig, far_sig) < fp.ESTIMATE_FLOOR
    # a signature of another length cannot be compared: exact Jaccard decides
    assert fp.estimated_jaccard(sig, np.zeros(8, dtype="<u8").tobytes()) == 1.0


def test_near_copies_read_a_stored_body_once(tmp_path: Path) -> None:
    """Wire copies arriving together are verified against the same stored story again and
    again: its body is read and shingled once, and the clusters are what they were."""
    store = ItemStore(tmp_path / "s.sqlite3")
    reads: list[str] = []
    store.conn.set_trace_callback(
        lambda sql: reads.append(sql) if sql.startswith("SELECT") and "payload" in sql else None
    )
    original = article("/politik/wire-3.html")
    store.add(original)
    for n in range(5):
        words = original["body"].split(" ")
        words[10 + 20 * n] = f"anders{n}"
        copy = article(f"/ausland/wire-3-copy-{n}.html", headline=f"Kopie {n}")
        store.add({**copy, "body": " ".join(words)})
    store.add(article("/sport/unrelated.html", seed=99, headline="Etwas anderes"))
    clusters = [near for _fp, near in _clusters(store)]
    assert len(set(clusters[:6])) == 1 and clusters[6] != clusters[0]
    assert len(reads) == len(set(reads)) >= 1  # each stored body read at most once
    store.close()
