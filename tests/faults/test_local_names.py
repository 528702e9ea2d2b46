"""Names that can only mean this machine or a metadata service.

Through a proxy the proxy resolves names, so the connect-time address check never sees
where ``localhost`` or ``metadata.google.internal`` lead: such page requisites were
requested through the proxy. They are refused by name, whatever resolves them.
"""

from __future__ import annotations

from pathlib import Path

from crawler.netguard import refusal
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section

LOCAL = [
    "http://localhost/a.png",
    "http://LOCALHOST./b.png",
    "http://cdn.localhost/c.png",
    "http://metadata.google.internal/computeMetadata/v1/token.png",
    "http://metadata/computeMetadata/v1/short.png",
    "http://instance-data/latest/meta-data.png",
]


def test_local_names_are_refused_unless_the_seed_names_them() -> None:
    assert refusal("cdn.localhost", [SITE]) == (
        "loopback name cdn.localhost is not in the seed's allowed_domains"
    )
    assert "cloud metadata" in (refusal("metadata.google.internal.", [SITE]) or "")
    # The proxy's own host (its machine's other ports), named like a site:
    assert refusal("proxy.corp.test", [SITE], "proxy.corp.test") == (
        "the proxy's own host proxy.corp.test is not in the seed's allowed_domains"
    )
    assert refusal("cdn.localhost", [SITE, "cdn.localhost"]) is None
    assert refusal("img.example.com", [SITE], "proxy.corp.test") is None


def test_local_names_as_page_requisites_never_reach_the_proxy(
    faults: FaultServer, tmp_path: Path
) -> None:
    figures = "".join(f'<figure><img src="{u}"><figcaption>x</figcaption></figure>' for u in LOCAL)
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Local names", "", figures))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert faults.hosts_seen() == {SITE}, sorted(h.url for h in faults.hits)
    assert [i["headline"] for i in result.items()] == ["Local names"]
    refused = [w for w in result.warnings if "refused" in w]
    assert len(refused) == len(LOCAL), result.warnings
    assert result.proc.returncode == 0  # a refused image does not make the crawl partial
