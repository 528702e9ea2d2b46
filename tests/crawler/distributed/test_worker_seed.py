"""A worker reads the enqueued seed from the run's text and writes no file for it.

Before, every `newsarchiver worker` wrote the seeds it crawled into a temporary folder that
outlived it (hundreds piled up in /tmp, and a worker killed with SIGKILL could never remove
its own). The workers here run with their own TMPDIR, so the test sees anything they leave.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from crawler.distributed.frontier import Run
from crawler.distributed.worker import seed_from_run
from crawler.seed import SeedError
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.conftest import ROOT, newsarchiver
from tests.workers import enqueue


def _run(seed_toml: str, seed_path: str = "/elsewhere/seeds/demo.toml") -> Run:
    return Run(site="demo", seed_toml=seed_toml, seed_path=seed_path, proxy=None, overrides={})


def test_the_seed_comes_from_the_run_text_named_by_its_enqueued_path(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    seed = seed_from_run(_run((ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")))
    assert seed.name == "demo" and seed.sections
    assert seed.path == Path("/elsewhere/seeds/demo.toml")  # its name goes into warcinfo
    assert list(tmp_path.iterdir()) == []


def test_a_broken_enqueued_seed_is_one_error_naming_its_path() -> None:
    with pytest.raises(SeedError, match=r"demo\.toml.*is not valid TOML"):
        seed_from_run(_run("name = \n"))


def test_a_worker_crawling_a_run_leaves_nothing_in_tmp(tmp_path, monkeypatch, redis_server):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=6), port=0) as server:
        queued = enqueue(ROOT / "seeds" / "demo.toml", redis_server.url, server.proxy_url)
        assert queued.returncode == 0, queued.stderr
        worker = newsarchiver("worker", "--redis", redis_server.url, "--archive", str(archive),
                              "--id", "w1", "--exit-when-idle", timeout=120)  # fmt: skip
        assert worker.returncode == 0, worker.stderr
    items = [orjson.loads(x) for f in (archive / "items").glob("*.jsonl")
             for x in f.read_bytes().splitlines()]  # fmt: skip
    assert len(items) == 6
    assert list(tmp.iterdir()) == []
