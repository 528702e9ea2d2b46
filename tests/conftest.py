"""Shared fixtures: a demo site on loopback and a finished demo crawl."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import forkserver

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def newsarchiver(
    *args: str, timeout: float = 300, fresh: bool = False, **kw: object
) -> subprocess.CompletedProcess:
    """Run the real CLI in a child process (Twisted's reactor runs once per process).

    The child is a fork of the session's pre-imported fork server (tests/forkserver.py: the
    same ``crawler.cli.main``, ~1-2 s of imports fewer); ``fresh=True`` execs the console
    script instead, as a user's shell does.
    """
    if not fresh and set(kw) <= {"umask"}:
        run = forkserver.server().spawn([str(BIN / "newsarchiver"), *args], umask=kw.get("umask"))
        return run.completed(timeout)
    exe = BIN / "newsarchiver"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "crawler.cli"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env, **kw
    )


def logged_items(archive: Path) -> list[dict]:
    """Every item an archive's item logs hold, log by log in name order, read as the product
    reads them (``read_jsonl``: a torn last line left by a kill is no item)."""
    from archive.jsonl import read_jsonl

    return [row for path in sorted((archive / "items").glob("*.jsonl")) for row in read_jsonl(path)]


@dataclass
class OutletCrawl:
    proc: subprocess.CompletedProcess
    seed: Path
    archive: Path
    fetched: dict[str, int]  # path -> how often the outlet's server sent it

    @property
    def items(self) -> list[dict]:
        return logged_items(self.archive)


def crawl_outlet(outlet: object, tmp_path: Path, seed: Path | None = None) -> OutletCrawl:
    """One first crawl of a fixture outlet served on loopback (its five-field seed unless
    ``seed`` is given) into ``tmp_path/archive``."""
    from demosite.outlets.files import seed_toml
    from demosite.server import DemoSiteServer

    if seed is None:
        seed = tmp_path / f"{type(outlet).__name__.lower()}.toml"
        seed.write_text(seed_toml(outlet), encoding="utf-8")
    archive = tmp_path / "archive"
    with DemoSiteServer(outlet, port=0) as server:
        proc = newsarchiver(
            "crawl", str(seed), "--archive", str(archive),
            "--proxy", server.proxy_url, "--no-progress",
        )  # fmt: skip
        fetched = dict(server.counter.fetches)
    return OutletCrawl(proc, seed, archive, fetched)


@dataclass
class DemoCrawl:
    archive: Path
    proc: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def demo_crawl(tmp_path_factory: pytest.TempPathFactory) -> DemoCrawl:
    """One `newsarchiver demo` run over the default demo site, shared by the e2e tests."""
    archive = tmp_path_factory.mktemp("demo") / "archive"
    proc = newsarchiver("demo", "--archive", str(archive), "--no-progress", fresh=True)
    return DemoCrawl(archive, proc)


@pytest.fixture()
def demo_server():
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    with DemoSiteServer(DemoSite(), port=0) as server:
        yield server


@pytest.fixture()
def redis_server():
    """A fresh real redis-server on a free loopback port (stopped at the end of the test)."""
    from tests.services import RedisServer

    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_cluster():
    """One real PostgreSQL cluster for the session, run as the `postgres` user on loopback."""
    from tests.services import PostgresCluster

    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture()
def postgres_url(postgres_cluster) -> str:
    """SQLAlchemy URL of a new empty database in the session's cluster."""
    return postgres_cluster.create_database()


@pytest.fixture()
def mount_tmpfs():
    """``mount(path, size)`` mounts a small tmpfs at ``path``; all are unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the test suite runs as root in CI)")
    mounted: list[Path] = []

    def mount(path: Path, size: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
        mounted.append(path)
        return path

    try:
        yield mount
    finally:
        for path in reversed(mounted):
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    forkserver.close()
