"""A sitemap index of 30 monthly child sitemaps: what a first and a later crawl read.

A first crawl reads every child inside the seed's window (default: all), newest first; a
later crawl reads only the children changed since the last complete crawl started; a
crawl that did not complete does not count. Each child not read is counted in the summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import logged_items, newsarchiver
from tests.crawler.discovery.loopback import RecordingServer

MONTHS = 30
SEED = """
name = "archivo"
timezone = "Europe/Madrid"
language = "es"
allowed_domains = ["127.0.0.1"]

[[sections]]
name = "Noticias"
url = "{url}/noticias/"
{tables}
"""


class MonthlySitemaps(RecordingServer):
    """Child ``k`` (0 = newest) has lastmod ``k * 30`` days ago and lists one story."""

    def __init__(self) -> None:
        super().__init__(self.route)
        self.today = datetime.now(UTC).date()
        self.extra: list[str] = []  # stories added to the newest child after a first crawl
        self.broken: set[str] = set()  # paths answered 500

    def lastmod(self, k: int) -> str:
        return (self.today - timedelta(days=30 * k)).isoformat()

    def stories(self, k: int) -> list[str]:
        return [f"/noticias/mes-{k}.html", *(self.extra if k == 0 else [])]

    def route(self, path: str) -> tuple[int, str, bytes]:
        html, xml = "text/html; charset=utf-8", "application/xml"
        if path == "/robots.txt":
            return 200, "text/plain", f"Sitemap: {self.url}/sitemap-index.xml\n".encode()
        if path == "/sitemap-index.xml":
            children = "".join(
                f"<sitemap><loc>{self.url}/sitemaps/mes-{k}.xml</loc>"
                f"<lastmod>{self.lastmod(k)}</lastmod></sitemap>"
                for k in range(MONTHS)
            )
            body = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
            return 200, xml, body.encode()
        if path.startswith("/sitemaps/mes-"):
            k = int(path.removeprefix("/sitemaps/mes-").removesuffix(".xml"))
            urls = "".join(f"<url><loc>{self.url}{p}</loc></url>" for p in self.stories(k))
            body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return 200, xml, body.encode()
        if path in self.broken:
            return 500, html, b"<html><body>error</body></html>"
        if path == "/noticias/":
            return 200, html, b"<html><body><h1>Noticias</h1><p>Portada.</p></body></html>"
        if path.startswith("/noticias/mes-") or path in self.extra:
            title = path.rsplit("/", 1)[1].removesuffix(".html")
            body = (
                f"<html><head><title>{title}</title></head><body><article><h1>Historia {title}</h1>"
                f"<p>El ayuntamiento aprobó ayer el presupuesto {title} tras un largo debate "
                "entre los grupos municipales, que discutieron cada partida del gasto.</p>"
                "<p>La oposición votó en contra y anunció que presentará alegaciones en las "
                "próximas semanas, mientras el gobierno local defendió las cuentas.</p>"
                "</article></body></html>"
            )
            return 200, html, body.encode()
        return 404, html, b"<html><body>no</body></html>"

    def children_read(self) -> set[int]:
        return {
            int(p.removeprefix("/sitemaps/mes-").removesuffix(".xml"))
            for p in self.hits
            if p.startswith("/sitemaps/mes-")
        }


@pytest.fixture()
def site() -> Iterator[MonthlySitemaps]:
    with MonthlySitemaps() as server:
        yield server


def crawl(site: MonthlySitemaps, tmp_path: Path, tables: str = "") -> tuple:
    seed = tmp_path / "archivo.toml"
    seed.write_text(SEED.format(url=site.url, tables=tables), encoding="utf-8")
    archive = tmp_path / "archive"
    site.hits.clear()
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    paths = [row["url"].removeprefix(site.url) for row in logged_items(archive)]
    return proc, paths


def test_a_first_crawl_reads_every_child_sitemap(site: MonthlySitemaps, tmp_path: Path) -> None:
    proc, paths = crawl(site, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert site.children_read() == set(range(MONTHS))
    assert sorted(paths) == sorted(f"/noticias/mes-{k}.html" for k in range(MONTHS))
    assert "not read" not in proc.stderr + proc.stdout


def test_the_seeds_window_bounds_a_first_crawl_and_the_cut_is_counted(
    site: MonthlySitemaps, tmp_path: Path
) -> None:
    proc, paths = crawl(site, tmp_path, '[links]\nsitemap_window = "200d"')
    assert proc.returncode == 0, proc.stderr[-3000:]
    inside = set(range(7))  # 0, 30, ..., 180 days old
    assert site.children_read() == inside
    assert sorted(paths) == sorted(f"/noticias/mes-{k}.html" for k in inside)
    assert "child sitemaps not read: 23 outside the window" in proc.stdout
    (log,) = (tmp_path / "archive" / "logs").glob("*.log")
    assert "23 child sitemaps older than the window not read" in log.read_text()


def test_a_budget_cut_is_counted(site: MonthlySitemaps, tmp_path: Path) -> None:
    proc, paths = crawl(site, tmp_path, "[links]\nmax_sitemaps = 4")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert site.children_read() == {0, 1, 2, 3}  # newest first
    assert len(paths) == 4
    assert "child sitemaps not read: 26 over the cap" in proc.stdout


def test_a_later_crawl_reads_only_children_changed_since_the_last_complete_crawl(
    site: MonthlySitemaps, tmp_path: Path
) -> None:
    site.broken.add("/noticias/mes-5.html")  # this crawl is partial: it does not count
    proc, _ = crawl(site, tmp_path)
    assert proc.returncode == 1, proc.stderr[-3000:]

    site.broken.clear()
    proc, paths = crawl(site, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert site.children_read() == set(range(MONTHS))  # the partial crawl did not count
    assert paths.count("/noticias/mes-5.html") == 1

    site.extra.append("/noticias/nueva.html")  # a new story in the newest child
    proc, paths = crawl(site, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert site.children_read() == {0}  # lastmod today; the others predate the last crawl
    assert "/noticias/nueva.html" in site.hits
    assert paths.count("/noticias/nueva.html") == 1
    assert f"child sitemaps not read: {MONTHS - 1} unchanged since the last complete crawl" in (
        proc.stdout
    )
