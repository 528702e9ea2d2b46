"""A crawl learns its site's profile and writes only items extracted with it.

The demo crawl (220 articles) learns from its first 100 article pages, holds their items
until then and writes every page once, with the profile's hash; a small outlet (18 pages)
is learned when the crawl has nothing else left to do. Turned off (``--no-profile``, or
``[extract] profile = false``), the crawl writes the generic extractor's items, exactly;
re-extraction with the archive's stored profile gives the crawl's lines byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from archive.jsonl import read_jsonl
from crawler.extract.profile.store import load_profile

from ..conftest import ROOT, DemoCrawl, newsarchiver
from .discovery.outlet import ARTICLES, Outlet
from .discovery.test_crawl_discovery import crawl


def _lines(archive: Path) -> list[bytes]:
    (items_file,) = (archive / "items").glob("*.jsonl")
    return items_file.read_bytes().splitlines()


def _reextract(archive: Path, seed: Path, out: Path, *args: str) -> list[bytes]:
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    proc = newsarchiver(
        "reextract", *map(str, warcs), "--seed", str(seed), "--out", str(out), *args
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes().splitlines()


def test_a_first_crawl_holds_its_first_items_then_writes_every_page_once_with_its_profile(
    demo_crawl: DemoCrawl, tmp_path: Path
) -> None:
    assert demo_crawl.proc.returncode == 0, demo_crawl.proc.stderr
    archive = demo_crawl.archive
    profile = load_profile(archive / "state" / "profiles" / "demo.json")
    assert profile is not None and profile.usable
    assert profile.pages == 100  # NEWSARCHIVER_PROFILE_PAGES: learned once, then fixed
    items = [orjson.loads(line) for line in _lines(archive)]
    assert len(items) >= 220
    assert len({i["url"] for i in items}) == len(items), "a page was logged twice"
    assert {i["extractor"].get("profile_hash") for i in items} == {profile.hash()}
    log = "".join(p.read_text() for p in (archive / "logs").glob("*.log"))
    assert f"site profile {profile.hash()} learned from 100 article pages" in log
    assert "100 held items extracted again with it" in log
    # the dedup store holds the profile's items only: one version per story
    out = tmp_path / "export.jsonl"
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    rows = list(read_jsonl(out))
    assert rows and {r["extractor"]["profile_hash"] for r in rows} == {profile.hash()}
    assert {r["version"] for r in rows} == {1}
    # the Parquet export's schema knows the profile's hash (it refused the rows before)
    parquet = tmp_path / "export.parquet"
    args = ["export", "--archive", str(archive), "--out", str(parquet), "--no-progress"]
    proc = newsarchiver(*args)
    assert proc.returncode == 0, proc.stderr
    import pyarrow.parquet as pq

    hashes = {e["profile_hash"] for e in pq.read_table(parquet).column("extractor").to_pylist()}
    assert hashes == {profile.hash()}


def test_reextract_uses_the_archives_profile_by_default_or_the_one_given_or_none(
    demo_crawl: DemoCrawl, tmp_path: Path
) -> None:
    archive, seed = demo_crawl.archive, ROOT / "seeds" / "demo.toml"
    crawled = sorted(_lines(archive))
    stored = archive / "state" / "profiles" / "demo.json"
    given = _reextract(archive, seed, tmp_path / "given.jsonl", "--profile", str(stored))
    assert sorted(given) == crawled  # byte for byte
    generic = [orjson.loads(line) for line in _reextract(
        archive, seed, tmp_path / "generic.jsonl", "--no-profile")]  # fmt: skip
    assert generic and not any("profile_hash" in i["extractor"] for i in generic)


@pytest.fixture()
def outlet():
    with Outlet() as site:
        yield site


def test_a_small_site_is_learned_when_the_crawl_has_nothing_else_to_do(
    outlet: Outlet, tmp_path: Path
) -> None:
    proc, items, archive = crawl(outlet, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(items) == sorted(a.path for a in ARTICLES)
    profile = load_profile(archive / "state" / "profiles" / "courrier.json")
    assert profile is not None and profile.pages == len(ARTICLES) and profile.usable
    assert {i["extractor"].get("profile_hash") for i in items.values()} == {profile.hash()}
    again = _reextract(archive, tmp_path / "courrier.toml", tmp_path / "again.jsonl")
    assert sorted(again) == sorted(_lines(archive))


@pytest.mark.parametrize("how", ["flag", "seed"])
def test_a_crawl_without_profile_writes_exactly_the_generic_extractors_items(
    how: str, demo_server, tmp_path: Path
) -> None:
    seed = tmp_path / "demo.toml"
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    if how == "seed":
        text = text.replace("[extract]\n", "[extract]\nprofile = false\n")
        assert "profile = false" in text
    seed.write_text(text, encoding="utf-8")
    archive = tmp_path / "archive"
    args = ["crawl", str(seed), "--archive", str(archive), "--no-progress"]
    args += ["--proxy", demo_server.proxy_url]
    proc = newsarchiver(*args, *(["--no-profile"] if how == "flag" else []))
    assert proc.returncode == 0, proc.stderr[-3000:]
    crawled = _lines(archive)
    assert len(crawled) >= 220
    assert not (archive / "state" / "profiles").exists()
    assert not any(b"profile_hash" in line for line in crawled)
    # the generic extractor (no profile) on the same captures: the same lines, byte for byte
    generic = _reextract(archive, seed, tmp_path / "generic.jsonl", "--no-profile")
    assert sorted(generic) == sorted(crawled)
