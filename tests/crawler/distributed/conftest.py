"""The demo site the distributed tests crawl: it counts requests per path and per host."""

from __future__ import annotations

import pytest

from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.crawler.distributed.crawl_setup import ARTICLES


@pytest.fixture()
def site_server():
    with DemoSiteServer(DemoSite(articles=ARTICLES), port=0, latency_ms=20) as server:
        yield server
