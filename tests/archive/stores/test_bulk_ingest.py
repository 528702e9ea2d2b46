"""Batched ingest builds exactly the store that adding items one by one builds.

The batch path (``ItemStore.add_many``, used by ``ingest_jsonl`` / ``export``) computes the
text work of many items at once; these tests hold it to the one-by-one results: the same
words, the same MinHash signatures and band keys, the same tables row for row."""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from pathlib import Path

import numpy as np
import orjson

from archive import fingerprints as fp
from archive.stores.item_ingest import BATCH
from archive.stores.item_store import ItemStore
from tests.archive.stores.test_item_store import article, body_text

TABLES = {"stories": "sid", "versions": "vid", "near_sigs": "sid", "near_bands": "key, sid"}


def test_words_are_the_regex_words_for_any_text() -> None:
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x20000) if not 0xD800 <= c < 0xE000]
    texts = ["Merz: „Neue Regeln“ – 2,5 % mehr_Geld; ½ Jahr² ｆｕｌｌ\u00a0breit\u200bnull 東京."]
    texts += ["".join(rng.choices(alphabet, k=3000)) for _ in range(20)]
    for text in texts:
        want = fp._WORD.findall(unicodedata.normalize("NFKC", text).casefold())
        assert fp.words(text) == want


def test_batched_near_keys_equal_the_one_by_one_values() -> None:
    bodies = [fp.words(body_text(seed, words=40 + seed * 7)) for seed in range(30)]
    bodies += [[], ["zu", "kurz"], ["wort"] * (fp.MINHASH_BLOCK + 10)]  # one beyond a block
    random.Random(1).shuffle(bodies)
    for words, near in zip(bodies, fp.near_keys_many(bodies), strict=True):
        shingles = fp.shingles(words)
        if shingles is None:
            assert near is None
            continue
        assert np.array_equal(near.shingles, shingles)
        assert np.array_equal(near.signature, fp.minhash(shingles))
        assert near.keys == fp.band_keys(fp.minhash(shingles))


def _items() -> list[dict]:
    """Originals, wire copies at other URLs, near copies and re-fetched edits, interleaved,
    so that duplicates and versions meet inside one batch and across batches."""
    rng = random.Random(9)
    items: list[dict] = []
    for i in range(BATCH + 60):
        roll = rng.random()
        if items and roll < 0.2:
            base = rng.choice(items)
            items.append(article(f"/ausland/copy-{i}.html", seed=0, body=base["body"]))
        elif items and roll < 0.35:
            base = rng.choice(items)
            words = base["body"].split(" ")
            words[rng.randrange(len(words))] = "Opposition"
            items.append(article(f"/sport/near-{i}.html", body=" ".join(words)))
        elif items and roll < 0.5:
            base = rng.choice(items)
            items.append(
                dict(
                    base,
                    body=base["body"] + "\n\nNachtrag.",
                    fetched_at=f"2025-12-03T{i % 24:02d}:00:00Z",
                )
            )
        else:
            items.append(article(f"/politik/story-{i}.html", seed=i, headline=f"Meldung {i}"))
    return items


def _tables(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {
            t: db.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall() for t, o in TABLES.items()
        }
    finally:
        db.close()


def test_ingest_in_batches_builds_the_store_of_one_by_one_adds(tmp_path: Path) -> None:
    items = _items()
    one = ItemStore(tmp_path / "one.sqlite3")
    results = [one.add(item) for item in items]
    one.close()
    log = tmp_path / "demo-1.jsonl"
    lines = [orjson.dumps(item) for item in items]
    lines.insert(BATCH - 3, b'{"body": "no url"}')  # refused inside a batch, counted
    log.write_bytes(b"\n".join(lines) + b"\n")
    batched = ItemStore(tmp_path / "batched.sqlite3")
    counts = batched.ingest_jsonl(log)
    batched.close()
    assert counts.errors == 1 and counts.items == len(items)
    assert counts.new_stories == sum(r.is_new_story for r in results)
    assert counts.new_versions == sum(r.is_new_version and not r.is_new_story for r in results)
    assert counts.new_versions > 10 and counts.new_stories < len(items) - 50
    one_tables, batch_tables = (
        _tables(tmp_path / "one.sqlite3"),
        _tables(tmp_path / "batched.sqlite3"),
    )
    clusters = {row[13] for row in one_tables["stories"]}  # near_cluster
    assert len(clusters) < len(one_tables["stories"]) - 50  # copies did fold
    assert batch_tables == one_tables
