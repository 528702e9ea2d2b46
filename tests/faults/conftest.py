"""Fixtures of the fault suite: a misbehaving loopback server and a crawl against it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import logged_items, newsarchiver
from tests.faults.server import FaultServer

#: The virtual host the fault site is served as (the fault server is the crawl's proxy).
SITE = "site.test"

SEED = """
name = "faults"
timezone = "Europe/Berlin"
follow_depth = {depth}
allowed_domains = {domains}

[fetch]
obey_robots = {robots}
{proxy}
{fetch}

[links]
article = '/news/[^/]+\\.html$'
max_section_pages = 1
{links}

{sections}
"""


@dataclass
class Crawl:
    proc: subprocess.CompletedProcess
    archive: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.proc.stderr.splitlines() if line.startswith("WARNING: ")]

    def items(self) -> list[dict]:
        return logged_items(self.archive)


@pytest.fixture()
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def write_seed(
    folder: Path,
    sections: list[str],
    *,
    domains: list[str] | None = None,
    proxy: str | None = None,
    depth: int = 1,
    robots: bool = False,
    fetch: str = "",
    links: str = "",
) -> Path:
    body = "\n".join(f'[[sections]]\nname = "S{i}"\nurl = "{u}"\n' for i, u in enumerate(sections))
    seed = folder / "faults.toml"
    seed.write_text(
        SEED.format(
            depth=depth,
            domains=json.dumps(domains or [SITE]),
            robots="true" if robots else "false",
            proxy=f'proxy = "{proxy}"' if proxy else "",
            fetch=fetch,
            links=links,
            sections=body,
        ),
        encoding="utf-8",
    )
    return seed


def crawl(seed: Path, archive: Path, *args: str) -> Crawl:
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Crawl(proc, archive)
