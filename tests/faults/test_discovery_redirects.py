"""A feed or sitemap found on the site may not redirect the crawl away.

Discovery requests skip the duplicate filter (``dont_filter``), which the redirect check
took as leave to follow a redirect off the allowed domains. Such a redirect is refused and
counted like any other offsite redirect; a feed is no page, so the crawl is not partial.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article


def test_an_autodiscovered_feed_redirecting_offsite_is_refused_and_counted(
    faults: FaultServer, tmp_path: Path
) -> None:
    listing = (
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
        f'href="http://{SITE}/feed.xml"></head><body>'
        f'<a href="http://{SITE}/news/a.html">A story</a></body></html>'
    )
    faults.page("/", listing)
    faults.page("/sec/", listing)
    faults.page("/news/a.html", article("Home story"))
    faults.redirect("/feed.xml", "http://elsewhere.test/feed.xml")
    faults.page("/feed.xml", "<rss></rss>", host="elsewhere.test")
    faults.redirect("/robots.txt", "http://elsewhere.test/robots.txt")
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert "elsewhere.test" not in faults.hosts_seen()
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    assert [i["headline"] for i in result.items()] == ["Home story"]
    offsite = [w for w in result.warnings if "off the allowed domains" in w]
    assert (
        f"WARNING: http://{SITE}/feed.xml: feed or sitemap: redirected off the allowed "
        "domains to http://elsewhere.test/feed.xml, not followed" in offsite
    ), result.warnings
    assert any(
        line.startswith("dropped ") and "redirect offsite" in line
        for line in result.proc.stdout.splitlines()
    ), result.proc.stdout


def test_a_home_page_and_a_section_redirecting_offsite_are_refused_and_counted(
    faults: FaultServer, tmp_path: Path
) -> None:
    """The home page (fetched by discovery) and a seed's section page skip the duplicate
    filter too: a redirect of either off the allowed domains is not followed."""
    faults.redirect("/", "http://elsewhere.test/")
    faults.page("/", "<html><body>elsewhere</body></html>", host="elsewhere.test")
    faults.redirect("/moved/", "http://elsewhere.test/moved/")
    faults.page("/moved/", "<html><body>elsewhere</body></html>", host="elsewhere.test")
    faults.page("/sec/", f'<html><body><a href="http://{SITE}/news/a.html">A</a></body></html>')
    faults.page("/news/a.html", article("Section story"))
    sections = [f"http://{SITE}/sec/", f"http://{SITE}/moved/"]
    seed = write_seed(tmp_path, sections, proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert "elsewhere.test" not in faults.hosts_seen()
    assert [i["headline"] for i in result.items()] == ["Section story"]
    offsite = [w for w in result.warnings if "off the allowed domains" in w]
    assert any(f"http://{SITE}/moved/:" in w for w in offsite), result.warnings
