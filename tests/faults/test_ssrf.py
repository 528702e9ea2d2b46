"""A page cannot make the crawler fetch internal addresses.

The fault server is the crawl's proxy, so a request the guard failed to refuse would show
up in its hit list; no packet ever goes to 169.254.x, 10.x or any other real address.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.netguard import forbidden_reason, parse_ip, refusal
from tests.conftest import newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section

#: Every spelling of an internal address a page might use (all refused).
INTERNAL = [
    "http://169.254.169.254/latest/meta-data/iam",
    "http://2852039166/latest/decimal",
    "http://0251.0376.0251.0376/latest/octal",
    "http://0xa9.0xfe.0xa9.0xfe/latest/hex",
    "http://[::ffff:169.254.169.254]/latest/mapped",
    "http://10.1.2.3/intranet.png",
    "http://192.168.0.1/router.png",
    "http://127.1/short.png",
    "http://[::1]/loopback6.png",
    "http://224.0.0.1/multicast.png",
    "http://0.0.0.0/unspecified.png",
    "http://100.64.0.1/shared.png",
]


@pytest.mark.parametrize("url", INTERNAL)
def test_every_spelling_of_an_internal_address_is_refused(url: str) -> None:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    assert refusal(host, [SITE]) is not None, url


def test_public_and_allowed_addresses_pass() -> None:
    assert refusal("93.184.216.34", [SITE]) is None
    assert refusal("cdn.example.com", [SITE]) is None  # names: checked at connect time
    assert refusal("127.0.0.1", ["127.0.0.1"]) is None  # the seed names it
    assert refusal("2130706433", ["127.0.0.1"]) is None  # the same address, spelled otherwise
    assert parse_ip("2130706433") == parse_ip("127.0.0.1")
    assert forbidden_reason(parse_ip("::ffff:10.0.0.1")) == "private address"
    assert forbidden_reason(parse_ip("2002:a9fe:a9fe::")) == "link-local address"  # 6to4


def _hostile_site(faults: FaultServer) -> None:
    images = "".join(
        f'<figure><img src="{u}"><figcaption>x</figcaption></figure>' for u in INTERNAL
    )
    head = (
        '<meta property="og:image" content="http://169.254.169.254/og.png">'
        '<link rel="stylesheet" href="http://169.254.169.254/style.css">'
    )
    faults.page("/sec/", section([f"http://{SITE}/news/a.html", f"http://{SITE}/news/b.html"]))
    redirected = '<figure><img src="/img/redirects.png"><figcaption>y</figcaption></figure>'
    faults.page("/news/a.html", article("Images everywhere", head, images + redirected))
    # <base href> points every relative link of the page at the metadata service.
    base = '<base href="http://169.254.169.254/"><link rel="stylesheet" href="based.css">'
    extra = '<figure><img src="pic.png"><figcaption>y</figcaption></figure>'
    faults.page("/news/b.html", article("Based", base, extra))
    # An on-site image that redirects to the metadata service.
    faults.redirect("/img/redirects.png", "http://169.254.169.254/latest/redirected")


def test_page_requisites_never_reach_internal_addresses(faults: FaultServer, tmp_path: Path):
    _hostile_site(faults)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert faults.hosts_seen() == {SITE}, sorted(h.url for h in faults.hits)
    assert len(result.items()) == 2  # the articles themselves are archived
    refused = [w for w in result.warnings if "refused" in w]
    assert any("169.254.169.254/latest/redirected" in w for w in refused), result.warnings
    assert any("link-local address 169.254.169.254" in w for w in refused), result.warnings
    assert len(refused) >= len(INTERNAL)


def test_a_host_name_resolving_to_loopback_is_refused_at_connect_time(
    faults: FaultServer, tmp_path: Path
) -> None:
    """``localhost`` is not 127.0.0.1 for the seed: only the resolver can tell where it goes."""
    origin = faults.url  # reached directly, no proxy: the crawler resolves names itself
    target = f"http://localhost:{faults.port}/secret.png"
    extra = f'<figure><img src="{target}"><figcaption>z</figcaption></figure>'
    faults.page("/sec/", section([f"{origin}/news/a.html"]))
    faults.page("/news/a.html", article("Local", "", extra))
    faults.page("/secret.png", "secret")
    seed = write_seed(tmp_path, [f"{origin}/sec/"], domains=["127.0.0.1"])
    result = crawl(seed, tmp_path / "archive")
    assert [h.url for h in faults.hits_for("/secret.png")] == []
    assert faults.hosts_seen() == {"127.0.0.1"}
    assert any("localhost" in w and "loopback" in w for w in result.warnings), result.warnings


def test_requisites_from_other_hosts_obey_their_robots_txt_and_a_host_limit(
    faults: FaultServer, tmp_path: Path
) -> None:
    cdns = [f"cdn{i}.test" for i in range(12)]
    images = [f"http://{cdn}/img/{i}.png" for i, cdn in enumerate(cdns)]
    images.append("http://cdn0.test/private/hidden.png")
    figures = "".join(f'<figure><img src="{u}"><figcaption>c</figcaption></figure>' for u in images)
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("CDN images", "", figures))
    faults.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", host="cdn0.test")
    for i, cdn in enumerate(cdns):
        faults.page(f"/img/{i}.png", "png", host=cdn)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, robots=True)
    result = crawl(seed, tmp_path / "archive")
    fetched_images = {h.host for h in faults.hits if h.path.startswith("/img/")}
    assert len(fetched_images) == 10  # NEWSARCHIVER_REQUISITE_MAX_HOSTS
    assert faults.hits_for("/robots.txt", host="cdn0.test")  # the CDN's robots.txt was read
    assert faults.hits_for("/private/hidden.png") == []  # ... and obeyed
    over = [w for w in result.warnings if "more than 10 other hosts" in w]
    assert len(over) == 2, result.warnings
    assert result.proc.returncode == 0  # a refused image does not make the crawl partial


def test_the_seed_names_the_requisite_hosts_and_their_limit(
    faults: FaultServer, tmp_path: Path
) -> None:
    cdns = ["img.cdn1.test", "cdn2.test", "cdn3.test"]
    figures = "".join(
        f'<figure><img src="http://{h}/img/{i}.png"></figure>' for i, h in enumerate(cdns)
    )
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("CDN images", "", figures))
    for i, cdn in enumerate(cdns):
        faults.page(f"/img/{i}.png", "png", host=cdn)
    fetch = 'requisite_hosts = ["cdn1.test", "cdn2.test"]\nmax_requisite_hosts = 1'
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, fetch=fetch)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stderr
    fetched = {h.host for h in faults.hits if h.path.startswith("/img/")}
    assert len(fetched) == 1 and fetched <= {"img.cdn1.test", "cdn2.test"}, fetched
    assert any("host cdn3.test is not in the seed's requisite_hosts" in w for w in result.warnings)
    assert any("more than 1 other hosts for requisites" in w for w in result.warnings)

    bad = write_seed(tmp_path, [f"http://{SITE}/sec/"], fetch='requisite_hosts = ["http://x/"]')
    proc = newsarchiver("check-seed", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"error: {bad}: field 'fetch.requisite_hosts': must be a list of host names, "
        "got ['http://x/']"
    )
