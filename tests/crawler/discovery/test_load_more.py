"""Older stories reachable only through a section's "load more" button, crawled end to end.

A Spanish outlet on loopback, five-field seed. ``/deportes/`` has a button whose
``data-url`` names an endpoint answering HTML fragments (the fragment's own button, a bare
``data-page``, leads on); ``/economia/`` builds its endpoint in an inline script and the
endpoint answers JSON of two different shapes, the first naming its next page. A share
button's ``data-url`` (an article) is no endpoint. No story is in a feed or sitemap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import logged_items, newsarchiver
from tests.crawler.discovery.loopback import RecordingServer

SEED = """
name = "diario"
timezone = "Europe/Madrid"
language = "es"
allowed_domains = ["127.0.0.1"]

[[sections]]
name = "Deportes"
url = "{url}/deportes/"

[[sections]]
name = "Economía"
url = "{url}/economia/"
{tables}
"""


def story(section: str, n: int) -> str:
    return f"/{section}/2026/11/{n:02d}/historia-{section}-{n}.html"


DEPORTES = [story("deportes", n) for n in range(1, 6)]
ECONOMIA = [story("economia", n) for n in range(1, 6)]
ENDPOINTS = ("/ajax/deportes?page=2", "/ajax/deportes?page=3")
SHARED = story("deportes", 9)  # a share button's article, listed nowhere
JSON_ENDPOINTS = ("/api/economia.json?page=2", "/api/economia.json?page=3")


class LoadMoreOutlet(RecordingServer):
    def __init__(self) -> None:
        super().__init__(self.route)

    def route(self, path: str) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        pages = {
            "/deportes/": self.deportes,
            "/ajax/deportes?page=2": lambda: self.fragment(DEPORTES[2:4], '<button data-page="3">'),
            "/ajax/deportes?page=3": lambda: self.fragment(DEPORTES[4:], ""),
            "/economia/": self.economia,
        }
        if path in pages:
            return 200, html, pages[path]().encode()
        if path == "/api/economia.json?page=2":
            items = [
                {"id": n, "url": ECONOMIA[n - 1], "title": f"Titular economía {n}",
                 "date": f"2026-11-{n:02d}T09:00:00+01:00", "image": "/img/e.jpg"}
                for n in (3, 4)
            ]  # fmt: skip
            doc = {"items": items, "next": "/api/economia.json?page=3", "has_more": True}
            return 200, "application/json", json.dumps(doc).encode()
        if path == "/api/economia.json?page=3":
            post = {"link": self.url + ECONOMIA[4], "headline": "Titular economía 5"}
            doc = {"data": {"posts": [post]}, "hasMore": False}
            return 200, "application/json", json.dumps(doc).encode()
        if path in DEPORTES or path in ECONOMIA:
            return 200, html, self.article(path).encode()
        return 404, html, b"<html><body><h1>No encontrado</h1></body></html>"

    @staticmethod
    def _teasers(paths: list[str]) -> str:
        return "".join(f'<li><a href="{p}">Titular {p.rsplit("-", 1)[1]}</a></li>' for p in paths)

    def deportes(self) -> str:
        share = f'<button class="share" data-url="{self.url}{SHARED}">Compartir</button>'
        more = '<button class="btn-mas" data-url="/ajax/deportes" data-page="2">Ver más</button>'
        return (
            "<html><head><title>Deportes</title></head><body><h1>Deportes</h1>"
            f"<ul id='lista'>{self._teasers(DEPORTES[:2])}</ul>{share}{more}</body></html>"
        )

    def fragment(self, paths: list[str], button: str) -> str:
        return f"<ul>{self._teasers(paths)}</ul>{button + 'Ver más</button>' if button else ''}"

    def economia(self) -> str:
        script = (
            "<script>var pagina = 1; document.querySelector('.mas').onclick = function () {"
            ' pagina += 1; fetch("/api/economia.json?page=" + pagina).then(function (r) {'
            " return r.json(); }).then(pintar); };</script>"
        )
        return (
            "<html><head><title>Economía</title></head><body><h1>Economía</h1>"
            f"<ul>{self._teasers(ECONOMIA[:2])}</ul><span class='mas'>Más</span>{script}"
            "</body></html>"
        )

    @staticmethod
    def article(path: str) -> str:
        name = path.rsplit("/", 1)[1].removesuffix(".html")
        return (
            f"<html><head><title>{name}</title></head><body><article><h1>Noticia {name}</h1>"
            f"<p>El equipo local ganó ayer el partido {name} tras un largo encuentro ante "
            "un estadio lleno, que celebró cada gol hasta el pitido final del árbitro.</p>"
            "<p>El entrenador destacó el trabajo del grupo y anunció cambios para la "
            "próxima jornada, mientras la afición pedía más minutos para los jóvenes.</p>"
            "</article></body></html>"
        )


@pytest.fixture()
def site() -> Iterator[LoadMoreOutlet]:
    with LoadMoreOutlet() as server:
        yield server


def crawl(site: LoadMoreOutlet, tmp_path: Path, tables: str = "") -> tuple:
    seed = tmp_path / "diario.toml"
    seed.write_text(SEED.format(url=site.url, tables=tables), encoding="utf-8")
    archive = tmp_path / "archive"
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    items = {row["url"].removeprefix(site.url): row for row in logged_items(archive)}
    return proc, items, archive


def archived(archive: Path, site: LoadMoreOutlet) -> dict[str, str]:
    """Path -> Content-Type of every response record in the archive's WARC files."""
    out = {}
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    out[url.removeprefix(site.url)] = rec.http_headers.get_header("Content-Type")
    return out


def test_stories_behind_load_more_buttons_and_scripts_are_archived(
    site: LoadMoreOutlet, tmp_path: Path
) -> None:
    proc, items, archive = crawl(site, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(items) == sorted(DEPORTES + ECONOMIA)
    for path in (*ENDPOINTS, *JSON_ENDPOINTS):
        assert site.hits.count(path) == 1, (path, site.hits)
    assert SHARED not in site.hits  # a share button is no load-more endpoint
    # a story from a JSON answer keeps its title and the date listed beside it
    assert items[ECONOMIA[2]]["discovery"]["via"] == "section"
    assert items[ECONOMIA[2]]["discovery"]["from_url"] == site.url + JSON_ENDPOINTS[0]
    records = archived(archive, site)
    for path in JSON_ENDPOINTS:
        assert records[path] == "application/json"
    for path in ENDPOINTS:
        assert records[path].startswith("text/html")
    assert "load-more   4 pages" in proc.stdout + proc.stderr


def test_load_more_pages_count_against_the_section_page_cap(
    site: LoadMoreOutlet, tmp_path: Path
) -> None:
    proc, items, _ = crawl(site, tmp_path, "[links]\nmax_section_pages = 2\n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(items) == sorted(DEPORTES[:4] + ECONOMIA[:4])
    assert ENDPOINTS[1] not in site.hits and JSON_ENDPOINTS[1] not in site.hits
    out = proc.stdout + proc.stderr
    assert "stopped at its page cap (2 pages" in out
    assert f"not crawled: {site.url}{ENDPOINTS[1]}" in out
