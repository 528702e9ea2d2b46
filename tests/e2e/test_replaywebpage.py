"""A WACZ from ``newsarchiver wacz`` replays in ReplayWeb.page, in a real headless chromium.

Three real crawls of the unchanged demo site into one archive: a first full crawl, a second with
re-crawl checks off (every article and image fetched again: identical-payload *revisit*
records) and a third with conditional re-checks (recent articles answer 304: *server-not-
modified* revisits). The WACZ, ReplayWeb.page's ``ui.js``/``sw.js`` (npm package
``replaywebpage``, installed by scripts/browser-env.sh) and a one-line embedding page are
served from a loopback server; ``<replay-web-page>`` must show the article's headline and every
one of its images for the original capture, the revisit, the 304's time and "latest".
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from warcio.archiveiterator import ArchiveIterator

from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.archive.index.test_cdxj import archive_cli
from tests.browser import ARTIFACTS, StaticServer, chromium, require_chromium, require_npm_package
from tests.crawler.middlewares.test_incremental import crawl

#: The page that hosts the viewer: the capture to show comes from its query string.
EMBED_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="ui.js"></script></head>
<body style="margin:0"><script>
const q = new URLSearchParams(location.search);
const viewer = document.createElement("replay-web-page");
viewer.setAttribute("source", "archive.wacz");
viewer.setAttribute("url", q.get("url"));
viewer.setAttribute("ts", q.get("ts") || "");
viewer.setAttribute("embed", "replayonly");
viewer.setAttribute("replayBase", "replay/");
viewer.style.cssText = "display:block;width:100vw;height:100vh";
document.body.appendChild(viewer);
</script></body></html>
"""
#: What the service worker serves for replay/ once it runs. The same file on disk answers the
#: frame's first load when the worker already controls it but has not set up its own copy yet
#: (a start-up race): without the app tag the viewer stays blank.
REPLAY_INDEX = """<!doctype html>
<html><head><script src="./ui.js"></script></head>
<body><replay-app-main></replay-app-main></body></html>
"""
#: Name wabac.js gives the frame that holds the archived page.
TIMEOUT = 60_000
REPLAY_FRAME = "___wb_replay_top_frame"
ALL_IMAGES_LOADED = """() => document.images.length > 0
    && Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)"""


@dataclass
class WarcCapture:
    kind: str  # "response", "identical-payload-digest", "server-not-modified"
    ts: str  # 14-digit WARC-Date


@dataclass
class ReplayArchive:
    site: Path  # the folder the loopback server serves
    url: str  # an article with all three kinds of capture
    headline: str
    images: list[str]
    captures: list[WarcCapture]


def _ts(warc_date: str) -> str:
    return re.sub(r"\D", "", warc_date)[:14]


def _captures(warc_dir: Path) -> dict[str, list[WarcCapture]]:
    out: dict[str, list[WarcCapture]] = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type not in ("response", "revisit"):
                    continue
                profile = rec.rec_headers.get_header("WARC-Profile") or "response"
                kind = profile.rsplit("/", 1)[-1]
                url = rec.rec_headers.get_header("WARC-Target-URI")
                ts = _ts(rec.rec_headers.get_header("WARC-Date"))
                out.setdefault(url, []).append(WarcCapture(kind, ts))
    return out


@pytest.fixture(scope="module")
def replay_archive(tmp_path_factory: pytest.TempPathFactory) -> ReplayArchive:
    require_chromium()
    rwp = require_npm_package("replaywebpage")
    base = tmp_path_factory.mktemp("replaywebpage")
    archive = base / "archive"
    conditional = {
        "NEWSARCHIVER_RECRAWL_WINDOW_DAYS": 2.0,
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
        "NEWSARCHIVER_RECRAWL_NOW": DemoSite().site_time().isoformat(),
    }
    with DemoSiteServer(DemoSite(), port=0) as server:
        crawl(archive, server.proxy_url, **conditional)
        crawl(archive, server.proxy_url, NEWSARCHIVER_RECRAWL_ENABLED=False)
        third = crawl(archive, server.proxy_url, **conditional)
    assert third["newsarchiver/not_modified"] >= 20

    site = base / "site"
    (site / "replay").mkdir(parents=True)
    proc = archive_cli("wacz", "--archive", str(archive), "--out", str(site / "archive.wacz"))
    assert proc.returncode == 0, proc.stderr
    for name in ("ui.js", "sw.js"):
        shutil.copy(rwp / name, site / name)
        shutil.copy(rwp / name, site / "replay" / name)
    (site / "index.html").write_text(EMBED_PAGE, encoding="utf-8")
    (site / "replay" / "index.html").write_text(REPLAY_INDEX, encoding="utf-8")

    first_items = sorted((archive / "items").glob("*.jsonl"))[0]
    items = [json.loads(line) for line in first_items.read_text(encoding="utf-8").splitlines()]
    captures = _captures(archive / "warc")
    wanted = ["response", "identical-payload-digest", "server-not-modified"]
    for item in items:
        kinds = [c.kind for c in captures.get(item["url"], [])]
        if kinds == wanted and item["images"]:
            return ReplayArchive(
                site=site,
                url=item["url"],
                headline=item["headline"],
                images=[img["url"] for img in item["images"]],
                captures=captures[item["url"]],
            )
    pytest.fail("no article with a response, a revisit and a 304 in the three crawls")


@pytest.fixture(scope="module")
def browser(replay_archive: ReplayArchive):
    with chromium() as browser:
        yield browser


def replay(browser, base_url: str, url: str, ts: str, shot: Path) -> tuple[str, str, list[str]]:
    """Open one capture; returns (headline, served capture's timestamp, image URLs)."""
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/index.html?" + urlencode({"url": url, "ts": ts}))
        # The viewer registers its service worker and reloads its frame once, then the
        # archived page loads in wabac.js's replay frame (inside two shadow roots).
        frame_el = page.frame_locator("replay-web-page iframe").locator(
            f"iframe[name='{REPLAY_FRAME}']"
        )
        frame_el.wait_for(state="attached", timeout=TIMEOUT)
        frame = frame_el.element_handle().content_frame()
        frame.locator("h1").first.wait_for(timeout=TIMEOUT)
        frame.wait_for_function(ALL_IMAGES_LOADED, timeout=TIMEOUT)
        headline = frame.locator("h1").first.inner_text()
        images = frame.evaluate("() => Array.from(document.images).map(img => img.src)")
        served = re.search(r"/(\d{14})mp_/", frame.url)
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        return headline, served.group(1) if served else "", images
    finally:
        context.close()


@pytest.mark.parametrize(
    ("case", "served_kind"),
    [
        ("response", "response"),
        ("identical-payload-digest", "identical-payload-digest"),
        # the 304 is not in the WACZ index: the closest full capture (the revisit) is served
        ("server-not-modified", "identical-payload-digest"),
        ("latest", "identical-payload-digest"),
    ],
)
def test_replaywebpage_shows_the_article_and_its_images(
    replay_archive: ReplayArchive, browser, case: str, served_kind: str, tmp_path: Path
) -> None:
    by_kind = {c.kind: c.ts for c in replay_archive.captures}
    ts = "" if case == "latest" else by_kind[case]
    shot = ARTIFACTS / f"replaywebpage-{case}.png"
    with StaticServer(replay_archive.site) as server:
        headline, served_ts, images = replay(browser, server.base_url, replay_archive.url, ts, shot)
    assert headline == replay_archive.headline
    assert images == replay_archive.images  # every image rendered (naturalWidth > 0)
    assert served_ts == by_kind[served_kind], (case, replay_archive.captures)
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, tmp_path / shot.name)
