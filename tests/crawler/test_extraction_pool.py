"""The extraction pool: worker processes give what the crawl process gives, in order."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import orjson
import pytest

from crawler.extract.capture import Capture
from crawler.extract.context import CrawlContext
from crawler.seed import load_seed
from crawler.spiders.article_page import ArticleJob, ArticleRead, read_article
from crawler.spiders.extraction_pool import ExtractionPool

from ..conftest import ROOT
from ..extract import cases

SEED = load_seed(ROOT / "seeds" / "demo.toml")
JOB = ArticleJob(CrawlContext("section", "http://news.demo.test/politik/", 1, "Politik"))


def captures() -> list[Capture]:
    """Every saved fixture page, then a PDF (no article) and a page cut short."""
    out = []
    for name in cases.names():
        case = cases.load(name)
        headers = list(case.headers.items())
        out.append(Capture(case.url, 200, headers, case.body, html=True))
    pdf = [("Content-Type", "application/pdf")]
    out.append(Capture("http://news.demo.test/a.pdf", 200, pdf, b"%PDF-1.4", html=False))
    out.append(Capture(out[0].url, 200, out[0].headers, out[0].body[:500], truncated=True))
    return out


def dump(read: ArticleRead) -> bytes:
    result = read.result
    data = result.to_dict() if hasattr(result, "to_dict") else vars(result)
    extra = [read.related, read.stylesheets]
    return orjson.dumps([data, extra], option=orjson.OPT_NON_STR_KEYS)


def read_all(pool: ExtractionPool, pages: list[Capture], job: ArticleJob = JOB) -> list:
    async def main() -> list:
        pool.start()
        while not pool._ready.wait(0.01):  # both paths are tested: wait for a worker
            await asyncio.sleep(0)
        return await asyncio.gather(*(pool.read(c, job) for c in pages))

    try:
        return asyncio.run(main())
    finally:
        pool.close()


def test_workers_read_every_page_as_the_crawl_process_does_in_submission_order() -> None:
    pages = captures() * 3
    expected = [dump(read_article(c, SEED, JOB)) for c in pages]
    pool = ExtractionPool(SEED, 2)
    pool.start()
    workers = list(pool._all)
    assert [dump(r) for r in read_all(pool, pages)] == expected
    assert len(workers) == 2
    assert [w.proc.returncode for w in workers] == [0, 0]  # closed: they ended cleanly


def test_a_candidate_page_that_is_no_article_says_so_from_a_worker() -> None:
    listing = Capture(
        "http://news.demo.test/politik/",
        200,
        [("Content-Type", "text/html; charset=utf-8")],
        b"<html><head><title>Politik</title></head><body>"
        + b"".join(
            b'<article><a href="/politik/2025/11/s-%d.html"><h2>Story %d</h2></a>'
            b"<p>A teaser with some words in it.</p></article>" % (n, n)
            for n in range(6)
        )
        + b"</body></html>",
        html=True,
    )
    job = ArticleJob(CrawlContext("section", "http://news.demo.test/", 1, candidate=True))
    expected = read_article(listing, SEED, job)
    assert expected.result.kind == "not-story"
    (read,) = read_all(ExtractionPool(SEED, 2), [listing], job)
    assert dump(read) == dump(expected)


def test_a_worker_killed_mid_crawl_costs_no_page(caplog: pytest.LogCaptureFixture) -> None:
    pages = captures()
    expected = [dump(read_article(c, SEED, JOB)) for c in pages]
    pool = ExtractionPool(SEED, 2)

    async def main() -> list:
        pool.start()
        while pool._idle.qsize() < 2:  # both ready
            await asyncio.sleep(0.01)
        first = await asyncio.gather(*(pool.read(c, JOB) for c in pages))
        for worker in pool._all:
            os.kill(worker.proc.pid, signal.SIGKILL)
            worker.proc.wait()
        return first + await asyncio.gather(*(pool.read(c, JOB) for c in pages))

    with caplog.at_level(logging.WARNING, logger="crawler.spiders.extraction_pool"):
        try:
            reads = asyncio.run(main())
        finally:
            pool.close()
    assert [dump(r) for r in reads] == expected * 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "extracting the rest in the crawl process" in warnings[0]


def test_one_worker_reads_in_the_crawl_process_and_starts_none() -> None:
    pool = ExtractionPool(SEED, 1)
    pages = captures()
    assert [dump(r) for r in read_all_inline(pool, pages)] == [
        dump(read_article(c, SEED, JOB)) for c in pages
    ]
    assert pool._all == []


def read_all_inline(pool: ExtractionPool, pages: list[Capture]) -> list:
    async def main() -> list:
        pool.start()
        return [await pool.read(c, JOB) for c in pages]

    try:
        return asyncio.run(main())
    finally:
        pool.close()
