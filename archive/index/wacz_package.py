"""Package an archive folder as one WACZ file (WARCs + CDXJ index + pages.jsonl).

Why WACZ: ReplayWeb.page and other Webrecorder tools open a single ``.wacz`` (a ZIP with the
WARCs stored uncompressed, a compressed CDXJ index, a page list and a ``datapackage.json`` with
sha256 hashes) directly, so an archive can be handed over as one file.

The ZIP is written by the ``wacz`` package (py-wacz, the Webrecorder reference implementation;
it installs next to Scrapy without conflicts), which re-indexes the WARCs itself. We supply the
page list: one entry per archived article item (``url``, ``title`` = headline, ``ts`` = the
item's ``fetched_at``), copied verbatim (``--copy-pages``) so no article is silently dropped
when its ``fetched_at`` and the WARC-Date fall into different seconds.

All WARC files of the archive go in, not just the latest crawl's: a revisit record is only
replayable together with the response record it refers to.

The WACZ index leaves out ``304 Not Modified`` records (plain responses from older crawls and
*server-not-modified* revisits), exactly like the archive's own CDXJ index
(:mod:`archive.index.cdxj`): a replay tool would otherwise serve the bare 304 (no body) as a capture
of its own; without it, the URL resolves to its closest full capture, which holds the
representation the 304 confirmed. The records stay in the WARC files inside the WACZ.
Checked in ReplayWeb.page 2.5.3 (headless chromium): with the 304 lines kept in the index its
replay frame stays blank at the 304's time, at "latest", and even at the identical-payload
revisit before it (the 304 record carries the same payload digest); with them left out every
capture replays (``tests/e2e/test_replaywebpage.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import wacz.main
from wacz.main import main as wacz_main
from wacz.waczindexer import WACZIndexer

from archive.index.cdxj import SKIP_STATUSES, update_archive_index
from archive.jsonl import read_jsonl
from archive.layout import ArchiveLayout

__all__ = ["WaczError", "WaczResult", "build_wacz", "write_pages_jsonl"]

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles"}


class WaczError(Exception):
    """The archive cannot be packaged (nothing archived, or py-wacz failed)."""


@dataclass
class WaczResult:
    path: Path
    warc_files: int
    pages: int
    size: int


def _iter_items(archive: Path):
    for path in ArchiveLayout(archive).item_logs():
        yield from read_jsonl(path)  # a damaged line must not stop the packaging


def write_pages_jsonl(archive: Path, out: Path) -> int:
    """Write the WACZ page list for the archive's article items; returns the page count."""
    seen: set[tuple[str, str]] = set()
    count = 0
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(PAGES_HEADER) + "\n")
        for item in _iter_items(Path(archive)):
            url = item.get("url")
            ts = item.get("fetched_at") or (item.get("warc") or {}).get("date")
            if not url or not ts or (url, ts) in seen:
                continue
            seen.add((url, ts))
            page = {"url": url, "ts": ts}
            if item.get("headline"):
                page["title"] = item["headline"]
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")
            count += 1
    return count


@contextlib.contextmanager
def _index_without_not_modified(on_record: Callable[[int], None] | None = None):
    """Make py-wacz's indexer skip the lines :data:`archive.index.cdxj.SKIP_STATUSES` names;
    ``on_record(n)`` is told the count of records indexed so far (progress)."""

    class ReplayIndexer(WACZIndexer):
        def _do_write(self, urlkey, ts, index, out):  # noqa: ANN001, ANN202
            if str(index.get("status", "")) in SKIP_STATUSES:
                return
            super()._do_write(urlkey, ts, index, out)
            counter[0] += 1
            if on_record is not None:
                on_record(counter[0])

    counter = [0]

    saved = wacz.main.WACZIndexer
    wacz.main.WACZIndexer = ReplayIndexer
    try:
        yield
    finally:
        wacz.main.WACZIndexer = saved


def build_wacz(
    archive: Path,
    out: Path,
    *,
    title: str | None = None,
    on_record: Callable[[int], None] | None = None,
) -> WaczResult:
    """Write ``out`` (a .wacz) from ``archive``; also brings the archive's CDXJ index up to date
    (when the archive can be written: wacz indexes the WARC files itself).
    ``on_record(n)``: records indexed so far (for a progress bar)."""

    archive, out = Path(archive), Path(out)
    warcs = ArchiveLayout(archive).warc_files()
    if not warcs:
        raise WaczError(f"{archive}: no finished WARC files to package")
    if os.access(archive, os.W_OK):  # a read-only archive: its index as it is
        update_archive_index(archive)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wacz-", dir=out.parent) as tmp:
        pages_file = Path(tmp) / "pages.jsonl"
        pages = write_pages_jsonl(archive, pages_file)
        partial = Path(tmp) / out.name
        args = ["create", "-o", str(partial), "--copy-pages", "-p", str(pages_file)]
        args += ["--title", title or f"newsarchiver archive {archive.resolve().name}"]
        args += [str(p) for p in warcs]
        chatter = io.StringIO()  # py-wacz prints progress on stdout; keep ours clean
        try:
            with contextlib.redirect_stdout(chatter), _index_without_not_modified(on_record):
                code = wacz_main(args)
        except SystemExit as exc:  # argparse errors
            code = exc.code
        except Exception as exc:
            raise WaczError(f"wacz create failed: {exc}") from exc
        if code not in (0, None) or not partial.exists():
            raise WaczError(f"wacz create failed ({code}): {chatter.getvalue()[-1000:]}")
        os.replace(partial, out)
    return WaczResult(path=out, warc_files=len(warcs), pages=pages, size=out.stat().st_size)
