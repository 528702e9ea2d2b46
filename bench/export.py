"""Benchmark of ``newsarchiver export --dedup near`` against the floor of reading the rows.

    .venv/bin/python bench/export.py [--items 1000000] [--words 200] [--keep DIR]

Generates N synthetic article items (10% exact duplicates of an earlier story at another
URL and section, 5% near duplicates: one body word changed and the headline punctuation
altered), writes them as an item log and ingests it into a fresh item store in a
temporary folder (as ``export`` does), then times

- the floor: reading every stored item and parsing it with orjson, and
- the export: near-duplicate folding plus writing the JSONL file.

Prints items, ingest seconds, export seconds, floor seconds, ratio and peak RSS. The goal
is export <= 3x floor and peak RSS <= 500 MB at 1M items.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.exports.export import export  # noqa: E402
from archive.layout import ArchiveLayout  # noqa: E402
from archive.stores.item_store import ItemStore  # noqa: E402
from crawler.items import ArticleItem, Image  # noqa: E402

SECTIONS = ("politik", "ausland", "boerse", "sport", "world")


def _vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzäöüß"
    return ["".join(rng.choices(letters, k=rng.randint(3, 11))) for _ in range(size)]


def generate(n: int, words: int, seed: int = 7):
    """Yield ``n`` item dicts with the duplicate mix described in the module docstring."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    template = ArticleItem(url="", images=[Image(url="", caption="", credit="")]).to_dict()
    recent: list[dict] = []
    for i in range(n):
        r = rng.random()
        section = SECTIONS[i % len(SECTIONS)]
        url = f"https://news.bench.test/{section}/{i:08d}-story.html"
        item = dict(template)
        if recent and r < 0.15:
            base = recent[rng.randrange(len(recent))]
            item.update({k: base[k] for k in ("headline", "lead", "body", "images", "published")})
            if r >= 0.10:  # near copy
                body = base["body"].split(" ")
                body[rng.randrange(len(body))] = rng.choice(vocab)
                item["body"] = " ".join(body)
                item["headline"] = base["headline"].replace(":", " -") + "!"
        else:
            body = " ".join(rng.choices(vocab, k=words))
            item.update(
                headline="Schlagzeile: " + " ".join(rng.choices(vocab, k=7)),
                lead=" ".join(rng.choices(vocab, k=25)),
                body=body,
                images=[
                    {
                        "url": f"https://img.bench.test/{i}.jpg",
                        "caption": "Bild " + str(i),
                        "credit": "dpa",
                        "width": 800,
                        "height": 600,
                    }
                ],
                published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00+01:00",
            )
            recent.append(item)
            if len(recent) > 2000:
                recent.pop(0)
        item.update(
            url=url,
            canonical_url=url,
            site="bench",
            section=section,
            language="de",
            authors=["Erika Muster"],
            extractor={"version": "bench", "rules_hash": "0"},
            warc={
                "file": "bench.warc.gz",
                "offset": i * 4096,
                "length": 4000,
                "record_id": f"<urn:uuid:{i:032x}>",
                "payload_digest": "sha1:BENCH",
            },
            fetched_at=f"2025-12-01T{i % 24:02d}:00:00Z",
            discovery={"via": "section", "from_url": url, "depth": 1},
        )
        yield item


def floor(store: ItemStore) -> tuple[float, int]:
    """Read every stored item and parse it with orjson: the least an export must do."""
    start = time.perf_counter()
    n = 0
    for (payload,) in store.conn.execute("SELECT payload FROM versions"):
        orjson.loads(payload)
        n += 1
    return time.perf_counter() - start, n


def bench_args(description: str, keep_help: str, *, build_only: bool = False) -> argparse.Namespace:
    """The command line both export benches take: store size, body length, a folder to keep
    (and, with ``build_only``, ``--build-only``: build the store, measure no export)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=200, help="words per body")
    parser.add_argument("--keep", type=Path, help=keep_help)
    if build_only:
        parser.add_argument("--build-only", action="store_true", help="build the store only")
    return parser.parse_args()


def fill_store(folder: Path, items: int, words: int) -> tuple[ItemStore, str]:
    """Write ``items`` generated items as one crawl's item log in ``folder/items/`` and
    ingest it as ``newsarchiver export`` does (``ItemStore.ingest_new_files``); returns the
    store and one line of what that cost (seconds, CPU seconds, load average)."""
    layout = ArchiveLayout(folder)
    layout.items_dir.mkdir(parents=True, exist_ok=True)
    log = layout.items_dir / "bench-20251201T000000Z.jsonl"
    t0 = time.perf_counter()
    with log.open("wb", buffering=1 << 20) as fh:
        for item in generate(items, words):
            fh.write(orjson.dumps(item) + b"\n")
    written = time.perf_counter() - t0
    store = ItemStore(layout.item_store_db)
    t0, c0 = time.perf_counter(), time.process_time()
    counts = store.ingest_new_files(layout.items_dir)
    ingest, cpu = time.perf_counter() - t0, time.process_time() - c0
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    line = (
        f"item log {log.stat().st_size / 1e6:.0f} MB written in {written:.0f} s; ingest of "
        f"{counts.items} items {ingest:.0f} s ({cpu:.0f} CPU s, "
        f"{ingest / max(counts.items, 1) * 1e3:.2f} ms per item), load average {load}"
    )
    return store, line


def main() -> None:
    args = bench_args(__doc__.splitlines()[0], "use this folder and keep it")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsarchiver-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    store, built = fill_store(folder, args.items, args.words)
    print(built)
    ingest = time.perf_counter() - t0
    floor_s, floor_rows = floor(store)
    t0 = time.perf_counter()
    result = export(store, folder / "export.jsonl", dedup="near")
    export_s = time.perf_counter() - t0
    floor_s = min(floor_s, floor(store)[0])
    size_mb = (folder / "export.jsonl").stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(
        f"items {args.items}  stories {floor_rows}  ingest {ingest:.1f} s  "
        f"export(near) {export_s:.2f} s  floor {floor_s:.2f} s  "
        f"ratio {export_s / floor_s:.2f}  rows {result.rows}  clusters {result.clusters}  "
        f"folded {result.duplicates_folded}  output {size_mb:.0f} MB  peak RSS {peak_mb:.0f} MB"
    )
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
