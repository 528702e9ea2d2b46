"""Real pywb replays every archived article of a demo crawl byte-for-byte (id_ mode).

pywb lives in its own virtualenv (``scripts/pywb-env.sh`` makes ``.venv-pywb/``). Without it
the test is skipped on a developer machine, but fails in CI (env var ``CI`` set), where
``make test`` creates it first.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import zlib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.index.cdxj import update_index
from archive.warc.writer import WarcFileWriter
from crawler.replay import (
    PywbServer,
    find_pywb,
    free_port,
    warc_timestamp,
    write_pywb_config,
)
from demosite.content import DemoSite
from tests.archive.index.test_cdxj import cli_argv
from tests.conftest import ROOT, DemoCrawl


def require_pywb() -> Path:
    """pywb's bin/ folder; skip only outside CI when it is missing."""
    pywb = find_pywb()
    if pywb is None:
        if os.environ.get("CI"):
            pytest.fail("pywb missing in CI: scripts/pywb-env.sh must run before the tests")
        pytest.skip("pywb not installed: run scripts/pywb-env.sh")
    return pywb


def decoded(body: bytes, encoding: str | None) -> bytes:
    enc = (encoding or "").lower()
    if "gzip" in enc:
        return gzip.decompress(body)
    if "deflate" in enc:
        return zlib.decompress(body)
    return body


def fetch(url: str) -> tuple[int, bytes, str | None]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read(), resp.headers.get("Content-Encoding")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), None


def served_body(site: DemoSite, url: str) -> bytes:
    """What the demo site serves for ``url``, without content coding."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    resp = site.get(path, {"Accept-Encoding": "identity"})
    assert resp.status == 200, url
    return resp.body


def read_items(archive: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((archive / "items").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def replay_server(archive: Path, work: Path, pywb: Path) -> PywbServer:
    """pywb over ``archive`` with its index and config in ``work`` (the archive stays as is)."""
    update = update_index(archive / "warc", work / "indexes")
    assert update.new_files and update.total_lines > 0
    write_pywb_config(work / "replay", warc_dir=archive / "warc", index_path=update.index)
    return PywbServer(work / "replay", pywb_bin=pywb)


def test_pywb_env_script_is_idempotent_and_fast() -> None:
    """The second run of scripts/pywb-env.sh (as `make test` does) only checks and exits."""
    require_pywb()
    if find_pywb() != ROOT / ".venv-pywb" / "bin":
        pytest.skip("pywb comes from NEWSARCHIVER_PYWB_BIN, not .venv-pywb")
    proc = subprocess.run(
        ["sh", str(ROOT / "scripts" / "pywb-env.sh")], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    assert "installed" not in proc.stderr  # nothing was (re)installed


def test_every_article_replays_with_the_served_body(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    pywb = require_pywb()
    assert demo_crawl.proc.returncode == 0, demo_crawl.proc.stderr[-2000:]
    items = read_items(demo_crawl.archive)
    assert len(items) >= 220
    site = DemoSite()
    revisits = 0
    with replay_server(demo_crawl.archive, tmp_path, pywb) as server:
        for item in items:
            ptr = item["warc"]
            revisits += "revisit_of" in ptr
            status, body, encoding = fetch(server.url(item["url"], warc_timestamp(ptr["date"])))
            assert status == 200, item["url"]
            assert decoded(body, encoding) == served_body(site, item["url"]), item["url"]
        # a URL that was never archived is not invented
        status, _, _ = fetch(server.url("http://news.demo.test/nie-archiviert.html", "2026"))
        assert status == 404
    print(f"\nreplayed {len(items)} article captures ({revisits} of them revisit records)")


def test_replay_command_serves_the_archive(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    """`newsarchiver replay` indexes the archive, writes the pywb config and serves it."""
    require_pywb()
    archive = tmp_path / "archive"
    shutil.copytree(demo_crawl.archive / "warc", archive / "warc")
    item = read_items(demo_crawl.archive)[0]
    port = free_port()
    proc = subprocess.Popen(
        [*cli_argv("replay"), "replay", "--archive", str(archive), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = (
            f"http://127.0.0.1:{port}/archive/{warc_timestamp(item['warc']['date'])}id_/"
            + item["url"]
        )
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            try:
                status, body, encoding = fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "replay did not come up"
                time.sleep(0.2)
        assert status == 200
        assert decoded(body, encoding) == served_body(DemoSite(), item["url"])
        config = (archive / "replay" / "config.yaml").read_text()
        assert str((archive / "warc").resolve()) in config
        assert (archive / "indexes" / "index.cdxj").stat().st_size > 0
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    # exec'd into pywb: terminating the command stopped the server too
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_not_modified_capture_does_not_hide_the_page(tmp_path: Path) -> None:
    """A later 304 (incremental re-crawl) stays in the WARC, but replay shows the 200 body."""
    pywb = require_pywb()
    common = {
        "url": "http://x.test/a.html",
        "method": "GET",
        "request_headers": [("If-None-Match", '"1"')],
        "request_body": b"",
        "protocol": "HTTP/1.1",
        "ip_address": None,
    }
    archive = tmp_path / "archive"
    with WarcFileWriter(archive / "warc", host_tag="h") as writer:
        writer.write_exchange(
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "text/html"), ("ETag", '"1"')],
            body=b"<html>hello</html>",
            fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
            **common,
        )
        writer.write_exchange(
            status=304,
            reason="Not Modified",
            response_headers=[("ETag", '"1"')],
            body=b"",
            fetched_at=datetime(2026, 2, 1, tzinfo=UTC),
            **common,
        )
    with replay_server(archive, tmp_path, pywb) as server:
        for ts in ("", "20260201000000", "20260101000000"):  # latest, the 304's time, the 200's
            status, body, encoding = fetch(server.url("http://x.test/a.html", ts))
            assert (status, decoded(body, encoding)) == (200, b"<html>hello</html>"), ts


def test_requisites_fetched_without_their_session_ids_in_replay(tmp_path: Path) -> None:
    """Page requisites are fetched, and archived, under the URL without its session id (one
    fetch per image, whatever id each page gives it); the article page keeps referencing
    the URL with the id. pywb's fuzzy lookup finds a capture whose query differed only by
    ``?sid=`` / ``PHPSESSID=``, not one whose ``;jsessionid=`` path parameter was stripped
    (a documented limitation: the WARC holds no fetch of that URL, so none is invented)."""
    from tests.faults.conftest import SITE, crawl, write_seed
    from tests.faults.server import FaultServer, article, section

    pywb = require_pywb()
    sid = "0123456789ABCDEF0123456789ABCDEF"
    gif = bytes.fromhex("47494638396101000100800000000000ffffff21f9040100000000")
    figures = "".join(
        f'<figure><img src="{src}"><figcaption>Photo {n} of the story</figcaption></figure>'
        for n, src in enumerate(
            (f"/img/a.jpg;jsessionid={sid}", "/img/b.jpg?sid=abc123&w=2", "/img/c.jpg?PHPSESSID=9")
        )
    )
    with FaultServer() as site:
        site.page("/", "<html></html>")
        site.page("/sec/", section([f"http://{SITE}/news/a.html"]))
        site.page("/news/a.html", article("A", extra=figures))
        for name in ("a", "b", "c"):
            site.route(f"/img/{name}.jpg", lambda hit: (200, [("Content-Type", "image/gif")], gif))
        result = crawl(write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=site.proxy_url),
                       tmp_path / "archive")  # fmt: skip
        fetched = sorted(h.url for h in site.hits if h.path.startswith("/img/"))
    assert result.proc.returncode == 0, result.proc.stderr
    base = f"http://{SITE}/img"
    assert fetched == [f"{base}/a.jpg", f"{base}/b.jpg?w=2", f"{base}/c.jpg"]
    [item] = result.items()
    page_refs = [i["url"] for i in item["images"]]  # as the page gives them
    assert page_refs == [f"{base}/a.jpg;jsessionid={sid}", f"{base}/b.jpg?sid=abc123&w=2",
                         f"{base}/c.jpg?PHPSESSID=9"]  # fmt: skip
    when = warc_timestamp(item["warc"]["date"])
    with replay_server(tmp_path / "archive", tmp_path, pywb) as server:
        # the captures, under the URLs fetched
        for url in fetched:
            assert fetch(server.url(url, when, "im_"))[:2] == (200, gif), url
        # the page's own references: session ids in the query are found, not in the path
        found = {url: fetch(server.url(url, when, "im_"))[0] for url in page_refs}
    assert found == {page_refs[0]: 404, page_refs[1]: 200, page_refs[2]: 200}
