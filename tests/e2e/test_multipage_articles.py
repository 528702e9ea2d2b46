"""Multi-page articles crawled with a five-field seed: one item for every page, in order.

The Valley Chronicle (demosite/outlets/chronicle.py) tells three stories on several pages
(``/slug/2/`` behind a pager inside the article, ``?page=2`` behind a ``rel=next``
"Continue reading" link, ``/2/`` behind a pager of numbers) and its sitemap lists one
second page on its own. Each story must be one item whose body and images cover every
page in order and whose ``warc.pages`` names every capture; no later page is an item; a
re-extraction of the crawl's WARC files gives the same items.
"""

from __future__ import annotations

import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.replay import warc_timestamp
from demosite.outlets.chronicle import MULTI_PAGE, Chronicle
from demosite.outlets.score import FIELDS, score
from tests.conftest import crawl_outlet, newsarchiver
from tests.e2e.test_replay_pywb import decoded, fetch, replay_server, require_pywb, served_body


def record_at(warc_dir: Path, pointer: dict) -> tuple[str, str, int]:
    """(record type, target URI, HTTP status) of the record a pointer names."""
    with open(warc_dir / pointer["file"], "rb") as fh:
        fh.seek(pointer["offset"])
        record = next(iter(ArchiveIterator(fh)))
        status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
        return record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), status


def test_a_multi_page_article_is_one_item_of_every_page_and_reextracts_the_same(
    tmp_path: Path,
) -> None:
    outlet = Chronicle()
    crawl = crawl_outlet(outlet, tmp_path)
    proc, seed, archive = crawl.proc, crawl.seed, crawl.archive
    assert proc.returncode == 0, proc.stdout + proc.stderr
    items = crawl.items
    # one item per story: no later page became an item, not even the one the sitemap lists
    assert sorted(i["url"] for i in items) == sorted(s.url for s in outlet.stories)
    got = score(outlet.truth(), items, over_all=True)
    assert {f: got[f] for f in FIELDS} == dict.fromkeys(FIELDS, 1.0)
    by_url = {i["url"]: i for i in items}
    # replay finds every page: the CDXJ index (pywb's) has each page's capture
    cdxj = (archive / "indexes" / "index.cdxj").read_text(encoding="utf-8")
    indexed = {json.loads(line.split(" ", 2)[2])["url"] for line in cdxj.splitlines()}
    for index, (pages, _style) in MULTI_PAGE.items():
        story = outlet.stories[index]
        item = by_url[story.url]
        assert item["body"] == "\n\n".join(story.body)  # every page's text, in page order
        assert [i["url"] for i in item["images"]] == [p.src for p in story.pictures]
        urls = ["http://" + outlet.host + outlet.page_url(story, n) for n in range(1, pages + 1)]
        listed = item["warc"]["pages"]
        assert [p["url"] for p in listed] == urls
        assert set(urls) <= indexed
        assert listed[0]["offset"] == item["warc"]["offset"]  # the first page's pointer
        for pointer in listed:  # each page is its own capture, replayable alone (a page
            # also fetched alone, as the sitemap's, is a revisit of that identical payload)
            kind, uri, status = record_at(archive / "warc", pointer)
            assert (uri, status) == (pointer["url"], 200) and kind in ("response", "revisit")
    one_page = by_url[outlet.stories[1].url]
    assert "pages" not in one_page["warc"]

    # re-extraction from the WARC files reproduces every item, the merged ones included
    out = tmp_path / "reextracted.jsonl"
    warcs = sorted(str(p) for p in (archive / "warc").glob("*.warc.gz"))
    proc = newsarchiver("reextract", *warcs, "--seed", str(seed), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    again = {i["url"]: i for i in (json.loads(x) for x in out.read_text().splitlines())}
    assert sorted(again) == sorted(by_url)
    for url, item in by_url.items():
        assert again[url] == item, url


def test_each_page_of_a_multi_page_article_replays_in_pywb(tmp_path: Path) -> None:
    """Page by page: every pointer in ``warc.pages`` is a capture pywb replays as served."""
    pywb = require_pywb()
    outlet = Chronicle()
    crawl = crawl_outlet(outlet, tmp_path)
    proc, archive = crawl.proc, crawl.archive
    assert proc.returncode == 0, proc.stdout + proc.stderr
    paged = [i for i in crawl.items if "pages" in i["warc"]]
    assert len(paged) == len(MULTI_PAGE)
    replayed = 0
    with replay_server(archive, tmp_path / "work", pywb) as server:
        for item in paged:
            for page in item["warc"]["pages"]:
                url = server.url(page["url"], warc_timestamp(page["date"]))
                status, body, encoding = fetch(url)
                assert status == 200, page["url"]
                assert decoded(body, encoding) == served_body(outlet, page["url"]), page["url"]
                replayed += 1
    assert replayed == sum(pages for pages, _style in MULTI_PAGE.values())
