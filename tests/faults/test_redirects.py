"""A page lost to a redirect is counted, reported and makes exit code 1."""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def _site(faults: FaultServer) -> None:
    pages = ["ok", "loop", "chain", "away"]
    faults.page("/sec/", section([f"http://{SITE}/news/{p}.html" for p in pages]))
    faults.page("/news/ok.html", article("Fine"))
    # A loop through two URLs, back to the article itself.
    faults.redirect("/news/loop.html", f"http://{SITE}/news/loop-b.html")
    faults.redirect("/news/loop-b.html", f"http://{SITE}/news/loop.html")
    # A chain one longer than REDIRECT_MAX_TIMES (Scrapy's default, 20).
    faults.redirect("/news/chain.html", f"http://{SITE}/hop/1")
    for n in range(1, 22):
        faults.redirect(f"/hop/{n}", f"http://{SITE}/hop/{n + 1}")
    # Off the allowed domains.
    faults.redirect("/news/away.html", "http://elsewhere.test/news/away.html")
    faults.page("/news/away.html", article("Elsewhere"), host="elsewhere.test")


def test_redirect_loop_long_chain_and_offsite_redirect_are_reported(
    faults: FaultServer, tmp_path: Path
) -> None:
    _site(faults)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 1, result.proc.stdout + result.proc.stderr
    warnings = result.warnings
    loop = [w for w in warnings if "redirect loop" in w]
    assert loop == [
        f"WARNING: http://{SITE}/news/loop-b.html: redirect loop: http://{SITE}/news/loop.html"
        f" -> http://{SITE}/news/loop-b.html -> http://{SITE}/news/loop.html"
    ]
    assert [w for w in warnings if "more than 20 redirects" in w] == [
        f"WARNING: http://{SITE}/hop/20: more than 20 redirects (REDIRECT_MAX_TIMES), gave up"
    ]
    assert [w for w in warnings if "off the allowed domains" in w] == [
        f"WARNING: http://{SITE}/news/away.html: redirected off the allowed domains to "
        "http://elsewhere.test/news/away.html, not followed"
    ]
    assert faults.hits_for("/hop/21") == []
    assert "elsewhere.test" not in faults.hosts_seen()
    assert [i["headline"] for i in result.items()] == ["Fine"]
    # The summary a user reads names them too, with their counts.
    assert (
        "dropped     3 requests given up: 1 redirect limit, 1 redirect loop, "
        "1 redirect offsite (see the WARNING lines)"
    ) in result.proc.stdout.splitlines()
